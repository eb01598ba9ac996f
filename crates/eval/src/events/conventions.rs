//! The event-type conventions of the gold sets that differ from Khabar's.
//!
//! Khabar types events by its annotation guidelines (PLOVER 2021 with CAMEO codes: accusations
//! are ACCUSE, appeals REQUEST, all armed attacks ASSAULT). The PLOVER gold standard records
//! were coded in an earlier PLOVER ontology, whose types are those of the file: it has no
//! ACCUSE or REQUEST, puts conventional military force (CAMEO 19) under FIGHT and
//! investigations (CAMEO 09) under INVESTIGATE. Scoring against that gold reads each
//! prediction in its convention, as the entity scorer reads NORP in each gold set's.

/// The PLOVER gold standard's type of a predicted event of type `event_type` and CAMEO `cameo`.
pub(super) fn plover_gsr_type<'a>(event_type: &'a str, cameo: &str) -> &'a str {
    match event_type {
        "ACCUSE" if cameo.starts_with("09") => "INVESTIGATE",
        "ACCUSE" => "DISAPPROVE",
        "REQUEST" => "DEMAND",
        "ASSAULT" if cameo.starts_with("19") => "FIGHT",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::plover_gsr_type;

    #[test]
    fn older_plover_types_are_read_from_the_cameo_code() {
        assert_eq!(plover_gsr_type("ASSAULT", "193"), "FIGHT");
        assert_eq!(plover_gsr_type("ASSAULT", "1831"), "ASSAULT");
        assert_eq!(plover_gsr_type("ACCUSE", "090"), "INVESTIGATE");
        assert_eq!(plover_gsr_type("ACCUSE", "112"), "DISAPPROVE");
        assert_eq!(plover_gsr_type("REQUEST", "020"), "DEMAND");
        assert_eq!(plover_gsr_type("CONSULT", "042"), "CONSULT");
    }
}

//! Actor codes of the event-coding dictionaries (`actors.tsv`, built by
//! `scripts/gazetteers/actor_codes.py`; looked up in its image, [`super::code_image`]): names
//! and agent nouns with their country and sector, some valid for a time only (an office),
//! resolved at the article's publication date.

use chrono::{Datelike, NaiveDate};

use super::{error, EventsError};

/// Whether a dictionary row names an actor or is an agent noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A named actor (a person, an organization): «سيرغي شويغو», "Taliban".
    Actor,
    /// A common noun giving a sector: "police", «الشرطة».
    Agent,
}

/// One dictionary code of a surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorCode {
    /// Actor or agent.
    pub kind: CodeKind,
    /// ISO3 country code; none for transnational bodies and agents.
    pub country: Option<String>,
    /// CAMEO sector code.
    pub sector: Option<String>,
    /// First day of validity (none: always valid before `to`).
    pub from: Option<NaiveDate>,
    /// Last day of validity (none: still valid).
    pub to: Option<NaiveDate>,
}

impl ActorCode {
    fn dated(&self) -> bool {
        self.from.is_some() || self.to.is_some()
    }

    fn valid_at(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }

    /// Days between `date` and the code's validity (0 when valid).
    fn distance(&self, date: NaiveDate) -> i64 {
        let before = self.from.map_or(0, |f| (f - date).num_days());
        let after = self.to.map_or(0, |t| (date - t).num_days());
        before.max(after).max(0)
    }
}

/// The code of a surface at `date`: a dated code valid then (the latest starting), else an
/// undated one, else the dated code closest in time. Without a date: the newest code still
/// valid (no end), else the one that ended last. Ties go to the first in file order.
pub fn resolve(codes: &[ActorCode], date: Option<NaiveDate>) -> Option<&ActorCode> {
    // `max_by_key` keeps the last of equal keys: reversed, the first in file order wins.
    codes.iter().rev().max_by_key(|c| rank(c, date))
}

/// How well a code fits `date` (see [`resolve`]); greater is better.
fn rank(code: &ActorCode, date: Option<NaiveDate>) -> (u8, i64) {
    let day = |d: Option<NaiveDate>| d.map_or(i64::MIN, |d| i64::from(d.num_days_from_ce()));
    match date {
        Some(date) if code.valid_at(date) && code.dated() => (3, day(code.from)),
        Some(date) if code.valid_at(date) => (2, 0),
        Some(date) => (1, -code.distance(date)),
        None if code.to.is_none() => (1, day(code.from)),
        None => (0, day(code.to)),
    }
}

/// An ISO date (`YYYY-MM-DD`) of the file; empty is none. Read by hand: chrono's format
/// parser took a sixth of the lexicons' load time for these 50,000 rows.
pub(super) fn parse_date(
    name: &str,
    line: usize,
    value: &str,
) -> Result<Option<NaiveDate>, EventsError> {
    if value.is_empty() {
        return Ok(None);
    }
    let mut parts = value.splitn(3, '-').map(str::parse::<u32>);
    let date = match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) if value.len() == 10 => i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d)),
        _ => None,
    };
    date.map(Some)
        .ok_or_else(|| error(name, line, format!("invalid date '{value}'")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(sector: &str, from: Option<&str>, to: Option<&str>) -> ActorCode {
        let date = |d: Option<&str>| d.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        ActorCode {
            kind: CodeKind::Actor,
            country: Some("USA".to_string()),
            sector: Some(sector.to_string()),
            from: date(from),
            to: date(to),
        }
    }

    fn at(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn dated_codes_resolve_at_the_date() {
        // Bill Clinton in Phoenix: ELI until his presidency, GOV during it, ELI undated.
        let codes = [
            code("ELI", None, None),
            code("ELI", Some("1964-01-01"), Some("1993-01-20")),
            code("GOV", Some("1993-01-20"), Some("2001-01-20")),
        ];
        let sector = |d| resolve(&codes, d).and_then(|c| c.sector.as_deref());
        assert_eq!(sector(at(1998, 5, 1)), Some("GOV"));
        assert_eq!(sector(at(1990, 5, 1)), Some("ELI"));
        assert_eq!(sector(at(2005, 5, 1)), Some("ELI"));
        assert_eq!(sector(None), Some("ELI"));
    }

    #[test]
    fn without_a_valid_code_the_closest_in_time_wins() {
        let codes = [
            code("ELI", Some("1978-01-01"), Some("2000-01-01")),
            code("GOV", Some("2009-01-20"), None),
        ];
        let sector = |d| resolve(&codes, d).and_then(|c| c.sector.as_deref());
        assert_eq!(sector(at(2001, 1, 1)), Some("ELI"));
        assert_eq!(sector(at(2008, 1, 1)), Some("GOV"));
        assert_eq!(sector(None), Some("GOV"));
    }
}

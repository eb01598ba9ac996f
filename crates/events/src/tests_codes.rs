//! Actor codes from the event-coding dictionaries (`lexicons/actors.tsv`) on whole texts:
//! named actors, dated codes resolved at the publication date, agent nouns.

use khabar_ner::EntityType;

use crate::tests::{arg, run};

/// The source text, country and sector of the first event of a text.
fn first_source(
    text: &str,
    entities: &[(&str, EntityType)],
    published: &str,
) -> (Option<String>, Option<String>, Option<String>) {
    let (events, mentions) = run(text, entities, published);
    let source = events.first().and_then(|e| e.source.clone());
    (
        arg(text, &mentions, source.as_ref().map(|a| a.mention)).map(str::to_string),
        source.as_ref().and_then(|a| a.country.clone()),
        source.and_then(|a| a.sector),
    )
}

fn some(value: &str) -> Option<String> {
    Some(value.to_string())
}

#[test]
fn a_dictionary_person_gets_the_code_of_his_office_then() {
    let text = "Ashton Carter visited Baghdad on Monday.";
    let entities = [
        ("Ashton Carter", EntityType::Per),
        ("Baghdad", EntityType::Loc),
        ("Monday", EntityType::Date),
    ];
    // Phoenix: [USAGOVMIL 20111006-20131203], [USAGOVMIL >20150217].
    assert_eq!(
        first_source(text, &entities, "2015-06-01"),
        (some("Ashton Carter"), some("USA"), some("GOV"))
    );
}

#[test]
fn dated_codes_change_at_the_end_of_an_office() {
    let text = "Bill Clinton visited Baghdad on Monday.";
    let entities = [
        ("Bill Clinton", EntityType::Per),
        ("Baghdad", EntityType::Loc),
        ("Monday", EntityType::Date),
    ];
    // Phoenix: [USAELI 640101-930120], [USAGOV 930120-010120], [USAELI].
    let code = |published| {
        let (_, country, sector) = first_source(text, &entities, published);
        (country, sector)
    };
    assert_eq!(code("1998-03-02"), (some("USA"), some("GOV")));
    assert_eq!(code("2005-03-02"), (some("USA"), some("ELI")));
}

#[test]
fn an_arabic_dictionary_actor_gets_its_code_at_the_date() {
    let text = "زار نوري المالكي طهران يوم الاثنين.";
    let entities = [
        ("نوري المالكي", EntityType::Per),
        ("طهران", EntityType::Loc),
        ("يوم الاثنين", EntityType::Date),
    ];
    // UniversalPetrarch: «نوري_المالكي_» [IRQGOV 20101221-20140908], [IRQELI 20140908-…].
    let code = |published| {
        let (_, country, sector) = first_source(text, &entities, published);
        (country, sector)
    };
    assert_eq!(code("2012-05-07"), (some("IRQ"), some("GOV")));
    assert_eq!(code("2015-05-04"), (some("IRQ"), some("ELI")));
}

#[test]
fn an_agent_noun_after_a_nationality_gives_the_sector() {
    let text = "German police arrested two men in Berlin on Monday.";
    let entities = [
        ("German", EntityType::Norp),
        ("Berlin", EntityType::Loc),
        ("Monday", EntityType::Date),
    ];
    // Phoenix agents: «POLICE [~COP]».
    assert_eq!(
        first_source(text, &entities, "2024-03-04"),
        (some("German"), some("DEU"), some("COP"))
    );
}

#[test]
fn an_agent_noun_after_a_possessive_country_gives_the_sector() {
    let text = "Iraq's government arrested two men in Basra on Monday.";
    let entities = [
        ("Iraq", EntityType::Loc),
        ("Basra", EntityType::Loc),
        ("Monday", EntityType::Date),
    ];
    // Phoenix agents: «GOVERNMENT [~GOV]».
    assert_eq!(
        first_source(text, &entities, "2024-03-04"),
        (some("Iraq"), some("IRQ"), some("GOV"))
    );
}

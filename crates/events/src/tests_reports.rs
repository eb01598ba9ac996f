//! How a happening is told: a verbal noun after a verb of success, an attack that caused
//! casualties, what is only expected or plotted, an event named by its day, blame laid in the
//! passive.

use khabar_ner::EntityType;

use crate::tests::{coded, run, trigger};
use crate::Modality;

#[test]
fn a_verbal_noun_after_a_verb_of_success_reports_what_was_done() {
    let text = "وتمكنت قوات الأمن من القبض على المتهم في منزله. وتحدث الوزير عن القبض على المهربين.";
    let (events, _) = run(text, &[], "2015-07-23");
    assert_eq!(
        coded(text, &events),
        vec![("القبض", "COERCE", "173")],
        "{events:#?}"
    );
}

#[test]
fn an_event_noun_after_the_casualties_it_caused_is_reported() {
    // The second sentence is a control: a definite noun after a toll refers back or sums up.
    let text = "وقتل شخصان وأصيب خمسة آخرون بجروح في هجوم انتحاري. \
                وقتل 30 في المعارك.";
    let (events, _) = run(text, &[], "2015-07-23");
    assert_eq!(
        coded(text, &events),
        vec![("هجوم", "ASSAULT", "190")],
        "{events:#?}"
    );
}

#[test]
fn what_is_expected_has_not_happened() {
    let text = "وتوقع أن يشن تنظيم داعش هجوما على مدينة إيلات.";
    let (events, _) = run(
        text,
        &[("داعش", EntityType::Org), ("إيلات", EntityType::Loc)],
        "2015-07-23",
    );
    let asserted: Vec<&str> = events
        .iter()
        .filter(|e| e.modality == Modality::Asserted)
        .map(|e| trigger(text, e))
        .collect();
    assert!(asserted.is_empty(), "{events:#?}");
    assert!(
        events.iter().any(|e| trigger(text, e) == "هجوما"),
        "{events:#?}"
    );
}

#[test]
fn what_is_plotted_or_planned_has_not_happened() {
    let text = "وأحبطت الشرطة يوم الخميس مخططا لتفجير سيارة مفخخة في بغداد. \
                واتهم خمسة سجناء بالتخطيط لهجمات في دمشق.";
    let (events, _) = run(
        text,
        &[
            ("يوم الخميس", EntityType::Date),
            ("بغداد", EntityType::Loc),
            ("دمشق", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let asserted: Vec<&str> = events
        .iter()
        .filter(|e| e.modality == Modality::Asserted && e.event_type == "ASSAULT")
        .map(|e| trigger(text, e))
        .collect();
    assert!(asserted.is_empty(), "{events:#?}");
}

#[test]
fn an_event_noun_named_by_its_day_or_season_refers_back() {
    // The last sentence is a control: an indefinite attack with its day after it is reported.
    let text = "وصعد مقاتلو طالبان في ولاية هلمند عملياتهم خلال هجوم الصيف. \
                وأثار تفجير الاثنين الماضي في بلدة سروج المخاوف. \
                وشنت طالبان هجوما في ولاية هلمند يوم الأحد.";
    let (events, _) = run(
        text,
        &[
            ("طالبان", EntityType::Org),
            ("هلمند", EntityType::Loc),
            ("الصيف", EntityType::Date),
            ("الاثنين الماضي", EntityType::Date),
            ("سروج", EntityType::Loc),
            ("طالبان", EntityType::Org),
            ("هلمند", EntityType::Loc),
            ("يوم الأحد", EntityType::Date),
        ],
        "2015-07-23",
    );
    let asserted: Vec<&str> = events
        .iter()
        .filter(|e| e.modality == Modality::Asserted)
        .map(|e| trigger(text, e))
        .collect();
    assert_eq!(asserted, vec!["هجوما"], "{events:#?}");
}

#[test]
fn blame_laid_on_an_actor_is_an_accusation_also_in_the_passive() {
    let text = "وألقي باللوم في الهجوم على حركة الشباب. \
                وألقيت المسؤولية عن التفجير على حركة الشباب.";
    let (events, _) = run(
        text,
        &[
            ("حركة الشباب", EntityType::Org),
            ("حركة الشباب", EntityType::Org),
        ],
        "2015-07-23",
    );
    let blame: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.event_type == "ACCUSE")
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect();
    assert_eq!(
        blame,
        vec![("ألقي باللوم", "112"), ("ألقيت المسؤولية", "112")],
        "{events:#?}"
    );
}

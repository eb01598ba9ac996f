//! Classes of constructions on small Arabic and English texts: firing, explosions and killings
//! named with their killer, forces deployed, supply lines cut, protests joined, concern expressed; and
//! what is no single happening: aims, what a demand asks for, repeated or summed happenings.

use khabar_ner::EntityType;

use crate::tests::{cameos, run, trigger, typed};
use crate::Modality;

#[test]
fn firing_is_an_attack_and_a_release_is_not() {
    let text = "وأطلقت القوات النيران على المتظاهرين يوم الخميس. \
                وقتل جندي برصاص قناص أمس. وأطلقت السلطات سراح الصحافي يوم الأربعاء.";
    let (events, _) = run(
        text,
        &[
            ("يوم الخميس", EntityType::Date),
            ("أمس", EntityType::Date),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found = cameos(text, &events);
    assert_eq!(
        found,
        vec![("أطلقت", "193"), ("قتل", "190"), ("أطلقت", "0841")],
        "{events:#?}"
    );
}

#[test]
fn what_explodes_is_fired_falls_or_strikes_from_the_air_is_an_attack_a_situation_is_not() {
    let text = "وانفجرت سيارة مفخخة في سوق شعبية يوم الخميس. وانفجر الوضع في المدينة يوم الخميس. \
                وأطلقت الميليشيات قذائف هاون على الحي يوم الخميس. وسقطت قذائف على المدينة يوم الخميس. \
                وسقط قتلى في المدينة يوم الخميس. وفتحت دبابات النار على السكان يوم الخميس. \
                وأطلقت الحكومة حملة يوم الخميس. وقتل ثلاثة مسلحين في ضربة جوية. \
                وتواصلت الضربات الجوية على المدينة.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    let found = cameos(text, &events);
    assert_eq!(
        found,
        vec![
            ("انفجرت", "183"),
            ("أطلقت", "194"),
            ("سقطت", "194"),
            ("فتحت", "193"),
            ("ضربة جوية", "195"),
        ],
        "{events:#?}"
    );
}

#[test]
fn a_present_under_way_since_a_day_is_a_report_and_forces_deployed_mobilize() {
    let text = "تعتقل الشرطة منذ يوم الجمعة ثلاثة صحافيين. ينتقد الكتاب الحكومة. \
                وانتشرت قوات الأمن في الساحة يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("يوم الجمعة", EntityType::Date),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found: Vec<(&str, &str)> = typed(text, &events);
    assert_eq!(
        found,
        vec![("تعتقل", "COERCE"), ("انتشرت", "MOBILIZE")],
        "{events:#?}"
    );
}

#[test]
fn supply_lines_cut_and_taking_part_in_a_protest_are_events_a_flooded_road_is_not() {
    let text = "وقطعت المقاومة طرق الإمداد على المدينة يوم الخميس. \
                وقطعت السيول الطريق الرئيسي يوم الخميس. وشارك في المظاهرة نواب يوم الخميس.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    let found = cameos(text, &events);
    assert_eq!(found, vec![("قطعت", "191"), ("شارك", "141")], "{events:#?}");
}

#[test]
fn an_aim_or_an_attempt_is_not_a_happening() {
    let text = "واستمر القتال رغم الجهود لإطلاق محادثات مع طالبان في الدوحة. \
                ويسعى القادة للتصدي للتنظيم.";
    let (events, _) = run(
        text,
        &[("طالبان", EntityType::Org), ("الدوحة", EntityType::Loc)],
        "2015-07-23",
    );
    let talks = events.iter().find(|e| trigger(text, e) == "محادثات");
    assert_eq!(
        talks.map(|e| e.modality),
        Some(Modality::Future),
        "{events:#?}"
    );
    assert!(
        events.iter().all(|e| e.modality != Modality::Asserted),
        "{events:#?}"
    );
}

#[test]
fn what_a_demand_asks_for_is_not_a_happening() {
    let text = "وطالب المحامي خالد الخطيب يوم الأربعاء بإطلاق سراح موكله. \
                ودعا المتظاهرون الكونغرس إلى رفض الاتفاق.";
    let (events, _) = run(
        text,
        &[
            ("خالد الخطيب", EntityType::Per),
            ("يوم الأربعاء", EntityType::Date),
            ("الكونغرس", EntityType::Org),
        ],
        "2015-07-23",
    );
    let kinds: Vec<(&str, Modality)> = events
        .iter()
        .map(|e| (e.event_type.as_str(), e.modality))
        .collect();
    assert!(
        kinds.contains(&("DEMAND", Modality::Asserted)),
        "{events:#?}"
    );
    assert!(
        kinds.contains(&("REQUEST", Modality::Asserted)),
        "{events:#?}"
    );
    for asked in ["RETREAT", "REJECT"] {
        assert!(!kinds.contains(&(asked, Modality::Asserted)), "{events:#?}");
    }
}

#[test]
fn concern_expressed_is_disapproval() {
    let text = "وأعربت منظمة العفو الدولية يوم الأربعاء عن قلقها من القانون.";
    let (events, _) = run(
        text,
        &[
            ("منظمة العفو الدولية", EntityType::Org),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found: Vec<(&str, &str)> = typed(text, &events);
    assert_eq!(found, vec![("قلقها", "DISAPPROVE")], "{events:#?}");
}

#[test]
fn repeated_and_summed_happenings_are_not_single_events() {
    let text = "Poland has expelled dozens of Russian diplomats since 2022. \
                Kigali has repeatedly denied the charge. Poland expelled two Russian diplomats \
                on Monday.";
    let (events, _) = run(
        text,
        &[
            ("Poland", EntityType::Loc),
            ("Russian", EntityType::Norp),
            ("2022", EntityType::Date),
            ("Kigali", EntityType::Loc),
            ("Poland", EntityType::Loc),
            ("Russian", EntityType::Norp),
            ("Monday", EntityType::Date),
        ],
        "2026-11-11",
    );
    let found: Vec<&str> = events.iter().map(|e| trigger(text, e)).collect();
    assert_eq!(found, vec!["expelled"], "{events:#?}");
    let last = text.rfind("expelled").expect("the text has expelled");
    assert_eq!(events[0].trigger_start, last);
}

#[test]
fn qad_before_a_perfect_asserts_and_before_an_imperfect_is_may() {
    let text = "وقد تبنى تنظيم داعش الهجوم يوم الخميس. وقد تعتقل الشرطة المشتبه به يوم الخميس. \
                وقد أطلق سراح الصحافي يوم الأربعاء.";
    let (events, _) = run(
        text,
        &[
            ("داعش", EntityType::Org),
            ("يوم الخميس", EntityType::Date),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found: Vec<(&str, Modality)> = events
        .iter()
        .map(|e| (trigger(text, e), e.modality))
        .collect();
    assert_eq!(
        found,
        vec![
            ("تبنى", Modality::Asserted),
            ("تعتقل", Modality::Hypothetical),
            ("أطلق سراح", Modality::Asserted)
        ],
        "{events:#?}"
    );
}

#[test]
fn attacking_a_policy_is_disapproval_and_attacking_a_town_is_an_attack() {
    let text = "وهاجم عادل الجبير السياسات الإيرانية يوم الخميس. \
                وهاجم مسلحون بلدة حلب يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("عادل الجبير", EntityType::Per),
            ("الإيرانية", EntityType::Norp),
            ("يوم الخميس", EntityType::Date),
            ("حلب", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let found: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(found, vec!["DISAPPROVE", "ASSAULT"], "{events:#?}");
}

#[test]
fn attacking_a_policy_is_disapproval_in_english_and_in_the_arabic_noun() {
    let text = "Senator John Smith attacked the government's policies on Monday.";
    let (events, _) = run(
        text,
        &[
            ("John Smith", EntityType::Per),
            ("Monday", EntityType::Date),
        ],
        "2026-11-11",
    );
    let found: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(found, vec!["DISAPPROVE"], "{events:#?}");
    let text = "وشن عادل الجبير يوم الخميس هجوماً على السياسات الإيرانية.";
    let (events, _) = run(
        text,
        &[
            ("عادل الجبير", EntityType::Per),
            ("يوم الخميس", EntityType::Date),
            ("الإيرانية", EntityType::Norp),
        ],
        "2015-07-23",
    );
    let found: Vec<&str> = events.iter().map(|e| e.event_type.as_str()).collect();
    assert_eq!(found, vec!["DISAPPROVE"], "{events:#?}");
}

#[test]
fn a_quoted_past_happening_is_reported_without_a_named_actor_and_a_necessity_is_not_done() {
    let text =
        "وقال الحاكم \"هذا الصباح فجر انتحاري سترته الناسفة داخل سوق في المدينة\" يوم الخميس. \
                وقال الحاكم إن الاتفاق سيئ ويجب رفضه يوم الأربعاء.";
    let (events, _) = run(
        text,
        &[
            ("يوم الخميس", EntityType::Date),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let factual: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.modality == Modality::Asserted)
        .map(|e| (trigger(text, e), e.event_type.as_str()))
        .collect();
    assert!(factual.contains(&("فجر", "ASSAULT")), "{events:#?}");
    assert!(
        !factual.iter().any(|(t, _)| t.starts_with("رفض")),
        "{events:#?}"
    );
}

#[test]
fn a_blessing_and_a_future_prefix_on_a_perfect_are_no_events() {
    let text = "وحمله رعاه الله تحياته للرئيس يوم الخميس. \
                ورحب الوزير بجهود الحكومة لبدء محادثات سلام يوم الأربعاء.";
    let (events, _) = run(
        text,
        &[
            ("يوم الخميس", EntityType::Date),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let triggers: Vec<&str> = events.iter().map(|e| trigger(text, e)).collect();
    assert!(!triggers.contains(&"رعاه"), "{events:#?}");
    assert!(!triggers.contains(&"لام"), "{events:#?}");
}

#[test]
fn an_imperfect_after_before_that_is_a_happening_and_context_words_take_a_possessive() {
    let text = "وقال المحامي \"تم استجوابه لعدة ساعات قبل ان يطلق سراحه يوم الجمعة\". \
                وأطلقت السلطات سراحهم يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("يوم الجمعة", EntityType::Date),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.modality == Modality::Asserted)
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![("استجوابه", "090"), ("يطلق", "0841"), ("أطلقت", "0841")],
        "{events:#?}"
    );
}

#[test]
fn a_definite_noun_told_by_a_relative_clause_is_a_report_once_per_type_and_day() {
    let text = "وتزايدت المخاطر بعد الهجومين اللذين أوقعا عشرات القتلى في سوسة يوم الجمعة. \
                وأدان الوزير الهجوم الذي وقع في سوسة يوم الجمعة. \
                وأشار الوزير إلى الهجوم الذي وقع في متحف باردو في 18 مارس.";
    let (events, _) = run(
        text,
        &[
            ("سوسة", EntityType::Loc),
            ("يوم الجمعة", EntityType::Date),
            ("سوسة", EntityType::Loc),
            ("يوم الجمعة", EntityType::Date),
            ("متحف باردو", EntityType::Loc),
            ("18 مارس", EntityType::Date),
        ],
        "2015-07-23",
    );
    let assaults: Vec<(&str, Option<&str>)> = events
        .iter()
        .filter(|e| e.event_type == "ASSAULT")
        .map(|e| (trigger(text, e), e.date.as_ref().map(|d| d.value.as_str())))
        .collect();
    // The second names Friday's attacks again; the third an attack of another day.
    assert_eq!(
        assaults,
        vec![
            ("الهجومين", Some("2015-07-17")),
            ("الهجوم", Some("2015-03-18"))
        ],
        "{events:#?}"
    );
}

#[test]
fn english_reporting_verbs_with_must_demand_and_a_copula_phrase_is_not_passive() {
    let text = "The Bush administration declared on Tuesday that China must drop barriers to \
                exports. Syria is willing to withdraw its troops from Lebanon.";
    let (events, mentions) = run(
        text,
        &[
            ("Bush", EntityType::Per),
            ("Tuesday", EntityType::Date),
            ("China", EntityType::Loc),
            ("Syria", EntityType::Loc),
            ("Lebanon", EntityType::Loc),
        ],
        "2004-03-02",
    );
    let found: Vec<_> = events
        .iter()
        .map(|e| {
            (
                trigger(text, e),
                e.event_type.as_str(),
                crate::tests::source_of(text, &mentions, e),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("declared", "DEMAND", Some("Bush")),
            ("willing to", "AGREE", Some("Syria"))
        ],
        "{events:#?}"
    );
}

#[test]
fn an_english_pronoun_subject_of_what_a_speaker_says_is_the_speaker() {
    let text = "Hamas said on Monday that it is willing to release the hostages.";
    let (events, mentions) = run(
        text,
        &[("Hamas", EntityType::Org), ("Monday", EntityType::Date)],
        "2004-03-02",
    );
    let agree: Vec<_> = events
        .iter()
        .filter(|e| e.event_type == "AGREE")
        .map(|e| crate::tests::source_of(text, &mentions, e))
        .collect();
    assert_eq!(agree, vec![Some("Hamas")], "{events:#?}");
}

#[test]
fn english_bombings_are_non_military_unless_from_the_air() {
    let text = "A roadside bombing near Samarra on Sunday killed a soldier. A suicide attack hit \
                Kabul on Monday. Jets bombed Raqqa on Tuesday.";
    let (events, _) = run(
        text,
        &[
            ("Samarra", EntityType::Loc),
            ("Sunday", EntityType::Date),
            ("Kabul", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Raqqa", EntityType::Loc),
            ("Tuesday", EntityType::Date),
        ],
        "2004-03-02",
    );
    let codes: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("bombing", "183"),
            ("suicide attack", "1831"),
            ("bombed", "195")
        ],
        "{events:#?}"
    );
}

#[test]
fn an_english_investigation_is_an_accusation_in_the_investigate_mode() {
    let text = "Croatia is investigating alleged war crimes. The committee opened an \
                investigation into the allegation on Monday.";
    let (events, _) = run(
        text,
        &[("Croatia", EntityType::Loc), ("Monday", EntityType::Date)],
        "2004-03-02",
    );
    let found: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (trigger(text, e), e.mode.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("investigating", Some("investigate")),
            ("investigation", Some("investigate"))
        ],
        "{events:#?}"
    );
}

#[test]
fn english_blockades_and_property_set_on_fire_coerce() {
    let text = "Israel reimposed blockades in the West Bank on Friday. Settlers set fire to the \
                offices of the administrators on Saturday.";
    let (events, _) = run(
        text,
        &[
            ("Israel", EntityType::Loc),
            ("West Bank", EntityType::Loc),
            ("Friday", EntityType::Date),
            ("Saturday", EntityType::Date),
        ],
        "2004-03-02",
    );
    let found = cameos(text, &events);
    assert_eq!(
        found,
        vec![("blockades", "191"), ("set fire", "1712")],
        "{events:#?}"
    );
}

#[test]
fn a_date_after_early_or_late_dates_the_event_to_its_month_only() {
    let text = "أعلنت الوزارة أمس عن مقتل القيادي في غارة أمريكية مطلع يوليو الحالي.";
    let (events, _) = run(
        text,
        &[
            ("أمس", EntityType::Date),
            ("أمريكية", EntityType::Norp),
            ("مطلع يوليو الحالي", EntityType::Date),
        ],
        "2015-07-23",
    );
    let dates: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (trigger(text, e), e.date.as_ref().map(|d| d.value.as_str())))
        .collect();
    assert_eq!(dates, vec![("غارة", Some("2015-07"))], "{events:#?}");
}

#[test]
fn a_march_is_a_protest_with_the_verbs_of_marching_not_a_career() {
    let text = "وخرج الآلاف في مسيرة بوسط العاصمة يوم الأحد. \
                ويواصل المنتخب مسيرة نجاحه يوم الاثنين.";
    let (events, _) = run(
        text,
        &[
            ("يوم الأحد", EntityType::Date),
            ("يوم الاثنين", EntityType::Date),
        ],
        "2015-07-23",
    );
    let triggers: Vec<&str> = events.iter().map(|e| trigger(text, e)).collect();
    assert_eq!(triggers, vec!["مسيرة"], "{events:#?}");
    assert_eq!(events[0].sentence, 0, "{events:#?}");
}

#[test]
fn a_verb_phrase_reports_without_actors_and_a_noun_phrase_does_not() {
    let text = "وأطلق سراح المرأتين بكفالة. ووقعت أعمال شغب.";
    let (events, _) = run(text, &[], "2015-07-23");
    let triggers: Vec<&str> = events.iter().map(|e| trigger(text, e)).collect();
    assert_eq!(triggers, vec!["أطلق سراح"], "{events:#?}");
}

#[test]
fn a_gathering_is_a_rally_with_a_crowd_or_a_protest_purpose_after_it() {
    let text = "وتجمع آلاف المتظاهرين أمام البرلمان يوم الخميس. \
                وتجمعت السيارات عند المعبر يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("يوم الخميس", EntityType::Date),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found: Vec<(&str, &str)> = typed(text, &events);
    assert_eq!(found, vec![("تجمع", "PROTEST")], "{events:#?}");
}

#[test]
fn massing_or_going_out_to_protest_is_a_rally_troops_massed_or_a_visitor_leaving_are_not() {
    let text = "واحتشد آلاف المتظاهرين في الساحة. وخرج مئات الطلاب للاحتجاج على القرار. \
                ونزل السكان إلى الشوارع للتنديد بالاغتيال. واحتشدت القوات على الحدود. \
                وخرج الوزير من الاجتماع.";
    let (events, _) = run(text, &[], "2015-07-23");
    let found: Vec<(&str, &str)> = typed(text, &events);
    assert_eq!(
        found,
        vec![("احتشد", "PROTEST"), ("خرج", "PROTEST"), ("نزل", "PROTEST")],
        "{events:#?}"
    );
}

#[test]
fn plural_strikes_as_the_cause_of_a_toll_sum_up_many_and_one_attack_is_one() {
    let text = "وارتفع العدد الإجمالي للقتلى إلى 3216 جراء غارات التحالف. \
                وقتل ثلاثة أشخاص جراء هجوم انتحاري في السوق يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("التحالف", EntityType::Org),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    let attacks: Vec<&str> = events
        .iter()
        .filter(|e| e.event_type == "ASSAULT" && e.modality == Modality::Asserted)
        .map(|e| trigger(text, e))
        .collect();
    assert_eq!(attacks, vec!["هجوم"], "{events:#?}");
}

#[test]
fn what_is_feared_or_guarded_against_has_not_happened() {
    let text = "ويخشى السكان الخروج من المخيم خوفا من هجمات انتقامية يوم الخميس.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert!(
        events.iter().all(|e| e.modality != Modality::Asserted),
        "{events:#?}"
    );
}

//! Classes of argument constructions: where one actor phrase ends and the next begins.

use khabar_ner::EntityType;

use crate::tests::{arg, roles, run, source_of, sources, target_of, trigger};
use crate::Polarity;

#[test]
fn a_second_person_after_a_name_and_a_title_is_a_second_actor() {
    let text = "واستقبل الرئيس فلاديمير بوتين رئيس الوزراء التركي أحمد داود أوغلو في موسكو.";
    let (events, mentions) = run(
        text,
        &[
            ("فلاديمير بوتين", EntityType::Per),
            ("التركي", EntityType::Norp),
            ("أحمد داود أوغلو", EntityType::Per),
            ("موسكو", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let hosted = events
        .iter()
        .find(|e| trigger(text, e) == "استقبل")
        .expect("the reception");
    assert_eq!(source_of(text, &mentions, hosted), Some("فلاديمير بوتين"));
    assert_eq!(target_of(text, &mentions, hosted), Some("أحمد داود أوغلو"));
}

#[test]
fn a_title_after_a_conjunction_or_a_definite_title_after_a_name_opens_a_second_actor() {
    let text = "وعقد الأمير محمد بن سلمان ووزير الدفاع الأمريكي اجتماعا يوم الخميس. \
                واستقبل الملك سلمان الرئيس الفرنسي يوم الأربعاء.";
    let (events, mentions) = run(
        text,
        &[
            ("محمد بن سلمان", EntityType::Per),
            ("الأمريكي", EntityType::Norp),
            ("يوم الخميس", EntityType::Date),
            ("سلمان", EntityType::Per),
            ("الفرنسي", EntityType::Norp),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found: Vec<_> = events
        .iter()
        .map(|e| {
            let source = e.source.as_ref();
            (
                trigger(text, e),
                arg(text, &mentions, source.map(|a| a.mention)),
                source.and_then(|a| a.country.clone()),
                target_of(text, &mentions, e),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("اجتماعا", Some("محمد بن سلمان"), None, Some("الأمريكي")),
            (
                "استقبل",
                Some("سلمان"),
                Some("SAU".to_string()),
                Some("الفرنسي")
            ),
        ],
        "{events:#?}"
    );
}

#[test]
fn a_nationality_after_an_event_noun_is_its_agent_under_a_preposition_too() {
    let text = "وأعلنت وزارة الدفاع عن مقتل القيادي في غارة أمريكية يوم الخميس.";
    let (events, mentions) = run(
        text,
        &[
            ("وزارة الدفاع", EntityType::Org),
            ("أمريكية", EntityType::Norp),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found = sources(text, &events, &mentions);
    assert_eq!(found, vec![("غارة", Some("أمريكية"))], "{events:#?}");
}

#[test]
fn a_coordinated_transitive_verb_with_one_phrase_after_it_shares_the_subject() {
    let text = "وانتقد الجبير السياسات الإيرانية وطالب الحكومة الإيرانية بالكف عن ذلك يوم الخميس. \
                وانتقد الجبير السياسات الإيرانية وطالب شكري الحكومة الإيرانية بالكف يوم الأربعاء.";
    let (events, mentions) = run(
        text,
        &[
            ("الجبير", EntityType::Per),
            ("الإيرانية", EntityType::Norp),
            ("الإيرانية", EntityType::Norp),
            ("يوم الخميس", EntityType::Date),
            ("الجبير", EntityType::Per),
            ("الإيرانية", EntityType::Norp),
            ("شكري", EntityType::Per),
            ("الإيرانية", EntityType::Norp),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let demands: Vec<_> = events
        .iter()
        .filter(|e| e.event_type == "DEMAND")
        .map(|e| (source_of(text, &mentions, e), e.target.is_some()))
        .collect();
    assert_eq!(
        demands,
        vec![(Some("الجبير"), true), (Some("شكري"), true)],
        "{events:#?}"
    );
}

#[test]
fn a_preposition_glued_to_the_noun_a_nationality_qualifies_governs_the_nationality() {
    let text = "تجمع متظاهرون يوم الأربعاء للتنديد بالاتفاق النووي الإيراني.";
    let (events, mentions) = run(
        text,
        &[
            ("يوم الأربعاء", EntityType::Date),
            ("الإيراني", EntityType::Norp),
        ],
        "2015-07-23",
    );
    let found = sources(text, &events, &mentions);
    assert_eq!(found, vec![("تجمع", None)], "{events:#?}");
}

#[test]
fn between_two_parties_gives_source_and_target_of_any_event_noun() {
    let text = "وجاء ذلك بعد اتصال هاتفي يوم الأربعاء بين الرئيسين التركي رجب طيب أردوغان \
                والأمريكي باراك أوباما.";
    let (events, mentions) = run(
        text,
        &[
            ("يوم الأربعاء", EntityType::Date),
            ("التركي", EntityType::Norp),
            ("رجب طيب أردوغان", EntityType::Per),
            ("الأمريكي", EntityType::Norp),
            ("باراك أوباما", EntityType::Per),
        ],
        "2015-07-23",
    );
    let found: Vec<_> = events
        .iter()
        .map(|e| {
            (
                trigger(text, e),
                source_of(text, &mentions, e),
                target_of(text, &mentions, e),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![("اتصال", Some("رجب طيب أردوغان"), Some("باراك أوباما"))],
        "{events:#?}"
    );
}

#[test]
fn a_fronted_definite_noun_stands_for_the_actor_named_with_it_and_a_joined_verb_shares_it() {
    let text = "أفاد مصدر من المقاومة الشعبية اليمنية يوم الأربعاء بأن المقاومة سيطرت على الوادي \
                وقطعت طرق الإمداد على القاعدة.";
    let (events, mentions) = run(
        text,
        &[
            ("اليمنية", EntityType::Norp),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let found = sources(text, &events, &mentions);
    assert_eq!(
        found,
        vec![("سيطرت", Some("اليمنية")), ("قطعت", Some("اليمنية"))],
        "{events:#?}"
    );
}

#[test]
fn the_phrase_before_a_relative_pronoun_is_the_subject_of_its_verb() {
    let text = "وأثار اعتقال الصحافي توترا جديدا بين إيران والولايات المتحدة اللتين قطعتا \
                العلاقات الدبلوماسية يوم الأربعاء.";
    let (events, mentions) = run(
        text,
        &[
            ("إيران", EntityType::Loc),
            ("الولايات المتحدة", EntityType::Loc),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let sanctions: Vec<_> = events
        .iter()
        .filter(|e| e.event_type == "SANCTION")
        .map(|e| source_of(text, &mentions, e))
        .collect();
    assert_eq!(sanctions, vec![Some("إيران")], "{events:#?}");
}

#[test]
fn a_noun_under_a_preposition_is_not_qualified_by_the_phrase_after_it() {
    let text = "وشن المسلحون هجوما على مواقع المقاومة في جبهة الجفينة يوم الثلاثاء. \
                وأكدت المصادر أن المقاومة صدت الهجوم يوم الأربعاء.";
    let (events, mentions) = run(
        text,
        &[
            ("جبهة الجفينة", EntityType::Org),
            ("يوم الثلاثاء", EntityType::Date),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let repelled: Vec<_> = events
        .iter()
        .filter(|e| trigger(text, e) == "صدت")
        .map(|e| source_of(text, &mentions, e))
        .collect();
    assert_eq!(repelled, vec![None], "{events:#?}");
}

#[test]
fn a_person_after_an_unvocalized_arrest_is_the_one_arrested_and_an_agent_phrase_acts() {
    let text = "واعتقل رضايان في طهران يوم الأربعاء. \
                واعتقلت القوات الإسرائيلية فلسطينيين يوم الأربعاء.";
    let (events, mentions) = run(
        text,
        &[
            ("رضايان", EntityType::Per),
            ("طهران", EntityType::Loc),
            ("يوم الأربعاء", EntityType::Date),
            ("الإسرائيلية", EntityType::Norp),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        roles(text, &events, &mentions),
        vec![
            ("اعتقل", None, Some("رضايان")),
            ("اعتقلت", Some("الإسرائيلية"), None)
        ],
        "{events:#?}"
    );
}

#[test]
fn a_count_after_an_unvocalized_arrest_is_the_people_arrested() {
    // «أكثر من»: the «من» of a count does not govern the phrase.
    let text = "واعتقل أكثر من 40 صحفي سوري، يوم الأحد، عند الحدود.";
    let (events, mentions) = run(
        text,
        &[("سوري", EntityType::Norp), ("يوم الأحد", EntityType::Date)],
        "2015-07-23",
    );
    let arrest = events
        .iter()
        .find(|e| trigger(text, e) == "اعتقل")
        .expect("the arrest");
    assert_eq!(source_of(text, &mentions, arrest), None, "{events:#?}");
    assert_eq!(
        target_of(text, &mentions, arrest),
        Some("سوري"),
        "{events:#?}"
    );
}

#[test]
fn the_genitive_of_a_periphrastic_passive_is_its_object() {
    let text = "وتم اعتقال سمير خالد الذي يحمل الجنسية الفرنسية في منزله ببيروت.";
    let (events, mentions) = run(
        text,
        &[
            ("سمير خالد", EntityType::Per),
            ("الفرنسية", EntityType::Norp),
            ("بيروت", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let arrest = events
        .iter()
        .find(|e| trigger(text, e) == "اعتقال")
        .expect("the arrest");
    assert_eq!(source_of(text, &mentions, arrest), None, "{events:#?}");
    assert_eq!(
        target_of(text, &mentions, arrest),
        Some("سمير خالد"),
        "{events:#?}"
    );
}

#[test]
fn a_force_named_by_its_kind_is_an_unnamed_subject_and_the_phrase_after_it_the_object() {
    let text = "واعتقلت الشرطة سمير خالد في منزله. \
                وهاجمت قوات الأمن مقر حزب الأمة في المدينة. \
                وقصفت القوات العراقية مواقع المسلحين.";
    let (events, mentions) = run(
        text,
        &[
            ("سمير خالد", EntityType::Per),
            ("حزب الأمة", EntityType::Org),
            ("العراقية", EntityType::Norp),
        ],
        "2015-07-23",
    );
    assert_eq!(
        roles(text, &events, &mentions),
        vec![
            ("اعتقلت", None, Some("سمير خالد")),
            ("هاجمت", None, Some("حزب الأمة")),
            ("قصفت", Some("العراقية"), None)
        ],
        "{events:#?}"
    );
}

#[test]
fn an_armed_agent_noun_after_the_verb_is_an_unnamed_subject() {
    let text = "قتل 15 شخصا أمس عندما فجر انتحاري نفسه في سوق مزدحمة بشمال أفغانستان.";
    let (events, mentions) = run(
        text,
        &[("أمس", EntityType::Date), ("أفغانستان", EntityType::Loc)],
        "2015-07-23",
    );
    let bombing = events
        .iter()
        .find(|e| trigger(text, e) == "فجر")
        .expect("the bombing");
    let source = source_of(text, &mentions, bombing);
    let target = target_of(text, &mentions, bombing);
    assert_eq!((source, target), (None, None), "{events:#?}");
}

#[test]
fn the_phrase_a_report_is_attributed_to_is_not_an_actor_of_it() {
    let text = "وتجمع آلاف المتظاهرين في الساحة يوم الأربعاء، وحسب جيفري وايسنفيل أحد المنظمين.";
    let (events, mentions) = run(
        text,
        &[
            ("يوم الأربعاء", EntityType::Date),
            ("جيفري وايسنفيل", EntityType::Per),
        ],
        "2015-07-23",
    );
    let rally = events
        .iter()
        .find(|e| e.event_type == "PROTEST")
        .expect("the rally");
    let source = source_of(text, &mentions, rally);
    assert_eq!(source, None, "{events:#?}");
}

#[test]
fn the_one_whose_death_an_attacks_sentence_tells_is_its_target() {
    let text = "أعلنت وزارة الدفاع الأمريكية أمس عن مقتل محسن الفضلي في غارة أمريكية يوم الأربعاء.";
    let (events, mentions) = run(
        text,
        &[
            ("وزارة الدفاع الأمريكية", EntityType::Org),
            ("أمس", EntityType::Date),
            ("محسن الفضلي", EntityType::Per),
            ("أمريكية", EntityType::Norp),
            ("يوم الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let raid = events
        .iter()
        .find(|e| e.event_type == "ASSAULT")
        .expect("the raid");
    let target = target_of(text, &mentions, raid);
    assert_eq!(target, Some("محسن الفضلي"), "{events:#?}");
}

#[test]
fn an_arrest_told_again_or_on_the_same_day_takes_the_date_told_before() {
    let text = "أعلن مسؤولون يوم الأربعاء أن التحقيق مستمر. \
                واعتقل سمير خالد في 3 مارس 2014 في بيروت. \
                وجرى اعتقال سمير خالد في منزله. \
                كما اعتقلت معه في اليوم نفسه مصورة صحافية.";
    let (events, _) = run(
        text,
        &[
            ("يوم الأربعاء", EntityType::Date),
            ("سمير خالد", EntityType::Per),
            ("3 مارس 2014", EntityType::Date),
            ("بيروت", EntityType::Loc),
            ("سمير خالد", EntityType::Per),
        ],
        "2015-07-23",
    );
    let dated: Vec<(&str, Option<&str>)> = events
        .iter()
        .filter(|e| e.event_type == "COERCE")
        .map(|e| (trigger(text, e), e.date.as_ref().map(|d| d.value.as_str())))
        .collect();
    assert_eq!(
        dated,
        vec![
            ("اعتقل", Some("2014-03-03")),
            ("اعتقال", Some("2014-03-03")),
            ("اعتقلت", Some("2014-03-03"))
        ],
        "{events:#?}"
    );
}

#[test]
fn a_protest_told_again_without_a_target_is_the_same_gathering_on_its_day() {
    let text = "أعلنت الحكومة اليوم الخميس خطة جديدة للأجور. \
                وكان آلاف المتظاهرين قد تجمعوا يوم الأربعاء في ساحة التحرير. \
                وشارك في المظاهرة نواب ونقابيون.";
    let (events, _) = run(
        text,
        &[
            ("اليوم الخميس", EntityType::Date),
            ("يوم الأربعاء", EntityType::Date),
            ("ساحة التحرير", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let dated: Vec<(&str, Option<&str>)> = events
        .iter()
        .filter(|e| e.event_type == "PROTEST")
        .map(|e| (trigger(text, e), e.date.as_ref().map(|d| d.value.as_str())))
        .collect();
    assert_eq!(
        dated,
        vec![("تجمعوا", Some("2015-07-22")), ("شارك", Some("2015-07-22"))],
        "{events:#?}"
    );
}

#[test]
fn an_agreement_signed_between_parties_and_a_participle_of_the_main_verb() {
    // The first party is the source when the second is no actor; «داعين» describes the
    // protesters of «تجمع», not the parties of the agreement.
    let text = "وتجمع المحتجون للتنديد بالاتفاق الموقع بين إيران والقوى الكبرى داعين \
                البرلمان الأوروبي إلى رفضه.";
    let (events, mentions) = run(
        text,
        &[
            ("إيران", EntityType::Loc),
            ("البرلمان الأوروبي", EntityType::Org),
        ],
        "2015-07-23",
    );
    let roles: Vec<(&str, &str, Option<&str>)> = events
        .iter()
        .filter(|e| matches!(e.event_type.as_str(), "SUPPORT" | "REQUEST"))
        .map(|e| {
            let source = source_of(text, &mentions, e);
            (trigger(text, e), e.cameo.as_str(), source)
        })
        .collect();
    assert_eq!(roles[0], ("الموقع", "057", Some("إيران")), "{events:#?}");
    assert_eq!(roles[1].0, "داعين", "{events:#?}");
    assert_ne!(roles[1].2, Some("إيران"), "{events:#?}");
}

#[test]
fn a_charge_brought_is_coercion_and_a_pronoun_after_its_preposition_is_its_target() {
    let text = "وأسفر التحقيق عن توجيه الاتهام إليه وإحالته إلى المحكمة العامة يوم الخميس. \
                ووجهت السلطات الإيطالية إليهم تهمة التجنيد يوم الخميس. وأفرج عنهم دون توجيه تهم.";
    let (events, mentions) = run(
        text,
        &[
            ("المحكمة العامة", EntityType::Org),
            ("يوم الخميس", EntityType::Date),
            ("الإيطالية", EntityType::Norp),
        ],
        "2015-07-23",
    );
    let charges: Vec<(&str, Option<&str>, Polarity)> = events
        .iter()
        .filter(|e| e.cameo == "173")
        .map(|e| (trigger(text, e), target_of(text, &mentions, e), e.polarity))
        .collect();
    // «دون» (without) negates the verbal noun after it.
    assert_eq!(
        charges,
        vec![
            ("توجيه الاتهام", None, Polarity::Positive),
            ("وجهت", None, Polarity::Positive),
            ("توجيه تهم", None, Polarity::Negative),
        ],
        "{events:#?}"
    );
}

#[test]
fn a_phrase_after_a_perfect_in_the_plural_is_its_object_not_its_subject() {
    // Control: the singular perfect of verb-subject order takes the phrase after it.
    let text = "وقال السكان إن جنودا إسرائيليين اقتحموا منزلا لتوقيف محمد أحمد يوم الخميس. \
                وطالبوا وزارة الداخلية بالتحقيق يوم الأربعاء. وطالبت وزارة الخارجية بالتحقيق أمس.";
    let (events, mentions) = run(
        text,
        &[
            ("إسرائيليين", EntityType::Norp),
            ("محمد أحمد", EntityType::Per),
            ("يوم الخميس", EntityType::Date),
            ("وزارة الداخلية", EntityType::Org),
            ("يوم الأربعاء", EntityType::Date),
            ("وزارة الخارجية", EntityType::Org),
            ("أمس", EntityType::Date),
        ],
        "2015-07-23",
    );
    let demands: Vec<_> = roles(text, &events, &mentions)
        .into_iter()
        .filter(|(trigger, _, _)| trigger.starts_with("طالب"))
        .collect();
    assert_eq!(
        demands,
        vec![
            ("طالبوا", None, Some("وزارة الداخلية")),
            ("طالبت", Some("وزارة الخارجية"), None),
        ],
        "{events:#?}"
    );
}

#[test]
fn a_head_word_after_a_conjunction_opens_a_second_coordinated_actor() {
    // «وقوات صالح» is a second actor beside the first, not a name in apposition to it.
    let text = "وشن الحوثيون وقوات صالح هجوما على مواقع المقاومة يوم الخميس.";
    let (events, mentions) = run(
        text,
        &[
            ("الحوثيون", EntityType::Org),
            ("صالح", EntityType::Per),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        sources(text, &events, &mentions),
        vec![("هجوما", Some("الحوثيون"))],
        "{events:#?}"
    );
}

#[test]
fn an_event_noun_after_a_temporal_preposition_takes_no_actor_from_before_it() {
    // «بعد هجوم مسلح قتل ثلاثة حراس»: the attack is told (it killed), by no one named; the
    // Jordanian policeman before it is not its actor.
    let text = "وقال مسؤول إن شرطيا أردنيا قتل بعد هجوم مسلح قتل ثلاثة حراس. \
                وجاء ذلك بعد انفجار كبير. وجاء ذلك بعد انفجار كبير قتل خمسة أشخاص.";
    let (events, mentions) = run(text, &[("أردنيا", EntityType::Norp)], "2015-07-23");
    // Control: a bare event noun with nothing of its own names a kind of event.
    assert_eq!(
        sources(text, &events, &mentions),
        vec![("هجوم", None), ("انفجار", None)],
        "{events:#?}"
    );
    let third_sentence = text.rfind("وجاء").expect("the text has three sentences");
    assert!(events[1].trigger_start > third_sentence, "{events:#?}");
}

#[test]
fn a_preposition_before_a_verb_does_not_govern_the_subject_after_it() {
    // «من جهته» opens the clause; «من» governs «جهته», not the speaker after the verb.
    let text = "ومن جهته أكد سامر الخطيب أن الحكومة ستعود إلى العاصمة قريبا.";
    let (events, mentions) = run(text, &[("سامر الخطيب", EntityType::Per)], "2015-07-23");
    let sources: Vec<_> = events
        .iter()
        .map(|e| source_of(text, &mentions, e))
        .collect();
    assert_eq!(sources, vec![Some("سامر الخطيب")], "{events:#?}");
}

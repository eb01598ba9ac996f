//! How a happening is told: a verbal noun after a verb of success or the light verb «قام», an
//! attack that caused casualties, what is only expected or plotted, an event named by its day,
//! blame laid in the passive, gunfire told by a noun, an execution carried out, an attack foiled, what is awaited or to be
//! prevented, a gathering told in a relative clause on its crowd, a nominal phrase made definite by its
//! last word, an intention announced, devices blown up named in the plural, rockets fired told by
//! a noun, a suicide operation, a happening condemned or claimed named again, many happenings
//! summed up.

use khabar_ner::EntityType;

use crate::tests::{asserted_of, coded, run, trigger};
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
fn a_verbal_noun_after_the_light_verb_qama_reports_what_was_done() {
    // The second sentence is a control: the same noun with no light verb is a mention.
    let text = "وقامت مجموعة مسلحة صباح أمس بالاعتداء على حارس المبنى. \
                وتحدث المدير عن الاعتداء على الحراس.";
    let (events, _) = run(text, &[], "2015-07-23");
    assert_eq!(
        coded(text, &events),
        vec![("الاعتداء", "ASSAULT", "180")],
        "{events:#?}"
    );
}

#[test]
fn an_event_noun_after_the_casualties_it_caused_is_reported() {
    // The second sentence is a control: a definite noun after a toll refers back or sums up.
    let text = "وقتل شخصان وأصيب خمسة آخرون بجروح في هجوم انتحاري. \
                وقتل 30 في المعارك. وأعلنت الشرطة مقتل ثلاثة جنود في تفجير انتحاري.";
    let (events, _) = run(text, &[], "2015-07-23");
    assert_eq!(
        coded(text, &events),
        vec![("هجوم", "ASSAULT", "190"), ("تفجير", "ASSAULT", "183")],
        "{events:#?}"
    );
}

#[test]
fn the_cause_after_a_long_casualty_count_is_reported() {
    // Nine words from the wounding to the attack: the count and who the victims were.
    let text = "قتل 12 شخصا وأصيب أكثر من 40 آخرين معظمهم من النساء في هجوم انتحاري.";
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

#[test]
fn indefinite_gunfire_and_an_execution_carried_out_are_attacks() {
    // Controls: gunfire with a definite complement re-tells, a ceasefire is no shooting, and
    // the plural of executions sums many up.
    let text = "وقتل شرطي في إطلاق نار على حاجز. وتحدث الوزير عن إطلاق النار. \
                وصمد وقف إطلاق نار هش. وأعدمت السلطات ثلاثة مهربين. \
                وتم تنفيذ حكم الإعدام في القاتل يوم الخميس. وانتقدت المنظمة تنفيذ أحكام الإعدام.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        coded(text, &events),
        vec![
            ("إطلاق", "ASSAULT", "193"),
            ("أعدمت", "ASSAULT", "180"),
            ("تنفيذ حكم الإعدام", "ASSAULT", "180"),
            ("انتقدت", "DISAPPROVE", "111"),
        ],
        "{events:#?}"
    );
}

#[test]
fn what_is_awaited_or_to_be_prevented_has_not_happened() {
    // Controls: the same meeting and execution told as done.
    let text =
        "وعقد سامح شكري اجتماعا مع عادل الجبير. وينتظر أن يعقد فيليب هاموند اجتماعا مع جون كيري. \
                وأعدمت السلطات المتهم. وتحركت المنظمة لمنع تنفيذ حكم الإعدام في الصحفي يوم الخميس.";
    let people = [
        ("سامح شكري", EntityType::Per),
        ("عادل الجبير", EntityType::Per),
        ("فيليب هاموند", EntityType::Per),
        ("جون كيري", EntityType::Per),
        ("يوم الخميس", EntityType::Date),
    ];
    let (events, _) = run(text, &people, "2015-07-23");
    assert_eq!(
        coded(text, &events),
        vec![("اجتماعا", "CONSULT", "040"), ("أعدمت", "ASSAULT", "180"),],
        "{events:#?}"
    );
}

#[test]
fn an_attack_foiled_or_repelled_is_fighting_a_plot_foiled_is_not() {
    let text = "وأحبطت القوات الحكومية أمس الأربعاء هجوما شنه مسلحون على المدينة. \
                وأحبطت الشرطة أمس مخطط هجوم على السفارة.";
    let (events, _) = run(text, &[("أمس الأربعاء", EntityType::Date)], "2015-07-23");
    let foiled: Vec<_> = coded(text, &events)
        .into_iter()
        .filter(|(trigger, _, _)| trigger.contains("حبط"))
        .collect();
    assert_eq!(foiled, vec![("أحبطت", "ASSAULT", "190")], "{events:#?}");
    let text = "Iraqi troops repelled an attack on Ramadi on Thursday.";
    let (events, _) = run(text, &[("Thursday", EntityType::Date)], "2015-07-23");
    assert_eq!(
        coded(text, &events)[0],
        ("repelled", "ASSAULT", "190"),
        "{events:#?}"
    );
}

#[test]
fn control_taken_after_a_verb_of_completion_is_fighting_a_fire_controlled_is_not() {
    // Controls: control named without a verb that reports it, and a fire brought under control.
    let text = "واستكملت القوات الحكومية أمس السيطرة على المدينة. \
                وتحدث الوزير عن السيطرة على المدينة. وتمكن رجال الإطفاء من السيطرة على الحريق أمس.";
    let (events, _) = run(text, &[("أمس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        coded(text, &events),
        vec![("السيطرة", "ASSAULT", "190")],
        "{events:#?}"
    );
}

#[test]
fn a_gathering_told_in_a_relative_clause_on_the_crowd_is_not_reported_again() {
    // The relative clause says which protesters are meant; the first sentence is the control.
    let text = "وتجمع مئات المتظاهرين أمس أمام البرلمان. \
                واعتقلت الشرطة عشرة من المتظاهرين الذين تجمعوا في الساحة.";
    let (events, _) = run(text, &[("أمس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        asserted_of(text, &events, "PROTEST"),
        vec![("تجمع", "141")],
        "{events:#?}"
    );
}

#[test]
fn a_nominal_phrase_made_definite_by_its_last_word_refers_back() {
    // «أعمال الشغب» is definite by its complement, as «الشغب» is: the riots already known.
    let text = "واندلعت أعمال شغب في بغداد أمس. وأسفرت أعمال الشغب في البصرة عن إصابة عشرة.";
    let (events, _) = run(
        text,
        &[
            ("بغداد", EntityType::Loc),
            ("أمس", EntityType::Date),
            ("البصرة", EntityType::Loc),
        ],
        "2015-07-23",
    );
    assert_eq!(
        asserted_of(text, &events, "PROTEST"),
        vec![("أعمال شغب", "145")],
        "{events:#?}"
    );
}

#[test]
fn what_an_actor_announces_its_intention_to_do_has_not_happened() {
    // The second sentence is the control: the strike itself.
    let text = "وأعلنت النقابة عزمها تنفيذ إضراب عام في بغداد يوم الأحد. \
                ونفذ المعلمون إضرابا عاما في البصرة يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("بغداد", EntityType::Loc),
            ("يوم الأحد", EntityType::Date),
            ("البصرة", EntityType::Loc),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        asserted_of(text, &events, "PROTEST"),
        vec![("إضرابا", "143")],
        "{events:#?}"
    );
}

#[test]
fn a_bombing_with_its_devices_in_the_plural_is_reported() {
    // «قنابلهم» and «نفسيهما»: the plural and dual of the devices and of the self blown up.
    let text = "وفجر المهاجمون قنابلهم في محطة القطار في مدريد أمس. \
                وفجرت انتحاريتان نفسيهما في سوق في كانو يوم الأحد.";
    let (events, _) = run(
        text,
        &[
            ("مدريد", EntityType::Loc),
            ("أمس", EntityType::Date),
            ("كانو", EntityType::Loc),
            ("يوم الأحد", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        coded(text, &events),
        vec![("فجر", "ASSAULT", "183"), ("فجرت", "ASSAULT", "183")],
        "{events:#?}"
    );
}

#[test]
fn rockets_fired_told_by_a_noun_and_a_suicide_operation_are_attacks() {
    // Controls: a missile test, launchers and a definite complement are no firing at anyone.
    let text = "وقامت طائرة مسيرة بإطلاق صاروخين على سيارة في المدينة يوم الخميس. \
                وأجرت الدولة تجربة إطلاق صاروخ بعيد المدى. ودمرت الغارة منصات إطلاق صواريخ. \
                وتحدث الوزير عن إطلاق الصواريخ.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        asserted_of(text, &events, "ASSAULT"),
        vec![("إطلاق", "194")],
        "{events:#?}"
    );
    let text = "وقال المتحدث إن عملية انتحارية استهدفت قافلة عسكرية يوم الخميس.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        asserted_of(text, &events, "ASSAULT"),
        vec![("عملية انتحارية", "183")],
        "{events:#?}"
    );
}

#[test]
fn a_happening_condemned_or_claimed_is_the_topic_not_a_report() {
    // The kidnapping condemned and the bombing claimed are what the statements are about; the
    // control, the kidnapping itself told by its verb, is an attack.
    let text = "وأدانت الحكومة اختطاف موظفين أجانب في المدينة يوم الخميس. \
                وتبنت الجماعة تفجيرا على حاجز للشرطة.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert!(
        asserted_of(text, &events, "ASSAULT").is_empty(),
        "{events:#?}"
    );
    assert_eq!(
        asserted_of(text, &events, "DISAPPROVE"),
        vec![("أدانت", "111")],
        "{events:#?}"
    );
    let text = "واختطف مسلحون موظفين أجانب في المدينة يوم الخميس.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        asserted_of(text, &events, "ASSAULT"),
        vec![("اختطف", "181")],
        "{events:#?}"
    );
}

#[test]
fn operations_in_the_plural_sum_up_many_happenings() {
    // «عمليات اختطاف» names many kidnappings; the control, one operation, is an attack.
    let text = "وقالت الشرطة إن الخلية مسؤولة عن عمليات اختطاف في المنطقة يوم الخميس.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert!(
        asserted_of(text, &events, "ASSAULT").is_empty(),
        "{events:#?}"
    );
    let text = "ونفذ مسلحون عملية اختطاف في المنطقة يوم الخميس.";
    let (events, _) = run(text, &[("يوم الخميس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        asserted_of(text, &events, "ASSAULT"),
        vec![("اختطاف", "181")],
        "{events:#?}"
    );
}

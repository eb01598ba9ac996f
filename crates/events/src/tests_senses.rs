//! Homographs of triggers in sports, business and everyday copy: the other reading is no event
//! («حقق فوزه» achieved, «نادي الهلال» a club, «لأمن» for the security, «هاتف» a telephone,
//! «حفل استقبال» a reception, «احتل المركز الأول» ranked first, «تبنى القانون» adopted, «حشد
//! غاضب» a crowd, «رحل» passed away, «رحلتهم» their journey, «هجوم لاذع» a scathing attack,
//! «مواجهات» armed clashes or a riot, «تحقيق الاستقرار» an achievement, «طرد» a sending-off, «تحت
//! سيطرتها» a state of control, «رفض الكشف عن هويته» a source not named, «تجمعهم» their
//! gathering: an intransitive verb takes no object pronoun, «تظاهرة ثقافية» a showcase, «تجمعت الشرطة» police gathered, «اعتصم بالصمت» held to silence,
//! «احتجاجاً على» the motive of another act, «يضرب» hits).

use khabar_ner::EntityType;

use crate::tests::{run, triggers_of, typed};

#[test]
fn a_homograph_of_a_trigger_in_sports_and_business_copy_is_no_event() {
    // Controls first: the investigation, the call and the phone call are events.
    let text = "وحققت في الحادث. ونادى الرئيس روسيا بوقف الحرب. وهاتف الرئيس عبد الفتاح السيسي الرئيس الروسي فلاديمير بوتين. \
                وحقق الفريق فوزه الثاني. وطالب نادي الهلال بمستحقاته. \
                وأشار إلى التهديد لأمن المنطقة. وباعت الشركة مليون هاتف. \
                وأقامت الوزارة حفل استقبال يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("روسيا", EntityType::Loc),
            ("عبد الفتاح السيسي", EntityType::Per),
            ("الروسي", EntityType::Norp),
            ("فلاديمير بوتين", EntityType::Per),
            ("الهلال", EntityType::Org),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        typed(text, &events),
        vec![
            ("حققت", "ACCUSE"),
            ("نادى", "REQUEST"),
            ("هاتف", "CONSULT"),
            ("طالب", "DEMAND"),
        ],
        "{events:#?}"
    );
}

#[test]
fn ranking_first_adopting_a_law_and_a_crowd_are_no_occupation_claim_or_mobilization() {
    // Controls: a claim of an attack, an occupation, troops massed.
    let text = "وقال إن الهجوم الذي تبناه تنظيم داعش أوقع قتلى. واحتل سهم السلام المركز الأول. \
                وتبنى البرلمان القانون. واحتلت القوات الإسرائيلية القرية. \
                وحشد الجيش قواته على الحدود. وتجمع حشد غاضب في الساحة.";
    let (events, _) = run(
        text,
        &[("داعش", EntityType::Org), ("الإسرائيلية", EntityType::Norp)],
        "2015-07-23",
    );
    let found: Vec<(&str, &str)> = typed(text, &events)
        .into_iter()
        .filter(|(_, kind)| !matches!(*kind, "PROTEST" | "ASSAULT"))
        .collect();
    assert_eq!(
        found,
        vec![("تبناه", "OTHER"), ("احتلت", "COERCE"), ("حشد", "MOBILIZE"),],
        "{events:#?}"
    );
}

#[test]
fn a_verb_form_after_the_preposition_of_purpose_is_an_aim_unless_resolve_governs_it() {
    let text = "وأقامت مصر جدارا لمنع تسلل المسلحين. \
                وعمدت المليشيات لقطع الإنترنت عن المدينة.";
    let (events, _) = run(text, &[("مصر", EntityType::Loc)], "2015-07-23");
    assert_eq!(typed(text, &events), vec![("قطع", "COERCE")], "{events:#?}");
}

#[test]
fn one_who_passed_away_or_a_journey_is_no_deportation() {
    let text = "ورحلت السلطات الصحافي جون سميث إلى بلاده. ورحل الأمير سعود الفيصل. \
                وواصل الركاب رحلتهم.";
    let (events, _) = run(
        text,
        &[
            ("جون سميث", EntityType::Per),
            ("سعود الفيصل", EntityType::Per),
        ],
        "2015-07-23",
    );
    assert_eq!(
        typed(text, &events),
        vec![("رحلت", "COERCE")],
        "{events:#?}"
    );
}

#[test]
fn a_scathing_attack_is_criticism_and_a_nuclear_test_no_bombing() {
    let text = "وشن الوزير هجوما لاذعا على الحكومة يوم الخميس. \
                وشن تنظيم داعش هجوما على الحاجز أمس. وأجرت كوريا الشمالية تفجيرا نوويا يوم الاثنين.";
    let (events, _) = run(
        text,
        &[
            ("يوم الخميس", EntityType::Date),
            ("داعش", EntityType::Org),
            ("أمس", EntityType::Date),
            ("كوريا الشمالية", EntityType::Loc),
            ("يوم الاثنين", EntityType::Date),
        ],
        "2015-07-23",
    );
    // A nuclear test is no bombing.
    assert_eq!(
        typed(text, &events),
        vec![("هجوما", "DISAPPROVE"), ("هجوما", "ASSAULT")],
        "{events:#?}"
    );
}

#[test]
fn clashes_of_armed_parties_are_fighting_and_of_protesters_a_riot() {
    let text = "ودارت مواجهات عنيفة بين المقاومة الشعبية والمسلحين الحوثيين يوم الخميس. \
                واندلعت مواجهات بين المتظاهرين والشرطة أمس.";
    let (events, _) = run(
        text,
        &[
            ("المقاومة الشعبية", EntityType::Org),
            ("الحوثيين", EntityType::Org),
            ("يوم الخميس", EntityType::Date),
            ("أمس", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        typed(text, &events),
        vec![("مواجهات", "ASSAULT"), ("مواجهات", "PROTEST")],
        "{events:#?}"
    );
}

#[test]
fn clashes_beside_the_fighting_of_their_sentence_are_fighting() {
    let text =
        "وشنت العصابات غارات على القرى يوم الخميس، ودارت إثر الغارات مواجهات مع السكان في حلب.";
    let (events, _) = run(
        text,
        &[("يوم الخميس", EntityType::Date), ("حلب", EntityType::Loc)],
        "2015-07-23",
    );
    assert_eq!(
        typed(text, &events),
        vec![("غارات", "ASSAULT"), ("مواجهات", "ASSAULT")],
        "{events:#?}"
    );
}

#[test]
fn an_achievement_a_sending_off_a_state_of_control_and_an_unnamed_source_are_no_events() {
    // Controls: an investigation opened, diplomats expelled, control taken, a plan refused.
    let text = "وفتحت الشرطة تحقيقا في الحادث يوم الخميس. وتسعى الحكومة الليبية لتحقيق الاستقرار في البلاد. \
                وطردت مصر السفير التركي يوم الخميس. وطرد الحكم اللاعب محمد صلاح يوم الخميس. \
                وسيطرت القوات الحكومية على المدينة يوم الخميس. وبقيت القرية تحت سيطرتها يوم الخميس. \
                ورفض محمود عباس الخطة يوم الخميس. وقال مسؤول رفض الكشف عن هويته إن الوضع هادئ.";
    let (events, _) = run(
        text,
        &[
            ("يوم الخميس", EntityType::Date),
            ("الليبية", EntityType::Norp),
            ("مصر", EntityType::Loc),
            ("التركي", EntityType::Norp),
            ("محمد صلاح", EntityType::Per),
            ("محمود عباس", EntityType::Per),
        ],
        "2015-07-23",
    );
    assert_eq!(
        typed(text, &events),
        vec![
            ("تحقيقا", "ACCUSE"),
            ("طردت", "SANCTION"),
            ("سيطرت", "ASSAULT"),
            ("رفض", "REJECT"),
        ],
        "{events:#?}"
    );
}

#[test]
fn an_intransitive_verb_with_a_pronoun_is_its_possessed_noun() {
    // «تجمعهم» is their gathering: «تجمع» takes no object. The first sentence is the control.
    let text = "وتجمع مئات المتظاهرين أمس أمام البرلمان. \
                وقال المصدر إن الشرطة حاصرت المتظاهرين في أماكن تجمعهم.";
    let (events, _) = run(text, &[("أمس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        triggers_of(text, &events, "PROTEST"),
        vec!["تجمع"],
        "{events:#?}"
    );
}

#[test]
fn a_showcase_called_tazahura_is_no_demonstration() {
    // «تظاهرة» is also a festival; the second sentence is the control.
    let text = "وافتتحت في بيروت أمس تظاهرة ثقافية للكتاب. \
                وخرجت في طرابلس يوم الأحد تظاهرة تطالب بالإصلاح.";
    let (events, _) = run(
        text,
        &[
            ("بيروت", EntityType::Loc),
            ("أمس", EntityType::Date),
            ("طرابلس", EntityType::Loc),
            ("يوم الأحد", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        triggers_of(text, &events, "PROTEST"),
        vec!["تظاهرة"],
        "{events:#?}"
    );
}

#[test]
fn a_gathering_of_police_or_of_vehicles_is_no_rally() {
    // The last sentence is the control.
    let text = "وتجمعت مئات السيارات عند المعبر في البصرة أمس. \
                وتجمعت الشرطة قرب المتظاهرين في الموصل يوم الأحد. \
                وتجمع مئات المتظاهرين في بغداد يوم الخميس.";
    let (events, _) = run(
        text,
        &[
            ("البصرة", EntityType::Loc),
            ("أمس", EntityType::Date),
            ("الموصل", EntityType::Loc),
            ("يوم الأحد", EntityType::Date),
            ("بغداد", EntityType::Loc),
            ("يوم الخميس", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        triggers_of(text, &events, "PROTEST"),
        vec!["تجمع"],
        "{events:#?}"
    );
}

#[test]
fn holding_fast_to_silence_is_no_sit_in() {
    // The second sentence is the control.
    let text =
        "واعتصم الوزير بالصمت في بغداد أمس. واعتصم المعلمون أمام الوزارة في البصرة يوم الأحد.";
    let (events, _) = run(
        text,
        &[
            ("بغداد", EntityType::Loc),
            ("أمس", EntityType::Date),
            ("البصرة", EntityType::Loc),
            ("يوم الأحد", EntityType::Date),
        ],
        "2015-07-23",
    );
    assert_eq!(
        triggers_of(text, &events, "PROTEST"),
        vec!["اعتصم"],
        "{events:#?}"
    );
}

#[test]
fn a_verbal_noun_of_motive_is_no_event_of_its_own() {
    // «احتجاجاً على», «تنديداً بـ» tell why the sit-in and the march were held.
    let text = "واعتصم مئات العمال أمس أمام الوزارة احتجاجاً على قرار الحكومة. \
                وتظاهر الطلاب أمس في العاصمة تنديداً بالقرار.";
    let (events, _) = run(text, &[("أمس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        triggers_of(text, &events, "PROTEST"),
        vec!["اعتصم", "تظاهر"],
        "{events:#?}"
    );
    assert!(
        triggers_of(text, &events, "DISAPPROVE").is_empty(),
        "{events:#?}"
    );
    // The control: a protest organized is an object, not a motive, and stays an event.
    let text = "ونظم المعلمون احتجاجا أمام البرلمان أمس.";
    let (events, _) = run(text, &[("أمس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        triggers_of(text, &events, "PROTEST"),
        vec!["احتجاجا"],
        "{events:#?}"
    );
}

#[test]
fn a_strike_is_told_by_its_verb_with_what_is_struck_from() {
    // «أضرب عن العمل» is the strike's verb; «يضرب» with no such cue hits.
    let text = "وأضرب عمال الموانئ عن العمل أمس. ويضرب الإعصار السواحل الشرقية منذ أمس.";
    let (events, _) = run(text, &[("أمس", EntityType::Date)], "2015-07-23");
    assert_eq!(
        triggers_of(text, &events, "PROTEST"),
        vec!["أضرب"],
        "{events:#?}"
    );
}

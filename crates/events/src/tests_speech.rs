//! What is said and how a happening is told: content cues of reported speech (intent,
//! support; what is fought is not what is accused), a demand written as what a named actor must
//! do, the passive periphrasis, the speaker named at the end of a long title, and a named person's statement by a clause.

use khabar_ner::{EntityType, Mention};

use crate::tests::{arg, run, source_of, target_of, trigger, typed};
use crate::EventMention;

#[test]
fn keenness_affirmed_is_intent_and_a_supporter_named_is_support() {
    let text = "وأكد كارتر حرص الولايات المتحدة على تعزيز الأمن في المنطقة. \
                وأكد الجبير أن مصر جزء أساسي وداعم للتحالف.";
    let (events, _) = run(
        text,
        &[
            ("كارتر", EntityType::Per),
            ("الولايات المتحدة", EntityType::Loc),
            ("الجبير", EntityType::Per),
            ("مصر", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let found: Vec<(&str, &str)> = typed(text, &events);
    assert_eq!(
        found,
        vec![("أكد", "AGREE"), ("أكد", "SUPPORT")],
        "{events:#?}"
    );
}

#[test]
fn what_a_named_actor_must_do_is_demanded_of_it_and_a_rule_is_not() {
    let text = "وقال باتاكي: \"يتوجب على الكونغرس أن يرفض الاتفاق\". \
                ويجب على المسافرين حمل جوازاتهم.";
    let (events, mentions) = run(
        text,
        &[("باتاكي", EntityType::Per), ("الكونغرس", EntityType::Org)],
        "2015-07-23",
    );
    let demands: Vec<(&str, Option<&str>)> = events
        .iter()
        .filter(|e| e.event_type == "DEMAND")
        .map(|e| {
            let target = e.target.as_ref().map(|a| a.mention);
            (trigger(text, e), arg(text, &mentions, target))
        })
        .collect();
    assert_eq!(
        demands,
        vec![("يتوجب على", Some("الكونغرس"))],
        "{events:#?}"
    );
}

#[test]
fn a_verbal_noun_after_the_passive_auxiliary_is_a_report_even_when_possessed() {
    // «تم استجوابه» is «استُجوب», a past happening; the imperfect «يتم» is generic.
    let text = "وذهب المحامي إلى المخابرات يوم الجمعة وتم استجوابه لعدة ساعات. \
                ويتم استجواب المشتبه بهم عادة في المخافر.";
    let (events, _) = run(text, &[("يوم الجمعة", EntityType::Date)], "2015-07-23");
    let found: Vec<&str> = events.iter().map(|e| trigger(text, e)).collect();
    assert_eq!(found, vec!["استجوابه"], "{events:#?}");
}

#[test]
fn an_act_said_to_be_done_to_civilians_or_unlawfully_is_an_accusation() {
    let text = "وقال الطبيب إن القتلى سقطوا خلال عمليات العنف التي قامت بها الميليشيات ضد \
                المدنيين. وأضاف المحامي أن موكله اعتقل بشكل غير قانوني.";
    let (events, _) = run(
        text,
        &[("الطبيب", EntityType::Per), ("المحامي", EntityType::Per)],
        "2015-07-23",
    );
    let speech: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.event_type == "ACCUSE")
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect();
    assert_eq!(
        speech,
        vec![("قال", "1122"), ("أضاف", "1122")],
        "{events:#?}"
    );
}

#[test]
fn an_abuse_of_the_person_named_in_what_is_said_is_an_accusation() {
    let text = "وذكرت منظمة العفو الدولية أن جنود الجيش ارتكبوا أعمال اغتصاب في القرية. \
                وأعلنت المنظمة أن ناشطين تعرضوا للإخفاء القسري.";
    let (events, _) = run(
        text,
        &[("منظمة العفو الدولية", EntityType::Org)],
        "2015-07-23",
    );
    let speech: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.event_type == "ACCUSE")
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect();
    assert_eq!(
        speech,
        vec![("ذكرت", "1122"), ("أعلنت", "1122")],
        "{events:#?}"
    );
}

#[test]
fn a_happening_told_in_a_clause_of_its_own_is_not_dated_by_the_announcement() {
    let text = "وأفاد مصدر في المقاومة، أمس الأربعاء، بأن المقاومة سيطرت على المدينة. \
                وقصفت الطائرات مواقع المسلحين أمس الأربعاء.";
    let (events, _) = run(
        text,
        &[
            ("المقاومة", EntityType::Org),
            ("أمس الأربعاء", EntityType::Date),
            ("المقاومة", EntityType::Org),
            ("أمس الأربعاء", EntityType::Date),
        ],
        "2015-07-23",
    );
    let dated: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (trigger(text, e), e.date.as_ref().map(|d| d.value.as_str())))
        .collect();
    assert_eq!(
        dated,
        vec![("سيطرت", None), ("قصفت", Some("2015-07-22"))],
        "{events:#?}"
    );
}

#[test]
fn a_bad_judgement_of_a_deal_is_criticism_and_a_city_named_like_it_is_not() {
    let text = "وأكد ديرشوفيتز أن الاتفاق سيء. \
                وقال المدير باحميش إن السيول قطعت الطريق بين المكلا وسيئون.";
    let (events, _) = run(
        text,
        &[
            ("ديرشوفيتز", EntityType::Per),
            ("باحميش", EntityType::Per),
            ("المكلا", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let criticism: Vec<&str> = events
        .iter()
        .filter(|e| e.event_type == "DISAPPROVE")
        .map(|e| trigger(text, e))
        .collect();
    assert_eq!(criticism, vec!["أكد"], "{events:#?}");
}

#[test]
fn a_quotation_going_on_in_the_next_sentence_is_still_the_speakers() {
    let text = "وقال الحاكم جورج باتاكي في كلمة أمام المتظاهرين \"إنه اتفاق رهيب يجب رفضه. \
                يتوجب على الكونغرس أن يقوم بعمله\".";
    let (events, mentions) = run(
        text,
        &[
            ("جورج باتاكي", EntityType::Per),
            ("الكونغرس", EntityType::Org),
        ],
        "2015-07-23",
    );
    let demand = events
        .iter()
        .find(|e| e.event_type == "DEMAND")
        .expect("the demand of the second sentence");
    let source = source_of(text, &mentions, demand);
    assert_eq!(source, Some("جورج باتاكي"), "{events:#?}");
}

#[test]
fn what_a_named_actor_will_do_cooperatively_is_its_stated_intent_and_an_aim_is_not() {
    let text = "German Foreign Minister Oskar Fischer will visit Albania in June. \
                Carter arrived in Baghdad on Thursday to hold talks with Iraqi leaders.";
    let (events, _) = run(
        text,
        &[
            ("Oskar Fischer", EntityType::Per),
            ("Albania", EntityType::Loc),
            ("June", EntityType::Date),
            ("Carter", EntityType::Per),
            ("Baghdad", EntityType::Loc),
            ("Thursday", EntityType::Date),
            ("Iraqi", EntityType::Norp),
        ],
        "1988-03-02",
    );
    let intents: Vec<(&str, &str)> = events
        .iter()
        .filter(|e| e.event_type == "AGREE")
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect();
    assert_eq!(intents, vec![("visit", "036")], "{events:#?}");
}

#[test]
fn the_subject_of_bare_reported_speech_is_the_target_of_what_is_said() {
    let text = "وقال الجبير إيران تدعم الإرهاب في المنطقة.";
    let (events, mentions) = run(
        text,
        &[("الجبير", EntityType::Per), ("إيران", EntityType::Loc)],
        "2015-07-23",
    );
    let accusation = events
        .iter()
        .find(|e| e.event_type == "ACCUSE")
        .expect("the accusation");
    let target = target_of(text, &mentions, accusation);
    assert_eq!(target, Some("إيران"), "{events:#?}");
}

#[test]
fn a_speech_act_in_the_present_by_a_named_actor_is_said_now_and_undated() {
    let text = "واعتقل الصحافي يوم الأربعاء. وينفي رضايان هذه الاتهامات.";
    let (events, _) = run(
        text,
        &[
            ("يوم الأربعاء", EntityType::Date),
            ("رضايان", EntityType::Per),
        ],
        "2015-07-23",
    );
    let denial = events
        .iter()
        .find(|e| e.cameo == "016")
        .expect("the denial");
    assert_eq!(denial.modality, crate::Modality::Asserted);
    assert_eq!(denial.date, None, "{events:#?}");
}

#[test]
fn a_speech_verb_joined_by_and_goes_on_with_the_previous_speaker() {
    let text = "وقال الجبير: \"لا نشك بموقف مصر\" ، وأكد على أن مصر داعم للتحالف.";
    let (events, mentions) = run(
        text,
        &[
            ("الجبير", EntityType::Per),
            ("مصر", EntityType::Loc),
            ("مصر", EntityType::Loc),
        ],
        "2015-07-23",
    );
    let support = events
        .iter()
        .find(|e| e.event_type == "SUPPORT")
        .expect("the support");
    let source = source_of(text, &mentions, support);
    assert_eq!(source, Some("الجبير"), "{events:#?}");
}

#[test]
fn fighting_terrorism_or_corruption_is_no_accusation() {
    let text = "وقال الوزير خالد سعيد إن إيران تدعم الإرهاب في المنطقة. \
                وقال الوزير أحمد علي إن الحكومة ستركز على محاربة الفساد.";
    let (events, _) = run(
        text,
        &[
            ("خالد سعيد", EntityType::Per),
            ("إيران", EntityType::Loc),
            ("أحمد علي", EntityType::Per),
        ],
        "2015-07-23",
    );
    let accusations: Vec<&str> = events
        .iter()
        .filter(|e| e.event_type == "ACCUSE")
        .map(|e| trigger(text, e))
        .collect();
    assert_eq!(accusations, vec!["قال"], "{events:#?}");
}

#[test]
fn the_speaker_is_the_person_at_the_end_of_a_long_title_phrase() {
    // The nationality and the place belong to the commander's title, not to the speaker.
    let text = "وقال قائد اللواء 12 المسؤول عن حماية الحدود الأردنية مع سوريا العقيد سامر الخطيب: \
                «نحن مستعدون لأي طارئ على طول الحدود الشمالية».";
    let (events, mentions) = run(
        text,
        &[
            ("الأردنية", EntityType::Norp),
            ("سوريا", EntityType::Loc),
            ("سامر الخطيب", EntityType::Per),
        ],
        "2015-07-23",
    );
    let speakers: Vec<_> = events
        .iter()
        .filter(|e| trigger(text, e) == "قال")
        .map(|e| source_of(text, &mentions, e))
        .collect();
    assert_eq!(speakers, vec![Some("سامر الخطيب")], "{events:#?}");
}

#[test]
fn a_named_person_stating_a_clause_is_a_statement_unless_the_clause_reports_a_happening() {
    // The second sentence reports the attack the speaker tells, not a statement.
    let text = "وأوضح سامر الخطيب أن الحكومة ستعود إلى العاصمة قريبا. \
                وقال سامر الخطيب إن مسلحين هاجموا مركزا للشرطة أمس.";
    let (events, mentions) = run(
        text,
        &[("سامر الخطيب", EntityType::Per), ("أمس", EntityType::Date)],
        "2015-07-23",
    );
    let statements = statements(text, &events, &mentions);
    assert_eq!(
        statements,
        vec![("أوضح", Some("سامر الخطيب"))],
        "{events:#?}"
    );
}

#[test]
fn a_statement_beside_another_actors_event_or_a_negated_one_is_still_made() {
    // The visit is Hamas's, and the denied visit did not happen: the statement is the speaker's.
    let text = "وبعد زيارة وفد حماس إلى القاهرة أمس قال سامر الخطيب إن المحادثات \
                كانت مثمرة، ولم تكن زيارة رسمية.";
    let (events, mentions) = run(
        text,
        &[
            ("حماس", EntityType::Org),
            ("أمس", EntityType::Date),
            ("سامر الخطيب", EntityType::Per),
        ],
        "2015-07-23",
    );
    let statements = statements(text, &events, &mentions);
    assert_eq!(
        statements,
        vec![("قال", Some("سامر الخطيب"))],
        "{events:#?}"
    );
}

/// The trigger and speaker of each plain statement (OTHER) of a text.
fn statements<'a>(
    text: &'a str,
    events: &[EventMention],
    mentions: &[Mention],
) -> Vec<(&'a str, Option<&'a str>)> {
    events
        .iter()
        .filter(|e| e.event_type == "OTHER")
        .map(|e| (trigger(text, e), source_of(text, mentions, e)))
        .collect()
}

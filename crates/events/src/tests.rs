//! Extraction tests on whole texts: the seed article (issue 5) with its gold entities, and
//! small Arabic and English texts for negation, modality, continuations and clusters.

use chrono::NaiveDate;
use khabar_ner::{EntityType, Mention};
use khabar_text::normalize_key;

use crate::{EventMention, Extractor, Modality, Polarity};

/// Mentions for `(surface, type)` pairs, found in text order; clusters by normalized form or,
/// for persons, by last name.
fn mentions_for(
    text: &str,
    extractor: &Extractor,
    entities: &[(&str, EntityType)],
) -> Vec<Mention> {
    let analysis = khabar_text::analyze(text, None);
    let mut out: Vec<Mention> = Vec::new();
    let mut from = 0;
    for &(surface, entity_type) in entities {
        // The surfaces are listed in text order; a missing one is a bug in the test.
        let start = from + text[from..].find(surface).expect("entity surface in text");
        from = start + surface.len();
        out.push(mention(
            text,
            &analysis,
            extractor,
            start,
            from,
            entity_type,
            &out,
        ));
    }
    out
}

fn mention(
    text: &str,
    analysis: &khabar_text::Analysis,
    extractor: &Extractor,
    start: usize,
    end: usize,
    entity_type: EntityType,
    earlier: &[Mention],
) -> Mention {
    let surface = &text[start..end];
    let normalized = normalize_key(surface);
    let link = match entity_type {
        EntityType::Loc | EntityType::Norp => extractor.country_iso2(surface),
        _ => None,
    };
    let cluster = earlier
        .iter()
        .position(|m| {
            m.entity_type == entity_type
                && (m.normalized == normalized
                    || (entity_type == EntityType::Per
                        && (m.normalized.ends_with(&format!(" {normalized}"))
                            || normalized.ends_with(&format!(" {}", m.normalized)))))
        })
        .map(|i| earlier[i].cluster)
        .unwrap_or(earlier.len());
    let sentence = analysis
        .sentences
        .iter()
        .position(|s| s.start <= start && start < s.end)
        .unwrap_or(0);
    Mention {
        start,
        end,
        entity_type,
        normalized,
        link,
        transliteration: None,
        cluster,
        sentence,
        confidence: 1.0,
    }
}

pub(crate) fn run(
    text: &str,
    entities: &[(&str, EntityType)],
    published: &str,
) -> (Vec<EventMention>, Vec<Mention>) {
    let extractor = Extractor::embedded().expect("embedded lexicons are valid");
    let mentions = mentions_for(text, &extractor, entities);
    let analysis = khabar_text::analyze(text, None);
    let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
    (
        extractor.extract(text, &analysis, &mentions, published),
        mentions,
    )
}

pub(crate) fn trigger<'a>(text: &'a str, e: &EventMention) -> &'a str {
    &text[e.trigger_start..e.trigger_end]
}

pub(crate) fn arg<'a>(
    text: &'a str,
    mentions: &[Mention],
    index: Option<usize>,
) -> Option<&'a str> {
    index.map(|i| &text[mentions[i].start..mentions[i].end])
}

/// Each event's trigger and type.
pub(crate) fn typed<'a>(text: &'a str, events: &'a [EventMention]) -> Vec<(&'a str, &'a str)> {
    events
        .iter()
        .map(|e| (trigger(text, e), e.event_type.as_str()))
        .collect()
}

/// The triggers of the events of one type, whatever their modality.
pub(crate) fn triggers_of<'a>(
    text: &'a str,
    events: &'a [EventMention],
    event_type: &str,
) -> Vec<&'a str> {
    events
        .iter()
        .filter(|e| e.event_type == event_type)
        .map(|e| trigger(text, e))
        .collect()
}

/// The triggers and CAMEO codes of the asserted events of one type.
pub(crate) fn asserted_of<'a>(
    text: &'a str,
    events: &'a [EventMention],
    event_type: &str,
) -> Vec<(&'a str, &'a str)> {
    events
        .iter()
        .filter(|e| e.modality == Modality::Asserted && e.event_type == event_type)
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect()
}

/// Each event's trigger and CAMEO code.
pub(crate) fn cameos<'a>(text: &'a str, events: &'a [EventMention]) -> Vec<(&'a str, &'a str)> {
    events
        .iter()
        .map(|e| (trigger(text, e), e.cameo.as_str()))
        .collect()
}

/// Each asserted event's trigger, type and CAMEO code.
pub(crate) fn coded<'a>(
    text: &'a str,
    events: &'a [EventMention],
) -> Vec<(&'a str, &'a str, &'a str)> {
    events
        .iter()
        .filter(|e| e.modality == Modality::Asserted)
        .map(|e| (trigger(text, e), e.event_type.as_str(), e.cameo.as_str()))
        .collect()
}

/// The text of an event's source.
pub(crate) fn source_of<'a>(
    text: &'a str,
    mentions: &[Mention],
    e: &EventMention,
) -> Option<&'a str> {
    arg(text, mentions, e.source.as_ref().map(|a| a.mention))
}

/// The text of an event's target.
pub(crate) fn target_of<'a>(
    text: &'a str,
    mentions: &[Mention],
    e: &EventMention,
) -> Option<&'a str> {
    arg(text, mentions, e.target.as_ref().map(|a| a.mention))
}

/// Each event's trigger, source text and target text.
pub(crate) fn roles<'a>(
    text: &'a str,
    events: &[EventMention],
    mentions: &[Mention],
) -> Vec<(&'a str, Option<&'a str>, Option<&'a str>)> {
    events
        .iter()
        .map(|e| {
            let target = target_of(text, mentions, e);
            (trigger(text, e), source_of(text, mentions, e), target)
        })
        .collect()
}

/// Each event's trigger and source text.
pub(crate) fn sources<'a>(
    text: &'a str,
    events: &[EventMention],
    mentions: &[Mention],
) -> Vec<(&'a str, Option<&'a str>)> {
    events
        .iter()
        .map(|e| {
            let source = e.source.as_ref().map(|a| a.mention);
            (trigger(text, e), arg(text, mentions, source))
        })
        .collect()
}

/// The seed article of issue 5 with its gold entities (char offsets in the fixture).
#[test]
fn seed_events_have_their_actors_and_dates() {
    let gold: serde_json::Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/shoigu-baghdad.ar.gold.json"
    ))
    .expect("fixture is JSON");
    let text = gold["text"].as_str().expect("text");
    let extractor = Extractor::embedded().expect("lexicons");
    let analysis = khabar_text::analyze(text, Some("ar"));
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let mut mentions: Vec<Mention> = Vec::new();
    for e in gold["entities"].as_array().expect("entities") {
        let (s, t) = (
            e["start"].as_u64().unwrap_or(0) as usize,
            e["end"].as_u64().unwrap_or(0) as usize,
        );
        let surface = &text[bytes[s]..bytes[t]];
        let entity_type = match e["type"].as_str() {
            Some("PER") => EntityType::Per,
            Some("ORG") => EntityType::Org,
            Some("LOC") => EntityType::Loc,
            Some("DATE") => EntityType::Date,
            _ if extractor.is_demonym(surface) => EntityType::Norp,
            _ => EntityType::Misc,
        };
        let m = mention(
            text,
            &analysis,
            &extractor,
            bytes[s],
            bytes[t],
            entity_type,
            &mentions,
        );
        mentions.push(m);
    }
    let events = extractor.extract(
        text,
        &analysis,
        &mentions,
        NaiveDate::from_ymd_opt(2025, 9, 16),
    );
    if std::env::var("PRINT_SEED").is_ok() {
        for e in &events {
            let code = |a: &Option<crate::ActorRef>| {
                a.as_ref().map(|a| {
                    (
                        arg(text, &mentions, Some(a.mention)),
                        a.country.clone(),
                        a.sector.clone(),
                    )
                })
            };
            eprintln!(
                "s{} {} {}/{:?}/{} src={:?} tgt={:?} loc={:?} date={:?} cluster={} conf={:.2} {:?} {:?}",
                e.sentence,
                trigger(text, e),
                e.event_type,
                e.mode,
                e.cameo,
                code(&e.source),
                code(&e.target),
                arg(text, &mentions, e.location),
                e.date.as_ref().map(|d| (d.value.clone(), arg(text, &mentions, Some(d.mention)))),
                e.cluster,
                e.confidence,
                e.polarity,
                e.modality
            );
        }
    }
    let find = |cameo: &str, word: &str| {
        events
            .iter()
            .find(|e| {
                e.cameo == cameo && trigger(text, e) == word && e.polarity == Polarity::Positive
            })
            .unwrap_or_else(|| panic!("no {cameo} event on '{word}' in {events:#?}"))
    };
    let src = |e: &EventMention| source_of(text, &mentions, e);
    let tgt = |e: &EventMention| target_of(text, &mentions, e);

    let visit = find("042", "زيارة");
    assert_eq!(
        (visit.event_type.as_str(), visit.mode.as_deref()),
        ("CONSULT", Some("visit"))
    );
    assert_eq!(src(visit), Some("سيرغي شويغو"));
    let shoigu = visit.source.as_ref().expect("source");
    assert_eq!(
        (shoigu.country.as_deref(), shoigu.sector.as_deref()),
        (Some("RUS"), Some("GOV"))
    );
    assert_eq!(tgt(visit), Some("بغداد"));
    assert_eq!(arg(text, &mentions, visit.location), Some("بغداد"));
    assert_eq!(
        visit.date.as_ref().map(|d| d.value.as_str()),
        Some("2025-09-16")
    );

    let host = find("043", "استقبل");
    assert_eq!(
        (host.event_type.as_str(), host.mode.as_deref()),
        ("CONSULT", Some("host"))
    );
    assert_eq!(src(host), Some("السوداني"));
    // A surname that looks like a demonym («السوداني») is not a nationality.
    assert_ne!(
        host.source.as_ref().and_then(|a| a.country.as_deref()),
        Some("SDN")
    );
    let novak = host.target.as_ref().expect("target");
    assert_eq!(
        (novak.country.as_deref(), novak.sector.as_deref()),
        (Some("RUS"), Some("GOV"))
    );
    assert_eq!(tgt(host), Some("إلكسندر نوفاك"));
    assert_eq!(
        host.date.as_ref().map(|d| d.value.as_str()),
        Some("2025-09-16")
    );

    let appeal = find("020", "دعا");
    assert_eq!(appeal.event_type, "REQUEST");
    assert_eq!(src(appeal), Some("محسن المندلاوي"));
    assert_eq!(tgt(appeal), Some("روسيا"));
    assert_eq!(
        appeal.date.as_ref().map(|d| d.value.as_str()),
        Some("2025-09-11")
    );

    // The visit announced in the lead and again in the quoted statement is one happening.
    let visits: Vec<&EventMention> = events
        .iter()
        .filter(|e| e.cameo == "042" && src(e) == Some("سيرغي شويغو"))
        .collect();
    assert!(visits.len() >= 2, "{visits:#?}");
    assert!(visits.iter().all(|e| e.cluster == visits[0].cluster));
    // Every span is valid and events come in text order.
    assert!(events
        .windows(2)
        .all(|w| w[0].trigger_start <= w[1].trigger_start));
    assert!(events
        .iter()
        .all(|e| e.trigger_start < e.trigger_end && text.is_char_boundary(e.trigger_start)));
}

#[test]
fn negated_and_future_events_are_flagged_not_dropped() {
    let text = "لم يستقبل الرئيس المصري أحمد سالم نظيره التونسي. وسيزور أحمد سالم الجزائر الأسبوع \
                المقبل. وستقصف الطائرات الإسرائيلية المدينة.";
    let (events, _) = run(
        text,
        &[
            ("المصري", EntityType::Norp),
            ("أحمد سالم", EntityType::Per),
            ("التونسي", EntityType::Norp),
            ("أحمد سالم", EntityType::Per),
            ("الجزائر", EntityType::Loc),
            ("الإسرائيلية", EntityType::Norp),
        ],
        "2026-11-02",
    );
    let host = events
        .iter()
        .find(|e| e.cameo == "043")
        .expect("host event");
    assert_eq!(host.polarity, Polarity::Negative);
    // What a named actor will do cooperatively is its stated intent (AGREE 036).
    let visit = events
        .iter()
        .find(|e| e.cameo == "036")
        .expect("intent to visit");
    assert_eq!(visit.modality, Modality::Asserted);
    let strike = events
        .iter()
        .find(|e| e.event_type == "ASSAULT")
        .expect("strike event");
    assert_eq!(strike.modality, Modality::Future);
    assert_eq!(strike.polarity, Polarity::Positive);
}

#[test]
fn continuation_takes_the_previous_speaker_and_the_story_date() {
    let text = "القاهرة - قال وزير الخارجية المصري كريم حسن، اليوم الأحد، إن بلاده «ستواصل العمل مع الشركاء». وأضاف أن مصر رفضت أي تدخل خارجي في شؤون السودان.";
    let (events, mentions) = run(
        text,
        &[
            ("القاهرة", EntityType::Loc),
            ("المصري", EntityType::Norp),
            ("كريم حسن", EntityType::Per),
            ("اليوم الأحد", EntityType::Date),
            ("مصر", EntityType::Loc),
            ("السودان", EntityType::Loc),
        ],
        "2026-11-08",
    );
    let reject = events
        .iter()
        .find(|e| e.event_type == "REJECT")
        .expect("reject event");
    assert_eq!(source_of(text, &mentions, reject), Some("مصر"));
    assert_eq!(
        reject.date.as_ref().map(|d| d.value.as_str()),
        Some("2026-11-08")
    );
}

#[test]
fn english_arguments_modality_and_reciprocal_events() {
    let text = "WARSAW — Poland and Ukraine signed a defence agreement on Tuesday. \
                Polish Prime Minister Anna Nowak said Warsaw would host talks with Kyiv next month. \
                Russia did not attack the convoy.";
    let (events, mentions) = run(
        text,
        &[
            ("WARSAW", EntityType::Loc),
            ("Poland", EntityType::Loc),
            ("Ukraine", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Polish", EntityType::Norp),
            ("Anna Nowak", EntityType::Per),
            ("Warsaw", EntityType::Loc),
            ("Kyiv", EntityType::Loc),
            ("next month", EntityType::Date),
            ("Russia", EntityType::Loc),
        ],
        "2026-11-12",
    );
    let name = |i: Option<usize>| arg(text, &mentions, i);
    let signed = events
        .iter()
        .find(|e| trigger(text, e) == "signed")
        .expect("signed");
    assert_eq!(
        (signed.event_type.as_str(), signed.cameo.as_str()),
        ("SUPPORT", "057")
    );
    assert_eq!(
        name(signed.source.as_ref().map(|a| a.mention)),
        Some("Poland")
    );
    assert_eq!(
        name(signed.target.as_ref().map(|a| a.mention)),
        Some("Ukraine")
    );
    assert_eq!(
        signed.date.as_ref().map(|d| d.value.as_str()),
        Some("2026-11-10")
    );
    assert_eq!(
        signed.source.as_ref().and_then(|a| a.country.as_deref()),
        Some("POL")
    );
    let talks = events
        .iter()
        .find(|e| trigger(text, e) == "talks")
        .expect("talks");
    assert_eq!(talks.modality, Modality::Future);
    let attack = events
        .iter()
        .find(|e| e.event_type == "ASSAULT")
        .expect("attack");
    assert_eq!(attack.polarity, Polarity::Negative);
}

#[test]
fn other_languages_give_no_events() {
    let extractor = Extractor::embedded().expect("lexicons");
    let text = "Le ministre a visité Bagdad mardi et a signé un accord avec le gouvernement.";
    let analysis = khabar_text::analyze(text, None);
    assert!(extractor.extract(text, &analysis, &[], None).is_empty());
}

#[test]
fn a_definite_title_noun_stands_for_the_last_organization_of_its_kind() {
    let text = "فرضت وزارة الخزانة الأمريكية، أمس الخميس، عقوبات على مصرف الرافدين. \
                وقالت الوزارة في بيان إن المصرف «تجاهل كل التحذيرات المتكررة من الجهات الرقابية».";
    let (events, mentions) = run(
        text,
        &[
            ("وزارة الخزانة الأمريكية", EntityType::Org),
            ("أمس الخميس", EntityType::Date),
            ("مصرف الرافدين", EntityType::Org),
        ],
        "2026-11-13",
    );
    let sanction = events
        .iter()
        .find(|e| e.event_type == "SANCTION")
        .expect("sanction");
    assert_eq!(
        sanction.date.as_ref().map(|d| d.value.as_str()),
        Some("2026-11-12")
    );
    assert_eq!(target_of(text, &mentions, sanction), Some("مصرف الرافدين"));
    let accuse = events
        .iter()
        .find(|e| e.event_type == "ACCUSE")
        .expect("accusation in the statement");
    assert_eq!(
        source_of(text, &mentions, accuse),
        Some("وزارة الخزانة الأمريكية")
    );
    // The ministry's statement belongs to the dateline story.
    assert_eq!(
        accuse.date.as_ref().map(|d| d.value.as_str()),
        Some("2026-11-12")
    );
}

#[test]
fn habitual_imperfects_and_bare_event_nouns_are_not_reports() {
    let text = "ينتقد الكتاب سياسات الحكومة دائماً. ويتطلب الأمر عقد قمة استثنائية.";
    let (events, _) = run(text, &[], "2026-11-13");
    assert!(events.is_empty(), "{events:#?}");
}

#[test]
fn english_passive_takes_the_by_phrase_as_source() {
    let text = "Delegations met in Geneva on Tuesday in talks hosted by Switzerland. \
                Two journalists were detained by Iranian police on Monday.";
    let (events, mentions) = run(
        text,
        &[
            ("Geneva", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Switzerland", EntityType::Loc),
            ("Iranian", EntityType::Norp),
            ("Monday", EntityType::Date),
        ],
        "2026-11-11",
    );
    let hosted = events
        .iter()
        .find(|e| trigger(text, e) == "hosted")
        .unwrap_or_else(|| panic!("hosted in {events:#?}"));
    assert_eq!(source_of(text, &mentions, hosted), Some("Switzerland"));
    let detained = events
        .iter()
        .find(|e| trigger(text, e) == "detained")
        .expect("detained");
    let police = detained.source.as_ref().expect("source");
    assert_eq!(arg(text, &mentions, Some(police.mention)), Some("Iranian"));
    assert_eq!(police.country.as_deref(), Some("IRN"));
    assert_eq!(
        detained.date.as_ref().map(|d| d.value.as_str()),
        Some("2026-11-09")
    );
}

#[test]
fn codebook_verbs_report_attacks_and_dawn_is_no_bombing() {
    let text = "فجر انتحاري نفسه في سوق مزدحمة. وسيطرت القوات على المطار فجر الخميس.";
    let (events, _) = run(text, &[], "2015-07-23");
    let found = cameos(text, &events);
    assert_eq!(found, vec![("فجر", "183"), ("سيطرت", "190")], "{events:#?}");
}

/// Token keys from the entity stage give the events of the keys the event stage computes
/// itself; keys that are not one per token are computed again.
#[test]
fn keys_from_the_entity_stage_give_the_same_events() {
    let gold: serde_json::Value = serde_json::from_str(include_str!(
        "../../../tests/fixtures/shoigu-baghdad.ar.gold.json"
    ))
    .expect("fixture is JSON");
    let text = gold["text"].as_str().expect("text");
    let recognizer = khabar_ner::Recognizer::embedded().expect("embedded models load");
    let extractor = Extractor::embedded().expect("lexicons");
    let analysis = khabar_text::analyze(text, Some("ar"));
    let published = NaiveDate::from_ymd_opt(2025, 9, 16);
    let (mentions, keys) = recognizer.recognize_with_keys(text, &analysis, published);
    let expected = extractor.extract(text, &analysis, &mentions, published);
    assert!(!expected.is_empty(), "the seed article has events");
    let given = extractor.extract_with_keys(text, &analysis, keys, &mentions, published);
    assert_eq!(given, expected);
    let misfit = vec![String::new()];
    let recomputed = extractor.extract_with_keys(text, &analysis, misfit, &mentions, published);
    assert_eq!(recomputed, expected);
}

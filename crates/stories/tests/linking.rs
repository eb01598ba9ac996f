//! The story stage's contract: deterministic records, incremental equal to batch, bounded
//! state, generic events never linking, near copies and the same happening linking.

use khabar_schema::{
    Actor, Argument, Article, Document, DocumentEntity, EntityType, EventRecord, EvidenceSentence,
    Modality, Polarity, Span, StoryRecord,
};
use khabar_stories::{compatible, link_all, Config, Head, Linkable, Linker, Report, Stage};

const KING_CARTER: &str = "استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر السلام \
     بجدة وزير الدفاع الأمريكي آشتون كارتر وجرى خلال الاستقبال استعراض العلاقات الثنائية \
     ومستجدات الأوضاع في المنطقة والتعاون العسكري بين البلدين";
const AID_PLANE: &str = "هبطت في مطار عدن الدولي أول طائرة مساعدات سعودية تحمل أدوية ومواد \
     غذائية لسكان المدينة بعد أسابيع من المعارك بين المقاومة الشعبية والمليشيات الحوثية";
const FOOTBALL: &str = "تعاقد نادي الاتحاد مع حارس المرمى في انتقال حر لمدة ثلاثة مواسم بعد \
     مفاوضات استمرت أسبوعين مع وكيل اللاعب وإدارة النادي السابق";

fn person(name: &str, country: &str) -> Actor {
    Actor {
        mention: Argument {
            start: 0,
            end: name.chars().count(),
            text: name.to_string(),
            normalized: name.to_string(),
            entity_type: EntityType::Per,
            link: None,
            geo: None,
        },
        country: Some(country.to_string()),
        sector: Some("GOV".to_string()),
        code: Some(format!("{country} GOV")),
    }
}

fn event(article: &str, event_type: &str, source: Actor, target: Actor) -> EventRecord {
    EventRecord {
        schema_version: "1.0.0".to_string(),
        event_id: format!("{article}-{event_type}"),
        cluster_id: format!("{article}-c0"),
        story_id: None,
        article_id: article.to_string(),
        published_at: None,
        url: None,
        language: "ar".to_string(),
        event_type: event_type.to_string(),
        mode: None,
        cameo: "040".to_string(),
        polarity: Polarity::Positive,
        modality: Modality::Asserted,
        trigger: Span {
            start: 0,
            end: 1,
            text: "x".to_string(),
        },
        source: Some(source),
        target: Some(target),
        location: None,
        date: None,
        sentence: EvidenceSentence {
            index: 0,
            start: 0,
            end: 1,
            text: "x".to_string(),
        },
        confidence: 1.0,
    }
}

fn document(id: &str, source: &str, events: Vec<EventRecord>) -> Document {
    Document {
        schema_version: "1.0.0".to_string(),
        pipeline_version: "test".to_string(),
        id: id.to_string(),
        title: None,
        source: Some(source.to_string()),
        url: None,
        published_at: None,
        language: "ar".to_string(),
        language_source: "input".to_string(),
        text_length: 0,
        meta: Default::default(),
        sentences: Vec::new(),
        entities: Vec::new(),
        events,
        text_signature: None,
    }
}

/// `document` with the people it names, each as a person entity in the sentence given.
fn naming(mut document: Document, people: &[(&str, usize)]) -> Document {
    document.entities = people
        .iter()
        .map(|&(name, sentence)| DocumentEntity {
            entity_type: EntityType::Per,
            start: 0,
            end: name.chars().count(),
            text: name.to_string(),
            normalized: name.to_string(),
            link: None,
            geo: None,
            transliteration: None,
            cluster: 0,
            sentence,
            confidence: 1.0,
        })
        .collect();
    document
}

fn report(id: &str, source: &str, text: &str, time: i64) -> Report {
    Report::new(&document(id, source, Vec::new()), Some(text), Some(time))
}

/// The texts of [`stream`].
fn stream_texts() -> Vec<String> {
    let texts = [KING_CARTER, AID_PLANE, FOOTBALL];
    (0..12)
        .map(|i| format!("{} {}", texts[i % 3], ["اليوم", "أمس", "الخميس", ""][i % 4]))
        .collect()
}

/// A stream of three happenings told by several outlets, with small edits.
fn stream() -> Vec<Report> {
    stream_texts()
        .iter()
        .enumerate()
        .map(|(i, text)| {
            report(
                &format!("a{i}"),
                &format!("outlet{}", i % 5),
                text,
                1000 + i as i64,
            )
        })
        .collect()
}

fn run(reports: Vec<Report>) -> Vec<StoryRecord> {
    let mut linker = Linker::new(Config::default());
    reports.into_iter().map(|r| linker.add(r)).collect()
}

#[test]
fn the_same_stream_gives_the_same_records() {
    let first = run(stream());
    assert_eq!(first, run(stream()));
    assert_eq!(
        first
            .iter()
            .map(|r| &r.story_id)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        3
    );
}

#[test]
fn a_document_record_links_as_its_article_text_does() {
    let pipeline = khabar_pipeline::Pipeline::new().expect("the embedded pipeline loads");
    let mut from_text = Vec::new();
    let mut from_record = Vec::new();
    for (i, text) in stream_texts().iter().enumerate() {
        let line = serde_json::json!({"id": format!("a{i}"), "source": "outlet", "text": text});
        let article = Article::from_json_bytes(line.to_string().as_bytes(), &Default::default())
            .expect("a valid article");
        let document = pipeline.process(&article);
        // As on Kafka: the record's bytes, without the text.
        let bytes = serde_json::to_vec(&document).expect("a record serializes");
        let record: Linkable = serde_json::from_slice(&bytes).expect("a record decodes");
        assert!(record.text_signature.is_some());
        from_text.push(Report::new(&document, Some(text), Some(i as i64)));
        from_record.push(Report::of(&record, None, Some(i as i64)));
    }
    let records = run(from_record);
    assert_eq!(records, run(from_text));
    let stories: std::collections::BTreeSet<_> = records.iter().map(|r| &r.story_id).collect();
    assert_eq!(stories.len(), 3);
}

#[test]
fn a_record_of_schema_1_1_without_a_signature_still_links_on_what_it_has() {
    let pipeline = khabar_pipeline::Pipeline::new().expect("the embedded pipeline loads");
    let line = serde_json::json!({"id": "old", "text": KING_CARTER});
    let article = Article::from_json_bytes(line.to_string().as_bytes(), &Default::default())
        .expect("a valid article");
    let mut value = serde_json::to_value(pipeline.process(&article)).expect("a record");
    let object = value.as_object_mut().expect("an object");
    object.remove("text_signature");
    for event in object["events"].as_array_mut().expect("events") {
        event.as_object_mut().expect("an event").remove("story_id");
    }
    let old: Document = serde_json::from_value(value).expect("a 1.1.0 record decodes");
    assert!(old.text_signature.is_none());
    assert!(!old.events.is_empty() && old.events.iter().all(|e| e.story_id.is_none()));
    let from_record = Report::new(&old, None, Some(0));
    let from_text = Report::new(&old, Some(KING_CARTER), Some(0));
    assert!(
        !from_record.terms.is_empty(),
        "the mentions and event sentences stand in"
    );
    let mut linker = Linker::new(Config::default());
    let first = linker.add(Report {
        id: "another outlet".to_string(),
        ..from_text
    });
    let second = linker.add(from_record);
    assert_eq!(first.story_id, second.story_id, "the same happening");
}

#[test]
fn incremental_records_end_where_the_batch_ends_and_versions_only_grow() {
    let records = run(stream());
    let batch = link_all(stream(), Config::default());
    let mut last: std::collections::BTreeMap<String, StoryRecord> = Default::default();
    for record in records {
        if let Some(previous) = last.get(&record.story_id) {
            assert!(record.version > previous.version);
        }
        last.insert(record.story_id.clone(), record);
    }
    assert_eq!(batch.len(), last.len());
    for story in &batch {
        assert_eq!(Some(story), last.get(&story.story_id));
    }
    let king = &batch[0];
    assert_eq!(
        (king.article_count, king.source_count, king.version),
        (4, 4, 4)
    );
}

#[test]
fn the_state_stays_within_its_bounds_and_its_window() {
    let config = Config {
        max_reports: 50,
        ..Config::default()
    };
    let mut linker = Linker::new(config);
    for i in 0..400 {
        let text = format!("{FOOTBALL} {i} {}", i * 7919);
        linker.add(report(&format!("b{i}"), "outlet", &text, i));
        let size = linker.size();
        assert!(size.reports <= 50 && size.stories <= 50, "{size:?}");
    }
    let mut linker = Linker::new(Config::default());
    for hour in 0..200 {
        linker.add(report(
            &format!("c{hour}"),
            "outlet",
            AID_PLANE,
            hour * 3600,
        ));
    }
    // Reports older than 72 h behind the newest leave: 73 hourly reports stay.
    assert_eq!(linker.size().reports, 73);
}

#[test]
fn a_shared_generic_event_never_links_two_stories() {
    let king = person("سلمان بن عبدالعزيز", "SAU");
    let carter = person("اشتون كارتر", "USA");
    let statement = |id: &str| event(id, "OTHER", king.clone(), carter.clone());
    let a = document("g1", "one", vec![statement("g1")]);
    let b = document("g2", "two", vec![statement("g2")]);
    assert!(!compatible(&a.events[0], &b.events[0]));
    let mut linker = Linker::new(Config::default());
    let first = linker.add(Report::new(&a, Some(AID_PLANE), Some(0)));
    let second = linker.add(Report::new(&b, Some(FOOTBALL), Some(0)));
    assert_ne!(first.story_id, second.story_id);
    assert_eq!(second.representative_event, None);
}

#[test]
fn the_same_visitor_received_by_two_hosts_is_two_stories() {
    let carter = person("اشتون كارتر", "USA");
    let host = |id: &str, name: &str| {
        let events = vec![event(id, "CONSULT", person(name, "SAU"), carter.clone())];
        naming(document(id, id, events), &[(name, 0), ("اشتون كارتر", 0)])
    };
    let king = host("k1", "سلمان بن عبد العزيز");
    let king_again = host("k2", "سلمان بن عبدالعزيز ال سعود");
    let prince = host("p1", "محمد بن سلمان بن عبدالعزيز");
    let prince_text = KING_CARTER.replace("خادم الحرمين الشريفين الملك", "ولي ولي العهد");
    let mut linker = Linker::new(Config::default());
    let a = linker.add(Report::new(&king, Some(KING_CARTER), Some(0)));
    let b = linker.add(Report::new(&prince, Some(&prince_text), Some(0)));
    let c = linker.add(Report::new(
        &king_again,
        Some(&format!("{KING_CARTER} اليوم")),
        Some(0),
    ));
    assert_ne!(a.story_id, b.story_id);
    assert_eq!(a.story_id, c.story_id);
    let representative = c.representative_event.expect("a typed event");
    assert_eq!(representative.event_type, "CONSULT");
}

#[test]
fn the_lede_is_what_the_first_sentence_names_whatever_the_events_say() {
    fn people(host: &str) -> [(&str, usize); 3] {
        [(host, 0), ("اشتون كارتر", 0), ("عادل الجبير", 1)]
    }
    let king = people("سلمان بن عبدالعزيز");
    let prince = naming(
        document("p1", "one", Vec::new()),
        &people("محمد بن سلمان بن عبدالعزيز"),
    );
    let prince = Report::new(&prince, Some(KING_CARTER), Some(0));
    let carter = person("اشتون كارتر", "USA");
    let mut place = person("جدة", "SAU");
    place.mention.entity_type = EntityType::Loc;
    // The event stage may name the host, something else, or find no event at all.
    for events in [
        vec![event(
            "k1",
            "CONSULT",
            person(king[0].0, "SAU"),
            carter.clone(),
        )],
        vec![event("k1", "CONSULT", place, carter.clone())],
        vec![event("k1", "AGREE", carter.clone(), carter)],
        Vec::new(),
    ] {
        let record = naming(document("k1", "two", events), &king);
        let report = Report::new(&record, Some(KING_CARTER), Some(0));
        assert!(report.lead_conflicts(&prince), "{:?}", record.events);
        let again = naming(record, &[("سلمان بن عبد العزيز", 0), ("كارتر", 2)]);
        assert!(!Report::new(&again, None, None).lead_conflicts(&report));
    }
}

#[test]
fn a_repeated_article_changes_nothing_and_gives_no_record() {
    let mut stage = Stage::new(Config::default());
    let mut with_repeats = Vec::new();
    for (i, report) in stream().into_iter().enumerate() {
        with_repeats.push(report.clone());
        if i % 4 == 3 {
            // An at-least-once redelivery: the last two again, in order.
            let n = with_repeats.len();
            with_repeats.extend_from_slice(&stream()[i - 1..=i]);
            assert_eq!(with_repeats.len(), n + 2);
        }
    }
    let records: Vec<StoryRecord> = with_repeats
        .into_iter()
        .filter_map(|r| stage.add("ar", r))
        .collect();
    assert_eq!(records, run(stream()));
}

#[test]
fn reports_of_different_keys_never_meet() {
    let mut stage = Stage::new(Config::default());
    let first = stage.add("ar", report("x1", "o1", KING_CARTER, 1000));
    let second = stage.add("en", report("x2", "o2", KING_CARTER, 1001));
    let third = stage.add("ar", report("x3", "o3", KING_CARTER, 1002));
    let (first, second, third) = (first.unwrap(), second.unwrap(), third.unwrap());
    assert_ne!(
        first.story_id, second.story_id,
        "another key, another story"
    );
    assert_eq!(
        first.story_id, third.story_id,
        "the same text, the same key"
    );
    assert_eq!(third.version, 2);
}

#[test]
fn the_stage_reads_a_record_as_the_schema_does_and_refuses_what_it_refuses() {
    let pipeline = khabar_pipeline::Pipeline::new().expect("the embedded pipeline loads");
    let line = serde_json::json!({"id": "k", "source": "outlet", "text": KING_CARTER});
    let article = Article::from_json_bytes(line.to_string().as_bytes(), &Default::default())
        .expect("a valid article");
    let value = serde_json::to_value(pipeline.process(&article)).expect("a record");
    let text = value.to_string();
    let document: Document = serde_json::from_str(&text).expect("a record decodes");
    let linkable: Linkable = serde_json::from_str(&text).expect("the stage reads it");
    assert!(!document.entities.is_empty() && !document.events.is_empty());
    assert_eq!(
        format!("{:?}", Report::of(&linkable, None, Some(0))),
        format!("{:?}", Report::new(&document, None, Some(0)))
    );
    // Without any one field, each reading refuses the record exactly when the schema does.
    let decodes = |value: &serde_json::Value| {
        let text = value.to_string();
        (
            serde_json::from_str::<Document>(&text).is_ok(),
            serde_json::from_str::<Linkable>(&text).is_ok(),
            Head::read(&mut serde_json::Deserializer::from_str(&text)).is_ok(),
        )
    };
    let mut refused = 0;
    for key in value.as_object().expect("an object").keys() {
        let mut without = value.clone();
        without.as_object_mut().expect("an object").remove(key);
        let (schema, stage, head) = decodes(&without);
        assert_eq!(stage, schema, "without {key}");
        // Forwarding reads the id and the language only.
        assert_eq!(
            head,
            !matches!(key.as_str(), "id" | "language"),
            "without {key}"
        );
        refused += usize::from(!schema);
    }
    for key in value["entities"][0].as_object().expect("an entity").keys() {
        let mut without = value.clone();
        without["entities"][0]
            .as_object_mut()
            .expect("an entity")
            .remove(key);
        let (schema, stage, _) = decodes(&without);
        assert_eq!(stage, schema, "an entity without {key}");
        refused += usize::from(!schema);
    }
    assert!(refused > 10, "most fields are required");
    let mut bad = value.clone();
    bad["events"][0]["polarity"] = serde_json::json!(5);
    assert_eq!(
        decodes(&bad),
        (false, false, true),
        "forwarding reads no event"
    );
}

/// A report holding `terms` (hash, count) alone: no text, entities or lede.
fn holding(id: &str, mut terms: Vec<(u64, u32)>) -> Report {
    let mut report = report(id, "outlet", "", 0);
    terms.sort_unstable();
    report.terms = terms;
    report
}

#[test]
fn a_term_most_reports_hold_links_nothing() {
    const COMMON: u64 = 1;
    // 70 reports that share the common term once, each with rare terms of its own: none
    // links another (the shared term weighs too little beside their own).
    let fillers = (0..70u64).map(|i| {
        let own = (0..5).map(|j| (1000 + 10 * i + j, 1));
        holding(&format!("f{i}"), own.chain([(COMMON, 1)]).collect())
    });
    // Two reports that say the common term over and over and share nothing else.
    let pair = [
        holding("a", vec![(COMMON, 255), (2, 1)]),
        holding("b", vec![(COMMON, 255), (3, 1)]),
    ];
    let stories = |config: Config| {
        let mut linker = Linker::new(config);
        let records: Vec<StoryRecord> = fillers
            .clone()
            .chain(pair.clone())
            .map(|r| linker.add(r))
            .collect();
        let fillers_linked = records[..70].iter().any(|r| r.article_count > 1);
        assert!(!fillers_linked, "each filler is its own story");
        (records[70].story_id.clone(), records[71].story_id.clone())
    };
    // Weighed, the repeated term alone makes the two one story; once it is held by more
    // than one report in 16, it weighs nothing and they stay apart.
    let (a, b) = stories(Config {
        common_term_share: 0,
        ..Config::default()
    });
    assert_eq!(a, b);
    let (a, b) = stories(Config::default());
    assert_ne!(a, b);
}

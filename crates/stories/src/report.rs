//! A report: what the story stage keeps of one document record, reduced to the signals that
//! stay stable across outlets (folded terms, linked entities, non-generic events with their
//! actor codes and places) and a near-copy fingerprint.

use khabar_schema::{Document, EntityType, EventRecord, Modality, Polarity};

use khabar_text::terms;

use crate::record::Linkable;

/// PLOVER types that never link two articles: statements and anything not typed.
const GENERIC_TYPES: [&str; 1] = ["OTHER"];

/// Whether an event type is generic (a statement, OTHER): it never links two stories.
pub fn is_generic(event_type: &str) -> bool {
    GENERIC_TYPES.contains(&event_type)
}

/// One article as the story stage sees it.
#[derive(Debug, Clone)]
pub struct Report {
    /// The article id.
    pub id: String,
    /// Source (outlet).
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Stream time in seconds since the Unix epoch, when known.
    pub time: Option<i64>,
    /// Term hashes with counts, sorted by hash.
    pub terms: Vec<(u64, u32)>,
    /// Hashes of the linked or normalized non-date entities, sorted and unique.
    pub entities: Vec<u64>,
    /// SimHash of the text's word shingles.
    pub simhash: Option<u64>,
    /// The document's events, generic ones included (they are listed, never matched).
    pub events: Vec<EventRecord>,
    /// Type and named people of the lede: the first event that can link.
    pub lead: Option<(String, Vec<Person>)>,
}

impl Report {
    /// The report of `document`: [`Report::of`] its record.
    pub fn new(document: &Document, text: Option<&str>, time: Option<i64>) -> Report {
        Report::of(&Linkable::from(document), text, time)
    }

    /// The report of a document record. Its text is compared by its signature: that of
    /// `text`, the article text, when the caller has it (file mode), else the record's
    /// `text_signature` (the same, computed by the pipeline); a record without one (before
    /// schema 1.2.0) has the title, the event sentences and the entities' mentions stand in.
    /// `time` is the stream time in seconds (the record timestamp); without it the publication
    /// time is used.
    pub fn of(record: &Linkable, text: Option<&str>, time: Option<i64>) -> Report {
        let signature = match (text, &record.text_signature) {
            (Some(text), _) => terms::signature(text),
            (None, Some(signature)) => terms::Signature {
                terms: signature.terms.0.clone(),
                simhash: signature.simhash,
            },
            (None, None) => {
                let words = terms::word_hashes(&fallback_text(record));
                terms::Signature {
                    terms: terms::term_counts(words.iter().map(|&w| terms::term(w))),
                    simhash: terms::simhash(&words),
                }
            }
        };
        let title = terms::word_hashes(record.title.as_deref().unwrap_or_default());
        let title = terms::term_counts(title.into_iter().map(terms::term));
        let mut entities: Vec<u64> = record
            .entities
            .iter()
            .filter(|e| e.entity_type != EntityType::Date)
            .map(|e| {
                let key = e.link.as_deref().unwrap_or(&e.normalized);
                terms::hash(&format!("{}:{key}", e.entity_type.as_str()))
            })
            .collect();
        entities.sort_unstable();
        entities.dedup();
        Report {
            id: record.id.to_string(),
            source: record.source.clone(),
            url: record.url.clone(),
            time: time.or_else(|| record.published_at.as_deref().and_then(parse_time)),
            simhash: signature.simhash,
            terms: merge_counts(&title, &signature.terms),
            entities,
            events: record.events.to_vec(),
            lead: None,
        }
        .with_lead()
    }

    fn with_lead(mut self) -> Report {
        let lead = self.matchable_events().next().map(|event| {
            let people = [&event.source, &event.target]
                .into_iter()
                .flatten()
                .filter(|actor| actor.mention.entity_type == EntityType::Per)
                .map(|actor| Person::new(&actor.mention.normalized))
                .collect();
            (event.event_type.clone(), people)
        });
        self.lead = lead;
        self
    }

    /// Whether the ledes of two reports tell different happenings: the same event type with
    /// people on both sides, each side naming someone the other does not (the king and the
    /// crown prince each receiving the same visitor).
    pub fn lead_conflicts(&self, other: &Report) -> bool {
        let (Some((ta, a)), Some((tb, b))) = (&self.lead, &other.lead) else {
            return false;
        };
        let unmatched =
            |x: &[Person], y: &[Person]| x.iter().any(|p| !y.iter().any(|q| p.same_as(q)));
        ta == tb && !a.is_empty() && !b.is_empty() && unmatched(a, b) && unmatched(b, a)
    }

    /// Events that can link this report to another: typed, asserted and not negated.
    pub fn matchable_events(&self) -> impl Iterator<Item = &EventRecord> {
        self.events.iter().filter(|e| {
            !is_generic(&e.event_type)
                && e.polarity == Polarity::Positive
                && e.modality == Modality::Asserted
        })
    }
}

/// The event sentences and the entities' mentions, for a document record that comes without
/// its text or its text's signature.
fn fallback_text(record: &Linkable) -> String {
    let mut text = String::new();
    for event in record.events.iter() {
        text.push_str(&event.sentence.text);
        text.push('\n');
    }
    for entity in &record.entities {
        text.push_str(&entity.text);
        text.push('\n');
    }
    text
}

/// Two lists of terms with counts, sorted by term, as one: the counts of a term in both added.
fn merge_counts(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u64, u32)> {
    let mut merged: Vec<(u64, u32)> = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(&(x, m)), Some(&(y, n))) if x == y => {
                (i, j) = (i + 1, j + 1);
                (x, m + n)
            }
            (Some(&x), Some(&y)) if x.0 < y.0 => {
                i += 1;
                x
            }
            (Some(&x), None) => {
                i += 1;
                x
            }
            (_, Some(&y)) => {
                j += 1;
                y
            }
            (None, None) => break,
        };
        merged.push((u64::from(next.0), next.1));
    }
    merged
}

/// Seconds since the epoch of an RFC 3339 time.
fn parse_time(text: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.timestamp())
}

/// Whether two events can report the same happening: same PLOVER type (CONSULT's host, visit
/// and meet are one meeting seen from each side), neither generic, and no known actor country or
/// place that differs. At least one of them must agree on something known.
pub fn compatible(a: &EventRecord, b: &EventRecord) -> bool {
    if a.event_type != b.event_type || is_generic(&a.event_type) {
        return false;
    }
    let (ca, cb) = (countries(a), countries(b));
    let place = |e: &EventRecord| e.location.as_ref().and_then(|l| l.link.clone());
    let (pa, pb) = (place(a), place(b));
    let shared_country = ca.iter().any(|c| cb.contains(c));
    let places_agree = matches!((&pa, &pb), (Some(x), Some(y)) if x == y);
    let places_differ = matches!((&pa, &pb), (Some(x), Some(y)) if x != y);
    (shared_country || places_agree) && !places_differ
}

/// The actor countries of an event, sorted and unique.
fn countries(event: &EventRecord) -> Vec<&str> {
    let mut countries: Vec<&str> = [&event.source, &event.target]
        .into_iter()
        .flatten()
        .filter_map(|actor| actor.country.as_deref())
        .collect();
    countries.sort_unstable();
    countries.dedup();
    countries
}

/// A person named in a lede, as names are compared: made once per report, not per pair.
#[derive(Debug, Clone)]
pub struct Person {
    /// Bytes of the normalized name.
    bytes: usize,
    /// The name without its spaces.
    squeezed: String,
    /// Whether the name has two words or more.
    several_words: bool,
}

impl Person {
    fn new(normalized: &str) -> Person {
        Person {
            bytes: normalized.len(),
            squeezed: normalized.split_whitespace().collect(),
            several_words: normalized.split_whitespace().nth(1).is_some(),
        }
    }

    /// Whether two normalized person names can name the same person, spaces aside: one
    /// begins the other (سلمان, سلمان بن عبد العزيز), or a name of two words or more ends the
    /// other (a title glued to it); never one word inside another name (سلمان, محمد بن سلمان).
    fn same_as(&self, other: &Person) -> bool {
        let (short, long) = if self.bytes <= other.bytes {
            (self, other)
        } else {
            (other, self)
        };
        let (s, l) = (&short.squeezed, &long.squeezed);
        !s.is_empty()
            && (l.starts_with(s.as_str()) || (short.several_words && l.ends_with(s.as_str())))
    }
}

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
    /// The people the lede names: the person entities of the text's first sentence.
    pub lead: Vec<Person>,
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
                terms::hash_parts(&[e.entity_type.as_str(), ":", key])
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
            lead: lead_people(record),
        }
    }

    /// Whether the ledes of two reports tell different happenings: people named on both
    /// sides, each side naming someone the other does not (the king and the deputy crown
    /// prince each receiving the same visitor).
    pub fn lead_conflicts(&self, other: &Report) -> bool {
        let (a, b) = (&self.lead, &other.lead);
        let unmatched =
            |x: &[Person], y: &[Person]| x.iter().any(|p| !y.iter().any(|q| p.same_as(q)));
        !a.is_empty() && !b.is_empty() && unmatched(a, b) && unmatched(b, a)
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

/// The people of a record's lede: its person entities in the text's first sentence. Read from
/// the entities, not from the events' actors, so that the lede stays what the text names when
/// the event stage's argument rules change.
fn lead_people(record: &Linkable) -> Vec<Person> {
    record
        .entities
        .iter()
        .filter(|e| e.entity_type == EntityType::Per && e.sentence == 0)
        .map(|e| Person::new(&e.normalized))
        .collect()
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

/// Words that make the name after them a father's: محمد بن سلمان is not سلمان.
const PARTICLES: [&str; 3] = ["بن", "بنت", "ابن"];

/// A person named in a lede, as names are compared: made once per report, not per pair.
#[derive(Debug, Clone)]
pub struct Person {
    /// Bytes of the normalized name.
    bytes: usize,
    /// The name without its spaces.
    squeezed: String,
    /// Byte offsets in `squeezed` where each word begins.
    words: Vec<usize>,
    /// Byte offsets in `squeezed` of the words that follow a patronymic particle.
    fathers: Vec<usize>,
    /// Whether the name has a patronymic particle.
    has_particle: bool,
    /// The name's first and last letters: two names that share neither never match.
    ends: (char, char),
}

impl Person {
    fn new(normalized: &str) -> Person {
        let mut person = Person {
            bytes: normalized.len(),
            squeezed: String::new(),
            words: Vec::new(),
            fathers: Vec::new(),
            has_particle: false,
            ends: ('\0', '\0'),
        };
        let mut after_particle = false;
        for word in normalized.split_whitespace() {
            if after_particle {
                person.fathers.push(person.squeezed.len());
            }
            person.words.push(person.squeezed.len());
            person.squeezed.push_str(word);
            after_particle = PARTICLES.contains(&word);
            person.has_particle |= after_particle;
        }
        let mut letters = person.squeezed.chars();
        let first = letters.next().unwrap_or_default();
        person.ends = (first, letters.next_back().unwrap_or(first));
        person
    }

    /// Whether two normalized person names can name the same person, spaces aside: one
    /// begins the other (سلمان, سلمان بن عبد العزيز); a name of two words or more ends the
    /// other (a title glued to it), unless the other names it as a father (سلمان بن عبدالعزيز,
    /// محمد بن سلمان بن عبدالعزيز); or a given name and a family name are the first and the last
    /// word of the other (عادل الجبير, عادل بن احمد الجبير). Never one word inside another name.
    fn same_as(&self, other: &Person) -> bool {
        if self.ends.0 != other.ends.0 && self.ends.1 != other.ends.1 {
            return false;
        }
        let (short, long) = if self.bytes <= other.bytes {
            (self, other)
        } else {
            (other, self)
        };
        let (s, l) = (short.squeezed.as_str(), long.squeezed.as_str());
        let several_words = short.words.len() > 1;
        let suffix_at = l.len().saturating_sub(s.len());
        !s.is_empty()
            && (l.starts_with(s)
                || (several_words && l.ends_with(s) && !long.fathers.contains(&suffix_at))
                || (several_words && !short.has_particle && short.given_and_family_of(long)))
    }

    /// Whether this name's words but the last begin `long` up to a word, and its last word is
    /// `long`'s last.
    fn given_and_family_of(&self, long: &Person) -> bool {
        let given = &self.squeezed[..self.last_word()];
        long.squeezed.starts_with(given)
            && long.words.contains(&given.len())
            && self.squeezed[self.last_word()..] == long.squeezed[long.last_word()..]
    }

    /// Byte offset in `squeezed` of the last word.
    fn last_word(&self) -> usize {
        self.words.last().copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        let (a, b) = (Person::new(a), Person::new(b));
        assert_eq!(a.same_as(&b), b.same_as(&a), "symmetric");
        a.same_as(&b)
    }

    /// The report of a record whose entities are the people given, each in its sentence.
    fn naming(people: &[(&str, usize)]) -> Report {
        let entities: Vec<serde_json::Value> = people
            .iter()
            .map(|&(name, sentence)| {
                serde_json::json!({"type": "PER", "start": 0, "end": 1, "text": name,
                    "normalized": name, "link": null, "cluster": 0, "sentence": sentence,
                    "confidence": 1.0})
            })
            .collect();
        let record = serde_json::json!({"schema_version": "1.2.0", "pipeline_version": "t",
            "id": "a", "title": null, "source": null, "url": null, "published_at": null,
            "language": "ar", "language_source": "input", "text_length": 0, "meta": {},
            "sentences": [], "entities": entities, "events": []})
        .to_string();
        let record: Linkable = serde_json::from_str(&record).expect("a document record");
        Report::of(&record, Some("نص"), None)
    }

    #[test]
    fn a_name_read_as_a_father_is_not_the_son() {
        assert!(!same("سلمان بن عبدالعزيز", "محمد بن سلمان بن عبدالعزيز"));
        assert!(!same("سلمان بن عبد العزيز", "محمد بن سلمان بن عبد العزيز"));
        assert!(!same("خالد بن سلطان", "فهد بن خالد بن سلطان"));
        assert!(!same("سلمان", "محمد بن سلمان"));
        // What the particle does not touch still holds.
        assert!(same("سلمان", "سلمان بن عبد العزيز"));
        assert!(same("سلمان بن عبدالعزيز", "سلمان بن عبد العزيز ال سعود"));
        assert!(same("اشتون كارتر", "الدفاعالاميركي اشتون كارتر"));
    }

    #[test]
    fn a_given_and_a_family_name_are_the_full_name_they_begin_and_end() {
        assert!(same("عادل الجبير", "عادل بن احمد الجبير"));
        assert!(same("ماجد الحقيل", "ماجد بن عبدالله الحقيل"));
        assert!(
            !same("عادل الجبير", "عادلي بن احمد الجبير"),
            "a word, not a prefix"
        );
        assert!(!same("عادل الجبير", "عادل بن احمد الجبيري"));
        assert!(
            !same("محمد بن سلمان", "محمد بن نايف بن سلمان"),
            "a chain is not a family name"
        );
    }

    #[test]
    fn the_lede_names_the_people_of_the_first_sentence() {
        let king = naming(&[("سلمان بن عبدالعزيز", 0), ("اشتون كارتر", 0)]);
        let prince = naming(&[("محمد بن سلمان بن عبدالعزيز", 0), ("اشتون كارتر", 0)]);
        assert_eq!(king.lead.len(), 2);
        assert!(king.lead_conflicts(&prince) && prince.lead_conflicts(&king));
        // People named further on are not the lede's.
        let later = naming(&[("اشتون كارتر", 0), ("محمد بن سلمان بن عبدالعزيز", 1)]);
        assert!(!king.lead_conflicts(&later));
        // One side naming no one, or naming no one the other does not, is no conflict.
        assert!(!king.lead_conflicts(&naming(&[])));
        assert!(!king.lead_conflicts(&naming(&[("سلمان", 0)])));
    }
}

//! The article-wide passes, run after every sentence has its spans: real articles name a person
//! or body in full once and then by a shorter or repeated form, and one string names one thing.
//!
//! * Family names: once «محمد شياع السوداني» is a PER, a lone «السوداني» elsewhere is one too.
//! * Repeated names: a name found with confidence somewhere in the article labels its other
//!   untagged occurrences (also behind a proclitic: «لداعش»), and every occurrence of one
//!   string takes the type the article gives it most confidently.
//! * Register: in an article written with capitals, a name span all in lower case is none.

use khabar_schema::EntityType;
use khabar_text::Token;

use crate::candidate::{is_free, Candidate};
use crate::features::SentenceView;
use crate::gazetteer::{self, clitic_rest_array};
use crate::hash::FastMap;

/// Confidence of a lone family name tagged because a full name of the article ends with it.
const FAMILY_NAME_CONFIDENCE: f32 = 0.5;

/// Letters a family name has at least to be tagged alone elsewhere in the article: shorter
/// last words are too often ordinary words.
const MIN_FAMILY_NAME_CHARS: usize = 4;

/// Confidence a span needs to label the other occurrences of its string.
const MIN_SOURCE_CONFIDENCE: f32 = 0.5;

/// Confidence of a name tagged because the same string is a name elsewhere in the article.
const REPEATED_NAME_CONFIDENCE: f32 = 0.5;

/// Letters a one-word name has at least to label its other occurrences.
const MIN_REPEATED_WORD_CHARS: usize = 3;

/// The spans of one sentence, kept for the article-wide pass.
pub(crate) struct SentenceSpans<'a> {
    /// Index of the sentence in the text.
    pub sentence: usize,
    /// The sentence's tokens.
    pub tokens: &'a [Token],
    /// Per-token views of the sentence.
    pub view: SentenceView<'a>,
    /// The spans found, in sentence order.
    pub found: Vec<Candidate>,
}

/// Tags later and earlier bare mentions of a person's family name: once «محمد شياع السوداني» is
/// a PER, a lone «السوداني» elsewhere in the article is one too.
pub(crate) fn propagate_family_names(text: &str, sentences: &mut [SentenceSpans]) {
    let names = family_names(text, sentences);
    if names.is_empty() {
        return;
    }
    for SentenceSpans {
        tokens,
        view,
        found,
        ..
    } in sentences.iter_mut()
    {
        for k in 0..view.len() {
            let key = view.norm_at(k);
            let hit = names.iter().any(|n| n == key)
                || gazetteer::clitic_rest_array(key)
                    .into_iter()
                    .flatten()
                    .any(|(_, r)| names.iter().any(|n| n == r));
            if !hit {
                continue;
            }
            // The family name of a person of the article wins over its demonym reading.
            found
                .retain(|c| !(c.entity_type == EntityType::Norp && c.start == k && c.end == k + 1));
            if is_free(found, k, k + 1) {
                // Clitics («لالسوداني» is rare, «والسوداني» common) are trimmed later.
                let name =
                    Candidate::over(tokens, k, k + 1, EntityType::Per, FAMILY_NAME_CONFIDENCE);
                found.push(name);
            }
        }
        found.sort_by_key(|c| c.start);
    }
}

/// The normalized last words of the article's person names of two or more tokens, in order
/// of appearance, each once.
fn family_names(text: &str, sentences: &[SentenceSpans]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let persons = sentences
        .iter()
        .flat_map(|s| &s.found)
        .filter(|c| c.entity_type == EntityType::Per && c.end - c.start >= 2);
    for c in persons {
        let span = &text[c.byte_start..c.byte_end];
        let mut words = span.rsplit(' ');
        let last = words.next().unwrap_or(span);
        let before = words.next().map(khabar_text::normalize_key);
        let key = khabar_text::normalize_key(last);
        let second_of_compound = before.is_some_and(|b| COMPOUND_NAME_HEADS.contains(&b.as_str()))
            || COMPOUND_NAME_TAILS.contains(&key.as_str());
        if key.chars().count() >= MIN_FAMILY_NAME_CHARS
            && !second_of_compound
            && !names.contains(&key)
        {
            names.push(key);
        }
    }
    names
}

/// Words that open an Arabic compound name (normalized): the word after them is its second part
/// («عبد الله», «أبو بكر», «بن سلمان»), no family name to be tagged alone.
const COMPOUND_NAME_HEADS: [&str; 5] = ["عبد", "ابو", "بن", "ابن", "بنت"];

/// Second parts of Arabic compound given names (normalized): «نور الدين», «عبد الله».
const COMPOUND_NAME_TAILS: [&str; 2] = ["الدين", "الله"];

/// The entity types a repeated string can carry (dates and nationalities have their own rules).
const NAME_TYPES: [EntityType; 4] = [
    EntityType::Per,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Misc,
];

/// Tags the untagged occurrences of the article's confident names and gives every occurrence
/// of a string the type with the highest summed confidence in the article. One-word names that
/// are ordinary words of the training data (`is_common`) label nothing.
pub(crate) fn propagate_names(sentences: &mut [SentenceSpans], is_common: impl Fn(&str) -> bool) {
    let mut names = article_names(sentences, is_common);
    if names.is_empty() {
        return;
    }
    add_group_nisba_forms(&mut names);
    let lengths = lengths_by_first_word(&names);
    for s in sentences.iter_mut() {
        for c in s.found.iter_mut() {
            if let Some(&entity_type) = names.get(&span_key(&s.view, c.start, c.end)) {
                if NAME_TYPES.contains(&c.entity_type) {
                    c.entity_type = entity_type;
                }
            }
        }
        tag_occurrences(s, &names, &lengths);
    }
}

/// Sentences an article has at least before its writing tells its register.
const MIN_REGISTER_SENTENCES: usize = 3;

/// Takes off the name spans written all in lower case in an article written with capitals
/// (nine sentences in ten open with a capital letter): there a lower-case word is an ordinary
/// word («before dawn», «general strike»), while informal text (posts, comments) writes names
/// in lower case too («bruno mars»). Letters without case (Arabic) are never lower case.
pub(crate) fn drop_lower_case_names_in_cased_text(sentences: &mut [SentenceSpans]) {
    let capital_openings: Vec<bool> = sentences
        .iter()
        .filter_map(|s| {
            let first = s
                .view
                .words
                .iter()
                .find(|w| w.chars().any(char::is_alphabetic))?;
            Some(first.starts_with(char::is_uppercase))
        })
        .collect();
    let capitals = capital_openings.iter().filter(|&&c| c).count();
    if capital_openings.len() < MIN_REGISTER_SENTENCES || capitals * 10 < capital_openings.len() * 9
    {
        return;
    }
    for s in sentences.iter_mut() {
        let words = &s.view.words;
        s.found.retain(|c| {
            let span = &words[c.start..c.end];
            !NAME_TYPES.contains(&c.entity_type)
                || span.iter().any(|w| w.chars().any(char::is_uppercase))
                || !span.iter().any(|w| w.chars().any(char::is_lowercase))
        });
    }
}

/// The article's confident names (normalized words joined by spaces), each with its type.
fn article_names(
    sentences: &[SentenceSpans],
    is_common: impl Fn(&str) -> bool,
) -> FastMap<String, EntityType> {
    let mut weights: FastMap<String, [f32; NAME_TYPES.len()]> = FastMap::default();
    for s in sentences {
        for c in &s.found {
            let Some(t) = NAME_TYPES.iter().position(|&t| t == c.entity_type) else {
                continue;
            };
            if c.confidence < MIN_SOURCE_CONFIDENCE {
                continue;
            }
            let mut key = span_key(&s.view, c.start, c.end);
            let one_word = c.end - c.start == 1;
            if one_word && (key.chars().count() < MIN_REPEATED_WORD_CHARS || is_common(&key)) {
                // An acronym that is also a word («WHO») labels its occurrences in capitals only:
                // it is keyed as written, where other keys are normalized.
                let word = s.view.words[c.start];
                if !is_acronym(word) {
                    continue;
                }
                key = word.to_string();
            }
            weights.entry(key).or_default()[t] += c.confidence;
        }
    }
    weights
        .into_iter()
        .map(|(key, w)| {
            let best = (0..NAME_TYPES.len())
                .max_by(|&a, &b| w[a].total_cmp(&w[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            (key, NAME_TYPES[best])
        })
        .collect()
}

/// Plural suffixes of an Arabic nisba (الحوثي → الحوثيين, الحوثيون).
const NISBA_PLURALS: [&str; 2] = ["ين", "ون"];

/// Gives a one-word organisation named by a nisba its plural and singular forms: a group is
/// written «مليشيات الحوثي» and «الحوثيين» in one article.
fn add_group_nisba_forms(names: &mut FastMap<String, EntityType>) {
    let mut more = Vec::new();
    for (key, &entity_type) in names.iter() {
        if entity_type != EntityType::Org || key.contains(' ') {
            continue;
        }
        if key.ends_with('ي') {
            more.extend(NISBA_PLURALS.iter().map(|p| format!("{key}{p}")));
        } else if let Some(singular) = NISBA_PLURALS
            .iter()
            .find_map(|p| key.strip_suffix(p).filter(|s| s.ends_with('ي')))
        {
            more.push(singular.to_string());
        }
    }
    for key in more {
        names.entry(key).or_insert(EntityType::Org);
    }
}

/// The normalized words of tokens `[start, end)` joined by spaces.
fn span_key(view: &SentenceView, start: usize, end: usize) -> String {
    let mut key = String::new();
    for k in start..end {
        if k > start {
            key.push(' ');
        }
        key.push_str(view.norm_at(k));
    }
    key
}

/// Tags, in one sentence, every untagged occurrence of a name of `names` (`lengths`: their
/// word counts by first word) not written in lower case, longest first at each token; a first
/// word behind proclitics keeps them outside the span.
fn tag_occurrences(
    s: &mut SentenceSpans,
    names: &FastMap<String, EntityType>,
    lengths: &FastMap<&str, Vec<usize>>,
) {
    let mut added = Vec::new();
    for start in 0..s.view.len() {
        let norm = s.view.norm_at(start);
        let bare = clitic_rest_array(norm)
            .into_iter()
            .flatten()
            .map(|(_, r)| r);
        let Some(counts) = [norm, s.view.words[start]]
            .into_iter()
            .chain(bare)
            .find_map(|w| lengths.get(w))
        else {
            continue;
        };
        for &count in counts {
            let end = start + count;
            if end > s.view.len()
                || !is_free(&s.found, start, end)
                || !is_free(&added, start, end)
                || starts_lower_case(s.view.words[start])
            {
                continue;
            }
            if let Some((entity_type, skip)) = occurrence(&s.view, start, end, names) {
                let c =
                    Candidate::over(s.tokens, start, end, entity_type, REPEATED_NAME_CONFIDENCE);
                added.push(c.skipping(skip));
                break;
            }
        }
    }
    s.found.extend(added);
    s.found.sort_by_key(|c| c.start);
}

/// Whether a word is written in capitals only, two letters or more («WHO», «UN»).
fn is_acronym(word: &str) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_uppercase)
}

/// Whether a word opens with a lower-case letter: in a cased script such a word does not open a
/// name («iodine» is not the «Iodine» that opened a sentence); Arabic letters have no case.
fn starts_lower_case(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase)
}

/// The word counts of the names by their first word, longest first: only tokens that open a
/// name are looked at.
fn lengths_by_first_word(names: &FastMap<String, EntityType>) -> FastMap<&str, Vec<usize>> {
    let mut lengths: FastMap<&str, Vec<usize>> = FastMap::default();
    for key in names.keys() {
        let first = key.split(' ').next().unwrap_or(key);
        lengths
            .entry(first)
            .or_default()
            .push(key.split(' ').count());
    }
    for counts in lengths.values_mut() {
        counts.sort_unstable_by(|a, b| b.cmp(a));
    }
    lengths
}

/// The type of the name at tokens `[start, end)` and the bytes of proclitics before it, when
/// the words (or the words without the first one's proclitics) are a name of `names`.
fn occurrence(
    view: &SentenceView,
    start: usize,
    end: usize,
    names: &FastMap<String, EntityType>,
) -> Option<(EntityType, usize)> {
    let rest = span_key(view, start + 1, end);
    let with_first = |first: &str| {
        if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first} {rest}")
        }
    };
    let as_written = (end == start + 1)
        .then(|| names.get(view.words[start]))
        .flatten();
    if let Some(&t) = names.get(&with_first(view.norm_at(start))).or(as_written) {
        return Some((t, 0));
    }
    let word = view.words[start];
    clitic_rest_array(view.norm_at(start))
        .into_iter()
        .flatten()
        .find_map(|(letters, bare)| {
            let t = *names.get(&with_first(bare))?;
            let skip = word.chars().take(letters).map(char::len_utf8).sum();
            Some((t, skip))
        })
}

//! Definite nouns as subjects: «وقالت الوزارة» stands for the ministry named shortly before,
//! «المقاومة» for «المقاومة الشعبية اليمنية», "the New York-based group said" for the last
//! organization of the same sector.

use khabar_ner::{EntityType, Mention};
use khabar_text::clitics::{ARTICLE, CONJUNCTIONS};

use crate::clauses::is_arabic_complementizer;
use crate::lexicon::{CueKind, Lang};
use crate::predicates::Pred;
use crate::scan::Doc;
use crate::ActorRef;

/// Sentences before the predicate's own that a definite title noun may refer back to.
const NOMINAL_ANTECEDENT_SENTENCES: usize = 3;

/// Tokens a noun may stand before the nationality or organization that qualifies it
/// («المقاومة الشعبية اليمنية»).
const QUALIFIED_NOUN_REACH: usize = 2;

/// Tokens an English title noun may stand before its verb ("the group said", "the New
/// York-based group said").
const ENGLISH_TITLE_REACH: usize = 3;

/// Tokens "the" may stand before an English title noun ("the New York-based group").
const ENGLISH_TITLE_DETERMINER_REACH: usize = 5;

/// The organization a definite noun in subject position stands for: «وقالت الوزارة» → the
/// last «وزارة …» mentioned, «بأن المقاومة سيطرت» → the last organization named with that head
/// word («المقاومة الشعبية اليمنية»), "the New York-based group said" → the last organization of
/// the same sector (an NGO). Looks back over the current and a few previous sentences.
pub fn nominal_subject(doc: &Doc, pred: &Pred) -> Option<ActorRef> {
    antecedent(doc, pred, title_noun_subject(doc, pred)?)
}

/// The actor a definite noun fronted before an Arabic verb after a complementizer stands for
/// («بأن المقاومة سيطرت»).
pub fn fronted_subject(doc: &Doc, pred: &Pred) -> Option<ActorRef> {
    antecedent(doc, pred, fronted_noun_subject(doc, pred)?)
}

/// The organization or nationality the definite noun at token `anaphor` stands for.
fn antecedent(doc: &Doc, pred: &Pred, anaphor: usize) -> Option<ActorRef> {
    let sentence = doc.tokens[pred.first].sentence;
    let sector = doc
        .role_of(anaphor)
        .map(|(s, _)| s)
        .filter(|s| !s.is_empty());
    let word = bare_noun(&doc.keys[anaphor]);
    let earliest = doc.sentence_tokens[sentence.saturating_sub(NOMINAL_ANTECEDENT_SENTENCES)].0;
    let limit = doc.tokens[earliest].start;
    let org_sector = |m: &Mention| {
        let first = doc.token_at(m.start)?;
        let last = doc.token_at(m.end.saturating_sub(1))?;
        (first..=last).find_map(|t| doc.role_of(t).map(|(s, _)| s).filter(|s| !s.is_empty()))
    };
    let before = pred.start.min(doc.tokens[anaphor].start);
    let found = doc
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.end <= before && m.start >= limit)
        .filter(|(_, m)| {
            let head = doc.token_at(m.start).map(|t| bare_noun(&doc.keys[t]));
            let named_org = m.entity_type == EntityType::Org
                && (head.as_deref() == Some(word.as_str())
                    || (sector.is_some() && org_sector(m) == sector));
            named_org || qualifies_word(doc, m, &word)
        })
        .max_by_key(|(_, m)| m.start)?;
    Some(ActorRef {
        mention: found.0,
        country: doc.country_of_mention(found.0).or_else(|| {
            let first = doc.token_at(found.1.start)?;
            let last = doc.token_at(found.1.end.saturating_sub(1))?;
            (first..=last).find_map(|t| doc.demonym_of_token(t))
        }),
        sector: sector.or_else(|| org_sector(found.1)).map(str::to_string),
    })
}

/// Whether mention `m` is a nationality or organization qualifying an earlier use of `word`
/// («المقاومة الشعبية اليمنية» for «المقاومة»; the guidelines' generic noun with a nationality).
fn qualifies_word(doc: &Doc, m: &Mention, word: &str) -> bool {
    let qualifier = matches!(
        m.entity_type,
        EntityType::Norp | EntityType::Misc | EntityType::Org
    );
    let Some(first) = doc.token_at(m.start) else {
        return false;
    };
    let no_preposition_after = |t: usize| {
        (t + 1..first)
            .all(|u| !doc.has_cue(u, CueKind::Preposition) && !doc.has_cue(u, CueKind::Locative))
    };
    qualifier
        && (first.saturating_sub(QUALIFIED_NOUN_REACH)..first).any(|t| {
            doc.mention_at[t].is_none()
                && bare_noun(&doc.keys[t]) == word
                && no_preposition_after(t)
        })
}

/// The token of a definite noun fronted before an Arabic verb after a complementizer
/// («بأن المقاومة سيطرت»), outside mentions.
fn fronted_noun_subject(doc: &Doc, pred: &Pred) -> Option<usize> {
    let t = pred.first.checked_sub(1)?;
    let complementizer = t.checked_sub(1)?;
    let same_sentence = doc.tokens[complementizer].sentence == doc.tokens[pred.first].sentence;
    (doc.lang == Lang::Ar
        && same_sentence
        && is_arabic_complementizer(&doc.keys[complementizer])
        && doc.mention_at[t].is_none()
        && doc.keys[t].starts_with(ARTICLE)
        && !doc.role_of(t).is_some_and(|(_, title)| title))
    .then_some(t)
}

/// The token of a definite title noun in subject position, outside mentions: right after an
/// Arabic verb («وقالت الوزارة»), shortly before an English one ("the group said").
fn title_noun_subject(doc: &Doc, pred: &Pred) -> Option<usize> {
    let sentence = doc.tokens[pred.first].sentence;
    let (from, to) = doc.sentence_tokens[sentence];
    match doc.lang {
        Lang::Ar => {
            let t = pred.last + 1;
            (t < to && doc.mention_at[t].is_none() && doc.keys[t].starts_with(ARTICLE))
                .then_some(t)
                .filter(|&t| !doc.role_of(t).is_some_and(|(_, title)| title))
        }
        Lang::En => (1..=ENGLISH_TITLE_REACH).find_map(|back| {
            let t = pred.first.checked_sub(back).filter(|&t| t >= from)?;
            let definite = (1..=ENGLISH_TITLE_DETERMINER_REACH)
                .any(|b| t >= from + b && doc.keys[t - b] == "the");
            (doc.mention_at[t].is_none() && definite && doc.role_of(t).is_some()).then_some(t)
        }),
    }
}

/// A noun key without conjunctions and the article («والوزارة» → «وزاره»).
fn bare_noun(key: &str) -> String {
    let key = key.trim_start_matches(CONJUNCTIONS);
    key.strip_prefix(ARTICLE).unwrap_or(key).to_string()
}

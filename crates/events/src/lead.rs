//! The lead: the article's first sentence (the dateline sentence, «موسكو - ...»). Its date dates
//! the later, undated reports of the same story: those by its actors (and by the actors of later
//! events with its date), and physical happenings without a named agent.

use chrono::NaiveDate;
use khabar_ner::EntityType;

use crate::actors::{self, Run};
use crate::arguments::Resolved;
use crate::dates::{first_usable_date, is_recent_day};
use crate::lexicon::{Entry, EventKind, Lang, Role};
use crate::scan::Doc;
use crate::{DateRef, EventMention};

/// Proclitics stripped before the article of an organization's head word («والوزارة»,
/// «بالوزارة», «فبالوزارة»). Not every conjunction-preposition pair: ك "like" compares rather
/// than names, and فل is absent (ل before the article is spelled «لل» anyway).
const HEAD_PROCLITICS: [&str; 7] = ["و", "ب", "ل", "وب", "ول", "فب", "ف"];

/// Words before an actor phrase that may name an organization of the lead («المتحدث باسم
/// الوزارة»).
const ORGANIZATION_WORDS_BEFORE: usize = 4;

/// Letters an organization's head word needs to be compared: shorter keys match stray words.
const MIN_HEAD_LETTERS: usize = 3;

/// Signing a formal agreement (CAMEO 057) is a happening of the story, not a reaction to it.
const SIGN_AGREEMENT_CAMEO: &str = "057";

/// The lead sentence: its date and the mentions of its actor phrases.
pub struct Lead {
    /// Index of the sentence.
    pub sentence: usize,
    /// The story's date.
    pub date: Option<DateRef>,
    /// Mentions of the story's actors.
    pub actors: Vec<usize>,
}

impl Lead {
    /// The lead of a sentence with actor phrases `runs` and events `sentence_events`: the first
    /// recent day-precise date of its events, else of its DATE mentions.
    pub fn new(
        doc: &Doc,
        sentence: usize,
        runs: &[Run],
        sentence_events: &[EventMention],
        published: Option<NaiveDate>,
    ) -> Lead {
        let date = sentence_events
            .iter()
            .find_map(|e| {
                e.date
                    .clone()
                    .filter(|d| is_recent_day(&d.value, published))
            })
            .or_else(|| first_usable_date(doc, sentence, published));
        let actors = runs
            .iter()
            .flat_map(|r| r.members.iter().copied())
            .collect();
        Lead {
            sentence,
            date,
            actors,
        }
    }

    /// Later reports by the actors of an event with the lead's date carry that date too: the
    /// event's source and target join the story's actors.
    pub fn adopt_actors(&mut self, date: &DateRef, resolved: &Resolved) {
        if self.date.as_ref().is_none_or(|d| d.value != date.value) {
            return;
        }
        for a in [&resolved.source, &resolved.target].into_iter().flatten() {
            if !self.actors.contains(&a.mention) {
                self.actors.push(a.mention);
            }
        }
    }

    /// The lead's date for an undated event of a later sentence, when the event belongs to the
    /// story. Arabic wire copy chains the story's statements after the dateline («وقال»,
    /// «وأضاف»): an undated statement is dated by the dateline. English copy mixes in older
    /// quotes, so there the speaker must belong to the dateline story.
    pub fn date_for(
        &self,
        doc: &Doc,
        runs: &[Run],
        entry: &Entry,
        kind: &EventKind,
        resolved: &Resolved,
    ) -> Option<DateRef> {
        if doc.lang == Lang::Ar && entry.role == Role::Speech {
            return self.date.clone();
        }
        let belongs = self.source_belongs(doc, runs, kind, resolved)
            || self.target_belongs(doc, kind, resolved)
            || (resolved.source.is_none() && is_physical(&kind.event_type));
        belongs.then(|| self.date.clone()).flatten()
    }

    /// Whether the event's source is an actor of the story. The head must be the same entity;
    /// the rest of its phrase (a nationality, an organization) ties it to the story only for
    /// non-reactions.
    fn source_belongs(
        &self,
        doc: &Doc,
        runs: &[Run],
        kind: &EventKind,
        resolved: &Resolved,
    ) -> bool {
        let mentions = doc.mentions;
        let head_in = resolved.source.as_ref().is_some_and(|s| {
            self.actors
                .iter()
                .any(|&a| actors::same_entity_strict(mentions, a, s.mention))
        });
        if head_in {
            return true;
        }
        if is_reaction(kind) {
            return false;
        }
        let nominal = resolved
            .source_run
            .is_some_and(|r| self.names_organization(doc, &runs[r]));
        let members: Vec<usize> = match resolved.source_run {
            Some(r) => runs[r].members.clone(),
            None => resolved.source.iter().map(|s| s.mention).collect(),
        };
        nominal || members.iter().any(|&m| self.has_actor_loosely(doc, m))
    }

    /// Whether the event's target is an actor of the story (never for reactions).
    fn target_belongs(&self, doc: &Doc, kind: &EventKind, resolved: &Resolved) -> bool {
        !is_reaction(kind)
            && resolved
                .target
                .as_ref()
                .is_some_and(|t| self.has_actor_loosely(doc, t.mention))
    }

    /// Whether mention `m` is an actor of the story, by name or by country.
    fn has_actor_loosely(&self, doc: &Doc, m: usize) -> bool {
        self.actors
            .iter()
            .any(|&a| actors::same_entity(doc.mentions, a, m))
    }

    /// Whether the words of an actor phrase (and the few before it) name an organization of the
    /// lead by its head noun: «المتحدث باسم الوزارة» after «وزارة الخارجية المصرية».
    fn names_organization(&self, doc: &Doc, run: &Run) -> bool {
        let heads: Vec<String> = self
            .actors
            .iter()
            .filter(|&&a| doc.mentions[a].entity_type == EntityType::Org)
            .filter_map(|&a| {
                doc.token_at(doc.mentions[a].start)
                    .map(|t| head_word(&doc.keys[t]))
            })
            .filter(|h| h.chars().count() >= MIN_HEAD_LETTERS)
            .collect();
        let sentence = doc.tokens[run.first].sentence;
        let from = run
            .first
            .saturating_sub(ORGANIZATION_WORDS_BEFORE)
            .max(doc.sentence_tokens[sentence].0);
        if (from..=run.last)
            .any(|t| doc.mention_at[t].is_none() && heads.contains(&head_word(&doc.keys[t])))
        {
            return true;
        }
        // "A Malawian court sentenced …" then "High Court Judge Esther Chikopa said": the
        // institution the dateline names without a mention.
        let (lead_from, lead_to) = doc.sentence_tokens[self.sentence];
        let is_institution = |t: usize| doc.role_of(t).is_some_and(|(_, title)| !title);
        let institutions: Vec<String> = (lead_from..lead_to)
            .filter(|&t| doc.mention_at[t].is_none() && is_institution(t))
            .map(|t| head_word(&doc.keys[t]))
            .collect();
        (run.first..=run.last)
            .any(|t| is_institution(t) && institutions.contains(&head_word(&doc.keys[t])))
    }
}

/// A head word without its proclitics and article: «والوزارة», «بالوزارة», «الوزارة» → «وزاره»;
/// a head's own first letter stays («وزارة»).
fn head_word(key: &str) -> String {
    let key = HEAD_PROCLITICS
        .iter()
        .find_map(|p| {
            key.strip_prefix(p)
                .filter(|rest| rest.starts_with(khabar_text::clitics::ARTICLE))
        })
        .unwrap_or(key);
    key.strip_prefix(khabar_text::clitics::ARTICLE)
        .unwrap_or(key)
        .to_string()
}

/// Reactions to a happening (praise, criticism, appeals, rejection) by someone outside the
/// dateline story are dated only by their own sentence.
fn is_reaction(kind: &EventKind) -> bool {
    matches!(
        kind.event_type.as_str(),
        "SUPPORT" | "DISAPPROVE" | "REQUEST" | "REJECT" | "DEMAND" | "AGREE" | "THREATEN"
    ) && kind.cameo != SIGN_AGREEMENT_CAMEO
}

/// Physical happenings without a named agent (arrests, clashes) belong to the dateline story.
fn is_physical(event_type: &str) -> bool {
    matches!(
        event_type,
        "ASSAULT" | "COERCE" | "PROTEST" | "MOBILIZE" | "SANCTION"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_words_lose_proclitics_only_before_the_article() {
        assert_eq!(head_word("والوزاره"), "وزاره");
        assert_eq!(head_word("فبالوزاره"), "وزاره");
        assert_eq!(head_word("وزاره"), "وزاره");
        // «كالوزارة» compares ("like the ministry"): it is left alone.
        assert_eq!(head_word("كالوزاره"), "كالوزاره");
    }
}

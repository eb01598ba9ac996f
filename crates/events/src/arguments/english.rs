//! The English subject rules: speakers, "by" agents, passives, coordinated verbs, appositions
//! and pronoun subjects of reported speech.

use super::{Frame, Subject};
use crate::lexicon::{Pos, Role};
use crate::predicates::Pred;
use crate::ActorRef;

/// Tokens the speaker may follow an English speech verb ("said the minister").
const ENGLISH_SPEAKER_REACH: usize = 2;

/// Tokens a "by" agent may follow an English event noun ("the attack by rebels").
const BY_AGENT_REACH: usize = 3;

/// English passive auxiliaries: the subject before the verb is its object.
const PASSIVE_AUXILIARIES: [&str; 7] = ["was", "were", "been", "be", "being", "is", "are"];

/// English auxiliaries that may stand between a subject and its predicate ("it is willing to",
/// "they will release").
const ENGLISH_AUXILIARIES: [&str; 14] = [
    "is", "are", "was", "were", "be", "been", "will", "would", "has", "have", "had", "can",
    "could", "may",
];

/// Auxiliaries that may stand between an English subject and its predicate.
const ENGLISH_AUXILIARY_REACH: usize = 2;

/// Tokens a passive auxiliary may stand before the verb ("was reportedly arrested").
const PASSIVE_AUXILIARY_REACH: usize = 2;

impl Frame<'_, '_> {
    /// An English speech verb: the speaker right after it ("said the minister"), else before.
    pub(super) fn english_speaker(&self) -> Option<usize> {
        let pred = self.pred;
        self.runs
            .iter()
            .position(|r| {
                r.first > pred.last
                    && r.first <= pred.last + ENGLISH_SPEAKER_REACH
                    && r.prep.is_none()
                    && self.usable(r)
            })
            .or_else(|| self.before(&[]))
    }

    /// An English event noun: a phrase before it ("Russian strikes", "protests from unions"),
    /// else a near "by" agent ("the attack by rebels").
    pub(super) fn english_noun_agent(&self) -> Option<usize> {
        let pred = self.pred;
        self.before(&["from"]).or_else(|| {
            self.runs.iter().position(|r| {
                r.first > pred.last
                    && r.first <= pred.last + BY_AGENT_REACH
                    && r.prep.as_deref() == Some("by")
                    && self.usable(r)
            })
        })
    }

    /// Whether an English verb is passive: an auxiliary right before it, or "by" right after;
    /// never a phrase ("is willing to") or a progressive ("is holding").
    pub(super) fn is_english_passive(&self) -> bool {
        if self.entry.pos != Pos::Verb || self.doc.keys[self.pred.last].ends_with("ing") {
            return false;
        }
        let aux_before = (1..=PASSIVE_AUXILIARY_REACH)
            .any(|b| PASSIVE_AUXILIARIES.contains(&self.key_before(b)));
        aux_before
            || self
                .doc
                .keys
                .get(self.pred.last + 1)
                .is_some_and(|k| k == "by")
    }

    /// The "by" agent of an English passive.
    pub(super) fn by_agent(&self) -> Option<usize> {
        let pred = self.pred;
        self.runs
            .iter()
            .position(|r| r.first > pred.last && r.prep.as_deref() == Some("by") && self.usable(r))
    }

    /// An English verb: a coordinated verb shares the previous predicate's subject, even when
    /// that is unknown; any other takes the phrase before it.
    pub(super) fn english_verb_subject(
        &self,
        preds: &[Pred],
        pi: usize,
        previous_source: Option<ActorRef>,
    ) -> Subject {
        let coordinated_verb = self.key_before(1) == "and"
            || (self.key_before(1) == "," && self.doc.keys[self.pred.first].ends_with("ing"));
        // The verb this one is coordinated with: an earlier predicate outside quotations.
        let earlier = preds[..pi]
            .iter()
            .any(|p| !(self.doc.lex.entries[p.entry].role == Role::Event && p.in_quote));
        if coordinated_verb && earlier {
            return Subject::carried(previous_source);
        }
        Subject::at(self.before(&[]).map(|s| self.skip_apposition(s)))
    }

    /// "JNIM, an al Qaeda affiliate, claimed": phrase `s` is an apposition, and the subject is
    /// the sentence's first bare phrase.
    fn skip_apposition(&self, s: usize) -> usize {
        let (doc, runs) = (self.doc, self.runs);
        let apposition = self.key_before(1) == ","
            && runs[s].first > 0
            && doc.keys[runs[s].first - 1] == ","
            && doc.tokens[runs[s].first - 1].sentence == doc.tokens[self.pred.first].sentence;
        if !apposition {
            return s;
        }
        runs[..s]
            .iter()
            .position(|r| self.usable(r) && r.prep.is_none())
            .unwrap_or(s)
    }

    /// "Syria says it is willing to withdraw", "the rebels said they will release": a personal
    /// pronoun as the subject of what a speaker says stands for the speaker.
    pub(super) fn speaker_by_pronoun(
        &self,
        speech_before: Option<usize>,
        sources: &[Option<ActorRef>],
    ) -> Option<ActorRef> {
        let speaker = sources.get(speech_before?)?.clone()?;
        let subject = (1..=ENGLISH_AUXILIARY_REACH + 1)
            .map(|back| self.key_before(back))
            .find(|key| !ENGLISH_AUXILIARIES.contains(key))?;
        matches!(subject, "he" | "she" | "it" | "they").then_some(speaker)
    }
}

//! Verbs joined by «و» to the verb before them: who their subject is.

use super::{last_speech_before, Frame, Subject, OBJECT_REACH};
use crate::clauses::clause_break;
use crate::lexicon::{Pos, TargetRule};
use crate::predicates::Pred;
use crate::ActorRef;

impl Frame<'_, '_> {
    /// «هاجم الجبير السياسات الإيرانية وطالب الحكومة الإيرانية بالكف»: a verb joined by «و»
    /// to the verb before it in its clause shares that verb's subject when no bare phrase
    /// follows it, or, for a transitive verb, one, which is its object (with two, the first is
    /// its own subject).
    pub(super) fn coordinated_verb_subject(
        &self,
        preds: &[Pred],
        pi: usize,
        sources: &[Option<ActorRef>],
    ) -> Option<Subject> {
        let (doc, pred) = (self.doc, self.pred);
        let transitive = matches!(
            self.entry.target,
            TargetRule::Object | TargetRule::ObjectOrPrep(_)
        );
        let proclitics = &doc.text[doc.tokens[pred.first].start..pred.start];
        let joined = proclitics.starts_with('و') || self.key_before(1) == "و";
        let p = pi.checked_sub(1)?;
        let previous = &preds[p];
        let previous_verb = matches!(doc.lex.entries[previous.entry].pos, Pos::Verb | Pos::Phrase)
            && !clause_break(doc, previous.last + 1, pred.first);
        if !(joined && previous_verb) {
            return None;
        }
        let source = sources[p].clone()?;
        let mut bare = self.runs.iter().enumerate().filter(|(_, r)| {
            r.first > pred.last
                && r.first <= pred.last + OBJECT_REACH
                && r.prep.is_none()
                && !r.coordinated
                && self.usable(r)
                && !clause_break(doc, pred.last + 1, r.first)
        });
        let object = bare.next().map(|(i, _)| i);
        // A phrase after an intransitive verb, or a second one, is the verb's own subject.
        if (object.is_some() && !transitive) || bare.next().is_some() {
            return None;
        }
        Some(Subject {
            carried: Some(source),
            object_run: object,
            ..Subject::default()
        })
    }

    /// The speaker of the last speech verb of the sentence, when this speech verb is joined to
    /// what goes before by «و».
    pub(super) fn joined_speech_source(
        &self,
        preds: &[Pred],
        pi: usize,
        sources: &[Option<ActorRef>],
    ) -> Option<ActorRef> {
        let doc = self.doc;
        let proclitics = &doc.text[doc.tokens[self.pred.first].start..self.pred.start];
        let joined = proclitics.starts_with('و') || self.key_before(1) == "و";
        let previous = last_speech_before(doc.lex, preds, pi).filter(|_| joined)?;
        sources[previous].clone()
    }
}

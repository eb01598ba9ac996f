//! An event noun that a judgement is about: the attack condemned, claimed or blamed («أدانت
//! الحكومة تفجيرات المدينة», «وتبنت الجماعة اعتداءات العاصمة», "condemned an attack on") is the
//! topic of that act, a happening named again, not a report of its own (the guidelines
//! annotate the condemnation, not the attack it names).

use super::Sentence;
use crate::clauses::clause_break;
use crate::scan::Doc;

/// Event types whose verb takes a happening as what it judges: criticism and condemnation,
/// accusation and investigation.
const JUDGING_TYPES: [&str; 2] = ["DISAPPROVE", "ACCUSE"];

/// CAMEO codes of statements about a happening: claiming responsibility (015), denying it (016).
const JUDGING_CODES: [&str; 2] = ["015", "016"];

/// Tokens from the end of a judging verb to the event noun it governs (its subject between:
/// «استنكر رئيس الوزراء في بيان له أمس تفجيرات»).
const JUDGED_REACH: usize = 8;

/// Whether predicate `pi`, an event noun not reported as a verb, is what a judging verb right
/// before it in its clause is about, with no other predicate between them.
pub(super) fn judged_by_verb_before(doc: &Doc, sentence: &Sentence, pi: usize) -> bool {
    let pred = &sentence.preds[pi];
    let entry = &doc.lex.entries[pred.entry];
    if !entry.nominal() || pred.reported_as_verb() || pi == 0 {
        return false;
    }
    let before = &sentence.preds[pi - 1];
    let judge = &doc.lex.entries[before.entry];
    let judging = JUDGING_TYPES.contains(&judge.event_type.as_str())
        || JUDGING_CODES.contains(&judge.cameo.as_str());
    judging
        && !judge.nominal()
        && pred.first > before.last
        && pred.first - before.last <= JUDGED_REACH
        && !clause_break(doc, before.last + 1, pred.first)
}

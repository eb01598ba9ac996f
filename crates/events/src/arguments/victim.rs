//! The victim of an attack named by the death or wounding its sentence tells.

use super::Frame;
use crate::lexicon::CueKind;

/// Tokens between an attack noun and a word of death or wounding of its sentence («مقتل»).
const VICTIM_REACH: usize = 12;

/// Tokens the victim's name may follow that word («مقتل عشرين من الحوثيين»).
const VICTIM_NAME_REACH: usize = 4;

impl Frame<'_, '_> {
    /// «عن مقتل محسن الفضلي ... في غارة أمريكية», «معارك أسفرت عن مقتل عشرين من الحوثيين»: the
    /// one whose death or wounding an attack noun's sentence tells, near the noun, is its target.
    pub(super) fn victim(&self, source_run: Option<usize>) -> Option<usize> {
        let (doc, pred) = (self.doc, self.pred);
        let (from, to) = doc.sentence_tokens[doc.tokens[pred.first].sentence];
        let near = |t: usize| t.abs_diff(pred.first) <= VICTIM_REACH;
        let victim_word = (from..to).find(|&t| near(t) && doc.has_cue(t, CueKind::Victim))?;
        self.runs
            .iter()
            .enumerate()
            .find(|&(i, r)| {
                Some(i) != source_run
                    && r.first > victim_word
                    && r.first <= victim_word + VICTIM_NAME_REACH
                    // Right after the word, a preposition before it governs the word, not the name.
                    && (r.first == victim_word + 1 || Self::prep_in(r, &["من"]))
                    && self.usable(r)
            })
            .map(|(i, _)| i)
    }
}

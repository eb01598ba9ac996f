//! Persons named at the end of title phrases: the speaker of an Arabic speech verb whose title
//! names places and nationalities before the person («قال قائد اللواء المسؤول عن حماية
//! الحدود الأردنية مع سوريا العقيد فلان إن …»), and the person after a titled organization.

use khabar_ner::EntityType;

use super::{Frame, SPEAKER_REACH};
use crate::clauses::clause_break;

/// Tokens a person's name may follow a titled organization that heads the subject («رئيس بعثة
/// البرلمان العربي ... سعود العنزي»).
const NAME_AFTER_TITLE_REACH: usize = 4;

/// Tokens a person may follow an Arabic speech verb at the end of a long title phrase.
const TITLED_SPEAKER_REACH: usize = 16;

impl Frame<'_, '_> {
    /// The phrase that speaks for Arabic speech verb: the first actor after it, unless that
    /// actor is no person and a person is named later in the same clause, before what is said
    /// (a complementizer, a quote or a colon): a place or nationality there belongs to the
    /// person's title.
    pub(super) fn arabic_speaker(&self) -> Option<usize> {
        let first = self.after(SPEAKER_REACH, &["عن"]);
        let (runs, mentions) = (self.runs, self.doc.mentions);
        if first.is_some_and(|f| mentions[runs[f].head].entity_type == EntityType::Per) {
            return first;
        }
        let pred = self.pred;
        let from = first.map_or(pred.last, |f| runs[f].last);
        let person = runs.iter().position(|r| {
            r.first > from
                && r.first <= pred.last + TITLED_SPEAKER_REACH
                && mentions[r.head].entity_type == EntityType::Per
                // «… مع سوريا العقيد فلان»: the preposition governs the place, not the person.
                && (r.prep.is_none() || r.members[0] != r.head)
                && !r.coordinated
                && self.usable(r)
                && !clause_break(self.doc, pred.last + 1, r.first)
        });
        person.or(first)
    }

    /// «أشاد رئيس بعثة البرلمان العربي لمتابعة الانتخابات سعود العنزي»: the person named after a
    /// titled organization is the actor; phrase `s` otherwise.
    pub(super) fn name_after_titled_organization(&self, s: usize) -> usize {
        let (runs, mentions) = (self.runs, self.doc.mentions);
        if !runs[s].titled || mentions[runs[s].head].entity_type == EntityType::Per {
            return s;
        }
        runs.iter()
            .position(|r| {
                r.first > runs[s].last
                    && r.first <= runs[s].last + NAME_AFTER_TITLE_REACH
                    && mentions[r.head].entity_type == EntityType::Per
                    && r.prep.is_none()
                    && !r.coordinated
            })
            .unwrap_or(s)
    }
}

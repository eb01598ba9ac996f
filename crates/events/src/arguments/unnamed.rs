//! Arabic actors that stay unnamed: the implicit agent of an unvocalized passive («واعتقل
//! رضايان») or of the passive periphrasis («وجرى اعتقال رضايان») and an armed group named only
//! by an agent noun («فجر انتحاري نفسه»), all null in the guidelines.

use khabar_ner::EntityType;
use khabar_text::clitics::ARTICLE;

use super::{Frame, Subject, OBJECT_REACH};
use crate::clauses::clause_break;
use crate::lexicon::{CueKind, Lang, Pos, TargetRule};

/// Agent-dictionary sectors of unnamed armed actors (rebels, unaligned armed men, insurgents).
const ARMED_SECTORS: [&str; 3] = ["REB", "UAF", "INS"];

/// Sectors of a force named by its kind alone, definite or not (armed forces, police,
/// intelligence, government, and the armed sectors).
const FORCE_SECTORS: [&str; 7] = ["MIL", "COP", "SPY", "GOV", "REB", "UAF", "INS"];

impl Frame<'_, '_> {
    /// «واعتقل رضايان في 22 يوليو»: an unvocalized perfect of arrest followed by one person or
    /// people and no other phrase is a passive («اعتُقل»); the person is the one arrested and
    /// the implicit agent is not resolved. A body or a country after it is the agent
    /// («اعتقلت إيران الصحافي»), and so is a nationality after an agent noun («اعتقلت القوات
    /// الإسرائيلية»).
    pub(super) fn arrested_person(&self, subject: &Subject) -> Option<usize> {
        let (doc, pred) = (self.doc, self.pred);
        let arrest = doc.lang == Lang::Ar
            && self.entry.pos == Pos::Verb
            && self.entry.mode.as_deref() == Some("arrest")
            && !pred.imperfect;
        let s = subject
            .run
            .filter(|&s| arrest && self.runs[s].first > pred.last)?;
        let head = doc.mentions[self.runs[s].head].entity_type;
        let agent_noun = doc.role_of(self.runs[s].first - 1).is_some();
        let person =
            matches!(head, EntityType::Per | EntityType::Norp | EntityType::Misc) && !agent_noun;
        let another = self.runs.iter().any(|r| {
            r.first > self.runs[s].last
                && r.first <= pred.last + OBJECT_REACH
                && r.prep.is_none()
                && self.usable(r)
                && !clause_break(doc, pred.last + 1, r.first)
        });
        (person && !another).then_some(s)
    }

    /// «وجرى اعتقال رضايان»: a verbal noun of the passive periphrasis (after «تم»، «جرى») that
    /// takes an object is a passive; its genitive is the object and its agent stays implicit.
    /// `None` when the noun is not such a passive.
    pub(super) fn periphrastic_passive(&self) -> Option<Subject> {
        let takes_object = matches!(
            self.entry.target,
            TargetRule::Object | TargetRule::ObjectOrPrep(_)
        );
        if !(self.pred.after_auxiliary && takes_object && !self.entry.symmetric) {
            return None;
        }
        let genitive = self
            .runs
            .iter()
            .position(|r| r.first == self.pred.last + 1 && r.prep.is_none() && self.usable(r));
        Some(Subject {
            object_run: genitive,
            passive: true,
            ..Subject::default()
        })
    }

    /// «فجر انتحاري نفسه في سوق بشمال أفغانستان», «واعتقلت الشرطة أحمد سعيد»: an agent noun
    /// right after the verb, outside any named phrase, is its unnamed subject, which the
    /// guidelines leave null (generic heads are not organisations): an indefinite one of an armed
    /// group (انتحاري، مسلحون), or a force of any definiteness (the army, the police, warplanes,
    /// the government: sectors of the agent dictionary and the roles table). The first bare
    /// phrase after it in the clause, before any relative clause, is the object («قصفت طائرات
    /// التحالف مواقع الحوثيين»). `None` when the verb has no such subject.
    pub(super) fn unnamed_subject(&self) -> Option<Subject> {
        let doc = self.doc;
        let t = self.pred.last + 1;
        let named = self.runs.iter().any(|r| r.first <= t && t <= r.last);
        if named || t >= doc.tokens.len() || doc.mention_at[t].is_some() || self.names_its_body(t) {
            return None;
        }
        let agent_sector = doc.agent_sector_at(t);
        let armed = !doc.keys[t].starts_with(ARTICLE)
            && agent_sector
                .as_deref()
                .is_some_and(|sector| ARMED_SECTORS.contains(&sector));
        let force = match doc.role_of(t) {
            Some((_, true)) => false,
            Some((sector, false)) => FORCE_SECTORS.contains(&sector),
            None => agent_sector
                .as_deref()
                .is_some_and(|sector| FORCE_SECTORS.contains(&sector)),
        };
        if !(armed || force) {
            return None;
        }
        // The object comes before any relative clause or prepositional phrase.
        let reach = (t + OBJECT_REACH + 1).min(doc.tokens.len());
        let end = (t..reach)
            .find(|&k| {
                doc.has_cue(k, CueKind::Relative)
                    || doc.has_cue(k, CueKind::Preposition)
                    || doc.has_cue(k, CueKind::Locative)
            })
            .unwrap_or(reach);
        let object = self.runs.iter().position(|r| {
            r.first > t
                && r.first < end
                && r.prep.is_none()
                && self.usable(r)
                && !clause_break(doc, t, r.first)
        });
        Some(Subject {
            object_run: object,
            passive: true,
            ..Subject::default()
        })
    }

    /// Whether the phrase right after the agent noun at `t` names the body it stands for («القوات
    /// العراقية», «تنظيم داعش»): a nationality, an organisation or a place, not a person.
    fn names_its_body(&self, t: usize) -> bool {
        self.runs
            .iter()
            .any(|r| r.first == t + 1 && self.doc.mentions[r.head].entity_type != EntityType::Per)
    }
}

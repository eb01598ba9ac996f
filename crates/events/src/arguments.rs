//! Source and target of a predicate: which actor phrase of its sentence acts and which is acted
//! upon, by word order rules per language and part of speech.
//!
//! The source is a phrase of the predicate's clause, or is carried over from the predicate it
//! depends on (a coordinated verb, an adverbial participle, a clause governed by a speech verb),
//! or is the organization a definite title noun stands for («وقالت الوزارة»).

use khabar_ner::EntityType;
use khabar_text::TokenKind;

use crate::actors::{self, Run};
use crate::anaphora;
use crate::clauses::{clause_break, is_arabic_complementizer, subordinate};
use crate::lexicon::{CueKind, Entry, Lang, Lexicons, Pos, Role, TargetRule};
use crate::morph;
use crate::predicates::Pred;
use crate::scan::Doc;
use crate::ActorRef;

mod coordination;
mod english;
mod speaker;
mod unnamed;
mod victim;

/// Tokens a subject may stand before its predicate (long titles and appositions between).
const SUBJECT_REACH: usize = 40;

/// Tokens an agent may follow an Arabic event noun («زيارة وزير الخارجية المصري»).
const NOUN_AGENT_REACH: usize = 5;

/// Tokens the speaker may follow an Arabic speech verb («وقال في بيان وزير الخارجية»).
const SPEAKER_REACH: usize = 7;

/// Tokens the subject may follow an Arabic verb (verb-subject order, with adverbs and dates
/// between: «استقبل يوم الثلاثاء في بغداد الرئيس»).
const VERB_SUBJECT_REACH: usize = 12;

/// Tokens a predicate may follow the speech verb that governs it («أعلن الجيش ... منع»).
const GOVERNED_REACH: usize = 12;

/// Tokens between a reciprocal predicate and its «بين»/"between" phrase.
const BETWEEN_REACH: usize = 12;

/// Tokens the direct object may follow its predicate or subject.
const OBJECT_REACH: usize = 14;

/// Tokens a target's preposition may follow its predicate («فرض عقوبات جديدة على روسيا»).
const PREP_TARGET_REACH: usize = 12;

/// Tokens a target's preposition may stand before an event noun («على روسيا عقوبات»).
const PREP_TARGET_BEFORE_REACH: usize = 10;

/// Temporal prepositions (normalized): an event noun they govern («بعد تفجير», «خلال حملة قمع»)
/// is a circumstance of the clause, not an act of the phrase before it.
const TEMPORAL_PREPOSITIONS: [&str; 7] = ["بعد", "قبل", "خلال", "اثر", "عقب", "اثناء", "غداه"];

/// Tokens a temporal preposition may stand before the event noun it governs («خلال حملة قمع»).
const TEMPORAL_REACH: usize = 2;

/// Source and target of one predicate.
pub struct Resolved {
    /// Who acts.
    pub source: Option<ActorRef>,
    /// Whether the source is an actor phrase of the sentence (not carried over).
    pub source_local: bool,
    /// Whether the source was carried over from the previous predicate of the sentence.
    pub carried: bool,
    /// The actor phrase of a local source.
    pub source_run: Option<usize>,
    /// Who is acted upon.
    pub target: Option<ActorRef>,
}

/// The index of the last speech verb among the first `pi` predicates.
pub fn last_speech_before(lex: &Lexicons, preds: &[Pred], pi: usize) -> Option<usize> {
    (0..pi)
        .rev()
        .find(|&p| lex.entries[preds[p].entry].role == Role::Speech)
}

/// The predicate that predicate `pi` depends on: for an adverbial participle (داعياً، مضيفاً)
/// the last speech verb before it, else the last verb before it, whose subject it describes
/// («تجمع المحتجون … للتنديد بالاتفاق الموقع بين إيران والقوى الكبرى داعين الكونغرس»); for
/// anything else the previous predicate.
pub fn governor_of(lex: &Lexicons, preds: &[Pred], pi: usize) -> Option<usize> {
    if lex.entries[preds[pi].entry].pos == Pos::Participle {
        let verb = || {
            (0..pi)
                .rev()
                .find(|&p| matches!(lex.entries[preds[p].entry].pos, Pos::Verb | Pos::Phrase))
        };
        if let Some(p) = last_speech_before(lex, preds, pi).or_else(verb) {
            return Some(p);
        }
    }
    pi.checked_sub(1)
}

/// The value a predicate shares with its governor (`values` holds one per earlier predicate).
pub fn shared_with_governor<T: Clone>(values: &[Option<T>], governor: Option<usize>) -> Option<T> {
    values.get(governor?).cloned().flatten()
}

/// Source and target of predicate `pi` among the actor phrases `runs` of its sentence;
/// `sources` holds the sources of the earlier predicates of the sentence.
pub fn resolve_arguments(
    doc: &Doc,
    runs: &[Run],
    preds: &[Pred],
    pi: usize,
    entry: &Entry,
    sources: &[Option<ActorRef>],
) -> Resolved {
    let frame = Frame {
        doc,
        runs,
        pred: &preds[pi],
        entry,
    };
    let mut subject = frame
        .periphrastic_passive()
        .unwrap_or_else(|| frame.subject(preds, pi, sources));
    if let Some(patient) = frame.arrested_person(&subject) {
        subject = Subject {
            object_run: Some(patient),
            passive: true,
            ..Subject::default()
        };
    }
    let mut target_run = None;
    if entry.symmetric {
        target_run = frame.reciprocal(&mut subject);
    } else if entry.pos == Pos::Noun {
        // «اتصال هاتفي جرى بين الرئيسين X و Y»: a happening between two parties.
        target_run = frame.between(&mut subject);
    }
    if target_run.is_none() {
        target_run = frame.target(&subject);
    }
    if target_run.is_none() && entry.event_type == "ASSAULT" && entry.pos == Pos::Noun {
        target_run = frame.victim(subject.run);
    }
    frame.resolved(subject, target_run)
}

/// One predicate with the actor phrases of its sentence: what the argument rules look at.
struct Frame<'f, 'a> {
    doc: &'f Doc<'a>,
    runs: &'f [Run],
    pred: &'f Pred,
    entry: &'f Entry,
}

/// What the subject rules found.
#[derive(Default)]
struct Subject {
    /// The subject's actor phrase.
    run: Option<usize>,
    /// A subject carried over from the predicate this one depends on.
    carried: Option<ActorRef>,
    /// The object's actor phrase, when word order gives it (the subject of an English passive).
    object_run: Option<usize>,
    /// The agent is implicit (an Arabic passive) or unnamed: the source stays null and the
    /// object is `object_run` or none.
    passive: bool,
}

impl Subject {
    fn at(run: Option<usize>) -> Subject {
        Subject {
            run,
            ..Subject::default()
        }
    }

    fn carried(carried: Option<ActorRef>) -> Subject {
        Subject {
            carried,
            ..Subject::default()
        }
    }
}

impl Frame<'_, '_> {
    /// Whether a phrase can be an argument: it can act and is not the dateline.
    fn usable(&self, r: &Run) -> bool {
        r.can_act && !r.dateline
    }

    /// Whether a phrase is a nationality alone («أمريكية»), an adjective agreeing with the noun
    /// before it.
    fn is_nationality(&self, r: &Run) -> bool {
        r.members.len() == 1
            && matches!(
                self.doc.mentions[r.head].entity_type,
                EntityType::Norp | EntityType::Misc
            )
    }

    /// Whether a phrase has no preposition or one of `allow`.
    fn prep_in(r: &Run, allow: &[&str]) -> bool {
        r.prep.as_deref().is_none_or(|p| allow.contains(&p))
    }

    /// The normalized key `back` tokens before the predicate, or "".
    fn key_before(&self, back: usize) -> &str {
        self.pred
            .first
            .checked_sub(back)
            .map(|t| self.doc.keys[t].as_str())
            .unwrap_or("")
    }

    /// The first of the phrases coordinated with phrase `i` («عمّان وبغداد»).
    fn first_conjunct(&self, i: usize) -> usize {
        let mut j = i;
        while self.runs[j].coordinated && j > 0 && self.usable(&self.runs[j - 1]) {
            j -= 1;
        }
        j
    }

    /// The nearest usable phrase before the predicate in the same clause, with no preposition
    /// or one of `allow`; the first of two conjuncts.
    fn before(&self, allow: &[&str]) -> Option<usize> {
        let pred = self.pred;
        for (i, r) in self.runs.iter().enumerate().rev() {
            if r.last >= pred.first {
                continue;
            }
            if pred.first - r.last > SUBJECT_REACH
                || clause_break(self.doc, r.last + 1, pred.first)
                || subordinate(self.doc, r.last + 1, pred.first)
            {
                break;
            }
            if !self.usable(r) || !Self::prep_in(r, allow) {
                continue;
            }
            return Some(self.first_conjunct(i));
        }
        None
    }

    /// The first usable phrase within `window` tokens after the predicate, in its clause, with
    /// no preposition or one of `allow`.
    fn after(&self, window: usize, allow: &[&str]) -> Option<usize> {
        let pred = self.pred;
        self.runs.iter().position(|r| {
            r.first > pred.last
                && r.first <= pred.last + window
                && self.usable(r)
                && Self::prep_in(r, allow)
                && !clause_break(self.doc, pred.last + 1, r.first)
        })
    }

    /// The subject by the rules of the predicate's language, part of speech and role.
    fn subject(&self, preds: &[Pred], pi: usize, sources: &[Option<ActorRef>]) -> Subject {
        // An adverbial participle (داعياً، مضيفاً) shares its governor's subject (`governor_of`).
        let speech_before = last_speech_before(self.doc.lex, preds, pi);
        let previous_source = shared_with_governor(sources, governor_of(self.doc.lex, preds, pi));
        match (self.doc.lang, self.entry.pos, self.entry.role) {
            (Lang::Ar, Pos::Participle, _) => match previous_source {
                Some(source) => Subject::carried(Some(source)),
                None => Subject::at(self.before(&[])),
            },
            (Lang::Ar, Pos::Noun, Role::Speech) => Subject::at(
                self.before(&["عن"])
                    .or_else(|| self.after(NOUN_AGENT_REACH, &[])),
            ),
            (Lang::Ar, Pos::Noun, _) => self.arabic_noun_subject(preds, pi, sources),
            (Lang::Ar, _, Role::Speech) => match self.arabic_speaker() {
                Some(speaker) => Subject::at(Some(speaker)),
                // «وقال الجبير: "…" ، وأكد على أن …»: a speech verb joined by «و» with no
                // speaker after it goes on with the previous one's.
                None => match self.joined_speech_source(preds, pi, sources) {
                    Some(speaker) => Subject::carried(Some(speaker)),
                    None => Subject::at(self.before(&[])),
                },
            },
            (Lang::Ar, _, _) => self.arabic_verb_subject(preds, pi, sources),
            (Lang::En, _, Role::Speech) => Subject::at(self.english_speaker()),
            (Lang::En, Pos::Noun, _) => Subject::at(self.english_noun_agent()),
            (Lang::En, _, _) if self.is_english_passive() => Subject {
                run: self.by_agent(),
                object_run: self.before(&[]),
                ..Subject::default()
            },
            (Lang::En, _, _) => match self.speaker_by_pronoun(speech_before, sources) {
                Some(speaker) => Subject::carried(Some(speaker)),
                None => self.english_verb_subject(preds, pi, previous_source),
            },
        }
    }

    /// governs this predicate.
    fn governing_speaker(
        &self,
        preds: &[Pred],
        pi: usize,
        sources: &[Option<ActorRef>],
    ) -> Option<ActorRef> {
        let p = pi.checked_sub(1)?;
        let prev = &preds[p];
        (self.doc.lex.entries[prev.entry].role == Role::Speech
            && !clause_break(self.doc, prev.last + 1, self.pred.first)
            && self.pred.first - prev.last <= GOVERNED_REACH)
            .then(|| sources[p].clone())
            .flatten()
    }

    /// An Arabic event noun: the phrase right after it («زيارة السوداني»; a nationality
    /// adjective even when a preposition governs the noun, «في غارة أمريكية»), else the governing
    /// speaker's, else a phrase before it or near after it.
    fn arabic_noun_subject(
        &self,
        preds: &[Pred],
        pi: usize,
        sources: &[Option<ActorRef>],
    ) -> Subject {
        let pred = self.pred;
        let next = self.runs.iter().position(|r| {
            r.first == pred.last + 1
                && (r.prep.is_none() || (!r.prep_glued && self.is_nationality(r)))
                && self.usable(r)
        });
        if next.is_some() {
            return Subject::at(next);
        }
        if let Some(speaker) = self.governing_speaker(preds, pi, sources) {
            return Subject::carried(Some(speaker));
        }
        // With or without the conjunction («وبعد», «وخلال»).
        let temporal = (1..=TEMPORAL_REACH).any(|back| {
            let key = self.key_before(back);
            TEMPORAL_PREPOSITIONS.contains(&key.strip_prefix('و').unwrap_or(key))
        });
        let before = if temporal {
            None
        } else {
            self.before(&["من"])
        };
        Subject::at(before.or_else(|| self.after(NOUN_AGENT_REACH, &[])))
    }

    /// An Arabic verb: a subject-first clause, else the governing speaker's subject, else the
    /// phrase after the verb (verb-subject order), else one before it.
    fn arabic_verb_subject(
        &self,
        preds: &[Pred],
        pi: usize,
        sources: &[Option<ActorRef>],
    ) -> Subject {
        let mut run = None;
        if matches!(self.key_before(1), "قد" | "لقد") {
            run = self.before(&[]);
        }
        if run.is_none() {
            run = self.subject_first_clause();
        }
        if run.is_some() {
            return Subject::at(run);
        }
        if let Some(fronted) = anaphora::fronted_subject(self.doc, self.pred) {
            return Subject::carried(Some(fronted));
        }
        if let Some(speaker) = self.governing_speaker(preds, pi, sources) {
            return Subject::carried(Some(speaker));
        }
        if let Some(shared) = self.coordinated_verb_subject(preds, pi, sources) {
            return shared;
        }
        if let Some(unnamed) = self.unnamed_subject() {
            return unnamed;
        }
        // «تجمعوا»: a perfect that agrees in the plural has its subject before it (in
        // verb-subject order the verb stays singular), so a phrase after it is no subject.
        let plural_perfect = !self.pred.imperfect && self.doc.keys[self.pred.first].ends_with("وا");
        let after = if plural_perfect {
            None
        } else {
            self.after(VERB_SUBJECT_REACH, &[])
        };
        Subject::at(
            after
                .map(|s| self.name_after_titled_organization(s))
                .or_else(|| self.relative_antecedent())
                .or_else(|| self.before(&[])),
        )
    }

    /// «بين إيران والولايات المتحدة اللتين قطعتا العلاقات»: the phrase right before a relative
    /// pronoun that opens the verb's clause is its subject, whatever governs that phrase.
    fn relative_antecedent(&self) -> Option<usize> {
        let relative = self.pred.first.checked_sub(1)?;
        if !self.doc.has_cue(relative, CueKind::Relative) {
            return None;
        }
        self.runs
            .iter()
            .position(|r| r.last + 1 == relative && self.usable(r))
            .map(|i| self.first_conjunct(i))
    }

    /// Subject-first clause: a phrase right before the verb that opens the sentence, a quote or
    /// a clause («أن السوداني استقبل», «عمّان وبغداد اتفقتا»).
    fn subject_first_clause(&self) -> Option<usize> {
        let doc = self.doc;
        let pred = self.pred;
        let sentence_start = doc.sentence_tokens[doc.tokens[pred.first].sentence].0;
        self.runs
            .iter()
            .position(|r| {
                r.last + 1 == pred.first
                    && r.prep.is_none()
                    && self.usable(r)
                    && (r.first == sentence_start
                        || doc.quote_open[r.first - 1]
                        || is_arabic_complementizer(&doc.keys[r.first - 1])
                        || matches!(doc.keys[r.first - 1].as_str(), "،" | ","))
            })
            .map(|i| self.first_conjunct(i))
    }

    /// "Between X and Y" / «بين X و Y» near the predicate gives source and target; returns the
    /// target's phrase and updates the subject. When only X is an actor («بين إيران والقوى
    /// الكبرى»), X is the source, the first-mentioned party, and there is no target.
    fn between(&self, subject: &mut Subject) -> Option<usize> {
        let runs = self.runs;
        let i = runs.iter().position(|r| {
            matches!(r.prep.as_deref(), Some("بين" | "between"))
                && self.usable(r)
                && r.first.abs_diff(self.pred.last) <= BETWEEN_REACH
        })?;
        let partner = runs
            .get(i + 1)
            .is_some_and(|n| n.coordinated && self.usable(n));
        if !partner && !self.second_party_follows(&runs[i]) {
            // «بين الحكومة وحركة طالبان»: the second party alone is no first-mentioned one.
            return None;
        }
        subject.run = Some(i);
        subject.carried = None;
        partner.then_some(i + 1)
    }

    /// Whether phrase `r` is the first party of «بين X و…», "between X and …", with a second
    /// party that is no actor right after it («بين إيران والقوى الكبرى»).
    fn second_party_follows(&self, r: &Run) -> bool {
        let doc = self.doc;
        let next = r.last + 1;
        next < doc.tokens.len()
            && doc.tokens[next].kind == TokenKind::Word
            && (doc.keys[next].starts_with('و') || doc.keys[next] == "and")
            && !r.coordinated
    }

    /// Reciprocal events: "between X and Y" / «بين X و Y», or a coordinated subject, give source
    /// and target; returns the target's phrase and updates the subject.
    fn reciprocal(&self, subject: &mut Subject) -> Option<usize> {
        let runs = self.runs;
        let pred = self.pred;
        if let Some(target) = self.between(subject) {
            return Some(target);
        }
        let s = subject.run?;
        let partner_after = runs.get(s + 1).is_some_and(|n| {
            n.coordinated && self.usable(n) && (n.last < pred.first || runs[s].first > pred.last)
        });
        if partner_after {
            return Some(s + 1);
        }
        if s > 0 && runs[s].coordinated && self.usable(&runs[s - 1]) {
            subject.run = Some(s - 1);
            return Some(s);
        }
        None
    }

    /// The target's phrase by the entry's rule.
    fn target(&self, subject: &Subject) -> Option<usize> {
        match &self.entry.target {
            TargetRule::None => None,
            TargetRule::Object => self.object(subject),
            TargetRule::Prep(preps) => self.prep_target(preps, subject.run),
            TargetRule::ObjectOrPrep(preps) => self
                .object(subject)
                .or_else(|| self.prep_target(preps, subject.run)),
        }
    }

    /// The direct object: the first bare phrase after the predicate (after the subject, when
    /// that follows the predicate), in its clause.
    fn object(&self, subject: &Subject) -> Option<usize> {
        if subject.object_run.is_some() || subject.passive {
            return subject.object_run;
        }
        let pred = self.pred;
        let anchor = match subject.run {
            Some(s) if self.runs[s].first > pred.last => self.runs[s].last,
            _ => pred.last,
        };
        self.runs
            .iter()
            .enumerate()
            .find(|(i, r)| {
                Some(*i) != subject.run
                    && r.first > anchor
                    && r.first <= anchor + OBJECT_REACH
                    && r.prep.is_none()
                    && self.usable(r)
                    && !clause_break(self.doc, pred.last + 1, r.first)
            })
            .map(|(i, _)| i)
    }

    /// The phrase after one of `preps` following the predicate, or for a noun before it; never
    /// the subject's phrase `source_run`.
    fn prep_target(&self, preps: &[String], source_run: Option<usize>) -> Option<usize> {
        let pred = self.pred;
        let governed = |r: &Run| {
            r.prep
                .as_ref()
                .is_some_and(|p| preps.iter().any(|w| w == p))
        };
        let candidate = |i: usize, r: &Run| Some(i) != source_run && governed(r) && self.usable(r);
        // «توجيه الاتهام إليه … إلى المحكمة»: a target preposition with a pronoun holds the
        // target; no phrase after it is.
        let keys = &self.doc.keys;
        let reach_end = (pred.last + PREP_TARGET_REACH + 1).min(keys.len());
        let pronoun = (pred.last + 1..reach_end)
            .find(|&t| preps.iter().any(|p| morph::is_possessed(&keys[t], p)));
        let runs = || self.runs.iter().enumerate();
        runs()
            .find(|&(i, r)| {
                r.first > pred.last
                    && r.first <= pred.last + PREP_TARGET_REACH
                    && pronoun.is_none_or(|p| r.first < p)
                    && candidate(i, r)
            })
            .or_else(|| {
                runs()
                    .rev()
                    .find(|&(i, r)| {
                        r.last < pred.first
                            && pred.first - r.last <= PREP_TARGET_BEFORE_REACH
                            && candidate(i, r)
                    })
                    .filter(|_| self.entry.pos == Pos::Noun)
            })
            .map(|(i, _)| i)
    }

    /// The arguments from the phrases found; a verb without a subject phrase may have a
    /// definite title noun for subject («وقالت الوزارة»).
    fn resolved(&self, subject: Subject, target_run: Option<usize>) -> Resolved {
        let source_local = subject.run.is_some() && subject.carried.is_none();
        let carried = subject.carried.is_some();
        let mut source = subject
            .carried
            .or_else(|| subject.run.map(|i| self.runs[i].actor()));
        let verbal = self.entry.pos != Pos::Noun && self.entry.pos != Pos::Participle;
        if source.is_none() && verbal && !subject.passive {
            source = anaphora::nominal_subject(self.doc, self.pred);
        }
        let target = target_run.map(|i| self.runs[i].actor()).filter(|t| {
            source
                .as_ref()
                .is_none_or(|s| !actors::same_entity(self.doc.mentions, s.mention, t.mention))
        });
        Resolved {
            source,
            source_local,
            carried,
            source_run: if source_local { subject.run } else { None },
            target,
        }
    }
}

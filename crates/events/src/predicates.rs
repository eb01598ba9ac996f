//! Predicates: the event triggers and speech verbs of the lexicon found in a sentence, each with
//! the facts of its word that later steps read (definite, future prefix, quoted, imperfect).

use khabar_ner::EntityType;
use khabar_text::clitics::{ARTICLE, CONJUNCTIONS, FUTURE, LAM_ARTICLE};
use khabar_text::TokenKind;

use crate::clauses::{clause_break, is_complementizer};
use crate::lexicon::{CueKind, Lang, Need, Pos, Role};
use crate::scan::{Doc, Hit};

/// Prepositions a verb never carries («بحثها» is not ب + «حثها»); ل stays allowed, as on a verb
/// it marks purpose or command («ليستقبل»).
const NOUN_ONLY_PREPOSITIONS: [char; 2] = ['ب', 'ك'];

/// «الله» as a normalized key.
const GOD: &str = "الله";

/// The preposition words after a verbal noun of motive («احتجاجاً على», «تضامناً مع»), as
/// normalized keys.
const MOTIVE_PREPOSITION_WORDS: [&str; 2] = ["علي", "مع"];

/// The preposition letters glued to the word after a verbal noun of motive («تنديداً بالقرار»,
/// «استنكاراً لما»).
const MOTIVE_PREPOSITION_LETTERS: [char; 2] = ['ب', 'ل'];

/// Letters a word glued to a motive's preposition letter has at least: shorter words are
/// function words («بين», «بعد», «لكن»), not the motive's object.
const MOTIVE_OBJECT_MIN_LETTERS: usize = 4;

/// Tokens an English determiner may stand before its noun ("the two-day state visit").
const DETERMINER_REACH: usize = 4;

/// Tokens a verb of success, or Arabic's light verb «قام», may stand before the verbal noun it
/// introduces («تمكنت قوات الأمن من القبض», «قامت القوات صباح أمس بقصف»: the subject, a time
/// and the preposition between).
const SUCCESS_REACH: usize = 5;

/// Tokens a casualty verb may stand before the event noun that caused it («أصيب خمسة آخرون
/// بجروح في هجوم»: the count, the wound and the preposition between; a count of several
/// words and who the victims were, «أكثر من 40 آخرين معظمهم من النساء في هجوم»).
const CASUALTY_REACH: usize = 10;

/// Tokens a casualty verb may follow the event noun that caused it, with the noun's adjective
/// between («هجوم مسلح قتل ثلاثة حراس»).
const CASUALTY_AFTER_REACH: usize = 2;

/// Words of a multiword light verb ("carried out").
const LIGHT_VERB_WORDS: usize = 2;

/// A matched trigger or speech verb.
#[derive(Debug, Clone)]
pub struct Pred {
    /// Index of the lexicon entry.
    pub entry: usize,
    /// First token.
    pub first: usize,
    /// Last token (a phrase spans several).
    pub last: usize,
    /// Byte offset where the trigger starts: after conjunction and preposition proclitics, with
    /// the article.
    pub start: usize,
    /// Byte offset one past the trigger.
    pub end: usize,
    /// Definite: an Arabic article or possessive suffix, an English determiner («الزيارة»,
    /// "the visit"); a definite noun refers back to an event already told.
    pub definite: bool,
    /// An Arabic verb with the future prefix س.
    pub future_prefix: bool,
    /// Inside a quotation.
    pub in_quote: bool,
    /// An Arabic imperfect verb form (present or future, not a report of the past).
    pub imperfect: bool,
    /// An Arabic noun right after a perfect verb of the passive periphrasis («وتم استجوابه»):
    /// it reports a happening as a passive verb does.
    pub after_auxiliary: bool,
    /// An Arabic noun shortly after a perfect verb of success in its clause («تمكنت القوات من
    /// السيطرة على»), an indefinite noun shortly after the casualties it caused («قتل شخصان في
    /// هجوم», "killed in an attack"), or an English noun as the object of a light verb ("mounted
    /// its invasion", "staged a strike"): it reports a happening as a verb does.
    pub introduced_by_verb: bool,
}

impl Pred {
    /// Whether this is a verbal noun that reports a happening as a verb does: after the passive
    /// auxiliary, a verb of success or an English light verb.
    pub fn reported_as_verb(&self) -> bool {
        self.after_auxiliary || self.introduced_by_verb
    }
}

/// The predicates of a sentence's tokens `[from, to)`, in text order, the longest match first
/// at each token; none inside an entity mention.
pub fn find_predicates(doc: &Doc, from: usize, to: usize) -> Vec<Pred> {
    let mut preds = Vec::new();
    let mut t = from;
    while t < to {
        if doc.tokens[t].kind != TokenKind::Word || doc.mention_at[t].is_some() {
            t += 1;
            continue;
        }
        let found = doc
            .hits(t)
            .into_iter()
            .find(|h| can_be_predicate(doc, t, h));
        // Titles and organization words are never triggers («وزارة» is not و + «زارة»); checked
        // only for hits, as it is the costlier test.
        let Some(hit) = found.filter(|_| !doc.is_title_form(t)) else {
            t += 1;
            continue;
        };
        let pred = predicate(doc, t, &hit, from);
        t = pred.last + 1;
        preds.push(pred);
    }
    preds
}

/// Whether a lexicon hit at token `t` can be a predicate: not a content cue, its proclitics fit
/// its part of speech, and its entry's context conditions hold.
fn can_be_predicate(doc: &Doc, t: usize, hit: &Hit) -> bool {
    let entry = &doc.lex.entries[hit.form.entry];
    let prefix = &doc.keys[t][..hit.key_offset];
    // Verbs and adverbial participles take only و ف س ل, never a preposition or the
    // article («بحثها» is not ب + «حثها», «الحذر» is a noun, «بداعي» means "because").
    let verbal = matches!(entry.pos, Pos::Verb | Pos::Participle);
    // A verb form after «ل» is the verbal noun of a purpose («لمنع تسلل الإرهابيين») unless a
    // verb of success or resolve governs it («عمدت لقطع الهواتف»).
    let purpose = entry.pos == Pos::Verb && prefix.contains('ل') && {
        let from = doc.sentence_tokens[doc.tokens[t].sentence].0;
        !after_cue(doc, CueKind::Success, SUCCESS_REACH, t, from)
    };
    let bad_proclitic =
        verbal && (hit.article || prefix.contains(NOUN_ONLY_PREPOSITIONS) || purpose);
    // A verb never ends in ta marbuta («طالبة», «صادرة» are nouns, not طالب + ه).
    let ta_marbuta =
        entry.pos == Pos::Verb && doc.text[doc.tokens[t].start..doc.tokens[t].end].ends_with('ة');
    // «نادي» is a club; the verb is written «نادى».
    let ya_for_maqsura = entry.maqsura
        && !hit.form.imperfect
        && doc.keys[t][hit.key_offset..].contains('ي')
        && !doc.text[doc.tokens[t].start..doc.tokens[t].end].contains('ى');
    // The future prefix goes with an imperfect only («سلام» is not سـ + «لام»).
    let future_on_perfect = entry.pos == Pos::Verb
        && doc.lang == Lang::Ar
        && prefix.ends_with(FUTURE)
        && !hit.form.imperfect;
    // God as the subject makes a blessing, not a happening («رعاه الله», «حفظه الله»).
    let blessing = verbal
        && doc.lang == Lang::Ar
        && doc
            .keys
            .get(t + hit.form.tail.len() + 1)
            .is_some_and(|k| k == GOD);
    entry.role != Role::Cue
        && !(entry.motive && motive_adverbial(doc, t, hit))
        && (doc.lang != Lang::En || entry.pos != Pos::Verb || english_verb_fits(doc, t, hit))
        && !bad_proclitic
        && !ta_marbuta
        && !ya_for_maqsura
        && !future_on_perfect
        && !blessing
        && needs_hold(doc, t, t + hit.form.tail.len(), &entry.needs)
}

/// Whether the noun hit at token `t` is an indefinite accusative (no article, suffix or
/// preposition; «احتجاجاً», «واحتجاجاً») right before a preposition: the motive of the act
/// before it (مفعول لأجله), not a happening of its own.
fn motive_adverbial(doc: &Doc, t: usize, hit: &Hit) -> bool {
    let key = &doc.keys[t];
    let bare = key[..hit.key_offset]
        .chars()
        .all(|c| CONJUNCTIONS.contains(&c));
    let sentence_end = doc.sentence_tokens[doc.tokens[t].sentence].1;
    let before_preposition = t + 1 < sentence_end && {
        let next = doc.keys[t + 1].as_str();
        MOTIVE_PREPOSITION_WORDS.contains(&next)
            || (next.starts_with(MOTIVE_PREPOSITION_LETTERS)
                && next.chars().count() >= MOTIVE_OBJECT_MIN_LETTERS)
    };
    bare && !hit.article && !hit.form.suffixed && key.ends_with('ا') && before_preposition
}

/// Whether an English verb form at token `t` is a verb there: a bare base form only after a
/// future auxiliary ("will release"; elsewhere a noun or an infinitive: "a jail term", "to
/// attack"), no form right after a determiner ("the killing of", "a meeting", "their demands",
/// "the banned movement" are nouns and adjectives); "that" also opens a clause ("the law that
/// banned").
fn english_verb_fits(doc: &Doc, t: usize, hit: &Hit) -> bool {
    let before = t.checked_sub(1);
    let bare_base =
        hit.form.imperfect && !before.is_some_and(|b| doc.has_cue(b, CueKind::FutureAuxiliary));
    let after_determiner = before.is_some_and(|b| {
        let key = doc.keys[b].as_str();
        matches!(key, "a" | "an") || (doc.has_cue(b, CueKind::Definite) && !is_complementizer(key))
    });
    !bare_base && !after_determiner
}

/// The predicate of a hit at token `t`, in the sentence starting at token `from`.
fn predicate(doc: &Doc, t: usize, hit: &Hit, from: usize) -> Pred {
    let entry = &doc.lex.entries[hit.form.entry];
    let last = t + hit.form.tail.len();
    let prefix = &doc.keys[t][..hit.key_offset];
    let future_prefix = doc.lang == Lang::Ar && prefix.ends_with(FUTURE) && entry.pos == Pos::Verb;
    let (definite, light_verb_object) = match doc.lang {
        Lang::Ar => {
            let dated = entry.pos == Pos::Noun && dated_construct(doc, last);
            let construct = entry.nominal() && definite_complement(doc, t, hit);
            // «قامت القوات بقصف»: a verbal noun glued to «ب» after «قام».
            let light =
                prefix.contains('ب') && after_cue(doc, CueKind::LightVerb, SUCCESS_REACH, t, from);
            (
                hit.article || hit.form.suffixed || dated || construct,
                light,
            )
        }
        Lang::En => english_determiner(doc, t, from),
    };
    Pred {
        entry: hit.form.entry,
        first: t,
        last,
        start: trigger_start(doc, t, hit),
        end: doc.tokens[last].end,
        definite,
        future_prefix,
        in_quote: doc.in_quote[t],
        imperfect: hit.form.imperfect,
        after_auxiliary: entry.pos == Pos::Noun
            && t.checked_sub(1)
                .is_some_and(|before| doc.has_cue(before, CueKind::Auxiliary)),
        introduced_by_verb: entry.nominal()
            && (light_verb_object
                || after_cue(doc, CueKind::Success, SUCCESS_REACH, t, from)
                || (!definite && after_cue(doc, CueKind::Casualty, CASUALTY_REACH, t, from))
                || (!definite && casualty_after(doc, last))),
    }
}

/// Whether a cue of `kind` (a perfect verb of success, a casualty verb) stands within `reach`
/// tokens before the noun at token `t` (in the sentence starting at `from`), in its clause.
fn after_cue(doc: &Doc, kind: CueKind, reach: usize, t: usize, from: usize) -> bool {
    (from.max(t.saturating_sub(reach))..t)
        .any(|s| doc.has_cue(s, kind) && !clause_break(doc, s + 1, t))
}

/// Whether a casualty verb follows the noun ending at token `last` within
/// [`CASUALTY_AFTER_REACH`] tokens, in its clause («هجوم مسلح قتل ثلاثة حراس»): the happening
/// that caused the casualties it tells.
fn casualty_after(doc: &Doc, last: usize) -> bool {
    let sentence_end = doc.sentence_tokens[doc.tokens[last].sentence].1;
    ((last + 1)..(last + 1 + CASUALTY_AFTER_REACH).min(sentence_end))
        .any(|s| doc.has_cue(s, CueKind::Casualty) && !clause_break(doc, last + 1, s))
}

/// Where the trigger starts in token `t`: after the conjunction and preposition proclitics, but
/// with the article.
fn trigger_start(doc: &Doc, t: usize, hit: &Hit) -> usize {
    let token = &doc.tokens[t];
    let prefix = &doc.keys[t][..hit.key_offset];
    let clitic_len = if hit.article {
        // «للقبض» = ل + ال: the elided article goes with the preposition.
        if prefix.ends_with(LAM_ARTICLE) {
            hit.key_offset
        } else {
            hit.key_offset - ARTICLE.len()
        }
    } else {
        hit.key_offset
    };
    if clitic_len == 0 {
        token.start
    } else {
        let normalized = khabar_text::normalize(&doc.text[token.start..token.end]);
        token.start + normalized.original_offset(clitic_len)
    }
}

/// Whether a nominal phrase starting at token `t` has the article on a later word that its
/// written form lacks («أعمال الشغب» for «أعمال شغب»): a construct is definite by its last
/// word, as a noun is by its own article.
fn definite_complement(doc: &Doc, t: usize, hit: &Hit) -> bool {
    hit.form.tail.iter().enumerate().any(|(i, word)| {
        doc.keys
            .get(t + 1 + i)
            .is_some_and(|key| key.starts_with(ARTICLE) && !word.starts_with(ARTICLE))
    })
}

/// Whether the noun ending at token `last` is in construct with a definite date («تفجير الاثنين
/// الماضي», «هجوم الصيف»): the event of that day or season, definite as a name is.
fn dated_construct(doc: &Doc, last: usize) -> bool {
    doc.mention_at
        .get(last + 1)
        .copied()
        .flatten()
        .is_some_and(|m| {
            let mention = &doc.mentions[m];
            mention.entity_type == EntityType::Date
                && doc.mention_at[last] != Some(m)
                && doc.keys[last + 1].starts_with(ARTICLE)
        })
}

/// Whether an English noun at `t` has a definite determiner (the, this, its) before it, in the
/// sentence starting at token `from`, and whether it is the object of a light verb right before
/// it or its determiner ("mounted an invasion", "completed their withdrawal"). A noun possessed
/// by the light verb's subject is that subject's act, not an event told before; "carried out
/// the attack" still refers back.
fn english_determiner(doc: &Doc, t: usize, from: usize) -> (bool, bool) {
    let mut determiner = t;
    let mut definite = false;
    for back in 1..=DETERMINER_REACH {
        if t < from + back {
            break;
        }
        let p = t - back;
        let key = doc.keys[p].as_str();
        if doc.tokens[p].kind == TokenKind::Punct || doc.has_cue(p, CueKind::Preposition) {
            break;
        }
        if key == "a" || key == "an" || doc.has_cue(p, CueKind::Definite) {
            determiner = p;
            definite = doc.has_cue(p, CueKind::Definite);
            break;
        }
    }
    let light = after_light_verb(doc, determiner, from)
        && (!definite || doc.has_cue(determiner, CueKind::Possessive));
    (definite && !light, light)
}

/// Whether a light verb ("mounted", "carried out") ends right before token `p`, in the
/// sentence starting at token `from`.
fn after_light_verb(doc: &Doc, p: usize, from: usize) -> bool {
    p > from
        && (doc.has_cue(p - 1, CueKind::LightVerb)
            || doc.phrase_cue_before(p, LIGHT_VERB_WORDS, CueKind::LightVerb))
}

/// Whether every context condition of an entry holds for the trigger tokens `[first, last]`.
pub fn needs_hold(doc: &Doc, first: usize, last: usize, needs: &[Need]) -> bool {
    let sentence = doc.tokens[first].sentence;
    let (from, to) = doc.sentence_tokens[sentence];
    let any = |range: std::ops::Range<usize>, words: &[String]| {
        range
            .into_iter()
            .any(|t| words.iter().any(|w| doc.token_is_inflected(t, w)))
    };
    needs.iter().all(|need| match need {
        Need::Next(n, words) => any((last + 1)..(last + 1 + n).min(to), words),
        Need::Prev(n, words) => any(first.saturating_sub(*n).max(from)..first, words),
        Need::Near(n, words) => {
            any(first.saturating_sub(*n).max(from)..first, words)
                || any((last + 1)..(last + 1 + n).min(to), words)
        }
        Need::NotNext(n, words) => !any((last + 1)..(last + 1 + n).min(to), words),
        Need::NotPrev(n, words) => !any(first.saturating_sub(*n).max(from)..first, words),
    })
}

//! Actor phrases: runs of entity mentions joined by titles and function words
//! («وزير الخارجية الأردني فارس الطراونة», "Kenyan Deputy President Samuel K. Mwangi"), with the
//! head mention, the preposition that governs the phrase and its CAMEO-style code.

use khabar_ner::{EntityType, Mention};
use khabar_text::clitics::{ARTICLE, CONJUNCTIONS};
use khabar_text::{normalize_key, TokenKind};

use crate::lexicon::{CueKind, Lang, Pos};
use crate::scan::{is_country_link, Doc};
use crate::ActorRef;

/// An actor phrase inside one sentence (token indices are inclusive).
#[derive(Debug, Clone)]
pub struct Run {
    /// First token (titles included).
    pub first: usize,
    /// Last token.
    pub last: usize,
    /// Head mention (index into the mention list).
    pub head: usize,
    /// Every mention of the phrase.
    pub members: Vec<usize>,
    /// The preposition governing the phrase (normalized), if any.
    pub prep: Option<String>,
    /// Whether that preposition is glued to the phrase («للرئيس»), not a word before it.
    pub prep_glued: bool,
    /// Joined to the previous run by a conjunction (X و Y, X and Y).
    pub coordinated: bool,
    /// Opens with a title word (وزير، رئيس، Minister).
    pub titled: bool,
    /// Can act: a person, an organization, a nationality, or a place that is a country or
    /// capital (a town is a location, not an actor).
    pub can_act: bool,
    /// The dateline of the article («موسكو -», "NAIROBI —"): never an argument.
    pub dateline: bool,
    /// ISO3 country code.
    pub country: Option<String>,
    /// CAMEO sector.
    pub sector: Option<String>,
}

impl Run {
    /// The phrase as an event argument: its head with the phrase's codes.
    pub fn actor(&self) -> ActorRef {
        ActorRef {
            mention: self.head,
            country: self.country.clone(),
            sector: self.sector.clone(),
        }
    }
}

/// Tokens that may stand between two mentions of one phrase (titles and function words).
const MAX_JOIN_GAP: usize = 5;

/// Title words that may open a phrase before its first mention («نائب رئيس الوزراء الروسي»).
const MAX_LEADING_TITLES: usize = 4;

/// Words looked back over for the preposition or conjunction before a phrase (quotes, which are
/// not counted, determiners, adjectives).
const PREPOSITION_LOOKBACK: usize = 3;

/// Tokens of the first sentence that may come before the dateline's dash («موسكو -», "GOMA,
/// Congo —").
const DATELINE_REACH: usize = 10;

/// Prepositions that, glued to a title word, open a new phrase («لنائب رئيس الوزراء»).
const TITLE_PREPOSITIONS: [&str; 2] = ["ل", "ب"];

/// Prepositions glued with the article («للرئيس», «بالوزارة»); the preposition is the first
/// letter. Tried before [`GLUED_ALONE`].
const GLUED_WITH_ARTICLE: [&str; 2] = ["لل", "بال"];

/// Prepositions glued to a word without the article («لنائب», «ببغداد»).
const GLUED_ALONE: [&str; 3] = ["ل", "ب", "ك"];

/// The preposition of a glued clitic: its first letter («بال» → «ب»).
fn preposition_letter(clitic: &str) -> String {
    clitic.chars().next().map(String::from).unwrap_or_default()
}

/// Whether a mention can be part of an actor phrase.
fn is_actor_type(doc: &Doc, index: usize) -> bool {
    let m = &doc.mentions[index];
    match m.entity_type {
        EntityType::Per | EntityType::Org | EntityType::Loc | EntityType::Norp => true,
        EntityType::Misc => doc.country_of_text(m.start, m.end, true).is_some(),
        EntityType::Date => false,
    }
}

/// The type of a mention, with demonym MISC counted as NORP.
fn kind(doc: &Doc, index: usize) -> EntityType {
    let m = &doc.mentions[index];
    match m.entity_type {
        EntityType::Misc => EntityType::Norp,
        other => other,
    }
}

/// Whether two adjacent mentions belong to one phrase: a nationality or organization before a
/// name («مجلس الأمن الروسي نيكولاي فاسيليف», "Kenyan ... Mwangi"), a name before its
/// nationality, or a title between them.
fn joins(prev: EntityType, next: EntityType, titled_gap: bool) -> bool {
    use EntityType::*;
    match (prev, next) {
        (Norp, _) => true,
        (Org, Per) | (Org, Norp) => true,
        // «سيرغي شويغو، أمين مجلس الأمن الروسي»: a title in apposition.
        (_, Per) | (Per, Org) | (Per, Norp) => titled_gap,
        _ => false,
    }
}

fn is_dash(key: &str) -> bool {
    matches!(key, "-" | "—" | "–")
}

/// Builds the actor runs of a sentence, in text order.
pub fn runs(doc: &Doc, sentence: usize) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let (from, to) = doc.sentence_tokens[sentence];
    for &mi in doc.sentence_mentions(sentence) {
        if !is_actor_type(doc, mi) {
            continue;
        }
        let m = &doc.mentions[mi];
        let (Some(first), Some(last)) = (
            doc.token_at(m.start),
            doc.token_at(m.end.saturating_sub(1).max(m.start)),
        ) else {
            continue;
        };
        let proclitic = &doc.text[doc.tokens[first].start..m.start];
        let proclitic_key = normalize_key(proclitic);
        let coordinated_inline = proclitic_key.starts_with('و');
        if let Some(prev) = out.last_mut() {
            let same_token = first <= prev.last;
            if same_token || (!coordinated_inline && continues(doc, prev, mi, first)) {
                prev.last = prev.last.max(last);
                prev.members.push(mi);
                continue;
            }
        }
        let mention = Placed {
            index: mi,
            first,
            last,
            proclitic,
            proclitic_key: &proclitic_key,
        };
        let run = new_run(doc, from, &mention, out.last());
        out.push(run);
    }
    for run in &mut out {
        finish(doc, run);
    }
    if sentence == 0 {
        mark_dateline(doc, from, to, &mut out);
    }
    out
}

/// Whether mention `mi`, starting at token `first` after phrase `prev`, continues that phrase:
/// only titles and function words stand between (none with a glued preposition), on one line,
/// and the two types join.
fn continues(doc: &Doc, prev: &Run, mi: usize, first: usize) -> bool {
    let gap = (prev.last + 1)..first;
    let prev_kind = prev
        .members
        .last()
        .map(|&p| kind(doc, p))
        .unwrap_or(EntityType::Misc);
    let titled_gap = gap
        .clone()
        .any(|t| doc.role_of(t).is_some_and(|(_, title)| title));
    // «لنائب رئيس الوزراء»: a title with a glued preposition opens a new phrase.
    let glued_title = gap.clone().any(|t| {
        let key = doc.keys[t].trim_start_matches('و');
        TITLE_PREPOSITIONS.iter().any(|c| {
            key.strip_prefix(c)
                .is_some_and(|rest| doc.lex.roles.contains_key(rest))
        }) && !doc.lex.roles.contains_key(key)
    });
    // «محمد بن سلمان ووزير الدفاع الأمريكي»: a title after «و» opens a coordinated phrase, and
    // so does any head word after «و» («الحوثيون وقوات صالح»).
    let conjoined_title = gap
        .clone()
        .any(|t| doc.is_conjoined_title(t) || doc.is_conjoined_head(t));
    // «استقبل الملك سلمان الرئيسَ الفرنسي»: a definite title right after a name is a new phrase
    // (an apposition is a construct title, «ولي العهد», or follows a comma).
    let definite_title_after_name = prev_kind == EntityType::Per
        && doc.lang == Lang::Ar
        && doc.keys[prev.last + 1].starts_with(ARTICLE)
        && doc.role_of(prev.last + 1).is_some_and(|(_, title)| title);
    // «استقبل فلاديمير بوتين نظيره التركي رجب طيب أردوغان», «… بوتين رئيس الوزراء التركي
    // أحمد داود أوغلو»: a phrase names one person, so a second person opens a phrase of its own.
    let second_person = kind(doc, mi) == EntityType::Per
        && prev
            .members
            .iter()
            .any(|&p| kind(doc, p) == EntityType::Per);
    !glued_title
        && !conjoined_title
        && !definite_title_after_name
        && !second_person
        && gap.len() <= MAX_JOIN_GAP
        && gap.clone().all(|t| doc.is_gap_token(t))
        && joins(prev_kind, kind(doc, mi), titled_gap)
        && !doc.text[doc.tokens[prev.last].end..doc.mentions[mi].start].contains(['\n'])
}

/// A mention placed in its tokens.
struct Placed<'p> {
    /// Index of the mention.
    index: usize,
    /// Its first token.
    first: usize,
    /// Its last token.
    last: usize,
    /// The text of its first token before it (proclitics: «و» of «وبغداد»).
    proclitic: &'p str,
    /// The proclitic text, normalized.
    proclitic_key: &'p str,
}

/// A new phrase opened by a mention, in the sentence starting at token `from`: with the titles
/// before it, the preposition that governs it, and whether it is coordinated with the phrase
/// before (`previous`).
fn new_run(doc: &Doc, from: usize, mention: &Placed, previous: Option<&Run>) -> Run {
    let first = mention.first;
    // Titles before the first mention belong to the phrase.
    let mut start = first;
    if mention.proclitic.is_empty() {
        while start > from
            && first - start < MAX_LEADING_TITLES
            && doc.role_of(start - 1).is_some_and(|(_, title)| title)
        {
            start -= 1;
        }
    }
    let titled = start < first;
    // «الحوثيون وقوات صالح», «نواب جمهوريون ومجموعات مسيحية»: a word after «و» between the
    // phrase before and this name is the head of a second, coordinated phrase.
    let conjoined_head = !titled
        && mention.proclitic.is_empty()
        && previous.is_some_and(|p| p.last + 2 == start)
        && doc.is_conjoined_head(start - 1);
    let mut coordinated = mention.proclitic_key.starts_with('و')
        || (titled && doc.is_conjoined_title(start))
        || conjoined_head;
    let mut prep = glued_preposition(doc, start, titled, mention.proclitic_key);
    let prep_glued = prep.is_some();
    if prep.is_none() {
        let (before, conjunction) = preposition_before(doc, start, from);
        prep = before;
        coordinated |= conjunction;
    }
    // The second of two coordinated phrases shares the first one's preposition.
    if coordinated && prep.is_none() {
        if let Some(prev) = previous {
            prep = prev.prep.clone();
        }
    }
    Run {
        first: start,
        last: mention.last,
        head: mention.index,
        members: vec![mention.index],
        prep,
        prep_glued,
        coordinated,
        titled,
        can_act: true,
        dateline: false,
        country: None,
        sector: None,
    }
}

/// A preposition glued to the phrase starting at token `start`: to its first title word when
/// `titled` («لنائب رئيس الوزراء»), else to its mention («بغداد» after ب); the preposition's
/// letter.
fn glued_preposition(doc: &Doc, start: usize, titled: bool, proclitic_key: &str) -> Option<String> {
    let glued_key = if titled {
        doc.keys[start].as_str()
    } else {
        proclitic_key
    };
    let glued = glued_key.trim_start_matches(CONJUNCTIONS);
    let is_glued = |clitic: &str| {
        if titled {
            glued.strip_prefix(clitic).is_some_and(|rest| {
                doc.lex.roles.contains_key(rest)
                    || doc.lex.roles.contains_key(&format!("{ARTICLE}{rest}"))
            })
        } else {
            glued == clitic
        }
    };
    GLUED_WITH_ARTICLE
        .iter()
        .chain(&GLUED_ALONE)
        .find(|clitic| is_glued(clitic))
        .map(|clitic| preposition_letter(clitic))
}

/// The preposition before the phrase starting at token `start` (in the sentence starting at
/// `from`), looking back over a few words (quotes, determiners, adjectives); or whether a
/// conjunction stands there instead.
fn preposition_before(doc: &Doc, start: usize, from: usize) -> (Option<String>, bool) {
    let mut t = start;
    let mut seen = 0;
    while t > from && seen < PREPOSITION_LOOKBACK {
        t -= 1;
        let key = doc.keys[t].as_str();
        if matches!(key, "«" | "\"" | "“" | "'" | "(") {
            continue;
        }
        seen += 1;
        // A verb between («إلى المملكة قال الجبير») closes the clause of the preposition.
        if doc.tokens[t].kind == TokenKind::Punct || doc.mention_at[t].is_some() || is_verb(doc, t)
        {
            break;
        }
        if let Some(p) = doc.cue_word(t, CueKind::Preposition) {
            // «اعتقل أكثر من 200 مدرس»: a count, which the preposition does not govern.
            if t > from && doc.has_cue(t - 1, CueKind::Quantifier) {
                t -= 1;
                continue;
            }
            return (Some(p), false);
        }
        // «بالاتفاق النووي الإيراني»: a preposition glued with the article to the noun the
        // phrase qualifies governs the phrase too.
        if let Some(p) = glued_to_definite_noun(&doc.keys[t]) {
            return (Some(p), false);
        }
        if doc.has_cue(t, CueKind::Conjunction) {
            return (None, true);
        }
    }
    (None, false)
}

/// Whether token `t` is a form of an Arabic verb of the lexicons («قال», «استقبل»).
fn is_verb(doc: &Doc, t: usize) -> bool {
    doc.lang == Lang::Ar
        && doc
            .hits(t)
            .iter()
            .any(|h| doc.lex.entries[h.form.entry].pos == Pos::Verb)
}

/// The preposition glued with the article to a noun («بالاتفاق», «للتنديد»): its letter.
fn glued_to_definite_noun(key: &str) -> Option<String> {
    let word = key.trim_start_matches(CONJUNCTIONS);
    GLUED_WITH_ARTICLE
        .iter()
        .find(|with_article| {
            word.strip_prefix(**with_article)
                .is_some_and(|rest| rest.chars().count() >= 2)
        })
        .map(|clitic| preposition_letter(clitic))
}

/// Marks the runs of the dateline, the article's first words up to a dash («موسكو -», "GOMA,
/// Congo —"), in the first sentence (tokens `[from, to)`).
fn mark_dateline(doc: &Doc, from: usize, to: usize, runs: &mut [Run]) {
    if let Some(dash) = (from..to.min(from + DATELINE_REACH)).find(|&t| is_dash(&doc.keys[t])) {
        for run in runs.iter_mut().filter(|r| r.last < dash) {
            run.dateline = true;
        }
    }
}

/// Picks the head and derives the country and sector codes of a run.
fn finish(doc: &Doc, run: &mut Run) {
    let of_type = |t: EntityType| {
        run.members
            .iter()
            .copied()
            .filter(move |&m| doc.mentions[m].entity_type == t)
    };
    run.head = run
        .members
        .iter()
        .rev()
        .copied()
        .find(|&m| doc.mentions[m].entity_type == EntityType::Per)
        .or_else(|| of_type(EntityType::Org).next())
        .or_else(|| of_type(EntityType::Loc).next())
        .unwrap_or(run.members[0]);
    let head = &doc.mentions[run.head];
    run.country = doc
        .country_of_mention(run.head)
        .or_else(|| run.members.iter().find_map(|&m| doc.country_of_mention(m)))
        // A demonym among the title words; never inside a name («محمد شياع السوداني»).
        .or_else(|| {
            (run.first..=run.last)
                .filter(|&t| {
                    doc.mention_at[t].is_none_or(|m| doc.mentions[m].entity_type != EntityType::Per)
                })
                .find_map(|t| doc.demonym_of_token(t))
        });
    run.can_act = head.entity_type != EntityType::Loc || doc.country_of_mention(run.head).is_some();
    // Sector: a title word of the phrase, else an organization word inside the head.
    run.sector = (run.first..=run.last)
        .filter(|&t| doc.mention_at[t].is_none())
        .find_map(|t| {
            doc.role_of(t)
                .and_then(|(s, _)| (!s.is_empty()).then(|| s.to_string()))
        });
    if run.sector.is_none() && head.entity_type == EntityType::Org {
        run.sector = (run.first..=run.last).find_map(|t| {
            doc.role_of(t)
                .and_then(|(s, _)| (!s.is_empty()).then(|| s.to_string()))
        });
    }
    dictionary_codes(doc, run);
}

/// Fills what the title and country words left open from the event-coding dictionaries: the
/// code of a member's name («نوري المالكي», "Taliban"; the head's first), else the sector of
/// an agent noun next to a nationality or country ("German government", "Sudan's government",
/// «الشرطة العراقية»). Titles and country words, where found, are kept: on PLOVER GSR the
/// dictionary overriding them codes fewer actors right (docs/events.md, "Actor codes").
fn dictionary_codes(doc: &Doc, run: &mut Run) {
    if run.country.is_some() && run.sector.is_some() {
        return;
    }
    let head = run.head;
    let code = std::iter::once(head)
        .chain(run.members.iter().copied().filter(|&m| m != head))
        .filter(|&m| doc.mentions[m].entity_type != EntityType::Loc)
        .find_map(|m| doc.dictionary_code(&doc.mentions[m].normalized));
    if let Some(code) = code {
        run.country = run.country.take().or(code.country);
        run.sector = run.sector.take().or(code.sector);
    }
    let nation = kind(doc, head) == EntityType::Norp
        || (doc.mentions[head].entity_type == EntityType::Loc && run.country.is_some());
    if run.sector.is_none() && nation {
        run.sector = agent_next_to(doc, run);
    }
}

/// The sector of an agent noun next to a phrase: before it in Arabic (the noun precedes its
/// adjective: «الشرطة العراقية»), after it in English, past a possessive ("Sudan's").
fn agent_next_to(doc: &Doc, run: &Run) -> Option<String> {
    let t = match doc.lang {
        Lang::Ar => run.first.checked_sub(1)?,
        Lang::En => {
            let next = run.last + 1;
            match doc.keys.get(next).map(String::as_str) {
                Some("'s" | "’s" | "'" | "’") => next + 1,
                _ => next,
            }
        }
    };
    if t >= doc.tokens.len() || doc.mention_at[t].is_some() {
        return None;
    }
    doc.agent_sector_at(t)
}

/// Whether `a` and `b` refer to the same entity: same coreference cluster, same normalized
/// form, or the same country link for places and nationalities (العراق، العراقي).
pub fn same_entity(mentions: &[Mention], a: usize, b: usize) -> bool {
    let (x, y) = (&mentions[a], &mentions[b]);
    let place_like = |m: &Mention| {
        matches!(
            m.entity_type,
            EntityType::Loc | EntityType::Norp | EntityType::Misc
        )
    };
    a == b
        || x.cluster == y.cluster
        || (!x.normalized.is_empty() && x.normalized == y.normalized)
        || (place_like(x)
            && place_like(y)
            && x.link.is_some()
            && x.link == y.link
            && x.link.as_deref().is_some_and(is_country_link))
}

/// Whether `a` and `b` are the same entity by cluster or normalized form only (not by country).
pub fn same_entity_strict(mentions: &[Mention], a: usize, b: usize) -> bool {
    let (x, y) = (&mentions[a], &mentions[b]);
    a == b || x.cluster == y.cluster || (!x.normalized.is_empty() && x.normalized == y.normalized)
}

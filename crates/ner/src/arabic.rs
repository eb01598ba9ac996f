//! Span rules for Arabic that run beside the tagger: family names over a nisba adjective,
//! organisation names built on a head word, names right after a title, and the proclitics
//! (و ف ب ل ك) trimmed from the start of a mention.

use std::sync::LazyLock;

use khabar_schema::EntityType;
use khabar_text::clitics::LAM_ARTICLE;
use khabar_text::{Token, TokenKind};

use crate::candidate::remove_candidates;
use crate::candidate::{is_free, Candidate};
use crate::features::SentenceView;
use crate::gazetteer::{
    clitic_rest_array, clitic_rests, descriptor_type, opens_arabic_organisation, GazKind,
    Gazetteer, MINOR_CITY_BITS,
};

/// Confidence of an organisation found by its head word alone (hand-set, as all rule
/// confidences: below the model's typical span, a head word is good but not sure evidence).
const HEAD_WORD_ORGANISATION_CONFIDENCE: f32 = 0.5;

/// Confidence of an organisation named right after a descriptor head word («تنظيم داعش»)
/// where the model found nothing there.
const NAME_AFTER_DESCRIPTOR_CONFIDENCE: f32 = 0.5;

/// Tokens a quoted name after a descriptor head has at most («قناة “إن تي في”»).
const MAX_QUOTED_NAME_TOKENS: usize = 6;

/// Characters that open or close a quoted name.
const QUOTES: &[char] = &['«', '»', '"', '“', '”', '‘', '’', '\''];

/// Confidence of a name found after a title alone: the weakest rule, rare words after a title
/// are often not names.
const NAME_AFTER_TITLE_CONFIDENCE: f32 = 0.4;

/// Letters a definite noun after an organisation head word has at least: the article and two
/// more, so particles such as «الى» (إلى) do not name a body.
const MIN_BODY_NOUN_CHARS: usize = 4;

/// Letters a name word after a title has at least: shorter words are mostly particles
/// («من», «عن»).
const MIN_NAME_WORD_CHARS: usize = 3;

/// Letters a word must keep after a lone conjunction «و» for the و to count as a proclitic
/// of a word no gazetteer knows: shorter rests are words that begin with و («وزير», «وطن»).
const MIN_REST_AFTER_CONJUNCTION: usize = 4;

/// The highest frequency class in general text (Zipf, [`Gazetteer::frequency_class`]) a name
/// word after a title may have, as a word and as a stem: a name the model did not know is rare
/// in general text, while the words the rule mistook for names were ordinary words as common
/// as one in a million («للقوات», «بطولة», «يستخدمه» after «الفريق», «نائبه»).
const MAX_NAME_WORD_CLASS: u8 = 2;

/// The Arabic letters proper (hamza to yeh): a name word after a title has no digits,
/// diacritics, Latin or Persian letters.
const ARABIC_LETTERS: std::ops::RangeInclusive<char> = '\u{0621}'..='\u{064A}';

/// Extends a person or organisation span over a following definite nisba adjective that the
/// demonym gazetteer knows: «محمد شياع السوداني» (a family name), «مجلس الأمن الروسي». An
/// organisation is extended only when its name is descriptive (opens with a head word such as
/// مجلس or وزارة): «برشلونة الإسباني» is the club «برشلونة» described as Spanish.
pub(crate) fn extend_with_nisba(view: &SentenceView, tokens: &[Token], found: &mut [Candidate]) {
    let demonym_bit = GazKind::Demonym.begin_bit();
    let head_bit = GazKind::OrgHead.begin_bit();
    for k in 0..found.len() {
        let c = &found[k];
        if !matches!(c.entity_type, EntityType::Per | EntityType::Org) || c.end >= view.len() {
            continue;
        }
        if c.entity_type == EntityType::Org && view.gaz[c.start] & head_bit == 0 {
            continue;
        }
        let next = c.end;
        let norm = view.norm_at(next);
        let nisba = view.gaz[next] & demonym_bit != 0
            && norm.starts_with("ال")
            && (norm.ends_with('ي') || (c.entity_type == EntityType::Org && norm.ends_with('ه')));
        let taken = found
            .iter()
            .any(|o| o.start <= next && o.end > next && o.entity_type != EntityType::Norp);
        if nisba && !taken {
            let c = &mut found[k];
            c.end = next + 1;
            c.byte_end = tokens[next].end;
        }
    }
}

/// Arabic organisation names of the form HEAD + definite noun [+ demonym]:
/// «مجلس الأمن الروسي», «مجلس النواب».
pub(crate) fn organisations_after_head_words(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    let mut i = 0;
    while i + 1 < view.len() {
        let Some((end, proclitics)) = organisation_at(view, i) else {
            i += 1;
            continue;
        };
        // A nationality inside the name is part of it («مجلس الأمن الروسي»).
        let outside = |c: &Candidate| c.end <= i || c.start >= end;
        let inside_norp =
            |c: &Candidate| c.entity_type == EntityType::Norp && c.start >= i && c.end <= end;
        if found.iter().all(|c| outside(c) || inside_norp(c)) {
            found.retain(|c| outside(c));
            let skip = view.words[i]
                .chars()
                .take(proclitics)
                .map(char::len_utf8)
                .sum();
            let name = Candidate::over(
                tokens,
                i,
                end,
                EntityType::Org,
                HEAD_WORD_ORGANISATION_CONFIDENCE,
            );
            found.push(name.skipping(skip));
        }
        i = end;
    }
}

/// The end of an organisation name HEAD + definite noun [+ demonym] that opens at token `i`
/// (`i + 1` is a token of the sentence), and the letters of the proclitics before its head
/// («لوكالة الأنباء الألمانية»: one), which stay outside the name.
fn organisation_at(view: &SentenceView, i: usize) -> Option<(usize, usize)> {
    let demonym_bit = GazKind::Demonym.begin_bit();
    let norm = view.norm_at(i);
    // «وزارة الخارجية», and with the article «البنك المركزي», «المجلس الرئاسي»; never a word
    // the gazetteer knows as a title («اللواء», «لواء»: the rank wins over the brigade).
    let opens = |w: &str| opens_arabic_organisation(w.strip_prefix("ال").unwrap_or(w));
    let (proclitics, head) = if opens(norm) {
        (0, norm)
    } else if norm.starts_with(LAM_ARTICLE) {
        // ل + the article written «لل»: the name cannot be cut out of the word, and the
        // guidelines keep the proclitic in the span («للجنة المشتركة»).
        return None;
    } else {
        clitic_rest_array(norm)
            .into_iter()
            .flatten()
            .find(|&(_, rest)| !rest.starts_with("ال") && opens(rest))?
    };
    let bare = head.strip_prefix("ال").unwrap_or(head);
    if view.gaz[i] & GazKind::Title.begin_bit() != 0 {
        return None;
    }
    // The next word names the body («مجلس النواب»); after a definite head a title is an
    // apposition instead («الوزارة السفير تامر منصور»).
    let noun = view.norm_at(i + 1);
    let apposition = bare != head && view.gaz[i + 1] & GazKind::Title.bits() != 0;
    let body = noun.starts_with("ال")
        && noun.chars().count() >= MIN_BODY_NOUN_CHARS
        && view.gaz[i + 1] & demonym_bit == 0
        && !apposition
        && view.kinds[i + 1] == TokenKind::Word;
    if !body {
        return None;
    }
    let mut end = i + 2;
    if end < view.len() && view.gaz[end] & demonym_bit != 0 && view.norm_at(end).starts_with("ال")
    {
        end += 1;
    }
    Some((end, proclitics))
}

/// Letters an indefinite accusative noun has at least before a nisba in agreement: shorter
/// words ending in ا are verbs and particles («دعا تركيا»).
const MIN_ACCUSATIVE_NOUN_CHARS: usize = 4;

/// A country name right after an indefinite accusative noun is the nisba adjective agreeing
/// with it: «جنديا تركيا» is "a Turkish soldier" (تركي + the accusative ا), not Turkey.
pub(crate) fn accusative_nisbas(
    view: &SentenceView,
    gazetteer: &Gazetteer,
    found: &mut [Candidate],
) {
    for c in found.iter_mut() {
        if c.entity_type != EntityType::Loc || c.end - c.start != 1 || c.start == 0 {
            continue;
        }
        let (k, prev) = (c.start, c.start - 1);
        let Some(stem) = view.norm_at(k).strip_suffix('ا') else {
            continue;
        };
        let noun = view.norm_at(prev);
        let agreeing_noun = view.kinds[prev] == TokenKind::Word
            && noun.ends_with('ا')
            && !noun.starts_with("ال")
            && noun.chars().count() >= MIN_ACCUSATIVE_NOUN_CHARS;
        let demonym = gazetteer
            .lookup(stem)
            .and_then(|entries| entries.iter().find(|e| e.kind == GazKind::Demonym));
        if let (true, Some(d)) = (agreeing_noun, demonym) {
            c.entity_type = EntityType::Norp;
            c.link = (!d.id.is_empty()).then(|| d.id.to_string());
        }
    }
}

/// Names after a descriptor head word (see [`descriptor_type`]): «تنظيم "داعش"», «حركة
/// حماس», «مليشيات الحوثي» (ORG), «محافظة عدن», «منطقة التواهي» (LOC). The name alone is the
/// span, of the head's type, and the head stays outside, as the annotation guidelines tag
/// them. The name is the quoted words after the head, or else the span the model found there,
/// or else the next word when it is a rare word. A place span over an organisation head
/// («قناة السويس», the canal) is left alone.
pub(crate) fn names_after_descriptor_heads(
    view: &SentenceView,
    tokens: &[Token],
    is_common: impl Fn(&str) -> bool,
    found: &mut Vec<Candidate>,
) {
    for head in 0..view.len().saturating_sub(1) {
        let Some(entity_type) = descriptor_head(view.norm_at(head)) else {
            continue;
        };
        let Some((start, end)) = name_after_descriptor(view, head, entity_type, &is_common, found)
        else {
            continue;
        };
        let overlapping: Vec<usize> = (0..found.len())
            .filter(|&k| found[k].start < end && found[k].end > head)
            .collect();
        let confidence = remove_candidates(found, &overlapping, NAME_AFTER_DESCRIPTOR_CONFIDENCE);
        found.push(Candidate::over(tokens, start, end, entity_type, confidence));
        found.sort_by_key(|c| c.start);
    }
}

/// The type of the names a descriptor head describes, when a normalized word is one, alone or
/// after proclitics («لتنظيم», «بمحافظة»).
fn descriptor_head(norm: &str) -> Option<EntityType> {
    behind_proclitics(norm, descriptor_type)
}

/// `lookup` of a normalized word, or else of the word without its proclitics.
pub(crate) fn behind_proclitics<T>(norm: &str, lookup: impl Fn(&str) -> Option<T>) -> Option<T> {
    lookup(norm).or_else(|| {
        clitic_rest_array(norm)
            .into_iter()
            .flatten()
            .find_map(|(_, rest)| lookup(rest))
    })
}

/// The token range of the name after the descriptor head at `head`, if one is there.
fn name_after_descriptor(
    view: &SentenceView,
    head: usize,
    entity_type: EntityType,
    is_common: impl Fn(&str) -> bool,
    found: &[Candidate],
) -> Option<(usize, usize)> {
    let next = head + 1;
    if is_quote(view.words[next]) {
        let close = (next + 1..view.len().min(next + 2 + MAX_QUOTED_NAME_TOKENS))
            .find(|&k| is_quote(view.words[k]))?;
        return (close > next + 1).then_some((next + 1, close));
    }
    if let Some(c) = found.iter().find(|c| c.start <= next && c.end > next) {
        let place_over_head =
            c.start == head && c.entity_type == EntityType::Loc && entity_type != EntityType::Loc;
        let named = !matches!(c.entity_type, EntityType::Date | EntityType::Norp);
        return (named && !place_over_head).then_some((next, c.end));
    }
    let rare_word = view.kinds[next] == TokenKind::Word
        && view.norm_at(next).chars().count() >= MIN_NAME_WORD_CHARS
        && view.gaz[next] & GazKind::Demonym.begin_bit() == 0
        && !is_common(view.norm_at(next))
        && view.words[next]
            .chars()
            .all(|c| ARABIC_LETTERS.contains(&c));
    rare_word.then_some((next, next + 1))
}

/// Whether a token is a quotation mark.
fn is_quote(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| QUOTES.contains(&c)) && chars.next().is_none()
}

/// Relational nouns that, with a possessive pronoun, name someone by their relation to a person
/// just named: «التقى فلان نظيره المصري فلان» (his counterpart), «شقيقه», «نجله». Stems as
/// written before the pronoun (ة becomes ت: «زوجته»).
const RELATIONAL_STEMS: [&str; 14] = [
    "نظير",
    "نظيرت",
    "نظرائ",
    "شقيق",
    "شقيقت",
    "نجل",
    "ابن",
    "ابنت",
    "زوج",
    "زوجت",
    "والد",
    "والدت",
    "نائب",
    "مستشار",
];

/// Possessive pronouns a relational noun takes («نظيره», «نظيرها», «نظيريه» is its dual).
const POSSESSIVE_SUFFIXES: [&str; 6] = ["ه", "ها", "هم", "هما", "يه", "يها"];

/// Whether a normalized word is a relational noun with a possessive pronoun («نظيره»).
fn is_relational_with_pronoun(norm: &str) -> bool {
    static STEMS: LazyLock<Vec<String>> = LazyLock::new(|| {
        RELATIONAL_STEMS
            .iter()
            .map(|r| khabar_text::normalize_key(r))
            .collect()
    });
    POSSESSIVE_SUFFIXES.iter().any(|suffix| {
        norm.strip_suffix(suffix)
            .is_some_and(|stem| STEMS.iter().any(|r| r == stem))
    })
}

/// Splits a person span over a relational noun with a pronoun: «عادل الجبير نظيره المصري سامح
/// شكري» is two people, and the noun and the nationality after it («نظيره المصري») belong to
/// neither.
pub(crate) fn split_at_relational_nouns(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    let demonym = GazKind::Demonym.bits();
    let mut k = 0;
    while k < found.len() {
        let c = &found[k];
        let at = (c.entity_type == EntityType::Per)
            .then(|| (c.start..c.end).find(|&t| is_relational_with_pronoun(view.norm_at(t))))
            .flatten();
        let Some(at) = at else {
            k += 1;
            continue;
        };
        let (start, end, confidence) = (c.start, c.end, c.confidence);
        let second = (at + 1..end).find(|&t| view.gaz[t] & demonym == 0);
        found.remove(k);
        if at > start {
            found.insert(
                k,
                Candidate::over(tokens, start, at, EntityType::Per, confidence),
            );
            k += 1;
        }
        if let Some(second) = second {
            found.insert(
                k,
                Candidate::over(tokens, second, end, EntityType::Per, confidence),
            );
            k += 1;
        }
    }
}

/// Splits a person span that runs over a coordinated second name: «محسن الفضلي وأبو همام»,
/// «محمد بن سلمان ود. مساعد العيبان» are two people. The second name opens with the
/// conjunction و glued to a known first word of a name («وأبو», «وعادل»), or with «ود»
/// ("and Dr."), which stays outside both.
pub(crate) fn split_coordinated_persons(
    view: &SentenceView,
    tokens: &[Token],
    gazetteer: &Gazetteer,
    found: &mut Vec<Candidate>,
) {
    let mut k = 0;
    while k < found.len() {
        let c = &found[k];
        let split = (c.entity_type == EntityType::Per)
            .then(|| (c.start + 1..c.end).find(|&t| opens_coordinated_name(view, gazetteer, t)))
            .flatten();
        let Some(at) = split else {
            k += 1;
            continue;
        };
        let (end, confidence) = (c.end, c.confidence);
        let doctor = view.norm_at(at) == AND_DOCTOR;
        let second_start = if doctor { at + 1 } else { at };
        found[k].end = at;
        found[k].byte_end = tokens[at - 1].end;
        let first_word_start = (second_start..end).find(|&t| view.kinds[t] == TokenKind::Word);
        if let Some(first) = first_word_start {
            let second = Candidate::over(tokens, first, end, EntityType::Per, confidence);
            let skip = if doctor { 0 } else { 'و'.len_utf8() };
            found.insert(k + 1, second.skipping(skip));
        }
        k += 1;
    }
}

/// «ود» (و + the abbreviation of دكتور): "and Dr.".
const AND_DOCTOR: &str = "ود";

/// Whether token `t` opens a second, coordinated name: «ود», or و glued to «ابو» or to a
/// word that opens names in the gazetteer or is a known given name.
fn opens_coordinated_name(view: &SentenceView, gazetteer: &Gazetteer, t: usize) -> bool {
    let norm = view.norm_at(t);
    if norm == AND_DOCTOR {
        return true;
    }
    norm.strip_prefix('و').is_some_and(|rest| {
        rest.chars().count() >= MIN_NAME_WORD_CHARS
            && (rest == "ابو" || gazetteer.is_person_name(rest) || gazetteer.is_first_word(rest))
    })
}

/// Arabic names right after a title: `TITLE [definite word] NAME [NAME]`, where the name words
/// are rare in training data, indefinite and not in a gazetteer («لوزير الطاقة بافيل سوروكين»).
pub(crate) fn persons_after_titles(
    view: &SentenceView,
    tokens: &[Token],
    is_common: impl Fn(&str) -> bool,
    found: &mut Vec<Candidate>,
) {
    let title_bit = GazKind::Title.begin_bit();
    let name_like = |j: usize| j < view.len() && is_name_word(view, j, &is_common);
    let taken = |found: &Vec<Candidate>, j: usize| !is_free(found, j, j + 1);
    for i in 0..view.len() {
        if view.gaz[i] & title_bit == 0 {
            continue;
        }
        let mut j = i + 1;
        if j < view.len() && view.norm_at(j).starts_with("ال") && !taken(found, j) {
            j += 1;
        }
        if !name_like(j) || taken(found, j) {
            continue;
        }
        let end = if name_like(j + 1) && !taken(found, j + 1) {
            j + 2
        } else {
            j + 1
        };
        found.push(Candidate::over(
            tokens,
            j,
            end,
            EntityType::Per,
            NAME_AFTER_TITLE_CONFIDENCE,
        ));
    }
}

/// Whether token `j` may be a name word after a title: an indefinite Arabic word (also behind
/// a proclitic: «والبيئة» is definite), rare in training data and in general text, that no gazetteer knows as a
/// place, nationality, title or head word, and no descriptor head («لولاية»).
fn is_name_word(view: &SentenceView, j: usize, is_common: impl Fn(&str) -> bool) -> bool {
    const NOT_NAMES: u16 = GazKind::mask(&[
        GazKind::Country,
        GazKind::Region,
        GazKind::City,
        GazKind::Demonym,
        GazKind::OrgHead,
        GazKind::Organisation,
    ]) | MINOR_CITY_BITS
        | GazKind::Title.begin_bit();
    let norm = view.norm_at(j);
    let definite_behind_proclitic = clitic_rest_array(norm)
        .into_iter()
        .flatten()
        .any(|(_, rest)| rest.starts_with("ال"));
    view.kinds[j] == TokenKind::Word
        && !norm.starts_with("ال")
        && !definite_behind_proclitic
        && descriptor_head(norm).is_none()
        && norm.chars().count() >= MIN_NAME_WORD_CHARS
        && view.gaz[j] & NOT_NAMES == 0
        && !is_common(norm)
        && view.frequency[j].iter().all(|&c| c <= MAX_NAME_WORD_CLASS)
        && view.words[j].chars().all(|c| ARABIC_LETTERS.contains(&c))
}

/// Drops Arabic proclitics (و ف ب ل ك) from the start of a span when what remains is a
/// known name or a definite noun: «وبغداد» → «بغداد», «والعراق» → «العراق»; a known person
/// name or a word as common as the remainder keeps its letters («باراك», «بلاد»). Returns the
/// new start byte.
pub(crate) fn strip_clitics(gazetteer: &Gazetteer, text: &str, start: usize, end: usize) -> usize {
    let first_end = text[start..end].find(' ').map_or(end, |k| start + k);
    let word = &text[start..first_end];
    let norm = khabar_text::normalize_key(word);
    if gazetteer.lookup(&norm).is_some() || gazetteer.is_person_name(&norm) {
        return start;
    }
    let mut best = 0;
    for (chars, rest) in clitic_rests(&norm) {
        // A word in its own right (بلاد، باراك) is at least as common as what would remain
        // without its first letters (لاد، اراك); a proclitic makes a rarer word (وبغداد).
        if gazetteer.frequency_class(&norm) >= gazetteer.frequency_class(rest).max(1) {
            continue;
        }
        let known = gazetteer.lookup(rest).is_some() || gazetteer.is_first_word(rest);
        let conj_only = chars == 1
            && norm.starts_with('و')
            && rest.chars().count() >= MIN_REST_AFTER_CONJUNCTION;
        if known || rest.starts_with("ال") || conj_only {
            best = chars;
        }
    }
    start + word.chars().take(best).map(char::len_utf8).sum::<usize>()
}

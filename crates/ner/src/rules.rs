//! The rule passes that run beside the tagger: over each sentence (dates, gazetteer places and
//! nationalities, titles, and the language rules of [`crate::arabic`] and [`crate::english`]),
//! the article-wide passes follow in [`crate::document`].
//!
//! The passes run in a fixed order, each one seeing the spans of the ones before; the order is
//! part of the behaviour.

use chrono::NaiveDate;
use khabar_schema::EntityType;
use khabar_text::{Token, TokenKind};

use crate::candidate::{is_free, remove_candidates, Candidate};
use crate::dates::{self, DateMatch};
use crate::features::SentenceView;
use crate::gazetteer::{GazKind, GazMatch, Gazetteer, MIN_CITY_NAMES};
use crate::tagger::Tagger;
use crate::{arabic, english};

/// Confidence of a date the date rules found (hand-set, as all rule confidences): the date
/// patterns are specific, so above any other rule's.
const DATE_CONFIDENCE: f32 = 0.9;

/// Confidence of a place or nationality the gazetteer alone found: known names, but some are
/// ordinary words too.
const GAZETTEER_CONFIDENCE: f32 = 0.6;

/// Confidence of an alias in brackets or quotes after an organisation that the model left
/// untagged.
const ALIAS_CONFIDENCE: f32 = 0.5;

/// One sentence as the rule passes see it.
pub(crate) struct Sentence<'s> {
    /// The whole text the token offsets point into.
    pub text: &'s str,
    /// The sentence's tokens.
    pub tokens: &'s [Token],
    /// Per-token views of the sentence.
    pub view: &'s SentenceView<'s>,
    /// The gazetteers.
    pub gazetteer: &'s Gazetteer,
    /// The language's tagger, when there is one.
    pub tagger: Option<&'s Tagger>,
    /// Whether the text is Arabic (else English rules apply).
    pub arabic: bool,
    /// Publication date, for relative dates.
    pub published: Option<NaiveDate>,
}

impl Sentence<'_> {
    /// Whether the tagger's training data knows a normalized word as an ordinary word.
    fn is_common(&self, norm: &str) -> bool {
        self.tagger.is_some_and(|t| t.is_common(norm))
    }
}

/// Runs the sentence rules over the tagger's spans `found`: dates, and gazetteer backstops
/// for LOC, NORP and ORG, and the language's name rules.
pub(crate) fn apply(s: &Sentence, found: &mut Vec<Candidate>) {
    demonym_spans_are_norp(s.view, s.gazetteer, found);
    trim_titles(s.view, s.tokens, found);
    if s.arabic {
        arabic::extend_with_nisba(s.view, s.tokens, found);
    } else {
        let is_common = |norm: &str| s.is_common(norm);
        english::drop_leading_common_words(s.view, s.tokens, is_common, found);
        english::end_names_at_possessives(s.tokens, s.view, found);
        english::join_middle_initials(s.view, s.tokens, found);
        english::persons_after_titles(s.view, s.tokens, found);
        english::organisation_names(s.view, s.tokens, found);
        english::places_over_names(s.view, s.gazetteer, found);
    }
    places_over_the_places_inside(s.view, s.tokens, found);
    add_dates(s, found);
    add_gazetteer_names(s, found);
    if s.arabic {
        arabic::accusative_nisbas(s.view, s.gazetteer, found);
        arabic::organisations_after_head_words(s.view, s.tokens, found);
        if let Some(tagger) = s.tagger {
            let is_common = |norm: &str| tagger.is_common(norm);
            arabic::names_after_descriptor_heads(s.view, s.tokens, is_common, found);
            arabic::persons_after_titles(s.view, s.tokens, is_common, found);
        }
    } else {
        let is_common = |norm: &str| s.is_common(norm);
        english::acronym_organisations(s.view, s.tokens, is_common, found);
        english::organisations_with_country(s.view, s.tokens, found);
    }
    if s.arabic {
        arabic::split_at_relational_nouns(s.view, s.tokens, found);
    }
    cut_persons_at_dashes(s.view, s.tokens, found);
    merge_adjacent_persons(s.tokens, found);
    aliases_after_organisations(s.view, s.tokens, found);
    if s.arabic {
        arabic::split_coordinated_persons(s.view, s.tokens, s.gazetteer, found);
    }
}

/// A model MISC span that is exactly a demonym is a NORP.
fn demonym_spans_are_norp(view: &SentenceView, gazetteer: &Gazetteer, found: &mut [Candidate]) {
    for c in found
        .iter_mut()
        .filter(|c| c.entity_type == EntityType::Misc)
    {
        let phrase = (c.start..c.end)
            .map(|k| view.norm_at(k))
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(entries) = gazetteer.lookup(&phrase) {
            if let Some(d) = entries.iter().find(|e| e.kind == GazKind::Demonym) {
                c.entity_type = EntityType::Norp;
                c.link = (!d.id.is_empty()).then(|| d.id.to_string());
            }
        }
    }
}

/// Drops leading titles from person spans: «Ms Bauchtman» → «Bauchtman»; a span that is only
/// a title («سكرتير») is no person.
fn trim_titles(view: &SentenceView, tokens: &[Token], found: &mut Vec<Candidate>) {
    let title_bit = GazKind::Title.begin_bit();
    found.retain(|c| {
        c.entity_type != EntityType::Per || (c.start..c.end).any(|k| view.gaz[k] & title_bit == 0)
    });
    for c in found
        .iter_mut()
        .filter(|c| c.entity_type == EntityType::Per)
    {
        while c.end - c.start > 1
            && (view.gaz[c.start] & title_bit != 0 || view.words[c.start] == ".")
        {
            c.start += 1;
            c.byte_start = tokens[c.start].start;
        }
    }
}

/// A gazetteer place of two or more tokens that strictly contains model LOC spans replaces
/// them («شمال إفريقيا» over «إفريقيا», «روسيا الاتحادية» over «روسيا»).
fn places_over_the_places_inside(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    for m in &view.matches {
        let place = matches!(
            m.entry.kind,
            GazKind::Country | GazKind::Region | GazKind::City | GazKind::Division
        );
        if !place || m.end - m.start < 2 {
            continue;
        }
        let inside: Vec<usize> = (0..found.len())
            .filter(|&k| found[k].start >= m.start && found[k].end <= m.end)
            .collect();
        let crossing = found
            .iter()
            .any(|c| c.start < m.end && c.end > m.start && !(c.start >= m.start && c.end <= m.end));
        if crossing
            || inside.is_empty()
            || country_after_one_word(view, m, found, &inside)
            || inside.iter().any(|&k| {
                found[k].entity_type != EntityType::Loc
                    || (found[k].start == m.start && found[k].end == m.end)
            })
        {
            continue;
        }
        // The new span is as sure as the surest span it replaces.
        let confidence = remove_candidates(found, &inside, 0.0);
        found.push(
            Candidate::over(tokens, m.start, m.end, EntityType::Loc, confidence).skipping(m.skip),
        );
    }
}

/// Whether the one span `inside` place match `m` is a country after one descriptor or compass
/// word, which keeps its own span: «دولة الإمارات», «جنوب لبنان» tag the country alone, like
/// «شرق اليمن» in Khabar's gold and the ANERcorp-style sets. Another country («جنوب السودان»)
/// or a region of several countries («شمال إفريقيا») is a name whole.
fn country_after_one_word(
    view: &SentenceView,
    m: &GazMatch,
    found: &[Candidate],
    inside: &[usize],
) -> bool {
    let [k] = inside else {
        return false;
    };
    let c = &found[*k];
    c.start == m.start + 1
        && c.end == m.end
        && view.matches.iter().any(|x| {
            x.start == c.start
                && x.end == c.end
                && x.entry.kind == GazKind::Country
                && (m.entry.kind != GazKind::Country || m.entry.id == x.entry.id)
        })
}

/// Date expressions of the sentence where no span is yet, or only shorter spans inside them.
fn add_dates(s: &Sentence, found: &mut Vec<Candidate>) {
    let view = s.view;
    for d in dates::find_dates(&view.words, &view.norm_texts(), s.arabic, s.published) {
        found.retain(|c| !part_of_date(c, &d));
        if is_free(found, d.start, d.end) {
            let skip = glued_letters_bytes(s.view.words[d.start], d.skip);
            let date = Candidate::over(s.tokens, d.start, d.end, EntityType::Date, DATE_CONFIDENCE);
            found.push(date.skipping(skip).linked(d.link));
        }
    }
}

/// Whether candidate `c` is part of date expression `d`: a name inside it («اليوم (الخميس)» is
/// no place), or a place or person over just its words («وأمس الخميس»); an organisation may be
/// named by a date («قوى 14 آذار», «14 آذار»).
fn part_of_date(c: &Candidate, d: &DateMatch) -> bool {
    let inside = c.start >= d.start && c.end <= d.end;
    let shorter = c.end - c.start < d.end - d.start;
    inside && (shorter || c.entity_type != EntityType::Org)
}

/// Bytes of the first `letters` letters of `word` with the marks written on them (tatweel,
/// harakat: «وَأمس»).
fn glued_letters_bytes(word: &str, letters: usize) -> usize {
    let mut seen = 0;
    for (at, c) in word.char_indices() {
        let mark = matches!(c, '\u{0640}' | '\u{064B}'..='\u{0652}' | '\u{0670}');
        if !mark {
            if seen == letters {
                return at;
            }
            seen += 1;
        }
    }
    word.len()
}

/// Places (LOC), nationalities (NORP) and dictionary organisations (ORG) of the gazetteer where
/// no span is yet, when the name stands alone well enough (see [`stands_alone`]).
fn add_gazetteer_names(s: &Sentence, found: &mut Vec<Candidate>) {
    for m in &s.view.matches {
        let entity_type = match m.entry.kind {
            GazKind::Country | GazKind::Region | GazKind::City | GazKind::Division => {
                EntityType::Loc
            }
            GazKind::Demonym => EntityType::Norp,
            GazKind::Organisation => EntityType::Org,
            _ => continue,
        };
        if !is_free(found, m.start, m.end) || !stands_alone(s, m, entity_type) {
            continue;
        }
        let link = match m.entry.kind {
            GazKind::Country | GazKind::City | GazKind::Demonym if !m.entry.id.is_empty() => {
                Some(m.entry.id.to_string())
            }
            _ => None,
        };
        let span = Candidate::over(s.tokens, m.start, m.end, entity_type, GAZETTEER_CONFIDENCE);
        found.push(span.skipping(m.skip).linked(link));
    }
}

/// Whether a gazetteer place, nationality or organisation counts without the model.
fn stands_alone(s: &Sentence, m: &GazMatch, entity_type: EntityType) -> bool {
    let view = s.view;
    // Latin-script names must be capitalized to count (“turkey”, “china” are words).
    let word = &s.text[s.tokens[m.start].start + m.skip..s.tokens[m.start].end];
    if word.starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    // Only well-known cities (named in many languages) count without the model: GeoNames
    // has a town for almost every given name («Gloria»). In Arabic, city names are ordinary
    // words too often («حجة», «الري», «مكن»): there the model decides (lowered LOC precision
    // on every Arabic dev set by 1–5 points).
    if m.entry.kind == GazKind::City && (s.arabic || m.entry.names < MIN_CITY_NAMES) {
        return false;
    }
    // Divisions likewise are left to the model in Arabic.
    if m.entry.kind == GazKind::Division && s.arabic {
        return false;
    }
    // A Latin-script place that runs on into more capitalized words is part of a longer name
    // («Human Rights Watch», «Sydney Morning Herald»).
    if !s.arabic && m.entry.kind == GazKind::City && english::continues_name(view, m.end) {
        return false;
    }
    // A lone common word («كان», «دولة») is not a place by gazetteer alone. Demonyms are
    // common words of the training data (NewsFANE leaves them untagged), so they stay.
    let lone_common_word = m.end - m.start == 1
        && entity_type != EntityType::Norp
        && (s.is_common(&khabar_text::normalize_key(word)) || s.is_common(view.norm_at(m.start)));
    !lone_common_word
}

/// Tokens an alias in brackets or quotes after an organisation has at most.
const MAX_ALIAS_TOKENS: usize = 3;

/// An alias in brackets or quotes right after an organisation names it too, whatever the model
/// made of it: «حلف شمال الأطلسي (ناتو)», «وكالة الأنباء اليمنية "سبأ"»; not a place the
/// gazetteer links, nor a credit line («(الفرنسية - ارشيف)»).
fn aliases_after_organisations(view: &SentenceView, tokens: &[Token], found: &mut Vec<Candidate>) {
    let opens = |k: usize| matches!(view.words.get(k).copied(), Some("(" | "«" | "\"" | "“"));
    let closes = |k: usize| matches!(view.words.get(k).copied(), Some(")" | "»" | "\"" | "”"));
    let organisation_ends: Vec<usize> = found
        .iter()
        .filter(|c| c.entity_type == EntityType::Org)
        .map(|c| c.end)
        .collect();
    for end in organisation_ends {
        if !opens(end) {
            continue;
        }
        let Some(close) = (end + 2..=end + 1 + MAX_ALIAS_TOKENS).find(|&k| closes(k)) else {
            continue;
        };
        let (start, stop) = (end + 1, close);
        let inside = |c: &Candidate| c.start >= start && c.end <= stop;
        // A known place in brackets is where the body is («برشلونة (إسبانيا)»), not its name.
        const PLACES: u16 = GazKind::mask(&[GazKind::Country, GazKind::Region, GazKind::City]);
        let known_place = view.gaz[start] & PLACES != 0;
        let words_only = (start..stop).all(|k| view.kinds[k] == TokenKind::Word);
        if !words_only
            || known_place
            || !found
                .iter()
                .all(|c| inside(c) || c.end <= start || c.start >= stop)
        {
            continue;
        }
        let confidence = found
            .iter()
            .filter(|c| inside(c))
            .map(|c| c.confidence)
            .fold(ALIAS_CONFIDENCE, f32::max);
        found.retain(|c| !inside(c));
        found.push(Candidate::over(
            tokens,
            start,
            stop,
            EntityType::Org,
            confidence,
        ));
    }
    found.sort_by_key(|c| c.start);
}

/// A person's name holds no dash standing alone: a person span that runs over one ends before
/// it («عبدي بن عبدالله المظيبري - سعوديي الجنسية»: the nationality after the dash is no part
/// of the name).
fn cut_persons_at_dashes(view: &SentenceView, tokens: &[Token], found: &mut [Candidate]) {
    for c in found
        .iter_mut()
        .filter(|c| c.entity_type == EntityType::Per)
    {
        let dash = (c.start + 1..c.end).find(|&k| matches!(view.words[k], "-" | "–" | "—"));
        if let Some(dash) = dash {
            c.end = dash;
            c.byte_end = tokens[dash - 1].end;
        }
    }
}

/// Sorts the spans and joins person spans that touch («بافيل» found after a title, «سوروكين»
/// by the tagger): two names with nothing between them are one name.
fn merge_adjacent_persons(tokens: &[Token], found: &mut Vec<Candidate>) {
    found.sort_by_key(|c| c.start);
    let mut k = 1;
    while k < found.len() {
        let (prev, next) = (&found[k - 1], &found[k]);
        if prev.entity_type == EntityType::Per
            && next.entity_type == EntityType::Per
            && prev.end == next.start
        {
            let merged = Candidate {
                end: next.end,
                byte_end: tokens[next.end - 1].end,
                confidence: prev.confidence.min(next.confidence),
                ..found[k - 1].clone()
            };
            found[k - 1] = merged;
            found.remove(k);
        } else {
            k += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(start: usize, end: usize, entity_type: EntityType) -> Candidate {
        Candidate {
            start,
            end,
            byte_start: 0,
            byte_end: 0,
            entity_type,
            link: None,
            confidence: 0.5,
        }
    }

    #[test]
    fn a_date_takes_over_names_inside_it_but_not_an_organisation_over_its_words() {
        let date = DateMatch {
            start: 2,
            end: 4,
            link: None,
            skip: 1,
        };
        assert!(part_of_date(&candidate(3, 4, EntityType::Loc), &date));
        assert!(part_of_date(&candidate(2, 4, EntityType::Loc), &date));
        assert!(part_of_date(&candidate(2, 4, EntityType::Per), &date));
        assert!(!part_of_date(&candidate(2, 4, EntityType::Org), &date));
        assert!(part_of_date(&candidate(3, 4, EntityType::Org), &date));
        assert!(!part_of_date(&candidate(1, 4, EntityType::Loc), &date));
    }

    #[test]
    fn glued_letters_are_counted_with_their_marks() {
        assert_eq!(glued_letters_bytes("وأمس", 1), "و".len());
        assert_eq!(glued_letters_bytes("وَأمس", 1), "وَ".len());
        assert_eq!(glued_letters_bytes("أمس", 0), 0);
    }
}

//! Span rules for English that run after the tagger: names with middle initials, places the
//! tagger took for people or organisations, and organisation names built on a head word.

use khabar_schema::EntityType;
use khabar_text::Token;

use crate::candidate::{is_free, remove_candidates, Candidate};
use crate::dates::is_en_date_word;
use crate::features::SentenceView;
use crate::gazetteer::{GazKind, Gazetteer, MINOR_CITY_BITS, MIN_CITY_NAMES};

/// Confidence of a person joined over a middle initial (hand-set, as all rule confidences:
/// the pattern is specific, but below the model's typical span).
const INITIAL_NAME_CONFIDENCE: f32 = 0.5;

/// Confidence at least of a person named after a title.
const NAME_AFTER_TITLE_CONFIDENCE: f32 = 0.5;

/// Confidence of a capitalized run with an organisation head word: the head word makes it
/// likelier than the other English rules.
const HEAD_WORD_ORGANISATION_CONFIDENCE: f32 = 0.6;

/// Confidence of an all-capital acronym taken for an organisation.
const ACRONYM_CONFIDENCE: f32 = 0.5;

/// Capitalized words after a title taken as the name at most: given names, middle name and
/// family name; a longer run is usually more than a name.
const MAX_NAME_WORDS_AFTER_TITLE: usize = 3;

/// Letters of an acronym taken for an organisation: two-letter ones only when the gazetteer
/// knows them (see [`acronym_organisations`]); longer all-capital words are rarely acronyms.
const ACRONYM_LETTERS: std::ops::RangeInclusive<usize> = 2..=8;

/// Places and nationalities: gazetteer bits of words that stand on their own, not inside a
/// person's or organisation's name.
const PLACE_OR_PEOPLE_BITS: u16 = GazKind::mask(&[
    GazKind::Country,
    GazKind::Region,
    GazKind::City,
    GazKind::Demonym,
]) | MINOR_CITY_BITS;

/// Last words of organisation names that are not collective actors, so the role gazetteer
/// (which codes actors) leaves them out: «Human Rights Watch», «Anti-Corruption Bureau».
const NAME_HEADS: &[&str] = &[
    "watch",
    "federation",
    "network",
    "trust",
    "fund",
    "bureau",
    "office",
    "service",
    "board",
    "centre",
    "center",
    "herald",
    "times",
    "post",
    "journal",
    "tribune",
    "gazette",
    "telegraph",
    "chronicle",
];

/// Compass words that, before a country, name a part of it («Western Australia»).
const COMPASS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
];

/// Lower-case collective nouns after which a capitalized name is an organisation's: «the
/// ruling Georgian Dream party», «the rebel M23 movement».
const TRAILING_HEADS: &[&str] = &[
    "party",
    "movement",
    "coalition",
    "alliance",
    "militia",
    "bloc",
    "faction",
];

/// Lower-case words that may stand inside a capitalized organisation name.
const NAME_CONNECTORS: &[&str] = &["of", "for", "the", "and", "on", "de", "del", "la", "&"];

/// Whether a word starts with an upper-case letter.
fn capitalized(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase())
}

/// Whether token `k` is an initial: one upper-case ASCII letter followed by a full stop.
fn is_initial(view: &SentenceView, k: usize) -> bool {
    k + 1 < view.len()
        && view.words[k].len() == 1
        && view.words[k].starts_with(|c: char| c.is_ascii_uppercase())
        && view.words[k + 1] == "."
}

/// Whether token `k` continues a capitalized name: a capitalized word of two or more letters
/// that is not a date word or a place or nationality of its own («Paris Monday», «Paris
/// France»).
pub(crate) fn continues_name(view: &SentenceView, k: usize) -> bool {
    k < view.len()
        && capitalized(view.words[k])
        && view.words[k].chars().count() > 1
        && view.gaz[k] & PLACE_OR_PEOPLE_BITS == 0
        && !is_en_date_word(view.norm_at(k))
}

/// Joins a person's name over a middle initial: «Samuel K. Mwangi», also when the tagger
/// stopped at the initial or split the name in two. A known given name, an initial and a
/// capitalized word the tagger left alone are a person too («Gregory P. Lang»).
pub(crate) fn join_middle_initials(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    add_given_name_initial_surname(view, tokens, found);
    found.sort_by_key(|c| c.start);
    let mut k = 0;
    while k < found.len() {
        if found[k].entity_type == EntityType::Per {
            extend_over_initial(view, tokens, found, k);
        }
        k += 1;
    }
}

/// Known given name, initial, capitalized word («Gregory P. Lang») where no span is yet.
fn add_given_name_initial_surname(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    for first in 0..view.len().saturating_sub(3) {
        let pattern = capitalized(view.words[first])
            && view.person_names[first]
            && is_initial(view, first + 1)
            && continues_name(view, first + 3);
        if pattern && is_free(found, first, first + 4) {
            let name = Candidate::over(
                tokens,
                first,
                first + 4,
                EntityType::Per,
                INITIAL_NAME_CONFIDENCE,
            );
            found.push(name);
        }
    }
}

/// Extends person span `found[k]` over a middle initial and the surname after it; a span of
/// the surname merges into the person.
fn extend_over_initial(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
    k: usize,
) {
    let c = &found[k];
    // The initial either ends the span («Kondwani J») or follows it.
    let initial_at = if c.end >= 1 && is_initial(view, c.end - 1) {
        c.end - 1
    } else {
        c.end
    };
    let surname_at = initial_at + 2;
    let joins = is_initial(view, initial_at)
        && surname_at < view.len()
        && capitalized(view.words[surname_at])
        && view.words[surname_at].len() > 1;
    if !joins {
        return;
    }
    // The surname may already be a span of its own: it merges into the person.
    let mut end = surname_at + 1;
    if let Some(next) = found
        .iter()
        .position(|o| o.start == surname_at && o.start >= found[k].end)
    {
        end = end.max(found[next].end);
        found.remove(next);
    }
    let crossing = found
        .iter()
        .enumerate()
        .any(|(j, o)| j != k && o.start < end && o.end > found[k].end);
    if !crossing {
        let c = &mut found[k];
        c.end = end;
        c.byte_end = tokens[end - 1].end;
    }
}

/// Capitalized words right after a capitalized title that no rule or the tagger took are a
/// person: «Deputy Prime Minister Tesfaye Alemu», «Labour Minister Nkechi Eze».
pub(crate) fn persons_after_titles(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    let title_bits = GazKind::Title.bits();
    for k in 0..view.len() {
        let after_title = view.gaz[k] & title_bits != 0
            && capitalized(view.words[k])
            && !(k + 1 < view.len() && view.gaz[k + 1] & title_bits != 0);
        if !after_title || !continues_name(view, k + 1) {
            continue;
        }
        let mut end = k + 2;
        while end < k + 1 + MAX_NAME_WORDS_AFTER_TITLE && continues_name(view, end) {
            end += 1;
        }
        // Nothing there yet, or persons inside the run only («Minister Tesfaye Alemu» where
        // the model saw «Alemu»): the whole run is the name.
        let overlapping: Vec<usize> = (0..found.len())
            .filter(|&i| found[i].end > k + 1 && found[i].start < end)
            .collect();
        let inside_persons = overlapping.iter().all(|&i| {
            found[i].entity_type == EntityType::Per && found[i].start > k && found[i].end <= end
        });
        if inside_persons {
            let confidence = remove_candidates(found, &overlapping, NAME_AFTER_TITLE_CONFIDENCE);
            found.push(Candidate::over(
                tokens,
                k + 1,
                end,
                EntityType::Per,
                confidence,
            ));
        }
    }
    found.sort_by_key(|c| c.start);
}

/// Lower-case particles that open names written in Latin letters («al Qaeda», «van Gogh»).
const NAME_PARTICLES: [&str; 10] = [
    "al", "el", "bin", "ibn", "van", "von", "de", "da", "di", "du",
];

/// Names never open with «the» or a lower-case word before a capitalized one («The World Health
/// Organisation» → «World Health Organisation», «group Greenpeace» → «Greenpeace») or, at the
/// start of a sentence, with a word the training data knows as an ordinary word («If Iodine» →
/// «Iodine»). A name written all in lower case, as informal text writes them («bruno mars»),
/// keeps its first word, and so does one opened by a name particle («al Qaeda»).
pub(crate) fn drop_leading_common_words(
    view: &SentenceView,
    tokens: &[Token],
    is_common: impl Fn(&str) -> bool,
    found: &mut [Candidate],
) {
    for c in found
        .iter_mut()
        .filter(|c| c.entity_type != EntityType::Date)
    {
        while c.end - c.start > 1
            && (view.norm_at(c.start) == "the"
                || (!capitalized(view.words[c.start])
                    && !NAME_PARTICLES.contains(&view.words[c.start])
                    && view.words[c.start + 1..c.end]
                        .iter()
                        .any(|w| capitalized(w)))
                || (c.start == 0 && is_common(view.norm_at(c.start))))
        {
            c.start += 1;
            c.byte_start = tokens[c.start].start;
        }
    }
}

/// A name ends before a possessive that ends it or that a word in lower case follows:
/// «Nigeria's», «China's foreign ministry» are «Nigeria», «China» (the ministry has no name of
/// its own there), while the lower-case surnames of informal text («Donald trump») stay.
pub(crate) fn end_names_at_possessives(
    tokens: &[Token],
    view: &SentenceView,
    found: &mut [Candidate],
) {
    let is_possessive = |k: usize| matches!(view.words[k], "'s" | "’s" | "'" | "’");
    let lower_case = |k: usize| view.words[k].starts_with(|c: char| c.is_lowercase());
    for c in found
        .iter_mut()
        .filter(|c| c.entity_type != EntityType::Date)
    {
        let cut = (c.start + 1..c.end)
            .find(|&k| is_possessive(k) && (k + 1 == c.end || lower_case(k + 1)));
        if let Some(p) = cut {
            c.end = p;
            c.byte_end = tokens[p - 1].end;
        }
    }
}

/// An organisation followed straight by a country is one name: «Greenpeace UK».
pub(crate) fn organisations_with_country(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    let country_bit = GazKind::Country.begin_bit();
    found.sort_by_key(|c| c.start);
    let mut k = 1;
    while k < found.len() {
        let (org, place) = (&found[k - 1], &found[k]);
        let joins = org.entity_type == EntityType::Org
            && place.entity_type == EntityType::Loc
            && place.start == org.end
            && place.end == place.start + 1
            && view.gaz[place.start] & country_bit != 0;
        if joins {
            let end = place.end;
            found[k - 1].end = end;
            found[k - 1].byte_end = tokens[end - 1].end;
            found.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Prepositions after which a person span that is a city of the gazetteer is that city.
const PLACE_PREPOSITIONS: [&str; 3] = ["in", "near", "outside"];

/// A person or organisation span that is exactly a country, a region or a well-known city is
/// that place («Kenya», «Europe», a dateline «PARIS»), and so is a person span that is any city
/// of the gazetteer after a preposition of place («in Goma») and a compass word before a
/// country («Western Australia»).
pub(crate) fn places_over_names(
    view: &SentenceView,
    gazetteer: &Gazetteer,
    found: &mut [Candidate],
) {
    for c in found
        .iter_mut()
        .filter(|c| matches!(c.entity_type, EntityType::Per | EntityType::Org))
    {
        let phrase = (c.start..c.end)
            .map(|k| view.norm_at(k))
            .collect::<Vec<_>>()
            .join(" ");
        // «in Goma»: after a preposition of place any city of the gazetteer is the place.
        let after_place_preposition = c.start > 0
            && PLACE_PREPOSITIONS.contains(&view.words[c.start - 1])
            && c.entity_type == EntityType::Per;
        let place = gazetteer.lookup(&phrase).and_then(|entries| {
            entries.iter().find(|e| match e.kind {
                GazKind::Country | GazKind::Region => true,
                GazKind::City => e.names >= MIN_CITY_NAMES || after_place_preposition,
                GazKind::Division => after_place_preposition,
                _ => false,
            })
        });
        if let Some(place) = place {
            c.entity_type = EntityType::Loc;
            c.link = (!place.id.is_empty()).then(|| place.id.to_string());
        } else if c.end - c.start == 2
            && COMPASS.contains(&view.norm_at(c.start))
            && view.gaz[c.start + 1] & GazKind::Country.begin_bit() != 0
        {
            c.entity_type = EntityType::Loc;
        }
    }
}

/// Capitalized runs that contain an organisation head word are one organisation: «Human
/// Rights Group», «International Organization for Migration», «Nigeria Labour Congress». Spans
/// of the tagger inside the run give way to it; a span crossing its edge keeps the run out.
pub(crate) fn organisation_names(
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    let head_bits = GazKind::OrgHead.bits();
    let mut i = 0;
    while i < view.len() {
        if !capitalized(view.words[i]) || view.words[i] == "The" {
            i += 1;
            continue;
        }
        // Capitalized words, and connectors between them; a weekday or month ends the name
        // («Human Rights Watch on Tuesday»).
        let name_word = |k: usize| capitalized(view.words[k]) && !is_en_date_word(view.norm_at(k));
        let mut end = i + 1;
        loop {
            if end < view.len() && name_word(end) {
                end += 1;
            } else if end + 1 < view.len()
                && NAME_CONNECTORS.contains(&view.norm_at(end))
                && name_word(end + 1)
            {
                end += 2;
            } else {
                break;
            }
        }
        let has_head = (i..end).any(|k| {
            capitalized(view.words[k])
                && (view.gaz[k] & head_bits != 0 || NAME_HEADS.contains(&view.norm_at(k)))
        });
        // A name before a lower-case collective noun, unless it holds a place or is only a
        // nationality («the Kenyan party», «the New York-based movement»).
        const PLACE: u16 =
            GazKind::mask(&[GazKind::Country, GazKind::Region, GazKind::City]) | MINOR_CITY_BITS;
        let people = GazKind::Demonym.bits();
        let before_head = end < view.len()
            && TRAILING_HEADS.contains(&view.norm_at(end))
            && (i..end).all(|k| view.gaz[k] & PLACE == 0)
            && (i..end).any(|k| view.gaz[k] & people == 0);
        let has_head = has_head || before_head;
        let crossing = found
            .iter()
            .any(|c| (c.start < i && c.end > i) || (c.start < end && c.end > end));
        if (end - i >= 2 || before_head) && has_head && !crossing {
            found.retain(|c| c.end <= i || c.start >= end);
            let name = Candidate::over(
                tokens,
                i,
                end,
                EntityType::Org,
                HEAD_WORD_ORGANISATION_CONFIDENCE,
            );
            found.push(name);
        }
        i = end;
    }
}

/// All-capital acronyms that no other rule or the tagger claimed are organisations in news
/// text («CGT», «SNCF», «MONUSCO»): places, nationalities and titles are in the gazetteers and
/// taken earlier. Headlines (no lower-case word in the sentence) are left alone, and so is a
/// word the training data knows as an ordinary word, written in capitals for emphasis («NOT»,
/// «FREE», «LOL»).
pub(crate) fn acronym_organisations(
    view: &SentenceView,
    tokens: &[Token],
    is_common: impl Fn(&str) -> bool,
    found: &mut Vec<Candidate>,
) {
    let lower_case_text = view
        .words
        .iter()
        .any(|w| w.starts_with(|c: char| c.is_lowercase()));
    if !lower_case_text {
        return;
    }
    let org_bits = GazKind::OrgHead.bits();
    for k in 0..view.len() {
        let word = view.words[k];
        // Two letters are too often something else («IQ», «QC», «TV») unless the gazetteer
        // knows the organisation («EU», «UN»).
        let known_organisation = view.gaz[k] & org_bits != 0;
        let acronym = ACRONYM_LETTERS.contains(&word.len())
            && (word.len() >= 3 || known_organisation)
            && word.bytes().all(|b| b.is_ascii_uppercase())
            && view.gaz[k] & !org_bits == 0
            && !is_common(view.norm_at(k));
        if acronym && is_free(found, k, k + 1) {
            found.push(Candidate::over(
                tokens,
                k,
                k + 1,
                EntityType::Org,
                ACRONYM_CONFIDENCE,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    #[test]
    fn a_capitalized_run_after_a_title_is_one_person_over_the_models_part() {
        let gazetteer = Gazetteer::embedded();
        let text = "Deputy Prime Minister Tesfaye Alemu hosted them.";
        let analysis = khabar_text::analyze(text, Some("en"));
        let view = SentenceView::new(text, &analysis.tokens, &gazetteer);
        let tokens = &analysis.tokens;
        let surname = tokens
            .iter()
            .position(|t| &text[t.start..t.end] == "Alemu")
            .expect("a token");
        let mut found = vec![Candidate::over(
            tokens,
            surname,
            surname + 1,
            EntityType::Per,
            0.9,
        )];
        persons_after_titles(&view, tokens, &mut found);
        let spans: Vec<&str> = found
            .iter()
            .map(|c| &text[c.byte_start..c.byte_end])
            .collect();
        assert_eq!(spans, vec!["Tesfaye Alemu"]);
    }
}

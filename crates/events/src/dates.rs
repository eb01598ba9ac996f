//! Event dates from the DATE mentions of a predicate's own sentence: each mention's ISO value,
//! whether it can date an event at all, and which one is nearest the trigger.
//!
//! Dates an event takes from elsewhere (the previous predicate, the speaker, the dateline
//! sentence) are decided in `extract` and `lead`.

use std::ops::Range;

use chrono::NaiveDate;
use khabar_ner::EntityType;

use crate::lexicon::{CueKind, Lang};
use crate::predicates::Pred;
use crate::scan::Doc;
use crate::{DateRef, Modality};

/// Tokens a date blocker («منذ», "since", "until") stands before its date: right before, or
/// before one word («منذ يوم الثلاثاء»).
const DATE_BLOCK_REACH: usize = 2;

/// Tokens between a trigger and a date that stands by it: the reach of a month or a year alone,
/// of an old date, and of a background event's date after it. Real press writes longer
/// sentences than Khabar's gold («... في غارة أمريكية على ... مطلع يوليو»): 10 (from 6) took
/// real-press date accuracy from 0.79 to 0.83, Khabar gold's stayed 0.94 / 0.91.
const NEAR_DATE_REACH: usize = 10;

/// Tokens a background event's date may stand before it («كانت ... قد وقعت يوم»).
const BACKGROUND_DATE_REACH_BEFORE: usize = 2;

/// Tokens added to the distance of a date after the trigger: dates before it are preferred
/// slightly ("said on Wednesday ... urged").
const DATE_AFTER_PENALTY: usize = 2;

/// Days before publication that still are news: an older day is history («ذكرى 23 يوليو 1952»).
const NEWS_DAYS: i64 = 365;

/// How much of a date an ISO value gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`.
    Month,
    /// `YYYY`.
    Year,
}

/// The precision of an ISO date value (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), read from its
/// dash-separated fields; the entity stage's date resolver writes only these three forms.
pub fn precision(value: &str) -> DatePrecision {
    match value.matches('-').count() {
        0 => DatePrecision::Year,
        1 => DatePrecision::Month,
        _ => DatePrecision::Day,
    }
}

/// The resolved value of every DATE mention (`None` for other mentions).
pub fn resolve_date_mentions(doc: &Doc, published: Option<NaiveDate>) -> Vec<Option<String>> {
    (0..doc.mentions.len())
        .map(|mi| {
            (doc.mentions[mi].entity_type == EntityType::Date)
                .then(|| date_value(doc, mi, published))
                .flatten()
        })
        .collect()
}

/// The resolved value of a DATE mention: its link when it is an ISO date, else the entity
/// stage's date resolver on the mention's text (mentions that did not come from it).
fn date_value(doc: &Doc, mi: usize, published: Option<NaiveDate>) -> Option<String> {
    let m = &doc.mentions[mi];
    if let Some(link) = m.link.as_deref().filter(|link| opens_with_year(link)) {
        return Some(link.to_string());
    }
    khabar_ner::resolve_date(&doc.text[m.start..m.end], doc.lang == Lang::Ar, published)
}

/// Whether a link is an ISO date value: it opens with a four-digit year.
fn opens_with_year(link: &str) -> bool {
    link.len() >= 4 && link.as_bytes()[..4].iter().all(u8::is_ascii_digit)
}

/// The value of a DATE mention when it can be an event's date: not after «منذ»/"since", only
/// its month after «مطلع»/"late", and not in the future of an asserted event.
fn usable_date(
    doc: &Doc,
    mi: usize,
    published: Option<NaiveDate>,
    modality: Modality,
) -> Option<String> {
    let m = &doc.mentions[mi];
    let first = doc.token_at(m.start)?;
    let sentence = doc.tokens[first].sentence;
    let from = doc.sentence_tokens[sentence].0;
    let blocked = (1..=DATE_BLOCK_REACH)
        .any(|b| first >= from + b && doc.has_cue(first - b, CueKind::DateBlock))
        || doc.has_cue(first, CueKind::DateBlock);
    if blocked {
        return None;
    }
    let mut value = doc.date_values.get(mi).cloned().flatten()?;
    // «مطلع يوليو», "late June": the event happened within the period, on no known day.
    let part_of_period = (1..=DATE_BLOCK_REACH)
        .any(|b| first >= from + b && doc.has_cue(first - b, CueKind::Period))
        || doc.has_cue(first, CueKind::Period);
    if part_of_period && precision(&value) == DatePrecision::Day {
        value.truncate("YYYY-MM".len());
    }
    if modality == Modality::Asserted {
        if let Some(p) = published {
            if after_publication(&value, p) {
                return None;
            }
        }
    }
    Some(value)
}

/// Whether a day or a month is after the publication day or month; a year never is.
fn after_publication(value: &str, published: NaiveDate) -> bool {
    let day = published.format("%Y-%m-%d").to_string();
    let month = &day[..7];
    match precision(value) {
        DatePrecision::Day => value > day.as_str(),
        DatePrecision::Month => value > month,
        DatePrecision::Year => false,
    }
}

/// The date of an event: the nearest usable DATE mention of its sentence, not among the
/// `announcement` words that date the statement telling it. A month or a year alone must
/// stand near the trigger; a background event («كانت ... قد», "had", "after") takes only a
/// date right next to it.
pub fn date_of(
    doc: &Doc,
    (sentence, announcement): (usize, Option<Range<usize>>),
    pred: &Pred,
    published: Option<NaiveDate>,
    modality: Modality,
    background: bool,
) -> Option<DateRef> {
    let mut best: Option<(usize, DateRef)> = None;
    for &mi in doc.sentence_mentions(sentence) {
        if doc.mentions[mi].entity_type != EntityType::Date {
            continue;
        }
        let Some(value) = usable_date(doc, mi, published, modality) else {
            continue;
        };
        let Some(t) = doc.token_at(doc.mentions[mi].start) else {
            continue;
        };
        let before = t < pred.first;
        if announcement
            .as_ref()
            .is_some_and(|words| words.contains(&t))
        {
            continue;
        }
        let gap = if before {
            pred.first - t
        } else {
            t - pred.last
        };
        if gap > date_reach(&value, published, background, before) {
            continue;
        }
        let distance = if before {
            gap
        } else {
            gap + DATE_AFTER_PENALTY
        };
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, DateRef { value, mention: mi }));
        }
    }
    best.map(|(_, d)| d)
}

/// How many tokens a date may stand from the trigger (`before` it or after).
fn date_reach(value: &str, published: Option<NaiveDate>, background: bool, before: bool) -> usize {
    // A date long before publication is background unless it stands by the trigger.
    let old_date = published
        .is_some_and(|p| precision(value) == DatePrecision::Day && value < news_start(p).as_str());
    if old_date {
        NEAR_DATE_REACH
    } else if background {
        if before {
            BACKGROUND_DATE_REACH_BEFORE
        } else {
            NEAR_DATE_REACH
        }
    } else if precision(value) != DatePrecision::Day {
        NEAR_DATE_REACH
    } else {
        usize::MAX
    }
}

/// The first usable day-precise date of a sentence that is news.
pub fn first_usable_date(
    doc: &Doc,
    sentence: usize,
    published: Option<NaiveDate>,
) -> Option<DateRef> {
    doc.sentence_mentions(sentence)
        .iter()
        .copied()
        .find_map(|mi| {
            if doc.mentions[mi].entity_type != EntityType::Date {
                return None;
            }
            let value = usable_date(doc, mi, published, Modality::Asserted)?;
            is_recent_day(&value, published).then_some(DateRef { value, mention: mi })
        })
}

/// Whether a date is day-precise and within [`NEWS_DAYS`] before publication (a dateline date
/// is news, not history: «ذكرى 23 يوليو 1952»).
pub fn is_recent_day(value: &str, published: Option<NaiveDate>) -> bool {
    precision(value) == DatePrecision::Day
        && published.is_none_or(|p| value >= news_start(p).as_str())
}

/// The first day that is still news at publication, as `YYYY-MM-DD`.
fn news_start(published: NaiveDate) -> String {
    (published - chrono::Duration::days(NEWS_DAYS))
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_is_read_from_the_iso_fields() {
        assert_eq!(precision("2025-09-16"), DatePrecision::Day);
        assert_eq!(precision("2025-09"), DatePrecision::Month);
        assert_eq!(precision("2025"), DatePrecision::Year);
    }

    #[test]
    fn news_is_the_year_before_publication() {
        let published = NaiveDate::from_ymd_opt(2025, 9, 16);
        assert!(is_recent_day("2025-09-15", published));
        assert!(!is_recent_day("2024-09-15", published));
        assert!(!is_recent_day("2025-09", published));
        let day = NaiveDate::from_ymd_opt(2025, 9, 16).expect("valid date");
        assert!(after_publication("2025-09-17", day));
        assert!(after_publication("2025-10", day));
        assert!(!after_publication("2026", day));
    }
}

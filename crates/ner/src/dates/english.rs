//! English date patterns: relative days and periods (yesterday, last week), weekdays and
//! month names with day and year («Friday, July 21, 2017», «5 January»), clock times, and
//! their leads (early, late, mid).

use chrono::{NaiveDate, Weekday};

use super::resolve::{
    days_from, month_from, month_link, month_year, weekday_link, year_from, year_link,
};
use super::{day_of, year_of, DateMatch};

/// The date expression starting at token `i` (`words` original, `norms` normalized), if any.
pub(super) fn match_at(
    words: &[&str],
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<DateMatch> {
    let w = norms.get(i).copied()?;
    // "early Sunday", "late last year", "mid-2028": the span grows, the value is the inner one's.
    if matches!(w, "early" | "late" | "mid") {
        let inner_at = if norms.get(i + 1).copied() == Some("-") {
            i + 2
        } else {
            i + 1
        };
        if let Some(inner) = match_at(words, norms, inner_at, published) {
            return Some(DateMatch { start: i, ..inner });
        }
    }
    // Clock times: "4:40 a.m.", "5 p.m.", "at 17:30" (tokens 4 : 40 a . m .). No day of their own.
    if let Some(end) = clock_end(norms, i) {
        return Some(DateMatch::new(i, end, None));
    }
    relative_day(norms, i, published)
        .or_else(|| relative_period(norms, i, published))
        .or_else(|| weekday_date(words, norms, i, published))
        .or_else(|| {
            let (end, link) = month_phrase(words, norms, i, published)?;
            Some(DateMatch::new(i, end, link))
        })
        .or_else(|| year_of(w).map(|y| DateMatch::new(i, i + 1, Some(year_link(y)))))
}

/// "today", "tonight", "yesterday", "tomorrow", "last night", "this morning".
fn relative_day(norms: &[&str], i: usize, published: Option<NaiveDate>) -> Option<DateMatch> {
    let (span, days) = match (norms.get(i).copied()?, norms.get(i + 1).copied()) {
        ("last", Some("night")) => (2, -1),
        ("this", Some("morning" | "afternoon" | "evening")) => (2, 0),
        ("today" | "tonight", _) => (1, 0),
        ("yesterday", _) => (1, -1),
        ("tomorrow", _) => (1, 1),
        _ => return None,
    };
    Some(DateMatch::new(i, i + span, days_from(published, days)))
}

/// [last|this|next|past] week, weekend, month, year or weekday.
fn relative_period(norms: &[&str], i: usize, published: Option<NaiveDate>) -> Option<DateMatch> {
    let delta = match norms.get(i).copied()? {
        "last" | "past" => -1,
        "this" => 0,
        "next" => 1,
        _ => return None,
    };
    let link = match norms.get(i + 1).copied()? {
        "week" | "weekend" => None,
        "month" => published.map(|p| month_from(p, delta)),
        "year" => published.map(|p| year_from(p, delta)),
        other => {
            let wd = weekday_en(other)?;
            published.map(|p| weekday_link(p, wd, delta))
        }
    };
    Some(DateMatch::new(i, i + 2, link))
}

/// `Weekday [morning…] [,] [Month Day [,] Year]`: a capitalized full weekday name.
fn weekday_date(
    words: &[&str],
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    let w = get(i)?;
    let wd = weekday_en(w)
        .filter(|_| words[i].starts_with(|c: char| c.is_uppercase()) && w.len() > 3)?;
    let mut end = i + 1;
    if matches!(
        get(end),
        Some("morning" | "afternoon" | "evening" | "night")
    ) {
        end += 1;
    }
    let mut link = published.map(|p| weekday_link(p, wd, 0));
    let k = if get(end) == Some(",") { end + 1 } else { end };
    if let Some((e, l)) = month_phrase(words, norms, k, published) {
        end = e;
        link = l.or(link);
    }
    Some(DateMatch::new(i, end, link))
}

/// «Jan. 5», «January 5, 2025», «5 January 2025», «January 2025», «January».
fn month_phrase(
    words: &[&str],
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<(usize, Option<String>)> {
    let get = |k: usize| norms.get(k).copied();
    let (month, day, mut end) = if let Some((m, e)) = month_at(words, norms, i) {
        match get(e).and_then(day_of) {
            Some(d) => (m, Some(d), e + 1),
            None => (m, None, e),
        }
    } else {
        let d = get(i).and_then(day_of)?;
        let (m, e) = month_at(words, norms, i + 1)?;
        (m, Some(d), e)
    };
    let k = if get(end) == Some(",") { end + 1 } else { end };
    let year = match get(k).and_then(year_of) {
        Some(y) => {
            end = k + 1;
            Some(y)
        }
        None => {
            if day.is_none() && !bare_month_counts(norms, i) {
                return None;
            }
            month_year(month, published)
        }
    };
    Some((end, month_link(year, month, day)))
}

/// Whether a month named at token `i` with neither day nor year is a date: always, unless the
/// name is a common word too ("may", "march", …), which needs a preposition of time before it.
fn bare_month_counts(norms: &[&str], i: usize) -> bool {
    let preposition = i > 0
        && matches!(
            norms[i - 1],
            "in" | "since" | "until" | "till" | "by" | "during" | "from" | "through"
        );
    preposition
        || !matches!(
            norms.get(i).copied(),
            Some("may" | "march" | "mar" | "jun" | "sat" | "sun")
        )
}

/// The month a capitalized name at token `k` names, and the end of the name (with the
/// full stop of an abbreviation).
fn month_at(words: &[&str], norms: &[&str], k: usize) -> Option<(u32, usize)> {
    let n = norms.get(k)?;
    let (_, m) = EN_MONTHS.iter().find(|(name, _)| name == n)?;
    // Month names are capitalized in news text; "may", "march" are common words otherwise.
    if !words[k].starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let mut end = k + 1;
    let abbreviation = n.len() <= 4 && !matches!(*n, "may" | "june" | "july");
    if abbreviation && norms.get(end).copied() == Some(".") {
        end += 1;
    }
    Some((*m, end))
}

/// The end of a clock time starting at token `i`: an hour, then ":" and two-digit minutes
/// and/or a.m./p.m. (at least one of the two).
fn clock_end(norms: &[&str], i: usize) -> Option<usize> {
    let get = |k: usize| norms.get(k).copied();
    let hour: u32 = get(i)?.parse().ok()?;
    if !(1..=24).contains(&hour) {
        return None;
    }
    let mut end = i + 1;
    let minutes = get(end) == Some(":")
        && get(end + 1).is_some_and(|m| m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()));
    if minutes {
        end += 2;
    }
    let meridiem = if matches!(get(end), Some("am" | "pm")) {
        end += 1;
        true
    } else if matches!(get(end), Some("a" | "p"))
        && get(end + 1) == Some(".")
        && get(end + 2) == Some("m")
    {
        end += if get(end + 3) == Some(".") { 4 } else { 3 };
        true
    } else {
        false
    };
    (minutes || meridiem).then_some(end)
}

/// Whether a normalized English word is a full weekday or month name («monday», «may»).
pub(crate) fn is_en_date_word(norm: &str) -> bool {
    (norm.len() > 3 && weekday_en(norm).is_some())
        || EN_MONTHS
            .iter()
            .any(|&(name, _)| name == norm && (name.len() > 3 || name == "may"))
}

/// The weekday a normalized word names (full or abbreviated).
fn weekday_en(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" | "mon" => Weekday::Mon,
        "tuesday" | "tue" | "tues" => Weekday::Tue,
        "wednesday" | "wed" => Weekday::Wed,
        "thursday" | "thu" | "thurs" => Weekday::Thu,
        "friday" | "fri" => Weekday::Fri,
        "saturday" | "sat" => Weekday::Sat,
        "sunday" | "sun" => Weekday::Sun,
        _ => return None,
    })
}

/// English month names and abbreviations (normalized) with their month.
const EN_MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
];

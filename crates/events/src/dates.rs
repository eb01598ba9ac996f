//! Resolution of date expressions against the publication date.
//!
//! Used when a DATE mention carries no resolved link. Weekday names resolve to the most recent
//! such day on or before publication (or the next one after «المقبل»/"next"), «اليوم»/"today" to
//! the publication day, «أمس»/"yesterday" to the day before, "14 November"/«٢ تشرين الثاني» to
//! that day (year from the text or the publication), "September 2025" to `2025-09` and a bare
//! year to `YYYY`. Anything else is unknown: never invent a date.

use chrono::{Datelike, Duration, NaiveDate};
use khabar_text::normalize_key;

use crate::lexicon::{DateWord, Lexicons};

/// Resolves the text of a date expression; `None` when it cannot be resolved.
pub fn resolve(text: &str, published: Option<NaiveDate>, lex: &Lexicons) -> Option<String> {
    let key = normalize_key(text);
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut month = None;
    let mut weekday = None;
    let mut relative = None;
    let mut direction = None;
    let mut day = None;
    let mut year = None;
    for (i, word) in words.iter().enumerate() {
        if let Some(found) = lookup(word, lex) {
            match found {
                // «تشرين الثاني» / «كانون الأول»: the month is named by two words.
                DateWord::Month(m) => {
                    let second = words.get(i + 1).map(|w| strip_article(w));
                    let m = match (m, second) {
                        (10, Some("ثاني")) => 11,
                        (12, Some("ثاني")) => 1,
                        (m, _) => m,
                    };
                    month.get_or_insert(m);
                }
                DateWord::Weekday(d) => weekday = Some(d),
                DateWord::Relative(r) => relative = Some(relative.unwrap_or(0) + r),
                DateWord::Next | DateWord::Last => direction = Some(found),
            }
            continue;
        }
        if let Ok(n) = word.trim_start_matches("mid").parse::<u32>() {
            if (1000..=2999).contains(&n) {
                year = Some(n as i32);
            } else if (1..=31).contains(&n) && day.is_none() {
                day = Some(n);
            }
        }
    }
    if let (Some(m), Some(d)) = (month, day) {
        let y = year.or_else(|| published.map(|p| nearest_year(p, m, d)))?;
        return NaiveDate::from_ymd_opt(y, m, d).map(|date| date.format("%Y-%m-%d").to_string());
    }
    if let Some(pub_date) = published {
        if let Some(w) = weekday {
            let base = pub_date + Duration::days(relative.unwrap_or(0));
            let current = base.weekday().number_from_monday();
            let date = match direction {
                Some(DateWord::Next) => {
                    let ahead = (w + 7 - current) % 7;
                    base + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
                }
                Some(DateWord::Last) => {
                    let back = (current + 7 - w) % 7;
                    base - Duration::days(i64::from(if back == 0 { 7 } else { back }))
                }
                _ => base - Duration::days(i64::from((current + 7 - w) % 7)),
            };
            return Some(date.format("%Y-%m-%d").to_string());
        }
        if let Some(r) = relative {
            if month.is_none() && year.is_none() {
                return Some(
                    (pub_date + Duration::days(r))
                        .format("%Y-%m-%d")
                        .to_string(),
                );
            }
        }
    }
    match (month, year) {
        (Some(m), Some(y)) => Some(format!("{y:04}-{m:02}")),
        (Some(m), None) => {
            let p = published?;
            let y = match direction {
                Some(DateWord::Last) if m >= p.month() => p.year() - 1,
                Some(DateWord::Next) if m <= p.month() => p.year() + 1,
                _ => p.year(),
            };
            Some(format!("{y:04}-{m:02}"))
        }
        (None, Some(y)) => Some(format!("{y:04}")),
        (None, None) => None,
    }
}

fn strip_article(word: &str) -> &str {
    word.strip_prefix("ال")
        .filter(|w| w.chars().count() >= 2)
        .unwrap_or(word)
}

fn lookup(word: &str, lex: &Lexicons) -> Option<DateWord> {
    if let Some(found) = lex.dates.get(word) {
        return Some(*found);
    }
    // Proclitics: بالأمس، ويوم، والخميس.
    let mut rest = word;
    for prefix in ["و", "ف", "ب", "ل"] {
        if let Some(r) = rest.strip_prefix(prefix) {
            if r.chars().count() >= 3 {
                rest = r;
                break;
            }
        }
    }
    lex.dates
        .get(rest)
        .or_else(|| lex.dates.get(strip_article(rest)))
        .or_else(|| lex.dates.get(word.trim_end_matches('.')))
        .copied()
}

/// The year that puts month/day closest to the publication date (December news about
/// "January 3" means next year).
fn nearest_year(published: NaiveDate, month: u32, day: u32) -> i32 {
    let y = published.year();
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|candidate| {
            NaiveDate::from_ymd_opt(candidate, month, day)
                .map(|d| (candidate, (d - published).num_days().abs()))
        })
        .min_by_key(|&(_, distance)| distance)
        .map(|(candidate, _)| candidate)
        .unwrap_or(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicons {
        Lexicons::embedded().expect("embedded lexicons are valid")
    }

    fn at(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn weekdays_resolve_to_the_most_recent_on_or_before_publication() {
        let lex = lex();
        // 2025-09-16 is a Tuesday.
        let p = at(2025, 9, 16);
        assert_eq!(
            resolve("اليوم الثلاثاء", p, &lex).as_deref(),
            Some("2025-09-16")
        );
        assert_eq!(
            resolve("يوم الخميس", p, &lex).as_deref(),
            Some("2025-09-11")
        );
        assert_eq!(
            resolve("on Thursday", p, &lex).as_deref(),
            Some("2025-09-11")
        );
        assert_eq!(
            resolve("مساء الخميس", p, &lex).as_deref(),
            Some("2025-09-11")
        );
        assert_eq!(
            resolve("أمس الاثنين", p, &lex).as_deref(),
            Some("2025-09-15")
        );
        assert_eq!(
            resolve("يوم الأربعاء المقبل", p, &lex).as_deref(),
            Some("2025-09-17")
        );
        assert_eq!(resolve("today", p, &lex).as_deref(), Some("2025-09-16"));
        assert_eq!(resolve("أمس", p, &lex).as_deref(), Some("2025-09-15"));
    }

    #[test]
    fn month_names_in_every_variant() {
        let lex = lex();
        let p = at(2026, 11, 24);
        assert_eq!(
            resolve("يوم ٢ تشرين الثاني/نوفمبر", p, &lex).as_deref(),
            Some("2026-11-02")
        );
        assert_eq!(
            resolve("أمس السبت ١٤ نوفمبر", p, &lex).as_deref(),
            Some("2026-11-14")
        );
        assert_eq!(resolve("جويلية 2023", p, &lex).as_deref(), Some("2023-07"));
        assert_eq!(
            resolve("12 أيار 2024", p, &lex).as_deref(),
            Some("2024-05-12")
        );
        assert_eq!(resolve("Dec. 3", p, &lex).as_deref(), Some("2026-12-03"));
        assert_eq!(resolve("August 2025", p, &lex).as_deref(), Some("2025-08"));
        assert_eq!(resolve("عام 2019", p, &lex).as_deref(), Some("2019"));
        assert_eq!(resolve("الأسبوع المقبل", p, &lex), None);
        assert_eq!(resolve("الساعة الثامنة مساءً", p, &lex), None);
    }
}

//! Date expressions in Arabic and English, found over normalized tokens and resolved to ISO
//! dates against the publication date.
//!
//! Absolute dates resolve without a publication date; relative ones (weekdays, اليوم, أمس,
//! last week, الشهر الماضي) need it. Weekday names resolve to the most recent such day on or
//! before publication ("next Tuesday" to the first one after it). Month names without a year
//! resolve to the publication year unless that would put them more than two months after
//! publication, then to the year before.
//!
//! The patterns of each language are in `arabic` and `english`; the values in `resolve`.

mod arabic;
mod english;
mod resolve;

use chrono::NaiveDate;

pub(crate) use english::is_en_date_word;

/// Years a four-digit number may name: outside this range it is a count or a code.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// A date expression over tokens `[start, end)` of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Resolved ISO date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`), when resolvable.
    pub link: Option<String>,
}

impl DateMatch {
    /// An expression over tokens `[start, end)` with its value.
    fn new(start: usize, end: usize, link: Option<String>) -> DateMatch {
        DateMatch { start, end, link }
    }
}

/// Finds date expressions in one sentence.
///
/// `words` are the original token texts and `norms` their normalized forms.
pub fn find_dates(
    words: &[&str],
    norms: &[&str],
    arabic: bool,
    published: Option<NaiveDate>,
) -> Vec<DateMatch> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < norms.len() {
        let found = if arabic {
            arabic::match_at(norms, i, published)
        } else {
            english::match_at(words, norms, i, published)
        };
        match found {
            Some(m) => {
                i = m.end;
                out.push(m);
            }
            None => i += 1,
        }
    }
    out
}

/// The year a normalized token names: four digits within [`YEARS`].
fn year_of(norm: &str) -> Option<i32> {
    if norm.len() == 4 && norm.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = norm.parse().ok()?;
        if YEARS.contains(&y) {
            return Some(y);
        }
    }
    None
}

/// The day of the month a normalized token names: one or two digits from 1 to 31, maybe
/// with a Latin ordinal suffix («5th»).
fn day_of(norm: &str) -> Option<u32> {
    let digits = norm.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::normalize_key;

    /// The (span text, value) of every date found in `text` (tokens split at spaces).
    fn run(text: &str, arabic: bool, published: &str) -> Vec<(String, Option<String>)> {
        let words: Vec<&str> = text.split(' ').collect();
        let norms: Vec<String> = words.iter().map(|w| normalize_key(w)).collect();
        let norms: Vec<&str> = norms.iter().map(String::as_str).collect();
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        find_dates(&words, &norms, arabic, p)
            .into_iter()
            .map(|m| (words[m.start..m.end].join(" "), m.link))
            .collect()
    }

    #[test]
    fn arabic_relative_days() {
        // 2025-09-16 is a Tuesday.
        let found = run("وصل اليوم الثلاثاء إلى بغداد", true, "2025-09-16");
        assert_eq!(
            found,
            vec![("اليوم الثلاثاء".into(), Some("2025-09-16".into()))]
        );
        let found = run("دعا يوم الخميس روسيا", true, "2025-09-16");
        assert_eq!(
            found,
            vec![("يوم الخميس".into(), Some("2025-09-11".into()))]
        );
        let found = run("قال أمس إن", true, "2025-09-16");
        assert_eq!(found, vec![("أمس".into(), Some("2025-09-15".into()))]);
    }

    #[test]
    fn arabic_months_all_regions() {
        let found = run("في شهر تشرين الأول من العام الماضي", true, "2025-09-16");
        assert_eq!(
            found,
            vec![(
                "شهر تشرين الأول من العام الماضي".into(),
                Some("2024-10".into())
            )]
        );
        let found = run("في 5 أكتوبر 2023", true, "2025-09-16");
        assert_eq!(
            found,
            vec![("5 أكتوبر 2023".into(), Some("2023-10-05".into()))]
        );
        let found = run("منذ شتنبر الماضي", true, "2025-09-16");
        assert_eq!(found[0].1, Some("2024-09".into()));
        let found = run("في جويلية 2020", true, "2025-09-16");
        assert_eq!(found[0].1, Some("2020-07".into()));
        let found = run("الشهر الماضي", true, "2025-01-10");
        assert_eq!(found[0].1, Some("2024-12".into()));
        let found = run("عام ٢٠٢٥", true, "2025-01-10");
        assert_eq!(found[0].1, Some("2025".into()));
    }

    #[test]
    fn english_dates() {
        let found = run("on Tuesday he said", false, "2025-09-18");
        assert_eq!(found, vec![("Tuesday".into(), Some("2025-09-16".into()))]);
        let found = run("on Jan . 5 the", false, "2025-09-18");
        assert_eq!(found, vec![("Jan . 5".into(), Some("2025-01-05".into()))]);
        let found = run("last week and yesterday", false, "2025-09-18");
        assert_eq!(found[1], ("yesterday".into(), Some("2025-09-17".into())));
        let found = run("Friday , July 21 , 2017", false, "2017-07-22");
        assert_eq!(
            found,
            vec![("Friday , July 21 , 2017".into(), Some("2017-07-21".into()))]
        );
        assert!(run("you may go", false, "2017-07-22").is_empty());
    }

    #[test]
    fn parts_of_days_and_periods_widen_the_span() {
        // 2025-09-16 is a Tuesday.
        let found = run("فجر اليوم الثلاثاء", true, "2025-09-16");
        assert_eq!(
            found,
            vec![("فجر اليوم الثلاثاء".into(), Some("2025-09-16".into()))]
        );
        let found = run("مطلع الشهر المقبل", true, "2025-09-16");
        assert_eq!(
            found,
            vec![("مطلع الشهر المقبل".into(), Some("2025-10".into()))]
        );
        let found = run("early Sunday and mid - 2028", false, "2025-09-16");
        assert_eq!(found[0], ("early Sunday".into(), Some("2025-09-14".into())));
        assert_eq!(found[1], ("mid - 2028".into(), Some("2028".into())));
        assert_eq!(
            run("on Sunday morning", false, "2025-09-16"),
            vec![("Sunday morning".into(), Some("2025-09-14".into()))]
        );
    }

    #[test]
    fn next_and_last_weekdays() {
        // 2025-09-16 is a Tuesday.
        let found = run("السبت المقبل و يوم الثلاثاء الماضي", true, "2025-09-16");
        assert_eq!(
            found,
            vec![
                ("السبت المقبل".into(), Some("2025-09-20".into())),
                ("يوم الثلاثاء الماضي".into(), Some("2025-09-09".into())),
            ]
        );
    }

    #[test]
    fn stretches_seasons_and_clock_times_have_no_day() {
        let found = run("خلال الأسابيع الماضية قبل فصل الشتاء", true, "2025-09-16");
        assert_eq!(
            found,
            vec![
                ("الأسابيع الماضية".into(), None),
                ("فصل الشتاء".into(), None)
            ]
        );
        assert_eq!(
            run("الساعة الثامنة مساءً", true, "2025-09-16"),
            vec![("الساعة الثامنة مساءً".into(), None)]
        );
        let found = run("at 4 : 40 a . m . and 5 pm", false, "2025-09-16");
        assert_eq!(
            found,
            vec![("4 : 40 a . m .".into(), None), ("5 pm".into(), None)]
        );
        assert!(run("won 3 : 1 at home", false, "2025-09-16").is_empty());
    }

    #[test]
    fn a_month_in_two_calendars_is_one_date() {
        let found = run("يوم 2 تشرين الثاني / نوفمبر", true, "2025-11-20");
        assert_eq!(
            found,
            vec![(
                "يوم 2 تشرين الثاني / نوفمبر".into(),
                Some("2025-11-02".into())
            )]
        );
        // A bare "May" counts after a preposition of time, and a sentence's full stop is not
        // part of it.
        assert_eq!(
            run("the fires in May .", false, "2025-11-20"),
            vec![("May".into(), Some("2025-05".into()))]
        );
    }

    #[test]
    fn years_and_days_are_bounded() {
        assert_eq!(year_of("2025"), Some(2025));
        assert_eq!(year_of("1850"), None);
        assert_eq!(year_of("20255"), None);
        assert_eq!(day_of("5th"), Some(5));
        assert_eq!(day_of("31"), Some(31));
        assert_eq!(day_of("32"), None);
        assert_eq!(day_of("0"), None);
    }
}

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
mod hijri;
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
    /// Letters of an Arabic conjunction or preposition glued to the first token, left out of
    /// the span («وأمس», «بالأمس»: the date is «أمس», «الأمس», as the guidelines leave
    /// proclitics out of dates).
    pub skip: usize,
}

impl DateMatch {
    /// An expression over tokens `[start, end)` with its value.
    fn new(start: usize, end: usize, link: Option<String>) -> DateMatch {
        DateMatch {
            start,
            end,
            link,
            skip: 0,
        }
    }
}

/// Conjunctions that may be glued to the first word of an Arabic date («وأمس», «فاليوم»).
const AR_DATE_CONJUNCTIONS: [char; 2] = ['و', 'ف'];

/// Letters a word keeps after its conjunction to be a date word (no date word is shorter).
const AR_DATE_WORD_MIN_LETTERS: usize = 3;

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
    // Arabic: the tokens with the one at the current position without its conjunction.
    let mut unglued: Vec<&str> = if arabic { norms.to_vec() } else { Vec::new() };
    let mut i = 0;
    while i < norms.len() {
        let found = if arabic {
            arabic::match_at(norms, i, published)
                .or_else(|| after_conjunction(&mut unglued, i, published))
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

/// The Arabic date expression starting at token `i` once its glued conjunction is left out
/// («وأمس», «ويوم الخميس»); `unglued` holds the sentence's tokens and is restored after.
fn after_conjunction(
    unglued: &mut [&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<DateMatch> {
    let word = unglued[i];
    let rest = word.strip_prefix(AR_DATE_CONJUNCTIONS)?;
    if rest.chars().count() < AR_DATE_WORD_MIN_LETTERS {
        return None;
    }
    unglued[i] = rest;
    let found = arabic::match_at(unglued, i, published);
    unglued[i] = word;
    found.filter(|m| m.start == i).map(|m| DateMatch {
        skip: m.skip + 1,
        ..m
    })
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

/// Where an Arabic month name stands in a date opened by the normalized word `w` at token `i`,
/// and the day it gives: after «شهر» (month) or a day number, else at `i` itself.
fn month_lead(w: &str, i: usize) -> (usize, Option<u32>) {
    if w == "شهر" {
        (i + 1, None)
    } else if let Some(d) = day_of(w) {
        (i + 1, Some(d))
    } else {
        (i, None)
    }
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

    /// Asserts that the dates found in `text` (tokens split at spaces), published on
    /// `published`, are exactly `expected`: (span text, value) in order.
    fn assert_dates(text: &str, arabic: bool, published: &str, expected: &[(&str, Option<&str>)]) {
        let words: Vec<&str> = text.split(' ').collect();
        let norms: Vec<String> = words.iter().map(|w| normalize_key(w)).collect();
        let norms: Vec<&str> = norms.iter().map(String::as_str).collect();
        let p = NaiveDate::parse_from_str(published, "%Y-%m-%d").ok();
        let found: Vec<(String, Option<String>)> = find_dates(&words, &norms, arabic, p)
            .into_iter()
            .map(|m| (words[m.start..m.end].join(" "), m.link))
            .collect();
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|&(span, link)| (span.to_string(), link.map(String::from)))
            .collect();
        assert_eq!(found, expected, "{text}");
    }

    // 2025-09-16 is a Tuesday.
    const TUESDAY: &str = "2025-09-16";

    #[test]
    fn arabic_relative_days() {
        let cases = [
            ("وصل اليوم الثلاثاء إلى بغداد", "اليوم الثلاثاء", "2025-09-16"),
            ("دعا يوم الخميس روسيا", "يوم الخميس", "2025-09-11"),
            ("قال أمس إن", "أمس", "2025-09-15"),
            ("قتل أول من أمس في", "أول من أمس", "2025-09-14"),
            ("قتل أول أمس في", "أول أمس", "2025-09-14"),
            ("قتل أمس الأول في", "أمس الأول", "2025-09-14"),
            ("وصل مساء أول من أمس إلى", "مساء أول من أمس", "2025-09-14"),
            (
                "وقع الانفجار الليلة الماضية في",
                "الليلة الماضية",
                "2025-09-15",
            ),
            ("كما قال بالأمس إن", "بالأمس", "2025-09-15"),
        ];
        for (text, span, day) in cases {
            assert_dates(text, true, TUESDAY, &[(span, Some(day))]);
        }
    }

    #[test]
    fn arabic_months_all_regions() {
        let cases = [
            (
                "في شهر تشرين الأول من العام الماضي",
                TUESDAY,
                "شهر تشرين الأول من العام الماضي",
                "2024-10",
            ),
            ("في 5 أكتوبر 2023", TUESDAY, "5 أكتوبر 2023", "2023-10-05"),
            ("منذ شتنبر الماضي", TUESDAY, "شتنبر الماضي", "2024-09"),
            ("في جويلية 2020", TUESDAY, "جويلية 2020", "2020-07"),
            ("الشهر الماضي", "2025-01-10", "الشهر الماضي", "2024-12"),
            ("عام ٢٠٢٥", "2025-01-10", "عام ٢٠٢٥", "2025"),
        ];
        for (text, published, span, value) in cases {
            assert_dates(text, true, published, &[(span, Some(value))]);
        }
    }

    #[test]
    fn english_dates() {
        let thursday = "2025-09-18";
        assert_dates(
            "on Tuesday he said",
            false,
            thursday,
            &[("Tuesday", Some("2025-09-16"))],
        );
        assert_dates(
            "on Jan . 5 the",
            false,
            thursday,
            &[("Jan . 5", Some("2025-01-05"))],
        );
        assert_dates(
            "last week and yesterday",
            false,
            thursday,
            &[("last week", None), ("yesterday", Some("2025-09-17"))],
        );
        assert_dates(
            "Friday , July 21 , 2017",
            false,
            "2017-07-22",
            &[("Friday , July 21 , 2017", Some("2017-07-21"))],
        );
        assert_dates("you may go", false, "2017-07-22", &[]);
    }

    #[test]
    fn parts_of_days_and_periods_widen_the_span() {
        assert_dates(
            "فجر اليوم الثلاثاء",
            true,
            TUESDAY,
            &[("فجر اليوم الثلاثاء", Some("2025-09-16"))],
        );
        assert_dates(
            "مطلع الشهر المقبل",
            true,
            TUESDAY,
            &[("مطلع الشهر المقبل", Some("2025-10"))],
        );
        assert_dates(
            "early Sunday and mid - 2028",
            false,
            TUESDAY,
            &[
                ("early Sunday", Some("2025-09-14")),
                ("mid - 2028", Some("2028")),
            ],
        );
        assert_dates(
            "on Sunday morning",
            false,
            TUESDAY,
            &[("Sunday morning", Some("2025-09-14"))],
        );
    }

    #[test]
    fn next_and_last_weekdays() {
        assert_dates(
            "السبت المقبل و يوم الثلاثاء الماضي",
            true,
            TUESDAY,
            &[
                ("السبت المقبل", Some("2025-09-20")),
                ("يوم الثلاثاء الماضي", Some("2025-09-09")),
            ],
        );
    }

    #[test]
    fn stretches_seasons_and_clock_times_have_no_day() {
        assert_dates(
            "خلال الأسابيع الماضية قبل فصل الشتاء",
            true,
            TUESDAY,
            &[("الأسابيع الماضية", None), ("فصل الشتاء", None)],
        );
        assert_dates(
            "الساعة الثامنة مساءً",
            true,
            TUESDAY,
            &[("الساعة الثامنة مساءً", None)],
        );
        assert_dates(
            "at 4 : 40 a . m . and 5 pm",
            false,
            TUESDAY,
            &[("4 : 40 a . m .", None), ("5 pm", None)],
        );
        assert_dates("won 3 : 1 at home", false, TUESDAY, &[]);
    }

    #[test]
    fn a_month_in_two_calendars_is_one_date() {
        assert_dates(
            "يوم 2 تشرين الثاني / نوفمبر",
            true,
            "2025-11-20",
            &[("يوم 2 تشرين الثاني / نوفمبر", Some("2025-11-02"))],
        );
        // A bare "May" counts after a preposition of time, and a sentence's full stop is not
        // part of it.
        assert_dates(
            "the fires in May .",
            false,
            "2025-11-20",
            &[("May", Some("2025-05"))],
        );
    }

    #[test]
    fn arabic_press_writes_months_twice_and_glosses_days() {
        let july = "2015-07-23";
        assert_dates(
            "في نيسان - أبريل ثم مايو ايار و سبتمبر ( أيلول ) المقبل",
            true,
            july,
            &[
                ("نيسان - أبريل", Some("2015-04")),
                ("مايو ايار", Some("2015-05")),
                ("سبتمبر ( أيلول ) المقبل", Some("2015-09")),
            ],
        );
        assert_dates(
            "قال اليوم ( الخميس ) إن",
            true,
            july,
            &[("اليوم ( الخميس )", Some("2015-07-23"))],
        );
        assert_dates(
            "في اليوم نفسه و هذا العام و الأيام القليلة القادمة",
            true,
            july,
            &[
                ("اليوم نفسه", None),
                ("هذا العام", Some("2015")),
                ("الأيام القليلة القادمة", None),
            ],
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

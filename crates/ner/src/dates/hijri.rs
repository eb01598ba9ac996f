//! Hijri dates as the Saudi and Gulf press writes them: «7 / 10 / 1436 هـ», «1436/10/7هـ»,
//! «7 شوال 1436 هـ», «شهر رمضان», «1436 هـ», alone or after the same day in the Gregorian
//! calendar («الخميس 23 يوليو 2015 الموافق 7 شوال 1436 هـ»). A day and month are resolved to
//! the Gregorian day by the Umm al-Qura calendar, Saudi Arabia's official one (`icu_calendar`),
//! in the year written or else the one that puts the day nearest the publication; a month or a
//! year alone has no value, as it spans two Gregorian ones.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use icu_calendar::islamic::IslamicUmmAlQura;
use icu_calendar::Date;

use super::{day_of, month_lead, DateMatch};

/// The Hijri years the press writes (1300 AH began in 1882).
const HIJRI_YEARS: RangeInclusive<i32> = 1300..=1500;

/// Words after a Hijri year that mark it (normalized: «هـ» is «ه» without its tatweel).
const YEAR_MARKERS: [&str; 3] = ["ه", "هجريه", "للهجره"];

/// Month names (normalized words) with their number. The one-word names are also names or
/// words («رمضان قاديروف», «رجب طيب أردوغان», «صفر» zero): they count only after a day or
/// «شهر», or before a year.
const MONTHS: &[(&[&str], u32)] = &[
    (&["محرم"], 1),
    (&["المحرم"], 1),
    (&["صفر"], 2),
    (&["ربيع", "الاول"], 3),
    (&["ربيع", "الاخر"], 4),
    (&["ربيع", "الثاني"], 4),
    (&["جمادي", "الاولي"], 5),
    (&["جمادي", "الاول"], 5),
    (&["جمادي", "الاخره"], 6),
    (&["جمادي", "الثانيه"], 6),
    (&["جمادي", "الاخر"], 6),
    (&["رجب"], 7),
    (&["شعبان"], 8),
    (&["رمضان"], 9),
    (&["شوال"], 10),
    (&["ذو", "القعده"], 11),
    (&["ذي", "القعده"], 11),
    (&["ذو", "الحجه"], 12),
    (&["ذي", "الحجه"], 12),
];

/// Adjectives that follow the month of fasting («رمضان المبارك», «رمضان الكريم»).
const RAMADAN_EPITHETS: [&str; 2] = ["المبارك", "الكريم"];

/// Days a Hijri day without its year may lie from the publication day: half a lunar year.
const NEAREST_YEAR_DAYS: i64 = 177;

/// The Hijri date starting at token `i` of the normalized tokens `norms`, if any.
pub(super) fn match_at(
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<DateMatch> {
    numeric(norms, i)
        .or_else(|| named(norms, i, published))
        .or_else(|| year_alone(norms, i))
}

/// The end of a Hijri date that names again the date ending at `end` («… الموافق 7 شوال 1436
/// هـ», «اليوم الخميس 7 / 10 / 1436 هـ») and its value; `(end, None)` when none follows.
pub(super) fn same_day_end(
    norms: &[&str],
    end: usize,
    published: Option<NaiveDate>,
) -> (usize, Option<String>) {
    let at = if norms.get(end) == Some(&"الموافق") {
        end + 1
    } else {
        end
    };
    match numeric(norms, at).or_else(|| named(norms, at, published)) {
        Some(m) => (m.end, m.link),
        None => (end, None),
    }
}

/// «7 / 10 / 1436 هـ» (day, month, year) or «1436 / 10 / 7 هـ» (year first), the marker glued
/// or not; a year of [`HIJRI_YEARS`] needs no marker.
fn numeric(norms: &[&str], i: usize) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    if get(i + 1) != Some("/") || get(i + 3) != Some("/") {
        return None;
    }
    let month = number(get(i + 2)?).filter(|m| (1..=12).contains(m))?;
    let (first, first_marked) = strip_marker(get(i)?);
    let (last, last_marked) = strip_marker(get(i + 4)?);
    let (year, day) = match (hijri_year(first), hijri_year(last)) {
        (Some(y), None) if !first_marked => (y, day_of(last)?),
        (None, Some(y)) => (y, day_of(first)?),
        _ => return None,
    };
    let end = if last_marked || !is_marker(get(i + 5)) {
        i + 5
    } else {
        i + 6
    };
    let link = gregorian(year, month, day).map(|d| d.to_string());
    Some(DateMatch::new(i, end, link))
}

/// `[day|شهر] month [epithet] [year [marker]]`: «7 شوال 1436 هـ», «شهر رمضان المبارك», «ذي
/// الحجة».
fn named(norms: &[&str], i: usize, published: Option<NaiveDate>) -> Option<DateMatch> {
    let w = norms.get(i).copied()?;
    let (month_at, day) = month_lead(w, i);
    let (month, len) = month_at_token(norms, month_at)?;
    let mut end = month_at + len;
    if month == 9 && norms.get(end).is_some_and(|w| RAMADAN_EPITHETS.contains(w)) {
        end += 1;
    }
    let year = year_at(norms, end);
    if len == 1 && month_at == i && year.is_none() {
        return None;
    }
    let link = match (year, day) {
        (Some((y, _)), Some(d)) => gregorian(y, month, d).map(|d| d.to_string()),
        (None, Some(d)) => published
            .and_then(|p| nearest(p, month, d))
            .map(|d| d.to_string()),
        _ => None,
    };
    Some(DateMatch::new(i, year.map_or(end, |(_, e)| e), link))
}

/// «1436 هـ», «1436هـ», «عام 1436 هـ»: a year marked as Hijri, with no value.
fn year_alone(norms: &[&str], i: usize) -> Option<DateMatch> {
    let lead = usize::from(matches!(norms.get(i).copied(), Some("عام" | "العام")));
    let (word, glued) = strip_marker(norms.get(i + lead)?);
    hijri_year(word)?;
    let end = i + lead + 1;
    if glued {
        Some(DateMatch::new(i, end, None))
    } else if is_marker(norms.get(end).copied()) {
        Some(DateMatch::new(i, end + 1, None))
    } else {
        None
    }
}

/// The Hijri year at token `k` and the end of its phrase (marker included), if any.
fn year_at(norms: &[&str], k: usize) -> Option<(i32, usize)> {
    let (word, glued) = strip_marker(norms.get(k)?);
    let year = hijri_year(word)?;
    let marked = !glued && is_marker(norms.get(k + 1).copied());
    Some((year, k + 1 + usize::from(marked)))
}

/// The Hijri month named at token `k` and its words.
fn month_at_token(norms: &[&str], k: usize) -> Option<(u32, usize)> {
    MONTHS.iter().find_map(|(words, month)| {
        let here = norms.get(k..k + words.len())?;
        (here == *words).then_some((*month, words.len()))
    })
}

/// The word without a glued year marker («1436ه» → «1436»), and whether it had one.
fn strip_marker(word: &str) -> (&str, bool) {
    match word.strip_suffix('ه') {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            (digits, true)
        }
        _ => (word, false),
    }
}

fn is_marker(word: Option<&str>) -> bool {
    word.is_some_and(|w| YEAR_MARKERS.contains(&w))
}

fn number(word: &str) -> Option<u32> {
    (!word.is_empty() && word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// A Hijri year of [`HIJRI_YEARS`] written in four digits.
fn hijri_year(word: &str) -> Option<i32> {
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = word.parse().ok()?;
    HIJRI_YEARS.contains(&year).then_some(year)
}

/// The Gregorian day of a Hijri date in the Umm al-Qura calendar.
fn gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    let date = Date::try_new_ummalqura_date(year, month, day, IslamicUmmAlQura::new()).ok()?;
    let iso = date.to_iso();
    NaiveDate::from_ymd_opt(iso.year().number, iso.month().ordinal, iso.day_of_month().0)
}

/// The Gregorian day of Hijri `day` `month` nearest `published`: in the Hijri year of the
/// publication, or the one before or after when that is nearer («8 ذو القعدة» published on
/// 7 Shawwal 1436 is a month later, not eleven months before).
fn nearest(published: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let iso = Date::try_new_iso_date(
        published.year(),
        published.month() as u8,
        published.day() as u8,
    )
    .ok()?;
    let year = iso.to_calendar(IslamicUmmAlQura::new()).year().number;
    (year - 1..=year + 1)
        .filter_map(|y| gregorian(y, month, day))
        .find(|d| (*d - published).num_days().abs() <= NEAREST_YEAR_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        let analysis = khabar_text::analyze(text, Some("ar"));
        analysis
            .tokens
            .iter()
            .map(|t| khabar_text::normalize_key(&text[t.start..t.end]))
            .collect()
    }

    fn first_date(text: &str) -> Option<(usize, usize, Option<String>)> {
        let owned = norms(text);
        let norms: Vec<&str> = owned.iter().map(String::as_str).collect();
        let published = NaiveDate::from_ymd_opt(2015, 7, 23);
        (0..norms.len())
            .find_map(|i| match_at(&norms, i, published).map(|m| (m.start, m.end, m.link)))
    }

    #[test]
    fn a_hijri_day_resolves_to_its_gregorian_day() {
        let day = Some("2015-07-23".to_string());
        assert_eq!(
            first_date("صدر في 7 / 10 / 1436 هـ"),
            Some((2, 8, day.clone()))
        );
        assert_eq!(first_date("صدر في 1436/10/7هـ"), Some((2, 7, day.clone())));
        assert_eq!(
            first_date("صدر في 7 شوال 1436 هـ"),
            Some((2, 6, day.clone()))
        );
        assert_eq!(first_date("صدر في 7 شوال 1436هـ"), Some((2, 5, day)));
    }

    #[test]
    fn a_month_or_a_year_alone_is_a_date_without_a_value() {
        assert_eq!(
            first_date("صام الناس شهر رمضان المبارك"),
            Some((2, 5, None))
        );
        assert_eq!(first_date("في ذي الحجة من كل عام"), Some((1, 3, None)));
        assert_eq!(first_date("تأسست عام 1350 هـ"), Some((1, 4, None)));
        assert_eq!(first_date("في رمضان 1436"), Some((1, 3, None)));
    }

    #[test]
    fn a_month_that_is_also_a_name_needs_a_day_a_year_or_shahr() {
        assert_eq!(first_date("قال رمضان قاديروف إن"), None);
        assert_eq!(first_date("التقى رجب طيب أردوغان"), None);
        assert_eq!(first_date("كانت النتيجة صفر"), None);
        assert_eq!(first_date("العدد 1436 كبير"), None);
    }

    #[test]
    fn the_same_day_in_the_hijri_calendar_extends_a_date() {
        let owned = norms("الخميس 23 يوليو 2015 الموافق 7 شوال 1436 هـ وصل الوفد");
        let norms: Vec<&str> = owned.iter().map(String::as_str).collect();
        assert_eq!(
            same_day_end(&norms, 4, None),
            (9, Some("2015-07-23".to_string()))
        );
        assert_eq!(same_day_end(&norms, 9, None), (9, None));
    }

    #[test]
    fn a_hijri_day_without_its_year_is_the_one_nearest_the_publication() {
        // Published on Thursday 7 Shawwal 1436 (2015-07-23).
        let next_month = Some("2015-08-23".to_string());
        assert_eq!(first_date("يبدأ في 8 ذو القعدة"), Some((2, 5, next_month)));
        let last_month = Some("2015-06-28".to_string());
        assert_eq!(first_date("منذ 11 رمضان"), Some((1, 3, last_month)));
    }
}

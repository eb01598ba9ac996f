//! Arabic date patterns: weekdays with their leads (اليوم، يوم، أمس), relative days and
//! periods (الشهر الماضي), month names of every regional calendar with their year phrases
//! (من العام الماضي), stretches, seasons and clock times; Hijri dates in `hijri.rs`.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, Weekday};

use super::resolve::{
    days_from, month_from, month_link, month_year, weekday_link, year_from, year_link,
};
use super::{day_of, hijri, month_lead, year_of, DateMatch};
use crate::hash::FastMap;

/// The date expression starting at token `i` of the normalized tokens `norms`, if any.
pub(super) fn match_at(
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<DateMatch> {
    let w = norms.get(i).copied()?;
    // A part of a day or period before another expression: «فجر اليوم السبت», «مساء امس»,
    // «مطلع الشهر المقبل», «اواخر عام 2024». The span grows; the value is the inner one's.
    if AR_PART_LEADS.contains(&w) {
        if let Some(inner) = match_at(norms, i + 1, published) {
            return Some(DateMatch { start: i, ..inner });
        }
    }
    let found = same_day(norms, i)
        .or_else(|| weekday_phrase(norms, i, published))
        .or_else(|| relative_day(norms, i, published))
        .or_else(|| stretch_season_or_clock_time(norms, i))
        .or_else(|| relative_period(norms, i, published))
        .or_else(|| month_date(norms, i, published))
        .or_else(|| hijri::match_at(norms, i, published))
        .or_else(|| year(norms, i));
    found.map(|m| {
        let end = weekday_gloss_end(norms, m.end);
        let (end, hijri_link) = hijri::same_day_end(norms, end, published);
        // The Hijri day written after a weekday or a month names the day itself.
        DateMatch {
            end,
            link: hijri_link.or(m.link),
            ..m
        }
    })
}

/// The end of a weekday in parentheses after a date, which names the same day: «اليوم
/// (الخميس)», «امس (الاربعاء)»; `end` when there is none.
fn weekday_gloss_end(norms: &[&str], end: usize) -> usize {
    let get = |k: usize| norms.get(k).copied();
    let glossed = get(end) == Some("(")
        && get(end + 1).and_then(weekday_ar).is_some()
        && get(end + 2) == Some(")");
    if glossed {
        end + 3
    } else {
        end
    }
}

/// «اليوم نفسه», «ذات اليوم», «اليوم ذاته»: the day of an event told before, whose date
/// the sentence does not give (no value: it is not the publication day).
fn same_day(norms: &[&str], i: usize) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    match (get(i)?, get(i + 1)) {
        ("ذات" | "نفس", Some("اليوم")) | ("اليوم", Some("نفسه" | "ذاته")) => {
            Some(DateMatch::new(i, i + 2, None))
        }
        _ => None,
    }
}

/// `[اليوم|يوم|امس] weekday [المقبل|الماضي] [[الموافق] day month year]`.
fn weekday_phrase(norms: &[&str], i: usize, published: Option<NaiveDate>) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    let w = get(i)?;
    let lead = matches!(w, "اليوم" | "يوم" | "امس");
    let wd_at = if lead { i + 1 } else { i };
    let wd = get(wd_at).and_then(weekday_ar)?;
    let mut end = wd_at + 1;
    let relative = get(end).and_then(ar_relative);
    if relative.is_some() {
        end += 1;
    }
    let direction = match relative {
        Some(1) => 1,
        Some(-1) => -1,
        _ if w == "امس" => -1,
        _ => 0,
    };
    let mut link = published.map(|p| weekday_link(p, wd, direction));
    // «الثلاثاء 16 ايلول 2025» or «الثلاثاء الموافق 16 ...».
    let mut k = end;
    if get(k) == Some("الموافق") {
        k += 1;
    }
    if let Some(d) = get(k).and_then(day_of) {
        if let Some((e, l)) = month_phrase(norms, k + 1, Some(d), published) {
            end = e;
            link = l.or(link);
        }
    }
    Some(DateMatch::new(i, end, link))
}

/// «اليوم», «امس», the day before it («امس الاول», «اول امس», «اول من امس»), «الليلة الماضية»
/// (last night), «بالامس» (the span without «ب»), «غدا».
fn relative_day(norms: &[&str], i: usize, published: Option<NaiveDate>) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    let (span, days) = match (get(i)?, get(i + 1), get(i + 2)) {
        ("اليوم", _, _) => (1, 0),
        ("امس", Some("الاول"), _) | ("اول", Some("امس"), _) => (2, -2),
        ("اول", Some("من"), Some("امس")) => (3, -2),
        ("امس", _, _) => (1, -1),
        ("الليله", Some("الماضيه"), _) => (2, -1),
        ("بالامس", _, _) => {
            let yesterday = DateMatch::new(i, i + 1, days_from(published, -1));
            return Some(DateMatch {
                skip: 1,
                ..yesterday
            });
        }
        ("غدا", _, _) => (1, 1),
        _ => return None,
    };
    Some(DateMatch::new(i, i + span, days_from(published, days)))
}

/// Expressions without a day of their own: a stretch («الاسابيع الماضيه», «الاشهر الاخيره»,
/// «السنوات المقبله»), a season («فصل الشتاء») or a clock time («الساعه الثامنه مساء»,
/// «الساعه 8 صباحا»).
fn stretch_season_or_clock_time(norms: &[&str], i: usize) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    let w = get(i)?;
    let is_relative = |k: usize| {
        matches!(
            get(k),
            Some("الماضيه" | "الاخيره" | "المقبله" | "القادمه" | "الفائته" | "المنصرمه")
        )
    };
    if AR_PLURAL_PERIODS.contains(&w) {
        // «الايام الماضيه», and with a quantity between: «الايام القليله القادمه».
        if is_relative(i + 1) {
            return Some(DateMatch::new(i, i + 2, None));
        }
        if matches!(get(i + 1), Some("القليله" | "الثلاثه" | "العشره")) && is_relative(i + 2)
        {
            return Some(DateMatch::new(i, i + 3, None));
        }
    }
    let season = w == "فصل" && matches!(get(i + 1), Some("الشتاء" | "الصيف" | "الربيع" | "الخريف"));
    if season {
        return Some(DateMatch::new(i, i + 2, None));
    }
    // A season alone: «في الخريف» (not «الربيع», as often the Arab Spring as the season).
    if matches!(w, "الصيف" | "الشتاء" | "الخريف") {
        return Some(DateMatch::new(i, i + 1, None));
    }
    if w == "الساعه" && get(i + 1).is_some_and(is_ar_hour) {
        let mut end = i + 2;
        if matches!(get(end), Some("عشره" | "والنصف" | "والربع")) {
            end += 1;
        }
        if get(end).is_some_and(|n| AR_DAY_PARTS.contains(&n)) {
            end += 1;
        }
        return Some(DateMatch::new(i, end, None));
    }
    None
}

/// «الشهر / الاسبوع / العام الماضي» and the like, and the current one: «هذا العام», «هذا
/// الشهر», «هذا الصباح» (a span without a day).
fn relative_period(norms: &[&str], i: usize, published: Option<NaiveDate>) -> Option<DateMatch> {
    let w = norms.get(i).copied()?;
    if matches!(w, "هذا" | "هذه") {
        let link = match norms.get(i + 1).copied()? {
            "العام" | "السنه" => published.map(|p| year_from(p, 0)),
            "الشهر" => published.map(|p| month_from(p, 0)),
            // A part of "this" day is told from the speaker's day, often not the paper's.
            "الصباح" | "المساء" | "الاسبوع" => None,
            _ => return None,
        };
        return Some(DateMatch::new(i, i + 2, link));
    }
    let delta = norms.get(i + 1).copied().and_then(ar_relative)?;
    let link = match w {
        "الشهر" => published.map(|p| month_from(p, delta)),
        "العام" | "السنه" => published.map(|p| year_from(p, delta)),
        "الاسبوع" => None,
        _ => return None,
    };
    Some(DateMatch::new(i, i + 2, link))
}

/// `[شهر] [day] month [year phrase]`. A month name that is also a common word («اب», «مارس»)
/// counts only after «شهر» or a day, or before a year.
fn month_date(norms: &[&str], i: usize, published: Option<NaiveDate>) -> Option<DateMatch> {
    let w = norms.get(i).copied()?;
    let (month_start, day) = month_lead(w, i);
    let (_, len, ambiguous) = month_at(norms, month_start)?;
    let year_next = norms
        .get(month_start + len)
        .copied()
        .and_then(year_of)
        .is_some();
    if ambiguous && month_start == i && !year_next {
        return None;
    }
    let (end, link) = month_phrase(norms, month_start, day, published)?;
    Some(DateMatch::new(i, end, link))
}

/// «عام 2002», «العام 2002», a bare year.
fn year(norms: &[&str], i: usize) -> Option<DateMatch> {
    let w = norms.get(i).copied()?;
    if matches!(w, "عام" | "العام" | "سنه" | "السنه") {
        if let Some(y) = norms.get(i + 1).copied().and_then(year_of) {
            return Some(DateMatch::new(i, i + 2, Some(year_link(y))));
        }
    }
    year_of(w).map(|y| DateMatch::new(i, i + 1, Some(year_link(y))))
}

/// Month (and optional day), then an optional year phrase; returns (end, link).
fn month_phrase(
    norms: &[&str],
    at: usize,
    day: Option<u32>,
    published: Option<NaiveDate>,
) -> Option<(usize, Option<String>)> {
    let (month, len, _) = month_at(norms, at)?;
    let end = same_month_in_other_calendar(norms, at + len, month);
    let (year, end) = match year_phrase(norms, end, month, published) {
        Some((year, end)) => (Some(year), end),
        None => (month_year(month, published), end),
    };
    Some((end, month_link(year, month, day)))
}

/// The end of the same month named in a second calendar after the month name ending at
/// `end`, as Arabic press writes both: «تشرين الثاني/نوفمبر», «ايلول (سبتمبر)», «نيسان -
/// ابريل», «مايو ايار»; `end` when there is none.
fn same_month_in_other_calendar(norms: &[&str], end: usize, month: u32) -> usize {
    let get = |k: usize| norms.get(k).copied();
    let open = usize::from(get(end) == Some("("));
    let separator = usize::from(matches!(get(end), Some("/" | "(" | "-")));
    let Some((other, other_len, _)) = month_at(norms, end + separator) else {
        return end;
    };
    let close = usize::from(open == 1 && get(end + separator + other_len) == Some(")"));
    if other == month && (open == 0 || close == 1) {
        end + separator + other_len + close
    } else {
        end
    }
}

/// The year of month `month` from the words after its name, which end at `end`, and the
/// phrase's end: «2024», «من العام الماضي / الجاري / المقبل», «من عام 2024», «الماضي».
fn year_phrase(
    norms: &[&str],
    end: usize,
    month: u32,
    published: Option<NaiveDate>,
) -> Option<(i32, usize)> {
    let get = |k: usize| norms.get(k).copied();
    if let Some(y) = get(end).and_then(year_of) {
        return Some((y, end + 1));
    }
    let mut k = end;
    if get(k) == Some("من") {
        k += 1;
    }
    if matches!(get(k), Some("العام" | "عام" | "السنه" | "سنه")) {
        if let Some(y) = get(k + 1).and_then(year_of) {
            return Some((y, k + 2));
        }
        let delta = get(k + 1).and_then(ar_relative)?;
        return published.map(|p| (p.year() + delta, k + 2));
    }
    // A bare relative word right after the month: «يوليو الماضي» (last year's when the
    // month is not yet past, else this year's), «سبتمبر المقبل», «يوليو الحالي».
    let p = published?;
    let delta = get(k).filter(|_| k == end).and_then(ar_relative)?;
    let year = match delta {
        -1 if month >= p.month() => p.year() - 1,
        1 if month <= p.month() => p.year() + 1,
        _ => p.year(),
    };
    Some((year, k + 1))
}

/// The weekday a normalized word names.
fn weekday_ar(w: &str) -> Option<Weekday> {
    Some(match w {
        "الاحد" => Weekday::Sun,
        "الاثنين" => Weekday::Mon,
        "الثلاثاء" => Weekday::Tue,
        "الاربعاء" => Weekday::Wed,
        "الخميس" => Weekday::Thu,
        "الجمعه" => Weekday::Fri,
        "السبت" => Weekday::Sat,
        _ => return None,
    })
}

/// Direction of a relative word: «الماضي» -1, «الجاري» 0, «المقبل» +1.
fn ar_relative(w: &str) -> Option<i32> {
    match w {
        "الماضي" | "المنصرم" | "الفائت" => Some(-1),
        "الجاري" | "الحالي" => Some(0),
        "المقبل" | "القادم" => Some(1),
        _ => None,
    }
}

/// An hour after «الساعه»: a number («8», «8:30») or an ordinal hour word.
fn is_ar_hour(w: &str) -> bool {
    AR_HOUR_NAMES.contains(&w)
        || (w.starts_with(|c: char| c.is_ascii_digit())
            && w.len() <= 5
            && w.bytes().all(|b| b.is_ascii_digit() || b == b':'))
}

/// Words that may open a date expression: «يوم» and parts of a day or period (normalized).
const AR_PART_LEADS: &[&str] = &[
    "يوم",
    "فجر",
    "صباح",
    "مساء",
    "ليله",
    "ظهر",
    "ظهيره",
    "عصر",
    "مطلع",
    "اوائل",
    "اواسط",
    "منتصف",
    "اواخر",
    "بدايه",
    "نهايه",
    "صيف",
    "شتاء",
    "ربيع",
    "خريف",
];

/// Plural periods that, with «الماضيه / الاخيره / المقبله», name a stretch of time.
const AR_PLURAL_PERIODS: &[&str] = &[
    "الايام",
    "الاسابيع",
    "الاشهر",
    "الشهور",
    "السنوات",
    "الاعوام",
    "السنين",
    "العقود",
];

/// Ordinal hour words after «الساعه» (normalized).
const AR_HOUR_NAMES: &[&str] = &[
    "الواحده",
    "الثانيه",
    "الثالثه",
    "الرابعه",
    "الخامسه",
    "السادسه",
    "السابعه",
    "الثامنه",
    "التاسعه",
    "العاشره",
    "الحاديه",
];

/// Parts of the day after a clock time (normalized).
const AR_DAY_PARTS: &[&str] = &[
    "صباحا",
    "صباح",
    "مساء",
    "مساءا",
    "ظهرا",
    "عصرا",
    "ليلا",
    "فجرا",
];

/// An Arabic month name (normalized): (tokens, month, needs a number or «شهر» next to it).
type MonthName = (&'static str, u32, bool);

/// Arabic month names.
const AR_MONTHS: &[MonthName] = &[
    // Levantine / Iraqi.
    ("كانون الثاني", 1, false),
    ("شباط", 2, false),
    ("اذار", 3, false),
    ("نيسان", 4, false),
    ("ايار", 5, false),
    ("حزيران", 6, false),
    ("تموز", 7, false),
    ("اب", 8, true),
    ("ايلول", 9, false),
    ("تشرين الاول", 10, false),
    ("تشرين اول", 10, false),
    ("تشرين الثاني", 11, false),
    ("تشرين ثاني", 11, false),
    ("كانون الاول", 12, false),
    // Egyptian / Gulf.
    ("يناير", 1, false),
    ("فبراير", 2, false),
    ("مارس", 3, true),
    ("ابريل", 4, false),
    ("مايو", 5, false),
    ("يونيو", 6, false),
    ("يونيه", 6, false),
    ("يوليو", 7, false),
    ("يوليه", 7, false),
    ("اغسطس", 8, false),
    ("سبتمبر", 9, false),
    ("اكتوبر", 10, false),
    ("نوفمبر", 11, false),
    ("ديسمبر", 12, false),
    // Moroccan.
    ("ماي", 5, true),
    ("يوليوز", 7, false),
    ("غشت", 8, false),
    ("شتنبر", 9, false),
    ("نونبر", 11, false),
    ("دجنبر", 12, false),
    // Algerian / Tunisian.
    ("جانفي", 1, false),
    ("فيفري", 2, false),
    ("افريل", 4, false),
    ("جوان", 6, true),
    ("جويليه", 7, false),
    ("اوت", 8, true),
];

/// The Arabic month names by their first word, each list in [`AR_MONTHS`] order: one hash
/// probe per token instead of a pass over every name.
static AR_MONTHS_BY_FIRST: LazyLock<FastMap<&str, Vec<MonthName>>> = LazyLock::new(|| {
    let mut by_first: FastMap<&str, Vec<MonthName>> = FastMap::default();
    for &(name, month, ambiguous) in AR_MONTHS {
        let first = name.split(' ').next().unwrap_or(name);
        by_first
            .entry(first)
            .or_default()
            .push((name, month, ambiguous));
    }
    by_first
});

/// The month named at token `i`: (month, tokens, ambiguous), the longest name when several fit.
fn month_at(norms: &[&str], i: usize) -> Option<(u32, usize, bool)> {
    let mut best: Option<(u32, usize, bool)> = None;
    let names = AR_MONTHS_BY_FIRST.get(norms.get(i)?)?;
    for &(name, month, ambiguous) in names {
        let len = name.split(' ').count();
        if i + len <= norms.len()
            && name.split(' ').enumerate().all(|(k, p)| norms[i + k] == p)
            && best.is_none_or(|(_, l, _)| len > l)
        {
            best = Some((month, len, ambiguous));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_arabic_month_name_is_found() {
        for &(name, month, _) in AR_MONTHS {
            let mut words = vec!["في"];
            words.extend(name.split(' '));
            let (found, len, _) = month_at(&words, 1).expect(name);
            assert_eq!(len, name.split(' ').count(), "{name}");
            if len > 1
                || !AR_MONTHS
                    .iter()
                    .any(|m| m.0.starts_with(&format!("{name} ")))
            {
                assert_eq!(found, month, "{name}");
            }
        }
        assert_eq!(month_at(&["في"], 0), None);
        assert_eq!(month_at(&[""], 0), None);
    }
}

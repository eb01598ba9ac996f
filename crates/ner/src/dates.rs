//! Date expressions in Arabic and English, found over normalized tokens and resolved to ISO
//! dates against the publication date.
//!
//! Absolute dates resolve without a publication date; relative ones (weekdays, اليوم, أمس,
//! last week, الشهر الماضي) need it. Weekday names resolve to the most recent such day on or
//! before publication ("next Tuesday" to the first one after it). Month names without a year
//! resolve to the publication year unless that would put them more than two months after
//! publication, then to the year before.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

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

/// An hour after «الساعه»: a number («8», «8:30») or an ordinal hour word.
fn is_ar_hour(w: &str) -> bool {
    AR_HOUR_NAMES.contains(&w)
        || (w.starts_with(|c: char| c.is_ascii_digit())
            && w.len() <= 5
            && w.bytes().all(|b| b.is_ascii_digit() || b == b':'))
}

/// The end of a clock time starting at token `i`: an hour, then ":" and two-digit minutes
/// and/or a.m./p.m. (at least one of the two).
fn en_clock_end(norms: &[&str], i: usize) -> Option<usize> {
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

/// Direction of a relative word: «الماضي» -1, «الجاري» 0, «المقبل» +1.
fn ar_relative(w: &str) -> Option<i32> {
    match w {
        "الماضي" | "المنصرم" | "الفائت" => Some(-1),
        "الجاري" | "الحالي" => Some(0),
        "المقبل" | "القادم" => Some(1),
        _ => None,
    }
}

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

/// Arabic month names (normalized): (tokens, month, needs a number or «شهر» next to it).
const AR_MONTHS: &[(&str, u32, bool)] = &[
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
            match_ar(words, norms, i, published)
        } else {
            match_en(words, norms, i, published)
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

fn year_of(norm: &str) -> Option<i32> {
    if norm.len() == 4 && norm.bytes().all(|b| b.is_ascii_digit()) {
        let y: i32 = norm.parse().ok()?;
        if (1900..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

fn day_of(norm: &str) -> Option<u32> {
    let digits = norm.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Bit `k` is set when some Arabic month name starts with the letter U+0621 + `k`.
const AR_MONTH_INITIALS: u64 = {
    let mut mask = 0u64;
    let mut m = 0;
    while m < AR_MONTHS.len() {
        let b = AR_MONTHS[m].0.as_bytes();
        // Arabic letters are two UTF-8 bytes.
        let c = ((b[0] as u32 & 0x1f) << 6) | (b[1] as u32 & 0x3f);
        assert!(
            c >= 0x0621 && c < 0x0621 + 64,
            "month names start with an Arabic letter"
        );
        mask |= 1 << (c - 0x0621);
        m += 1;
    }
    mask
};

/// The first `N` bytes of `bytes`, when there are that many.
fn head<const N: usize>(bytes: &[u8]) -> Option<[u8; N]> {
    bytes.get(..N)?.try_into().ok()
}

fn ar_month_at(norms: &[&str], i: usize) -> Option<(u32, usize, bool)> {
    let mut best: Option<(u32, usize, bool)> = None;
    let first = norms.get(i)?;
    // A month name's first word equals `first`, so `first` starts with one of their letters.
    let initial = (first.chars().next()? as u32).wrapping_sub(0x0621);
    if initial >= 64 || AR_MONTH_INITIALS & (1 << initial) == 0 {
        return None;
    }
    for &(name, month, ambiguous) in AR_MONTHS {
        // Cheap reject on the first word before comparing the whole name: its first four
        // bytes (two Arabic letters) or two, as fixed-size compares, then the whole word.
        let (name_bytes, first_bytes) = (name.as_bytes(), first.as_bytes());
        let differs = if first_bytes.len() >= 4 {
            head::<4>(name_bytes) != head::<4>(first_bytes)
        } else if first_bytes.len() >= 2 {
            head::<2>(name_bytes) != head::<2>(first_bytes)
        } else {
            false
        };
        if differs {
            continue;
        }
        if !name.starts_with(*first) {
            continue;
        }
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

fn most_recent(published: NaiveDate, weekday: Weekday) -> NaiveDate {
    let back =
        (7 + published.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    published - Duration::days(i64::from(back))
}

fn next_after(published: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead =
        (7 + weekday.num_days_from_monday() - published.weekday().num_days_from_monday()) % 7;
    published + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
}

fn month_year(month: u32, published: Option<NaiveDate>) -> Option<i32> {
    let p = published?;
    Some(if month > p.month() + 2 {
        p.year() - 1
    } else {
        p.year()
    })
}

fn ymd(y: i32, m: u32, d: u32) -> Option<String> {
    NaiveDate::from_ymd_opt(y, m, d).map(|d| d.format("%Y-%m-%d").to_string())
}

fn day_link(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Month (and optional day), then an optional year phrase; returns (end, link).
fn ar_month_phrase(
    norms: &[&str],
    at: usize,
    day: Option<u32>,
    published: Option<NaiveDate>,
) -> Option<(usize, Option<String>)> {
    let (month, len, _) = ar_month_at(norms, at)?;
    let mut end = at + len;
    let mut year = None;
    let get = |k: usize| norms.get(k).copied();
    // The same month in a second calendar: «تشرين الثاني/نوفمبر», «ايلول (سبتمبر)».
    let open = usize::from(get(end) == Some("("));
    if matches!(get(end), Some("/" | "(")) {
        if let Some((other, other_len, _)) = ar_month_at(norms, end + 1) {
            let close = if open == 1 && get(end + 1 + other_len) == Some(")") {
                1
            } else {
                0
            };
            if other == month && (open == 0 || close == 1) {
                end += 1 + other_len + close;
            }
        }
    }
    if let Some(y) = get(end).and_then(year_of) {
        year = Some(y);
        end += 1;
    } else {
        // «من العام الماضي / الجاري / الحالي / المقبل», «من عام 2024», «الماضي».
        let mut k = end;
        if get(k) == Some("من") {
            k += 1;
        }
        if matches!(get(k), Some("العام" | "عام" | "السنه" | "سنه")) {
            if let Some(y) = get(k + 1).and_then(year_of) {
                year = Some(y);
                end = k + 2;
            } else if let (Some(rel), Some(p)) = (get(k + 1), published) {
                let y = match rel {
                    "الماضي" | "المنصرم" | "الفائت" => Some(p.year() - 1),
                    "الجاري" | "الحالي" => Some(p.year()),
                    "المقبل" | "القادم" => Some(p.year() + 1),
                    _ => None,
                };
                if let Some(y) = y {
                    year = Some(y);
                    end = k + 2;
                }
            }
        } else if let (Some("الماضي" | "المنصرم" | "الفائت"), Some(p)) = (get(k), published)
        {
            if k == end {
                year = Some(p.year() - 1);
                end = k + 1;
            }
        }
    }
    let year = year.or_else(|| month_year(month, published));
    let link = match (year, day) {
        (Some(y), Some(d)) => ymd(y, month, d),
        (Some(y), None) => Some(format!("{y:04}-{month:02}")),
        _ => None,
    };
    Some((end, link))
}

fn match_ar(
    _words: &[&str],
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    let w = get(i)?;
    // A part of a day or period before another expression: «فجر اليوم السبت», «مساء امس»,
    // «مطلع الشهر المقبل», «اواخر عام 2024». The span grows; the value is the inner one's.
    if AR_PART_LEADS.contains(&w) {
        if let Some(inner) = match_ar(_words, norms, i + 1, published) {
            return Some(DateMatch { start: i, ..inner });
        }
    }
    // [اليوم|يوم|امس] weekday [المقبل|الماضي] [day month year]
    let lead = matches!(w, "اليوم" | "يوم" | "امس");
    let wd_at = if lead { i + 1 } else { i };
    if let Some(wd) = get(wd_at).and_then(weekday_ar) {
        let mut end = wd_at + 1;
        let relative = get(end).and_then(ar_relative);
        if relative.is_some() {
            end += 1;
        }
        let mut link = published.map(|p| match relative {
            Some(1) => day_link(next_after(p, wd)),
            Some(-1) => day_link(most_recent(p - Duration::days(1), wd)),
            _ if w == "امس" => day_link(most_recent(p - Duration::days(1), wd)),
            _ => day_link(most_recent(p, wd)),
        });
        // «الثلاثاء 16 ايلول 2025» or «الثلاثاء الموافق 16 ...».
        let mut k = end;
        if get(k) == Some("الموافق") {
            k += 1;
        }
        if let Some(d) = get(k).and_then(day_of) {
            if let Some((e, l)) = ar_month_phrase(norms, k + 1, Some(d), published) {
                end = e;
                link = l.or(link);
            }
        }
        return Some(DateMatch {
            start: i,
            end,
            link,
        });
    }
    // Relative days.
    match w {
        "اليوم" => {
            return Some(DateMatch {
                start: i,
                end: i + 1,
                link: published.map(day_link),
            })
        }
        "امس" => {
            if get(i + 1) == Some("الاول") {
                return Some(DateMatch {
                    start: i,
                    end: i + 2,
                    link: published.map(|p| day_link(p - Duration::days(2))),
                });
            }
            return Some(DateMatch {
                start: i,
                end: i + 1,
                link: published.map(|p| day_link(p - Duration::days(1))),
            });
        }
        "غدا" => {
            return Some(DateMatch {
                start: i,
                end: i + 1,
                link: published.map(|p| day_link(p + Duration::days(1))),
            })
        }
        _ => {}
    }
    // «الاسابيع الماضيه», «الاشهر الاخيره», «السنوات المقبله»: a stretch, no single value.
    if AR_PLURAL_PERIODS.contains(&w)
        && matches!(
            get(i + 1),
            Some("الماضيه" | "الاخيره" | "المقبله" | "القادمه" | "الفائته" | "المنصرمه")
        )
    {
        return Some(DateMatch {
            start: i,
            end: i + 2,
            link: None,
        });
    }
    // «فصل الشتاء»; «الساعه الثامنه مساء», «الساعه 8 صباحا»: no day of their own.
    if w == "فصل" && matches!(get(i + 1), Some("الشتاء" | "الصيف" | "الربيع" | "الخريف"))
    {
        return Some(DateMatch {
            start: i,
            end: i + 2,
            link: None,
        });
    }
    if w == "الساعه" && get(i + 1).is_some_and(is_ar_hour) {
        let mut end = i + 2;
        if matches!(get(end), Some("عشره" | "والنصف" | "والربع")) {
            end += 1;
        }
        if get(end).is_some_and(|n| AR_DAY_PARTS.contains(&n)) {
            end += 1;
        }
        return Some(DateMatch {
            start: i,
            end,
            link: None,
        });
    }
    // «الشهر / الاسبوع / العام الماضي»
    if let Some(rel) = get(i + 1) {
        let delta = ar_relative(rel);
        if let Some(delta) = delta {
            let link = |p: NaiveDate| match w {
                "الشهر" => {
                    let m0 = p.year() * 12 + p.month0() as i32 + delta;
                    Some(Some(format!(
                        "{:04}-{:02}",
                        m0.div_euclid(12),
                        m0.rem_euclid(12) + 1
                    )))
                }
                "العام" | "السنه" => Some(Some(format!("{:04}", p.year() + delta))),
                "الاسبوع" => Some(None),
                _ => None,
            };
            if matches!(w, "الشهر" | "العام" | "السنه" | "الاسبوع") {
                return Some(DateMatch {
                    start: i,
                    end: i + 2,
                    link: published.and_then(link).flatten(),
                });
            }
        }
    }
    // [شهر] [day] month [year phrase]
    let (month_at, day) = if w == "شهر" {
        (i + 1, None)
    } else if let Some(d) = day_of(w) {
        (i + 1, Some(d))
    } else {
        (i, None)
    };
    if let Some((_, len, ambiguous)) = ar_month_at(norms, month_at) {
        let year_next = get(month_at + len).and_then(year_of).is_some();
        if !ambiguous || month_at > i || year_next {
            let (end, link) = ar_month_phrase(norms, month_at, day, published)?;
            return Some(DateMatch {
                start: i,
                end,
                link,
            });
        }
    }
    // «عام 2002», «العام 2002», a bare year.
    if matches!(w, "عام" | "العام" | "سنه" | "السنه") {
        if let Some(y) = get(i + 1).and_then(year_of) {
            return Some(DateMatch {
                start: i,
                end: i + 2,
                link: Some(format!("{y:04}")),
            });
        }
    }
    if let Some(y) = year_of(w) {
        return Some(DateMatch {
            start: i,
            end: i + 1,
            link: Some(format!("{y:04}")),
        });
    }
    None
}

fn en_month(words: &[&str], norms: &[&str], k: usize) -> Option<(u32, usize)> {
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

fn match_en(
    words: &[&str],
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<DateMatch> {
    let get = |k: usize| norms.get(k).copied();
    let w = get(i)?;
    // "early Sunday", "late last year", "mid-2028": the span grows, the value is the inner one's.
    if matches!(w, "early" | "late" | "mid") {
        let inner_at = if get(i + 1) == Some("-") {
            i + 2
        } else {
            i + 1
        };
        if let Some(inner) = match_en(words, norms, inner_at, published) {
            return Some(DateMatch { start: i, ..inner });
        }
    }
    // Clock times: "4:40 a.m.", "5 p.m.", "at 17:30" (tokens 4 : 40 a . m .). No day of their own.
    if let Some(end) = en_clock_end(norms, i) {
        return Some(DateMatch {
            start: i,
            end,
            link: None,
        });
    }
    match (w, get(i + 1)) {
        ("last", Some("night")) => {
            return Some(DateMatch {
                start: i,
                end: i + 2,
                link: published.map(|p| day_link(p - Duration::days(1))),
            })
        }
        ("this", Some("morning" | "afternoon" | "evening")) => {
            return Some(DateMatch {
                start: i,
                end: i + 2,
                link: published.map(day_link),
            })
        }
        _ => {}
    }
    match w {
        "today" | "tonight" => {
            return Some(DateMatch {
                start: i,
                end: i + 1,
                link: published.map(day_link),
            })
        }
        "yesterday" => {
            return Some(DateMatch {
                start: i,
                end: i + 1,
                link: published.map(|p| day_link(p - Duration::days(1))),
            })
        }
        "tomorrow" => {
            return Some(DateMatch {
                start: i,
                end: i + 1,
                link: published.map(|p| day_link(p + Duration::days(1))),
            })
        }
        _ => {}
    }
    // [last|this|next] week/month/year/weekday
    if matches!(w, "last" | "this" | "next" | "past") {
        let delta = match w {
            "last" | "past" => -1,
            "this" => 0,
            _ => 1,
        };
        match get(i + 1) {
            Some("week") | Some("weekend") => {
                return Some(DateMatch {
                    start: i,
                    end: i + 2,
                    link: None,
                })
            }
            Some("month") => {
                let link = published.map(|p| {
                    let m0 = p.year() * 12 + p.month0() as i32 + delta;
                    format!("{:04}-{:02}", m0.div_euclid(12), m0.rem_euclid(12) + 1)
                });
                return Some(DateMatch {
                    start: i,
                    end: i + 2,
                    link,
                });
            }
            Some("year") => {
                let link = published.map(|p| format!("{:04}", p.year() + delta));
                return Some(DateMatch {
                    start: i,
                    end: i + 2,
                    link,
                });
            }
            Some(d) => {
                if let Some(wd) = weekday_en(d) {
                    let link = published.map(|p| match delta {
                        1 => day_link(next_after(p, wd)),
                        -1 => day_link(most_recent(p - Duration::days(1), wd)),
                        _ => day_link(most_recent(p, wd)),
                    });
                    return Some(DateMatch {
                        start: i,
                        end: i + 2,
                        link,
                    });
                }
            }
            None => {}
        }
    }
    // Weekday [,] [Month Day [,] Year]
    if let Some(wd) =
        weekday_en(w).filter(|_| words[i].starts_with(|c: char| c.is_uppercase()) && w.len() > 3)
    {
        let mut end = i + 1;
        if matches!(
            get(end),
            Some("morning" | "afternoon" | "evening" | "night")
        ) {
            end += 1;
        }
        let mut link = published.map(|p| day_link(most_recent(p, wd)));
        let k = if get(end) == Some(",") { end + 1 } else { end };
        if let Some((e, l)) = en_month_phrase(words, norms, k, published) {
            end = e;
            link = l.or(link);
        }
        return Some(DateMatch {
            start: i,
            end,
            link,
        });
    }
    if let Some((e, link)) = en_month_phrase(words, norms, i, published) {
        return Some(DateMatch {
            start: i,
            end: e,
            link,
        });
    }
    if let Some(y) = year_of(w) {
        return Some(DateMatch {
            start: i,
            end: i + 1,
            link: Some(format!("{y:04}")),
        });
    }
    None
}

/// «Jan. 5», «January 5, 2025», «5 January 2025», «January 2025», «January».
fn en_month_phrase(
    words: &[&str],
    norms: &[&str],
    i: usize,
    published: Option<NaiveDate>,
) -> Option<(usize, Option<String>)> {
    let get = |k: usize| norms.get(k).copied();
    let (month, day, mut end) = if let Some((m, e)) = en_month(words, norms, i) {
        match get(e).and_then(day_of) {
            Some(d) => (m, Some(d), e + 1),
            None => (m, None, e),
        }
    } else {
        let d = get(i).and_then(day_of)?;
        let (m, e) = en_month(words, norms, i + 1)?;
        (m, Some(d), e)
    };
    let k = if get(end) == Some(",") { end + 1 } else { end };
    let year = match get(k).and_then(year_of) {
        Some(y) => {
            end = k + 1;
            Some(y)
        }
        None => {
            // A bare "May" or "March" needs a day, a year or a preposition of time to count.
            let preposition = i > 0
                && matches!(
                    norms[i - 1],
                    "in" | "since" | "until" | "till" | "by" | "during" | "from" | "through"
                );
            if day.is_none()
                && !preposition
                && matches!(
                    get(i),
                    Some("may" | "march" | "mar" | "jun" | "sat" | "sun")
                )
            {
                return None;
            }
            month_year(month, published)
        }
    };
    let link = match (year, day) {
        (Some(y), Some(d)) => ymd(y, month, d),
        (Some(y), None) => Some(format!("{y:04}-{month:02}")),
        _ => None,
    };
    Some((end, link))
}

#[cfg(test)]
mod tests {
    use super::*;
    use khabar_text::normalize_key;

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
    fn every_arabic_month_name_is_found() {
        for &(name, month, _) in AR_MONTHS {
            let mut words = vec!["في"];
            words.extend(name.split(' '));
            let (found, len, _) = ar_month_at(&words, 1).expect(name);
            assert_eq!(len, name.split(' ').count(), "{name}");
            if len > 1
                || !AR_MONTHS
                    .iter()
                    .any(|m| m.0.starts_with(&format!("{name} ")))
            {
                assert_eq!(found, month, "{name}");
            }
        }
        assert_eq!(ar_month_at(&["في"], 0), None);
        assert_eq!(ar_month_at(&[""], 0), None);
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
}

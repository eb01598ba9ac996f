//! Resolving date expressions to ISO values against the publication date: weekdays to the
//! nearest such day, relative days, months and years, and the value formats.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Months after the publication month that a month name without a year may lie: a later
/// month is last year's («in November» read in September means last November).
const MONTHS_AHEAD: u32 = 2;

/// The most recent `weekday` on or before `published`.
fn most_recent(published: NaiveDate, weekday: Weekday) -> NaiveDate {
    let back =
        (7 + published.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    published - Duration::days(i64::from(back))
}

/// The first `weekday` after `published`.
fn next_after(published: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead =
        (7 + weekday.num_days_from_monday() - published.weekday().num_days_from_monday()) % 7;
    published + Duration::days(i64::from(if ahead == 0 { 7 } else { ahead }))
}

/// The ISO day of a `weekday` seen from `published`: the next one after it (`direction` 1),
/// the last one before it (-1), or the most recent one on or before it (otherwise).
pub(super) fn weekday_link(published: NaiveDate, weekday: Weekday, direction: i32) -> String {
    day_link(match direction {
        1 => next_after(published, weekday),
        -1 => most_recent(published - Duration::days(1), weekday),
        _ => most_recent(published, weekday),
    })
}

/// The ISO day `days` days from the publication date, when known.
pub(super) fn days_from(published: Option<NaiveDate>, days: i64) -> Option<String> {
    published.map(|p| day_link(p + Duration::days(days)))
}

/// The ISO month `delta` months from the publication month.
pub(super) fn month_from(published: NaiveDate, delta: i32) -> String {
    let m0 = published.year() * 12 + published.month0() as i32 + delta;
    format!("{:04}-{:02}", m0.div_euclid(12), m0.rem_euclid(12) + 1)
}

/// The ISO year `delta` years from the publication year.
pub(super) fn year_from(published: NaiveDate, delta: i32) -> String {
    year_link(published.year() + delta)
}

/// The year of a month named without one: the publication year, unless that puts the month
/// more than [`MONTHS_AHEAD`] after publication, then the year before.
pub(super) fn month_year(month: u32, published: Option<NaiveDate>) -> Option<i32> {
    let p = published?;
    Some(if month > p.month() + MONTHS_AHEAD {
        p.year() - 1
    } else {
        p.year()
    })
}

/// The ISO value of a month, with its day when known (`None` for an impossible day or an
/// unknown year).
pub(super) fn month_link(year: Option<i32>, month: u32, day: Option<u32>) -> Option<String> {
    match (year, day) {
        (Some(y), Some(d)) => NaiveDate::from_ymd_opt(y, month, d).map(day_link),
        (Some(y), None) => Some(format!("{y:04}-{month:02}")),
        _ => None,
    }
}

/// The ISO value of a year.
pub(super) fn year_link(year: i32) -> String {
    format!("{year:04}")
}

/// The ISO value of a day.
fn day_link(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

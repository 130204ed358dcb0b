//! Local time as the hub speaks it: Europe/Stockholm wall-clock times without a zone (`2025-01-08T08:15:00`),
//! Swedish date texts (`ons 08 jan`, `27 januari 2025`) and the lenient date parsing clients rely on.
//!
//! The Swedish zone rule (CET, CEST from the last Sunday of March to the last Sunday of October, switching at
//! 01:00 UTC) is written out here instead of pulling in a time-zone database for one zone.

use chrono::{DateTime, Datelike as _, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc, Weekday};

/// The local wire format of date-times: no zone, no fraction.
pub(crate) const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

/// The UTC offset of Europe/Stockholm at `at`.
pub(crate) fn stockholm_offset(at: DateTime<Utc>) -> FixedOffset {
    let year = at.year();
    let dst_start = last_sunday(year, 3).and_hms_opt(1, 0, 0).map(|t| t.and_utc());
    let dst_end = last_sunday(year, 10).and_hms_opt(1, 0, 0).map(|t| t.and_utc());
    let summer = matches!((dst_start, dst_end), (Some(s), Some(e)) if at >= s && at < e);
    let hours = if summer { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).unwrap_or(FixedOffset::east_opt(3600).expect("one hour is a valid offset"))
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    let last = next_month.and_then(|d| d.pred_opt()).unwrap_or_default();
    let back = last.weekday().num_days_from_sunday();
    last - TimeDelta::days(i64::from(back))
}

/// Stockholm wall-clock time at `at`.
pub(crate) fn to_local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&stockholm_offset(at)).naive_local()
}

/// Today in Stockholm by the real clock, for seeding.
pub(crate) fn real_today() -> NaiveDate {
    to_local(Utc::now()).date()
}

/// `2025-01-08T08:15:00`.
pub(crate) fn local_iso(t: NaiveDateTime) -> String {
    t.format(LOCAL_FORMAT).to_string()
}

/// `2025-01-08T00:00:00`.
pub(crate) fn midnight_iso(d: NaiveDate) -> String {
    local_iso(d.and_time(NaiveTime::MIN))
}

const WEEKDAYS_SHORT: [&str; 7] = ["mån", "tis", "ons", "tors", "fre", "lör", "sön"];
const MONTHS_SHORT: [&str; 12] = [
    "jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_LONG: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

fn month_index(d: NaiveDate) -> usize {
    usize::try_from(d.month0()).unwrap_or(0)
}

/// The Swedish short weekday, `ons`.
pub(crate) fn weekday_short(d: NaiveDate) -> &'static str {
    WEEKDAYS_SHORT[usize::try_from(d.weekday().num_days_from_monday()).unwrap_or(0)]
}

/// `ons 08 jan`, the calendar's `formattedStartDate`.
pub(crate) fn short_date(d: NaiveDate) -> String {
    format!("{} {:02} {}", weekday_short(d), d.day(), MONTHS_SHORT[month_index(d)])
}

/// `27 januari 2025`, the news list's `publishedDateString`.
pub(crate) fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS_LONG[month_index(d)], d.year())
}

/// `tors 3 december`, how messages and meeting slots name a day.
pub(crate) fn day_text(d: NaiveDate) -> String {
    format!("{} {} {}", weekday_short(d), d.day(), MONTHS_LONG[month_index(d)])
}

/// The Monday of the ISO week containing `d`.
pub(crate) fn monday_of(d: NaiveDate) -> NaiveDate {
    d - TimeDelta::days(i64::from(d.weekday().num_days_from_monday()))
}

/// True on Saturdays and Sundays.
pub(crate) fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Reads a date the way the hub's model binder does: `2025-01-08`, `2025/01/08`, or a date-time with or
/// without fraction; a trailing `Z` or offset means an instant, whose Stockholm date counts.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y/%m/%d") {
        return Some(d);
    }
    parse_date_time(s).map(|t| t.date())
}

/// Reads a local date-time (`2025-01-08T08:15:00`, optional fraction, or `2025-01-08T08:15`); an instant
/// with `Z` or an offset is converted to Stockholm time.
pub(crate) fn parse_date_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(to_local(t.with_timezone(&Utc)));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, format) {
            return Some(t);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn stockholm_switches_at_one_utc_on_last_sundays() {
        assert_eq!(stockholm_offset(utc("2026-03-29T00:59:00Z")).local_minus_utc(), 3600);
        assert_eq!(stockholm_offset(utc("2026-03-29T01:00:00Z")).local_minus_utc(), 7200);
        assert_eq!(stockholm_offset(utc("2026-10-25T00:59:00Z")).local_minus_utc(), 7200);
        assert_eq!(stockholm_offset(utc("2026-10-25T01:00:00Z")).local_minus_utc(), 3600);
        let local = NaiveDateTime::parse_from_str("2026-07-01T12:00:00", LOCAL_FORMAT).unwrap();
        assert_eq!(to_local(utc("2026-07-01T10:00:00Z")), local);
    }

    #[test]
    fn swedish_texts() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 8).unwrap();
        assert_eq!(short_date(d), "ons 08 jan");
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(2025, 1, 27).unwrap()),
            "27 januari 2025"
        );
        assert_eq!(monday_of(d), NaiveDate::from_ymd_opt(2025, 1, 6).unwrap());
        assert_eq!(day_text(d), "ons 8 januari");
    }

    #[test]
    fn lenient_dates() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 24).unwrap();
        for s in [
            "2025-01-24",
            "2025/01/24",
            "2025-01-24T00:00:00",
            "2025-01-24T00:00:00.000Z",
            "2025-01-23T23:00:00.000Z",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("24/01/2025"), None);
        assert_eq!(parse_date(""), None);
    }
}

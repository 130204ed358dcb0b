//! Dates and times as people read them: "tisdag 8 december", "vecka 50", "08:30–10:30".
//!
//! Hub values are Europe/Stockholm wall-clock times without a zone, and the device running Skolhub is
//! normally in Sweden too, so "today" is the device's local date. Names of weekdays and months come from the
//! locale files, so English gets "Tuesday 8 December". The pure functions take a [`Lang`] and are tested on
//! the host; the `*_now` wrappers read the current language reactively.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use leptos::prelude::Get;

use crate::i18n::{Lang, translate, use_lang};

const WEEKDAYS: [&str; 7] = [
    "date.weekday.mon",
    "date.weekday.tue",
    "date.weekday.wed",
    "date.weekday.thu",
    "date.weekday.fri",
    "date.weekday.sat",
    "date.weekday.sun",
];

/// The translation keys of the months, January first.
pub const MONTHS: [&str; 12] = [
    "date.month.jan",
    "date.month.feb",
    "date.month.mar",
    "date.month.apr",
    "date.month.may",
    "date.month.jun",
    "date.month.jul",
    "date.month.aug",
    "date.month.sep",
    "date.month.oct",
    "date.month.nov",
    "date.month.dec",
];

/// The school's wall-clock time now (Europe/Stockholm), by the device's clock, whatever zone the device is in.
pub fn now() -> NaiveDateTime {
    let at = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    hub_model::time::stockholm_wall_clock(at)
}

/// The school's date today (Europe/Stockholm).
pub fn today() -> NaiveDate {
    now().date()
}

/// The Monday of the week containing `d`.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - chrono::TimeDelta::days(i64::from(d.weekday().num_days_from_monday()))
}

/// "tisdag".
pub fn weekday_name(lang: Lang, d: NaiveDate) -> &'static str {
    translate(lang, WEEKDAYS[d.weekday().num_days_from_monday() as usize])
}

fn month_name(lang: Lang, d: NaiveDate) -> &'static str {
    translate(lang, MONTHS[d.month0() as usize])
}

/// "8 december", with the year added when it is not `this_year`.
pub fn day_month(lang: Lang, d: NaiveDate, this_year: i32) -> String {
    if d.year() == this_year {
        format!("{} {}", d.day(), month_name(lang, d))
    } else {
        format!("{} {} {}", d.day(), month_name(lang, d), d.year())
    }
}

/// "tisdag 8 december" (and the year when it is not `this_year`).
pub fn long_day(lang: Lang, d: NaiveDate, this_year: i32) -> String {
    format!("{} {}", weekday_name(lang, d), day_month(lang, d, this_year))
}

/// "08:30".
pub fn hm(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A time of day as people type it: "7:45" or "07:45" (surrounding spaces ignored).
pub fn parse_hm(raw: &str) -> Option<NaiveTime> {
    let (h, m) = raw.trim().split_once(':')?;
    let digits = |s: &str, lens: std::ops::RangeInclusive<usize>| {
        (lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok())?
    };
    NaiveTime::from_hms_opt(digits(h, 1..=2)?, digits(m, 2..=2)?, 0)
}

/// "08:30–10:30", or just "08:30" when both ends are the same.
pub fn time_range(from: &str, to: &str) -> String {
    let (from, to) = (from.trim(), to.trim());
    if to.is_empty() || from == to {
        from.to_owned()
    } else {
        format!("{from}–{to}")
    }
}

/// The ISO week number.
pub fn week_number(d: NaiveDate) -> u32 {
    d.iso_week().week()
}

/// True for Saturday and Sunday.
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The text with its first letter upper case, for a date that starts a heading ("Tisdag 8 december").
pub fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "30 november–4 december", or "7–11 december" within one month.
pub fn day_span(lang: Lang, from: NaiveDate, to: NaiveDate, this_year: i32) -> String {
    if from.month() == to.month() && from.year() == to.year() {
        format!("{}–{}", from.day(), day_month(lang, to, this_year))
    } else {
        format!(
            "{}–{}",
            day_month(lang, from, this_year),
            day_month(lang, to, this_year)
        )
    }
}

/// [`day_span`] in the current language. Reactive: call inside a closure.
pub fn day_span_now(from: NaiveDate, to: NaiveDate) -> String {
    day_span(use_lang().get(), from, to, today().year())
}

/// [`long_day`], capitalized, in the current language. Reactive: call inside a closure.
pub fn long_day_cap_now(d: NaiveDate) -> String {
    capitalized(&long_day_now(d))
}

/// [`long_day`] in the current language, relative to today's year. Reactive: call inside a closure.
pub fn long_day_now(d: NaiveDate) -> String {
    long_day(use_lang().get(), d, today().year())
}

/// [`day_month`] in the current language, relative to today's year. Reactive: call inside a closure.
pub fn day_month_now(d: NaiveDate) -> String {
    day_month(use_lang().get(), d, today().year())
}

/// A score or a number of points as the language writes it: "7", "7,5", "7,25" in Swedish ("7.5" in English),
/// to two decimals. Integer arithmetic: Rust's float formatting would add its 15 KB to the bundle for this.
pub fn number(lang: Lang, v: f64) -> String {
    let hundredths = (v * 100.0).round() as i64;
    let sign = if hundredths < 0 { "-" } else { "" };
    let (whole, frac) = (hundredths.unsigned_abs() / 100, hundredths.unsigned_abs() % 100);
    let sep = if lang == Lang::En { '.' } else { ',' };
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}{sep}{}", f / 10),
        f => format!("{sign}{whole}{sep}{f:02}"),
    }
}

/// [`number`] in the current language. Reactive: call inside a closure.
pub fn number_now(v: f64) -> String {
    number(use_lang().get(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn swedish_days_read_like_swedish() {
        let d = date(2026, 12, 8);
        assert_eq!(long_day(Lang::Sv, d, 2026), "tisdag 8 december");
        assert_eq!(long_day(Lang::En, d, 2026), "Tuesday 8 December");
        assert_eq!(long_day(Lang::Sv, date(2027, 1, 4), 2026), "måndag 4 januari 2027");
        assert_eq!(day_month(Lang::Sv, date(2026, 5, 1), 2026), "1 maj");
    }

    #[test]
    fn every_weekday_and_month_is_translated() {
        for lang in [Lang::Sv, Lang::En] {
            for key in WEEKDAYS.iter().chain(&MONTHS) {
                assert_ne!(translate(lang, key), *key);
            }
        }
    }

    #[test]
    fn weeks_and_ranges() {
        assert_eq!(monday_of(date(2026, 12, 10)), date(2026, 12, 7));
        assert_eq!(monday_of(date(2026, 12, 7)), date(2026, 12, 7));
        assert_eq!(monday_of(date(2026, 12, 13)), date(2026, 12, 7));
        assert_eq!(week_number(date(2026, 12, 8)), 50);
        assert_eq!(time_range("08:30", "10:30"), "08:30–10:30");
        assert_eq!(time_range("16:00", "16:00"), "16:00");
        assert!(is_weekend(date(2026, 12, 12)) && !is_weekend(date(2026, 12, 11)));
        assert_eq!(
            day_span(Lang::Sv, date(2026, 12, 7), date(2026, 12, 11), 2026),
            "7–11 december"
        );
        assert_eq!(
            day_span(Lang::Sv, date(2026, 11, 30), date(2026, 12, 4), 2026),
            "30 november–4 december"
        );
        assert_eq!(capitalized("måndag 30 november"), "Måndag 30 november");
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        assert_eq!(parse_hm("07:45"), at(7, 45));
        assert_eq!(parse_hm(" 7:45 "), at(7, 45));
        assert_eq!(parse_hm("16:00"), at(16, 0));
        for bad in ["", "0745", "7:5", "24:00", "12:60", "-1:30", "7:45:00", "a:bc"] {
            assert_eq!(parse_hm(bad), None, "{bad:?}");
        }
        assert_eq!(hm(date(2026, 12, 8).and_hms_opt(7, 5, 0).unwrap()), "07:05");
        assert_eq!(number(Lang::Sv, 7.0), "7");
        assert_eq!(number(Lang::Sv, 7.5), "7,5");
        assert_eq!(number(Lang::En, 7.5), "7.5");
        assert_eq!(number(Lang::Sv, 0.25), "0,25");
        assert_eq!(number(Lang::Sv, -0.5), "-0,5");
        assert_eq!(number(Lang::Sv, 12.999), "13");
        assert_eq!(capitalized(""), "");
    }
}

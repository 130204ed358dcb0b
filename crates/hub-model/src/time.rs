//! Hub dates and times: wall-clock values without a zone, which the hub writes in several spellings.
//!
//! The hub sends `YYYY-MM-DDTHH:MM:SS`, sometimes with milliseconds, some clients' echoes add a `Z`, and the
//! calendar uses `YYYY/MM/DD`. All of them mean local time in Europe/Stockholm; converting a wall-clock time to
//! an instant is left to `hub-client`, which carries the zone database, so this crate stays small for the UI's
//! wasm build. The other direction (what the clock on the school's wall shows now) is one written-out rule,
//! [`stockholm_wall_clock`], so that the UI's "this week" is the school's week on any device.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike as _, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Timelike as _, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A value the hub sent that is not one of the recorded date spellings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid hub date or time {0:?}")]
pub struct ParseError(pub String);

/// A wall-clock date and time as the hub writes it, meant in Europe/Stockholm.
///
/// Parses `YYYY-MM-DDTHH:MM:SS` with optional `.fff` and optional trailing `Z`, and the date-only forms
/// `YYYY-MM-DD` and `YYYY/MM/DD` (midnight). A trailing `Z` is ignored: the hub stores wall-clock times and
/// the clients that add `Z` mean the local date (`…T00:00:00.000Z` for "this day").
/// It serializes as `YYYY-MM-DDTHH:MM:SS`, without milliseconds, which is what the hub's own JS sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime(pub NaiveDateTime);

/// A calendar date as the hub writes it: `YYYY-MM-DD`, `YYYY/MM/DD`, or a date-time whose date is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDate(pub NaiveDate);

fn parse_date(s: &str) -> Option<NaiveDate> {
    // Exactly four-digit years: chrono alone would also take signs and longer years.
    let b = s.as_bytes();
    if b.len() != 10 || !(b[4] == b[7] && (b[4] == b'-' || b[4] == b'/')) {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r.clone()].iter().all(u8::is_ascii_digit).then(|| &s[r]);
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (hms, frac) = match s.split_once('.') {
        Some((hms, frac)) => (hms, Some(frac)),
        None => (s, None),
    };
    let b = hms.as_bytes();
    if b.len() != 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| hms[r].parse().ok())?
    };
    let nanos = match frac {
        None => 0,
        Some(f) if (1..=9).contains(&f.len()) && f.bytes().all(|c| c.is_ascii_digit()) => {
            let n: u32 = f.parse().ok()?;
            n * 10u32.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
    };
    NaiveTime::from_hms_nano_opt(num(0..2)?, num(3..5)?, num(6..8)?, nanos)
}

impl LocalDateTime {
    /// Parses any of the recorded spellings (see the type docs).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim();
        let parsed = match s.split_once('T') {
            Some((date, time)) => parse_date(date).zip(parse_time(time)).map(|(d, t)| d.and_time(t)),
            None => parse_date(s).map(|d| d.and_time(NaiveTime::MIN)),
        };
        parsed.map(Self).ok_or_else(|| ParseError(raw.to_owned()))
    }

    /// The date part.
    pub fn date(&self) -> NaiveDate {
        self.0.date()
    }

    /// `YYYY-MM-DDTHH:MM:SS`, the form the hub accepts in request bodies.
    pub fn to_hub_string(&self) -> String {
        self.to_string()
    }

    /// Parses the Swedish prose lärlogg uses (§4.14): `"den 24 augusti 2026 klockan 21:38"`.
    ///
    /// The leading `den` is optional, month names are matched case-insensitively, and the time may be missing
    /// (midnight) or written `21.38`.
    pub fn parse_swedish(raw: &str) -> Result<Self, ParseError> {
        let err = || ParseError(raw.to_owned());
        let lower = raw.trim().to_lowercase();
        let mut words = lower.split_whitespace().peekable();
        if words.peek() == Some(&"den") {
            words.next();
        }
        let day: u32 = words
            .next()
            .and_then(|d| d.trim_end_matches('.').parse().ok())
            .ok_or_else(err)?;
        let month = words.next().and_then(swedish_month).ok_or_else(err)?;
        let year: i32 = words
            .next()
            .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|y| y.parse().ok())
            .ok_or_else(err)?;
        let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(err)?;
        let time = match (words.next(), words.next()) {
            (None, _) => NaiveTime::MIN,
            (Some("klockan" | "kl" | "kl."), Some(t)) => {
                let (h, m) = t.split_once([':', '.']).ok_or_else(err)?;
                let num = |x: &str| (x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit())).then(|| x.parse().ok())?;
                NaiveTime::from_hms_opt(num(h).ok_or_else(err)?, num(m).ok_or_else(err)?, 0).ok_or_else(err)?
            }
            _ => return Err(err()),
        };
        if words.next().is_some() {
            return Err(err());
        }
        Ok(Self(date.and_time(time)))
    }
}

/// The month number of a Swedish month name.
fn swedish_month(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
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
    MONTHS
        .iter()
        .position(|m| *m == name)
        .and_then(|i| u32::try_from(i + 1).ok())
}

impl LocalDate {
    /// Parses `YYYY-MM-DD`, `YYYY/MM/DD` or a date-time (keeping its date).
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        LocalDateTime::parse(raw).map(|t| Self(t.date()))
    }

    /// `YYYY/MM/DD`, the calendar's request format.
    pub fn to_slash_string(&self) -> String {
        let mut s = String::with_capacity(10);
        let _ = write_date(&mut s, self.0, '/');
        s
    }
}

impl FromStr for LocalDateTime {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl FromStr for LocalDate {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// `YYYY<sep>MM<sep>DD`. Written out rather than with chrono's `format`: its strftime machinery is a large part
/// of the UI's bundle for the three patterns the hub uses.
fn write_date(f: &mut impl fmt::Write, d: NaiveDate, sep: char) -> fmt::Result {
    write!(f, "{:04}{sep}{:02}{sep}{:02}", d.year(), d.month(), d.day())
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0.date(), '-')?;
        let t = self.0.time();
        write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
    }
}

impl fmt::Display for LocalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0, '-')
    }
}

impl From<NaiveDateTime> for LocalDateTime {
    fn from(t: NaiveDateTime) -> Self {
        Self(t)
    }
}

impl From<NaiveDate> for LocalDate {
    fn from(d: NaiveDate) -> Self {
        Self(d)
    }
}

impl Serialize for LocalDateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for LocalDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for LocalDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// `deserialize_with` for optional dates: `null`, a missing field and `""` are all `None`.
///
/// The hub writes `""` where it has no value in several date fields; a malformed non-empty value is still
/// an error, so drift is noticed.
pub fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: fmt::Display,
{
    match Option::<std::borrow::Cow<'de, str>>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// The Europe/Stockholm wall-clock time at the instant `at`: CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on
/// the last Sunday of March to 01:00 UTC on the last Sunday of October (the EU rule, in force since 1996).
///
/// The school's day and week follow this clock, whatever zone the device is set to: a family abroad, or a
/// machine on UTC shortly after midnight in Sweden, still sees the school's "today".
pub fn stockholm_wall_clock(at: DateTime<Utc>) -> NaiveDateTime {
    let year = at.year();
    let switch = |month| last_sunday(year, month).and_time(NaiveTime::from_hms_opt(1, 0, 0).unwrap_or(NaiveTime::MIN));
    let utc = at.naive_utc();
    let summer = utc >= switch(3) && utc < switch(10);
    utc + TimeDelta::hours(if summer { 2 } else { 1 })
}

/// The last Sunday of `month` (March or October) in `year`.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last = NaiveDate::from_ymd_opt(year, month + 1, 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or_default();
    last - TimeDelta::days(i64::from(last.weekday().num_days_from_sunday()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> LocalDateTime {
        LocalDateTime(
            NaiveDate::from_ymd_opt(y, mo, d)
                .unwrap()
                .and_hms_opt(h, mi, s)
                .unwrap(),
        )
    }

    #[test]
    fn parses_every_recorded_spelling() {
        let want = dt(2025, 1, 24, 0, 0, 0);
        for s in [
            "2025-01-24T00:00:00",
            "2025-01-24T00:00:00.000Z",
            "2025-01-24T00:00:00Z",
            "2025-01-24T00:00:00.0",
            "2025-01-24",
            "2025/01/24",
            " 2025-01-24T00:00:00 ",
        ] {
            assert_eq!(LocalDateTime::parse(s), Ok(want), "{s}");
        }
        assert_eq!(
            LocalDateTime::parse("2026-09-11T09:05:07.123")
                .unwrap()
                .0
                .and_utc()
                .timestamp_subsec_millis(),
            123
        );
    }

    #[test]
    fn rejects_other_spellings() {
        for s in [
            "",
            "2025-1-24",
            "2025/01-24",
            "24/01/2025",
            "2025-02-30",
            "2025-01-24T25:00:00",
            "2025-01-24T00:00",
            "2025-01-24T00:00:00+01:00",
            "2025-01-24T00:00:00.",
            "+2025-01-24",
            "27 januari 2025",
        ] {
            assert!(LocalDateTime::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn serde_round_trip_and_empty_as_none() {
        let t = dt(2025, 1, 8, 13, 30, 0);
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"2025-01-08T13:30:00\"");
        #[derive(Deserialize)]
        struct W {
            #[serde(default, deserialize_with = "empty_as_none")]
            a: Option<LocalDateTime>,
        }
        assert_eq!(serde_json::from_str::<W>(r#"{"a":""}"#).unwrap().a, None);
        assert_eq!(serde_json::from_str::<W>(r#"{"a":null}"#).unwrap().a, None);
        assert_eq!(serde_json::from_str::<W>(r#"{}"#).unwrap().a, None);
        assert!(serde_json::from_str::<W>(r#"{"a":"igår"}"#).is_err());
        let d: LocalDate = serde_json::from_str("\"2025/01/08\"").unwrap();
        assert_eq!(d.to_slash_string(), "2025/01/08");
        assert_eq!(d.to_string(), "2025-01-08");
    }

    fn any_datetime() -> impl Strategy<Value = NaiveDateTime> {
        (
            1i32..=9999,
            1u32..=12,
            1u32..=31,
            0u32..24,
            0u32..60,
            0u32..60,
            0u32..1000,
        )
            .prop_filter_map("valid date", |(y, mo, d, h, mi, s, ms)| {
                NaiveDate::from_ymd_opt(y, mo, d)?.and_hms_milli_opt(h, mi, s, ms)
            })
    }

    proptest! {
        #[test]
        fn hub_string_round_trips(t in any_datetime()) {
            let whole = LocalDateTime(t.with_nanosecond(0).unwrap());
            prop_assert_eq!(LocalDateTime::parse(&whole.to_hub_string()), Ok(whole));
            prop_assert_eq!(LocalDateTime::parse(&whole.to_string()), Ok(whole));
        }

        #[test]
        fn milliseconds_and_zulu_are_accepted(t in any_datetime(), zulu in any::<bool>()) {
            let s = format!("{}{}", t.format("%Y-%m-%dT%H:%M:%S%.3f"), if zulu { "Z" } else { "" });
            prop_assert_eq!(LocalDateTime::parse(&s), Ok(LocalDateTime(t)));
        }

        #[test]
        fn slash_dates_round_trip(t in any_datetime()) {
            let d = LocalDate(t.date());
            prop_assert_eq!(LocalDate::parse(&d.to_slash_string()), Ok(d));
            prop_assert_eq!(LocalDate::parse(&d.to_string()), Ok(d));
            prop_assert_eq!(LocalDateTime::parse(&d.to_slash_string()).map(|x| x.date()), Ok(d.0));
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,40}") {
            let _ = LocalDateTime::parse(&s);
            let _ = LocalDate::parse(&s);
        }

        #[test]
        fn swedish_prose_round_trips(t in any_datetime(), den in any::<bool>()) {
            const MONTHS: [&str; 12] = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                "september", "oktober", "november", "december"];
            prop_assume!(t.year() >= 1000);
            let want = LocalDateTime(t.with_second(0).unwrap().with_nanosecond(0).unwrap());
            let s = format!("{}{} {} {} klockan {:02}:{:02}", if den { "den " } else { "" }, t.day(),
                MONTHS[t.month0() as usize], t.year(), t.hour(), t.minute());
            prop_assert_eq!(LocalDateTime::parse_swedish(&s), Ok(want));
        }

        #[test]
        fn swedish_prose_never_panics(s in "\\PC{0,40}", n in "den [0-9]{1,3} [a-z]{3,9} [0-9]{4} klockan [0-9.:]{0,6}") {
            let _ = LocalDateTime::parse_swedish(&s);
            let _ = LocalDateTime::parse_swedish(&n);
        }
    }

    #[test]
    fn swedish_prose_as_recorded() {
        let t = LocalDateTime::parse_swedish("den 24 augusti 2026 klockan 21:38").unwrap();
        assert_eq!(t.to_hub_string(), "2026-08-24T21:38:00");
        assert_eq!(
            LocalDateTime::parse_swedish("3 Mars 2025").unwrap().to_hub_string(),
            "2025-03-03T00:00:00"
        );
        assert!(LocalDateTime::parse_swedish("den 31 februari 2026 klockan 10:00").is_err());
        assert!(LocalDateTime::parse_swedish("den 1 augusti 2026 klockan 25:00").is_err());
        assert!(LocalDateTime::parse_swedish("igår klockan 10:00").is_err());
        assert!(LocalDateTime::parse_swedish("den 1 augusti 2026 klockan 10:00 extra").is_err());
    }

    #[test]
    fn stockholm_wall_clock_around_the_switches_and_midnight() {
        let at = |s: &str| stockholm_wall_clock(s.parse::<DateTime<Utc>>().unwrap()).to_string();
        // Sunday 23:37 UTC in winter is already Monday in Sweden: the school's week has turned.
        assert_eq!(at("2026-11-29T23:37:00Z"), "2026-11-30 00:37:00");
        assert_eq!(at("2026-07-01T22:30:00Z"), "2026-07-02 00:30:00");
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(at("2026-03-29T00:59:59Z"), "2026-03-29 01:59:59");
        assert_eq!(at("2026-03-29T01:00:00Z"), "2026-03-29 03:00:00");
        assert_eq!(at("2026-10-25T00:59:59Z"), "2026-10-25 02:59:59");
        assert_eq!(at("2026-10-25T01:00:00Z"), "2026-10-25 02:00:00");
        assert_eq!(at("2026-12-31T23:30:00Z"), "2027-01-01 00:30:00");
    }

    proptest! {
        #[test]
        fn stockholm_wall_clock_agrees_with_the_zone_database(secs in 820_454_400i64..4_102_444_800) {
            // 1996-01-01 to 2100-01-01: the EU rule's whole span so far and well beyond.
            use chrono::TimeZone as _;
            let at = DateTime::from_timestamp(secs, 0).unwrap();
            let want = chrono_tz::Europe::Stockholm.from_utc_datetime(&at.naive_utc()).naive_local();
            prop_assert_eq!(stockholm_wall_clock(at), want);
        }
    }
}

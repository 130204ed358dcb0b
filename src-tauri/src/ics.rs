//! The family calendar as an iCalendar file (RFC 5545): Kalender entries, fritids days with times and booked
//! utvecklingssamtal of every child, for "Exportera till kalender" and the calendar subscription.
//!
//! The hub gives local Stockholm times without a zone, so every timed event carries `TZID=Europe/Stockholm`
//! and the file ships the zone's VTIMEZONE. Each item's UID is built from the child and the item's own id or
//! date, never from a counter or the clock, so a calendar app that imports the file again (or refreshes the
//! subscription) updates the events instead of adding copies.
//!
//! The subscription is a file in the app's data folder (`calendar/skolhub.ics`); it is on exactly when that
//! file exists. [`refresh_subscription`] rewrites it from the background poll, at most every half hour, atomically,
//! and keeps the old file when the school cannot be reached.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use hub_model::calendar::CalendarEntry;
use hub_model::meeting::Availability;
use hub_model::time::LocalDateTime;
use hub_model::timeregistration::Day;
use hub_model::{Account, CmdError, ErrorKind};

use crate::state::AppState;

/// The zone every hub time is in.
const TZID: &str = "Europe/Stockholm";

/// Europe/Stockholm since 1996: CET, CEST from the last Sunday of March to the last Sunday of October.
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Stockholm",
    "X-LIC-LOCATION:Europe/Stockholm",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// How far back and ahead the calendar is exported (inside the 400 days one calendar read may span).
const PAST_DAYS: i64 = 30;
const AHEAD_DAYS: i64 = 330;
/// How many fritids weeks, from this one, are read for days with times.
const FRITIDS_WEEKS: i64 = 6;
/// The subscription file is rewritten at most this often: each rewrite reads every child's calendar, fritids
/// weeks and samtal, which is more than a five-minute poll should ask of the school.
const SUBSCRIPTION_EVERY: std::time::Duration = std::time::Duration::from_secs(30 * 60);
/// A booked samtal without an end time is shown this long.
const DEFAULT_MEETING_MINUTES: i64 = 30;

/// The file name of an export in the Downloads folder.
pub(crate) const EXPORT_FILE: &str = "skolhub-kalender.ics";

/// One child's part of the file.
#[derive(Debug, Default)]
pub(crate) struct ChildCalendar {
    pub id: String,
    pub first_name: String,
    pub entries: Vec<CalendarEntry>,
    pub fritids: Vec<Day>,
    pub meetings: Vec<Availability>,
}

/// When an event happens.
#[derive(Debug, Clone, PartialEq)]
enum When {
    /// Whole days, `end` exclusive as RFC 5545 wants.
    Days { start: NaiveDate, end: NaiveDate },
    /// Local Stockholm wall-clock times.
    Times { start: NaiveDateTime, end: NaiveDateTime },
}

#[derive(Debug, Clone, PartialEq)]
struct Event {
    uid: String,
    when: When,
    summary: String,
    description: Option<String>,
    location: Option<String>,
}

/// The whole file for `children`; `now` is the DTSTAMP.
pub(crate) fn render(children: &[ChildCalendar], now: DateTime<Utc>) -> String {
    let several = children.len() > 1;
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines: Vec<String> = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Skolhub//Skolhub kalender//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Skolhub",
        "X-WR-TIMEZONE:Europe/Stockholm",
    ]
    .iter()
    .chain(VTIMEZONE)
    .map(|s| (*s).to_owned())
    .collect();
    for child in children {
        for mut event in events(child) {
            if several && !child.first_name.is_empty() {
                event.summary = format!("{}: {}", child.first_name, event.summary);
            }
            push_event(&mut lines, &event, &stamp);
        }
    }
    lines.push("END:VCALENDAR".to_owned());
    let mut out = String::new();
    for line in lines {
        out.push_str(&fold(&line));
        out.push_str("\r\n");
    }
    out
}

fn events(child: &ChildCalendar) -> Vec<Event> {
    let mut out = Vec::new();
    out.extend(child.entries.iter().filter_map(|e| entry_event(&child.id, e)));
    out.extend(child.fritids.iter().filter_map(|d| fritids_event(&child.id, d)));
    out.extend(child.meetings.iter().filter_map(|m| meeting_event(&child.id, m)));
    out
}

fn entry_event(child: &str, e: &CalendarEntry) -> Option<Event> {
    let start_day = e.start_date.map(|d| d.0).or(e.start_date_full.map(|t| t.0.date()))?;
    let end_day = e
        .end_date
        .map(|d| d.0)
        .or(e.end_date_full.map(|t| t.0.date()))
        .filter(|d| *d >= start_day)
        .unwrap_or(start_day);
    let start_time = e
        .start_time
        .as_deref()
        .and_then(parse_hm)
        .or_else(|| e.start_date_full.map(|t| t.0.time()).filter(|t| *t != NaiveTime::MIN));
    let when = match start_time {
        Some(st) if !e.is_all_day_event => {
            let start = start_day.and_time(st);
            let end_time = e
                .end_time
                .as_deref()
                .and_then(parse_hm)
                .or_else(|| e.end_date_full.map(|t| t.0.time()).filter(|t| *t != NaiveTime::MIN));
            let end = end_time
                .map(|t| end_day.and_time(t))
                .filter(|end| *end > start)
                .unwrap_or(start + Duration::hours(1));
            When::Times { start, end }
        }
        _ => When::Days {
            start: start_day,
            end: end_day.succ_opt()?,
        },
    };
    let text = e.text.as_deref().or(e.description.as_deref()).map(html_to_text);
    Some(Event {
        uid: format!("kalender-{child}-{}@skolhub", e.id),
        when,
        summary: e.title.trim().to_owned(),
        description: text.filter(|t| !t.is_empty()),
        location: None,
    })
}

fn fritids_event(child: &str, d: &Day) -> Option<Event> {
    let (start, end) = (d.start_date_time?.0, d.end_date_time?.0);
    if d.on_leave || d.is_school_closed || end <= start {
        return None;
    }
    Some(Event {
        uid: format!("fritids-{child}-{}@skolhub", d.date.0.date().format("%Y%m%d")),
        when: When::Times { start, end },
        summary: "Fritids".to_owned(),
        description: None,
        location: None,
    })
}

fn meeting_event(child: &str, m: &Availability) -> Option<Event> {
    let meeting_id = m.meeting_id?;
    let day = LocalDateTime::parse(m.date.as_deref()?).ok()?.0.date();
    let (from, to) = match m.time_range.as_deref().and_then(|r| r.split_once('-')) {
        Some((a, b)) => (parse_hm(a.trim()), parse_hm(b.trim())),
        None => (None, None),
    };
    let start = day.and_time(from.or_else(|| m.time_from.as_deref().and_then(parse_hm))?);
    let end = to
        .map(|t| day.and_time(t))
        .filter(|end| *end > start)
        .unwrap_or(start + Duration::minutes(DEFAULT_MEETING_MINUTES));
    let mut description = Vec::new();
    if let Some(teacher) = m.registered_by.as_deref().filter(|t| !t.trim().is_empty()) {
        description.push(format!("Med {}", teacher.trim()));
    }
    if let Some(link) = m.meeting_link.as_deref().filter(|l| !l.trim().is_empty()) {
        description.push(format!("Länk: {}", link.trim()));
    }
    Some(Event {
        uid: format!("samtal-{child}-{meeting_id}@skolhub"),
        when: When::Times { start, end },
        summary: "Utvecklingssamtal".to_owned(),
        description: (!description.is_empty()).then(|| description.join("\n")),
        location: m.location.clone().filter(|l| !l.trim().is_empty()),
    })
}

fn push_event(lines: &mut Vec<String>, e: &Event, stamp: &str) {
    lines.push("BEGIN:VEVENT".to_owned());
    lines.push(format!("UID:{}", e.uid));
    lines.push(format!("DTSTAMP:{stamp}"));
    match e.when {
        When::Days { start, end } => {
            lines.push(format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")));
            lines.push(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
        }
        When::Times { start, end } => {
            lines.push(format!("DTSTART;TZID={TZID}:{}", start.format("%Y%m%dT%H%M%S")));
            lines.push(format!("DTEND;TZID={TZID}:{}", end.format("%Y%m%dT%H%M%S")));
        }
    }
    lines.push(format!("SUMMARY:{}", escape(&e.summary)));
    if let Some(d) = &e.description {
        lines.push(format!("DESCRIPTION:{}", escape(d)));
    }
    if let Some(l) = &e.location {
        lines.push(format!("LOCATION:{}", escape(l)));
    }
    lines.push("END:VEVENT".to_owned());
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, newlines as `\n`.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line into lines of at most 75 octets (RFC 5545 §3.1), never inside a UTF-8 character;
/// continuation lines start with one space. Joined with CRLF, without the final one.
pub(crate) fn fold(line: &str) -> String {
    const LIMIT: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 60 * 3);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > LIMIT {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out
}

fn parse_hm(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s.trim(), "%H:%M:%S"))
        .ok()
}

/// School HTML as plain text: paragraphs and line breaks become newlines, tags go, common entities decode.
fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or_default();
        if matches!(name, "br" | "p" | "div" | "li") && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}

/// Reads every child's calendar, fritids weeks and samtal from the school and renders the file.
///
/// A module that the school has not enabled for a child is left out; any other failure (offline, session
/// gone) fails the whole export, so a half-empty file never replaces a good one.
pub(crate) async fn collect(state: &AppState) -> Result<String, CmdError> {
    let client = state.client().await?;
    let account: Account = state
        .current_account()
        .await?
        .ok_or_else(|| CmdError::new(ErrorKind::SessionExpired, "Du är inte inloggad. Logga in igen."))?;
    let today = hub_model::time::stockholm_wall_clock(Utc::now()).date();
    let mut children = Vec::new();
    for child in &account.children {
        let has = |code: &str| child.apps.iter().any(|a| a.as_str().eq_ignore_ascii_case(code));
        let mut part = ChildCalendar {
            id: child.id.clone(),
            first_name: child.name.first.clone(),
            ..Default::default()
        };
        if has(hub_client::apps::CALENDAR) {
            let from = today - Duration::days(PAST_DAYS);
            let to = today + Duration::days(AHEAD_DAYS);
            part.entries = optional(state, client.calendar(&child.id, from, to).await)?;
        }
        if has(hub_client::apps::TIME_REGISTRATION) {
            for week in 0..FRITIDS_WEEKS {
                let day = today + Duration::weeks(week);
                let read = optional(state, client.fritids_week(&child.id, day).await.map(Some))?;
                let Some(week) = read else { break };
                part.fritids
                    .extend(week.days.into_iter().filter(|d| d.date.0.date() >= today));
            }
        }
        if has(hub_client::apps::MEETING) {
            let slots = optional(state, client.meeting_availabilities(&child.id).await.map(Some))?;
            part.meetings = slots.map(|s| s.availabilities).unwrap_or_default();
        }
        children.push(part);
    }
    Ok(render(&children, Utc::now()))
}

/// A read whose module may be off for the child: that is an empty part, anything else an error.
fn optional<T: Default>(state: &AppState, result: hub_client::Result<T>) -> Result<T, CmdError> {
    match result {
        Err(hub_client::Error::ModuleDisabled { .. }) => Ok(T::default()),
        other => state.track(other),
    }
}

/// Writes `text` to `path` through a temporary file in the same folder, so readers never see half a file.
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".skolhub-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The subscription file under the app's data folder.
pub(crate) fn subscription_path(data_dir: &Path) -> PathBuf {
    data_dir.join("calendar").join("skolhub.ics")
}

/// After a background poll: rewrites the subscription file when the subscription is on, its last rewrite is
/// [`SUBSCRIPTION_EVERY`] old and someone is logged in. Failures are logged and leave the previous file.
pub(crate) async fn refresh_subscription(app: &tauri::AppHandle) {
    use tauri::Manager;
    let Ok(dir) = app.path().app_data_dir() else {
        return;
    };
    let path = subscription_path(&dir);
    let Ok(modified) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
        return;
    };
    if !refresh_due(modified, std::time::SystemTime::now()) {
        return;
    }
    let state = app.state::<AppState>();
    if state.client().await.is_err() {
        return;
    }
    match collect(&state).await {
        Ok(text) => {
            if let Err(e) = write_atomically(&path, &text) {
                tracing::warn!(error = %e, "could not rewrite the calendar subscription");
            }
        }
        Err(e) => tracing::info!(error = %e.message, "calendar subscription not refreshed"),
    }
}

/// Whether a subscription file last written at `modified` should be rewritten at `now`; a clock that went
/// backwards counts as due.
fn refresh_due(modified: std::time::SystemTime, now: std::time::SystemTime) -> bool {
    now.duration_since(modified).is_ok_and(|age| age >= SUBSCRIPTION_EVERY) || modified > now
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(json: serde_json::Value) -> CalendarEntry {
        serde_json::from_value(json).unwrap()
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-29T20:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    fn sample(two_children: bool) -> Vec<ChildCalendar> {
        let elsa = ChildCalendar {
            id: "11".into(),
            first_name: "Elsa".into(),
            entries: vec![
                entry(serde_json::json!({
                    "id": 501, "title": "Studiedag, skolan stängd", "isAllDayEvent": true,
                    "startDate": "2026-12-07", "endDate": "2026-12-08", "startTime": "", "endTime": "",
                    "text": "<p>Fritids har öppet &amp; tar emot anmälda barn.</p><p>Ta med matsäck; ingen lunch.</p>"
                })),
                entry(serde_json::json!({
                    "id": 502, "title": "Luciafirande", "isAllDayEvent": false,
                    "startDateFull": "2026-12-11T08:30:00", "endDateFull": "2026-12-11T09:15:00",
                    "startDate": "2026-12-11", "endDate": "2026-12-11", "startTime": "08:30", "endTime": "09:15"
                })),
            ],
            fritids: serde_json::from_value(serde_json::json!([
                {"timeRegistrationId": 1, "date": "2026-12-01T00:00:00",
                 "startDateTime": "2026-12-01T07:15:00", "endDateTime": "2026-12-01T16:30:00"},
                {"timeRegistrationId": 2, "date": "2026-12-02T00:00:00",
                 "startDateTime": "2026-12-02T07:15:00", "endDateTime": "2026-12-02T16:30:00", "onLeave": true},
                {"timeRegistrationId": 3, "date": "2026-12-03T00:00:00"}
            ]))
            .unwrap(),
            meetings: serde_json::from_value(serde_json::json!([
                {"availabilityId": 7, "date": "2026-12-09T00:00:00", "timeFrom": "14:00",
                 "timeRange": "14:00 - 14:20", "registeredBy": "Karin Lund", "location": "Klassrum 2B",
                 "meetingId": 91},
                {"availabilityId": 8, "date": "2026-12-09T00:00:00", "timeFrom": "14:20",
                 "timeRange": "14:20 - 14:40", "meetingId": null}
            ]))
            .unwrap(),
        };
        let mut out = vec![elsa];
        if two_children {
            out.push(ChildCalendar {
                id: "12".into(),
                first_name: "Nils".into(),
                entries: vec![entry(serde_json::json!({
                    "id": 501, "title": "Studiedag, skolan stängd", "isAllDayEvent": true,
                    "startDate": "2026-12-07", "endDate": "2026-12-07"
                }))],
                ..Default::default()
            });
        }
        out
    }

    #[test]
    fn every_line_ends_in_crlf_and_fits_75_octets() {
        let text = render(&sample(true), now());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
        }
        assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"));
        assert!(text.contains("DTSTAMP:20261129T200000Z\r\n"));
    }

    #[test]
    fn all_day_events_are_dates_with_an_exclusive_end() {
        let text = unfold(&render(&sample(false), now()));
        assert!(text.contains("UID:kalender-11-501@skolhub\r\nDTSTAMP:20261129T200000Z\r\nDTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261209\r\n"), "{text}");
        assert!(text.contains(
            "DTSTART;TZID=Europe/Stockholm:20261211T083000\r\nDTEND;TZID=Europe/Stockholm:20261211T091500\r\n"
        ));
    }

    #[test]
    fn text_is_escaped_and_html_becomes_lines() {
        let text = unfold(&render(&sample(false), now()));
        assert!(text.contains("SUMMARY:Studiedag\\, skolan stängd\r\n"), "{text}");
        assert!(
            text.contains(
                "DESCRIPTION:Fritids har öppet & tar emot anmälda barn.\\nTa med matsäck\\; ingen lunch.\r\n"
            )
        );
        assert_eq!(escape("a\\b;c,d\r\ne\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
    }

    #[test]
    fn folding_never_splits_a_swedish_letter() {
        let line = format!(
            "DESCRIPTION:{}",
            "Blåbärssoppa och äppelkaka för åk 2 på fredag. ".repeat(6)
        );
        let folded = fold(&line);
        let parts: Vec<&str> = folded.split("\r\n").collect();
        assert!(parts.len() > 3);
        for (i, part) in parts.iter().enumerate() {
            assert!(part.len() <= 75, "part {i} has {} octets", part.len());
            assert_eq!(i > 0, part.starts_with(' '));
        }
        // A fold lands right before a two-octet letter: 74 ASCII octets then "å".
        let tight = format!("{}åäö", "x".repeat(74));
        assert_eq!(fold(&tight), format!("{}\r\n åäö", "x".repeat(74)));
        assert_eq!(unfold(&folded), line);
        assert_eq!(fold("kort"), "kort");
    }

    #[test]
    fn fritids_days_with_times_and_booked_samtal_only() {
        let text = unfold(&render(&sample(false), now()));
        assert!(text.contains("UID:fritids-11-20261201@skolhub"));
        assert!(text.contains("DTSTART;TZID=Europe/Stockholm:20261201T071500\r\nDTEND;TZID=Europe/Stockholm:20261201T163000\r\nSUMMARY:Fritids\r\n"));
        assert!(!text.contains("fritids-11-20261202"), "a day on leave was exported");
        assert!(
            !text.contains("fritids-11-20261203"),
            "a day without times was exported"
        );
        assert!(text.contains("UID:samtal-11-91@skolhub"));
        assert!(text.contains("DTSTART;TZID=Europe/Stockholm:20261209T140000\r\nDTEND;TZID=Europe/Stockholm:20261209T142000\r\nSUMMARY:Utvecklingssamtal\r\nDESCRIPTION:Med Karin Lund\r\nLOCATION:Klassrum 2B\r\n"), "{text}");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 4);
    }

    #[test]
    fn names_prefix_summaries_only_with_several_children() {
        let one = unfold(&render(&sample(false), now()));
        assert!(one.contains("SUMMARY:Fritids\r\n"));
        let two = unfold(&render(&sample(true), now()));
        assert!(two.contains("SUMMARY:Elsa: Fritids\r\n"));
        assert!(two.contains("SUMMARY:Nils: Studiedag\\, skolan stängd\r\n"));
        assert!(two.contains("UID:kalender-12-501@skolhub"));
    }

    #[test]
    fn uids_are_stable_between_exports() {
        let uids = |t: &str| -> Vec<String> {
            unfold(t)
                .lines()
                .filter(|l| l.starts_with("UID:"))
                .map(str::to_owned)
                .collect()
        };
        let first = render(&sample(true), now());
        let later = render(&sample(true), now() + Duration::hours(5));
        assert_ne!(first, later, "DTSTAMP should move");
        assert_eq!(uids(&first), uids(&later));
        let mut unique = uids(&first);
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), uids(&first).len(), "two events share a UID");
    }

    #[test]
    fn the_subscription_is_rewritten_every_half_hour() {
        let written = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_800_000_000);
        let min = std::time::Duration::from_secs(60);
        assert!(!refresh_due(written, written + 5 * min));
        assert!(!refresh_due(written, written + 29 * min));
        assert!(refresh_due(written, written + 30 * min));
        assert!(
            refresh_due(written, written - min),
            "a clock set back must not stop the refresh"
        );
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = std::env::temp_dir().join(format!("skolhub-ics-{}", std::process::id()));
        let path = subscription_path(&dir);
        write_atomically(&path, "one").unwrap();
        write_atomically(&path, "two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(path.parent().unwrap()).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Kalender (protocol §4.3): `getentries` as a bare array of CalendarEntry, the app bootstrap, attachments, the
//! iCal subscription URI and the iCalendar feed behind it.
//!
//! The real feed lives on `im2-api.infomentor.se` under `/V1/CalendarV2/IcalSubscription/Subscription/<guid>`;
//! the emulator serves the same path on the hub port, so the URI is `webcal://` plus the hub's host. The feed
//! needs no session (the GUID is the credential, as with any calendar subscription).

use std::fmt::Write as _;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::{Value, json};

use crate::db::{self, calendar};
use crate::demo;
use crate::error::EmuError;
use crate::routes::communication::{download_url, file_type};
use crate::routes::gate::{AppSession, Calendar, Params, local_now};
use crate::state::EmuState;
use crate::time;

/// The path of the iCal feed, as on `im2-api.infomentor.se`.
pub(crate) const ICAL_PATH: &str = "/V1/CalendarV2/IcalSubscription/Subscription/";

pub(crate) fn router() -> Router<EmuState> {
    Router::new()
        .route("/calendarv2/calendarv2/getentries", post(get_entries).get(get_entries))
        .route("/calendarv2/calendarv2/appdata", post(app_data).get(app_data))
        .route("/calendarv2/calendarv2/getattachments", post(get_attachments))
        .route("/calendarv2/calendarv2/geticalsubscriptionuri", post(ical_uri))
        .route("/v1/calendarv2/icalsubscription/subscription/{guid}", get(ical_feed))
}

fn entry_json(e: &calendar::Entry) -> Value {
    let start = time::parse_date_time(&e.start_at).unwrap_or_default();
    let end = time::parse_date_time(&e.end_at).unwrap_or(start);
    let clock = |t: NaiveDateTime| {
        if e.all_day {
            String::new()
        } else {
            t.format("%H:%M").to_string()
        }
    };
    let subjects: Value = serde_json::from_str(&e.subjects).unwrap_or_else(|_| json!([]));
    json!({
        "id": e.id,
        "o365EventId": null,
        "googleEventId": null,
        "title": e.title,
        "text": e.text,
        "description": e.text,
        "calendarEntryTypeId": e.type_id,
        "isAllDayEvent": e.all_day,
        "startDateFull": time::local_iso(start),
        "endDateFull": time::local_iso(end),
        "startDate": start.date().to_string(),
        "endDate": end.date().to_string(),
        "formattedStartDate": time::short_date(start.date()),
        "formattedEndDate": time::short_date(end.date()),
        "startTime": clock(start),
        "endTime": clock(end),
        "hasAttachments": e.attachment_count > 0,
        "subjects": subjects,
        "courses": [],
        "url": e.url,
    })
}

/// `getentries` `{startDate, endDate}` (`YYYY/MM/DD` or `YYYY-MM-DD`, body or query); without both dates the
/// action fails with HTTP 500, as KP found.
async fn get_entries(
    State(st): State<EmuState>,
    app: AppSession<Calendar>,
    params: Params,
) -> Result<Json<Vec<Value>>, EmuError> {
    let date = |key: &str| params.str(key).as_deref().and_then(time::parse_date);
    let (Some(from), Some(to)) = (date("startDate"), date("endDate")) else {
        return Err(EmuError::Internal("getentries needs startDate and endDate".into()));
    };
    let entries = {
        let conn = st.db();
        calendar::entries_for(&conn, &app.pupil, from, to)?
    };
    Ok(Json(entries.iter().map(entry_json).collect()))
}

async fn app_data(State(st): State<EmuState>, _app: AppSession<Calendar>) -> Json<Value> {
    let types: Vec<Value> = demo::CALENDAR_TYPES
        .iter()
        .map(|(id, name, colour, class)| {
            json!({ "id": id, "name": name, "colour": colour, "className": class, "isCustomType": false })
        })
        .collect();
    Json(json!({
        "todayDate": time::midnight_iso(local_now(&st).date()),
        "calendarEntryTypes": types,
        "hasCustomSchoolLogo": false,
        "translations": {
            "calendar": "Kalender",
            "wholeWeek": "Hela veckan",
            "today": "Idag",
            "allDay": "Heldag",
            "attachments": "Bilagor",
            "subscribe": "Prenumerera på kalendern",
        },
        "urls": {
            "getEntries": "/calendarv2/calendarv2/getentries",
            "getAttachments": "/calendarv2/calendarv2/getattachments",
            "exportCalendar": "/calendarv2/calendarv2/exportcalendar",
            "getEstablishmentLogo": "/calendarv2/calendarv2/getestablishmentlogo",
            "getIcalSubscriptionUri": "/calendarv2/calendarv2/geticalsubscriptionuri",
            "getO365EventDescription": "/calendarv2/calendarv2/geto365eventdescription",
        },
    }))
}

/// `getattachments` `{id}` → `[{title, url, fileType}]`; an entry the pupil does not see has none.
async fn get_attachments(
    State(st): State<EmuState>,
    app: AppSession<Calendar>,
    params: Params,
) -> Result<Json<Vec<Value>>, EmuError> {
    let id = params
        .i64("id")
        .ok_or_else(|| EmuError::Internal("getattachments needs id".into()))?;
    let attachments = {
        let conn = st.db();
        calendar::attachments_for(&conn, &app.pupil, id)?
    }
    .unwrap_or_default();
    Ok(Json(
        attachments
            .iter()
            .map(|(rid, title, file_name)| {
                json!({ "title": title, "url": download_url(*rid, "CalendarEntry", id), "fileType": file_type(file_name) })
            })
            .collect(),
    ))
}

/// `geticalsubscriptionuri` → a JSON-quoted `webcal://` URL, stable per account and pupil.
async fn ical_uri(State(st): State<EmuState>, app: AppSession<Calendar>) -> Result<Json<String>, EmuError> {
    let guid = {
        let conn = st.db();
        calendar::subscription_guid(&conn, &app.session.user.id, &app.pupil.pupil_id)?
    };
    let host = st
        .urls
        .hub
        .split_once("://")
        .map_or(st.urls.hub.as_str(), |(_, rest)| rest);
    Ok(Json(format!("webcal://{host}{ICAL_PATH}{guid}")))
}

/// The iCalendar feed of a subscription: the pupil's entries from a month back to half a year ahead.
async fn ical_feed(State(st): State<EmuState>, Path(guid): Path<String>) -> Result<Response, EmuError> {
    let guid = guid.trim_end_matches(".ics");
    let today = local_now(&st).date();
    let (pupil, entries) = {
        let conn = st.db();
        let pupil_id = calendar::subscription_pupil(&conn, guid)?.ok_or(EmuError::NotFound)?;
        let pupil = db::pupil_info(&conn, &pupil_id)?.ok_or(EmuError::NotFound)?;
        let entries = calendar::entries_for(&conn, &pupil, today - TimeDelta::days(31), today + TimeDelta::days(183))?;
        (pupil, entries)
    };
    let name = format!("InfoMentor – {} {}", pupil.first_name, pupil.last_name);
    let body = ics(&name, &entries, st.clock.now());
    let mut resp = body.into_response();
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    Ok(resp)
}

/// Escapes an iCalendar TEXT value (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Plain text from the entries' small HTML fragments.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

/// Appends one content line, folded at 75 octets without splitting a character (RFC 5545 §3.1).
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

fn ics(name: &str, entries: &[calendar::Entry], now: chrono::DateTime<chrono::Utc>) -> String {
    let mut out = String::with_capacity(1024 + entries.len() * 300);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Skolhub//hub-emulator//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    push_line(&mut out, &format!("X-WR-CALNAME:{}", ics_text(name)));
    for line in [
        "X-WR-TIMEZONE:Europe/Stockholm",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Stockholm",
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
    ] {
        push_line(&mut out, line);
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for e in entries {
        let start = time::parse_date_time(&e.start_at).unwrap_or_default();
        let end = time::parse_date_time(&e.end_at).unwrap_or(start);
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:calendarentry-{}@hub-emulator.skolhub", e.id));
        push_line(&mut out, &format!("DTSTAMP:{stamp}"));
        if e.all_day {
            let first: NaiveDate = start.date();
            // DTEND of an all-day event is exclusive.
            let after = end.date().max(first) + TimeDelta::days(1);
            push_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", first.format("%Y%m%d")));
            push_line(&mut out, &format!("DTEND;VALUE=DATE:{}", after.format("%Y%m%d")));
        } else {
            let end = if end > start {
                end
            } else {
                start + TimeDelta::minutes(15)
            };
            let mut line = String::new();
            let _ = write!(line, "DTSTART;TZID=Europe/Stockholm:{}", start.format("%Y%m%dT%H%M%S"));
            push_line(&mut out, &line);
            push_line(
                &mut out,
                &format!("DTEND;TZID=Europe/Stockholm:{}", end.format("%Y%m%dT%H%M%S")),
            );
        }
        push_line(&mut out, &format!("SUMMARY:{}", ics_text(&e.title)));
        push_line(&mut out, &format!("DESCRIPTION:{}", ics_text(&strip_html(&e.text))));
        if let Some((_, type_name, _, _)) = demo::CALENDAR_TYPES.iter().find(|(id, ..)| *id == e.type_id) {
            push_line(&mut out, &format!("CATEGORIES:{}", ics_text(type_name)));
        }
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole_and_lines_short() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "åäö".repeat(40));
        push_line(&mut out, &long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), long);
    }

    #[test]
    fn text_escaping_and_html() {
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(
            strip_html("<p>Hej &amp; välkommen</p><p>till oss</p>"),
            "Hej & välkommen till oss"
        );
    }
}

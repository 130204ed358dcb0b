//! Kalender (protocol §4.3): entries for the school, a class or a grade, their attachments and the per-account
//! iCal subscription ids.

use chrono::{Datelike as _, NaiveDate, NaiveTime, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::{AUDIENCE_SQL, PupilInfo, audience_columns, school_day, seed_time};
use crate::demo;
use crate::time;
use crate::token;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE calendar_entries (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES schools(id),
    class_name TEXT,
    grade      INTEGER,
    type_id    INTEGER NOT NULL,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    all_day    INTEGER NOT NULL,
    start_at   TEXT NOT NULL,
    end_at     TEXT NOT NULL,
    subjects   TEXT NOT NULL,
    url        TEXT,
    CHECK (end_at >= start_at)
);

CREATE TABLE calendar_attachments (
    entry_id    INTEGER NOT NULL REFERENCES calendar_entries(id),
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    title       TEXT NOT NULL,
    PRIMARY KEY (entry_id, resource_id)
);

CREATE TABLE ical_subscriptions (
    guid     TEXT PRIMARY KEY,
    user_id  TEXT NOT NULL REFERENCES users(id),
    pupil_id TEXT NOT NULL REFERENCES pupils(pupil_id),
    UNIQUE (user_id, pupil_id)
);
"#;

/// The Swedish name of the lov that falls on `d`.
fn lov_name(d: NaiveDate) -> &'static str {
    match d.month() {
        12 | 1 => "Jullov",
        2 | 3 => "Sportlov",
        4 => "Påsklov",
        5..=8 => "Sommarlov",
        _ => "Höstlov",
    }
}

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    for e in &demo::CALENDAR {
        let (class, grade) = audience_columns(e.audience);
        let start_day = school_day(today, e.day);
        let end_day = start_day + TimeDelta::days(e.extra_days);
        let (start, end, all_day) = match e.times {
            Some((from, to)) => (
                start_day.and_time(seed_time(from)),
                end_day.and_time(seed_time(to)),
                false,
            ),
            None => (
                start_day.and_time(NaiveTime::MIN),
                end_day.and_time(NaiveTime::MIN),
                true,
            ),
        };
        let title = if e.type_id == demo::TYPE_LOV && e.title.is_empty() {
            lov_name(start_day)
        } else {
            e.title
        };
        let subjects: Vec<serde_json::Value> = e
            .subjects
            .iter()
            .map(|(id, title)| serde_json::json!({ "id": id, "title": title }))
            .collect();
        tx.execute(
            "INSERT INTO calendar_entries (id, school_id, class_name, grade, type_id, title, text, all_day, start_at,
                                           end_at, subjects, url)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                e.id,
                demo::SCHOOL.id,
                class,
                grade,
                e.type_id,
                title,
                e.text,
                all_day,
                time::local_iso(start),
                time::local_iso(end),
                serde_json::Value::Array(subjects).to_string(),
                e.url
            ],
        )?;
        for (resource, title) in e.attachments {
            tx.execute(
                "INSERT INTO calendar_attachments (entry_id, resource_id, title) VALUES (?1, ?2, ?3)",
                params![e.id, resource, title],
            )?;
        }
    }
    Ok(())
}

/// A calendar entry as stored.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub id: i64,
    pub type_id: i64,
    pub title: String,
    pub text: String,
    pub all_day: bool,
    pub start_at: String,
    pub end_at: String,
    /// JSON array of `{id, title}`.
    pub subjects: String,
    pub url: Option<String>,
    pub attachment_count: i64,
}

/// The entries a pupil sees that overlap the days `from..=to`, in start order.
pub(crate) fn entries_for(
    conn: &Connection,
    pupil: &PupilInfo,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.id, e.type_id, e.title, e.text, e.all_day, e.start_at, e.end_at, e.subjects, e.url,
                (SELECT count(*) FROM calendar_attachments a WHERE a.entry_id = e.id)
         FROM (SELECT * FROM calendar_entries WHERE {AUDIENCE_SQL}) e
         WHERE e.start_at < ?5 AND e.end_at >= ?4
         ORDER BY e.start_at, e.id"
    ))?;
    let from = time::midnight_iso(from);
    let to_exclusive = time::midnight_iso(to + TimeDelta::days(1));
    stmt.query_map(
        params![pupil.school_id, pupil.class_name, pupil.grade, from, to_exclusive],
        |row| {
            Ok(Entry {
                id: row.get(0)?,
                type_id: row.get(1)?,
                title: row.get(2)?,
                text: row.get(3)?,
                all_day: row.get(4)?,
                start_at: row.get(5)?,
                end_at: row.get(6)?,
                subjects: row.get(7)?,
                url: row.get(8)?,
                attachment_count: row.get(9)?,
            })
        },
    )?
    .collect()
}

/// The attachments (resource id, title, file name) of an entry the pupil sees; `None` if it does not.
pub(crate) fn attachments_for(
    conn: &Connection,
    pupil: &PupilInfo,
    entry_id: i64,
) -> rusqlite::Result<Option<Vec<(i64, String, String)>>> {
    let visible = conn
        .query_row(
            &format!("SELECT id FROM calendar_entries WHERE {AUDIENCE_SQL} AND id = ?4"),
            params![pupil.school_id, pupil.class_name, pupil.grade, entry_id],
            |row| row.get::<_, i64>(0),
        )
        .optional()?;
    if visible.is_none() {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.resource_id, a.title, r.file_name FROM calendar_attachments a
         JOIN resources r ON r.id = a.resource_id WHERE a.entry_id = ?1 ORDER BY a.resource_id",
    )?;
    let rows = stmt
        .query_map(params![entry_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(rows))
}

/// The account's subscription id for this pupil's calendar, created on first request.
pub(crate) fn subscription_guid(conn: &Connection, user_id: &str, pupil_id: &str) -> rusqlite::Result<String> {
    let existing = conn
        .query_row(
            "SELECT guid FROM ical_subscriptions WHERE user_id = ?1 AND pupil_id = ?2",
            params![user_id, pupil_id],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(guid) = existing {
        return Ok(guid);
    }
    let guid = token::guid();
    conn.execute(
        "INSERT INTO ical_subscriptions (guid, user_id, pupil_id) VALUES (?1, ?2, ?3)",
        params![guid, user_id, pupil_id],
    )?;
    Ok(guid)
}

/// The pupil a subscription id stands for.
pub(crate) fn subscription_pupil(conn: &Connection, guid: &str) -> rusqlite::Result<Option<String>> {
    crate::db::cached_row(
        conn,
        "SELECT pupil_id FROM ical_subscriptions WHERE guid = ?1 COLLATE NOCASE",
        params![guid],
        |row| row.get(0),
    )
    .optional()
}

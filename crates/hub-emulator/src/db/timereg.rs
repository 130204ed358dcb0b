//! Fritidsschema (protocol §4.5): one row per pupil and weekday with the booked care times, check-in and
//! check-out, the days the school is closed, and day comments between guardians and fritids staff.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::seed_time;
use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE school_closed_days (
    school_id INTEGER NOT NULL REFERENCES schools(id),
    date      TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (school_id, date)
);

CREATE TABLE timereg_days (
    id           INTEGER PRIMARY KEY,
    pupil_id     TEXT NOT NULL REFERENCES pupils(pupil_id),
    date         TEXT NOT NULL,
    start_at     TEXT,
    end_at       TEXT,
    on_leave     INTEGER NOT NULL DEFAULT 0,
    checked_in   TEXT,
    checked_out  TEXT,
    check_in_by  TEXT,
    check_out_by TEXT,
    UNIQUE (pupil_id, date),
    CHECK ((start_at IS NULL) = (end_at IS NULL)),
    CHECK (end_at IS NULL OR end_at > start_at)
);

CREATE TABLE timereg_comments (
    id             INTEGER PRIMARY KEY,
    pupil_id       TEXT NOT NULL REFERENCES pupils(pupil_id),
    date           TEXT NOT NULL,
    author_user_id TEXT REFERENCES users(id),
    author_name    TEXT NOT NULL,
    is_teacher     INTEGER NOT NULL,
    text           TEXT NOT NULL,
    written_at     TEXT NOT NULL,
    unread         INTEGER NOT NULL DEFAULT 0
);
"#;

const FIRST_DAY_ID: i64 = 640_100;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    // Studiedagar close school and fritids.
    tx.execute(
        "INSERT INTO school_closed_days (school_id, date, reason)
         SELECT school_id, substr(start_at, 1, 10), title FROM calendar_entries
         WHERE type_id = ?1 AND class_name IS NULL AND grade IS NULL",
        params![demo::TYPE_STUDIEDAG],
    )?;
    let pupil = demo::FRITIDS_PUPIL;
    let monday = time::monday_of(today);
    let mut id = FIRST_DAY_ID;
    let mut past_school_days = Vec::new();
    for week in -1..=1i64 {
        for (weekday, (from, to)) in (0i64..).zip(demo::ELSA_WEEK) {
            let date = monday + TimeDelta::days(week * 7 + weekday);
            let closed: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM school_closed_days WHERE date = ?1)",
                params![date.to_string()],
                |row| row.get(0),
            )?;
            // Last week's Wednesday Elsa was ledig.
            let on_leave = week == -1 && weekday == 2;
            let times = (!closed && !on_leave).then(|| (date.and_time(seed_time(from)), date.and_time(seed_time(to))));
            let checks = times.filter(|_| date < today).map(|(start, end)| {
                let offset = (weekday * 3) % 7 + 2;
                (start + TimeDelta::minutes(offset), end - TimeDelta::minutes(offset + 4))
            });
            if checks.is_some() {
                past_school_days.push(date);
            }
            tx.execute(
                "INSERT INTO timereg_days (id, pupil_id, date, start_at, end_at, on_leave, checked_in, checked_out,
                                           check_in_by, check_out_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    id,
                    pupil,
                    date.to_string(),
                    times.map(|(s, _)| time::local_iso(s)),
                    times.map(|(_, e)| time::local_iso(e)),
                    on_leave,
                    checks.map(|(s, _)| s.format("%H:%M").to_string()),
                    checks.map(|(_, e)| e.format("%H:%M").to_string()),
                    checks.map(|_| demo::GUARDIAN_NAME),
                    checks.map(|_| demo::GUARDIAN_NAME),
                ],
            )?;
            id += 1;
        }
    }
    let mut recent = past_school_days.iter().rev();
    if let Some(day) = recent.next() {
        tx.execute(
            "INSERT INTO timereg_comments (pupil_id, date, author_name, is_teacher, text, written_at, unread)
             VALUES (?1, ?2, ?3, 1, ?4, ?5, 1)",
            params![
                pupil,
                day.to_string(),
                demo::FRITIDS_TEACHER,
                "Elsa har byggt kojor i skogsdungen hela eftermiddagen. Hon behöver nya vantar!",
                time::local_iso(day.and_time(seed_time("15:40")))
            ],
        )?;
    }
    if let Some(day) = recent.next() {
        tx.execute(
            "INSERT INTO timereg_comments (pupil_id, date, author_user_id, author_name, is_teacher, text,
                                           written_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)",
            params![
                pupil,
                day.to_string(),
                demo::USERS[0].id,
                demo::GUARDIAN_NAME,
                "Elsa blir hämtad av mormor Gunnel idag.",
                time::local_iso(day.and_time(seed_time("07:10")))
            ],
        )?;
    }
    Ok(())
}

/// One day of a pupil's schedule with what the Day shape needs.
#[derive(Debug, Clone)]
pub(crate) struct Day {
    pub id: i64,
    pub date: NaiveDate,
    pub start_at: Option<String>,
    pub end_at: Option<String>,
    pub on_leave: bool,
    pub closed_reason: Option<String>,
    pub comments: i64,
    pub unread_comments: i64,
}

/// The weekdays `monday..monday+4`, creating empty rows for days never seen so every day has an id.
pub(crate) fn week(conn: &Connection, pupil_id: &str, school_id: i64, monday: NaiveDate) -> rusqlite::Result<Vec<Day>> {
    let mut insert = conn.prepare_cached("INSERT OR IGNORE INTO timereg_days (pupil_id, date) VALUES (?1, ?2)")?;
    let mut select = conn.prepare_cached(
        "SELECT d.id, d.start_at, d.end_at, d.on_leave, c.reason,
                (SELECT count(*) FROM timereg_comments m WHERE m.pupil_id = d.pupil_id AND m.date = d.date),
                (SELECT count(*) FROM timereg_comments m WHERE m.pupil_id = d.pupil_id AND m.date = d.date
                                                          AND m.unread = 1)
         FROM timereg_days d LEFT JOIN school_closed_days c ON c.school_id = ?3 AND c.date = d.date
         WHERE d.pupil_id = ?1 AND d.date = ?2",
    )?;
    let mut days = Vec::with_capacity(5);
    for offset in 0..5 {
        let date = monday + TimeDelta::days(offset);
        let key = date.to_string();
        insert.execute(params![pupil_id, key])?;
        let day = select.query_row(params![pupil_id, key, school_id], |row| {
            Ok(Day {
                id: row.get(0)?,
                date,
                start_at: row.get(1)?,
                end_at: row.get(2)?,
                on_leave: row.get(3)?,
                closed_reason: row.get(4)?,
                comments: row.get(5)?,
                unread_comments: row.get(6)?,
            })
        })?;
        days.push(day);
    }
    Ok(days)
}

/// The reason the school is closed on `date`, if it is.
pub(crate) fn closed_reason(conn: &Connection, school_id: i64, date: NaiveDate) -> rusqlite::Result<Option<String>> {
    crate::db::cached_row(
        conn,
        "SELECT reason FROM school_closed_days WHERE school_id = ?1 AND date = ?2",
        params![school_id, date.to_string()],
        |row| row.get(0),
    )
    .optional()
}

/// A validated change to one day.
#[derive(Debug, Clone)]
pub(crate) struct DayChange {
    pub date: NaiveDate,
    /// `None` clears the times.
    pub times: Option<(String, String)>,
    pub on_leave: bool,
}

/// Applies all changes in one transaction.
pub(crate) fn save(conn: &mut Connection, pupil_id: &str, changes: &[DayChange]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for change in changes {
        let (start, end) = match &change.times {
            Some((s, e)) => (Some(s.as_str()), Some(e.as_str())),
            None => (None, None),
        };
        tx.execute(
            "INSERT INTO timereg_days (pupil_id, date, start_at, end_at, on_leave) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (pupil_id, date) DO UPDATE SET start_at = ?3, end_at = ?4, on_leave = ?5",
            params![pupil_id, change.date.to_string(), start, end, change.on_leave],
        )?;
    }
    tx.commit()
}

/// The day a `timeRegistrationId` names, if it is this pupil's.
pub(crate) fn day_by_id(conn: &Connection, pupil_id: &str, id: i64) -> rusqlite::Result<Option<NaiveDate>> {
    let date: Option<String> = conn
        .query_row(
            "SELECT date FROM timereg_days WHERE id = ?1 AND pupil_id = ?2",
            params![id, pupil_id],
            |row| row.get(0),
        )
        .optional()?;
    Ok(date.and_then(|d| time::parse_date(&d)))
}

/// Check-in and check-out of one day: times (`HH:MM`) and who did them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Checks {
    pub checked_in: Option<String>,
    pub checked_out: Option<String>,
    pub check_in_by: Option<String>,
    pub check_out_by: Option<String>,
}

/// What `GetComments` shows for one day.
#[derive(Debug, Clone, Default)]
pub(crate) struct DayComments {
    pub checks: Checks,
    /// (text, author, written at).
    pub teacher: Option<(String, String, String)>,
    /// (comment id, text, author, written at) of the account's own latest comment.
    pub own: Option<(i64, String, String, String)>,
}

/// The day's comments as the account sees them; marks staff comments read.
pub(crate) fn comments(
    conn: &Connection,
    pupil_id: &str,
    user_id: &str,
    date: NaiveDate,
) -> rusqlite::Result<DayComments> {
    let key = date.to_string();
    let checks = conn
        .query_row(
            "SELECT checked_in, checked_out, check_in_by, check_out_by FROM timereg_days
             WHERE pupil_id = ?1 AND date = ?2",
            params![pupil_id, key],
            |row| {
                Ok(Checks {
                    checked_in: row.get(0)?,
                    checked_out: row.get(1)?,
                    check_in_by: row.get(2)?,
                    check_out_by: row.get(3)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default();
    let teacher = conn
        .query_row(
            "SELECT text, author_name, written_at FROM timereg_comments
             WHERE pupil_id = ?1 AND date = ?2 AND is_teacher = 1 ORDER BY written_at DESC, id DESC LIMIT 1",
            params![pupil_id, key],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    let own = conn
        .query_row(
            "SELECT id, text, author_name, written_at FROM timereg_comments
             WHERE pupil_id = ?1 AND date = ?2 AND is_teacher = 0 AND author_user_id = ?3
             ORDER BY written_at DESC, id DESC LIMIT 1",
            params![pupil_id, key, user_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    conn.execute(
        "UPDATE timereg_comments SET unread = 0 WHERE pupil_id = ?1 AND date = ?2 AND is_teacher = 1",
        params![pupil_id, key],
    )?;
    Ok(DayComments { checks, teacher, own })
}

#[allow(clippy::too_many_arguments)]
/// Writes a new comment (`comment_id` 0) or replaces the text of the account's own comment; false when
/// `comment_id` is not the account's comment on that day.
pub(crate) fn save_comment(
    conn: &Connection,
    pupil_id: &str,
    date: NaiveDate,
    user_id: &str,
    author_name: &str,
    comment_id: i64,
    text: &str,
    now_local: &str,
) -> rusqlite::Result<bool> {
    if comment_id == 0 {
        conn.execute(
            "INSERT INTO timereg_comments (pupil_id, date, author_user_id, author_name, is_teacher, text, written_at)
             VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6)",
            params![pupil_id, date.to_string(), user_id, author_name, text, now_local],
        )?;
        return Ok(true);
    }
    let changed = conn.execute(
        "UPDATE timereg_comments SET text = ?5, written_at = ?6
         WHERE id = ?1 AND pupil_id = ?2 AND date = ?3 AND author_user_id = ?4 AND is_teacher = 0",
        params![comment_id, pupil_id, date.to_string(), user_id, text, now_local],
    )?;
    Ok(changed == 1)
}

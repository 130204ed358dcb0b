//! Lärlogg (protocol §4.14): entries about a child or its group, with media.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, Transaction, params};

use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE learnlog_entries (
    id          INTEGER PRIMARY KEY,
    pupil_id    TEXT NOT NULL REFERENCES pupils(pupil_id),
    group_name  TEXT NOT NULL,
    modified_at TEXT NOT NULL,
    title       TEXT NOT NULL,
    text        TEXT NOT NULL,
    subjects    TEXT NOT NULL,
    image_id    INTEGER
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    for (id, pupil, group, days_ago, hhmm, title, text, subjects, image) in demo::LEARNLOG {
        let at = (today - TimeDelta::days(days_ago)).and_time(super::seed_time(hhmm));
        tx.execute(
            "INSERT INTO learnlog_entries (id, pupil_id, group_name, modified_at, title, text, subjects, image_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![id, pupil, group, time::local_iso(at), title, text, subjects, image],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub id: i64,
    pub group_name: String,
    pub modified_at: String,
    pub title: String,
    pub text: String,
    pub subjects: String,
    pub image_id: Option<i64>,
}

/// The pupil's entries, newest first; `individual` filters to entries about the child (`Some(true)`) or its
/// groups (`Some(false)`).
pub(crate) fn entries(conn: &Connection, pupil_id: &str, individual: Option<bool>) -> rusqlite::Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, group_name, modified_at, title, text, subjects, image_id FROM learnlog_entries
         WHERE pupil_id = ?1 AND (?2 IS NULL OR (group_name = '') = ?2) ORDER BY modified_at DESC, id",
    )?;
    stmt.query_map(params![pupil_id, individual], |r| {
        Ok(Entry {
            id: r.get(0)?,
            group_name: r.get(1)?,
            modified_at: r.get(2)?,
            title: r.get(3)?,
            text: r.get(4)?,
            subjects: r.get(5)?,
            image_id: r.get(6)?,
        })
    })?
    .collect()
}

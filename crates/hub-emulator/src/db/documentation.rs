//! Dokumentation (protocol §4.9): journal, portfolio with comments, IUP, åtgärdsprogram versions and the
//! utvecklingssamtal form with its history.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE journal_entries (
    id       INTEGER PRIMARY KEY,
    pupil_id TEXT NOT NULL REFERENCES pupils(pupil_id),
    date     TEXT NOT NULL,
    author   TEXT NOT NULL,
    title    TEXT NOT NULL,
    text     TEXT NOT NULL
);

CREATE TABLE portfolio_items (
    id            INTEGER PRIMARY KEY,
    pupil_id      TEXT NOT NULL REFERENCES pupils(pupil_id),
    published     TEXT NOT NULL,
    publisher     TEXT NOT NULL,
    title         TEXT NOT NULL,
    subject_short TEXT NOT NULL,
    subject_full  TEXT NOT NULL,
    read          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE portfolio_comments (
    id           INTEGER PRIMARY KEY,
    portfolio_id INTEGER NOT NULL REFERENCES portfolio_items(id),
    user_id      TEXT NOT NULL,
    author       TEXT NOT NULL,
    text         TEXT NOT NULL,
    created      TEXT NOT NULL
);

CREATE TABLE iup_versions (
    id        INTEGER PRIMARY KEY,
    pupil_id  TEXT NOT NULL REFERENCES pupils(pupil_id),
    term      TEXT NOT NULL,
    questions TEXT NOT NULL
);

CREATE TABLE conferences (
    id       INTEGER PRIMARY KEY,
    pupil_id TEXT NOT NULL UNIQUE REFERENCES pupils(pupil_id),
    status   TEXT NOT NULL,
    changed  TEXT NOT NULL
);

CREATE TABLE conference_history (
    id       INTEGER PRIMARY KEY,
    pupil_id TEXT NOT NULL REFERENCES pupils(pupil_id),
    changed  TEXT NOT NULL
);

CREATE TABLE special_plan_versions (
    id         INTEGER PRIMARY KEY,
    pupil_id   TEXT NOT NULL REFERENCES pupils(pupil_id),
    title      TEXT NOT NULL,
    decided    TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    complete   INTEGER NOT NULL,
    sections   TEXT NOT NULL
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    let day = |ago: i64| time::local_iso((today - TimeDelta::days(ago)).and_time(super::seed_time("10:30")));
    for (pupil, ago, author, title, text) in demo::JOURNAL {
        tx.execute(
            "INSERT INTO journal_entries (pupil_id, date, author, title, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![pupil, day(ago), author, title, text],
        )?;
    }
    for (id, pupil, ago, publisher, title, short, full) in demo::PORTFOLIO {
        tx.execute(
            "INSERT INTO portfolio_items (id, pupil_id, published, publisher, title, subject_short, subject_full)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, pupil, day(ago), publisher, title, short, full],
        )?;
    }
    for (id, (pupil, term, questions)) in (9650i64..).zip(demo::IUP.iter()) {
        let q: Vec<serde_json::Value> = questions
            .iter()
            .map(|(question, answer)| serde_json::json!({ "question": question, "answer": answer }))
            .collect();
        tx.execute(
            "INSERT INTO iup_versions (id, pupil_id, term, questions) VALUES (?1, ?2, ?3, ?4)",
            params![id, pupil, term, serde_json::Value::Array(q).to_string()],
        )?;
    }
    for (id, pupil, status) in demo::CONFERENCES {
        tx.execute(
            "INSERT INTO conferences (id, pupil_id, status, changed) VALUES (?1, ?2, ?3, ?4)",
            params![id, pupil, status, day(5)],
        )?;
    }
    for (id, pupil, ago) in demo::CONFERENCE_HISTORY {
        tx.execute(
            "INSERT INTO conference_history (id, pupil_id, changed) VALUES (?1, ?2, ?3)",
            params![id, pupil, day(ago)],
        )?;
    }
    for (id, pupil, title, ago, by, complete, sections) in demo::SPECIAL_PLANS {
        let sections: Vec<serde_json::Value> = sections
            .iter()
            .map(|(heading, text)| serde_json::json!({ "title": heading, "text": text }))
            .collect();
        tx.execute(
            "INSERT INTO special_plan_versions (id, pupil_id, title, decided, decided_by, complete, sections)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                pupil,
                title,
                day(ago),
                by,
                complete,
                serde_json::Value::Array(sections).to_string()
            ],
        )?;
    }
    Ok(())
}

/// An åtgärdsprogram version; `sections` is a JSON array of `{title, text}`.
#[derive(Debug, Clone)]
pub(crate) struct SpecialPlanVersion {
    pub id: i64,
    pub title: String,
    pub decided: String,
    pub decided_by: String,
    pub complete: bool,
    pub sections: String,
}

fn special_plan_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SpecialPlanVersion> {
    Ok(SpecialPlanVersion {
        id: r.get(0)?,
        title: r.get(1)?,
        decided: r.get(2)?,
        decided_by: r.get(3)?,
        complete: r.get(4)?,
        sections: r.get(5)?,
    })
}

/// The pupil's åtgärdsprogram versions, oldest first (version 1 first).
pub(crate) fn special_plans(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<SpecialPlanVersion>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, title, decided, decided_by, complete, sections FROM special_plan_versions
         WHERE pupil_id = ?1 ORDER BY decided, id",
    )?;
    stmt.query_map(params![pupil_id], special_plan_from_row)?.collect()
}

/// The pupil's earlier utvecklingssamtal forms as (id, completed), newest first.
pub(crate) fn conference_history(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, changed FROM conference_history WHERE pupil_id = ?1 ORDER BY changed DESC, id DESC",
    )?;
    stmt.query_map(params![pupil_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// (id, date, author, title, text), newest first.
pub(crate) type JournalEntry = (i64, String, String, String, String);

pub(crate) fn journal(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<JournalEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date, author, title, text FROM journal_entries WHERE pupil_id = ?1 ORDER BY date DESC, id",
    )?;
    stmt.query_map(params![pupil_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?
    .collect()
}

#[derive(Debug, Clone)]
pub(crate) struct PortfolioItem {
    pub id: i64,
    pub published: String,
    pub publisher: String,
    pub title: String,
    pub subject_short: String,
    pub subject_full: String,
    pub read: bool,
}

fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PortfolioItem> {
    Ok(PortfolioItem {
        id: r.get(0)?,
        published: r.get(1)?,
        publisher: r.get(2)?,
        title: r.get(3)?,
        subject_short: r.get(4)?,
        subject_full: r.get(5)?,
        read: r.get(6)?,
    })
}

const ITEM_COLUMNS: &str = "id, published, publisher, title, subject_short, subject_full, read";

pub(crate) fn portfolio(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<PortfolioItem>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ITEM_COLUMNS} FROM portfolio_items WHERE pupil_id = ?1 ORDER BY published DESC, id"
    ))?;
    stmt.query_map(params![pupil_id], item_from_row)?.collect()
}

pub(crate) fn portfolio_item(conn: &Connection, pupil_id: &str, id: i64) -> rusqlite::Result<Option<PortfolioItem>> {
    crate::db::cached_row(
        conn,
        &format!("SELECT {ITEM_COLUMNS} FROM portfolio_items WHERE pupil_id = ?1 AND id = ?2"),
        params![pupil_id, id],
        item_from_row,
    )
    .optional()
}

pub(crate) fn mark_portfolio_read(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE portfolio_items SET read = 1 WHERE id = ?1", params![id])?;
    Ok(())
}

/// (id, user id, author, text, created).
pub(crate) type PortfolioComment = (i64, String, String, String, String);

pub(crate) fn portfolio_comments(conn: &Connection, id: i64) -> rusqlite::Result<Vec<PortfolioComment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, user_id, author, text, created FROM portfolio_comments WHERE portfolio_id = ?1 ORDER BY id",
    )?;
    stmt.query_map(params![id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?
    .collect()
}

pub(crate) fn add_portfolio_comment(
    conn: &Connection,
    id: i64,
    user_id: &str,
    author: &str,
    text: &str,
    created: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO portfolio_comments (portfolio_id, user_id, author, text, created) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, user_id, author, text, created],
    )?;
    Ok(conn.last_insert_rowid())
}

/// (id, term, questions JSON).
pub(crate) fn iup_versions(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<(i64, String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, term, questions FROM iup_versions WHERE pupil_id = ?1 ORDER BY id")?;
    stmt.query_map(params![pupil_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// (id, status, changed).
pub(crate) fn conference(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Option<(i64, String, String)>> {
    crate::db::cached_row(
        conn,
        "SELECT id, status, changed FROM conferences WHERE pupil_id = ?1",
        params![pupil_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
}

//! Veckoplan (`weeklyplan`, designed in `docs/protocol-extensions.md`): a class's weekly letter, information
//! and homework per ISO week.

use chrono::{Datelike as _, NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use serde_json::{Value, json};

use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE weekly_plans (
    id             INTEGER PRIMARY KEY,
    school_id      INTEGER NOT NULL REFERENCES schools(id),
    class_name     TEXT NOT NULL,
    year           INTEGER NOT NULL,
    week           INTEGER NOT NULL,
    letter         TEXT NOT NULL,
    information    TEXT NOT NULL,
    homework       TEXT NOT NULL,
    published_by   TEXT NOT NULL,
    published_date TEXT NOT NULL,
    UNIQUE (school_id, class_name, year, week)
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    let monday = time::monday_of(today);
    let mut homework_id = 8_800;
    for (id, w) in (8_700i64..).zip(demo::WEEKS.iter()) {
        let week_monday = monday + TimeDelta::weeks(w.week_offset);
        let iso = week_monday.iso_week();
        let information: Vec<Value> = w
            .information
            .iter()
            .map(|(title, text)| json!({ "title": title, "text": text }))
            .collect();
        let homework: Vec<Value> = w
            .homework
            .iter()
            .map(|(subject, title, description, day)| {
                homework_id += 1;
                json!({
                    "id": homework_id,
                    "subject": subject,
                    "title": title,
                    "description": description,
                    "dueDate": time::midnight_iso(week_monday + TimeDelta::days(*day)),
                })
            })
            .collect();
        let published = (week_monday - TimeDelta::days(3)).and_time(super::seed_time("16:05"));
        tx.execute(
            "INSERT INTO weekly_plans (id, school_id, class_name, year, week, letter, information, homework,
                                       published_by, published_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                demo::SCHOOL.id,
                w.class_name,
                iso.year(),
                iso.week(),
                w.letter,
                Value::Array(information).to_string(),
                Value::Array(homework).to_string(),
                w.teacher,
                time::local_iso(published)
            ],
        )?;
    }
    Ok(())
}

/// A stored week: (year, week, letter, information JSON, homework JSON, published by, published date).
pub(crate) struct Week {
    pub year: i64,
    pub week: i64,
    pub letter: String,
    pub information: Value,
    pub homework: Value,
    pub published_by: String,
    pub published_date: String,
}

fn week_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Week> {
    let parse = |s: String| serde_json::from_str(&s).unwrap_or(Value::Array(Vec::new()));
    Ok(Week {
        year: row.get(0)?,
        week: row.get(1)?,
        letter: row.get(2)?,
        information: parse(row.get(3)?),
        homework: parse(row.get(4)?),
        published_by: row.get(5)?,
        published_date: row.get(6)?,
    })
}

const COLUMNS: &str = "year, week, letter, information, homework, published_by, published_date";

/// The class's published weeks, oldest first.
pub(crate) fn weeks(conn: &Connection, school_id: i64, class_name: &str) -> rusqlite::Result<Vec<Week>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM weekly_plans WHERE school_id = ?1 AND class_name = ?2 ORDER BY year, week"
    ))?;
    stmt.query_map(params![school_id, class_name], week_from_row)?.collect()
}

pub(crate) fn week(
    conn: &Connection,
    school_id: i64,
    class_name: &str,
    year: i64,
    week: i64,
) -> rusqlite::Result<Option<Week>> {
    crate::db::cached_row(
        conn,
        &format!(
            "SELECT {COLUMNS} FROM weekly_plans WHERE school_id = ?1 AND class_name = ?2 AND year = ?3 AND week = ?4"
        ),
        params![school_id, class_name, year, week],
        week_from_row,
    )
    .optional()
}

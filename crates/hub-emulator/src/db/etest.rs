//! eTest (`onlinetest`, student only, designed in `docs/protocol-extensions.md`): tests, one attempt per
//! pupil and test, autosaved answers, submission (by the student or, once the time is up, by the server),
//! and results once the teacher releases them.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};
use serde_json::{Value, json};

use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE etests (
    id              INTEGER PRIMARY KEY,
    pupil_id        TEXT NOT NULL REFERENCES pupils(pupil_id),
    title           TEXT NOT NULL,
    subject         TEXT NOT NULL,
    opens_at        TEXT NOT NULL,
    closes_at       TEXT NOT NULL,
    minutes         INTEGER NOT NULL,
    teacher_comment TEXT,
    released        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE etest_questions (
    id      INTEGER PRIMARY KEY,
    test_id INTEGER NOT NULL REFERENCES etests(id),
    ord     INTEGER NOT NULL,
    type    TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'text')),
    text    TEXT NOT NULL,
    options TEXT NOT NULL,
    correct TEXT NOT NULL,
    points  INTEGER NOT NULL
);

CREATE TABLE etest_attempts (
    id           INTEGER PRIMARY KEY,
    test_id      INTEGER NOT NULL UNIQUE REFERENCES etests(id),
    started_at   TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    submitted_at TEXT
);

CREATE TABLE etest_answers (
    attempt_id  INTEGER NOT NULL REFERENCES etest_attempts(id),
    question_id INTEGER NOT NULL REFERENCES etest_questions(id),
    option_ids  TEXT NOT NULL,
    text        TEXT,
    PRIMARY KEY (attempt_id, question_id)
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    let at = |days: i64, hhmm: &str| time::local_iso((today + TimeDelta::days(days)).and_time(super::seed_time(hhmm)));
    for t in &demo::ETESTS {
        tx.execute(
            "INSERT INTO etests (id, pupil_id, title, subject, opens_at, closes_at, minutes, teacher_comment, released)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                t.id,
                demo::ETEST_PUPIL,
                t.title,
                t.subject,
                at(t.opens, "08:00"),
                at(t.closes, "16:00"),
                t.minutes,
                t.graded.map(|(_, c)| c),
                t.graded.is_some()
            ],
        )?;
        let mut question_ids = Vec::new();
        for (i, (kind, text, options, correct, points)) in (0i64..).zip(t.questions.iter()) {
            let qid = t.id * 10 + i + 1;
            question_ids.push(qid);
            let opts: Vec<Value> = (1i64..)
                .zip(options.iter())
                .map(|(n, o)| json!({ "id": qid * 10 + n, "text": o }))
                .collect();
            let right: Vec<i64> = correct
                .iter()
                .map(|c| qid * 10 + i64::try_from(*c).unwrap_or(0) + 1)
                .collect();
            tx.execute(
                "INSERT INTO etest_questions (id, test_id, ord, type, text, options, correct, points)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    qid,
                    t.id,
                    i,
                    kind,
                    text,
                    Value::Array(opts).to_string(),
                    json!(right).to_string(),
                    points
                ],
            )?;
        }
        if let Some((answers, _)) = t.graded {
            tx.execute(
                "INSERT INTO etest_attempts (id, test_id, started_at, ends_at, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![t.id, t.id, at(t.opens, "10:00"), at(t.opens, "10:15"), at(t.opens, "10:12")],
            )?;
            for (qid, chosen) in question_ids.iter().zip(answers.iter()) {
                let ids: Vec<i64> = chosen
                    .iter()
                    .map(|c| qid * 10 + i64::try_from(*c).unwrap_or(0) + 1)
                    .collect();
                tx.execute(
                    "INSERT INTO etest_answers (attempt_id, question_id, option_ids) VALUES (?1, ?2, ?3)",
                    params![t.id, qid, json!(ids).to_string()],
                )?;
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub(crate) struct Test {
    pub id: i64,
    pub title: String,
    pub subject: String,
    pub opens_at: String,
    pub closes_at: String,
    pub minutes: i64,
    pub teacher_comment: Option<String>,
    pub released: bool,
    /// (attempt id, ends at, submitted at)
    pub attempt: Option<(i64, String, Option<String>)>,
}

impl Test {
    /// `NotStarted`, `InProgress`, `Submitted` or `Graded`.
    pub(crate) fn status(&self) -> &'static str {
        match &self.attempt {
            None => "NotStarted",
            Some((_, _, None)) => "InProgress",
            Some((_, _, Some(_))) if self.released => "Graded",
            Some(_) => "Submitted",
        }
    }
}

const TEST_SQL: &str =
    "SELECT t.id, t.title, t.subject, t.opens_at, t.closes_at, t.minutes, t.teacher_comment, t.released,
        a.id, a.ends_at, a.submitted_at
 FROM etests t LEFT JOIN etest_attempts a ON a.test_id = t.id";

fn test_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Test> {
    let attempt: Option<i64> = r.get(8)?;
    Ok(Test {
        id: r.get(0)?,
        title: r.get(1)?,
        subject: r.get(2)?,
        opens_at: r.get(3)?,
        closes_at: r.get(4)?,
        minutes: r.get(5)?,
        teacher_comment: r.get(6)?,
        released: r.get(7)?,
        attempt: match attempt {
            Some(id) => Some((id, r.get(9)?, r.get(10)?)),
            None => None,
        },
    })
}

/// Submits every attempt whose time is up, as of `now` (local ISO); the submission time is the end time.
pub(crate) fn auto_submit(conn: &Connection, now: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE etest_attempts SET submitted_at = ends_at WHERE submitted_at IS NULL AND ends_at <= ?1",
        params![now],
    )?;
    Ok(())
}

pub(crate) fn tests(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<Test>> {
    let mut stmt = conn.prepare_cached(&format!("{TEST_SQL} WHERE t.pupil_id = ?1 ORDER BY t.opens_at DESC"))?;
    stmt.query_map(params![pupil_id], test_from_row)?.collect()
}

pub(crate) fn test(conn: &Connection, pupil_id: &str, id: i64) -> rusqlite::Result<Option<Test>> {
    crate::db::cached_row(
        conn,
        &format!("{TEST_SQL} WHERE t.pupil_id = ?1 AND t.id = ?2"),
        params![pupil_id, id],
        test_from_row,
    )
    .optional()
}

/// The test of an attempt of this pupil.
pub(crate) fn test_of_attempt(conn: &Connection, pupil_id: &str, attempt_id: i64) -> rusqlite::Result<Option<Test>> {
    crate::db::cached_row(
        conn,
        &format!("{TEST_SQL} WHERE t.pupil_id = ?1 AND a.id = ?2"),
        params![pupil_id, attempt_id],
        test_from_row,
    )
    .optional()
}

pub(crate) fn start_attempt(conn: &Connection, test_id: i64, started: &str, ends: &str) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO etest_attempts (test_id, started_at, ends_at) VALUES (?1, ?2, ?3)",
        params![test_id, started, ends],
    )?;
    Ok(conn.last_insert_rowid())
}

#[derive(Debug, Clone)]
pub(crate) struct Question {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub options: Value,
    pub correct: Vec<i64>,
    pub points: i64,
}

pub(crate) fn questions(conn: &Connection, test_id: i64) -> rusqlite::Result<Vec<Question>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, type, text, options, correct, points FROM etest_questions WHERE test_id = ?1 ORDER BY ord",
    )?;
    stmt.query_map(params![test_id], |r| {
        let options: String = r.get(3)?;
        let correct: String = r.get(4)?;
        Ok(Question {
            id: r.get(0)?,
            kind: r.get(1)?,
            text: r.get(2)?,
            options: serde_json::from_str(&options).unwrap_or(Value::Array(Vec::new())),
            correct: serde_json::from_str(&correct).unwrap_or_default(),
            points: r.get(5)?,
        })
    })?
    .collect()
}

/// A saved answer: (question id, option ids, text).
pub(crate) type Answer = (i64, Vec<i64>, Option<String>);

/// Saved answers of an attempt.
pub(crate) fn answers(conn: &Connection, attempt_id: i64) -> rusqlite::Result<Vec<Answer>> {
    let mut stmt =
        conn.prepare_cached("SELECT question_id, option_ids, text FROM etest_answers WHERE attempt_id = ?1")?;
    stmt.query_map(params![attempt_id], |r| {
        let ids: String = r.get(1)?;
        Ok((r.get(0)?, serde_json::from_str(&ids).unwrap_or_default(), r.get(2)?))
    })?
    .collect()
}

pub(crate) fn save_answer(
    conn: &Connection,
    attempt_id: i64,
    question_id: i64,
    option_ids: &[i64],
    text: Option<&str>,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO etest_answers (attempt_id, question_id, option_ids, text) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (attempt_id, question_id) DO UPDATE SET option_ids = ?3, text = ?4",
        params![attempt_id, question_id, json!(option_ids).to_string(), text],
    )?;
    Ok(())
}

pub(crate) fn submit(conn: &Connection, attempt_id: i64, at: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE etest_attempts SET submitted_at = ?2 WHERE id = ?1 AND submitted_at IS NULL",
        params![attempt_id, at],
    )?;
    Ok(())
}

/// Releases a test's result (the teacher's "publish"); false when there is no such test.
pub(crate) fn release(conn: &Connection, test_id: i64, comment: Option<&str>) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "UPDATE etests SET released = 1, teacher_comment = coalesce(?2, teacher_comment) WHERE id = ?1",
        params![test_id, comment],
    )? == 1)
}

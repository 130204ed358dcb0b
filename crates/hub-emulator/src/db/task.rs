//! Uppgifter (protocol §4.6, with the task dialogue of `docs/protocol-extensions.md`) and Planeringar
//! (§4.7, `uolv2`).

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::PupilInfo;
use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE tasks (
    id                  INTEGER PRIMARY KEY,
    pupil_id            TEXT NOT NULL REFERENCES pupils(pupil_id),
    subject             TEXT NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL,
    assigned_on         TEXT NOT NULL,
    due_date            TEXT NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('NotStarted', 'InProgress', 'Done')),
    milestone_count     INTEGER NOT NULL,
    milestones_complete INTEGER NOT NULL,
    read                INTEGER NOT NULL,
    uol_id              INTEGER
);

CREATE TABLE task_messages (
    id      INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    author  TEXT NOT NULL,
    role    TEXT NOT NULL CHECK (role IN ('Teacher', 'Pupil', 'Guardian')),
    text    TEXT NOT NULL,
    sent    TEXT NOT NULL,
    unread  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE uols (
    id          INTEGER PRIMARY KEY,
    school_id   INTEGER NOT NULL REFERENCES schools(id),
    class_name  TEXT NOT NULL,
    subject_id  INTEGER NOT NULL,
    subject     TEXT NOT NULL,
    title       TEXT NOT NULL,
    state       TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    teacher     TEXT NOT NULL,
    description TEXT NOT NULL,
    syllabus    TEXT NOT NULL,
    grade       INTEGER NOT NULL
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    for t in &demo::TASKS {
        let assigned = today + TimeDelta::days(t.assigned);
        // Past due dates move back to Friday, future ones forward to Monday, so "overdue" stays overdue.
        let due = if t.due < 0 {
            let mut d = today + TimeDelta::days(t.due);
            while time::is_weekend(d) {
                d = d.pred_opt().unwrap_or(d);
            }
            d
        } else {
            super::school_day(today, t.due)
        };
        tx.execute(
            "INSERT INTO tasks (id, pupil_id, subject, title, description, assigned_on, due_date, status,
                                milestone_count, milestones_complete, read, uol_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                t.id,
                t.pupil_id,
                t.subject,
                t.title,
                t.description,
                time::local_iso(assigned.and_time(super::seed_time("08:00"))),
                time::midnight_iso(due),
                t.status,
                t.milestones.0,
                t.milestones.1,
                t.read,
                t.uol
            ],
        )?;
        if let Some(text) = t.teacher_message {
            let teacher = if t.pupil_id == demo::PUPILS[1].pupil_id {
                demo::TASK_TEACHER_NILS
            } else {
                demo::TASK_TEACHER_MAJA
            };
            tx.execute(
                "INSERT INTO task_messages (task_id, author, role, text, sent, unread)
                 VALUES (?1, ?2, 'Teacher', ?3, ?4, 1)",
                params![
                    t.id,
                    teacher,
                    text,
                    time::local_iso((assigned + TimeDelta::days(2)).and_time(super::seed_time("15:32")))
                ],
            )?;
        }
    }
    let monday = time::monday_of(today);
    for u in &demo::UOLS {
        let grade: i64 = u.class_name[..1].parse().unwrap_or(0);
        tx.execute(
            "INSERT INTO uols (id, school_id, class_name, subject_id, subject, title, state, start_date, end_date,
                               teacher, description, syllabus, grade)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                u.id,
                demo::SCHOOL.id,
                u.class_name,
                u.subject_id,
                u.subject,
                u.title,
                u.state,
                (monday + TimeDelta::weeks(u.weeks.0)).to_string(),
                (monday + TimeDelta::weeks(u.weeks.1) + TimeDelta::days(4)).to_string(),
                u.teacher,
                u.description,
                u.syllabus,
                grade
            ],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub(crate) struct Task {
    pub id: i64,
    pub subject: String,
    pub title: String,
    pub description: String,
    pub assigned_on: String,
    pub due_date: String,
    pub status: String,
    pub milestone_count: i64,
    pub milestones_complete: i64,
    pub read: bool,
    pub has_unread_comments: bool,
}

const TASK_COLUMNS: &str = "t.id, t.subject, t.title, t.description, t.assigned_on, t.due_date, t.status,
    t.milestone_count, t.milestones_complete, t.read,
    EXISTS (SELECT 1 FROM task_messages m WHERE m.task_id = t.id AND m.unread)";

fn task_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get(0)?,
        subject: row.get(1)?,
        title: row.get(2)?,
        description: row.get(3)?,
        assigned_on: row.get(4)?,
        due_date: row.get(5)?,
        status: row.get(6)?,
        milestone_count: row.get(7)?,
        milestones_complete: row.get(8)?,
        read: row.get(9)?,
        has_unread_comments: row.get(10)?,
    })
}

/// The pupil's tasks, latest due first.
pub(crate) fn tasks(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<Task>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TASK_COLUMNS} FROM tasks t WHERE t.pupil_id = ?1 ORDER BY t.due_date DESC, t.id"
    ))?;
    stmt.query_map(params![pupil_id], task_from_row)?.collect()
}

pub(crate) fn task(conn: &Connection, pupil_id: &str, id: i64) -> rusqlite::Result<Option<Task>> {
    crate::db::cached_row(
        conn,
        &format!("SELECT {TASK_COLUMNS} FROM tasks t WHERE t.pupil_id = ?1 AND t.id = ?2"),
        params![pupil_id, id],
        task_from_row,
    )
    .optional()
}

/// Opening a task marks it and its messages read.
pub(crate) fn mark_read(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE tasks SET read = 1 WHERE id = ?1", params![id])?;
    conn.execute("UPDATE task_messages SET unread = 0 WHERE task_id = ?1", params![id])?;
    Ok(())
}

#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub id: i64,
    pub author: String,
    pub role: String,
    pub text: String,
    pub sent: String,
}

pub(crate) fn messages(conn: &Connection, task_id: i64) -> rusqlite::Result<Vec<Message>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, author, role, text, sent FROM task_messages WHERE task_id = ?1 ORDER BY id")?;
    stmt.query_map(params![task_id], |row| {
        Ok(Message {
            id: row.get(0)?,
            author: row.get(1)?,
            role: row.get(2)?,
            text: row.get(3)?,
            sent: row.get(4)?,
        })
    })?
    .collect()
}

pub(crate) fn add_message(
    conn: &Connection,
    task_id: i64,
    author: &str,
    role: &str,
    text: &str,
    sent: &str,
) -> rusqlite::Result<Message> {
    conn.execute(
        "INSERT INTO task_messages (task_id, author, role, text, sent) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![task_id, author, role, text, sent],
    )?;
    Ok(Message {
        id: conn.last_insert_rowid(),
        author: author.to_owned(),
        role: role.to_owned(),
        text: text.to_owned(),
        sent: sent.to_owned(),
    })
}

#[derive(Debug, Clone)]
pub(crate) struct Uol {
    pub id: i64,
    pub subject_id: i64,
    pub subject: String,
    pub title: String,
    pub state: String,
    pub start_date: String,
    pub end_date: String,
    pub teacher: String,
    pub description: String,
    pub syllabus: String,
    pub grade: i64,
}

const UOL_COLUMNS: &str =
    "id, subject_id, subject, title, state, start_date, end_date, teacher, description, syllabus, grade";

fn uol_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Uol> {
    Ok(Uol {
        id: row.get(0)?,
        subject_id: row.get(1)?,
        subject: row.get(2)?,
        title: row.get(3)?,
        state: row.get(4)?,
        start_date: row.get(5)?,
        end_date: row.get(6)?,
        teacher: row.get(7)?,
        description: row.get(8)?,
        syllabus: row.get(9)?,
        grade: row.get(10)?,
    })
}

/// The plans of the pupil's class.
pub(crate) fn uols(conn: &Connection, pupil: &PupilInfo) -> rusqlite::Result<Vec<Uol>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {UOL_COLUMNS} FROM uols WHERE school_id = ?1 AND class_name = ?2 ORDER BY start_date DESC, id"
    ))?;
    stmt.query_map(params![pupil.school_id, pupil.class_name], uol_from_row)?
        .collect()
}

/// The tasks of a plan for this pupil.
pub(crate) fn uol_tasks(conn: &Connection, pupil_id: &str, uol_id: i64) -> rusqlite::Result<Vec<Task>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {TASK_COLUMNS} FROM tasks t WHERE t.pupil_id = ?1 AND t.uol_id = ?2 ORDER BY t.due_date"
    ))?;
    stmt.query_map(params![pupil_id, uol_id], task_from_row)?.collect()
}

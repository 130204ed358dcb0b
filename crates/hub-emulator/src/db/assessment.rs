//! Bedömningar (protocol §4.8): grade terms with subject grades, and assessment contexts (grids and tasks)
//! with marked and unmarked statements.

use chrono::{Datelike as _, NaiveDate, TimeDelta};
use rusqlite::{Connection, Transaction, params};

use crate::demo::{self, Mark};
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE grade_terms (
    id          INTEGER PRIMARY KEY,
    pupil_id    TEXT NOT NULL REFERENCES pupils(pupil_id),
    label       TEXT NOT NULL,
    sort        INTEGER NOT NULL,
    comment     TEXT NOT NULL
);

CREATE TABLE subject_grades (
    term_id  INTEGER NOT NULL REFERENCES grade_terms(id),
    subject  TEXT NOT NULL,
    grade    TEXT NOT NULL,
    PRIMARY KEY (term_id, subject)
);

CREATE TABLE assessment_contexts (
    id               INTEGER PRIMARY KEY,
    pupil_id         TEXT NOT NULL REFERENCES pupils(pupil_id),
    kind             TEXT NOT NULL CHECK (kind IN ('grid', 'task')),
    subject          TEXT NOT NULL,
    title            TEXT NOT NULL,
    has_new          INTEGER NOT NULL,
    academic_year_id INTEGER NOT NULL
);

CREATE TABLE assessment_statements (
    id          INTEGER PRIMARY KEY,
    context_id  INTEGER NOT NULL REFERENCES assessment_contexts(id),
    row         INTEGER NOT NULL,
    header      TEXT NOT NULL,
    text        TEXT NOT NULL,
    mark        TEXT,
    colour      TEXT,
    marked_at   TEXT,
    marked_by   TEXT
);

CREATE TABLE self_assessments (
    id               INTEGER PRIMARY KEY,
    pupil_id         TEXT NOT NULL REFERENCES pupils(pupil_id),
    subject          TEXT NOT NULL,
    title            TEXT NOT NULL,
    academic_year_id INTEGER NOT NULL
);

CREATE TABLE self_assessment_aspects (
    id         INTEGER PRIMARY KEY,
    self_id    INTEGER NOT NULL REFERENCES self_assessments(id),
    row        INTEGER NOT NULL,
    header     TEXT NOT NULL,
    text       TEXT NOT NULL,
    option_id  INTEGER,
    comment    TEXT NOT NULL,
    updated_at TEXT
);
"#;

/// The academic year (its starting calendar year) `today` belongs to; it starts in August.
pub(crate) fn academic_year(today: NaiveDate) -> i32 {
    if today.month() >= 8 {
        today.year()
    } else {
        today.year() - 1
    }
}

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    let pupil = demo::ASSESSMENT_PUPIL;
    // In the autumn of år 8 the autumn term has no grades yet.
    let terms = if today.month() >= 8 { 4 } else { 5 };
    for (i, (id, label, comment)) in demo::GRADE_TERMS.iter().take(terms).enumerate() {
        tx.execute(
            "INSERT INTO grade_terms (id, pupil_id, label, sort, comment) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, pupil, label, i64::try_from(i).unwrap_or(0), comment],
        )?;
        for (subject, grades) in demo::GRADES {
            let grade = grades.chars().nth(i).unwrap_or('-');
            if grade != '-' {
                tx.execute(
                    "INSERT INTO subject_grades (term_id, subject, grade) VALUES (?1, ?2, ?3)",
                    params![id, subject, grade.to_string()],
                )?;
            }
        }
    }
    let year = academic_year(today);
    let mut statement_id = 7_500_000;
    for a in &demo::ASSESSMENTS {
        tx.execute(
            "INSERT INTO assessment_contexts (id, pupil_id, kind, subject, title, has_new, academic_year_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![a.id, pupil, a.kind, a.subject, a.title, a.has_new, year],
        )?;
        let marked_at = time::local_iso((today - TimeDelta::days(a.days_ago)).and_time(super::seed_time("14:10")));
        for (row, (header, text, mark)) in (1i64..).zip(a.statements.iter()) {
            statement_id += 1;
            let option = match mark {
                Mark::Red => Some(demo::MARK_RED),
                Mark::Yellow => Some(demo::MARK_YELLOW),
                Mark::Green => Some(demo::MARK_GREEN),
                Mark::None => None,
            };
            tx.execute(
                "INSERT INTO assessment_statements (id, context_id, row, header, text, mark, colour, marked_at,
                                                    marked_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    statement_id,
                    a.id,
                    row,
                    header,
                    text,
                    option.map(|o| o.0),
                    option.map(|o| o.1),
                    option.map(|_| marked_at.clone()),
                    option.map(|_| demo::ASSESSMENT_TEACHER)
                ],
            )?;
        }
    }
    let answered = time::local_iso((today - TimeDelta::days(9)).and_time(super::seed_time("13:20")));
    let mut aspect_id = 7_600_000;
    for (id, subject, title, aspects) in demo::SELF_ASSESSMENTS {
        tx.execute(
            "INSERT INTO self_assessments (id, pupil_id, subject, title, academic_year_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, pupil, subject, title, year],
        )?;
        for (row, (header, text, option, comment)) in (1i64..).zip(aspects.iter()) {
            aspect_id += 1;
            tx.execute(
                "INSERT INTO self_assessment_aspects (id, self_id, row, header, text, option_id, comment, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    aspect_id,
                    id,
                    row,
                    header,
                    text,
                    option,
                    comment,
                    option.map(|_| answered.clone())
                ],
            )?;
        }
    }
    Ok(())
}

/// A self-assessment with its aspects.
#[derive(Debug, Clone)]
pub(crate) struct SelfAssessment {
    pub id: i64,
    pub subject: String,
    pub title: String,
    pub aspects: Vec<Aspect>,
}

/// One aspect the pupil rates: the chosen option (of [`demo::SELF_SCHEME`]), comment and time.
#[derive(Debug, Clone)]
pub(crate) struct Aspect {
    pub id: i64,
    pub row: i64,
    pub header: String,
    pub text: String,
    pub option_id: Option<i64>,
    pub comment: String,
    pub updated_at: Option<String>,
}

/// The pupil's self-assessments of one academic year, with aspects.
pub(crate) fn self_assessments(
    conn: &Connection,
    pupil_id: &str,
    academic_year_id: i64,
) -> rusqlite::Result<Vec<SelfAssessment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, subject, title FROM self_assessments WHERE pupil_id = ?1 AND academic_year_id = ?2
         ORDER BY subject, id",
    )?;
    let mut list: Vec<SelfAssessment> = stmt
        .query_map(params![pupil_id, academic_year_id], |r| {
            Ok(SelfAssessment {
                id: r.get(0)?,
                subject: r.get(1)?,
                title: r.get(2)?,
                aspects: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut aspects = conn.prepare_cached(
        "SELECT id, row, header, text, option_id, comment, updated_at FROM self_assessment_aspects
         WHERE self_id = ?1 ORDER BY row",
    )?;
    for sa in &mut list {
        sa.aspects = aspects
            .query_map(params![sa.id], |r| {
                Ok(Aspect {
                    id: r.get(0)?,
                    row: r.get(1)?,
                    header: r.get(2)?,
                    text: r.get(3)?,
                    option_id: r.get(4)?,
                    comment: r.get(5)?,
                    updated_at: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(list)
}

/// Records the pupil's rating of one of its own aspects; false when the aspect is not the pupil's.
pub(crate) fn rate_aspect(
    conn: &Connection,
    pupil_id: &str,
    aspect_id: i64,
    option_id: i64,
    comment: Option<&str>,
    now_local: &str,
) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE self_assessment_aspects SET option_id = ?3, comment = coalesce(?4, comment), updated_at = ?5
         WHERE id = ?2 AND self_id IN (SELECT id FROM self_assessments WHERE pupil_id = ?1)",
        params![pupil_id, aspect_id, option_id, comment, now_local],
    )?;
    Ok(changed == 1)
}

/// A grade term with its subject grades.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub id: i64,
    pub label: String,
    pub sort: i64,
    pub comment: String,
    /// (subject, grade) in subject order.
    pub grades: Vec<(String, String)>,
}

pub(crate) fn terms(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<Term>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, label, sort, comment FROM grade_terms WHERE pupil_id = ?1 ORDER BY sort")?;
    let mut terms: Vec<Term> = stmt
        .query_map(params![pupil_id], |row| {
            Ok(Term {
                id: row.get(0)?,
                label: row.get(1)?,
                sort: row.get(2)?,
                comment: row.get(3)?,
                grades: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut grades =
        conn.prepare_cached("SELECT subject, grade FROM subject_grades WHERE term_id = ?1 ORDER BY subject")?;
    for term in &mut terms {
        term.grades = grades
            .query_map(params![term.id], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(terms)
}

/// A grid or task with its statements.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub title: String,
    pub has_new: bool,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone)]
pub(crate) struct Statement {
    pub id: i64,
    pub row: i64,
    pub header: String,
    pub text: String,
    pub mark: Option<String>,
    pub colour: Option<String>,
    pub marked_at: Option<String>,
    pub marked_by: Option<String>,
}

/// The pupil's contexts of one academic year, with statements.
pub(crate) fn contexts(conn: &Connection, pupil_id: &str, academic_year_id: i64) -> rusqlite::Result<Vec<Context>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, subject, title, has_new FROM assessment_contexts
         WHERE pupil_id = ?1 AND academic_year_id = ?2 ORDER BY subject, id",
    )?;
    let mut contexts: Vec<Context> = stmt
        .query_map(params![pupil_id, academic_year_id], |row| {
            Ok(Context {
                id: row.get(0)?,
                kind: row.get(1)?,
                subject: row.get(2)?,
                title: row.get(3)?,
                has_new: row.get(4)?,
                statements: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut st = conn.prepare_cached(
        "SELECT id, row, header, text, mark, colour, marked_at, marked_by FROM assessment_statements
         WHERE context_id = ?1 ORDER BY row",
    )?;
    for c in &mut contexts {
        c.statements = st
            .query_map(params![c.id], |row| {
                Ok(Statement {
                    id: row.get(0)?,
                    row: row.get(1)?,
                    header: row.get(2)?,
                    text: row.get(3)?,
                    mark: row.get(4)?,
                    colour: row.get(5)?,
                    marked_at: row.get(6)?,
                    marked_by: row.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(contexts)
}

/// One context of the pupil by id and kind, in any academic year.
pub(crate) fn context(conn: &Connection, pupil_id: &str, kind: &str, id: i64) -> rusqlite::Result<Option<Context>> {
    let year: Option<i64> = rusqlite::OptionalExtension::optional(crate::db::cached_row(
        conn,
        "SELECT academic_year_id FROM assessment_contexts WHERE id = ?1 AND pupil_id = ?2 AND kind = ?3",
        params![id, pupil_id, kind],
        |row| row.get(0),
    ))?;
    let Some(year) = year else { return Ok(None) };
    Ok(contexts(conn, pupil_id, year)?.into_iter().find(|c| c.id == id))
}

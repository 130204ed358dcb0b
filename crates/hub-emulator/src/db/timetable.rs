//! Schema (protocol §4.4): a weekly lesson pattern per class, repeated on every school day that is not
//! closed, plus per-day notes on single lessons (`notes.timetableNotes`).

use std::collections::HashSet;

use chrono::{Datelike as _, NaiveDate};
use rusqlite::{Connection, Transaction, params};

use super::school_day;
use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE timetable_lessons (
    id         INTEGER PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES schools(id),
    class_name TEXT NOT NULL,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time TEXT NOT NULL,
    end_time   TEXT NOT NULL,
    title      TEXT NOT NULL,
    room       TEXT NOT NULL,
    tutors     TEXT NOT NULL,
    CHECK (end_time > start_time)
);
CREATE INDEX timetable_lessons_class ON timetable_lessons(school_id, class_name);

CREATE TABLE timetable_notes (
    school_id  INTEGER NOT NULL REFERENCES schools(id),
    class_name TEXT NOT NULL,
    date       TEXT NOT NULL,
    start_time TEXT NOT NULL,
    note       TEXT NOT NULL,
    PRIMARY KEY (school_id, class_name, date, start_time)
);
"#;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    let school = demo::SCHOOL.id;
    for (class, weekday, start, end, title, room, tutors) in demo::TIMETABLE {
        tx.execute(
            "INSERT INTO timetable_lessons (school_id, class_name, weekday, start_time, end_time, title, room, tutors)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![school, class, weekday, start, end, title, room, tutors],
        )?;
    }
    for (class, days, start, note) in demo::TIMETABLE_NOTES {
        tx.execute(
            "INSERT INTO timetable_notes (school_id, class_name, date, start_time, note) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![school, class, school_day(today, days).to_string(), start, note],
        )?;
    }
    Ok(())
}

/// One lesson on one date.
#[derive(Debug, Clone)]
pub(crate) struct Lesson {
    pub date: NaiveDate,
    pub start_time: String,
    pub end_time: String,
    pub title: String,
    pub room: String,
    pub tutors: String,
    pub note: String,
}

/// The class's lessons on every date from `from` to `to` (inclusive), in time order; closed days (studiedagar)
/// have none.
pub(crate) fn lessons(
    conn: &Connection,
    school_id: i64,
    class_name: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<Vec<Lesson>> {
    if to < from {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT weekday, start_time, end_time, title, room, tutors FROM timetable_lessons
         WHERE school_id = ?1 AND class_name = ?2 ORDER BY weekday, start_time",
    )?;
    let pattern = stmt
        .query_map(params![school_id, class_name], |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut closed_stmt =
        conn.prepare_cached("SELECT date FROM school_closed_days WHERE school_id = ?1 AND date BETWEEN ?2 AND ?3")?;
    let closed = closed_stmt
        .query_map(params![school_id, from.to_string(), to.to_string()], |r| {
            r.get::<_, String>(0)
        })?
        .collect::<rusqlite::Result<HashSet<_>>>()?;
    let mut notes_stmt = conn.prepare_cached(
        "SELECT date, start_time, note FROM timetable_notes
         WHERE school_id = ?1 AND class_name = ?2 AND date BETWEEN ?3 AND ?4",
    )?;
    let notes = notes_stmt
        .query_map(params![school_id, class_name, from.to_string(), to.to_string()], |r| {
            Ok(((r.get::<_, String>(0)?, r.get::<_, String>(1)?), r.get::<_, String>(2)?))
        })?
        .collect::<rusqlite::Result<std::collections::HashMap<_, _>>>()?;
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let key = day.to_string();
        if !closed.contains(&key) && !time::is_weekend(day) {
            let weekday = day.weekday().number_from_monday();
            for (_, start, end, title, room, tutors) in pattern.iter().filter(|l| l.0 == weekday) {
                out.push(Lesson {
                    date: day,
                    start_time: start.clone(),
                    end_time: end.clone(),
                    title: title.clone(),
                    room: room.clone(),
                    tutors: tutors.clone(),
                    note: notes.get(&(key.clone(), start.clone())).cloned().unwrap_or_default(),
                });
            }
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    #[test]
    fn pattern_repeats_weekly_and_skips_weekends_and_closed_days() {
        let monday = NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
        let conn = crate::db::open_seeded_at(monday).unwrap();
        let school = demo::SCHOOL.id;
        let week = |offset: i64| {
            let from = monday + TimeDelta::weeks(offset);
            lessons(&conn, school, "8C", from, from + TimeDelta::days(6)).unwrap()
        };
        let (next, after) = (week(1), week(2));
        assert_eq!(next.len(), demo::TIMETABLE.iter().filter(|l| l.0 == "8C").count());
        assert!(next.iter().all(|l| !time::is_weekend(l.date)));
        let titles = |ls: &[Lesson]| ls.iter().map(|l| l.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&next), titles(&after));
        // The seed's studiedag is four school days after the seeding day: Friday, with no lessons.
        let friday = monday + TimeDelta::days(4);
        assert!(lessons(&conn, school, "8C", friday, friday).unwrap().is_empty());
        assert!(
            !lessons(
                &conn,
                school,
                "8C",
                friday + TimeDelta::weeks(1),
                friday + TimeDelta::weeks(1)
            )
            .unwrap()
            .is_empty()
        );
        // The note sits on the next school day's first lesson only.
        let this = week(0);
        let noted: Vec<&Lesson> = this.iter().filter(|l| !l.note.is_empty()).collect();
        assert_eq!(noted.len(), 1);
        assert_eq!(noted[0].date, monday + TimeDelta::days(1));
        assert_eq!(noted[0].start_time, "08:20");
        assert!(next.iter().all(|l| l.note.is_empty()));
        assert!(
            lessons(&conn, school, "8C", monday, monday - TimeDelta::days(1))
                .unwrap()
                .is_empty()
        );
        assert!(lessons(&conn, school, "9Z", monday, friday).unwrap().is_empty());
    }
}

//! Närvaro (protocol §4.12, read): registered absence per pupil and the guardians' leave requests.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::{school_day, seed_time};
use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE absences (
    id            INTEGER PRIMARY KEY,
    pupil_id      TEXT NOT NULL REFERENCES pupils(pupil_id),
    date          TEXT NOT NULL,
    time_from     TEXT,
    time_to       TEXT,
    subject       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    comment       TEXT NOT NULL,
    registered_by TEXT NOT NULL,
    minutes       INTEGER NOT NULL,
    half_days     INTEGER NOT NULL,
    CHECK ((time_from IS NULL) = (time_to IS NULL))
);
CREATE INDEX absences_pupil ON absences(pupil_id);

CREATE TABLE leave_requests (
    id                INTEGER PRIMARY KEY,
    pupil_id          TEXT NOT NULL REFERENCES pupils(pupil_id),
    created_by        TEXT NOT NULL REFERENCES users(id),
    status            TEXT NOT NULL CHECK (status IN ('Pending', 'Approved', 'Denied')),
    requester_comment TEXT NOT NULL,
    approver_comment  TEXT,
    approver_name     TEXT,
    from_date         TEXT NOT NULL,
    to_date           TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (to_date >= from_date)
);
"#;

/// The school day `back` school days before `today` (a weekend counts from its Friday), never after it.
fn past_school_day(today: NaiveDate, back: i64) -> NaiveDate {
    let previous = |mut d: NaiveDate| {
        while time::is_weekend(d) {
            d -= TimeDelta::days(1);
        }
        d
    };
    let mut day = previous(today);
    for _ in 0..back {
        day = previous(day - TimeDelta::days(1));
    }
    day
}

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    for (id, pupil, back, times, subject, reason, comment, by, minutes, half_days) in demo::ABSENCES {
        tx.execute(
            "INSERT INTO absences (id, pupil_id, date, time_from, time_to, subject, reason, comment, registered_by,
                                   minutes, half_days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                pupil,
                past_school_day(today, back).to_string(),
                times.map(|t| t.0),
                times.map(|t| t.1),
                subject,
                reason,
                comment,
                by,
                minutes,
                half_days
            ],
        )?;
    }
    for (id, pupil, from, to, status, comment, answer, approver, created) in demo::LEAVE_REQUESTS {
        let updated = if status == "Pending" { created } else { created - 1 };
        tx.execute(
            "INSERT INTO leave_requests (id, pupil_id, created_by, status, requester_comment, approver_comment,
                                         approver_name, from_date, to_date, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                id,
                pupil,
                demo::USERS[0].id,
                status,
                comment,
                answer,
                approver,
                school_day(today, from).to_string(),
                school_day(today, to).to_string(),
                time::local_iso((today - TimeDelta::days(updated)).and_time(seed_time("19:42")))
            ],
        )?;
    }
    Ok(())
}

/// One registered absence.
#[derive(Debug, Clone)]
pub(crate) struct Absence {
    pub id: i64,
    pub date: NaiveDate,
    pub times: Option<(String, String)>,
    pub subject: String,
    pub reason: String,
    pub comment: String,
    pub registered_by: String,
    pub minutes: i64,
    pub half_days: i64,
}

/// The pupil's registered absence, newest first.
pub(crate) fn absences(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<Absence>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, date, time_from, time_to, subject, reason, comment, registered_by, minutes, half_days
         FROM absences WHERE pupil_id = ?1 ORDER BY date DESC, time_from DESC, id DESC",
    )?;
    stmt.query_map(params![pupil_id], |r| {
        let date: String = r.get(1)?;
        let from: Option<String> = r.get(2)?;
        let to: Option<String> = r.get(3)?;
        Ok(Absence {
            id: r.get(0)?,
            date: time::parse_date(&date).unwrap_or_default(),
            times: from.zip(to),
            subject: r.get(4)?,
            reason: r.get(5)?,
            comment: r.get(6)?,
            registered_by: r.get(7)?,
            minutes: r.get(8)?,
            half_days: r.get(9)?,
        })
    })?
    .collect()
}

/// One leave request with its requester's name.
#[derive(Debug, Clone)]
pub(crate) struct LeaveRequest {
    pub id: i64,
    pub created_by_name: String,
    pub status: String,
    pub requester_comment: String,
    pub approver_comment: Option<String>,
    pub approver_name: Option<String>,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub updated_at: String,
}

const LEAVE_SQL: &str = "SELECT l.id, u.first_name || ' ' || u.last_name, l.status, l.requester_comment,
            l.approver_comment, l.approver_name, l.from_date, l.to_date, l.updated_at
     FROM leave_requests l JOIN users u ON u.id = l.created_by";

fn leave_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LeaveRequest> {
    let from: String = r.get(6)?;
    let to: String = r.get(7)?;
    Ok(LeaveRequest {
        id: r.get(0)?,
        created_by_name: r.get(1)?,
        status: r.get(2)?,
        requester_comment: r.get(3)?,
        approver_comment: r.get(4)?,
        approver_name: r.get(5)?,
        from_date: time::parse_date(&from).unwrap_or_default(),
        to_date: time::parse_date(&to).unwrap_or_default(),
        updated_at: r.get(8)?,
    })
}

/// The pupil's leave requests, latest first.
pub(crate) fn leave_requests(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Vec<LeaveRequest>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{LEAVE_SQL} WHERE l.pupil_id = ?1 ORDER BY l.from_date DESC, l.id DESC"
    ))?;
    stmt.query_map(params![pupil_id], leave_from_row)?.collect()
}

/// One of the pupil's leave requests.
pub(crate) fn leave_request(conn: &Connection, pupil_id: &str, id: i64) -> rusqlite::Result<Option<LeaveRequest>> {
    conn.prepare_cached(&format!("{LEAVE_SQL} WHERE l.pupil_id = ?1 AND l.id = ?2"))?
        .query_row(params![pupil_id, id], leave_from_row)
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_school_days_skip_weekends_and_never_pass_today() {
        let monday = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        assert_eq!(past_school_day(monday, 0), monday);
        assert_eq!(
            past_school_day(monday, 1),
            NaiveDate::from_ymd_opt(2026, 9, 11).unwrap()
        );
        let sunday = NaiveDate::from_ymd_opt(2026, 9, 13).unwrap();
        assert_eq!(
            past_school_day(sunday, 0),
            NaiveDate::from_ymd_opt(2026, 9, 11).unwrap()
        );
        assert_eq!(
            past_school_day(sunday, 1),
            NaiveDate::from_ymd_opt(2026, 9, 10).unwrap()
        );
    }

    #[test]
    fn seeded_absence_and_leave_per_pupil() {
        let today = NaiveDate::from_ymd_opt(2026, 9, 16).unwrap();
        let conn = crate::db::open_seeded_at(today).unwrap();
        for pupil in &demo::PUPILS {
            let list = absences(&conn, pupil.pupil_id).unwrap();
            assert_eq!(list.len(), 2, "{}", pupil.first_name);
            assert!(list.iter().all(|a| a.date < today && !time::is_weekend(a.date)));
            assert!(list[0].date >= list[1].date);
            assert_eq!(leave_requests(&conn, pupil.pupil_id).unwrap().len(), 1);
        }
        let nils = demo::PUPILS[1].pupil_id;
        let pending = leave_request(&conn, nils, 9402).unwrap().unwrap();
        assert_eq!(pending.status, "Pending");
        assert_eq!(pending.created_by_name, demo::GUARDIAN_NAME);
        assert!(
            leave_request(&conn, nils, 9401).unwrap().is_none(),
            "another child's request"
        );
    }
}

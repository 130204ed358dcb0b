//! Utvecklingssamtal (protocol §4.10 and the booking design in `docs/protocol-extensions.md`): slots a
//! teacher offers a class and the bookings of them.
//!
//! Each write runs in one immediate SQLite transaction, and the schema itself guarantees the invariants:
//! `UNIQUE (slot_id)` (one booking per slot, whoever races for it) and `UNIQUE (pupil_id)` (one booking per
//! pupil). A constraint violation on insert is reported as the slot being taken, so even a check that
//! raced past the reads cannot produce a second booking.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, ErrorCode, OptionalExtension as _, Transaction, TransactionBehavior, params};

use super::{PupilInfo, school_day, seed_time};
use crate::demo;
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE meeting_slots (
    id           INTEGER PRIMARY KEY,
    school_id    INTEGER NOT NULL REFERENCES schools(id),
    class_name   TEXT NOT NULL,
    date         TEXT NOT NULL,
    time_from    TEXT NOT NULL,
    time_to      TEXT NOT NULL,
    teacher_name TEXT NOT NULL,
    location     TEXT NOT NULL,
    meeting_type TEXT NOT NULL,
    meeting_link TEXT,
    closes_at    TEXT NOT NULL
);

CREATE TABLE meeting_bookings (
    id        INTEGER PRIMARY KEY,
    slot_id   INTEGER NOT NULL UNIQUE REFERENCES meeting_slots(id),
    pupil_id  TEXT NOT NULL UNIQUE REFERENCES pupils(pupil_id),
    booked_by TEXT NOT NULL REFERENCES users(id),
    booked_at TEXT NOT NULL
);
"#;

const FIRST_SLOT_ID: i64 = 88_101;
const FIRST_MEETING_ID: i64 = 45_000;

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    let day = school_day(today, demo::MEETING_DAY);
    let closes = time::local_iso((day - TimeDelta::days(2)).and_time(seed_time("23:59")));
    let last = demo::MEETING_TIMES.len() - 1;
    for (i, (id, from)) in (FIRST_SLOT_ID..).zip(demo::MEETING_TIMES).enumerate() {
        let to = seed_time(from) + TimeDelta::minutes(demo::MEETING_MINUTES);
        let digital = i == last;
        tx.execute(
            "INSERT INTO meeting_slots (id, school_id, class_name, date, time_from, time_to, teacher_name, location,
                                        meeting_type, meeting_link, closes_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                demo::SCHOOL.id,
                demo::MEETING_CLASS,
                day.to_string(),
                from,
                to.format("%H:%M").to_string(),
                demo::MEETING_TEACHER,
                if digital { "Digitalt" } else { "Klassrum 5A" },
                if digital {
                    "Digitalt utvecklingssamtal"
                } else {
                    "Utvecklingssamtal"
                },
                digital.then_some("https://teams.microsoft.com/l/meetup-join/ekbacken-5a-utvecklingssamtal"),
                closes
            ],
        )?;
    }
    Ok(())
}

/// A slot as the pupil's guardians see it.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub id: i64,
    pub date: NaiveDate,
    pub time_from: String,
    pub time_to: String,
    pub teacher_name: String,
    pub location: String,
    pub meeting_type: String,
    pub meeting_link: Option<String>,
    pub closes_at: String,
    /// The booking id when this pupil has booked the slot.
    pub meeting_id: Option<i64>,
}

const SLOT_COLUMNS: &str = "s.id, s.date, s.time_from, s.time_to, s.teacher_name, s.location, s.meeting_type,
     s.meeting_link, s.closes_at";

fn slot_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Slot> {
    let date: String = row.get(1)?;
    Ok(Slot {
        id: row.get(0)?,
        date: time::parse_date(&date).unwrap_or_default(),
        time_from: row.get(2)?,
        time_to: row.get(3)?,
        teacher_name: row.get(4)?,
        location: row.get(5)?,
        meeting_type: row.get(6)?,
        meeting_link: row.get(7)?,
        closes_at: row.get(8)?,
        meeting_id: row.get(9)?,
    })
}

/// The pupil's booked slot and the free slots still open for booking, in time order.
pub(crate) fn availabilities(conn: &Connection, pupil: &PupilInfo, now_local: &str) -> rusqlite::Result<Vec<Slot>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SLOT_COLUMNS}, b.id FROM meeting_slots s LEFT JOIN meeting_bookings b ON b.slot_id = s.id
         WHERE s.school_id = ?1 AND s.class_name = ?2
           AND (b.pupil_id = ?3 OR (b.id IS NULL AND s.closes_at > ?4))
         ORDER BY s.date, s.time_from, s.id"
    ))?;
    stmt.query_map(
        params![pupil.school_id, pupil.class_name, pupil.pupil_id, now_local],
        slot_from_row,
    )?
    .collect()
}

/// The pupil's bookings with the name of the guardian who booked.
pub(crate) fn bookings(conn: &Connection, pupil: &PupilInfo) -> rusqlite::Result<Vec<(Slot, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SLOT_COLUMNS}, b.id, u.first_name || ' ' || u.last_name
         FROM meeting_bookings b JOIN meeting_slots s ON s.id = b.slot_id JOIN users u ON u.id = b.booked_by
         WHERE b.pupil_id = ?1 ORDER BY s.date, s.time_from"
    ))?;
    stmt.query_map(params![pupil.pupil_id], |row| Ok((slot_from_row(row)?, row.get(10)?)))?
        .collect()
}

/// Why a booking change was refused; the codes of the booking design.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    SlotTaken,
    BookingClosed,
    AlreadyBooked,
    CancelClosed,
    NotFound,
}

/// A booking change's outcome: the database failed, or the change was refused.
#[derive(Debug)]
pub(crate) enum BookError {
    Refused(Refusal),
    Db(rusqlite::Error),
}

impl From<rusqlite::Error> for BookError {
    fn from(err: rusqlite::Error) -> Self {
        BookError::Db(err)
    }
}

fn is_constraint(err: &rusqlite::Error) -> bool {
    matches!(err, rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::ConstraintViolation)
}

/// (closes_at, booked by pupil) of a slot offered to the pupil's class; `None` for an unknown slot.
fn offered_slot(
    tx: &Transaction<'_>,
    pupil: &PupilInfo,
    slot_id: i64,
) -> rusqlite::Result<Option<(String, Option<String>)>> {
    tx.query_row(
        "SELECT s.closes_at, b.pupil_id FROM meeting_slots s LEFT JOIN meeting_bookings b ON b.slot_id = s.id
         WHERE s.id = ?1 AND s.school_id = ?2 AND s.class_name = ?3",
        params![slot_id, pupil.school_id, pupil.class_name],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

/// Books `slot_id` for the pupil; returns the new meeting id.
pub(crate) fn book(
    conn: &mut Connection,
    pupil: &PupilInfo,
    user_id: &str,
    slot_id: i64,
    now_local: &str,
) -> Result<i64, BookError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((closes_at, booked_by_pupil)) = offered_slot(&tx, pupil, slot_id)? else {
        return Err(BookError::Refused(Refusal::NotFound));
    };
    if let Some(holder) = booked_by_pupil {
        let refusal = if holder == pupil.pupil_id {
            Refusal::AlreadyBooked
        } else {
            Refusal::SlotTaken
        };
        return Err(BookError::Refused(refusal));
    }
    if now_local >= closes_at.as_str() {
        return Err(BookError::Refused(Refusal::BookingClosed));
    }
    let has_booking: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM meeting_bookings WHERE pupil_id = ?1)",
        params![pupil.pupil_id],
        |row| row.get(0),
    )?;
    if has_booking {
        return Err(BookError::Refused(Refusal::AlreadyBooked));
    }
    let inserted = tx.execute(
        "INSERT INTO meeting_bookings (id, slot_id, pupil_id, booked_by, booked_at)
         VALUES ((SELECT coalesce(max(id), ?5) + 1 FROM meeting_bookings), ?1, ?2, ?3, ?4)",
        params![slot_id, pupil.pupil_id, user_id, now_local, FIRST_MEETING_ID],
    );
    match inserted {
        Ok(_) => {}
        Err(err) if is_constraint(&err) => return Err(BookError::Refused(Refusal::SlotTaken)),
        Err(err) => return Err(err.into()),
    }
    let id = tx.last_insert_rowid();
    tx.commit()?;
    Ok(id)
}

/// (slot id, closes_at) of the pupil's booking `meeting_id`.
fn own_booking(tx: &Transaction<'_>, pupil: &PupilInfo, meeting_id: i64) -> rusqlite::Result<Option<(i64, String)>> {
    tx.query_row(
        "SELECT s.id, s.closes_at FROM meeting_bookings b JOIN meeting_slots s ON s.id = b.slot_id
         WHERE b.id = ?1 AND b.pupil_id = ?2",
        params![meeting_id, pupil.pupil_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

/// Moves booking `meeting_id` to `slot_id` atomically: the old slot is freed only if the new one is taken.
pub(crate) fn rebook(
    conn: &mut Connection,
    pupil: &PupilInfo,
    user_id: &str,
    meeting_id: i64,
    slot_id: i64,
    now_local: &str,
) -> Result<(), BookError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((old_slot, old_closes)) = own_booking(&tx, pupil, meeting_id)? else {
        return Err(BookError::Refused(Refusal::NotFound));
    };
    if old_slot == slot_id {
        return Ok(());
    }
    if now_local >= old_closes.as_str() {
        return Err(BookError::Refused(Refusal::CancelClosed));
    }
    let Some((closes_at, holder)) = offered_slot(&tx, pupil, slot_id)? else {
        return Err(BookError::Refused(Refusal::NotFound));
    };
    if holder.is_some() {
        return Err(BookError::Refused(Refusal::SlotTaken));
    }
    if now_local >= closes_at.as_str() {
        return Err(BookError::Refused(Refusal::BookingClosed));
    }
    let moved = tx.execute(
        "UPDATE meeting_bookings SET slot_id = ?2, booked_by = ?3, booked_at = ?4 WHERE id = ?1",
        params![meeting_id, slot_id, user_id, now_local],
    );
    match moved {
        Ok(_) => {}
        Err(err) if is_constraint(&err) => return Err(BookError::Refused(Refusal::SlotTaken)),
        Err(err) => return Err(err.into()),
    }
    tx.commit()?;
    Ok(())
}

/// Cancels the pupil's booking `meeting_id` before its deadline.
pub(crate) fn cancel(
    conn: &mut Connection,
    pupil: &PupilInfo,
    meeting_id: i64,
    now_local: &str,
) -> Result<(), BookError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let Some((_, closes_at)) = own_booking(&tx, pupil, meeting_id)? else {
        return Err(BookError::Refused(Refusal::NotFound));
    };
    if now_local >= closes_at.as_str() {
        return Err(BookError::Refused(Refusal::CancelClosed));
    }
    tx.execute("DELETE FROM meeting_bookings WHERE id = ?1", params![meeting_id])?;
    tx.commit()?;
    Ok(())
}

/// Every booking row: (meeting id, slot id, pupil id, booked by); for the admin API.
pub(crate) fn all_bookings(conn: &Connection) -> rusqlite::Result<Vec<(i64, i64, String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT id, slot_id, pupil_id, booked_by FROM meeting_bookings ORDER BY id")?;
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?
        .collect()
}

/// A slot the admin API adds.
pub(crate) struct NewSlot<'a> {
    pub class_name: &'a str,
    pub date: NaiveDate,
    pub time_from: &'a str,
    pub time_to: &'a str,
    pub closes_at: &'a str,
    pub teacher_name: &'a str,
    pub location: &'a str,
    pub meeting_type: &'a str,
    pub meeting_link: Option<&'a str>,
}

/// Adds a slot for a class of the demo school; returns its availability id.
pub(crate) fn add_slot(conn: &Connection, slot: &NewSlot<'_>) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO meeting_slots (school_id, class_name, date, time_from, time_to, teacher_name, location,
                                    meeting_type, meeting_link, closes_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            demo::SCHOOL.id,
            slot.class_name,
            slot.date.to_string(),
            slot.time_from,
            slot.time_to,
            slot.teacher_name,
            slot.location,
            slot.meeting_type,
            slot.meeting_link,
            slot.closes_at
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Removes a slot and any booking of it; false when there was no such slot.
pub(crate) fn remove_slot(conn: &mut Connection, slot_id: i64) -> rusqlite::Result<bool> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM meeting_bookings WHERE slot_id = ?1", params![slot_id])?;
    let removed = tx.execute("DELETE FROM meeting_slots WHERE id = ?1", params![slot_id])?;
    tx.commit()?;
    Ok(removed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{open_seeded_at, pupil_info};

    const NOW: &str = "2026-01-01T12:00:00";

    #[test]
    fn one_booking_per_slot_and_per_pupil() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut conn = open_seeded_at(today).unwrap();
        let nils = pupil_info(&conn, demo::PUPILS[1].pupil_id).unwrap().unwrap();
        let maja = pupil_info(&conn, demo::PUPILS[2].pupil_id).unwrap().unwrap();
        // A classmate of Nils, so two families can want the same slot.
        conn.execute(
            "INSERT INTO pupils (pupil_id, switch_id, im2_id, school_id, first_name, last_name, grade, class_name)
             VALUES ('5102399999', '2099999', 899999, 1, 'Ebba', 'Lund', 5, '5A')",
            [],
        )
        .unwrap();
        let ebba = pupil_info(&conn, "5102399999").unwrap().unwrap();
        let guardian = demo::USERS[0].id;
        let slots = availabilities(&conn, &nils, NOW).unwrap();
        let (first, second) = (slots[0].id, slots[1].id);

        let meeting = book(&mut conn, &nils, guardian, first, NOW).unwrap();
        let refused = |r: Result<i64, BookError>| match r {
            Err(BookError::Refused(r)) => r,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(
            refused(book(&mut conn, &ebba, guardian, first, NOW)),
            Refusal::SlotTaken
        );
        assert_eq!(
            refused(book(&mut conn, &nils, guardian, second, NOW)),
            Refusal::AlreadyBooked
        );
        assert_eq!(
            refused(book(&mut conn, &maja, guardian, second, NOW)),
            Refusal::NotFound,
            "not 8C's slot"
        );
        assert!(!availabilities(&conn, &ebba, NOW).unwrap().iter().any(|s| s.id == first));

        // Rebook onto a taken slot keeps the old booking.
        let ebbas = book(&mut conn, &ebba, guardian, second, NOW).unwrap();
        assert!(matches!(
            rebook(&mut conn, &nils, guardian, meeting, second, NOW),
            Err(BookError::Refused(Refusal::SlotTaken))
        ));
        assert_eq!(bookings(&conn, &nils).unwrap()[0].0.id, first);
        assert!(matches!(
            cancel(&mut conn, &nils, ebbas, NOW),
            Err(BookError::Refused(Refusal::NotFound))
        ));
        let late = "2099-01-01T00:00:00";
        assert!(matches!(
            cancel(&mut conn, &nils, meeting, late),
            Err(BookError::Refused(Refusal::CancelClosed))
        ));
        cancel(&mut conn, &nils, meeting, NOW).unwrap();
        assert_eq!(all_bookings(&conn).unwrap().len(), 1);
    }
}

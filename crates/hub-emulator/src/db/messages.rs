//! Meddelanden (protocol §4.11): messages from staff about one pupil, addressed to the pupil's guardians, the
//! pupil's own account or both, with a read state per account. New messages notify their recipients.

use chrono::{NaiveDate, TimeDelta};
use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use super::{Role, seed_time};
use crate::demo::{self, MessageTo};
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    pupil_id     TEXT NOT NULL REFERENCES pupils(pupil_id),
    sender_id    INTEGER NOT NULL,
    sender_name  TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    sent_at      TEXT NOT NULL,
    to_guardians INTEGER NOT NULL,
    to_pupil     INTEGER NOT NULL,
    CHECK (to_guardians OR to_pupil)
);
CREATE INDEX messages_pupil ON messages(pupil_id);

CREATE TABLE message_reads (
    message_id INTEGER NOT NULL REFERENCES messages(id),
    user_id    TEXT NOT NULL REFERENCES users(id),
    PRIMARY KEY (message_id, user_id)
);
"#;

/// The accounts a message to `pupil_id` reaches (`?1` pupil, `?2` to guardians, `?3` to the pupil).
const RECIPIENTS_SQL: &str = "SELECT u.id FROM users u
     WHERE (?3 AND u.pupil_id = ?1)
        OR (?2 AND u.id IN (SELECT guardian_id FROM guardian_pupil WHERE pupil_id = ?1))";

fn flags(to: MessageTo) -> (bool, bool) {
    match to {
        MessageTo::Guardians => (true, false),
        MessageTo::Pupil => (false, true),
        MessageTo::Both => (true, true),
    }
}

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    for (id, pupil, sender_id, sender, days_ago, hhmm, subject, body, to, read) in demo::MESSAGES {
        let sent = time::local_iso((today - TimeDelta::days(days_ago)).and_time(seed_time(hhmm)));
        let (guardians, own) = flags(to);
        let new = NewMessage {
            pupil_id: pupil,
            sender_id,
            sender_name: sender,
            subject,
            body,
            to_guardians: guardians,
            to_pupil: own,
        };
        insert(tx, Some(id), &new, &sent, if read { "Read" } else { "New" })?;
        if read {
            tx.execute(
                &format!("INSERT INTO message_reads (message_id, user_id) SELECT ?4, id FROM ({RECIPIENTS_SQL})"),
                params![pupil, guardians, own, id],
            )?;
        }
    }
    Ok(())
}

/// A message to store.
#[derive(Debug, Clone)]
pub(crate) struct NewMessage<'a> {
    pub pupil_id: &'a str,
    pub sender_id: i64,
    pub sender_name: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub to_guardians: bool,
    pub to_pupil: bool,
}

/// Stores a message sent at `sent_at` (local ISO) and notifies each recipient (`MessageCreated`, route
/// `/#/communication/messages/<id>`) with notification state `state`; returns the message id.
pub(crate) fn insert(
    conn: &Connection,
    id: Option<i64>,
    m: &NewMessage<'_>,
    sent_at: &str,
    state: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO messages (id, pupil_id, sender_id, sender_name, subject, body, sent_at, to_guardians, to_pupil)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            id,
            m.pupil_id,
            m.sender_id,
            m.sender_name,
            m.subject,
            m.body,
            sent_at,
            m.to_guardians,
            m.to_pupil
        ],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        &format!(
            "INSERT INTO notifications (user_id, pupil_id, app_type, type_name, entity_type, title, sub_title,
                                        subjects_courses, date_sent, url, state)
             SELECT id, ?1, 'Unknown', 'MessageCreated', 'Message', ?4, ?5, '', ?6, ?7, ?8
             FROM ({RECIPIENTS_SQL})"
        ),
        params![
            m.pupil_id,
            m.to_guardians,
            m.to_pupil,
            m.subject,
            m.sender_name,
            sent_at,
            format!("/#/communication/messages/{id}"),
            state
        ],
    )?;
    Ok(id)
}

/// A message as one account sees it.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub id: i64,
    pub sender_id: i64,
    pub sender_name: String,
    pub subject: String,
    pub body: String,
    pub sent_at: String,
    pub is_new: bool,
    pub to_guardians: bool,
    pub to_pupil: bool,
}

const COLUMNS: &str = "m.id, m.sender_id, m.sender_name, m.subject, m.body, m.sent_at,
     NOT EXISTS (SELECT 1 FROM message_reads r WHERE r.message_id = m.id AND r.user_id = ?2),
     m.to_guardians, m.to_pupil";

/// Which messages about `?1` the account `?2` with role flag `?3` (1 = the pupil's own account) receives.
const VISIBLE_SQL: &str = "m.pupil_id = ?1 AND ((?3 AND m.to_pupil) OR (NOT ?3 AND m.to_guardians))";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Message> {
    Ok(Message {
        id: r.get(0)?,
        sender_id: r.get(1)?,
        sender_name: r.get(2)?,
        subject: r.get(3)?,
        body: r.get(4)?,
        sent_at: r.get(5)?,
        is_new: r.get(6)?,
        to_guardians: r.get(7)?,
        to_pupil: r.get(8)?,
    })
}

/// The account's inbox for the pupil, newest first; `search` matches subject, body or sender
/// (case-insensitive).
pub(crate) fn inbox(
    conn: &Connection,
    pupil_id: &str,
    user_id: &str,
    role: Role,
    search: Option<&str>,
) -> rusqlite::Result<Vec<Message>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM messages m WHERE {VISIBLE_SQL}
           AND (?4 IS NULL OR instr(lower(m.subject || ' ' || m.body || ' ' || m.sender_name), lower(?4)) > 0)
         ORDER BY m.sent_at DESC, m.id DESC"
    ))?;
    stmt.query_map(params![pupil_id, user_id, role == Role::Pupil, search], from_row)?
        .collect()
}

/// One message of the account's inbox for the pupil, marked read; `None` when it is not theirs to see.
pub(crate) fn open(
    conn: &Connection,
    pupil_id: &str,
    user_id: &str,
    role: Role,
    id: i64,
) -> rusqlite::Result<Option<Message>> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM messages m WHERE {VISIBLE_SQL} AND m.id = ?4"
        ))?
        .query_row(params![pupil_id, user_id, role == Role::Pupil, id], from_row)
        .optional()?;
    if found.is_some() {
        conn.execute(
            "INSERT OR IGNORE INTO message_reads (message_id, user_id) VALUES (?1, ?2)",
            params![id, user_id],
        )?;
    }
    Ok(found)
}

/// The recipients of a message as `(user id, display name)`.
pub(crate) fn recipients(conn: &Connection, pupil_id: &str, m: &Message) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT u.id, u.first_name || ' ' || u.last_name FROM users u WHERE u.id IN ({RECIPIENTS_SQL}) ORDER BY u.id"
    ))?;
    stmt.query_map(params![pupil_id, m.to_guardians, m.to_pupil], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_read_state_and_notifications() {
        let conn = crate::db::open_seeded_at(NaiveDate::from_ymd_opt(2026, 9, 9).unwrap()).unwrap();
        let guardian = demo::USERS[0].id;
        let student = demo::USERS[1].id;
        let maja = demo::PUPILS[2].pupil_id;
        let as_guardian = inbox(&conn, maja, guardian, Role::Guardian, None).unwrap();
        let as_student = inbox(&conn, maja, student, Role::Pupil, None).unwrap();
        assert!(as_guardian.iter().all(|m| m.to_guardians));
        assert!(as_student.iter().all(|m| m.to_pupil));
        assert!(as_guardian.iter().any(|m| m.id == 9305) && as_student.iter().any(|m| m.id == 9305));
        assert!(!as_guardian.iter().any(|m| m.id == 9306), "pupil-only message");
        assert!(open(&conn, maja, guardian, Role::Guardian, 9306).unwrap().is_none());
        assert!(
            open(&conn, demo::PUPILS[0].pupil_id, guardian, Role::Guardian, 9305)
                .unwrap()
                .is_none()
        );

        let read = inbox(&conn, maja, guardian, Role::Guardian, None).unwrap();
        assert!(read.iter().find(|m| m.id == 9307).is_some_and(|m| !m.is_new));
        assert!(read.iter().find(|m| m.id == 9305).is_some_and(|m| m.is_new));
        open(&conn, maja, guardian, Role::Guardian, 9305).unwrap().unwrap();
        let after = inbox(&conn, maja, guardian, Role::Guardian, None).unwrap();
        assert!(after.iter().find(|m| m.id == 9305).is_some_and(|m| !m.is_new));
        let student_view = inbox(&conn, maja, student, Role::Pupil, None).unwrap();
        assert!(
            student_view.iter().find(|m| m.id == 9305).is_some_and(|m| m.is_new),
            "read state per account"
        );

        let found = inbox(&conn, maja, guardian, Role::Guardian, Some("PRAO")).unwrap();
        assert_eq!(found.iter().map(|m| m.id).collect::<Vec<_>>(), [9305, 9307]);

        let notified: i64 = conn
            .query_row(
                "SELECT count(*) FROM notifications WHERE url = '/#/communication/messages/9305'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(notified, 2, "the guardian and the student");
    }
}

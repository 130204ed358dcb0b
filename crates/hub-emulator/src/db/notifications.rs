//! Notifications (protocol §4.1): one row per recipient account and pupil, with the hub's states.

use chrono::{Datelike as _, NaiveDate, TimeDelta};
use rusqlite::{Connection, Transaction, params};

use super::seed_time;
use crate::demo::{self, Target};
use crate::time;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY,
    user_id          TEXT NOT NULL REFERENCES users(id),
    pupil_id         TEXT NOT NULL REFERENCES pupils(pupil_id),
    app_type         TEXT NOT NULL,
    type_name        TEXT NOT NULL,
    entity_type      TEXT NOT NULL,
    title            TEXT NOT NULL,
    sub_title        TEXT NOT NULL,
    subjects_courses TEXT NOT NULL,
    date_sent        TEXT NOT NULL,
    url              TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('New', 'Seen', 'Read', 'Cleared'))
);
CREATE INDEX notifications_user ON notifications(user_id);
"#;

/// The notification states a client may set.
pub(crate) const STATES: [&str; 4] = ["New", "Seen", "Read", "Cleared"];

pub(crate) fn seed(tx: &Transaction<'_>, today: NaiveDate) -> rusqlite::Result<()> {
    for n in &demo::NOTIFICATIONS {
        let url = match n.target {
            Target::News(id) => format!("/#/communication/news/{id}"),
            Target::Calendar(id) => {
                let start: String = tx.query_row(
                    "SELECT start_at FROM calendar_entries WHERE id = ?1",
                    params![id],
                    |row| row.get(0),
                )?;
                let week = time::parse_date(&start).unwrap_or(today).iso_week();
                format!(
                    "/#/calendarv2/whole_week?selectedYear={}&selectedWeek={}&eventId={id}",
                    week.year(),
                    week.week()
                )
            }
            Target::Meeting => "#/meeting".to_owned(),
            Target::Route(route) => route.to_owned(),
        };
        let sent = time::local_iso((today - TimeDelta::days(n.days_ago)).and_time(seed_time(n.time)));
        tx.execute(
            "INSERT INTO notifications (id, user_id, pupil_id, app_type, type_name, entity_type, title, sub_title,
                                        subjects_courses, date_sent, url, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                n.id,
                n.user_id,
                n.pupil_id,
                n.app_type,
                n.type_name,
                n.entity_type,
                n.title,
                n.sub_title,
                n.subjects_courses,
                sent,
                url,
                n.state
            ],
        )?;
    }
    Ok(())
}

/// A notification as stored.
pub(crate) struct Notification {
    pub id: i64,
    pub pupil_id: String,
    pub app_type: String,
    pub type_name: String,
    pub entity_type: String,
    pub title: String,
    pub sub_title: String,
    pub subjects_courses: String,
    pub date_sent: String,
    pub url: String,
    pub state: String,
}

/// The account's notifications about any of its pupils, newest first, without cleared ones; with
/// `since`, only those sent at or after it: times have whole seconds, so an item created in the second a poll
/// answered comes again in the next poll instead of never (clients dedupe by id).
pub(crate) fn for_user(conn: &Connection, user_id: &str, since: Option<&str>) -> rusqlite::Result<Vec<Notification>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, pupil_id, app_type, type_name, entity_type, title, sub_title, subjects_courses, date_sent, url,
                state
         FROM notifications
         WHERE user_id = ?1 AND state <> 'Cleared' AND (?2 IS NULL OR date_sent >= ?2)
         ORDER BY date_sent DESC, id DESC",
    )?;
    stmt.query_map(params![user_id, since], |row| {
        Ok(Notification {
            id: row.get(0)?,
            pupil_id: row.get(1)?,
            app_type: row.get(2)?,
            type_name: row.get(3)?,
            entity_type: row.get(4)?,
            title: row.get(5)?,
            sub_title: row.get(6)?,
            subjects_courses: row.get(7)?,
            date_sent: row.get(8)?,
            url: row.get(9)?,
            state: row.get(10)?,
        })
    })?
    .collect()
}

/// Sets `state` on those of `ids` that belong to the account; returns how many changed.
pub(crate) fn set_state(conn: &mut Connection, user_id: &str, ids: &[i64], state: &str) -> rusqlite::Result<usize> {
    let tx = conn.transaction()?;
    let mut changed = 0;
    for id in ids {
        changed += tx.execute(
            "UPDATE notifications SET state = ?3 WHERE id = ?1 AND user_id = ?2",
            params![id, user_id, state],
        )?;
    }
    tx.commit()?;
    Ok(changed)
}

/// A new notification for every guardian of `pupil_id` (and the pupil's own account), state `New`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn notify_pupil(
    conn: &Connection,
    pupil_id: &str,
    app_type: &str,
    type_name: &str,
    entity_type: &str,
    title: &str,
    sub_title: &str,
    url: &str,
    now_local: &str,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO notifications (user_id, pupil_id, app_type, type_name, entity_type, title, sub_title,
                                    subjects_courses, date_sent, url, state)
         SELECT u.id, ?1, ?2, ?3, ?4, ?5, ?6, '', ?8, ?7, 'New' FROM users u
         WHERE u.pupil_id = ?1 OR u.id IN (SELECT guardian_id FROM guardian_pupil WHERE pupil_id = ?1)",
        params![
            pupil_id,
            app_type,
            type_name,
            entity_type,
            title,
            sub_title,
            url,
            now_local
        ],
    )
}

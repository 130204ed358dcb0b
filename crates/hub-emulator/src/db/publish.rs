//! New content published by staff (through the admin API): news and calendar entries for the school, a class or
//! a grade, each in one transaction with the notification items (§4.1) that every recipient account gets per
//! pupil in the audience, so a client's aggregated poll sees them.

use chrono::{Datelike as _, NaiveDateTime};
use rusqlite::{Connection, params};

/// The pupils in an audience (`?1` school, `?2` class or null, `?3` grade or null).
const AUDIENCE_SQL: &str = "school_id = ?1 AND (?2 IS NULL OR class_name = ?2) AND (?3 IS NULL OR grade = ?3)";

/// Who sees a published item: `class_name` and `grade` narrow the whole school (at most one of them).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Audience<'a> {
    pub school_id: i64,
    pub class_name: Option<&'a str>,
    pub grade: Option<i64>,
}

/// A notification about one item, for every account linked to a pupil in the audience.
struct Notice<'a> {
    app_type: &'a str,
    type_name: &'a str,
    entity_type: &'a str,
    title: &'a str,
    sub_title: &'a str,
    url: &'a str,
}

/// Inserts the notification items; returns how many (one per account and pupil).
fn notify(conn: &Connection, audience: Audience<'_>, n: &Notice<'_>, now_local: &str) -> rusqlite::Result<usize> {
    conn.execute(
        &format!(
            "INSERT INTO notifications (user_id, pupil_id, app_type, type_name, entity_type, title, sub_title,
                                        subjects_courses, date_sent, url, state)
             SELECT u.id, p.pupil_id, ?4, ?5, ?6, ?7, ?8, '', ?9, ?10, 'New'
             FROM (SELECT pupil_id FROM pupils WHERE {AUDIENCE_SQL}) p
             JOIN users u ON u.pupil_id = p.pupil_id
                          OR u.id IN (SELECT guardian_id FROM guardian_pupil g WHERE g.pupil_id = p.pupil_id)"
        ),
        params![
            audience.school_id,
            audience.class_name,
            audience.grade,
            n.app_type,
            n.type_name,
            n.entity_type,
            n.title,
            n.sub_title,
            now_local,
            n.url
        ],
    )
}

/// A news item to publish now.
#[derive(Debug, Clone)]
pub(crate) struct News<'a> {
    pub title: &'a str,
    pub content: &'a str,
    pub published_by: &'a str,
}

/// Publishes a news item and notifies its audience; returns the news id and the number of notifications.
pub(crate) fn news(
    conn: &mut Connection,
    audience: Audience<'_>,
    item: &News<'_>,
    now_local: &str,
) -> rusqlite::Result<(i64, usize)> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO news (school_id, class_name, grade, title, content, published_at, published_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            audience.school_id,
            audience.class_name,
            audience.grade,
            item.title,
            item.content,
            now_local,
            item.published_by
        ],
    )?;
    let id = tx.last_insert_rowid();
    let url = format!("/#/communication/news/{id}");
    let notice = Notice {
        app_type: "News",
        type_name: "NewsItem",
        entity_type: "NewsItem",
        title: item.title,
        sub_title: item.published_by,
        url: &url,
    };
    let notified = notify(&tx, audience, &notice, now_local)?;
    tx.commit()?;
    Ok((id, notified))
}

/// A calendar entry to publish; an all-day entry has midnight times.
#[derive(Debug, Clone)]
pub(crate) struct Entry<'a> {
    pub type_id: i64,
    pub title: &'a str,
    pub text: &'a str,
    pub all_day: bool,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub published_by: &'a str,
}

/// Adds a calendar entry and notifies its audience (`CalendarV2EventCreated`); returns the entry id and the
/// number of notifications.
pub(crate) fn calendar_entry(
    conn: &mut Connection,
    audience: Audience<'_>,
    entry: &Entry<'_>,
    now_local: &str,
) -> rusqlite::Result<(i64, usize)> {
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO calendar_entries (school_id, class_name, grade, type_id, title, text, all_day, start_at, end_at,
                                       subjects)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, '[]')",
        params![
            audience.school_id,
            audience.class_name,
            audience.grade,
            entry.type_id,
            entry.title,
            entry.text,
            entry.all_day,
            crate::time::local_iso(entry.start),
            crate::time::local_iso(entry.end)
        ],
    )?;
    let id = tx.last_insert_rowid();
    let week = entry.start.date().iso_week();
    let url = format!(
        "/#/calendarv2/whole_week?selectedYear={}&selectedWeek={}&eventId={id}",
        week.year(),
        week.week()
    );
    let notice = Notice {
        app_type: "CalendarV2",
        type_name: "CalendarV2EventCreated",
        entity_type: "CalendarEntry",
        title: entry.title,
        sub_title: entry.published_by,
        url: &url,
    };
    let notified = notify(&tx, audience, &notice, now_local)?;
    tx.commit()?;
    Ok((id, notified))
}

/// Whether any pupil of the school is in the audience (a class or grade nobody is in is a caller mistake).
pub(crate) fn audience_exists(conn: &Connection, audience: Audience<'_>) -> rusqlite::Result<bool> {
    conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM pupils WHERE {AUDIENCE_SQL})"),
        params![audience.school_id, audience.class_name, audience.grade],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    #[test]
    fn news_for_a_class_notifies_its_guardians_and_students_only() {
        let mut conn = crate::db::open_seeded().unwrap();
        let before: i64 = conn
            .query_row("SELECT count(*) FROM notifications", [], |r| r.get(0))
            .unwrap();
        let class = Audience {
            school_id: demo::SCHOOL.id,
            class_name: Some("8C"),
            grade: None,
        };
        let item = News {
            title: "Prao-veckan",
            content: "<p>Info</p>",
            published_by: "Sara Ekström",
        };
        let (id, notified) = news(&mut conn, class, &item, "2030-01-01T10:00:00").unwrap();
        // Maja's guardian and Maja's own student account.
        assert_eq!(notified, 2);
        let url: String = conn
            .query_row(
                "SELECT url FROM notifications WHERE title = 'Prao-veckan' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(url, format!("/#/communication/news/{id}"));
        let school = Audience {
            school_id: demo::SCHOOL.id,
            class_name: None,
            grade: None,
        };
        let (_, everyone) = news(&mut conn, school, &item, "2030-01-01T10:00:00").unwrap();
        assert_eq!(everyone, 4, "the guardian once per child, plus the student");
        let after: i64 = conn
            .query_row("SELECT count(*) FROM notifications", [], |r| r.get(0))
            .unwrap();
        assert_eq!(after - before, 6);
        let nobody = Audience {
            school_id: demo::SCHOOL.id,
            class_name: Some("9Z"),
            grade: None,
        };
        assert!(!audience_exists(&conn, nobody).unwrap());
        assert!(audience_exists(&conn, class).unwrap());
    }
}

//! Kontaktlista (protocol §4.13) and contact visibility (`account/preferences`, §4.17 and the designed
//! `SavePrivacy`): classmates and their guardians, staff, and each account's privacy choices, which the
//! class list honours at once.

use rusqlite::{Connection, OptionalExtension as _, Transaction, params};

use crate::demo;

pub(crate) const SCHEMA: &str = r#"
-- Pupils of other families, as the class list shows them.
CREATE TABLE classmates (
    id         TEXT PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES schools(id),
    class_name TEXT NOT NULL,
    name       TEXT NOT NULL
);

CREATE TABLE classmate_guardians (
    id           TEXT PRIMARY KEY,
    classmate_id TEXT NOT NULL REFERENCES classmates(id),
    name         TEXT NOT NULL,
    relation     TEXT NOT NULL,
    phone        TEXT,
    mobile       TEXT
);

CREATE TABLE staff (
    id                TEXT PRIMARY KEY,
    school_id         INTEGER NOT NULL REFERENCES schools(id),
    class_name        TEXT NOT NULL,
    name              TEXT NOT NULL,
    title             TEXT NOT NULL,
    phone             TEXT NOT NULL,
    email             TEXT NOT NULL,
    appointment_hours TEXT NOT NULL
);

-- Contact details of login accounts (guardians).
CREATE TABLE user_contacts (
    user_id  TEXT PRIMARY KEY REFERENCES users(id),
    relation TEXT NOT NULL,
    address  TEXT,
    phone    TEXT,
    mobile   TEXT,
    email    TEXT
);

-- What an account lets other guardians see; no row means the defaults.
CREATE TABLE privacy (
    user_id       TEXT PRIMARY KEY REFERENCES users(id),
    show_name     INTEGER NOT NULL,
    show_address  INTEGER NOT NULL,
    show_phone    INTEGER NOT NULL,
    show_mobile   INTEGER NOT NULL,
    show_email    INTEGER NOT NULL,
    child_visible INTEGER NOT NULL
);

-- The account's language (no row: Swedish) and push-notification choices (no row: on).
CREATE TABLE account_settings (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    culture TEXT NOT NULL
);
CREATE TABLE push_settings (
    user_id  TEXT NOT NULL REFERENCES users(id),
    type_id  INTEGER NOT NULL,
    selected INTEGER NOT NULL,
    PRIMARY KEY (user_id, type_id)
);
"#;

/// The languages an account may choose: culture code and name.
pub(crate) const LANGUAGES: [(&str, &str); 2] = [("sv-SE", "Svenska"), ("en-GB", "English")];

/// The push-notification types of the preferences page: id, app code name, type name, description.
pub(crate) const PUSH_TYPES: [(i64, &str, &str, &str); 5] = [
    (1, "communication", "News", "Nyheter"),
    (2, "calendarv2", "CalendarEntry", "Kalenderhändelser"),
    (3, "task", "Assignment", "Uppgifter"),
    (4, "meeting", "ParentMeeting", "Utvecklingssamtal"),
    (5, "message", "Message", "Meddelanden"),
];

/// The account's culture code.
pub(crate) fn culture(conn: &Connection, user_id: &str) -> rusqlite::Result<String> {
    Ok(conn
        .query_row(
            "SELECT culture FROM account_settings WHERE user_id = ?1",
            params![user_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| LANGUAGES[0].0.to_owned()))
}

pub(crate) fn save_culture(conn: &Connection, user_id: &str, culture: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO account_settings (user_id, culture) VALUES (?1, ?2)
         ON CONFLICT (user_id) DO UPDATE SET culture = ?2",
        params![user_id, culture],
    )?;
    Ok(())
}

/// Whether the account wants push notifications of type `type_id`.
pub(crate) fn push_selected(conn: &Connection, user_id: &str, type_id: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT selected FROM push_settings WHERE user_id = ?1 AND type_id = ?2",
            params![user_id, type_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(true))
}

pub(crate) fn save_push(conn: &Connection, user_id: &str, type_id: i64, selected: bool) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO push_settings (user_id, type_id, selected) VALUES (?1, ?2, ?3)
         ON CONFLICT (user_id, type_id) DO UPDATE SET selected = ?3",
        params![user_id, type_id, selected],
    )?;
    Ok(())
}

pub(crate) fn seed(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    for (i, (class, first, last, guardian, relation, phone, mobile)) in (1i64..).zip(demo::CLASSMATES.iter()) {
        let id = format!("61000000{i:02}");
        tx.execute(
            "INSERT INTO classmates (id, school_id, class_name, name) VALUES (?1, ?2, ?3, ?4)",
            params![id, demo::SCHOOL.id, class, format!("{first} {last}")],
        )?;
        tx.execute(
            "INSERT INTO classmate_guardians (id, classmate_id, name, relation, phone, mobile)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![format!("62000000{i:02}"), id, guardian, relation, phone, mobile],
        )?;
    }
    for (i, (class, name, title, phone, email, hours)) in (1i64..).zip(demo::STAFF.iter()) {
        tx.execute(
            "INSERT INTO staff (id, school_id, class_name, name, title, phone, email, appointment_hours)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                format!("63000000{i:02}"),
                demo::SCHOOL.id,
                class,
                name,
                title,
                phone,
                email,
                hours
            ],
        )?;
    }
    let (relation, address, phone, mobile, email) = demo::GUARDIAN_CONTACT;
    tx.execute(
        "INSERT INTO user_contacts (user_id, relation, address, phone, mobile, email) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![demo::USERS[0].id, relation, address, phone, mobile, email],
    )?;
    Ok(())
}

/// An account's visibility choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Privacy {
    pub show_name: bool,
    pub show_address: bool,
    pub show_phone: bool,
    pub show_mobile: bool,
    pub show_email: bool,
    pub child_visible: bool,
}

impl Default for Privacy {
    /// Name, phone numbers and e-mail shown, the home address hidden, the child listed.
    fn default() -> Self {
        Privacy {
            show_name: true,
            show_address: false,
            show_phone: true,
            show_mobile: true,
            show_email: true,
            child_visible: true,
        }
    }
}

pub(crate) fn privacy(conn: &Connection, user_id: &str) -> rusqlite::Result<Privacy> {
    Ok(conn
        .query_row(
            "SELECT show_name, show_address, show_phone, show_mobile, show_email, child_visible
             FROM privacy WHERE user_id = ?1",
            params![user_id],
            |row| {
                Ok(Privacy {
                    show_name: row.get(0)?,
                    show_address: row.get(1)?,
                    show_phone: row.get(2)?,
                    show_mobile: row.get(3)?,
                    show_email: row.get(4)?,
                    child_visible: row.get(5)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

pub(crate) fn save_privacy(conn: &Connection, user_id: &str, p: Privacy) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO privacy (user_id, show_name, show_address, show_phone, show_mobile, show_email, child_visible)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (user_id) DO UPDATE SET show_name = ?2, show_address = ?3, show_phone = ?4, show_mobile = ?5,
                                             show_email = ?6, child_visible = ?7",
        params![
            user_id,
            p.show_name,
            p.show_address,
            p.show_phone,
            p.show_mobile,
            p.show_email,
            p.child_visible
        ],
    )?;
    Ok(())
}

/// A pupil in the class list.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub id: String,
    pub name: String,
}

/// The pupils of a class: seeded pupils (unless one of their guardians hid them from others; the viewer's
/// own children always show) and classmates.
pub(crate) fn class_members(
    conn: &Connection,
    school_id: i64,
    class_name: &str,
    viewer_id: &str,
) -> rusqlite::Result<Vec<Member>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT p.pupil_id, p.first_name || ' ' || p.last_name FROM pupils p
         WHERE p.school_id = ?1 AND p.class_name = ?2
           AND (EXISTS (SELECT 1 FROM guardian_pupil g WHERE g.pupil_id = p.pupil_id AND g.guardian_id = ?3)
                OR EXISTS (SELECT 1 FROM users u WHERE u.pupil_id = p.pupil_id AND u.id = ?3)
                OR NOT EXISTS (SELECT 1 FROM guardian_pupil g JOIN privacy pr ON pr.user_id = g.guardian_id
                               WHERE g.pupil_id = p.pupil_id AND pr.child_visible = 0))",
    )?;
    for row in stmt.query_map(params![school_id, class_name, viewer_id], |row| {
        Ok(Member {
            id: row.get(0)?,
            name: row.get(1)?,
        })
    })? {
        out.push(row?);
    }
    let mut stmt = conn.prepare_cached("SELECT id, name FROM classmates WHERE school_id = ?1 AND class_name = ?2")?;
    for row in stmt.query_map(params![school_id, class_name], |row| {
        Ok(Member {
            id: row.get(0)?,
            name: row.get(1)?,
        })
    })? {
        out.push(row?);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// A guardian as `GetPupil` lists it, before privacy is applied.
#[derive(Debug, Clone)]
pub(crate) struct Guardian {
    pub id: String,
    pub user_id: Option<String>,
    pub name: String,
    pub relation: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
}

/// The class and guardians of a class-list pupil (seeded pupil or classmate) in this school.
pub(crate) fn member_guardians(
    conn: &Connection,
    school_id: i64,
    member_id: &str,
) -> rusqlite::Result<Option<(String, String, Vec<Guardian>)>> {
    let pupil: Option<(String, String)> = conn
        .query_row(
            "SELECT first_name || ' ' || last_name, class_name FROM pupils WHERE pupil_id = ?1 AND school_id = ?2",
            params![member_id, school_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    if let Some((name, class)) = pupil {
        let mut stmt = conn.prepare_cached(
            "SELECT u.id, u.first_name || ' ' || u.last_name, c.relation, c.address, c.phone, c.mobile, c.email
             FROM guardian_pupil g JOIN users u ON u.id = g.guardian_id
             LEFT JOIN user_contacts c ON c.user_id = u.id
             WHERE g.pupil_id = ?1 ORDER BY g.sort, u.id",
        )?;
        let guardians = stmt
            .query_map(params![member_id], |row| {
                Ok(Guardian {
                    id: row.get(0)?,
                    user_id: row.get(0)?,
                    name: row.get(1)?,
                    relation: row
                        .get::<_, Option<String>>(2)?
                        .unwrap_or_else(|| "Vårdnadshavare".to_owned()),
                    address: row.get(3)?,
                    phone: row.get(4)?,
                    mobile: row.get(5)?,
                    email: row.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(Some((name, class, guardians)));
    }
    let classmate: Option<(String, String)> = conn
        .query_row(
            "SELECT name, class_name FROM classmates WHERE id = ?1 AND school_id = ?2",
            params![member_id, school_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((name, class)) = classmate else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, relation, phone, mobile FROM classmate_guardians WHERE classmate_id = ?1 ORDER BY id",
    )?;
    let guardians = stmt
        .query_map(params![member_id], |row| {
            Ok(Guardian {
                id: row.get(0)?,
                user_id: None,
                name: row.get(1)?,
                relation: row.get(2)?,
                address: None,
                phone: row.get(3)?,
                mobile: row.get(4)?,
                email: None,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some((name, class, guardians)))
}

/// A staff member.
#[derive(Debug, Clone)]
pub(crate) struct Staff {
    pub id: String,
    pub class_name: String,
    pub name: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    pub appointment_hours: String,
}

fn staff_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    Ok(Staff {
        id: row.get(0)?,
        class_name: row.get(1)?,
        name: row.get(2)?,
        title: row.get(3)?,
        phone: row.get(4)?,
        email: row.get(5)?,
        appointment_hours: row.get(6)?,
    })
}

pub(crate) fn class_staff(conn: &Connection, school_id: i64, class_name: &str) -> rusqlite::Result<Vec<Staff>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, class_name, name, title, phone, email, appointment_hours FROM staff
         WHERE school_id = ?1 AND class_name = ?2 ORDER BY name",
    )?;
    stmt.query_map(params![school_id, class_name], staff_from_row)?
        .collect()
}

pub(crate) fn staff(conn: &Connection, school_id: i64, id: &str) -> rusqlite::Result<Option<Staff>> {
    crate::db::cached_row(
        conn,
        "SELECT id, class_name, name, title, phone, email, appointment_hours FROM staff WHERE id = ?1 AND school_id = ?2",
        params![id, school_id],
        staff_from_row,
    )
    .optional()
}

/// The user name of an account, for the preferences page.
pub(crate) fn username(conn: &Connection, user_id: &str) -> rusqlite::Result<String> {
    crate::db::cached_row(
        conn,
        "SELECT username FROM users WHERE id = ?1",
        params![user_id],
        |row| row.get(0),
    )
}

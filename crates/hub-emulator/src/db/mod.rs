//! The emulator's SQLite schema, demo seed and queries; the only module that writes SQL.
//!
//! Times are integers in milliseconds since the Unix epoch on the emulator clock. Ids follow the hub's id
//! schemes (protocol §3.6) and are stored as text so leading zeros and lengths survive. Sessions that end
//! are deleted; sessions that expire keep their row with `expires_at` in the past, so "expired" and "logged
//! out" stay distinguishable for later endpoints that answer them differently.

pub(crate) mod assessment;
pub(crate) mod attendance;
pub(crate) mod bankid;
pub(crate) mod blog;
pub(crate) mod calendar;
pub(crate) mod classlist;
pub(crate) mod communication;
pub(crate) mod documentation;
pub(crate) mod etest;
pub(crate) mod learnlog;
pub(crate) mod meeting;
pub(crate) mod messages;
pub(crate) mod notifications;
pub(crate) mod oauth;
pub(crate) mod publish;
pub(crate) mod task;
pub(crate) mod timereg;
pub(crate) mod timetable;
pub(crate) mod weeklyplan;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension as _, params};

use crate::demo;
use crate::time;
use crate::token;

/// How long a relay `oauth_token` may wait for its LoginCallback.
const RELAY_TOKEN_TTL_MS: i64 = 10 * 60 * 1000;
/// How many issued WebForms pages per mentor session stay valid (several open tabs are fine).
const FORMS_PER_SESSION: i64 = 20;

const SCHEMA: &str = r#"
PRAGMA foreign_keys = ON;

CREATE TABLE schools (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    municipality    TEXT NOT NULL,
    town            TEXT NOT NULL,
    idp             TEXT NOT NULL,
    hybrid_instance INTEGER NOT NULL
);

-- The app (module) catalogue; `sort` is the start-page order.
CREATE TABLE apps (
    code_name TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    sort      INTEGER NOT NULL
);

CREATE TABLE pupils (
    pupil_id   TEXT PRIMARY KEY CHECK (length(pupil_id) = 10),
    switch_id  TEXT NOT NULL UNIQUE CHECK (length(switch_id) = 7),
    im2_id     INTEGER NOT NULL UNIQUE,
    school_id  INTEGER NOT NULL REFERENCES schools(id),
    first_name TEXT NOT NULL,
    last_name  TEXT NOT NULL,
    grade      INTEGER NOT NULL,
    class_name TEXT NOT NULL,
    fritids    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id         TEXT PRIMARY KEY,
    school_id  INTEGER NOT NULL REFERENCES schools(id),
    role       TEXT NOT NULL CHECK (role IN ('Guardian', 'Pupil')),
    username   TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password   TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name  TEXT NOT NULL,
    pupil_id   TEXT REFERENCES pupils(pupil_id),
    CHECK ((role = 'Pupil') = (pupil_id IS NOT NULL))
);

CREATE TABLE guardian_pupil (
    guardian_id TEXT NOT NULL REFERENCES users(id),
    pupil_id    TEXT NOT NULL REFERENCES pupils(pupil_id),
    sort        INTEGER NOT NULL,
    PRIMARY KEY (guardian_id, pupil_id)
);

CREATE TABLE pupil_apps (
    pupil_id     TEXT NOT NULL REFERENCES pupils(pupil_id),
    code_name    TEXT NOT NULL REFERENCES apps(code_name),
    student_only INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pupil_id, code_name)
);

-- IM1 ("mentor") sessions, keyed by the ASP.NET_SessionId cookie.
CREATE TABLE mentor_sessions (
    id                 TEXT PRIMARY KEY,
    state              TEXT NOT NULL CHECK (state IN ('anonymous', 'pin_pending', 'authenticated')),
    user_id            TEXT REFERENCES users(id),
    wrong_municipality INTEGER NOT NULL DEFAULT 0,
    pending_token      TEXT,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL
);

-- WebForms pages issued per mentor session; a post must carry the hidden fields of one of them.
CREATE TABLE mentor_forms (
    viewstate         TEXT PRIMARY KEY,
    event_validation  TEXT NOT NULL,
    mentor_session_id TEXT NOT NULL REFERENCES mentor_sessions(id) ON DELETE CASCADE,
    page              TEXT NOT NULL CHECK (page IN ('login', 'pin')),
    issued_at         INTEGER NOT NULL
);

-- One-time relay tokens minted by the hub's Login page and bound to a user by the mentor site.
CREATE TABLE relay_tokens (
    token              TEXT PRIMARY KEY,
    issued_at          INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL,
    user_id            TEXT REFERENCES users(id),
    mentor_session_id  TEXT,
    wrong_municipality INTEGER NOT NULL DEFAULT 0,
    verifier           TEXT,
    used_at            INTEGER
);

-- Hub sessions, keyed by the .ASPXAUTH cookie; IMHome must match too.
CREATE TABLE hub_sessions (
    id                 TEXT PRIMARY KEY,
    imhome             TEXT NOT NULL,
    user_id            TEXT NOT NULL REFERENCES users(id),
    mentor_session_id  TEXT,
    selected_pupil_id  TEXT NOT NULL REFERENCES pupils(pupil_id),
    strong_auth        INTEGER NOT NULL DEFAULT 0,
    wrong_municipality INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    expires_at         INTEGER NOT NULL
);
CREATE INDEX hub_sessions_user ON hub_sessions(user_id);
"#;

/// `Connection::query_row` through the prepared-statement cache.
pub(crate) fn cached_row<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

/// Opens a fresh in-memory database with the schema and the demo school, its dates relative to today.
pub(crate) fn open_seeded() -> anyhow::Result<Connection> {
    open_seeded_at(time::real_today())
}

/// Opens a fresh in-memory database seeded as if today were `today` (Stockholm).
pub(crate) fn open_seeded_at(today: NaiveDate) -> anyhow::Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    // Every handler runs a handful of fixed statements; keeping them all prepared spares SQLite from
    // parsing and planning each one again on every request (the hot spot under load).
    conn.set_prepared_statement_cache_capacity(256);
    conn.execute_batch(SCHEMA)?;
    for schema in [
        communication::SCHEMA,
        notifications::SCHEMA,
        calendar::SCHEMA,
        timereg::SCHEMA,
        meeting::SCHEMA,
        oauth::SCHEMA,
        bankid::SCHEMA,
        assessment::SCHEMA,
        task::SCHEMA,
        classlist::SCHEMA,
        weeklyplan::SCHEMA,
        blog::SCHEMA,
        documentation::SCHEMA,
        etest::SCHEMA,
        learnlog::SCHEMA,
        timetable::SCHEMA,
        messages::SCHEMA,
        attendance::SCHEMA,
    ] {
        conn.execute_batch(schema)?;
    }
    seed(&mut conn)?;
    let tx = conn.transaction()?;
    communication::seed(&tx, today)?;
    calendar::seed(&tx, today)?;
    notifications::seed(&tx, today)?;
    timereg::seed(&tx, today)?;
    meeting::seed(&tx, today)?;
    assessment::seed(&tx, today)?;
    task::seed(&tx, today)?;
    classlist::seed(&tx)?;
    weeklyplan::seed(&tx, today)?;
    blog::seed(&tx, today)?;
    documentation::seed(&tx, today)?;
    etest::seed(&tx, today)?;
    learnlog::seed(&tx, today)?;
    timetable::seed(&tx, today)?;
    messages::seed(&tx, today)?;
    attendance::seed(&tx, today)?;
    tx.commit()?;
    Ok(conn)
}

fn seed(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let school = &demo::SCHOOL;
    tx.execute(
        "INSERT INTO schools (id, name, municipality, town, idp, hybrid_instance)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            school.id,
            school.name,
            school.municipality,
            school.town,
            school.idp,
            school.hybrid_instance
        ],
    )?;
    for (sort, (code, title)) in (0i64..).zip(demo::APPS.iter()) {
        tx.execute(
            "INSERT INTO apps (code_name, title, sort) VALUES (?1, ?2, ?3)",
            params![code, title, sort],
        )?;
    }
    for pupil in &demo::PUPILS {
        tx.execute(
            "INSERT INTO pupils (pupil_id, switch_id, im2_id, school_id, first_name, last_name, grade,
                                 class_name, fritids)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                pupil.pupil_id,
                pupil.switch_id,
                pupil.im2_id,
                school.id,
                pupil.first_name,
                pupil.last_name,
                pupil.grade,
                pupil.class_name,
                pupil.fritids
            ],
        )?;
        let apps = pupil.apps.iter().map(|a| (a, false));
        for (code, student_only) in apps.chain(pupil.student_apps.iter().map(|a| (a, true))) {
            tx.execute(
                "INSERT INTO pupil_apps (pupil_id, code_name, student_only) VALUES (?1, ?2, ?3)",
                params![pupil.pupil_id, code, student_only],
            )?;
        }
    }
    for user in &demo::USERS {
        tx.execute(
            "INSERT INTO users (id, school_id, role, username, password, first_name, last_name, pupil_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                user.id,
                school.id,
                user.role,
                user.username,
                user.password,
                user.first_name,
                user.last_name,
                user.pupil_id
            ],
        )?;
        for (sort, child) in (0i64..).zip(user.children.iter()) {
            tx.execute(
                "INSERT INTO guardian_pupil (guardian_id, pupil_id, sort) VALUES (?1, ?2, ?3)",
                params![user.id, child, sort],
            )?;
        }
    }
    tx.commit()
}

/// The date `offset` days from `today`, moved forward to Monday when it falls on a weekend.
pub(crate) fn school_day(today: NaiveDate, offset: i64) -> NaiveDate {
    let mut day = today + chrono::TimeDelta::days(offset);
    while time::is_weekend(day) {
        day = day.succ_opt().unwrap_or(day);
    }
    day
}

/// The SQL condition (with `?1` school id, `?2` class name, `?3` grade) for content a pupil may see.
pub(crate) const AUDIENCE_SQL: &str =
    "school_id = ?1 AND (class_name IS NULL OR class_name = ?2) AND (grade IS NULL OR grade = ?3)";

/// The audience columns (class name, grade) of seeded content.
pub(crate) fn audience_columns(audience: demo::Audience) -> (Option<&'static str>, Option<i64>) {
    match audience {
        demo::Audience::School => (None, None),
        demo::Audience::Class(class) => (Some(class), None),
        demo::Audience::Grade(grade) => (None, Some(grade)),
    }
}

/// Parses `HH:MM` seed times.
pub(crate) fn seed_time(hhmm: &str) -> chrono::NaiveTime {
    chrono::NaiveTime::parse_from_str(hhmm, "%H:%M").unwrap_or(chrono::NaiveTime::MIN)
}

// ---------------------------------------------------------------------------------------------------------
// Accounts
// ---------------------------------------------------------------------------------------------------------

/// The kind of account, spelled as `homeData.account.currentUser.role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Guardian,
    Pupil,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::Guardian => "Guardian",
            Role::Pupil => "Pupil",
        }
    }
}

/// A login account.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: String,
    pub role: Role,
    pub first_name: String,
    pub last_name: String,
}

impl User {
    /// "Förnamn Efternamn".
    pub(crate) fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// A child as the hub shows it, with its school's hybrid instance for `hybridMappingId`.
#[derive(Debug, Clone)]
pub(crate) struct Pupil {
    pub pupil_id: String,
    pub switch_id: String,
    pub first_name: String,
    pub last_name: String,
    pub hybrid_instance: i64,
}

/// One enabled app of a pupil.
#[derive(Debug, Clone)]
pub(crate) struct AppInfo {
    pub code_name: String,
    pub title: String,
}

/// Everything data endpoints need about the selected pupil.
#[derive(Debug, Clone)]
pub(crate) struct PupilInfo {
    pub pupil_id: String,
    pub im2_id: i64,
    pub school_id: i64,
    pub class_name: String,
    pub grade: i64,
    pub first_name: String,
    pub last_name: String,
    pub hybrid_instance: i64,
}

impl PupilInfo {
    /// `"<instance>|<pupilId>|NEMANDI_SKOLI"`, the notification `pupilSourceId`.
    pub(crate) fn hybrid_mapping_id(&self) -> String {
        format!("{}|{}|NEMANDI_SKOLI", self.hybrid_instance, self.pupil_id)
    }
}

const PUPIL_INFO_COLUMNS: &str = "p.pupil_id, p.im2_id, p.school_id, p.class_name, p.grade, p.first_name, p.last_name,
     s.hybrid_instance";

fn pupil_info_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<PupilInfo> {
    Ok(PupilInfo {
        pupil_id: row.get(0)?,
        im2_id: row.get(1)?,
        school_id: row.get(2)?,
        class_name: row.get(3)?,
        grade: row.get(4)?,
        first_name: row.get(5)?,
        last_name: row.get(6)?,
        hybrid_instance: row.get(7)?,
    })
}

pub(crate) fn pupil_info(conn: &Connection, pupil_id: &str) -> rusqlite::Result<Option<PupilInfo>> {
    crate::db::cached_row(
        conn,
        &format!(
            "SELECT {PUPIL_INFO_COLUMNS} FROM pupils p JOIN schools s ON s.id = p.school_id WHERE p.pupil_id = ?1"
        ),
        params![pupil_id],
        pupil_info_from_row,
    )
    .optional()
}

/// The pupils an account sees, with everything data endpoints need, in hub order.
pub(crate) fn account_pupil_infos(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<PupilInfo>> {
    let mut out = Vec::new();
    for pupil in account_pupils(conn, user_id)? {
        if let Some(info) = pupil_info(conn, &pupil.pupil_id)? {
            out.push(info);
        }
    }
    Ok(out)
}

/// Adds `count` fictitious guardians of `pupil_id` (for load and race tests); returns their user names.
/// They all share `password`.
pub(crate) fn add_guardians(
    conn: &mut Connection,
    pupil_id: &str,
    count: usize,
    password: &str,
) -> rusqlite::Result<Vec<String>> {
    let tx = conn.transaction()?;
    let school: i64 = tx.query_row(
        "SELECT school_id FROM pupils WHERE pupil_id = ?1",
        params![pupil_id],
        |row| row.get(0),
    )?;
    let base: i64 = tx.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?;
    let mut names = Vec::with_capacity(count);
    for i in 0..count {
        let n = base + i64::try_from(i).unwrap_or(0);
        let id = format!("{}", 7_400_000_000 + n);
        let username = format!("vardnadshavare{n}.{pupil_id}");
        tx.execute(
            "INSERT INTO users (id, school_id, role, username, password, first_name, last_name)
             VALUES (?1, ?2, 'Guardian', ?3, ?4, 'Testförälder', ?5)",
            params![id, school, username, password, format!("Nummer {n}")],
        )?;
        tx.execute(
            "INSERT INTO guardian_pupil (guardian_id, pupil_id, sort) VALUES (?1, ?2, 0)",
            params![id, pupil_id],
        )?;
        names.push(username);
    }
    tx.commit()?;
    Ok(names)
}

const USER_COLUMNS: &str = "id, role, first_name, last_name";

fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = row.get(1)?;
    Ok(User {
        id: row.get(0)?,
        role: if role == "Pupil" { Role::Pupil } else { Role::Guardian },
        first_name: row.get(2)?,
        last_name: row.get(3)?,
    })
}

/// The account with this user name (case-insensitive) and exact password.
pub(crate) fn user_by_credentials(conn: &Connection, username: &str, password: &str) -> rusqlite::Result<Option<User>> {
    crate::db::cached_row(
        conn,
        &format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1 AND password = ?2"),
        params![username, password],
        user_from_row,
    )
    .optional()
}

/// The account with this user name (case-insensitive).
pub(crate) fn user_by_username(conn: &Connection, username: &str) -> rusqlite::Result<Option<User>> {
    crate::db::cached_row(
        conn,
        &format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1"),
        params![username],
        user_from_row,
    )
    .optional()
}

pub(crate) fn user_by_id(conn: &Connection, id: &str) -> rusqlite::Result<Option<User>> {
    crate::db::cached_row(
        conn,
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
        params![id],
        user_from_row,
    )
    .optional()
}

/// The pupils an account sees in its switcher: a guardian's children in hub order, or a student itself.
pub(crate) fn account_pupils(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Pupil>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.pupil_id, p.switch_id, p.first_name, p.last_name, s.hybrid_instance
         FROM pupils p
         JOIN schools s ON s.id = p.school_id
         LEFT JOIN guardian_pupil g ON g.pupil_id = p.pupil_id AND g.guardian_id = ?1
         LEFT JOIN users u ON u.pupil_id = p.pupil_id AND u.id = ?1
         WHERE g.guardian_id IS NOT NULL OR u.id IS NOT NULL
         ORDER BY coalesce(g.sort, 0), p.pupil_id",
    )?;
    stmt.query_map(params![user_id], |row| {
        Ok(Pupil {
            pupil_id: row.get(0)?,
            switch_id: row.get(1)?,
            first_name: row.get(2)?,
            last_name: row.get(3)?,
            hybrid_instance: row.get(4)?,
        })
    })?
    .collect()
}

/// The apps enabled for a pupil, in start-page order; student-only apps only for the student's own login.
/// `meeting` counts only while the pupil has a bookable slot (before its deadline at `now_local`, a local
/// ISO time) or a booking.
pub(crate) fn pupil_apps(
    conn: &Connection,
    pupil_id: &str,
    as_student: bool,
    now_local: &str,
) -> rusqlite::Result<Vec<AppInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.code_name, a.title
         FROM pupil_apps pa JOIN apps a ON a.code_name = pa.code_name
         WHERE pa.pupil_id = ?1 AND (pa.student_only = 0 OR ?2)
           AND (a.code_name <> 'meeting'
                OR EXISTS (SELECT 1 FROM meeting_bookings b WHERE b.pupil_id = pa.pupil_id)
                OR EXISTS (SELECT 1 FROM meeting_slots s JOIN pupils p ON p.pupil_id = pa.pupil_id
                           WHERE s.school_id = p.school_id AND s.class_name = p.class_name
                             AND s.closes_at > ?3
                             AND NOT EXISTS (SELECT 1 FROM meeting_bookings b WHERE b.slot_id = s.id)))
         ORDER BY a.sort",
    )?;
    stmt.query_map(params![pupil_id, as_student, now_local], |row| {
        Ok(AppInfo {
            code_name: row.get(0)?,
            title: row.get(1)?,
        })
    })?
    .collect()
}

/// What [`set_pupil_app`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AppToggle {
    Done,
    NoSuchPupil,
    NoSuchApp,
}

/// Turns a module on or off for a pupil (the school's module settings); idempotent.
pub(crate) fn set_pupil_app(
    conn: &Connection,
    pupil_id: &str,
    code_name: &str,
    enabled: bool,
    student_only: bool,
) -> rusqlite::Result<AppToggle> {
    let pupil: bool = cached_row(
        conn,
        "SELECT EXISTS (SELECT 1 FROM pupils WHERE pupil_id = ?1)",
        params![pupil_id],
        |r| r.get(0),
    )?;
    if !pupil {
        return Ok(AppToggle::NoSuchPupil);
    }
    let app: bool = cached_row(
        conn,
        "SELECT EXISTS (SELECT 1 FROM apps WHERE code_name = ?1)",
        params![code_name],
        |r| r.get(0),
    )?;
    if !app {
        return Ok(AppToggle::NoSuchApp);
    }
    if enabled {
        conn.execute(
            "INSERT INTO pupil_apps (pupil_id, code_name, student_only) VALUES (?1, ?2, ?3)
             ON CONFLICT (pupil_id, code_name) DO UPDATE SET student_only = excluded.student_only",
            params![pupil_id, code_name, student_only],
        )?;
    } else {
        conn.execute(
            "DELETE FROM pupil_apps WHERE pupil_id = ?1 AND code_name = ?2",
            params![pupil_id, code_name],
        )?;
    }
    Ok(AppToggle::Done)
}

// ---------------------------------------------------------------------------------------------------------
// Mentor (IM1) sessions and WebForms pages
// ---------------------------------------------------------------------------------------------------------

/// Where a mentor session is in the password login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MentorState {
    Anonymous,
    PinPending,
    Authenticated,
}

impl MentorState {
    fn as_str(self) -> &'static str {
        match self {
            MentorState::Anonymous => "anonymous",
            MentorState::PinPending => "pin_pending",
            MentorState::Authenticated => "authenticated",
        }
    }

    fn parse(s: &str) -> MentorState {
        match s {
            "pin_pending" => MentorState::PinPending,
            "authenticated" => MentorState::Authenticated,
            _ => MentorState::Anonymous,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct MentorSession {
    pub id: String,
    pub state: MentorState,
    pub user_id: Option<String>,
    pub wrong_municipality: bool,
}

/// Which WebForms page a set of hidden fields was issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FormPage {
    Login,
    Pin,
}

impl FormPage {
    fn as_str(self) -> &'static str {
        match self {
            FormPage::Login => "login",
            FormPage::Pin => "pin",
        }
    }
}

/// Loads the mentor session named by the `ASP.NET_SessionId` cookie, or starts a new one. An expired
/// session keeps its id but starts over as anonymous, with its issued pages forgotten. The flag is true when
/// the id is new and the cookie must be set.
pub(crate) fn mentor_session(
    conn: &Connection,
    cookie: Option<&str>,
    now: i64,
    lifetime: i64,
) -> rusqlite::Result<(MentorSession, bool)> {
    if let Some(id) = cookie {
        let row = conn
            .query_row(
                "SELECT state, user_id, wrong_municipality, expires_at FROM mentor_sessions WHERE id = ?1",
                params![id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, Option<String>>(1)?,
                        row.get::<_, bool>(2)?,
                        row.get::<_, i64>(3)?,
                    ))
                },
            )
            .optional()?;
        if let Some((state, user_id, wrong_municipality, expires_at)) = row {
            if expires_at > now {
                return Ok((
                    MentorSession {
                        id: id.to_owned(),
                        state: MentorState::parse(&state),
                        user_id,
                        wrong_municipality,
                    },
                    false,
                ));
            }
            conn.execute("DELETE FROM mentor_forms WHERE mentor_session_id = ?1", params![id])?;
            set_mentor_state(conn, id, MentorState::Anonymous, None, false, now, lifetime)?;
            return Ok((anonymous(id.to_owned()), false));
        }
    }
    // Forget long-dead sessions so an emulator that runs for days does not grow without bound.
    conn.execute(
        "DELETE FROM mentor_sessions WHERE expires_at < ?1",
        params![now - lifetime],
    )?;
    let id = token::asp_session_id();
    conn.execute(
        "INSERT INTO mentor_sessions (id, state, created_at, expires_at) VALUES (?1, 'anonymous', ?2, ?3)",
        params![id, now, now.saturating_add(lifetime)],
    )?;
    Ok((anonymous(id), true))
}

fn anonymous(id: String) -> MentorSession {
    MentorSession {
        id,
        state: MentorState::Anonymous,
        user_id: None,
        wrong_municipality: false,
    }
}

/// Moves a mentor session to `state`; a login starts a new lifetime.
pub(crate) fn set_mentor_state(
    conn: &Connection,
    id: &str,
    state: MentorState,
    user_id: Option<&str>,
    wrong_municipality: bool,
    now: i64,
    lifetime: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE mentor_sessions
         SET state = ?2, user_id = ?3, wrong_municipality = ?4, pending_token = NULL, expires_at = ?5
         WHERE id = ?1",
        params![
            id,
            state.as_str(),
            user_id,
            wrong_municipality,
            now.saturating_add(lifetime)
        ],
    )?;
    Ok(())
}

/// Remembers the relay token a not-yet-logged-in browser arrived with.
pub(crate) fn set_pending_token(conn: &Connection, id: &str, token: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE mentor_sessions SET pending_token = ?2 WHERE id = ?1",
        params![id, token],
    )?;
    Ok(())
}

/// Issues fresh `__VIEWSTATE`/`__EVENTVALIDATION` values for a page rendered to this session.
pub(crate) fn issue_form(
    conn: &Connection,
    session_id: &str,
    page: FormPage,
    now: i64,
) -> rusqlite::Result<(String, String)> {
    let viewstate = token::webforms_blob("/wEPDwUKLTg2NTQ4MjQ3Mg9kFgJmD2QWAgIDD2QWAg", 96);
    let event_validation = token::webforms_blob("/wEdAAYA", 64);
    conn.execute(
        "INSERT INTO mentor_forms (viewstate, event_validation, mentor_session_id, page, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![viewstate, event_validation, session_id, page.as_str(), now],
    )?;
    conn.execute(
        "DELETE FROM mentor_forms WHERE mentor_session_id = ?1 AND viewstate NOT IN
           (SELECT viewstate FROM mentor_forms WHERE mentor_session_id = ?1
            ORDER BY issued_at DESC, rowid DESC LIMIT ?2)",
        params![session_id, FORMS_PER_SESSION],
    )?;
    Ok((viewstate, event_validation))
}

/// Whether these hidden fields were issued to this session for this page.
pub(crate) fn form_is_current(
    conn: &Connection,
    session_id: &str,
    page: FormPage,
    viewstate: &str,
    event_validation: &str,
) -> rusqlite::Result<bool> {
    crate::db::cached_row(
        conn,
        "SELECT EXISTS (SELECT 1 FROM mentor_forms
                        WHERE viewstate = ?1 AND event_validation = ?2 AND mentor_session_id = ?3
                          AND page = ?4)",
        params![viewstate, event_validation, session_id, page.as_str()],
        |row| row.get(0),
    )
}

// ---------------------------------------------------------------------------------------------------------
// Relay tokens (the OAuth 1.0-style hop between hub and mentor site)
// ---------------------------------------------------------------------------------------------------------

/// Mints a one-time `oauth_token` for the hub's `openid_message` form.
pub(crate) fn issue_relay_token(conn: &Connection, now: i64) -> rusqlite::Result<String> {
    conn.execute(
        "DELETE FROM relay_tokens WHERE expires_at < ?1",
        params![now - RELAY_TOKEN_TTL_MS],
    )?;
    let token = token::opaque(32);
    conn.execute(
        "INSERT INTO relay_tokens (token, issued_at, expires_at) VALUES (?1, ?2, ?3)",
        params![token, now, now + RELAY_TOKEN_TTL_MS],
    )?;
    Ok(token)
}

/// Binds a fresh, unbound relay token to the user of an authenticated mentor session and returns the
/// verifier for the LoginCallback; `None` for an unknown, expired or already bound token.
pub(crate) fn bind_relay_token(
    conn: &Connection,
    token: &str,
    session: &MentorSession,
    now: i64,
) -> rusqlite::Result<Option<String>> {
    let verifier = token::opaque(20);
    let bound = conn.execute(
        "UPDATE relay_tokens SET user_id = ?2, mentor_session_id = ?3, wrong_municipality = ?4, verifier = ?5
         WHERE token = ?1 AND user_id IS NULL AND used_at IS NULL AND expires_at > ?6",
        params![
            token,
            session.user_id,
            session.id,
            session.wrong_municipality,
            verifier,
            now
        ],
    )?;
    Ok((bound == 1).then_some(verifier))
}

/// What a redeemed relay token vouches for.
#[derive(Debug, Clone)]
pub(crate) struct RedeemedToken {
    pub user_id: String,
    pub mentor_session_id: Option<String>,
    pub wrong_municipality: bool,
}

/// Uses up a bound relay token if the verifier matches; `None` for unknown, unbound, reused or expired.
pub(crate) fn redeem_relay_token(
    conn: &Connection,
    token: &str,
    verifier: &str,
    now: i64,
) -> rusqlite::Result<Option<RedeemedToken>> {
    let used = conn.execute(
        "UPDATE relay_tokens SET used_at = ?3
         WHERE token = ?1 AND verifier = ?2 AND user_id IS NOT NULL AND used_at IS NULL AND expires_at > ?3",
        params![token, verifier, now],
    )?;
    if used != 1 {
        return Ok(None);
    }
    crate::db::cached_row(
        conn,
        "SELECT user_id, mentor_session_id, wrong_municipality FROM relay_tokens WHERE token = ?1",
        params![token],
        |row| {
            Ok(RedeemedToken {
                user_id: row.get(0)?,
                mentor_session_id: row.get(1)?,
                wrong_municipality: row.get(2)?,
            })
        },
    )
    .optional()
}

// ---------------------------------------------------------------------------------------------------------
// Hub sessions
// ---------------------------------------------------------------------------------------------------------

/// A hub session row; validity (expiry, IMHome, municipality) is judged by the caller.
#[derive(Debug, Clone)]
pub(crate) struct HubSessionRow {
    pub id: String,
    pub imhome: String,
    pub user_id: String,
    pub selected_pupil_id: String,
    pub wrong_municipality: bool,
    pub strong_auth: bool,
    pub expires_at: i64,
}

/// The cookie values of a new hub session.
#[derive(Debug, Clone)]
pub(crate) struct NewHubSession {
    pub aspxauth: String,
    pub imhome: String,
}

/// Starts a hub session for a redeemed login. One session per login: the user's other hub sessions end,
/// and so does the IM1 login behind them, so the other browser must enter its password again.
pub(crate) fn create_hub_session(
    conn: &mut Connection,
    login: &RedeemedToken,
    selected_pupil_id: &str,
    now: i64,
    lifetime: i64,
) -> rusqlite::Result<NewHubSession> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM hub_sessions WHERE user_id = ?1", params![login.user_id])?;
    tx.execute(
        "UPDATE mentor_sessions
         SET state = 'anonymous', user_id = NULL, wrong_municipality = 0, pending_token = NULL
         WHERE user_id = ?1 AND id IS NOT ?2",
        params![login.user_id, login.mentor_session_id],
    )?;
    let session = NewHubSession {
        aspxauth: token::aspxauth(),
        imhome: token::opaque(48),
    };
    tx.execute(
        "INSERT INTO hub_sessions (id, imhome, user_id, mentor_session_id, selected_pupil_id,
                                   wrong_municipality, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            session.aspxauth,
            session.imhome,
            login.user_id,
            login.mentor_session_id,
            selected_pupil_id,
            login.wrong_municipality,
            now,
            now.saturating_add(lifetime)
        ],
    )?;
    tx.commit()?;
    Ok(session)
}

pub(crate) fn hub_session(conn: &Connection, id: &str) -> rusqlite::Result<Option<HubSessionRow>> {
    crate::db::cached_row(
        conn,
        "SELECT id, imhome, user_id, selected_pupil_id, wrong_municipality, expires_at, strong_auth
         FROM hub_sessions WHERE id = ?1",
        params![id],
        |row| {
            Ok(HubSessionRow {
                id: row.get(0)?,
                imhome: row.get(1)?,
                user_id: row.get(2)?,
                selected_pupil_id: row.get(3)?,
                wrong_municipality: row.get(4)?,
                expires_at: row.get(5)?,
                strong_auth: row.get(6)?,
            })
        },
    )
    .optional()
}

/// The user ids of the hub sessions alive at `now`, one per session, sorted (the admin API's view).
pub(crate) fn live_hub_sessions(conn: &Connection, now: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT user_id FROM hub_sessions WHERE expires_at > ?1 ORDER BY user_id")?;
    stmt.query_map(params![now], |row| row.get(0))?.collect()
}

/// Ends a hub session and the IM1 login behind it (logout, or a tampered cookie set).
pub(crate) fn end_hub_session(conn: &mut Connection, id: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE mentor_sessions
         SET state = 'anonymous', user_id = NULL, wrong_municipality = 0, pending_token = NULL
         WHERE id = (SELECT mentor_session_id FROM hub_sessions WHERE id = ?1)",
        params![id],
    )?;
    tx.execute("DELETE FROM hub_sessions WHERE id = ?1", params![id])?;
    tx.commit()
}

pub(crate) fn select_pupil(conn: &Connection, session_id: &str, pupil_id: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE hub_sessions SET selected_pupil_id = ?2 WHERE id = ?1",
        params![session_id, pupil_id],
    )?;
    Ok(())
}

/// Marks a hub session strongly authenticated (BankID step-up) until it ends.
pub(crate) fn set_strong_auth(conn: &Connection, session_id: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE hub_sessions SET strong_auth = 1 WHERE id = ?1",
        params![session_id],
    )?;
    Ok(())
}

/// Expires every live hub and mentor session now; returns how many of each.
pub(crate) fn expire_sessions(conn: &Connection, now: i64) -> rusqlite::Result<(usize, usize)> {
    let hub = conn.execute(
        "UPDATE hub_sessions SET expires_at = ?1 WHERE expires_at > ?1",
        params![now],
    )?;
    let mentor = conn.execute(
        "UPDATE mentor_sessions SET expires_at = ?1 WHERE expires_at > ?1",
        params![now],
    )?;
    Ok((hub, mentor))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;
    const HOUR: i64 = 3_600_000;

    fn login(conn: &mut Connection) -> (MentorSession, NewHubSession) {
        let (mut ms, new) = mentor_session(conn, None, NOW, HOUR).unwrap();
        assert!(new);
        let user = user_by_credentials(conn, "KARIN.bjorklund", demo::GUARDIAN_PASSWORD)
            .unwrap()
            .expect("case-insensitive user name");
        set_mentor_state(
            conn,
            &ms.id,
            MentorState::Authenticated,
            Some(&user.id),
            false,
            NOW,
            HOUR,
        )
        .unwrap();
        ms.state = MentorState::Authenticated;
        ms.user_id = Some(user.id.clone());
        let token = issue_relay_token(conn, NOW).unwrap();
        let verifier = bind_relay_token(conn, &token, &ms, NOW).unwrap().unwrap();
        assert!(bind_relay_token(conn, &token, &ms, NOW).unwrap().is_none());
        let redeemed = redeem_relay_token(conn, &token, &verifier, NOW).unwrap().unwrap();
        assert!(
            redeem_relay_token(conn, &token, &verifier, NOW).unwrap().is_none(),
            "relay tokens are one-time"
        );
        let pupils = account_pupils(conn, &user.id).unwrap();
        let hub = create_hub_session(conn, &redeemed, &pupils[0].pupil_id, NOW, HOUR).unwrap();
        (ms, hub)
    }

    #[test]
    fn seed_accounts() {
        let conn = open_seeded().unwrap();
        let guardian = user_by_credentials(&conn, demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
            .unwrap()
            .unwrap();
        assert_eq!(guardian.role, Role::Guardian);
        let names: Vec<String> = account_pupils(&conn, &guardian.id)
            .unwrap()
            .into_iter()
            .map(|p| p.first_name)
            .collect();
        assert_eq!(names, demo::CHILDREN);
        assert!(
            user_by_credentials(&conn, demo::GUARDIAN_USERNAME, "DEMO")
                .unwrap()
                .is_none(),
            "passwords are case-sensitive"
        );
        let student = user_by_credentials(&conn, demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD)
            .unwrap()
            .unwrap();
        let own = account_pupils(&conn, &student.id).unwrap();
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].first_name, "Maja");
        let guardian_view = pupil_apps(&conn, &own[0].pupil_id, false, "2000-01-01T00:00:00").unwrap();
        let student_view = pupil_apps(&conn, &own[0].pupil_id, true, "2000-01-01T00:00:00").unwrap();
        assert!(!guardian_view.iter().any(|a| a.code_name == "onlinetest"));
        assert!(student_view.iter().any(|a| a.code_name == "onlinetest"));
    }

    #[test]
    fn second_login_ends_first_session_and_its_im1_login() {
        let mut conn = open_seeded().unwrap();
        let (first_ms, first) = login(&mut conn);
        let (_, second) = login(&mut conn);
        assert!(hub_session(&conn, &first.aspxauth).unwrap().is_none());
        assert!(hub_session(&conn, &second.aspxauth).unwrap().is_some());
        let (ms, _) = mentor_session(&conn, Some(&first_ms.id), NOW, HOUR).unwrap();
        assert_eq!(ms.state, MentorState::Anonymous);
    }

    #[test]
    fn forms_are_per_session_and_page() {
        let conn = open_seeded().unwrap();
        let (a, _) = mentor_session(&conn, None, NOW, HOUR).unwrap();
        let (b, _) = mentor_session(&conn, None, NOW, HOUR).unwrap();
        let (vs, ev) = issue_form(&conn, &a.id, FormPage::Login, NOW).unwrap();
        assert!(form_is_current(&conn, &a.id, FormPage::Login, &vs, &ev).unwrap());
        assert!(!form_is_current(&conn, &b.id, FormPage::Login, &vs, &ev).unwrap());
        assert!(!form_is_current(&conn, &a.id, FormPage::Pin, &vs, &ev).unwrap());
        assert!(!form_is_current(&conn, &a.id, FormPage::Login, &vs, "x").unwrap());
        for _ in 0..FORMS_PER_SESSION {
            issue_form(&conn, &a.id, FormPage::Login, NOW + 1).unwrap();
        }
        assert!(!form_is_current(&conn, &a.id, FormPage::Login, &vs, &ev).unwrap());
    }

    #[test]
    fn expiry_resets_mentor_session_but_keeps_its_id() {
        let mut conn = open_seeded().unwrap();
        let (ms, hub) = login(&mut conn);
        assert_eq!(expire_sessions(&conn, NOW + 1).unwrap(), (1, 1));
        let row = hub_session(&conn, &hub.aspxauth).unwrap().unwrap();
        assert!(row.expires_at <= NOW + 1);
        let (again, new) = mentor_session(&conn, Some(&ms.id), NOW + 2, HOUR).unwrap();
        assert!(!new);
        assert_eq!(again.id, ms.id);
        assert_eq!(again.state, MentorState::Anonymous);
    }
}

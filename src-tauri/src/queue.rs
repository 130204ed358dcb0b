//! The write queue: every write is stored (sealed, in SQLite, synchronously) before it is sent, and replayed
//! in order until the school has it, exactly once from the school's view.
//!
//! The hub has no idempotency keys, so before each (re)send the queue re-reads the target: a write the school
//! already shows (sent before a crash, never marked done) is marked done without sending again. Each kind has
//! its own rule:
//!
//! - fritids days: the week shows the saved times or ledig;
//! - booking, moving, cancelling a talk: the child's bookings show the slot (with that meeting) or no longer
//!   show the meeting;
//! - a task message, a blog comment, a portfolio comment: before the first send the ids of the messages
//!   already there are stored in the row; a message of this account with the same text and an id not among
//!   them is this write. (Ids rather than the enqueue time: the hub's times carry no zone and come from the
//!   school's clock, the ids are exact. The same text sent twice on purpose is two writes with two lists.)
//! - an eTest answer and the contact visibility are idempotent settings (re-sending gives the same state;
//!   the visibility is re-read and not sent when the school already has it);
//! - an eTest hand-in: the test list shows the test as handed in.
//!
//! A write the school refuses (a locked day, a taken slot, a closed test) becomes a conflict with a Swedish
//! reason, and the queue moves on. An unreachable school (or a session that needs a login) stops the replay;
//! the write stays queued.
//!
//! Public (not crate-private) so the crash-trial example (`examples/queue_crash.rs`) can drive it.

use std::future::Future;
use std::path::Path;
use std::sync::Mutex;

use chacha20poly1305::ChaCha20Poly1305;
use chacha20poly1305::aead::KeyInit;
use chrono::NaiveDate;
use hub_client::HubClient;
use hub_model::classlist::ContactVisibility;
use hub_model::etest::{Answer, SubmitResponse, TestStatus};
use hub_model::ipc::{self, PendingWrite, WriteConflict};
use hub_model::task::MessageRole;
use hub_model::timeregistration::{SaveDay, TimeRegistrationWeek};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::cache;

/// One queued write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Write {
    /// Fritidsschema: times or ledig (with the day's comment) for one or more days of one child.
    FritidsSave { child_id: String, days: Vec<SaveDay> },
    /// Books a free development-talk slot.
    MeetingBook { child_id: String, availability_id: String },
    /// Moves booked talk `meeting_id` to another slot.
    MeetingRebook {
        child_id: String,
        meeting_id: i64,
        availability_id: String,
    },
    /// Cancels booked talk `meeting_id`.
    MeetingCancel { child_id: String, meeting_id: i64 },
    /// A message to a task's dialogue (trimmed).
    TaskMessage {
        child_id: String,
        task_id: i64,
        text: String,
    },
    /// A comment on a blog post (students; trimmed).
    BlogComment {
        child_id: String,
        entry_id: i64,
        text: String,
    },
    /// A comment on a portfolio item (trimmed).
    PortfolioComment {
        child_id: String,
        item_id: i64,
        text: String,
    },
    /// One eTest answer (the hub keeps the last).
    EtestAnswer {
        child_id: String,
        attempt_id: i64,
        question_id: i64,
        answer: Answer,
    },
    /// Hands in an eTest attempt.
    EtestSubmit {
        child_id: String,
        test_id: i64,
        attempt_id: i64,
    },
    /// Which of the account's details other guardians see.
    ContactVisibility { visibility: ContactVisibility },
}

impl Write {
    /// How queued write `id` is listed for the UI: once, or once per day for a fritids save.
    pub fn listed(&self, id: i64, queued_at: Option<chrono::DateTime<chrono::Utc>>) -> Vec<PendingWrite> {
        let one = |kind: &str, child: Option<&str>, target: Option<String>, text: Option<&str>| PendingWrite {
            id,
            kind: kind.to_owned(),
            child_id: child.map(str::to_owned),
            target,
            text: text.map(str::to_owned),
            queued_at,
        };
        match self {
            Write::FritidsSave { child_id, days } => days
                .iter()
                .map(|d| {
                    let date = d.date.0.date().to_string();
                    one(ipc::PENDING_FRITIDS_SAVE, Some(child_id), Some(date), None)
                })
                .collect(),
            Write::MeetingBook {
                child_id,
                availability_id,
            } => vec![one("meetingBook", Some(child_id), Some(availability_id.clone()), None)],
            Write::MeetingRebook {
                child_id, meeting_id, ..
            } => vec![one("meetingRebook", Some(child_id), Some(meeting_id.to_string()), None)],
            Write::MeetingCancel { child_id, meeting_id } => {
                vec![one("meetingCancel", Some(child_id), Some(meeting_id.to_string()), None)]
            }
            Write::TaskMessage {
                child_id,
                task_id,
                text,
            } => vec![one(
                ipc::PENDING_TASK_MESSAGE,
                Some(child_id),
                Some(task_id.to_string()),
                Some(text),
            )],
            Write::BlogComment {
                child_id,
                entry_id,
                text,
            } => vec![one(
                ipc::PENDING_BLOG_COMMENT,
                Some(child_id),
                Some(entry_id.to_string()),
                Some(text),
            )],
            Write::PortfolioComment {
                child_id,
                item_id,
                text,
            } => vec![one(
                ipc::PENDING_PORTFOLIO_COMMENT,
                Some(child_id),
                Some(item_id.to_string()),
                Some(text),
            )],
            Write::EtestAnswer {
                child_id, attempt_id, ..
            } => vec![one("etestAnswer", Some(child_id), Some(attempt_id.to_string()), None)],
            Write::EtestSubmit { child_id, test_id, .. } => {
                vec![one("etestSubmit", Some(child_id), Some(test_id.to_string()), None)]
            }
            Write::ContactVisibility { .. } => vec![one("contactVisibility", None, None, None)],
        }
    }

    /// The cached reads this write makes stale: the child ("" for the account) and the cache area.
    pub fn stale(&self) -> Option<(&str, &'static str)> {
        Some(match self {
            Write::FritidsSave { child_id, .. } => (child_id, "fritids"),
            Write::MeetingBook { child_id, .. }
            | Write::MeetingRebook { child_id, .. }
            | Write::MeetingCancel { child_id, .. } => (child_id, "meeting"),
            Write::TaskMessage { child_id, .. } => (child_id, "task"),
            Write::BlogComment { child_id, .. } => (child_id, "blog-comments"),
            Write::PortfolioComment { child_id, .. } => (child_id, "portfolio-item"),
            Write::EtestAnswer { .. } => return None,
            Write::EtestSubmit { child_id, .. } => (child_id, "etest"),
            Write::ContactVisibility { .. } => ("", "contact-visibility"),
        })
    }
}

/// What happened to one write after a replay (the wire type the UI gets).
pub use hub_model::ipc::WriteOutcome as Outcome;

/// One handled write: its outcome and, when the school has it, what the school stored (the booking, the
/// message, the comment, the visibility) as JSON, when the write creates something.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub outcome: Outcome,
    pub value: Option<Value>,
}

impl Done {
    fn saved(value: Option<Value>) -> Self {
        Self {
            outcome: Outcome::Saved,
            value,
        }
    }

    fn saved_as(value: &impl Serialize) -> Self {
        Self::saved(serde_json::to_value(value).ok())
    }

    fn of(outcome: Outcome) -> Self {
        Self { outcome, value: None }
    }
}

/// Why the queue itself failed (never the school's answer).
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("write queue database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("write queue entry does not decrypt")]
    Decrypt,
    #[error("write queue entry does not decode: {0}")]
    Decode(#[from] serde_json::Error),
    #[error("write queue key is malformed")]
    Key,
}

/// The persisted queue of one account.
pub struct WriteQueue {
    conn: Mutex<Connection>,
    cipher: ChaCha20Poly1305,
}

/// The sealed body of a row.
#[derive(Serialize, Deserialize)]
struct Body {
    write: Write,
    message: Option<String>,
    /// A refusal's code (`hub_model::codes`), so the UI can word it in the user's language.
    #[serde(default)]
    code: Option<String>,
    /// For messages and comments: the ids the school listed before the first send (stored before it).
    #[serde(default)]
    seen: Option<Vec<String>>,
    /// When it was queued (none for rows of an older version).
    #[serde(default)]
    queued_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Called at the steps a crash trial may interrupt (a no-op in the app).
type Point<'a> = &'a (dyn Fn(&str) + Sync);
/// Stores the ids seen before a message's first send, durably, before it is sent.
type Keep<'a> = &'a (dyn Fn(&[String]) -> Result<(), QueueError> + Sync);

impl WriteQueue {
    /// Opens (or creates) the queue at `path`, sealed with the hex `key` (the account's cache key).
    pub fn open(path: &Path, key: &str) -> Result<Self, QueueError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        // FULL: a write the UI was told is queued survives a crash of the app or of the machine.
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             CREATE TABLE IF NOT EXISTS writes (
                 id INTEGER PRIMARY KEY AUTOINCREMENT,
                 state TEXT NOT NULL DEFAULT 'pending',
                 nonce BLOB NOT NULL,
                 data BLOB NOT NULL
             );",
        )?;
        let key = cache::parse_key(key).map_err(|_| QueueError::Key)?;
        Ok(Self {
            conn: Mutex::new(conn),
            cipher: ChaCha20Poly1305::new(&key.into()),
        })
    }

    fn lock(&self) -> Result<std::sync::MutexGuard<'_, Connection>, QueueError> {
        self.conn.lock().map_err(|_| QueueError::Decrypt)
    }

    fn seal(&self, body: &Body) -> Result<(Vec<u8>, Vec<u8>), QueueError> {
        cache::seal(&self.cipher, &serde_json::to_vec(body)?).map_err(|_| QueueError::Decrypt)
    }

    /// Stores `write` durably at the end of the queue and returns its id. Only after this returns may the
    /// write be sent.
    pub fn enqueue(&self, write: &Write) -> Result<i64, QueueError> {
        let (nonce, data) = self.seal(&Body {
            write: write.clone(),
            message: None,
            code: None,
            seen: None,
            queued_at: Some(chrono::Utc::now()),
        })?;
        let conn = self.lock()?;
        conn.execute("INSERT INTO writes (nonce, data) VALUES (?1, ?2)", params![nonce, data])?;
        Ok(conn.last_insert_rowid())
    }

    fn rows(&self, state: &str) -> Result<Vec<(i64, Body)>, QueueError> {
        let conn = self.lock()?;
        let mut stmt = conn.prepare_cached("SELECT id, nonce, data FROM writes WHERE state = ?1 ORDER BY id")?;
        let rows = stmt.query_map([state], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, nonce, data) = row?;
            let plain = cache::unseal(&self.cipher, &nonce, &data).map_err(|_| QueueError::Decrypt)?;
            out.push((id, serde_json::from_slice(&plain)?));
        }
        Ok(out)
    }

    /// The writes not yet at the school, oldest first.
    pub fn pending(&self) -> Result<Vec<(i64, Write)>, QueueError> {
        Ok(self.rows("pending")?.into_iter().map(|(id, b)| (id, b.write)).collect())
    }

    /// The writes not yet at the school as the UI lists them, oldest first (nothing secret: no seen ids).
    pub fn pending_listed(&self) -> Result<Vec<PendingWrite>, QueueError> {
        Ok(self
            .rows("pending")?
            .into_iter()
            .flat_map(|(id, b)| b.write.listed(id, b.queued_at))
            .collect())
    }

    /// The writes the school refused, with its reasons.
    pub fn conflicts(&self) -> Result<Vec<WriteConflict>, QueueError> {
        Ok(self
            .rows("conflict")?
            .into_iter()
            .map(|(id, b)| WriteConflict {
                id,
                message: b.message.unwrap_or_default(),
                code: b.code,
            })
            .collect())
    }

    fn done(&self, id: i64) -> Result<(), QueueError> {
        self.lock()?.execute("DELETE FROM writes WHERE id = ?1", [id])?;
        Ok(())
    }

    fn update(&self, id: i64, state: &str, body: &Body) -> Result<(), QueueError> {
        let (nonce, data) = self.seal(body)?;
        self.lock()?.execute(
            "UPDATE writes SET state = ?2, nonce = ?3, data = ?4 WHERE id = ?1",
            params![id, state, nonce, data],
        )?;
        Ok(())
    }

    /// Forgets a conflict once the user has seen it.
    pub fn dismiss(&self, id: i64) -> Result<(), QueueError> {
        self.lock()?
            .execute("DELETE FROM writes WHERE id = ?1 AND state = 'conflict'", [id])?;
        Ok(())
    }

    /// Sends the pending writes in order. Returns each handled write's outcome (and what the school stored);
    /// stops at the first write that cannot reach the school (it and the rest stay queued). `point` is
    /// called at the steps a crash trial may interrupt (a no-op in the app).
    pub async fn replay(&self, client: &HubClient, point: Point<'_>) -> Result<Vec<(i64, Done)>, QueueError> {
        let mut handled = Vec::new();
        for (id, body) in self.rows("pending")? {
            point("before-reread");
            let keep = |seen: &[String]| {
                self.update(
                    id,
                    "pending",
                    &Body {
                        write: body.write.clone(),
                        message: None,
                        code: None,
                        seen: Some(seen.to_vec()),
                        queued_at: body.queued_at,
                    },
                )
            };
            let done = deliver(client, &body.write, body.seen.clone(), &keep, point).await?;
            match &done.outcome {
                Outcome::Saved => {
                    self.done(id)?;
                    point("after-done");
                }
                Outcome::Conflict { message, code } => {
                    let body = Body {
                        message: Some(message.clone()),
                        code: code.clone(),
                        ..body
                    };
                    self.update(id, "conflict", &body)?;
                }
                Outcome::Queued => {
                    handled.push((id, done));
                    break;
                }
            }
            handled.push((id, done));
        }
        Ok(handled)
    }
}

/// Sends one write now without persisting it (no keychain, or the demo school), with the same re-read and
/// conflict rules as a replay.
pub async fn send_now(client: &HubClient, write: &Write) -> Done {
    match deliver(client, write, None, &|_| Ok(()), &|_| {}).await {
        Ok(done) => done,
        // Only `keep` can fail, and here it never does.
        Err(e) => Done::of(Outcome::Conflict {
            message: e.to_string(),
            code: None,
        }),
    }
}

/// Re-reads what `write` changes and sends it only when the school does not show it yet.
async fn deliver(
    client: &HubClient,
    write: &Write,
    seen: Option<Vec<String>>,
    keep: Keep<'_>,
    point: Point<'_>,
) -> Result<Done, QueueError> {
    Ok(match write {
        Write::FritidsSave { child_id, days } => Done::of(send_fritids(client, child_id, days, point).await),
        Write::MeetingBook {
            child_id,
            availability_id,
        } => {
            let booked = |b: &hub_model::meeting::Booking| b.availability_id.as_str() == availability_id;
            once(
                client.meeting_bookings(child_id),
                |list| list.iter().find(|b| booked(b)).map(Done::saved_as),
                point,
                || client.book_meeting(child_id, availability_id),
            )
            .await
        }
        Write::MeetingRebook {
            child_id,
            meeting_id,
            availability_id,
        } => {
            let moved = |b: &hub_model::meeting::Booking| {
                b.meeting_id == *meeting_id && b.availability_id.as_str() == availability_id
            };
            once(
                client.meeting_bookings(child_id),
                |list| list.iter().find(|b| moved(b)).map(Done::saved_as),
                point,
                || client.rebook_meeting(child_id, *meeting_id, availability_id),
            )
            .await
        }
        Write::MeetingCancel { child_id, meeting_id } => {
            once(
                client.meeting_bookings(child_id),
                |list| (!list.iter().any(|b| b.meeting_id == *meeting_id)).then(|| Done::saved(None)),
                point,
                || client.cancel_meeting(child_id, *meeting_id),
            )
            .await
        }
        Write::TaskMessage {
            child_id,
            task_id,
            text,
        } => {
            let listed = async {
                let detail = client.task(child_id, *task_id).await?;
                Ok(detail
                    .messages
                    .iter()
                    .map(|m| Said::new(m.id.to_string(), m.role != MessageRole::Teacher, &m.text, m))
                    .collect())
            };
            said_once(listed, text, seen, keep, point, || {
                client.send_task_message(child_id, *task_id, text)
            })
            .await?
        }
        Write::BlogComment {
            child_id,
            entry_id,
            text,
        } => {
            // Only pupils may comment, and the hub names authors by display name only: any new comment with
            // this text counts.
            let listed = async {
                let list = client.blog_comments(child_id, *entry_id).await?;
                Ok(list
                    .iter()
                    .map(|c| Said::new(c.id.to_string(), true, &c.text, c))
                    .collect())
            };
            said_once(listed, text, seen, keep, point, || {
                client.add_blog_comment(child_id, *entry_id, text)
            })
            .await?
        }
        Write::PortfolioComment {
            child_id,
            item_id,
            text,
        } => {
            let listed = async {
                let item = client.portfolio_item(child_id, *item_id).await?;
                Ok(item
                    .comment
                    .iter()
                    .map(|c| Said::new(c.id.to_string(), c.can_manage_comment, &c.text, c))
                    .collect())
            };
            said_once(listed, text, seen, keep, point, || {
                client.add_portfolio_comment(child_id, *item_id, text)
            })
            .await?
        }
        Write::EtestAnswer {
            child_id,
            attempt_id,
            question_id,
            answer,
        } => {
            // The hub keeps the last answer: sending it again leaves the same state, so no re-read.
            point("before-send");
            match client
                .etest_save_answer(child_id, *attempt_id, *question_id, answer.clone())
                .await
            {
                Ok(()) => {
                    point("after-send");
                    Done::saved(None)
                }
                Err(e) => Done::of(failed(e)),
            }
        }
        Write::EtestSubmit {
            child_id,
            test_id,
            attempt_id,
        } => {
            let handed_in = |t: &hub_model::etest::OnlineTest| {
                t.id == *test_id && matches!(t.status, TestStatus::Submitted | TestStatus::Graded)
            };
            once(
                client.etests(child_id),
                |list| {
                    list.iter()
                        .any(handed_in)
                        .then(|| Done::saved_as(&SubmitResponse::default()))
                },
                point,
                || client.etest_submit(child_id, *test_id, *attempt_id),
            )
            .await
        }
        Write::ContactVisibility { visibility } => {
            once(
                client.contact_visibility(),
                |now| (ContactVisibility::from(now) == *visibility).then(|| Done::saved_as(now)),
                point,
                || client.set_contact_visibility(*visibility),
            )
            .await
        }
    })
}

/// Reads with `read`; when `already` finds the write there, it is done; else sends it with `send`.
async fn once<R, S, SF, T>(
    read: impl Future<Output = hub_client::Result<R>>,
    already: impl FnOnce(&R) -> Option<Done>,
    point: Point<'_>,
    send: S,
) -> Done
where
    S: FnOnce() -> SF,
    SF: Future<Output = hub_client::Result<T>>,
    T: Serialize,
{
    match read.await {
        Ok(now) => {
            if let Some(done) = already(&now) {
                tracing::debug!("queued write already at the school; not sent again");
                return done;
            }
        }
        Err(e) => return Done::of(failed(e)),
    }
    point("before-send");
    match send().await {
        Ok(value) => {
            point("after-send");
            Done::saved_as(&value)
        }
        Err(e) => Done::of(failed(e)),
    }
}

/// One message or comment as a re-read lists it.
struct Said {
    id: String,
    /// Written by this account (as far as the hub says).
    mine: bool,
    text: String,
    value: Option<Value>,
}

impl Said {
    fn new(id: String, mine: bool, text: &str, value: &impl Serialize) -> Self {
        Self {
            id,
            mine,
            text: text.trim().to_owned(),
            value: serde_json::to_value(value).ok(),
        }
    }
}

/// A message or comment: sent once. Before the first send the ids already listed are stored (`keep`); on a
/// replay a new message of this account with the same text means the earlier send arrived.
async fn said_once<S, SF, T>(
    listed: impl Future<Output = hub_client::Result<Vec<Said>>>,
    text: &str,
    seen: Option<Vec<String>>,
    keep: Keep<'_>,
    point: Point<'_>,
    send: S,
) -> Result<Done, QueueError>
where
    S: FnOnce() -> SF,
    SF: Future<Output = hub_client::Result<T>>,
    T: Serialize,
{
    let now = match listed.await {
        Ok(now) => now,
        Err(e) => return Ok(Done::of(failed(e))),
    };
    let text = text.trim();
    match seen {
        Some(before) => {
            if let Some(s) = now
                .into_iter()
                .find(|s| s.mine && s.text == text && !before.contains(&s.id))
            {
                tracing::debug!("queued message already at the school; not sent again");
                return Ok(Done::saved(s.value));
            }
        }
        None => {
            let ids: Vec<String> = now.into_iter().map(|s| s.id).collect();
            keep(&ids)?;
            point("after-baseline");
        }
    }
    point("before-send");
    Ok(match send().await {
        Ok(value) => {
            point("after-send");
            Done::saved_as(&value)
        }
        Err(e) => Done::of(failed(e)),
    })
}

/// Re-reads the days and sends only when the school does not show them yet.
async fn send_fritids(client: &HubClient, child_id: &str, days: &[SaveDay], point: Point<'_>) -> Outcome {
    let mut weeks: Vec<TimeRegistrationWeek> = Vec::new();
    for save in days {
        let date: NaiveDate = save.date.date();
        if weeks.iter().any(|w| w.days.iter().any(|d| d.date.date() == date)) {
            continue;
        }
        match client.fritids_week(child_id, date).await {
            Ok(week) => weeks.push(week),
            Err(e) => return failed(e),
        }
    }
    let already = days.iter().all(|save| {
        weeks
            .iter()
            .flat_map(|w| w.days.iter())
            .any(|d| save.is_reflected_in(d))
    });
    if already {
        tracing::debug!("queued write already at the school; not sent again");
        return Outcome::Saved;
    }
    point("before-send");
    match client.save_fritids(child_id, days).await {
        Ok(_) => {
            point("after-send");
            Outcome::Saved
        }
        Err(e) => failed(e),
    }
}

/// Sorts a failed send into "try later" and "the school said no".
fn failed(err: hub_client::Error) -> Outcome {
    use hub_client::Error as E;
    let later = matches!(
        err,
        E::Transport(_)
            | E::SessionExpired
            | E::NeedsPairing
            | E::RateLimited { .. }
            | E::AccountChanged
            | E::Persist(_)
    ) || matches!(err, E::Status { status, .. } if status >= 502);
    if later {
        tracing::info!(error = %err, "write stays queued");
        return Outcome::Queued;
    }
    // The school's refusals in Skolhub's Swedish words where the code is known, else the school's own.
    let error = crate::error::from_client(err);
    Outcome::Conflict {
        message: error.message,
        code: error.code,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use hub_client::Hosts;
    use hub_emulator::EmulatorHandle;
    use hub_model::LocalDateTime;
    use hub_model::timeregistration::Day;

    use super::*;

    async fn logged_in() -> (EmulatorHandle, HubClient, String) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let emu = EmulatorHandle::start(hub_emulator::Config::default()).await.unwrap();
        let u = &emu.urls;
        let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).unwrap();
        let client = HubClient::builder().hosts(hosts).build().unwrap();
        client
            .login_password(
                hub_emulator::demo::GUARDIAN_USERNAME,
                hub_emulator::demo::GUARDIAN_PASSWORD,
            )
            .await
            .unwrap();
        let account = client.account().await.unwrap();
        let child = account
            .children
            .iter()
            .find(|c| c.apps.iter().any(|a| a.as_str() == hub_client::apps::TIME_REGISTRATION))
            .expect("a child with fritids")
            .id
            .clone();
        (emu, client, child)
    }

    /// A day of the week `weeks_ahead` from now that satisfies `pick`.
    async fn day(client: &HubClient, child: &str, weeks_ahead: i64, pick: impl Fn(&Day) -> bool) -> Option<Day> {
        let date =
            hub_model::time::stockholm_wall_clock(chrono::Utc::now()).date() + chrono::TimeDelta::weeks(weeks_ahead);
        let week = client.fritids_week(child, date).await.unwrap();
        week.days.into_iter().find(|d| pick(d))
    }

    fn times(day: &Day, from: &str, to: &str) -> SaveDay {
        let at = |t: &str| LocalDateTime::parse(&format!("{}T{t}:00", day.date.date())).unwrap();
        SaveDay::times(day, at(from), at(to))
    }

    fn recorder() -> (Arc<Mutex<Vec<String>>>, impl Fn(&str) + Sync) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        (seen, move |p: &str| s.lock().unwrap().push(p.to_owned()))
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn writes_are_sent_once_in_order_refusals_become_conflicts_and_offline_ones_wait() {
        let (emu, client, child) = logged_in().await;
        let path = std::env::temp_dir().join(format!("skolhub-queue-{}.sqlite", rand::random::<u64>()));
        let q = WriteQueue::open(&path, &cache::new_key()).unwrap();
        let open = day(&client, &child, 1, |d| {
            d.can_edit && !d.is_locked && !d.is_school_closed
        })
        .await
        .expect("an editable day next week");
        let first = Write::FritidsSave {
            child_id: child.clone(),
            days: vec![times(&open, "07:30", "16:00")],
        };
        let second = Write::FritidsSave {
            child_id: child.clone(),
            days: vec![times(&open, "08:15", "15:45")],
        };
        q.enqueue(&first).unwrap();
        q.enqueue(&second).unwrap();
        let (points, point) = recorder();
        let out = q.replay(&client, &point).await.unwrap();
        assert_eq!(
            out.iter().map(|(_, d)| d.outcome.clone()).collect::<Vec<_>>(),
            vec![Outcome::Saved; 2]
        );
        assert_eq!(points.lock().unwrap().iter().filter(|p| *p == "before-send").count(), 2);
        assert!(q.pending().unwrap().is_empty());
        // In order: the later write is what the school shows.
        let shown = day(&client, &child, 1, |d| d.date == open.date).await.unwrap();
        let Write::FritidsSave { days, .. } = &second else {
            unreachable!()
        };
        assert!(days[0].is_reflected_in(&shown), "{shown:?}");

        // The same write again (as after a crash between sending and marking it done) is not sent again.
        q.enqueue(&second).unwrap();
        let (points, point) = recorder();
        let out = q.replay(&client, &point).await.unwrap();
        assert_eq!(out[0].1.outcome, Outcome::Saved);
        assert!(
            !points.lock().unwrap().iter().any(|p| p == "before-send"),
            "re-sent a write the school had"
        );

        // A day the school has locked is refused: a conflict with a Swedish reason, and the queue goes on.
        if let Some(locked) = day(&client, &child, -1, |d| d.is_locked || !d.can_edit).await {
            q.enqueue(&Write::FritidsSave {
                child_id: child.clone(),
                days: vec![times(&locked, "08:00", "15:00")],
            })
            .unwrap();
            let out = q.replay(&client, &|_| {}).await.unwrap();
            let Outcome::Conflict { message, .. } = &out[0].1.outcome else {
                panic!("expected a conflict, got {out:?}");
            };
            assert!(!message.is_empty());
            let conflicts = q.conflicts().unwrap();
            assert_eq!(conflicts.len(), 1);
            assert_eq!(&conflicts[0].message, message);
            q.dismiss(conflicts[0].id).unwrap();
            assert!(q.conflicts().unwrap().is_empty());
        }

        // Offline: the write stays queued, and survives reopening the file.
        emu.shutdown().await;
        q.enqueue(&first).unwrap();
        let out = q.replay(&client, &|_| {}).await.unwrap();
        assert_eq!(out[0].1.outcome, Outcome::Queued);
        drop(q);
        let key_less = WriteQueue::open(&path, &cache::new_key()).unwrap();
        assert!(
            key_less.pending().is_err(),
            "a queue file must not read without its key"
        );
        let _ = std::fs::remove_file(&path);
    }

    async fn emulator() -> EmulatorHandle {
        let _ = rustls::crypto::ring::default_provider().install_default();
        EmulatorHandle::start(hub_emulator::Config::default()).await.unwrap()
    }

    async fn login_as(emu: &EmulatorHandle, username: &str, password: &str) -> HubClient {
        let u = &emu.urls;
        let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).unwrap();
        let client = HubClient::builder().hosts(hosts).build().unwrap();
        client.login_password(username, password).await.unwrap();
        client
    }

    async fn guardian(emu: &EmulatorHandle) -> HubClient {
        use hub_emulator::demo::{GUARDIAN_PASSWORD, GUARDIAN_USERNAME};
        login_as(emu, GUARDIAN_USERNAME, GUARDIAN_PASSWORD).await
    }

    async fn student(emu: &EmulatorHandle) -> HubClient {
        use hub_emulator::demo::{STUDENT_PASSWORD, STUDENT_USERNAME};
        login_as(emu, STUDENT_USERNAME, STUDENT_PASSWORD).await
    }

    /// The children of the account that have module `app`.
    async fn children_with(client: &HubClient, app: &str) -> Vec<String> {
        let account = client.account().await.unwrap();
        account
            .children
            .iter()
            .filter(|c| c.apps.iter().any(|a| a.as_str() == app))
            .map(|c| c.id.clone())
            .collect()
    }

    fn new_queue() -> (Arc<WriteQueue>, std::path::PathBuf) {
        let path = std::env::temp_dir().join(format!("skolhub-queue-{}.sqlite", rand::random::<u64>()));
        (Arc::new(WriteQueue::open(&path, &cache::new_key()).unwrap()), path)
    }

    async fn faults(emu: &EmulatorHandle, path: &str, body: serde_json::Value) {
        let resp = reqwest::Client::new()
            .post(format!("{}{path}", emu.urls.admin))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "admin {path}: {}", resp.status());
    }

    /// Replays until the write at the head reached the school, then "crashes" (the task dies) before the
    /// queue marks it done: the row must still be pending.
    async fn crash_after_send(q: &Arc<WriteQueue>, client: &HubClient) {
        let before = q.pending().unwrap().len();
        let (q2, c2) = (q.clone(), client.clone());
        let died = tokio::spawn(async move {
            let crash = |p: &str| {
                if p == "after-send" {
                    panic!("simulated crash after the send (expected in this test)");
                }
            };
            q2.replay(&c2, &crash).await
        })
        .await;
        assert!(died.is_err(), "the replay should have died after the send");
        assert_eq!(
            q.pending().unwrap().len(),
            before,
            "the crashed write must still be queued"
        );
    }

    /// Replays and counts the sends.
    async fn replay_counting(q: &WriteQueue, client: &HubClient) -> (Vec<(i64, Done)>, usize) {
        let (points, point) = recorder();
        let out = q.replay(client, &point).await.unwrap();
        let sends = points.lock().unwrap().iter().filter(|p| *p == "before-send").count();
        (out, sends)
    }

    fn outcomes(out: &[(i64, Done)]) -> Vec<Outcome> {
        out.iter().map(|(_, d)| d.outcome.clone()).collect()
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_task_message_goes_once_through_a_crash_twice_on_purpose_and_waits_while_the_school_is_away() {
        let emu = emulator().await;
        let client = guardian(&emu).await;
        let child = children_with(&client, "task").await.remove(0);
        let task = client.tasks(&child).await.unwrap().items[0].id;
        let said = |text: String| {
            let (client, child) = (client.clone(), child.clone());
            async move {
                let detail = client.task(&child, task).await.unwrap();
                detail.messages.iter().filter(|m| m.text.trim() == text).count()
            }
        };
        let (q, path) = new_queue();
        let text = format!("Hur långt ska texten vara? {}", rand::random::<u32>());
        let write = Write::TaskMessage {
            child_id: child.clone(),
            task_id: task,
            text: text.clone(),
        };
        q.enqueue(&write).unwrap();
        crash_after_send(&q, &client).await;
        assert_eq!(said(text.clone()).await, 1);
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!(outcomes(&out), vec![Outcome::Saved]);
        assert_eq!(sends, 0, "the message had reached the school");
        assert_eq!(out[0].1.value.as_ref().unwrap()["text"], text.as_str());
        assert_eq!(said(text.clone()).await, 1, "sent twice");

        // The same text again on purpose is a second message.
        q.enqueue(&write).unwrap();
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 1));
        assert_eq!(said(text.clone()).await, 2);

        // The school out of reach (429 on every call): queued, in order, and sent once when it is back.
        faults(&emu, "/admin/faults", serde_json::json!({ "rateLimitRate": 1.0 })).await;
        let later = format!("Och en fråga till {}", rand::random::<u32>());
        for t in [&later, &text] {
            q.enqueue(&Write::TaskMessage {
                child_id: child.clone(),
                task_id: task,
                text: t.clone(),
            })
            .unwrap();
        }
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Queued], 0));
        assert_eq!(q.pending().unwrap().len(), 2);
        faults(&emu, "/admin/faults/clear", serde_json::json!({})).await;
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved; 2], 2));
        assert!(q.pending().unwrap().is_empty());
        assert_eq!((said(later).await, said(text).await), (1, 3));
        let detail = client.task(&child, task).await.unwrap();
        let last: Vec<&str> = detail.messages.iter().rev().take(2).map(|m| m.text.as_str()).collect();
        assert!(last[1].starts_with("Och en fråga till"), "out of order: {last:?}");
        emu.shutdown().await;
        let _ = std::fs::remove_file(&path);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn bookings_moves_and_cancellations_are_made_once_and_refusals_become_conflicts() {
        let emu = emulator().await;
        let client = guardian(&emu).await;
        let mut found = None;
        for child in children_with(&client, "meeting").await {
            let slots = client.meeting_availabilities(&child).await.unwrap();
            if slots.availabilities.iter().any(|a| a.is_booked()) {
                continue;
            }
            let free: Vec<String> = slots
                .availabilities
                .iter()
                .filter(|a| !a.is_booked())
                .map(|a| a.availability_id.as_str().to_owned())
                .collect();
            if free.len() >= 2 {
                found = Some((child, free));
                break;
            }
        }
        let (child, free) = found.expect("a child with two free slots and no booking");
        let (q, path) = new_queue();
        let bookings = || client.meeting_bookings(&child);

        let book = Write::MeetingBook {
            child_id: child.clone(),
            availability_id: free[0].clone(),
        };
        q.enqueue(&book).unwrap();
        crash_after_send(&q, &client).await;
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 0));
        let booked = bookings().await.unwrap();
        assert_eq!(booked.len(), 1);
        assert_eq!(booked[0].availability_id.as_str(), free[0]);
        let meeting_id = booked[0].meeting_id;
        let value: hub_model::meeting::Booking = serde_json::from_value(out[0].1.value.clone().unwrap()).unwrap();
        assert_eq!(value.meeting_id, meeting_id);

        // A second booking is refused by the school: a conflict in Swedish, and the queue goes on.
        q.enqueue(&Write::MeetingBook {
            child_id: child.clone(),
            availability_id: free[1].clone(),
        })
        .unwrap();
        let rebook = Write::MeetingRebook {
            child_id: child.clone(),
            meeting_id,
            availability_id: free[1].clone(),
        };
        q.enqueue(&rebook).unwrap();
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!(sends, 2);
        assert_eq!(
            outcomes(&out),
            vec![
                Outcome::Conflict {
                    message: "Ni har redan en bokad tid. Ändra den i stället.".into(),
                    code: Some(hub_model::codes::ALREADY_BOOKED.into()),
                },
                Outcome::Saved
            ]
        );
        assert_eq!(q.conflicts().unwrap().len(), 1);
        let booked = bookings().await.unwrap();
        assert_eq!(
            (booked.len(), booked[0].availability_id.as_str()),
            (1, free[1].as_str())
        );

        // Moving and cancelling again after a crash is not sent again either.
        q.enqueue(&rebook).unwrap();
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 0));
        let cancel = Write::MeetingCancel {
            child_id: child.clone(),
            meeting_id,
        };
        q.enqueue(&cancel).unwrap();
        crash_after_send(&q, &client).await;
        assert!(bookings().await.unwrap().is_empty());
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 0));
        emu.shutdown().await;
        let _ = std::fs::remove_file(&path);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn portfolio_comments_and_the_contact_visibility_are_written_once() {
        let emu = emulator().await;
        let client = guardian(&emu).await;
        let mut item = None;
        for child in children_with(&client, "documentation").await {
            if let Ok(p) = client.portfolio(&child).await
                && let Some(i) = p.paged_list.items.first()
            {
                item = Some((child, i.id));
                break;
            }
        }
        let (child, item) = item.expect("a portfolio item");
        let (q, path) = new_queue();
        let text = format!("Så fint! {}", rand::random::<u32>());
        q.enqueue(&Write::PortfolioComment {
            child_id: child.clone(),
            item_id: item,
            text: text.clone(),
        })
        .unwrap();
        crash_after_send(&q, &client).await;
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 0));
        let detail = client.portfolio_item(&child, item).await.unwrap();
        assert_eq!(detail.comment.iter().filter(|c| c.text.trim() == text).count(), 1);

        let now = client.contact_visibility().await.unwrap();
        let mut wanted = ContactVisibility::from(&now);
        wanted.show_email = !wanted.show_email;
        let write = Write::ContactVisibility { visibility: wanted };
        q.enqueue(&write).unwrap();
        crash_after_send(&q, &client).await;
        let (out, sends) = replay_counting(&q, &client).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 0));
        let shown = client.contact_visibility().await.unwrap();
        assert_eq!(ContactVisibility::from(&shown), wanted);
        assert_eq!(out[0].1.value.as_ref().unwrap()["showEmail"], wanted.show_email);
        emu.shutdown().await;
        let _ = std::fs::remove_file(&path);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_pupils_blog_comment_etest_answers_and_hand_in_go_once_and_late_answers_conflict() {
        let emu = emulator().await;
        let pupil = student(&emu).await;
        let me = children_with(&pupil, "grouptimeline").await.remove(0);
        let entry = pupil.blog(&me, 1).await.unwrap().entries[0].id;
        let (q, path) = new_queue();
        let text = format!("Vad roligt! {}", rand::random::<u32>());
        q.enqueue(&Write::BlogComment {
            child_id: me.clone(),
            entry_id: entry,
            text: text.clone(),
        })
        .unwrap();
        crash_after_send(&q, &pupil).await;
        let (out, sends) = replay_counting(&q, &pupil).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 0));
        let comments = pupil.blog_comments(&me, entry).await.unwrap();
        assert_eq!(comments.iter().filter(|c| c.text.trim() == text).count(), 1);

        // A guardian may not comment: the school's refusal is the conflict's reason.
        let parent = guardian(&emu).await;
        let child = children_with(&parent, "grouptimeline").await.remove(0);
        let entry_p = parent.blog(&child, 1).await.unwrap().entries[0].id;
        q.enqueue(&Write::BlogComment {
            child_id: child,
            entry_id: entry_p,
            text: "Hej".into(),
        })
        .unwrap();
        let (out, _) = replay_counting(&q, &parent).await;
        let Outcome::Conflict { message, .. } = &out[0].1.outcome else {
            panic!("expected a conflict, got {out:?}");
        };
        assert!(!message.is_empty());

        // eTest: answers (idempotent), the hand-in once, a later answer refused.
        let tests = pupil.etests(&me).await.unwrap();
        let mut started = None;
        for t in tests
            .iter()
            .filter(|t| matches!(t.status, TestStatus::NotStarted | TestStatus::InProgress))
        {
            if let Ok(a) = pupil.etest_start(&me, t.id).await {
                started = Some((t.id, a));
                break;
            }
        }
        let (open, attempt) = started.expect("an open test");
        let question = attempt.questions[0].clone();
        let answer = match question.options.first() {
            Some(o) => Answer::Options(vec![o.id]),
            None => Answer::Text("Fotosyntes".into()),
        };
        q.enqueue(&Write::EtestAnswer {
            child_id: me.clone(),
            attempt_id: attempt.attempt_id,
            question_id: question.id,
            answer: answer.clone(),
        })
        .unwrap();
        crash_after_send(&q, &pupil).await;
        // Sent again after the crash: harmless, the school keeps the same answer.
        let (out, sends) = replay_counting(&q, &pupil).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 1));
        let resumed = pupil.etest_start(&me, open).await.unwrap();
        let saved = resumed.questions[0].answer.clone().expect("the answer is saved");
        match &answer {
            Answer::Options(ids) => assert_eq!(&saved.option_ids, ids),
            Answer::Text(t) => assert_eq!(saved.text.as_deref(), Some(t.as_str())),
            _ => unreachable!(),
        }
        q.enqueue(&Write::EtestSubmit {
            child_id: me.clone(),
            test_id: open,
            attempt_id: attempt.attempt_id,
        })
        .unwrap();
        crash_after_send(&q, &pupil).await;
        let (out, sends) = replay_counting(&q, &pupil).await;
        assert_eq!((outcomes(&out), sends), (vec![Outcome::Saved], 0));
        let status = pupil
            .etests(&me)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.id == open)
            .unwrap()
            .status;
        assert!(
            matches!(status, TestStatus::Submitted | TestStatus::Graded),
            "{status:?}"
        );
        q.enqueue(&Write::EtestAnswer {
            child_id: me.clone(),
            attempt_id: attempt.attempt_id,
            question_id: question.id,
            answer,
        })
        .unwrap();
        let (out, _) = replay_counting(&q, &pupil).await;
        assert!(matches!(out[0].1.outcome, Outcome::Conflict { .. }), "{out:?}");
        emu.shutdown().await;
        let _ = std::fs::remove_file(&path);
    }
}

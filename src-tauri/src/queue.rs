//! The write queue: every write is stored (sealed, in SQLite, synchronously) before it is sent, and replayed
//! in order until the school has it, exactly once from the school's view.
//!
//! The hub has no idempotency keys, so before each (re)send the queue re-reads the target: a write the school
//! already shows (sent before a crash, never marked done) is marked done without sending again. A write the
//! school refuses (a locked day, a closed booking) becomes a conflict with the school's Swedish reason, and
//! the queue moves on. An unreachable school stops the replay; the write stays queued.
//!
//! Public (not crate-private) so the crash-trial example (`examples/queue_crash.rs`) can drive it.

use std::path::Path;
use std::sync::Mutex;

use chacha20poly1305::ChaCha20Poly1305;
use chacha20poly1305::aead::KeyInit;
use chrono::NaiveDate;
use hub_client::HubClient;
use hub_model::timeregistration::{SaveDay, TimeRegistrationWeek};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::cache;

/// One queued write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Write {
    /// Fritidsschema: times or ledig for one or more days of one child.
    FritidsSave { child_id: String, days: Vec<SaveDay> },
}

/// What happened to one write after a replay (the wire type the UI gets).
pub use hub_model::ipc::WriteOutcome as Outcome;

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
}

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

    /// Stores `write` durably at the end of the queue and returns its id. Only after this returns may the
    /// write be sent.
    pub fn enqueue(&self, write: &Write) -> Result<i64, QueueError> {
        let body = Body {
            write: write.clone(),
            message: None,
        };
        let (nonce, data) = cache::seal(&self.cipher, &serde_json::to_vec(&body)?).map_err(|_| QueueError::Decrypt)?;
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

    /// The writes the school refused, with its reasons.
    pub fn conflicts(&self) -> Result<Vec<(i64, Write, String)>, QueueError> {
        Ok(self
            .rows("conflict")?
            .into_iter()
            .map(|(id, b)| (id, b.write, b.message.unwrap_or_default()))
            .collect())
    }

    fn done(&self, id: i64) -> Result<(), QueueError> {
        self.lock()?.execute("DELETE FROM writes WHERE id = ?1", [id])?;
        Ok(())
    }

    fn conflict(&self, id: i64, write: &Write, message: &str) -> Result<(), QueueError> {
        let body = Body {
            write: write.clone(),
            message: Some(message.to_owned()),
        };
        let (nonce, data) = cache::seal(&self.cipher, &serde_json::to_vec(&body)?).map_err(|_| QueueError::Decrypt)?;
        self.lock()?.execute(
            "UPDATE writes SET state = 'conflict', nonce = ?2, data = ?3 WHERE id = ?1",
            params![id, nonce, data],
        )?;
        Ok(())
    }

    /// Forgets a conflict once the user has seen it.
    pub fn dismiss(&self, id: i64) -> Result<(), QueueError> {
        self.lock()?
            .execute("DELETE FROM writes WHERE id = ?1 AND state = 'conflict'", [id])?;
        Ok(())
    }

    /// Sends the pending writes in order. Returns each handled write's outcome; stops at the first write
    /// that cannot reach the school (it and the rest stay queued). `point` is called at the steps a crash
    /// trial may interrupt (a no-op in the app).
    pub async fn replay(
        &self,
        client: &HubClient,
        point: &(dyn Fn(&str) + Sync),
    ) -> Result<Vec<(i64, Outcome)>, QueueError> {
        let mut outcomes = Vec::new();
        for (id, write) in self.pending()? {
            point("before-reread");
            let outcome = match &write {
                Write::FritidsSave { child_id, days } => send_fritids(client, child_id, days, point).await,
            };
            match &outcome {
                Outcome::Saved => {
                    self.done(id)?;
                    point("after-done");
                }
                Outcome::Conflict { message } => self.conflict(id, &write, message)?,
                Outcome::Queued => {
                    outcomes.push((id, outcome));
                    break;
                }
            }
            outcomes.push((id, outcome));
        }
        Ok(outcomes)
    }
}

/// Sends one write now without persisting it (no keychain, or the demo school), with the same re-read and
/// conflict rules as a replay.
pub async fn send_now(client: &HubClient, write: &Write) -> Outcome {
    match write {
        Write::FritidsSave { child_id, days } => send_fritids(client, child_id, days, &|_| {}).await,
    }
}

/// Re-reads the days and sends only when the school does not show them yet.
async fn send_fritids(client: &HubClient, child_id: &str, days: &[SaveDay], point: &(dyn Fn(&str) + Sync)) -> Outcome {
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
    );
    if later {
        tracing::info!(error = %err, "write stays queued");
        return Outcome::Queued;
    }
    let message = crate::error::from_client(err).message;
    Outcome::Conflict { message }
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
        let date = chrono::Local::now().date_naive() + chrono::TimeDelta::weeks(weeks_ahead);
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
            out.iter().map(|(_, o)| o.clone()).collect::<Vec<_>>(),
            vec![Outcome::Saved; 2]
        );
        assert_eq!(points.lock().unwrap().iter().filter(|p| *p == "before-send").count(), 2);
        assert!(q.pending().unwrap().is_empty());
        // In order: the later write is what the school shows.
        let shown = day(&client, &child, 1, |d| d.date == open.date).await.unwrap();
        let Write::FritidsSave { days, .. } = &second;
        assert!(days[0].is_reflected_in(&shown), "{shown:?}");

        // The same write again (as after a crash between sending and marking it done) is not sent again.
        q.enqueue(&second).unwrap();
        let (points, point) = recorder();
        let out = q.replay(&client, &point).await.unwrap();
        assert_eq!(out[0].1, Outcome::Saved);
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
            let Outcome::Conflict { message } = &out[0].1 else {
                panic!("expected a conflict, got {out:?}");
            };
            assert!(!message.is_empty());
            let conflicts = q.conflicts().unwrap();
            assert_eq!(conflicts.len(), 1);
            q.dismiss(conflicts[0].0).unwrap();
            assert!(q.conflicts().unwrap().is_empty());
        }

        // Offline: the write stays queued, and survives reopening the file.
        emu.shutdown().await;
        q.enqueue(&first).unwrap();
        let out = q.replay(&client, &|_| {}).await.unwrap();
        assert_eq!(out[0].1, Outcome::Queued);
        drop(q);
        let key_less = WriteQueue::open(&path, &cache::new_key()).unwrap();
        assert!(
            key_less.pending().is_err(),
            "a queue file must not read without its key"
        );
        let _ = std::fs::remove_file(&path);
    }
}

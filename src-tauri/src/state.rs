//! The shell's one shared state: the active session, the connection state the UI sees, new-notification
//! polling and, in demo mode, the embedded school emulator.
//!
//! Several accounts may be added on one device and one is active ([`crate::accounts`]): a login or pairing
//! stores its secrets under the id [`AppState::login_id`] made when it started; [`AppState::adopt`] lists
//! the account and makes it active; switching parks the session (everything stays stored) and restores
//! the other account from its keychain entries; "Logga ut" removes only the active account.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hub_client::{Hosts, HubClient, OAuthSession};
use hub_emulator::EmulatorHandle;
use hub_model::ipc::{Fresh, PairingCode, PairingStatus, PendingWrite, ReadSource, SessionState, WriteConflict};
use hub_model::{Account, CmdError, ErrorKind};
use tokio::sync::Mutex;

use crate::accounts::{self, Entry, LoginKind, Registry};
use crate::cache::{self, Cache};
use crate::error::{from_client, internal};
use crate::keychain::{Keychain, Secret, unavailable};
use crate::notify::{Notifier, Toast};
use crate::pairing;
use crate::queue::{Done, Outcome, Write, WriteQueue};
use crate::watch::{StateSink, Watch};

/// The cache area holding the account itself (child ""), for starting offline.
const ACCOUNT_AREA: &str = "account";

/// A read started offline for a box that was never fetched on this device.
const OFFLINE_NOTHING_CACHED: &str = "Det gick inte att nå skolans server, och det finns inget sparat att visa här ännu. Försök igen när du är uppkopplad.";

/// How often the background task checks the session and polls notifications unless
/// `SKOLHUB_POLL_SECONDS` says otherwise.
const DEFAULT_POLL: Duration = Duration::from_secs(300);

/// A logged-in web session and the account it belongs to.
pub(crate) struct Session {
    pub client: HubClient,
    pub account: Account,
    /// A paired device's tokens (kept for "Logga ut", which revokes them on the server).
    pub oauth: Option<OAuthSession>,
    /// `<hub host>/<user id>`: names the account's local files (never a secret).
    pub key: String,
    /// The account's id on this device ([`crate::accounts`]); `None` for the demo.
    pub id: Option<String>,
}

/// Reports the queue ids of writes a replay delivered (the `writes-sent` event).
pub(crate) type SentSink = Arc<dyn Fn(&[i64]) + Send + Sync>;

/// Tells the UI how many notifications a poll found for the first time.
pub(crate) type FreshSink = Arc<dyn Fn(usize) + Send + Sync>;

/// Where the shell reports to: the UI's state event, OS notifications, and the app's data folder.
pub(crate) struct Hooks {
    pub state: StateSink,
    pub toast: Toast,
    /// Tells the UI that a queued write was refused by the school (the Swedish reason).
    pub conflict: Arc<dyn Fn(&str) + Send + Sync>,
    /// Tells the UI that a replay delivered queued writes (their ids), so views drop their "waiting" marks.
    pub sent: SentSink,
    /// Tells the UI that the poll found new notifications, so the open window reads again.
    pub fresh: FreshSink,
    pub data_dir: PathBuf,
}

/// Registered with `app.manage`; commands take it as `State<'_, AppState>`.
pub(crate) struct AppState {
    /// Hosts for real logins: InfoMentor, or `SKOLHUB_HOSTS="hub mentor oauth api"` for development.
    hosts: Hosts,
    /// Start in the demo school when the UI first asks for the account.
    autostart_demo: bool,
    session: Mutex<Option<Session>>,
    emulator: Mutex<Option<EmulatorHandle>>,
    /// A "Använd annan enhet" pairing waiting for approval.
    pairing: Mutex<Option<pairing::Pending>>,
    /// Whether restoring a stored login gave a definite answer this run. An unreachable school leaves it
    /// false, so the background task tries again when the network is back.
    restored: Mutex<bool>,
    /// The connection state the UI shows.
    pub watch: Watch,
    notifier: Notifier,
    /// The logged-in real account's encrypted cache (none for the demo, or without a keychain).
    cache: Mutex<Option<Arc<Cache>>>,
    /// The last account, read back from its cache when the app started with a stored login but no school:
    /// views come from the cache until the background task restores the session.
    offline_account: Mutex<Option<Account>>,
    cache_dir: PathBuf,
    /// The logged-in real account's write queue (none for the demo, or without a keychain).
    queue: Mutex<Option<Arc<WriteQueue>>>,
    /// Held for a whole replay: two replays at once could send one write twice.
    replaying: Mutex<()>,
    conflict: Arc<dyn Fn(&str) + Send + Sync>,
    sent: SentSink,
    fresh: FreshSink,
    data_dir: PathBuf,
    /// The accounts added on this device; held only briefly, never across an `await`.
    accounts: std::sync::Mutex<Registry>,
    /// Whether the previous version's per-school keychain entries were looked for this run.
    migrated: std::sync::atomic::AtomicBool,
    /// The id a login or pairing in progress stores its secrets under (made when it starts).
    pending_id: std::sync::Mutex<Option<String>>,
    /// When the active account became active: a calendar subscription file written since then is its.
    active_since: std::sync::Mutex<std::time::SystemTime>,
}

/// The hosts from `SKOLHUB_HOSTS` ("hub mentor oauth api"), or InfoMentor's. Plain http is refused except
/// on loopback.
pub(crate) fn configured_hosts(var: Option<&str>) -> Result<Hosts, String> {
    let Some(v) = var else {
        return Ok(Hosts::infomentor());
    };
    let parts: Vec<&str> = v.split_whitespace().collect();
    let [hub, mentor, oauth, api] = parts[..] else {
        return Err("SKOLHUB_HOSTS ska innehålla fyra adresser: hub mentor oauth api".into());
    };
    Hosts::parse(hub, mentor, oauth, api)
        .map_err(|e| format!("SKOLHUB_HOSTS: {e}. Skolans servrar måste nås med https (http bara på den egna datorn)."))
}

/// The write queue's file of an account, next to its cache.
fn queue_path(cache_dir: &std::path::Path, account_key: &str) -> PathBuf {
    let cache = cache::path_for(cache_dir, account_key);
    cache.with_extension("queue.sqlite")
}

/// Removes an SQLite file and its WAL companions.
fn remove_db(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        if let Err(e) = std::fs::remove_file(&p)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, "could not remove a local file");
        }
    }
}

/// The background task's interval: `SKOLHUB_POLL_SECONDS` (at least 1), else five minutes.
pub(crate) fn poll_interval() -> Duration {
    std::env::var("SKOLHUB_POLL_SECONDS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(DEFAULT_POLL, |s| Duration::from_secs(s.max(1)))
}

impl AppState {
    pub fn new(autostart_demo: bool, hooks: Hooks) -> Result<Self, String> {
        let hosts = configured_hosts(std::env::var("SKOLHUB_HOSTS").ok().as_deref())?;
        Ok(Self::with_hosts(hosts, autostart_demo, hooks))
    }

    pub fn with_hosts(hosts: Hosts, autostart_demo: bool, hooks: Hooks) -> Self {
        Self {
            hosts,
            autostart_demo,
            session: Mutex::new(None),
            emulator: Mutex::new(None),
            pairing: Mutex::new(None),
            restored: Mutex::new(false),
            watch: Watch::new(hooks.state),
            notifier: Notifier::new(hooks.data_dir.join("notifications"), hooks.toast),
            cache: Mutex::new(None),
            offline_account: Mutex::new(None),
            cache_dir: hooks.data_dir.join("cache"),
            queue: Mutex::new(None),
            replaying: Mutex::new(()),
            conflict: hooks.conflict,
            sent: hooks.sent,
            fresh: hooks.fresh,
            accounts: std::sync::Mutex::new(Registry::load(&hooks.data_dir)),
            data_dir: hooks.data_dir,
            migrated: std::sync::atomic::AtomicBool::new(false),
            pending_id: std::sync::Mutex::new(None),
            active_since: std::sync::Mutex::new(std::time::SystemTime::now()),
        }
    }

    fn registry(&self) -> std::sync::MutexGuard<'_, Registry> {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The school's part of account and keychain names.
    fn school(&self) -> String {
        pairing::school_of(&self.hosts)
    }

    /// The keychain entries of the account `id` added on this device.
    pub(crate) fn keychain_of(&self, id: &str) -> Keychain {
        pairing::keychain_for_account(&self.hosts, id)
    }

    /// The id the login or pairing starting now stores its secrets under; the same until one succeeds.
    pub(crate) fn login_id(&self) -> String {
        let mut pending = self.pending_id.lock().unwrap_or_else(|e| e.into_inner());
        pending.get_or_insert_with(accounts::new_id).clone()
    }

    /// The active account of the configured school, if any.
    fn active_id(&self) -> Option<String> {
        let reg = self.registry();
        let id = reg.active()?;
        reg.get(id).filter(|e| e.school == self.school()).map(|e| e.id.clone())
    }

    /// Adopts the previous version's per-school keychain entries as an account, once per run.
    fn migrate_once(&self) {
        if self.migrated.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return;
        }
        let calendar = crate::ics::subscription_path(&self.data_dir).exists();
        let school = self.school();
        let old = pairing::keychain_for(&self.hosts);
        let mut reg = self.registry();
        let result = tokio::task::block_in_place(|| {
            accounts::migrate(&mut reg, &school, &old, |id| self.keychain_of(id), calendar)
        });
        if let Err(e) = result {
            tracing::warn!(error = %e, "could not adopt the previous version's stored login");
            self.migrated.store(false, std::sync::atomic::Ordering::SeqCst);
        }
    }

    /// Notes that the calendar subscription file holds `id`'s data when it was written while `id` was active.
    fn claim_calendar(&self, id: &str) {
        let path = crate::ics::subscription_path(&self.data_dir);
        let Ok(modified) = std::fs::metadata(&path).and_then(|m| m.modified()) else {
            return;
        };
        let since = *self.active_since.lock().unwrap_or_else(|e| e.into_inner());
        // File times come from a coarser clock than `SystemTime::now`: a little slack.
        if modified + Duration::from_millis(100) >= since {
            let mut reg = self.registry();
            if reg.calendar_owner() != Some(id) {
                reg.set_calendar_owner(Some(id.to_owned()));
                reg.save_or_log();
            }
        }
    }

    /// Removes the account `id` from the list (after its secrets and files), with the calendar subscription
    /// file when the account made it; the first other account of the school becomes active.
    fn forget_account(&self, id: &str) {
        self.claim_calendar(id);
        let mut reg = self.registry();
        let owner = reg.calendar_owner().map(str::to_owned);
        let others = reg.of_school(&self.school()).any(|a| a.id != id);
        if owner.as_deref() == Some(id) || (owner.is_none() && !others) {
            let path = crate::ics::subscription_path(&self.data_dir);
            if let Err(e) = std::fs::remove_file(&path)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(error = %e, "could not remove the calendar subscription");
            }
        }
        reg.remove(id);
        reg.save_or_log();
    }

    /// The accounts added on this device for the configured school; the demo is never one of them.
    pub async fn accounts_list(&self) -> Vec<hub_model::ipc::DeviceAccount> {
        self.migrate_once();
        let demo = self.session.lock().await.as_ref().is_some_and(|s| s.account.demo);
        let reg = self.registry();
        let active = if demo { None } else { reg.active() };
        reg.of_school(&self.school())
            .map(|e| hub_model::ipc::DeviceAccount {
                id: e.id.clone(),
                name: e.name.clone(),
                role: e.role,
                school: e.school.clone(),
                active: active == Some(e.id.as_str()),
            })
            .collect()
    }

    /// "Lägg till konto": the current account stays stored (and in use until another login succeeds); the
    /// next login or pairing is a new account. Giving up returns to the current one.
    pub async fn account_add(&self) {
        *self.pending_id.lock().unwrap_or_else(|e| e.into_inner()) = Some(accounts::new_id());
        self.pairing.lock().await.take();
    }

    /// Ends the current session for a switch to another account: its web session at the school ends too, but
    /// every secret and file stays on this device for a switch back.
    async fn park(&self) {
        let session = self.session.lock().await.take();
        let parked = match &session {
            Some(s) => s.id.clone(),
            None if self.offline_account.lock().await.is_some() => self.active_id(),
            None => None,
        };
        if let Some(id) = parked {
            self.claim_calendar(&id);
        }
        if let Some(s) = session {
            end_web_session(s);
        }
        self.offline_account.lock().await.take();
        self.cache.lock().await.take();
        self.queue.lock().await.take();
        self.pairing.lock().await.take();
        self.watch.reset();
    }

    /// Makes the account `id` active and restores it from its keychain entries (state events as for a
    /// restore at start-up). `None` when it has no stored login (a password without "Kom ihåg mig"): the
    /// UI then offers the login choices.
    pub async fn account_switch(&self, id: &str) -> Result<Option<Account>, CmdError> {
        let known = self.registry().get(id).is_some_and(|e| e.school == self.school());
        if !known {
            return Err(CmdError::new(
                ErrorKind::Internal,
                "Kontot finns inte längre på den här enheten.",
            ));
        }
        if let Some(s) = self.session.lock().await.as_ref()
            && s.id.as_deref() == Some(id)
        {
            return Ok(Some(s.account.clone()));
        }
        self.park().await;
        {
            let mut reg = self.registry();
            reg.set_active(Some(id.to_owned()));
            reg.save_or_log();
        }
        let mut restored = self.restored.lock().await;
        *restored = false;
        match self.restore_account(id).await {
            Err(e) if e.kind == ErrorKind::Offline => {
                self.watch.set(SessionState::Offline);
                match self.last_account().await {
                    Some(account) => Ok(Some(account)),
                    None => Err(e),
                }
            }
            other => {
                *restored = true;
                other
            }
        }
    }

    /// The current account: the demo when launched with `--demo`, else a login restored from the keychain
    /// (a paired device's refresh token, or a remembered password), else none. When a stored login exists
    /// but the school cannot be reached, the last account read back from its cache, in the `Offline` state
    /// (the background task keeps trying to restore the session).
    pub async fn current_account(&self) -> Result<Option<Account>, CmdError> {
        if self.autostart_demo && self.session.lock().await.is_none() {
            return self.start_demo().await.map(Some);
        }
        if let Some(s) = self.session.lock().await.as_ref() {
            return Ok(Some(s.account.clone()));
        }
        let mut restored = self.restored.lock().await;
        // Another caller may have restored while this one waited.
        if let Some(s) = self.session.lock().await.as_ref() {
            return Ok(Some(s.account.clone()));
        }
        if *restored {
            return Ok(None);
        }
        match self.restore().await {
            Err(e) if e.kind == ErrorKind::Offline => {
                self.watch.set(SessionState::Offline);
                // A stored login and no school: the last account from its cache, if there is one.
                match self.last_account().await {
                    Some(account) => Ok(Some(account)),
                    None => Err(e),
                }
            }
            other => {
                *restored = true;
                other
            }
        }
    }

    /// Logs the active account in from what the keychain holds.
    async fn restore(&self) -> Result<Option<Account>, CmdError> {
        self.migrate_once();
        let Some(id) = self.active_id() else {
            return Ok(None);
        };
        self.restore_account(&id).await
    }

    /// Logs the account `id` in from its keychain entries: a refresh token first, else a remembered password.
    async fn restore_account(&self, id: &str) -> Result<Option<Account>, CmdError> {
        let keychain = self.keychain_of(id);
        let client = self.real_client()?;
        if let Some(oauth) = pairing::restore(&client, &keychain).await? {
            return self.adopt(client, Some(oauth), id.to_owned()).await.map(Some);
        }
        let stored = tokio::task::block_in_place(|| -> Result<_, keyring::Error> {
            Ok((keychain.get(Secret::Username)?, keychain.get(Secret::Password)?))
        })
        .map_err(|e| unavailable(&e))?;
        let (Some(username), Some(password)) = stored else {
            return Ok(None);
        };
        match client.login_password(&username, &password).await {
            Ok(()) => self.adopt(client, None, id.to_owned()).await.map(Some),
            Err(hub_client::Error::LoginFailed { .. }) => {
                // The password was changed at the school: the stored one is useless.
                tracing::info!("the remembered password was refused; removing it");
                let _ = keychain.delete(Secret::Password);
                self.watch.set(SessionState::NeedsLogin);
                Ok(None)
            }
            Err(e) => Err(from_client(e)),
        }
    }

    /// The hosts for real logins.
    pub(crate) fn hosts(&self) -> &Hosts {
        &self.hosts
    }

    pub(crate) fn real_client(&self) -> Result<HubClient, CmdError> {
        HubClient::builder()
            .hosts(self.hosts.clone())
            .build()
            .map_err(from_client)
    }

    /// Makes a logged-in client the session of the account `id` (whose keychain entries hold its secrets),
    /// lists the account and makes it active, and returns it. The same person logged in again under a new
    /// id takes over the older entry's cache key; the older entry goes.
    pub(crate) async fn adopt(
        &self,
        client: HubClient,
        oauth: Option<OAuthSession>,
        id: String,
    ) -> Result<Account, CmdError> {
        let account = client.account().await.map_err(from_client)?;
        let key = self.account_key(&account);
        let previous = self.session.lock().await.as_ref().and_then(|s| s.id.clone());
        if let Some(prev) = previous.filter(|p| *p != id) {
            self.claim_calendar(&prev);
        }
        let school = self.school();
        let duplicate = {
            let mut reg = self.registry();
            let duplicate = reg.duplicate_of(&id, &school, &account.user_id);
            let owner = reg.calendar_owner().map(str::to_owned);
            reg.upsert(Entry {
                id: id.clone(),
                user_id: account.user_id.clone(),
                name: account.display_name.clone(),
                role: Some(account.role),
                school,
                login: if oauth.is_some() {
                    LoginKind::Paired
                } else {
                    LoginKind::Password
                },
            });
            if let Some(dup) = &duplicate {
                reg.remove(dup);
                if owner.as_deref() == Some(dup.as_str()) {
                    reg.set_calendar_owner(Some(id.clone()));
                }
            }
            reg.set_active(Some(id.clone()));
            reg.save_or_log();
            duplicate
        };
        if let Some(dup) = duplicate {
            let (old, new) = (self.keychain_of(&dup), self.keychain_of(&id));
            let moved = tokio::task::block_in_place(|| -> Result<(), keyring::Error> {
                if let Some(k) = old.get(Secret::CacheKey)?
                    && new.get(Secret::CacheKey)?.is_none()
                {
                    new.set(Secret::CacheKey, &k)?;
                }
                old.delete_all()
            });
            if let Err(e) = moved {
                tracing::warn!(error = %e, "could not move the account's cache key");
            }
        }
        {
            let mut pending = self.pending_id.lock().unwrap_or_else(|e| e.into_inner());
            if pending.as_deref() == Some(id.as_str()) {
                *pending = None;
            }
        }
        *self.active_since.lock().unwrap_or_else(|e| e.into_inner()) = std::time::SystemTime::now();
        let (cache, queue) = self.open_store(&key, &id);
        if let Some(c) = &cache
            && let Err(e) = c.put("", ACCOUNT_AREA, "", &account)
        {
            tracing::warn!(error = %e, "could not remember the account for starting offline");
        }
        *self.cache.lock().await = cache;
        *self.offline_account.lock().await = None;
        *self.queue.lock().await = queue;
        let replaced = self.session.lock().await.replace(Session {
            client,
            account: account.clone(),
            oauth,
            key: key.clone(),
            id: Some(id),
        });
        // Another person's session ("Lägg till konto", or a login over the demo) ends at the school too. The
        // same person's (the same key: school and user) is left alone: on the hub a second login already ended
        // it, and its logout might end the new one.
        if let Some(old) = replaced.filter(|old| old.key != key) {
            end_web_session(old);
        }
        self.watch.set(SessionState::Ok);
        Ok(account)
    }

    /// The account's cache and write queue, sealed with its key from the keychain entries of `id` (made on
    /// first use). Without a keychain there are neither: never a key on disk.
    fn open_store(&self, account_key: &str, id: &str) -> (Option<Arc<Cache>>, Option<Arc<WriteQueue>>) {
        let keychain = self.keychain_of(id);
        let key = tokio::task::block_in_place(|| -> Result<String, keyring::Error> {
            if let Some(k) = keychain.get(Secret::CacheKey)? {
                return Ok(k);
            }
            let k = cache::new_key();
            keychain.set(Secret::CacheKey, &k)?;
            Ok(k)
        });
        let key = match key {
            Ok(k) => k,
            Err(e) => {
                tracing::warn!(error = %e, "no keychain: running without the offline cache and write queue");
                return (None, None);
            }
        };
        let queue = match WriteQueue::open(&queue_path(&self.cache_dir, account_key), &key) {
            Ok(q) => Some(Arc::new(q)),
            Err(e) => {
                tracing::warn!(error = %e, "could not open the write queue");
                None
            }
        };
        let path = cache::path_for(&self.cache_dir, account_key);
        let opened = Cache::open(&path, &key).and_then(|c| {
            // A file sealed with a lost key is useless: start it over.
            match c.get::<serde_json::Value>("", "probe", "") {
                Err(cache::CacheError::Decrypt) => {
                    tracing::warn!("cache sealed with another key; starting a new one");
                    c.destroy();
                    Cache::open(&path, &key)
                }
                _ => Ok(c),
            }
        });
        let cache = match opened {
            Ok(c) => Some(Arc::new(c)),
            Err(e) => {
                tracing::warn!(error = %e, "could not open the offline cache");
                None
            }
        };
        (cache, queue)
    }

    /// A write from the UI: queued durably first, then sent with every write queued before it (only queued
    /// when the app started offline and has no session yet). Without a queue (the demo, no keychain) it is
    /// sent once, directly. A refusal of this write is answered here (and not kept as a conflict to show
    /// again); refusals of earlier writes go out as events.
    pub async fn write(&self, write: Write) -> Result<Done, CmdError> {
        let queue = self.queue.lock().await.clone();
        let client = self.client().await;
        let Some(queue) = queue else {
            let client = client?;
            // Nothing keeps it on this device: "queued" would be a promise nobody keeps.
            let done = crate::queue::send_now(&client, &write).await;
            if done.outcome == Outcome::Queued {
                return Err(CmdError::new(
                    ErrorKind::Offline,
                    "Det gick inte att nå skolan, och ändringen kan inte sparas på enheten. Försök igen.",
                ));
            }
            self.watch_write(&done.outcome);
            return Ok(done);
        };
        let id = queue.enqueue(&write).map_err(|e| internal("write queue", e))?;
        let Ok(client) = client else {
            // Started offline with the last account and no session yet: kept, and sent by the background
            // task once the stored login reaches the school.
            return Ok(Done {
                outcome: Outcome::Queued,
                value: None,
            });
        };
        let handled = self.replay(&client, &queue, Some(id)).await?;
        let queued = Done {
            outcome: Outcome::Queued,
            value: None,
        };
        let done = handled.into_iter().find(|(i, _)| *i == id).map_or(queued, |(_, d)| d);
        if matches!(done.outcome, Outcome::Conflict { .. }) {
            queue.dismiss(id).map_err(|e| internal("write queue", e))?;
        }
        self.watch_write(&done.outcome);
        Ok(done)
    }

    /// A write the school answered says the connection is fine again.
    fn watch_write(&self, outcome: &Outcome) {
        if !matches!(outcome, Outcome::Queued) {
            self.watch.set(SessionState::Ok);
        }
    }

    /// Replays the queue once (single flight); conflicts of writes other than `current` go to the UI as
    /// events.
    async fn replay(
        &self,
        client: &HubClient,
        queue: &WriteQueue,
        current: Option<i64>,
    ) -> Result<Vec<(i64, Done)>, CmdError> {
        let _one = self.replaying.lock().await;
        let writes: std::collections::HashMap<i64, Write> = queue
            .pending()
            .map_err(|e| internal("write queue", e))?
            .into_iter()
            .collect();
        let handled = queue
            .replay(client, &|_| {})
            .await
            .map_err(|e| internal("write queue", e))?;
        let sent: Vec<i64> = handled
            .iter()
            .filter(|(id, done)| Some(*id) != current && done.outcome == Outcome::Saved)
            .map(|(id, _)| *id)
            .collect();
        for (id, done) in &handled {
            match &done.outcome {
                Outcome::Conflict { message, .. } if Some(*id) != current => (self.conflict)(message),
                // The cached answers of what changed are stale: the next read goes to the school.
                Outcome::Saved => {
                    if let Some((child, area)) = writes.get(id).and_then(Write::stale) {
                        self.invalidate(child, area).await;
                    }
                }
                _ => {}
            }
        }
        if !sent.is_empty() {
            (self.sent)(&sent);
        }
        Ok(handled)
    }

    /// The writes kept on this device and not yet at the school, oldest first; none without a queue.
    pub async fn writes_pending(&self) -> Result<Vec<PendingWrite>, CmdError> {
        let Some(queue) = self.queue.lock().await.clone() else {
            return Ok(Vec::new());
        };
        queue.pending_listed().map_err(|e| internal("write queue", e))
    }

    /// The writes the school refused, with its reasons, until dismissed.
    pub async fn write_conflicts(&self) -> Result<Vec<WriteConflict>, CmdError> {
        let Some(queue) = self.queue.lock().await.clone() else {
            return Ok(Vec::new());
        };
        queue.conflicts().map_err(|e| internal("write queue", e))
    }

    /// Forgets a refused write the user has seen.
    pub async fn write_conflict_dismiss(&self, id: i64) -> Result<(), CmdError> {
        if let Some(queue) = self.queue.lock().await.clone() {
            queue.dismiss(id).map_err(|e| internal("write queue", e))?;
        }
        Ok(())
    }

    /// A read's answer for the UI with its age. With [`ReadSource::Cache`] the cached answer when there is
    /// one, so a view shows something at once. Otherwise `fetch` asks the school and its answer is stored;
    /// when the school cannot be reached the cached answer comes instead (`cached`, with when it was
    /// fetched). Started offline (no session yet), only the cache answers.
    pub async fn read<T, F, Fut>(
        &self,
        child: &str,
        area: &str,
        key: &str,
        source: Option<ReadSource>,
        fetch: F,
    ) -> Result<Fresh<T>, CmdError>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        F: FnOnce(HubClient) -> Fut,
        Fut: Future<Output = hub_client::Result<T>>,
    {
        self.read_refined(child, area, key, source, fetch, |_| None).await
    }

    /// [`AppState::read`] where `refine` turns some school errors into answers of their own (refusals,
    /// step-up); those never fall back to the cache.
    pub async fn read_refined<T, F, Fut>(
        &self,
        child: &str,
        area: &str,
        key: &str,
        source: Option<ReadSource>,
        fetch: F,
        refine: impl Fn(&hub_client::Error) -> Option<CmdError>,
    ) -> Result<Fresh<T>, CmdError>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        F: FnOnce(HubClient) -> Fut,
        Fut: Future<Output = hub_client::Result<T>>,
    {
        let cache = self.cache.lock().await.clone();
        let cached = || -> Option<Fresh<T>> {
            match cache.as_ref()?.get::<T>(child, area, key) {
                Ok(hit) => hit.map(|h| Fresh {
                    value: h.value,
                    fetched_at: h.fetched_at,
                    cached: true,
                }),
                Err(e) => {
                    tracing::warn!(error = %e, area, "could not read the cache");
                    None
                }
            }
        };
        if source == Some(ReadSource::Cache)
            && let Some(hit) = cached()
        {
            return Ok(hit);
        }
        let client = match self.client().await {
            Ok(client) => client,
            Err(_) if self.offline_account.lock().await.is_some() => {
                return cached().ok_or_else(|| CmdError::new(ErrorKind::Offline, OFFLINE_NOTHING_CACHED));
            }
            Err(e) => return Err(e),
        };
        let result = match fetch(client).await {
            Err(e) => match refine(&e) {
                Some(refined) => return Err(refined),
                None => Err(e),
            },
            ok => ok,
        };
        match self.track(result) {
            Ok(value) => {
                let fetched_at = chrono::Utc::now();
                if let Some(c) = &cache
                    && let Err(e) = c.put_at(child, area, key, &value, fetched_at)
                {
                    tracing::warn!(error = %e, "could not cache a read");
                }
                Ok(Fresh {
                    value,
                    fetched_at,
                    cached: false,
                })
            }
            // A school that asks us to wait (429) is as good as away for a read: the cached answer serves.
            Err(e) if matches!(e.kind, ErrorKind::Offline | ErrorKind::RateLimited) => match cached() {
                Some(hit) => {
                    tracing::info!(area, fetched_at = %hit.fetched_at, "school not answering: serving the cached answer");
                    Ok(hit)
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    /// A read that is never cached (Bedömningar, which the school shows only after this session's BankID
    /// step-up): the school's answer or its error, nothing older.
    pub async fn read_uncached<T>(
        &self,
        result: hub_client::Result<T>,
        refine: impl Fn(&hub_client::Error) -> Option<CmdError>,
    ) -> Result<Fresh<T>, CmdError> {
        let result = match result {
            Err(e) => match refine(&e) {
                Some(refined) => return Err(refined),
                None => Err(e),
            },
            ok => ok,
        };
        Ok(Fresh {
            value: self.track(result)?,
            fetched_at: chrono::Utc::now(),
            cached: false,
        })
    }

    /// Forgets the cached answers of `area` for `child` (every key), so no view shows what a write just
    /// changed: call it after the school accepted a write.
    pub async fn invalidate(&self, child: &str, area: &str) {
        let cache = self.cache.lock().await.clone();
        if let Some(c) = cache
            && let Err(e) = c.invalidate(child, area)
        {
            tracing::warn!(error = %e, area, "could not invalidate the cache");
        }
    }

    fn account_key(&self, account: &Account) -> String {
        format!("{}{}", self.account_prefix(), account.user_id)
    }

    /// What every account key of this school starts with: `<hub host>-<port>/`.
    fn account_prefix(&self) -> String {
        format!(
            "{}-{}/",
            self.hosts.hub.host_str().unwrap_or("hub"),
            self.hosts.hub.port_or_known_default().unwrap_or(0),
        )
    }

    /// The active account, read back from its cache (sealed with the keychain's key, never made here), whose
    /// cache and write queue then serve while offline. An account adopted from the previous version has no
    /// user id yet: its cache is the school's newest.
    async fn last_account(&self) -> Option<Account> {
        if let Some(account) = self.offline_account.lock().await.clone() {
            return Some(account);
        }
        let id = self.active_id()?;
        let user_id = self.registry().get(&id)?.user_id.clone();
        let path = if user_id.is_empty() {
            cache::newest_file(&self.cache_dir, &self.account_prefix())?
        } else {
            cache::path_for(&self.cache_dir, &format!("{}{user_id}", self.account_prefix()))
        };
        if !path.exists() {
            return None;
        }
        let keychain = self.keychain_of(&id);
        let key = tokio::task::block_in_place(|| keychain.get(Secret::CacheKey)).ok()??;
        let account = match Cache::open(&path, &key).and_then(|c| c.get::<Account>("", ACCOUNT_AREA, "")) {
            Ok(hit) => hit?.value,
            Err(e) => {
                tracing::warn!(error = %e, "the last account's cache does not open");
                return None;
            }
        };
        let (cache, queue) = self.open_store(&self.account_key(&account), &id);
        *self.active_since.lock().unwrap_or_else(|e| e.into_inner()) = std::time::SystemTime::now();
        *self.cache.lock().await = cache;
        *self.queue.lock().await = queue;
        *self.offline_account.lock().await = Some(account.clone());
        tracing::info!("started offline: showing the last account from the cache");
        Some(account)
    }

    /// "Logga ut" before the school was reached (started offline): the stored login and the account's local
    /// files go, as for a session.
    async fn forget_offline_account(&self) {
        let Some(account) = self.offline_account.lock().await.take() else {
            return;
        };
        let Some(id) = self.active_id() else {
            return;
        };
        let key = self.account_key(&account);
        let keychain = self.keychain_of(&id);
        if let Err(e) = tokio::task::block_in_place(|| keychain.delete_all()) {
            tracing::warn!(error = %e, "could not remove the stored login");
        }
        self.notifier.forget(&key);
        self.queue.lock().await.take();
        remove_db(&queue_path(&self.cache_dir, &key));
        self.cache.lock().await.take();
        remove_db(&cache::path_for(&self.cache_dir, &key));
        self.forget_account(&id);
    }

    /// Starts "Använd annan enhet": a device code and its QR for the user to approve on another device.
    pub async fn pairing_start(&self) -> Result<PairingCode, CmdError> {
        // The account's id exists before the school hands out its refresh token.
        self.login_id();
        let (code, pending) = pairing::start(self.real_client()?).await?;
        *self.pairing.lock().await = Some(pending);
        Ok(code)
    }

    /// Polls the pending pairing once; on approval the device is logged in and the pairing ends.
    pub async fn pairing_poll(&self) -> Result<PairingStatus, CmdError> {
        let mut slot = self.pairing.lock().await;
        let Some(pending) = slot.as_mut() else {
            return Ok(PairingStatus::Expired);
        };
        let id = self.login_id();
        let keychain = self.keychain_of(&id);
        match pairing::poll(pending, &keychain).await {
            Err(status @ PairingStatus::Pending { .. }) => Ok(status),
            Err(status) => {
                *slot = None;
                Ok(status)
            }
            Ok(session) => {
                let pending = slot.take().expect("checked above");
                drop(slot);
                pending.client.sso_login(&session).await.map_err(from_client)?;
                let account = self.adopt(pending.client, Some(session), id).await?;
                Ok(PairingStatus::Paired { account })
            }
        }
    }

    /// Abandons a pending pairing.
    pub async fn pairing_cancel(&self) {
        self.pairing.lock().await.take();
    }

    /// The logged-in session's client, or `SessionExpired` when nobody is logged in.
    pub async fn client(&self) -> Result<HubClient, CmdError> {
        self.session
            .lock()
            .await
            .as_ref()
            .map(|s| s.client.clone())
            .ok_or_else(|| CmdError::new(ErrorKind::SessionExpired, "Du är inte inloggad. Logga in igen."))
    }

    /// Maps a client result for the UI and updates the connection state from it.
    pub fn track<T>(&self, result: hub_client::Result<T>) -> Result<T, CmdError> {
        self.watch.track(result.map_err(from_client))
    }

    /// Ends the session on the school's side (best effort) and forgets it here: for a real account every
    /// keychain entry, the pairing on the server, the account's local files and its place in the account list
    /// go too. Another account of the device, if any, becomes active: the next `account_current` restores it.
    pub async fn logout(&self) -> Result<(), CmdError> {
        let session = self.session.lock().await.take();
        self.watch.reset();
        self.forget_offline_account().await;
        if let Some(s) = session {
            if let Some(id) = s.id.as_deref() {
                if let Some(oauth) = &s.oauth
                    && let Err(e) = s.client.revoke(oauth).await
                {
                    tracing::warn!(error = %e, "could not revoke the pairing on the school's side");
                }
                // The stored secrets leave the keychain whatever the school answers.
                let keychain = self.keychain_of(id);
                if let Err(e) = tokio::task::block_in_place(|| keychain.delete_all()) {
                    tracing::warn!(error = %e, "could not remove the stored login");
                }
                self.notifier.forget(&s.key);
                if self.queue.lock().await.take().is_some() {
                    remove_db(&queue_path(&self.cache_dir, &s.key));
                }
                if let Some(c) = self.cache.lock().await.take() {
                    match Arc::try_unwrap(c) {
                        Ok(c) => c.destroy(),
                        Err(_) => {
                            let _ = std::fs::remove_file(cache::path_for(&self.cache_dir, &s.key));
                        }
                    }
                }
                self.forget_account(id);
            }
            if let Err(e) = s.client.logout().await {
                // The local session is gone either way.
                tracing::warn!(error = %e, "logout on the school's side failed");
            }
        }
        *self.restored.lock().await = false;
        Ok(())
    }

    /// The demo school's admin API while the demo is the session (for the demo-only "Simulera BankID").
    pub async fn demo_admin_url(&self) -> Option<String> {
        let demo = self.session.lock().await.as_ref().is_some_and(|s| s.account.demo);
        if !demo {
            return None;
        }
        self.emulator.lock().await.as_ref().map(|e| e.urls.admin.clone())
    }

    /// Starts the embedded demo school (once) and logs in as its guardian.
    pub async fn start_demo(&self) -> Result<Account, CmdError> {
        let mut session = self.session.lock().await;
        if let Some(s) = session.as_ref().filter(|s| s.account.demo) {
            return Ok(s.account.clone());
        }
        let hosts = {
            let mut emulator = self.emulator.lock().await;
            if emulator.is_none() {
                let handle = EmulatorHandle::start(hub_emulator::Config::default())
                    .await
                    .map_err(|e| internal("failed to start the demo school", e))?;
                tracing::info!("demo school running on {}", handle.urls.hub);
                *emulator = Some(handle);
            }
            let urls = &emulator.as_ref().expect("just started").urls;
            Hosts::parse(&urls.hub, &urls.mentor, &urls.oauth, &urls.api)
                .map_err(|e| internal("demo school urls", e))?
        };
        let client = HubClient::builder().hosts(hosts).build().map_err(from_client)?;
        client
            .login_password(
                hub_emulator::demo::GUARDIAN_USERNAME,
                hub_emulator::demo::GUARDIAN_PASSWORD,
            )
            .await
            .map_err(from_client)?;
        let mut account = client.account().await.map_err(from_client)?;
        account.demo = true;
        let key = format!("demo-{}", client.hosts().hub.port().unwrap_or(0));
        *session = Some(Session {
            client,
            account: account.clone(),
            oauth: None,
            key,
            id: None,
        });
        self.watch.set(SessionState::Ok);
        Ok(account)
    }

    /// Logs in with a username and password against the configured hosts. With `remember` ("Kom ihåg
    /// mig") both go to the keychain so the next start logs in by itself; without it any remembered
    /// password of this account is removed (the same person's older entry goes in [`AppState::adopt`]).
    pub async fn login_password(&self, username: &str, password: &str, remember: bool) -> Result<Account, CmdError> {
        let client = self.real_client()?;
        client.login_password(username, password).await.map_err(from_client)?;
        let id = self.login_id();
        let keychain = self.keychain_of(&id);
        if remember {
            tokio::task::block_in_place(|| {
                keychain.set(Secret::Username, username)?;
                keychain.set(Secret::Password, password)
            })
            .map_err(|e| unavailable(&e))?;
        } else if let Err(e) = tokio::task::block_in_place(|| {
            keychain.delete(Secret::Password)?;
            keychain.delete(Secret::Username)
        }) {
            tracing::debug!(error = %e, "no remembered password to remove");
        }
        self.adopt(client, None, id).await
    }

    /// One round of the background task: retry a restore that met an unreachable school, notice a dead
    /// session (renewing it silently when the client can), and poll notifications for new items.
    pub async fn tick(&self) {
        let current = self
            .session
            .lock()
            .await
            .as_ref()
            .map(|s| (s.client.clone(), s.account.clone(), s.key.clone()));
        let Some((client, account, key)) = current else {
            if !self.autostart_demo && !*self.restored.lock().await {
                let _ = self.current_account().await;
            }
            return;
        };
        match client.is_authenticated().await {
            Ok(true) => {}
            Ok(false) if client.can_renew() => self.watch.set(SessionState::Renewing),
            Ok(false) => {
                self.watch.set(SessionState::NeedsLogin);
                return;
            }
            Err(e) => {
                let _ = self.track::<()>(Err(e));
                return;
            }
        }
        let Ok(list) = self.track(client.notifications().await) else {
            return;
        };
        match self.notifier.process(&key, &account, &list) {
            Ok(0) => {}
            Ok(count) => (self.fresh)(count),
            Err(e) => tracing::warn!(error = %e, "could not record seen notifications"),
        }
        let queue = self.queue.lock().await.clone();
        if let Some(queue) = queue
            && queue.pending().is_ok_and(|p| !p.is_empty())
            && let Err(e) = self.replay(&client, &queue, None).await
        {
            tracing::warn!(error = %e.message, "write queue replay failed");
        }
    }
}

/// Runs [`AppState::tick`] every [`poll_interval`] for as long as the app runs.
pub(crate) async fn background(app: tauri::AppHandle) {
    use tauri::Manager;
    let interval = poll_interval();
    tracing::info!(seconds = interval.as_secs(), "session and notification polling");
    loop {
        tokio::time::sleep(interval).await;
        app.state::<AppState>().tick().await;
        crate::ics::refresh_subscription(&app).await;
    }
}

/// Ends a session's web session at the school (the hub's "Logga ut"), in the background: a switch never waits
/// for it, and without a connection it simply fails. Nothing stored on the device is touched; a paired device's
/// refresh token stays valid for a switch back.
fn end_web_session(session: Session) {
    tokio::spawn(async move {
        if let Err(e) = session.client.logout().await {
            tracing::debug!(error = %e, "could not end the replaced web session at the school");
        }
    });
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use hub_model::news::NewsItem;

    use super::*;

    /// An app state against `hosts` whose events and notifications are recorded.
    pub(crate) struct Recorded {
        pub state: AppState,
        pub events: Arc<Mutex<Vec<SessionState>>>,
        pub toasts: Arc<Mutex<Vec<String>>>,
        pub dir: PathBuf,
    }

    impl Recorded {
        /// Password login as the demo guardian, without "Kom ihåg mig".
        pub(crate) async fn log_in_as_guardian(&self) -> hub_model::Account {
            log_in_guardian(&self.state, false).await
        }
    }

    /// Logs `state` in as the demo guardian ("Kom ihåg mig" when `remember`).
    pub(super) async fn log_in_guardian(state: &AppState, remember: bool) -> hub_model::Account {
        state
            .login_password(
                hub_emulator::demo::GUARDIAN_USERNAME,
                hub_emulator::demo::GUARDIAN_PASSWORD,
                remember,
            )
            .await
            .unwrap()
    }

    pub(crate) fn recorded(hosts: Hosts) -> Recorded {
        recorded_in(
            hosts,
            std::env::temp_dir().join(format!("skolhub-state-{}", rand::random::<u64>())),
        )
    }

    /// [`recorded`] with its files in `dir`: a restart of the app on the same device.
    pub(crate) fn recorded_in(hosts: Hosts, dir: PathBuf) -> Recorded {
        let events = Arc::new(Mutex::new(Vec::new()));
        let toasts = Arc::new(Mutex::new(Vec::new()));
        let (e, t) = (events.clone(), toasts.clone());
        let hooks = Hooks {
            state: Arc::new(move |s| e.lock().unwrap().push(s)),
            toast: Arc::new(move |title: &str, body: &str| t.lock().unwrap().push(format!("{title}|{body}"))),
            conflict: Arc::new(|message: &str| println!("conflict: {message}")),
            sent: Arc::new(|_: &[i64]| {}),
            fresh: Arc::new(|_| {}),
            data_dir: dir.clone(),
        };
        Recorded {
            state: AppState::with_hosts(hosts, false, hooks),
            events,
            toasts,
            dir,
        }
    }

    pub(crate) async fn emulator() -> (EmulatorHandle, Hosts) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let emu = EmulatorHandle::start(hub_emulator::Config::default()).await.unwrap();
        let u = &emu.urls;
        let hosts = Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).unwrap();
        (emu, hosts)
    }

    /// The user ids of the emulator's live hub sessions, one per session (`GET /admin/sessions`).
    pub(crate) async fn live_sessions(emu: &EmulatorHandle) -> Vec<String> {
        let answer: serde_json::Value = reqwest::get(format!("{}/admin/sessions", emu.urls.admin))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        serde_json::from_value(answer["hubSessions"].clone()).unwrap()
    }

    /// Waits (up to 10 s) until the emulator's live hub sessions are `expected`, sorted; panics with what they are
    /// otherwise.
    pub(crate) async fn wait_for_sessions(emu: &EmulatorHandle, expected: &[&str], what: &str) {
        let mut expected: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        expected.sort();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let live = live_sessions(emu).await;
            if live == expected {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{what}: live hub sessions {live:?}, expected {expected:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    pub(crate) async fn admin(emu: &EmulatorHandle, path: &str, body: serde_json::Value) -> serde_json::Value {
        let resp = reqwest::Client::new()
            .post(format!("{}{path}", emu.urls.admin))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "admin {path}: {}", resp.status());
        resp.json().await.unwrap()
    }

    /// The keychain entries of the active account.
    pub(crate) fn active_keychain(state: &AppState) -> Keychain {
        state.keychain_of(&state.active_id().expect("an active account"))
    }

    /// Whether a Secret Service answers; under CI a missing one fails the test (`keychain::available_or_skip`).
    pub(crate) fn keychain_or_skip(test: &str) -> bool {
        crate::keychain::available_or_skip(test)
    }

    #[test]
    fn plain_http_hosts_are_refused_except_on_loopback() {
        let e = configured_hosts(Some(
            "http://hub.example.se http://m.example.se http://o.example.se http://a.example.se",
        ))
        .unwrap_err();
        assert!(e.contains("https"), "{e}");
        assert!(configured_hosts(Some("https://a.se https://b.se")).is_err());
        let ok = configured_hosts(Some(
            "http://127.0.0.1:1 http://127.0.0.1:2 http://127.0.0.1:3 http://127.0.0.1:4",
        ));
        assert!(ok.is_ok());
        assert_eq!(configured_hosts(None).unwrap().hub.scheme(), "https");
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_dead_session_is_renewed_silently_with_renewing_then_ok() {
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts);
        r.log_in_as_guardian().await;
        assert_eq!(*r.events.lock().unwrap(), vec![SessionState::Ok]);
        r.state.tick().await;
        admin(&emu, "/admin/expire-sessions", serde_json::json!({})).await;
        r.state.tick().await;
        assert_eq!(
            *r.events.lock().unwrap(),
            vec![SessionState::Ok, SessionState::Renewing, SessionState::Ok]
        );
        let client = r.state.client().await.unwrap();
        assert_eq!(client.session_renewals(), 1);
        // Logged out, the next login starts from a clean state again.
        r.state.logout().await.unwrap();
        assert!(r.state.client().await.is_err());
        assert_eq!(r.state.watch.get(), None);
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn an_unreachable_school_reports_offline_from_commands_and_the_task() {
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts);
        r.log_in_as_guardian().await;
        emu.shutdown().await;
        r.state.tick().await;
        let client = r.state.client().await.unwrap();
        let e = r.state.track(client.notifications().await).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Offline);
        assert_eq!(*r.events.lock().unwrap(), vec![SessionState::Ok, SessionState::Offline]);
        // Still logged in: offline is a banner, never a logout.
        assert!(r.state.client().await.is_ok());
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn new_hub_notifications_become_one_os_notification_each_naming_child_and_box() {
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts);
        r.log_in_as_guardian().await;
        // The first poll records what is there without a burst of old news.
        r.state.tick().await;
        assert!(r.toasts.lock().unwrap().is_empty());
        book_a_conference(&hosts_of(&emu)).await;
        r.state.tick().await;
        r.state.tick().await;
        let toasts = r.toasts.lock().unwrap().clone();
        assert_eq!(toasts.len(), 1, "{toasts:?}");
        assert!(toasts[0].starts_with("Utvecklingssamtal för "), "{toasts:?}");
        assert!(toasts[0].contains("Utvecklingssamtal bokat för"), "{toasts:?}");
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn kom_ihag_mig_keeps_the_password_in_the_keychain_and_logga_ut_removes_everything() {
        if !keychain_or_skip("kom_ihag_mig_keeps_the_password_in_the_keychain_and_logga_ut_removes_everything") {
            return;
        }
        let (emu, hosts) = emulator().await;
        // Without "Kom ihåg mig" nothing is stored.
        let r = recorded(hosts.clone());
        let (user, pass) = (
            hub_emulator::demo::GUARDIAN_USERNAME,
            hub_emulator::demo::GUARDIAN_PASSWORD,
        );
        r.state.login_password(user, pass, false).await.unwrap();
        assert_eq!(active_keychain(&r.state).get(Secret::Password).unwrap(), None);
        // With it, a restart logs in by itself.
        r.state.login_password(user, pass, true).await.unwrap();
        let keychain = active_keychain(&r.state);
        assert_eq!(keychain.get(Secret::Password).unwrap().as_deref(), Some(pass));
        assert_eq!(
            r.state.accounts_list().await.len(),
            1,
            "one person logged in twice is one account"
        );
        let restarted = recorded_in(hosts.clone(), r.dir.clone());
        let account = restarted
            .state
            .current_account()
            .await
            .unwrap()
            .expect("restored from the keychain");
        assert!(!account.children.is_empty());
        assert_eq!(*restarted.events.lock().unwrap(), vec![SessionState::Ok]);
        // "Logga ut" removes every entry of the account.
        restarted.state.logout().await.unwrap();
        for secret in Secret::ALL {
            assert_eq!(keychain.get(secret).unwrap(), None, "{secret:?} left behind");
        }
        let again = recorded_in(hosts, r.dir.clone());
        assert_eq!(again.state.current_account().await.unwrap(), None);
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn offline_at_start_is_retried_instead_of_forgotten() {
        if !keychain_or_skip("offline_at_start_is_retried_instead_of_forgotten") {
            return;
        }
        // A school on a loopback port where nothing listens.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/");
        let hosts = Hosts::parse(&url, &url, &url, &url).unwrap();
        // Stored by the previous version, per school: adopted as an account.
        let keychain = pairing::keychain_for(&hosts);
        keychain.set(Secret::Username, "karin.bjorklund").unwrap();
        keychain.set(Secret::Password, "demo").unwrap();
        let r = recorded(hosts);
        for _ in 0..2 {
            let e = r.state.current_account().await.unwrap_err();
            assert_eq!(e.kind, ErrorKind::Offline);
            assert!(!*r.state.restored.lock().await, "an offline restore must stay pending");
        }
        r.state.tick().await;
        assert_eq!(*r.events.lock().unwrap(), vec![SessionState::Offline]);
        // The remembered login is still there for when the network is back, now the account's own.
        let adopted = active_keychain(&r.state);
        assert_eq!(adopted.get(Secret::Password).unwrap().as_deref(), Some("demo"));
        assert_eq!(keychain.get(Secret::Password).unwrap(), None, "moved, not copied");
        adopted.delete_all().unwrap();
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    /// The news of `child` through [`AppState::read`], as the `news_list` command reads it.
    async fn news(state: &AppState, child: &str, source: ReadSource) -> Result<Fresh<Vec<NewsItem>>, CmdError> {
        let fetch = |c: HubClient| async move { c.news(child).await };
        state.read(child, "news", "", Some(source), fetch).await
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn reads_are_cached_encrypted_and_served_when_the_school_is_unreachable() {
        if !keychain_or_skip("reads_are_cached_encrypted_and_served_when_the_school_is_unreachable") {
            return;
        }
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts.clone());
        let account = r.log_in_as_guardian().await;
        let child = account.children[0].id.clone();
        let fresh = news(&r.state, &child, ReadSource::School).await.unwrap();
        assert!(!fresh.cached && !fresh.value.is_empty());
        emu.shutdown().await;
        let served = news(&r.state, &child, ReadSource::School).await.unwrap();
        assert_eq!(served.value, fresh.value);
        assert!(served.cached, "an answer from the cache says so");
        assert!(
            served.fetched_at <= fresh.fetched_at,
            "and carries when the school gave it"
        );
        assert_eq!(r.state.watch.get(), Some(SessionState::Offline));
        // Nothing cached for another box: the offline error goes to the UI.
        let id = child.as_str();
        let fetch = |c: HubClient| async move { c.links(id).await };
        let e = r.state.read(&child, "links", "", None, fetch).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Offline);
        // "Logga ut" removes the cache file and its key.
        let file = cache::path_for(&r.state.cache_dir, &r.state.session.lock().await.as_ref().unwrap().key);
        assert!(file.exists());
        let keychain = active_keychain(&r.state);
        r.state.logout().await.unwrap();
        assert!(!file.exists(), "cache left behind after Logga ut");
        assert_eq!(keychain.get(Secret::CacheKey).unwrap(), None);
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_cached_answer_comes_first_with_its_time_and_the_schools_answer_replaces_it() {
        if !keychain_or_skip("the_cached_answer_comes_first_with_its_time_and_the_schools_answer_replaces_it") {
            return;
        }
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts.clone());
        let account = r.log_in_as_guardian().await;
        let child = account.children[0].id.clone();
        // Nothing cached yet: asking for the cache gets the school's answer.
        let first = news(&r.state, &child, ReadSource::Cache).await.unwrap();
        assert!(!first.cached);
        let title = "Luciafirande i aulan";
        admin(&emu, "/admin/news", serde_json::json!({ "title": title })).await;
        let cached = news(&r.state, &child, ReadSource::Cache).await.unwrap();
        assert!(cached.cached);
        assert_eq!(cached.value, first.value, "the cache answers without asking the school");
        assert_eq!(cached.fetched_at, first.fetched_at, "with the time the school gave it");
        assert!(!cached.value.iter().any(|n| n.title == title));
        let fresh = news(&r.state, &child, ReadSource::School).await.unwrap();
        assert!(!fresh.cached && fresh.fetched_at >= cached.fetched_at);
        assert!(
            fresh.value.iter().any(|n| n.title == title),
            "the school's answer has the new item"
        );
        let again = news(&r.state, &child, ReadSource::Cache).await.unwrap();
        assert!(again.cached);
        assert_eq!(again.value, fresh.value, "and replaced the cached one");
        // After a write to the box, its cached answers are gone and the next read asks the school.
        r.state.invalidate(&child, "news").await;
        assert!(!news(&r.state, &child, ReadSource::Cache).await.unwrap().cached);
        r.state.logout().await.unwrap();
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn started_offline_the_last_account_comes_back_with_its_cached_reads_and_only_with_the_right_key() {
        if !keychain_or_skip("started_offline_the_last_account_comes_back_with_its_cached_reads") {
            return;
        }
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts.clone());
        let (user, pass) = (
            hub_emulator::demo::GUARDIAN_USERNAME,
            hub_emulator::demo::GUARDIAN_PASSWORD,
        );
        let account = r.state.login_password(user, pass, true).await.unwrap();
        let child = account.children[0].id.clone();
        let online = news(&r.state, &child, ReadSource::School).await.unwrap();
        let dir = r.dir.clone();
        drop(r);
        emu.shutdown().await;

        // The app starts again on the same device, and the school cannot be reached.
        let again = recorded_in(hosts.clone(), dir.clone());
        let back = again.state.current_account().await.unwrap().expect("the last account");
        assert_eq!(back, account);
        assert_eq!(*again.events.lock().unwrap(), vec![SessionState::Offline]);
        assert!(!*again.state.restored.lock().await, "the background task keeps trying");
        for source in [ReadSource::Cache, ReadSource::School] {
            let served = news(&again.state, &child, source).await.unwrap();
            assert!(served.cached);
            assert_eq!(
                (served.value, served.fetched_at),
                (online.value.clone(), online.fetched_at)
            );
        }
        let id = child.as_str();
        let fetch = |c: HubClient| async move { c.links(id).await };
        let e = again.state.read(&child, "links", "", None, fetch).await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Offline);
        assert!(e.message.contains("inget sparat"), "{}", e.message);
        let keychain = active_keychain(&again.state);
        drop(again);

        // With another key in the keychain the cache is unreadable: no account, only the offline error.
        let right_key = keychain.get(Secret::CacheKey).unwrap().unwrap();
        keychain.set(Secret::CacheKey, &cache::new_key()).unwrap();
        let wrong = recorded_in(hosts.clone(), dir.clone());
        let e = wrong.state.current_account().await.unwrap_err();
        assert_eq!(e.kind, ErrorKind::Offline);
        drop(wrong);

        // "Logga ut" while offline forgets the login and the account's files.
        keychain.set(Secret::CacheKey, &right_key).unwrap();
        let last = recorded_in(hosts.clone(), dir.clone());
        assert!(last.state.current_account().await.unwrap().is_some());
        last.state.logout().await.unwrap();
        assert_eq!(keychain.get(Secret::Password).unwrap(), None);
        assert!(cache::newest_file(&last.state.cache_dir, &last.state.account_prefix()).is_none());
        assert_eq!(last.state.current_account().await.unwrap(), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Books the first free conference slot of a child who has one, as another tab of the same guardian
    /// would, through the hub's own endpoint (the booking notifies the pupil's guardians).
    pub(crate) async fn book_a_conference(hosts: &Hosts) {
        let jar = Arc::new(hub_client::CookieJar::default());
        let client = HubClient::builder()
            .hosts(hosts.clone())
            .cookie_jar(jar.clone())
            .build()
            .unwrap();
        client
            .login_password(
                hub_emulator::demo::GUARDIAN_USERNAME,
                hub_emulator::demo::GUARDIAN_PASSWORD,
            )
            .await
            .unwrap();
        let account = client.account().await.unwrap();
        let http = reqwest::Client::builder().cookie_provider(jar).build().unwrap();
        for child in &account.children {
            let Ok(slots) = client.meeting_availabilities(&child.id).await else {
                continue;
            };
            let Some(id) = first_free_slot(&serde_json::to_value(&slots).unwrap()) else {
                continue;
            };
            client.select_child(&child.id).await.unwrap();
            let answer: serde_json::Value = http
                .post(hosts.hub.join("meeting/meeting/book").unwrap())
                .header("X-Requested-With", "XMLHttpRequest")
                .json(&serde_json::json!({ "availabilityId": id.parse::<i64>().unwrap() }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(answer["success"], true, "{answer}");
            return;
        }
        panic!("no child with a free conference slot");
    }

    fn first_free_slot(v: &serde_json::Value) -> Option<String> {
        v["availabilities"]
            .as_array()?
            .iter()
            .filter(|a| a["meetingId"].is_null())
            .find_map(|a| {
                let id = &a["availabilityId"];
                id.as_str()
                    .map(str::to_owned)
                    .or_else(|| id.as_i64().map(|i| i.to_string()))
            })
    }

    fn hosts_of(emu: &EmulatorHandle) -> Hosts {
        let u = &emu.urls;
        Hosts::parse(&u.hub, &u.mentor, &u.oauth, &u.api).unwrap()
    }
}

#[cfg(test)]
mod write_tests {
    use std::sync::{Arc, Mutex};

    use hub_model::ipc::WriteOutcome;

    use super::tests::{admin, emulator, keychain_or_skip};
    use super::*;

    /// An app state whose `write-conflict` events are recorded.
    fn state(hosts: Hosts) -> (AppState, Arc<Mutex<Vec<String>>>, PathBuf) {
        let dir = std::env::temp_dir().join(format!("skolhub-writes-{}", rand::random::<u64>()));
        state_in(hosts, dir)
    }

    use super::tests::log_in_guardian as log_in;

    /// The id of the first child of `account` with module `app`.
    fn child_with(account: &Account, app: &str) -> String {
        account
            .children
            .iter()
            .find(|c| c.apps.iter().any(|a| a.as_str() == app))
            .unwrap()
            .id
            .clone()
    }

    /// The same, with its files in `dir` (a restart on the same device).
    fn state_in(hosts: Hosts, dir: PathBuf) -> (AppState, Arc<Mutex<Vec<String>>>, PathBuf) {
        let conflicts = Arc::new(Mutex::new(Vec::new()));
        let seen = conflicts.clone();
        let hooks = Hooks {
            state: Arc::new(|_| {}),
            toast: Arc::new(|_: &str, _: &str| {}),
            conflict: Arc::new(move |message: &str| seen.lock().unwrap().push(message.to_owned())),
            sent: Arc::new(|_: &[i64]| {}),
            fresh: Arc::new(|_| {}),
            data_dir: dir.clone(),
        };
        (AppState::with_hosts(hosts, false, hooks), conflicts, dir)
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn writes_answer_their_outcome_drop_stale_cache_and_later_refusals_are_reported_and_kept() {
        if !keychain_or_skip("writes_answer_their_outcome_drop_stale_cache_and_later_refusals_are_reported_and_kept") {
            return;
        }
        let (emu, hosts) = emulator().await;
        let (state, events, dir) = state(hosts.clone());
        let account = log_in(&state, false).await;
        let child = child_with(&account, "task");
        let client = state.client().await.unwrap();
        let task = client.tasks(&child).await.unwrap().items[0].id;
        let cache = state.cache.lock().await.clone().expect("a cache with a keychain");
        cache
            .put(&child, "task", &task.to_string(), &"the dialogue before")
            .unwrap();

        // Saved: the school's message comes back, and the cached dialogue is gone.
        let done = state
            .write(Write::TaskMessage {
                child_id: child.clone(),
                task_id: task,
                text: "Tack för påminnelsen!".into(),
            })
            .await
            .unwrap();
        assert_eq!(done.outcome, WriteOutcome::Saved);
        assert_eq!(done.value.unwrap()["text"], "Tack för påminnelsen!");
        let stale = cache.get::<String>(&child, "task", &task.to_string()).unwrap();
        assert!(stale.is_none(), "the cached dialogue survived the write");

        // Refused now (a guardian may not comment the blog): answered here, not kept, no event.
        let blog_child = child_with(&account, "grouptimeline");
        let entry = client.blog(&blog_child, 1).await.unwrap().entries[0].id;
        let comment = Write::BlogComment {
            child_id: blog_child.clone(),
            entry_id: entry,
            text: "Hej!".into(),
        };
        let done = state.write(comment.clone()).await.unwrap();
        assert!(matches!(done.outcome, WriteOutcome::Conflict { .. }), "{done:?}");
        assert!(state.write_conflicts().await.unwrap().is_empty());
        assert!(events.lock().unwrap().is_empty());

        // Queued while the school answers 429, refused on the background replay: an event, and kept until OK.
        admin(&emu, "/admin/faults", serde_json::json!({ "rateLimitRate": 1.0 })).await;
        let done = state.write(comment).await.unwrap();
        assert_eq!(done.outcome, WriteOutcome::Queued);
        admin(&emu, "/admin/faults/clear", serde_json::json!({})).await;
        state.tick().await;
        let reported = events.lock().unwrap().clone();
        assert_eq!(reported.len(), 1, "{reported:?}");
        let kept = state.write_conflicts().await.unwrap();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].message, reported[0]);
        state.write_conflict_dismiss(kept[0].id).await.unwrap();
        assert!(state.write_conflicts().await.unwrap().is_empty());

        state.logout().await.unwrap();
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_write_queued_while_the_school_answers_429_is_listed_as_pending_until_the_replay_sends_it() {
        if !keychain_or_skip(
            "a_write_queued_while_the_school_answers_429_is_listed_as_pending_until_the_replay_sends_it",
        ) {
            return;
        }
        let (emu, hosts) = emulator().await;
        let dir = std::env::temp_dir().join(format!("skolhub-pending-{}", rand::random::<u64>()));
        let sent = Arc::new(Mutex::new(Vec::<i64>::new()));
        let seen = sent.clone();
        let hooks = Hooks {
            state: Arc::new(|_| {}),
            toast: Arc::new(|_: &str, _: &str| {}),
            conflict: Arc::new(|_: &str| {}),
            sent: Arc::new(move |ids: &[i64]| seen.lock().unwrap().extend_from_slice(ids)),
            fresh: Arc::new(|_| {}),
            data_dir: dir.clone(),
        };
        let state = AppState::with_hosts(hosts, false, hooks);
        let account = log_in(&state, false).await;
        let child = child_with(&account, "task");
        let task = state.client().await.unwrap().tasks(&child).await.unwrap().items[0].id;
        assert!(state.writes_pending().await.unwrap().is_empty());

        admin(&emu, "/admin/faults", serde_json::json!({ "rateLimitRate": 1.0 })).await;
        let text = "Skickas när skolan svarar";
        let done = state
            .write(Write::TaskMessage {
                child_id: child.clone(),
                task_id: task,
                text: text.into(),
            })
            .await
            .unwrap();
        assert_eq!(done.outcome, WriteOutcome::Queued);
        let pending = state.writes_pending().await.unwrap();
        assert_eq!(pending.len(), 1, "{pending:?}");
        let p = &pending[0];
        assert_eq!(p.kind, hub_model::ipc::PENDING_TASK_MESSAGE);
        assert_eq!(p.child_id.as_deref(), Some(child.as_str()));
        assert_eq!(p.target, Some(task.to_string()));
        assert_eq!(p.text.as_deref(), Some(text));
        assert!(p.queued_at.is_some());
        // Still there on the next tick while the school answers 429, and nothing reported as sent.
        state.tick().await;
        assert_eq!(state.writes_pending().await.unwrap().len(), 1);
        assert!(sent.lock().unwrap().is_empty());

        admin(&emu, "/admin/faults/clear", serde_json::json!({})).await;
        state.tick().await;
        assert!(
            state.writes_pending().await.unwrap().is_empty(),
            "still pending after the replay"
        );
        assert_eq!(
            *sent.lock().unwrap(),
            vec![p.id],
            "the replay did not report the sent write"
        );

        state.logout().await.unwrap();
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn started_offline_a_write_is_kept_for_when_the_login_reaches_the_school() {
        if !keychain_or_skip("started_offline_a_write_is_kept_for_when_the_login_reaches_the_school") {
            return;
        }
        let (emu, hosts) = emulator().await;
        let (first, _, dir) = state(hosts.clone());
        log_in(&first, true).await;
        drop(first);
        emu.shutdown().await;

        // A restart with the school out of reach: the last account, no session, and a write is kept.
        let (again, events, _) = state_in(hosts, dir.clone());
        again.current_account().await.unwrap().expect("the last account");
        assert!(again.client().await.is_err(), "no session while offline");
        let write = Write::ContactVisibility {
            visibility: hub_model::classlist::ContactVisibility::new(true, false, true, false, true),
        };
        let done = again.write(write.clone()).await.unwrap();
        assert_eq!((done.outcome, done.value), (WriteOutcome::Queued, None));
        let queue = again.queue.lock().await.clone().expect("the account's queue");
        assert_eq!(queue.pending().unwrap(), vec![(1, write)]);
        assert!(events.lock().unwrap().is_empty());
        again.logout().await.unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[cfg(test)]
mod account_tests {
    use hub_emulator::demo;
    use hub_model::Role;

    use super::tests::{active_keychain, emulator, keychain_or_skip, recorded, recorded_in, wait_for_sessions};
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn two_remembered_accounts_switch_without_passwords_and_logga_ut_keeps_the_other() {
        if !keychain_or_skip("two_remembered_accounts_switch_without_passwords_and_logga_ut_keeps_the_other") {
            return;
        }
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts.clone());
        let guardian = r
            .state
            .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD, true)
            .await
            .unwrap();
        let guardian_id = r.state.active_id().unwrap();
        let guardian_keychain = active_keychain(&r.state);
        let guardian_file = cache::path_for(&r.state.cache_dir, &r.state.account_key(&guardian));

        // "Lägg till konto" keeps the guardian in use until the student's login succeeds.
        r.state.account_add().await;
        assert_eq!(r.state.current_account().await.unwrap(), Some(guardian.clone()));
        let student = r
            .state
            .login_password(demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD, true)
            .await
            .unwrap();
        assert_eq!(student.role, Role::Student);
        // The guardian's web session ended at the school; only the student is logged in there now.
        wait_for_sessions(&emu, &[&student.user_id], "after adding the student").await;
        let student_id = r.state.active_id().unwrap();
        assert_ne!(student_id, guardian_id);
        let student_keychain = active_keychain(&r.state);
        // Each account has its own entries: the student's login overwrote nothing of the guardian's.
        assert_eq!(
            guardian_keychain.get(Secret::Username).unwrap().as_deref(),
            Some(demo::GUARDIAN_USERNAME)
        );
        assert_eq!(
            student_keychain.get(Secret::Username).unwrap().as_deref(),
            Some(demo::STUDENT_USERNAME)
        );
        let list = r.state.accounts_list().await;
        assert_eq!(
            list.iter().map(|a| (a.id.as_str(), a.active)).collect::<Vec<_>>(),
            [(guardian_id.as_str(), false), (student_id.as_str(), true)]
        );
        assert_eq!(list[0].name.as_deref(), Some(demo::GUARDIAN_NAME));

        // Back and forth, from the keychain only.
        let back = r.state.account_switch(&guardian_id).await.unwrap().unwrap();
        assert_eq!(back.user_id, guardian.user_id);
        wait_for_sessions(&emu, &[&guardian.user_id], "after switching to the guardian").await;
        assert_eq!(back.children.len(), 3);
        assert_eq!(
            r.state.client().await.unwrap().account().await.unwrap().role,
            Role::Guardian
        );
        let again = r.state.account_switch(&student_id).await.unwrap().unwrap();
        assert_eq!(again.user_id, student.user_id);
        assert_eq!(r.state.watch.get(), Some(SessionState::Ok));
        r.state.account_switch(&guardian_id).await.unwrap();
        assert!(r.state.account_switch("no-such-account").await.is_err());

        // A restart brings the active account back.
        let restarted = recorded_in(hosts.clone(), r.dir.clone());
        let active = restarted.state.current_account().await.unwrap().unwrap();
        assert_eq!(active.user_id, guardian.user_id);

        // "Logga ut" removes only the guardian; the student becomes active and comes back.
        assert!(guardian_file.exists());
        restarted.state.logout().await.unwrap();
        for secret in Secret::ALL {
            assert_eq!(guardian_keychain.get(secret).unwrap(), None, "{secret:?} left behind");
        }
        assert!(!guardian_file.exists(), "the guardian's cache left behind");
        assert_eq!(
            student_keychain.get(Secret::Password).unwrap().as_deref(),
            Some(demo::STUDENT_PASSWORD)
        );
        let next = restarted.state.current_account().await.unwrap().unwrap();
        assert_eq!(next.user_id, student.user_id);
        let list = restarted.state.accounts_list().await;
        assert_eq!(list.len(), 1);
        assert!(list[0].active && list[0].id == student_id);

        // The last one out leaves nothing.
        restarted.state.logout().await.unwrap();
        assert_eq!(restarted.state.current_account().await.unwrap(), None);
        assert!(restarted.state.accounts_list().await.is_empty());
        assert_eq!(student_keychain.get(Secret::Password).unwrap(), None);
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&r.dir);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn the_calendar_subscription_goes_with_the_account_that_made_it() {
        if !keychain_or_skip("the_calendar_subscription_goes_with_the_account_that_made_it") {
            return;
        }
        let (emu, hosts) = emulator().await;
        let r = recorded(hosts);
        r.state
            .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD, true)
            .await
            .unwrap();
        let guardian_id = r.state.active_id().unwrap();
        // The guardian turns the subscription on.
        let file = crate::ics::subscription_path(&r.dir);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "BEGIN:VCALENDAR").unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        r.state.account_add().await;
        r.state
            .login_password(demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD, true)
            .await
            .unwrap();
        // The student's "Logga ut" leaves the guardian's calendar.
        r.state.logout().await.unwrap();
        assert!(file.exists(), "another account's calendar was removed");
        assert_eq!(r.state.current_account().await.unwrap().unwrap().role, Role::Guardian);
        assert_eq!(r.state.active_id(), Some(guardian_id));
        r.state.logout().await.unwrap();
        assert!(!file.exists(), "the account's calendar left behind");
        emu.shutdown().await;
        let _ = std::fs::remove_dir_all(&r.dir);
    }
}

//! The accounts added on this device (issue 5: several accounts, e.g. two guardians on one desktop; one is
//! active).
//!
//! A small JSON file in the app's data folder (`accounts.json`, never a secret) lists each account with
//! a stable local id, the school's user id, its display name and role, the school (`host:port`) and how
//! it logs in (paired or password), and says which one is active. It is written atomically (a temporary
//! file, then a rename), so a crash leaves the old list or the new one. The secrets live in the keychain
//! under `<host:port>/<local id>` ([`crate::pairing::keychain_for_account`]); the local id is made when a
//! login or pairing starts, because a pairing stores its refresh token before the school says whose it is.
//! The cache, the write queue and the seen notifications are keyed by `<host-port>/<user id>` as before.
//! The demo school is never listed.
//!
//! [`migrate`] adopts the per-school entries of the previous version (one account per school), so a user
//! who updates stays logged in.

use std::path::{Path, PathBuf};

use hub_model::Role;
use serde::{Deserialize, Serialize};

use crate::keychain::{Keychain, Secret};

/// The file's name in the app's data folder.
const FILE: &str = "accounts.json";

/// How an account logs in when it is restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum LoginKind {
    /// A paired device's refresh token ("Använd denna enhet", "Använd annan enhet").
    Paired,
    /// A username and password ("Kom ihåg mig" keeps them).
    Password,
}

/// One account added on this device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Entry {
    /// The device's own id: names the keychain entries.
    pub id: String,
    /// The school's user id; empty for an account adopted from the previous version until it logs in.
    #[serde(default)]
    pub user_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub role: Option<Role>,
    /// `host:port` of the school's hub ([`crate::pairing::school_of`]).
    pub school: String,
    pub login: LoginKind,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Data {
    #[serde(default)]
    accounts: Vec<Entry>,
    #[serde(default)]
    active: Option<String>,
    /// The account whose data the calendar subscription file holds (`calendar/skolhub.ics`), so "Logga ut"
    /// of that account removes it and "Logga ut" of another leaves it.
    #[serde(default)]
    calendar_owner: Option<String>,
}

/// The list and the file it lives in.
#[derive(Debug)]
pub(crate) struct Registry {
    path: PathBuf,
    data: Data,
}

/// A new local id: random, never reused.
pub(crate) fn new_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

impl Registry {
    /// Reads the list from `data_dir`; a missing file is an empty list, an unreadable one is logged and
    /// read as empty (its keychain entries stay, and a migration or a new login finds its way back).
    pub fn load(data_dir: &Path) -> Self {
        let path = data_dir.join(FILE);
        let data = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "the account list does not read; starting a new one");
                Data::default()
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Data::default(),
            Err(e) => {
                tracing::warn!(error = %e, "could not read the account list");
                Data::default()
            }
        };
        Self { path, data }
    }

    /// Writes the list: a temporary file next to it, synced, then renamed over it.
    pub fn save(&self) -> std::io::Result<()> {
        use std::io::Write;
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = self
            .path
            .with_extension(format!("json.{:08x}.tmp", rand::random::<u32>()));
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(&serde_json::to_vec_pretty(&self.data).map_err(std::io::Error::other)?)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Saves, logging a failure (the list is a convenience; the keychain holds what matters).
    pub fn save_or_log(&self) {
        if let Err(e) = self.save() {
            tracing::warn!(error = %e, "could not save the account list");
        }
    }

    /// The accounts of `school`, in the order they were added.
    pub fn of_school<'a>(&'a self, school: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.data.accounts.iter().filter(move |a| a.school == school)
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.data.accounts.iter().find(|a| a.id == id)
    }

    /// The active account's id.
    pub fn active(&self) -> Option<&str> {
        self.data.active.as_deref()
    }

    pub fn set_active(&mut self, id: Option<String>) {
        self.data.active = id;
    }

    /// Adds `entry` or replaces the entry with its id.
    pub fn upsert(&mut self, entry: Entry) {
        match self.data.accounts.iter_mut().find(|a| a.id == entry.id) {
            Some(a) => *a = entry,
            None => self.data.accounts.push(entry),
        }
    }

    /// Another entry of the same school and user than `id` (the same person logged in again).
    pub fn duplicate_of(&self, id: &str, school: &str, user_id: &str) -> Option<String> {
        self.data
            .accounts
            .iter()
            .find(|a| a.id != id && a.school == school && !user_id.is_empty() && a.user_id == user_id)
            .map(|a| a.id.clone())
    }

    /// Removes the entry; when it was active, the first remaining account of the same school becomes active.
    /// Answers the new active id.
    pub fn remove(&mut self, id: &str) -> Option<String> {
        let school = self.get(id).map(|a| a.school.clone());
        self.data.accounts.retain(|a| a.id != id);
        if self.data.calendar_owner.as_deref() == Some(id) {
            self.data.calendar_owner = None;
        }
        if self.data.active.as_deref() == Some(id) || self.data.active.is_none() {
            self.data.active = school.and_then(|s| self.of_school(&s).next().map(|a| a.id.clone()));
        }
        self.data.active.clone()
    }

    pub fn calendar_owner(&self) -> Option<&str> {
        self.data.calendar_owner.as_deref()
    }

    pub fn set_calendar_owner(&mut self, id: Option<String>) {
        self.data.calendar_owner = id;
    }
}

/// Copies every secret `from` holds to `to` (what `to` already holds is kept).
pub(crate) fn copy_secrets(from: &Keychain, to: &Keychain) -> Result<(), keyring_core::Error> {
    for secret in Secret::ALL {
        if let Some(value) = from.get(secret)?
            && to.get(secret)?.is_none()
        {
            to.set(secret, &value)?;
        }
    }
    Ok(())
}

/// Adopts the previous version's per-school entries (`old`) as an account of `school`, made active when
/// none is: the secrets are copied to the new account's entries (`new_keychain(id)`), the list is saved,
/// and only then are the old entries deleted, so a crash at any point loses no login. A calendar
/// subscription made by the previous version belongs to this account. Answers the new id, or `None` when
/// there was nothing to adopt.
pub(crate) fn migrate(
    registry: &mut Registry,
    school: &str,
    old: &Keychain,
    new_keychain: impl Fn(&str) -> Keychain,
    calendar_exists: bool,
) -> Result<Option<String>, keyring_core::Error> {
    let refresh = old.get(Secret::RefreshToken)?;
    let password = old.get(Secret::Password)?;
    let cache_key = old.get(Secret::CacheKey)?;
    if refresh.is_none() && password.is_none() && cache_key.is_none() {
        return Ok(None);
    }
    let id = new_id();
    copy_secrets(old, &new_keychain(&id))?;
    registry.upsert(Entry {
        id: id.clone(),
        user_id: String::new(),
        name: None,
        role: None,
        school: school.to_owned(),
        login: if refresh.is_some() {
            LoginKind::Paired
        } else {
            LoginKind::Password
        },
    });
    if registry.active().is_none() {
        registry.set_active(Some(id.clone()));
    }
    if calendar_exists && registry.calendar_owner().is_none() {
        registry.set_calendar_owner(Some(id.clone()));
    }
    registry
        .save()
        .map_err(|e| keyring_core::Error::PlatformFailure(Box::new(e)))?;
    old.delete_all()?;
    tracing::info!("adopted the previous version's stored login as an account");
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("skolhub-accounts-{}", rand::random::<u64>()))
    }

    fn entry(id: &str, user: &str, school: &str) -> Entry {
        Entry {
            id: id.into(),
            user_id: user.into(),
            name: Some(format!("Namn {user}")),
            role: Some(Role::Guardian),
            school: school.into(),
            login: LoginKind::Password,
        }
    }

    #[test]
    fn the_list_is_saved_atomically_and_reads_back() {
        let dir = temp_dir();
        let mut r = Registry::load(&dir);
        assert_eq!(r.of_school("s:1").count(), 0, "no file is an empty list");
        r.upsert(entry("a", "1", "s:1"));
        r.upsert(entry("b", "2", "s:1"));
        r.set_active(Some("b".into()));
        r.save().unwrap();
        // Only the file itself is left: the temporary file was renamed over it.
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![FILE.to_owned()]);
        let back = Registry::load(&dir);
        assert_eq!(back.data, r.data);
        assert_eq!(back.active(), Some("b"));
        // No secret goes into the file: only these fields.
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join(FILE)).unwrap()).unwrap();
        let mut keys: Vec<&str> = json["accounts"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(keys, ["id", "login", "name", "role", "school", "userId"]);
        // A broken file reads as empty instead of stopping the app.
        std::fs::write(dir.join(FILE), b"{ not json").unwrap();
        assert_eq!(Registry::load(&dir).data, Data::default());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn removing_the_active_account_activates_another_of_its_school() {
        let dir = temp_dir();
        let mut r = Registry::load(&dir);
        r.upsert(entry("a", "1", "s:1"));
        r.upsert(entry("x", "9", "other:2"));
        r.upsert(entry("b", "2", "s:1"));
        r.set_active(Some("a".into()));
        r.set_calendar_owner(Some("a".into()));
        assert_eq!(r.duplicate_of("new", "s:1", "2").as_deref(), Some("b"));
        assert_eq!(r.duplicate_of("b", "s:1", "2"), None);
        assert_eq!(r.remove("a").as_deref(), Some("b"));
        assert_eq!(r.calendar_owner(), None, "the removed account's calendar goes with it");
        assert_eq!(r.of_school("s:1").map(|a| a.id.as_str()).collect::<Vec<_>>(), ["b"]);
        // Removing one that is not active keeps the active one.
        r.upsert(entry("c", "3", "s:1"));
        assert_eq!(r.remove("c").as_deref(), Some("b"));
        assert_eq!(r.remove("b"), None, "the last one of the school");
        assert!(r.get("x").is_some());
    }

    #[test]
    fn the_previous_versions_per_school_entries_become_an_account() {
        if !crate::keychain::available_or_skip("the_previous_versions_per_school_entries_become_an_account") {
            return;
        }
        let dir = temp_dir();
        let school = format!("127.0.0.1:{}", rand::random::<u16>());
        let old = Keychain::new(school.clone());
        let new_keychain = |id: &str| Keychain::new(format!("{school}/{id}"));
        let mut r = Registry::load(&dir);
        assert_eq!(migrate(&mut r, &school, &old, new_keychain, false).unwrap(), None);
        old.set(Secret::Username, "karin.bjorklund").unwrap();
        old.set(Secret::Password, "demo").unwrap();
        old.set(Secret::CacheKey, "key").unwrap();
        let id = migrate(&mut r, &school, &old, new_keychain, true)
            .unwrap()
            .expect("adopted");
        let adopted = new_keychain(&id);
        assert_eq!(adopted.get(Secret::Password).unwrap().as_deref(), Some("demo"));
        assert_eq!(adopted.get(Secret::CacheKey).unwrap().as_deref(), Some("key"));
        for secret in Secret::ALL {
            assert_eq!(old.get(secret).unwrap(), None, "{secret:?} left under the school");
        }
        let back = Registry::load(&dir);
        assert_eq!(back.active(), Some(id.as_str()));
        assert_eq!(back.calendar_owner(), Some(id.as_str()));
        let e = back.get(&id).unwrap();
        assert_eq!((e.login, e.user_id.as_str()), (LoginKind::Password, ""));
        // Nothing left to adopt on the next start.
        let mut again = Registry::load(&dir);
        assert_eq!(migrate(&mut again, &school, &old, new_keychain, true).unwrap(), None);
        adopted.delete_all().unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

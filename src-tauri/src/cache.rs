//! The encrypted local cache: the last answer of every read, per account, child and box, with the time it
//! was fetched, so views still show something when the school cannot be reached.
//!
//! One SQLite file per account. Every row is sealed whole with ChaCha20-Poly1305 under the account's key,
//! which lives only in the OS keychain: the file holds random nonces and ciphertext, not even which child or
//! box a row belongs to. Lookups decrypt the few rows an account has (tens) and match inside.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Why the cache could not be used; the text never carries data or keys.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CacheError {
    #[error("cache database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("cache entry does not decrypt (wrong key or damaged file)")]
    Decrypt,
    #[error("cache entry does not decode: {0}")]
    Decode(#[from] serde_json::Error),
    #[error("cache key is malformed")]
    Key,
}

/// A cached value and when it was fetched from the school.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cached<T> {
    pub value: T,
    pub fetched_at: DateTime<Utc>,
}

/// The sealed plaintext of one row.
#[derive(Serialize, Deserialize)]
struct Row {
    child: String,
    area: String,
    key: String,
    fetched_at: DateTime<Utc>,
    value: serde_json::Value,
}

/// One account's cache file.
pub(crate) struct Cache {
    conn: Mutex<Connection>,
    cipher: ChaCha20Poly1305,
    path: PathBuf,
}

/// A fresh random 256-bit key, hex-encoded for the keychain.
pub(crate) fn new_key() -> String {
    rand::random::<[u8; 32]>().iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn parse_key(hex: &str) -> Result<[u8; 32], CacheError> {
    let hex = hex.trim();
    if hex.len() != 64 || !hex.is_ascii() {
        return Err(CacheError::Key);
    }
    let mut key = [0u8; 32];
    for (i, b) in key.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| CacheError::Key)?;
    }
    Ok(key)
}

/// Seals `plain` under a fresh random nonce; returns (nonce, ciphertext with its tag).
pub(crate) fn seal(cipher: &ChaCha20Poly1305, plain: &[u8]) -> Result<(Vec<u8>, Vec<u8>), CacheError> {
    let nonce: [u8; 12] = rand::random();
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), plain)
        .map_err(|_| CacheError::Decrypt)?;
    Ok((nonce.to_vec(), sealed))
}

/// Opens what [`seal`] made; any change to nonce, ciphertext or key fails.
pub(crate) fn unseal(cipher: &ChaCha20Poly1305, nonce: &[u8], data: &[u8]) -> Result<Vec<u8>, CacheError> {
    if nonce.len() != 12 {
        return Err(CacheError::Decrypt);
    }
    cipher
        .decrypt(Nonce::from_slice(nonce), data)
        .map_err(|_| CacheError::Decrypt)
}

/// The file of the account named `account_key` under `dir`.
pub(crate) fn path_for(dir: &Path, account_key: &str) -> PathBuf {
    let safe: String = account_key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join(format!("{safe}.sqlite"))
}

/// The most recently used cache file under `dir` whose account key starts with `account_prefix` (an
/// account key up to and including its `/`): the last account of one school, for starting offline.
pub(crate) fn newest_file(dir: &Path, account_prefix: &str) -> Option<PathBuf> {
    let stem = path_for(dir, account_prefix);
    let prefix = stem.file_name()?.to_str()?.trim_end_matches(".sqlite").to_owned();
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".sqlite") && !name.ends_with(".queue.sqlite")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max_by_key(|(modified, _)| *modified)
        .map(|(_, path)| path)
}

impl Cache {
    /// Opens (or creates) the cache at `path` sealed with the hex `key`.
    pub fn open(path: &Path, key: &str) -> Result<Self, CacheError> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, nonce BLOB NOT NULL, data BLOB NOT NULL);",
        )?;
        let key = parse_key(key)?;
        Ok(Self {
            conn: Mutex::new(conn),
            cipher: ChaCha20Poly1305::new(Key::from_slice(&key)),
            path: path.to_owned(),
        })
    }

    fn seal(&self, row: &Row) -> Result<(Vec<u8>, Vec<u8>), CacheError> {
        seal(&self.cipher, &serde_json::to_vec(row)?)
    }

    fn open_row(&self, nonce: &[u8], data: &[u8]) -> Result<Row, CacheError> {
        Ok(serde_json::from_slice(&unseal(&self.cipher, nonce, data)?)?)
    }

    /// The row id and contents of the entry for (child, area, key), if any.
    fn find(&self, conn: &Connection, child: &str, area: &str, key: &str) -> Result<Option<(i64, Row)>, CacheError> {
        let mut stmt = conn.prepare_cached("SELECT id, nonce, data FROM entries")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?))
        })?;
        for row in rows {
            let (id, nonce, data) = row?;
            let row = self.open_row(&nonce, &data)?;
            if row.child == child && row.area == area && row.key == key {
                return Ok(Some((id, row)));
            }
        }
        Ok(None)
    }

    /// Stores `value` as the latest answer for (child, area, key), fetched now.
    pub fn put<T: Serialize>(&self, child: &str, area: &str, key: &str, value: &T) -> Result<(), CacheError> {
        self.put_at(child, area, key, value, Utc::now())
    }

    /// Stores `value` as the latest answer for (child, area, key), fetched at `fetched_at`.
    pub fn put_at<T: Serialize>(
        &self,
        child: &str,
        area: &str,
        key: &str,
        value: &T,
        fetched_at: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let row = Row {
            child: child.to_owned(),
            area: area.to_owned(),
            key: key.to_owned(),
            fetched_at,
            value: serde_json::to_value(value)?,
        };
        let (nonce, data) = self.seal(&row)?;
        let conn = self.conn.lock().map_err(|_| CacheError::Decrypt)?;
        match self.find(&conn, child, area, key)? {
            Some((id, _)) => conn.execute(
                "UPDATE entries SET nonce = ?1, data = ?2 WHERE id = ?3",
                params![nonce, data, id],
            )?,
            None => conn.execute(
                "INSERT INTO entries (nonce, data) VALUES (?1, ?2)",
                params![nonce, data],
            )?,
        };
        Ok(())
    }

    /// The latest stored answer for (child, area, key).
    pub fn get<T: DeserializeOwned>(
        &self,
        child: &str,
        area: &str,
        key: &str,
    ) -> Result<Option<Cached<T>>, CacheError> {
        let conn = self.conn.lock().map_err(|_| CacheError::Decrypt)?;
        let Some((_, row)) = self.find(&conn, child, area, key)? else {
            return Ok(None);
        };
        Ok(Some(Cached {
            value: serde_json::from_value(row.value)?,
            fetched_at: row.fetched_at,
        }))
    }

    /// Forgets every answer of `area` for `child` (all keys, e.g. every week), so the next read of that box
    /// goes to the school: call it after a write the school accepted. Answers how many entries went.
    pub fn invalidate(&self, child: &str, area: &str) -> Result<usize, CacheError> {
        let conn = self.conn.lock().map_err(|_| CacheError::Decrypt)?;
        let mut doomed = Vec::new();
        {
            let mut stmt = conn.prepare_cached("SELECT id, nonce, data FROM entries")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, Vec<u8>>(2)?))
            })?;
            for row in rows {
                let (id, nonce, data) = row?;
                let row = self.open_row(&nonce, &data)?;
                if row.child == child && row.area == area {
                    doomed.push(id);
                }
            }
        }
        for id in &doomed {
            conn.execute("DELETE FROM entries WHERE id = ?1", params![id])?;
        }
        Ok(doomed.len())
    }

    /// How many entries the file holds.
    #[cfg(test)]
    pub fn len(&self) -> Result<i64, CacheError> {
        let conn = self.conn.lock().map_err(|_| CacheError::Decrypt)?;
        Ok(conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0))?)
    }

    /// Deletes the file ("Logga ut").
    pub fn destroy(self) {
        let path = self.path.clone();
        drop(self);
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", path.display()));
            if let Err(e) = std::fs::remove_file(&p)
                && e.kind() != std::io::ErrorKind::NotFound
            {
                tracing::warn!(error = %e, "could not remove the cache file");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp() -> PathBuf {
        std::env::temp_dir().join(format!("skolhub-cache-{}", rand::random::<u64>()))
    }

    #[test]
    fn entries_round_trip_per_child_and_box_and_the_file_is_unreadable_without_the_key() {
        let dir = temp();
        let path = path_for(&dir, "hub.example.se-443/42");
        let key = new_key();
        let cache = Cache::open(&path, &key).unwrap();
        let secret_title = "Utflykt till Kilsbergen för klass 2B";
        cache.put("2015010112", "news", "", &vec![secret_title]).unwrap();
        cache.put("2017020213", "news", "", &vec!["Annan nyhet"]).unwrap();
        cache
            .put("2015010112", "news", "", &vec![secret_title, "Andra"])
            .unwrap();
        assert_eq!(cache.len().unwrap(), 2, "a newer answer replaces the row");
        let got: Cached<Vec<String>> = cache.get("2015010112", "news", "").unwrap().unwrap();
        assert_eq!(got.value, vec![secret_title, "Andra"]);
        assert!(got.fetched_at <= Utc::now());
        assert!(
            cache
                .get::<Vec<String>>("2015010112", "calendar", "")
                .unwrap()
                .is_none()
        );
        drop(cache);

        // Neither the content nor the pupil ids appear in the file.
        let mut raw = std::fs::read(&path).unwrap();
        if let Ok(wal) = std::fs::read(format!("{}-wal", path.display())) {
            raw.extend(wal);
        }
        let text = String::from_utf8_lossy(&raw);
        for plain in ["Kilsbergen", "2015010112", "news", "Annan nyhet"] {
            assert!(!text.contains(plain), "{plain:?} readable in the cache file");
        }
        // Another key opens the file but reads nothing.
        let wrong = Cache::open(&path, &new_key()).unwrap();
        assert!(matches!(
            wrong.get::<Vec<String>>("2015010112", "news", ""),
            Err(CacheError::Decrypt)
        ));
        assert!(matches!(Cache::open(&path, "not-a-key"), Err(CacheError::Key)));
        drop(wrong);
        let right = Cache::open(&path, &key).unwrap();
        assert!(right.get::<Vec<String>>("2017020213", "news", "").unwrap().is_some());
        right.destroy();
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn invalidate_forgets_one_box_of_one_child_in_every_week() {
        let dir = temp();
        let cache = Cache::open(&path_for(&dir, "hub-1/7"), &new_key()).unwrap();
        cache.put("1", "fritids", "2026-W48", &1).unwrap();
        cache.put("1", "fritids", "2026-W49", &2).unwrap();
        cache.put("2", "fritids", "2026-W48", &3).unwrap();
        cache.put("1", "news", "", &4).unwrap();
        assert_eq!(cache.invalidate("1", "fritids").unwrap(), 2);
        assert!(cache.get::<i32>("1", "fritids", "2026-W48").unwrap().is_none());
        assert_eq!(cache.get::<i32>("2", "fritids", "2026-W48").unwrap().unwrap().value, 3);
        assert_eq!(cache.get::<i32>("1", "news", "").unwrap().unwrap().value, 4);
        assert_eq!(cache.invalidate("1", "fritids").unwrap(), 0);
        cache.destroy();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

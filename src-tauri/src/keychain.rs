//! The OS keychain: the only place Skolhub keeps secrets (refresh tokens, remembered passwords, cache keys).
//!
//! One module for every platform, through `keyring-core` entries on the platform's native store:
//! - Linux and the BSDs: the Secret Service (gnome-keyring, KWallet, KeePassXC), through `keyring`'s `v1`
//!   feature (zbus, no C library);
//! - macOS: the login Keychain, and Windows: the Credential Manager, also through `keyring` `v1`;
//! - iOS: the data-protection keychain (`apple-native-keyring-store`, `protected`);
//! - Android: the Android Keystore with SharedPreferences (`android-native-keyring-store`; it takes the app's
//!   context from `ndk-context`, which Tauri's Android runtime sets up).
//!
//! There is no plaintext fallback: without a keychain the user gets a clear Swedish message saying what to
//! install or unlock ([`unavailable`]).

use hub_model::{CmdError, ErrorKind};
use keyring_core::{Entry, Error};

/// The keychain service name all of Skolhub's entries live under.
const SERVICE: &str = "se.skolhub.client";

/// What a keychain entry holds; part of the entry's user name, so each kind is its own entry.
#[derive(Debug, Clone, Copy)]
pub enum Secret {
    /// A paired device's rotating refresh token.
    RefreshToken,
    /// The user name of a password login with "Kom ihåg mig".
    Username,
    /// The password of a password login with "Kom ihåg mig".
    Password,
    /// The key of the account's encrypted cache (base64).
    CacheKey,
}

impl Secret {
    /// Every kind, for "Logga ut".
    pub const ALL: [Secret; 4] = [
        Secret::RefreshToken,
        Secret::Username,
        Secret::Password,
        Secret::CacheKey,
    ];

    fn suffix(self) -> &'static str {
        match self {
            Secret::RefreshToken => "refresh-token",
            Secret::Username => "username",
            Secret::Password => "password",
            Secret::CacheKey => "cache-key",
        }
    }
}

/// One account's entries; `account` names the school and account (never a secret itself).
#[derive(Debug, Clone)]
pub struct Keychain {
    account: String,
}

/// What to install or unlock, per platform: the second half of [`unavailable`]'s message.
#[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
const WHAT_TO_DO: &str = "Installera en nyckelring med Secret Service, till exempel GNOME-nyckelringen \
     (paketet gnome-keyring) eller KeePassXC med Secret Service påslaget, och lås upp nyckelringen. \
     Försök sedan igen.";
#[cfg(any(target_os = "macos", target_os = "ios"))]
const WHAT_TO_DO: &str = "Lås upp nyckelringen (Nyckelringar) och försök igen.";
#[cfg(target_os = "windows")]
const WHAT_TO_DO: &str = "Kontrollera att Autentiseringshanteraren (Credential Manager) fungerar och försök igen.";
#[cfg(target_os = "android")]
const WHAT_TO_DO: &str = "Lås upp telefonen och försök igen.";
#[cfg(not(any(unix, target_os = "windows")))]
const WHAT_TO_DO: &str = "Den här plattformen har ingen nyckelring som Skolhub kan använda.";

/// The message for a missing or locked keychain. Skolhub never falls back to storing secrets in a file.
pub(crate) fn unavailable(err: &Error) -> CmdError {
    tracing::error!(error = %err, "keychain unavailable");
    CmdError::new(
        ErrorKind::Keychain,
        format!("Skolhub sparar inloggningen bara i enhetens nyckelring, och den gick inte att nå. {WHAT_TO_DO}"),
    )
}

/// Makes the platform's native store `keyring-core`'s default store (once); the error says why there is none.
pub fn native_store() -> Result<(), Error> {
    #[cfg(not(any(target_os = "ios", target_os = "android")))]
    {
        // `keyring`'s v1 feature picks and installs the desktop store on first use.
        keyring::Entry::store_status()
            .as_ref()
            .map_err(|e| Error::NoStorageAccess(e.to_string().into()))
            .copied()
    }
    #[cfg(any(target_os = "ios", target_os = "android"))]
    {
        static STORE: std::sync::LazyLock<Result<(), String>> = std::sync::LazyLock::new(|| {
            #[cfg(target_os = "ios")]
            let store = apple_native_keyring_store::protected::Store::new();
            #[cfg(target_os = "android")]
            let store = android_native_keyring_store::Store::new();
            store
                .map(|store| keyring_core::set_default_store(store))
                .map_err(|e| e.to_string())
        });
        STORE.clone().map_err(|e| Error::NoStorageAccess(e.into()))
    }
}

impl Keychain {
    pub fn new(account: impl Into<String>) -> Self {
        Self {
            account: account.into(),
        }
    }

    fn entry(&self, secret: Secret) -> Result<Entry, Error> {
        native_store()?;
        Entry::new(SERVICE, &format!("{}/{}", self.account, secret.suffix()))
    }

    /// Stores `value`, replacing what was there.
    pub fn set(&self, secret: Secret, value: &str) -> Result<(), Error> {
        self.entry(secret)?.set_password(value)
    }

    /// The stored value, `None` when there is none.
    pub fn get(&self, secret: Secret) -> Result<Option<String>, Error> {
        match self.entry(secret)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Removes every entry of the account; the first failure is returned after trying them all.
    pub fn delete_all(&self) -> Result<(), Error> {
        let mut first = None;
        for secret in Secret::ALL {
            if let Err(e) = self.delete(secret) {
                first.get_or_insert(e);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// Removes the entry; a missing entry is fine.
    pub fn delete(&self, secret: Secret) -> Result<(), Error> {
        match self.entry(secret)?.delete_credential() {
            Ok(()) | Err(Error::NoEntry) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// For tests that need a real keychain: whether one answers. Without one the test is skipped with a note,
/// except under CI (`CI` set), where a missing Secret Service fails the test: a silent skip must not hide
/// that the keychain tests did not run.
#[cfg(test)]
pub(crate) fn available_or_skip(test: &str) -> bool {
    match native_store() {
        Ok(()) => true,
        Err(e) if std::env::var_os("CI").is_some() => panic!(
            "{test}: no Secret Service under CI ({e}); `./dev test` runs the tests inside dbus-run-session \
             with an unlocked gnome-keyring"
        ),
        Err(e) => {
            println!(
                "SKIPPED {test}: no Secret Service ({e}); run it under gnome-keyring, e.g. \
                 dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets; \
                 cargo test -p skolhub --lib'"
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_keychain_says_in_swedish_what_to_install_and_unlock() {
        let e = unavailable(&Error::NoStorageAccess(
            "org.freedesktop.secrets was not provided".into(),
        ));
        assert_eq!(e.kind, ErrorKind::Keychain);
        assert!(
            e.message
                .starts_with("Skolhub sparar inloggningen bara i enhetens nyckelring"),
            "{}",
            e.message
        );
        #[cfg(target_os = "linux")]
        for needed in ["gnome-keyring", "KeePassXC", "Secret Service", "lås upp nyckelringen"] {
            assert!(e.message.contains(needed), "{needed} missing in {}", e.message);
        }
        // The platform's error text (possibly technical, English) stays in the log, not in the message.
        assert!(!e.message.contains("freedesktop"), "{}", e.message);
    }

    #[test]
    fn each_secret_is_its_own_entry_under_the_account() {
        let names: Vec<&str> = Secret::ALL.iter().map(|s| s.suffix()).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }

    #[test]
    fn secrets_round_trip_in_the_real_keychain_and_delete_all_removes_them() {
        if !available_or_skip("secrets_round_trip_in_the_real_keychain_and_delete_all_removes_them") {
            return;
        }
        let kc = Keychain::new(format!("test-{:016x}", rand::random::<u64>()));
        assert_eq!(kc.get(Secret::RefreshToken).unwrap(), None);
        kc.set(Secret::RefreshToken, "rt-1").unwrap();
        kc.set(Secret::RefreshToken, "rt-2").unwrap();
        kc.set(Secret::CacheKey, "key").unwrap();
        assert_eq!(
            kc.get(Secret::RefreshToken).unwrap().as_deref(),
            Some("rt-2"),
            "set replaces"
        );
        assert_eq!(kc.get(Secret::Password).unwrap(), None);
        // Another account never sees these entries.
        let other = Keychain::new(format!("test-{:016x}", rand::random::<u64>()));
        assert_eq!(other.get(Secret::RefreshToken).unwrap(), None);
        kc.delete_all().unwrap();
        for secret in Secret::ALL {
            assert_eq!(kc.get(secret).unwrap(), None, "{secret:?} left behind");
        }
        kc.delete(Secret::Password).unwrap();
    }
}

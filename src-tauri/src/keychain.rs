//! The OS keychain: the only place Skolhub keeps secrets (refresh tokens, remembered passwords, cache keys).
//!
//! Linux uses the Secret Service (gnome-keyring, KWallet), macOS the Keychain, Windows the Credential
//! Manager, all through the `keyring` crate. There is no plaintext fallback: without a keychain the user
//! gets a clear Swedish message saying what to install or unlock.

use hub_model::{CmdError, ErrorKind};

/// The keychain service name all of Skolhub's entries live under.
const SERVICE: &str = "se.skolhub.client";

/// What a keychain entry holds; part of the entry's user name, so each kind is its own entry.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Secret {
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
pub(crate) struct Keychain {
    account: String,
}

/// The message for a missing or locked keychain.
pub(crate) fn unavailable(err: &keyring::Error) -> CmdError {
    tracing::error!(error = %err, "keychain unavailable");
    CmdError::new(
        ErrorKind::Keychain,
        "Skolhub sparar inloggningen bara i datorns nyckelring, och den gick inte att nå. \
         Installera eller lås upp en nyckelring (till exempel GNOME-nyckelringen) och försök igen.",
    )
}

impl Keychain {
    pub fn new(account: impl Into<String>) -> Self {
        Self {
            account: account.into(),
        }
    }

    fn entry(&self, secret: Secret) -> Result<keyring::Entry, keyring::Error> {
        keyring::Entry::new(SERVICE, &format!("{}/{}", self.account, secret.suffix()))
    }

    /// Stores `value`, replacing what was there.
    pub fn set(&self, secret: Secret, value: &str) -> Result<(), keyring::Error> {
        self.entry(secret)?.set_password(value)
    }

    /// The stored value, `None` when there is none.
    pub fn get(&self, secret: Secret) -> Result<Option<String>, keyring::Error> {
        match self.entry(secret)?.get_password() {
            Ok(v) => Ok(Some(v)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Removes every entry of the account; the first failure is returned after trying them all.
    pub fn delete_all(&self) -> Result<(), keyring::Error> {
        let mut first = None;
        for secret in Secret::ALL {
            if let Err(e) = self.delete(secret) {
                first.get_or_insert(e);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// Removes the entry; a missing entry is fine.
    pub fn delete(&self, secret: Secret) -> Result<(), keyring::Error> {
        match self.entry(secret)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

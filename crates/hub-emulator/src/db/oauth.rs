//! Mobile pairing and tokens (protocol §3.3) and the device-authorization pairing designed in
//! `docs/protocol-extensions.md`.
//!
//! A paired device is a token family: every access and refresh token belongs to exactly one `oauth_devices`
//! row. Refresh tokens rotate; presenting one that was already used (or revoked) is taken as theft and ends
//! the whole family, as RFC 6819 §5.2.2.3 recommends, with one grace rule (`docs/protocol-extensions.md`,
//! "Refresh-token rotation and lost answers"): the spent token is accepted once more while its successor has
//! never been used (neither refreshed nor its access token shown to the API), because then the answer that
//! carried the successor may never have reached the device. The re-issue retires that unused successor, so
//! there is still exactly one live refresh token per family. Codes, GUIDs and SSO URLs are one-time.

use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};

use crate::token;

pub(crate) const SCHEMA: &str = r#"
-- The temporary authGuid of GetAuthenticationData; the GUID is the credential for LoginOAuth2.
CREATE TABLE oauth_auth_guids (
    guid       TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

-- Authorization codes from LoginOAuth2, with the device they were issued to.
CREATE TABLE oauth_codes (
    code               TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL REFERENCES users(id),
    redirect_uri       TEXT NOT NULL,
    device_identifier  TEXT NOT NULL,
    device_name        TEXT NOT NULL,
    device_type        TEXT NOT NULL,
    expires_at         INTEGER NOT NULL,
    used_at            INTEGER,
    device_id          TEXT
);

-- Paired devices: one token family each.
CREATE TABLE oauth_devices (
    id                TEXT PRIMARY KEY,
    user_id           TEXT NOT NULL REFERENCES users(id),
    device_identifier TEXT NOT NULL,
    friendly_name     TEXT NOT NULL,
    device_type       TEXT NOT NULL,
    paired_at         INTEGER NOT NULL,
    last_used         INTEGER NOT NULL,
    revoked_at        INTEGER
);

-- `successor`: the refresh token issued when this one was spent (NULL while unspent, and for a token
-- retired by the grace rule or ended with its family).
CREATE TABLE oauth_refresh_tokens (
    token      TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES oauth_devices(id),
    issued_at  INTEGER NOT NULL,
    used_at    INTEGER,
    successor  TEXT
);

-- `refresh_token`: the refresh token issued in the same answer; `used_at`: first use at the API.
CREATE TABLE oauth_access_tokens (
    token         TEXT PRIMARY KEY,
    device_id     TEXT NOT NULL REFERENCES oauth_devices(id),
    expires_at    INTEGER NOT NULL,
    refresh_token TEXT NOT NULL,
    used_at       INTEGER
);

-- Device-authorization requests (RFC 8628 style).
CREATE TABLE oauth_device_requests (
    device_code       TEXT PRIMARY KEY,
    user_code         TEXT NOT NULL UNIQUE,
    device_identifier TEXT NOT NULL,
    friendly_name     TEXT NOT NULL,
    device_type       TEXT NOT NULL,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    interval_s        INTEGER NOT NULL,
    last_poll_at      INTEGER,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'used')),
    user_id           TEXT REFERENCES users(id)
);

-- One-time SSO URLs handed out by NA1/Authentication/sso.
CREATE TABLE oauth_sso (
    token      TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);
"#;

/// How long the authGuid of `GetAuthenticationData` stays valid.
pub(crate) const AUTH_GUID_TTL_MS: i64 = 5 * 60 * 1000;
/// How long an authorization code may wait for its token exchange.
const CODE_TTL_MS: i64 = 5 * 60 * 1000;
/// How long a one-time SSO URL stays valid.
const SSO_TTL_MS: i64 = 2 * 60 * 1000;
/// Device-authorization expiry (`expires_in`).
pub(crate) const DEVICE_REQUEST_TTL_S: i64 = 600;
/// Device-authorization polling interval (`interval`).
pub(crate) const DEVICE_INTERVAL_S: i64 = 5;

/// What a device says about itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct DeviceInfo {
    pub identifier: String,
    pub friendly_name: String,
    pub device_type: String,
}

/// A freshly issued token pair.
#[derive(Debug, Clone)]
pub(crate) struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
}

/// Why a grant was refused, as the RFC 6749 `error` code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GrantError {
    InvalidGrant,
    AuthorizationPending,
    SlowDown,
    ExpiredToken,
    AccessDenied,
}

impl GrantError {
    pub(crate) fn code(self) -> &'static str {
        match self {
            GrantError::InvalidGrant => "invalid_grant",
            GrantError::AuthorizationPending => "authorization_pending",
            GrantError::SlowDown => "slow_down",
            GrantError::ExpiredToken => "expired_token",
            GrantError::AccessDenied => "access_denied",
        }
    }
}

/// A grant outcome: tokens, a refusal, or a database failure.
pub(crate) type GrantResult = rusqlite::Result<Result<TokenPair, GrantError>>;

fn secret() -> String {
    token::opaque(64)
}

pub(crate) fn issue_auth_guid(conn: &Connection, user_id: &str, now: i64) -> rusqlite::Result<(String, i64)> {
    conn.execute(
        "DELETE FROM oauth_auth_guids WHERE expires_at < ?1",
        params![now - AUTH_GUID_TTL_MS],
    )?;
    let guid = token::guid();
    let expires_at = now + AUTH_GUID_TTL_MS;
    conn.execute(
        "INSERT INTO oauth_auth_guids (guid, user_id, expires_at) VALUES (?1, ?2, ?3)",
        params![guid, user_id, expires_at],
    )?;
    Ok((guid, expires_at))
}

/// Uses up an authGuid and returns an authorization code for the device; `None` for an unknown, used or
/// expired GUID.
pub(crate) fn code_for_guid(
    conn: &Connection,
    guid: &str,
    redirect_uri: &str,
    device: &DeviceInfo,
    now: i64,
) -> rusqlite::Result<Option<String>> {
    let user: Option<String> = conn
        .query_row(
            "UPDATE oauth_auth_guids SET used_at = ?2 WHERE guid = ?1 AND used_at IS NULL AND expires_at > ?2
             RETURNING user_id",
            params![guid, now],
            |row| row.get(0),
        )
        .optional()?;
    let Some(user) = user else { return Ok(None) };
    let code = token::opaque(40);
    conn.execute(
        "INSERT INTO oauth_codes (code, user_id, redirect_uri, device_identifier, device_name, device_type,
                                  expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            code,
            user,
            redirect_uri,
            device.identifier,
            device.friendly_name,
            device.device_type,
            now + CODE_TTL_MS
        ],
    )?;
    Ok(Some(code))
}

fn new_device(conn: &Connection, user_id: &str, device: &DeviceInfo, now: i64) -> rusqlite::Result<String> {
    let id = token::guid();
    conn.execute(
        "INSERT INTO oauth_devices (id, user_id, device_identifier, friendly_name, device_type, paired_at, last_used)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![
            id,
            user_id,
            device.identifier,
            device.friendly_name,
            device.device_type,
            now
        ],
    )?;
    Ok(id)
}

fn issue_pair(conn: &Connection, device_id: &str, now: i64, access_ttl_ms: i64) -> rusqlite::Result<TokenPair> {
    let pair = TokenPair {
        access_token: secret(),
        refresh_token: secret(),
    };
    conn.execute(
        "INSERT INTO oauth_access_tokens (token, device_id, expires_at, refresh_token) VALUES (?1, ?2, ?3, ?4)",
        params![
            pair.access_token,
            device_id,
            now.saturating_add(access_ttl_ms),
            pair.refresh_token
        ],
    )?;
    conn.execute(
        "INSERT INTO oauth_refresh_tokens (token, device_id, issued_at) VALUES (?1, ?2, ?3)",
        params![pair.refresh_token, device_id, now],
    )?;
    Ok(pair)
}

/// Ends a token family: the device is revoked and its tokens stop working.
fn revoke_family(conn: &Connection, device_id: &str, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE oauth_devices SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![device_id, now],
    )?;
    conn.execute(
        "DELETE FROM oauth_access_tokens WHERE device_id = ?1",
        params![device_id],
    )?;
    conn.execute(
        "UPDATE oauth_refresh_tokens SET used_at = coalesce(used_at, ?2) WHERE device_id = ?1",
        params![device_id, now],
    )?;
    Ok(())
}

/// `grant_type=authorization_code`. A code presented twice ends the family it created (RFC 6749 §4.1.2).
pub(crate) fn exchange_code(
    conn: &mut Connection,
    code: &str,
    redirect_uri: Option<&str>,
    now: i64,
    access_ttl_ms: i64,
) -> GrantResult {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row = tx
        .query_row(
            "SELECT user_id, redirect_uri, device_identifier, device_name, device_type, expires_at, used_at, device_id
             FROM oauth_codes WHERE code = ?1",
            params![code],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    DeviceInfo {
                        identifier: row.get(2)?,
                        friendly_name: row.get(3)?,
                        device_type: row.get(4)?,
                    },
                    row.get::<_, i64>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                    row.get::<_, Option<String>>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((user_id, expected_redirect, device, expires_at, used_at, device_id)) = row else {
        return Ok(Err(GrantError::InvalidGrant));
    };
    if used_at.is_some() {
        if let Some(device_id) = device_id {
            revoke_family(&tx, &device_id, now)?;
        }
        tx.commit()?;
        return Ok(Err(GrantError::InvalidGrant));
    }
    if expires_at <= now || redirect_uri.is_some_and(|r| !r.eq_ignore_ascii_case(&expected_redirect)) {
        return Ok(Err(GrantError::InvalidGrant));
    }
    let device_id = new_device(&tx, &user_id, &device, now)?;
    tx.execute(
        "UPDATE oauth_codes SET used_at = ?2, device_id = ?3 WHERE code = ?1",
        params![code, now, device_id],
    )?;
    let pair = issue_pair(&tx, &device_id, now, access_ttl_ms)?;
    tx.commit()?;
    Ok(Ok(pair))
}

/// `grant_type=refresh_token`: rotates. A used or revoked token ends its family, except under the grace
/// rule: a spent token whose successor was never used is accepted again, the successor is retired and a new
/// pair takes its place.
pub(crate) fn refresh(conn: &mut Connection, refresh_token: &str, now: i64, access_ttl_ms: i64) -> GrantResult {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row = tx
        .query_row(
            "SELECT r.device_id, r.used_at, d.revoked_at, r.successor FROM oauth_refresh_tokens r
             JOIN oauth_devices d ON d.id = r.device_id WHERE r.token = ?1",
            params![refresh_token],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, Option<i64>>(1)?,
                    row.get::<_, Option<i64>>(2)?,
                    row.get::<_, Option<String>>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((device_id, used_at, revoked_at, successor)) = row else {
        return Ok(Err(GrantError::InvalidGrant));
    };
    if revoked_at.is_some() {
        return Ok(Err(GrantError::InvalidGrant));
    }
    if used_at.is_some() {
        match successor {
            Some(successor) if never_used(&tx, &successor)? => {
                // The answer that carried the successor was lost (a crash, a dropped connection): the device
                // still holds this token. Retire the successor, which nobody has seen work, and answer anew.
                tracing::info!("spent refresh token replayed before its successor was used; reissuing");
                retire(&tx, &successor, now)?;
            }
            _ => {
                tracing::info!("refresh token reuse; revoking its token family");
                revoke_family(&tx, &device_id, now)?;
                tx.commit()?;
                return Ok(Err(GrantError::InvalidGrant));
            }
        }
    }
    tx.execute(
        "UPDATE oauth_devices SET last_used = ?2 WHERE id = ?1",
        params![device_id, now],
    )?;
    let pair = issue_pair(&tx, &device_id, now, access_ttl_ms)?;
    tx.execute(
        "UPDATE oauth_refresh_tokens SET used_at = coalesce(used_at, ?2), successor = ?3 WHERE token = ?1",
        params![refresh_token, now, pair.refresh_token],
    )?;
    tx.commit()?;
    Ok(Ok(pair))
}

/// Whether refresh token `token` is live and unused: never refreshed, and no access token issued with it was
/// ever shown to the API.
fn never_used(conn: &Connection, token: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT used_at IS NULL
                AND NOT EXISTS (SELECT 1 FROM oauth_access_tokens WHERE refresh_token = ?1 AND used_at IS NOT NULL)
         FROM oauth_refresh_tokens WHERE token = ?1",
        params![token],
        |row| row.get(0),
    )
    .optional()
    .map(|live| live.unwrap_or(false))
}

/// Ends an unused refresh token and its access token: presenting it later counts as reuse (no successor).
fn retire(conn: &Connection, token: &str, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE oauth_refresh_tokens SET used_at = ?2, successor = NULL WHERE token = ?1",
        params![token, now],
    )?;
    conn.execute(
        "DELETE FROM oauth_access_tokens WHERE refresh_token = ?1",
        params![token],
    )?;
    Ok(())
}

/// RFC 7009 revocation: an access or refresh token ends its family; unknown tokens are ignored.
pub(crate) fn revoke_token(conn: &Connection, token: &str, now: i64) -> rusqlite::Result<bool> {
    let device: Option<String> = conn
        .query_row(
            "SELECT device_id FROM oauth_refresh_tokens WHERE token = ?1
             UNION SELECT device_id FROM oauth_access_tokens WHERE token = ?1",
            params![token],
            |row| row.get(0),
        )
        .optional()?;
    match device {
        Some(device_id) => {
            revoke_family(conn, &device_id, now)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// The user behind a live access token (and marks its device used).
pub(crate) fn user_for_access_token(conn: &Connection, token: &str, now: i64) -> rusqlite::Result<Option<String>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT d.id, d.user_id FROM oauth_access_tokens a JOIN oauth_devices d ON d.id = a.device_id
             WHERE a.token = ?1 AND a.expires_at > ?2 AND d.revoked_at IS NULL",
            params![token, now],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((device_id, user_id)) = row else {
        return Ok(None);
    };
    conn.execute(
        "UPDATE oauth_devices SET last_used = ?2 WHERE id = ?1",
        params![device_id, now],
    )?;
    // A used access token makes its refresh token "used" for the grace rule of `refresh`.
    conn.execute(
        "UPDATE oauth_access_tokens SET used_at = ?2 WHERE token = ?1 AND used_at IS NULL",
        params![token, now],
    )?;
    Ok(Some(user_id))
}

/// Expires every access token now; returns how many.
pub(crate) fn expire_access_tokens(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE oauth_access_tokens SET expires_at = ?1 WHERE expires_at > ?1",
        params![now],
    )
}

/// A one-time SSO token for the mentor site.
pub(crate) fn issue_sso(conn: &Connection, user_id: &str, now: i64) -> rusqlite::Result<String> {
    conn.execute("DELETE FROM oauth_sso WHERE expires_at < ?1", params![now - SSO_TTL_MS])?;
    let t = token::opaque(48);
    conn.execute(
        "INSERT INTO oauth_sso (token, user_id, expires_at) VALUES (?1, ?2, ?3)",
        params![t, user_id, now + SSO_TTL_MS],
    )?;
    Ok(t)
}

/// Uses up an SSO token; the user it logs in.
pub(crate) fn redeem_sso(conn: &Connection, sso_token: &str, now: i64) -> rusqlite::Result<Option<String>> {
    crate::db::cached_row(
        conn,
        "UPDATE oauth_sso SET used_at = ?2 WHERE token = ?1 AND used_at IS NULL AND expires_at > ?2
         RETURNING user_id",
        params![sso_token, now],
        |row| row.get(0),
    )
    .optional()
}

// ---------------------------------------------------------------------------------------------------------
// Devices and device authorization
// ---------------------------------------------------------------------------------------------------------

/// A paired device as `GetDevices` lists it.
#[derive(Debug, Clone)]
pub(crate) struct Device {
    pub id: String,
    pub friendly_name: String,
    pub device_type: String,
    pub paired_at: i64,
    pub last_used: i64,
}

pub(crate) fn devices(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Device>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, friendly_name, device_type, paired_at, last_used FROM oauth_devices
         WHERE user_id = ?1 AND revoked_at IS NULL ORDER BY paired_at, id",
    )?;
    stmt.query_map(params![user_id], |row| {
        Ok(Device {
            id: row.get(0)?,
            friendly_name: row.get(1)?,
            device_type: row.get(2)?,
            paired_at: row.get(3)?,
            last_used: row.get(4)?,
        })
    })?
    .collect()
}

/// Revokes one of the user's devices; false when it is not theirs or already revoked.
pub(crate) fn revoke_device(conn: &Connection, user_id: &str, device_id: &str, now: i64) -> rusqlite::Result<bool> {
    let owned: bool = crate::db::cached_row(
        conn,
        "SELECT EXISTS (SELECT 1 FROM oauth_devices WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL)",
        params![device_id, user_id],
        |row| row.get(0),
    )?;
    if owned {
        revoke_family(conn, device_id, now)?;
    }
    Ok(owned)
}

/// Letters that cannot be mistaken for digits or each other, as user codes use.
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

fn user_code() -> String {
    use rand::Rng as _;
    let mut rng = rand::rng();
    let mut s: String = (0..8)
        .map(|_| char::from(USER_CODE_ALPHABET[rng.random_range(0..USER_CODE_ALPHABET.len())]))
        .collect();
    s.insert(4, '-');
    s
}

/// `abcd efgh`, `ABCDEFGH` and `ABCD-EFGH` all name the same user code.
pub(crate) fn normalize_user_code(input: &str) -> String {
    let mut s: String = input
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if s.len() == 8 {
        s.insert(4, '-');
    }
    s
}

/// Starts a device authorization; returns (device_code, user_code).
pub(crate) fn start_device_request(
    conn: &Connection,
    device: &DeviceInfo,
    now: i64,
) -> rusqlite::Result<(String, String)> {
    conn.execute(
        "DELETE FROM oauth_device_requests WHERE expires_at < ?1",
        params![now - 3_600_000],
    )?;
    let device_code = secret();
    for _ in 0..10 {
        let code = user_code();
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO oauth_device_requests
               (device_code, user_code, device_identifier, friendly_name, device_type, created_at, expires_at,
                interval_s, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending')",
            params![
                device_code,
                code,
                device.identifier,
                device.friendly_name,
                device.device_type,
                now,
                now + DEVICE_REQUEST_TTL_S * 1000,
                DEVICE_INTERVAL_S
            ],
        )?;
        if inserted == 1 {
            return Ok((device_code, code));
        }
    }
    Err(rusqlite::Error::QueryReturnedNoRows)
}

/// A pending device request as the approval page shows it.
#[derive(Debug, Clone)]
pub(crate) struct DeviceRequest {
    pub user_code: String,
    pub device: DeviceInfo,
    pub status: String,
    pub expired: bool,
}

pub(crate) fn device_request(conn: &Connection, user_code: &str, now: i64) -> rusqlite::Result<Option<DeviceRequest>> {
    crate::db::cached_row(
        conn,
        "SELECT user_code, device_identifier, friendly_name, device_type, status, expires_at
         FROM oauth_device_requests WHERE user_code = ?1",
        params![normalize_user_code(user_code)],
        |row| {
            Ok(DeviceRequest {
                user_code: row.get(0)?,
                device: DeviceInfo {
                    identifier: row.get(1)?,
                    friendly_name: row.get(2)?,
                    device_type: row.get(3)?,
                },
                status: row.get(4)?,
                expired: row.get::<_, i64>(5)? <= now,
            })
        },
    )
    .optional()
}

/// How approving or denying a user code went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    Done,
    /// Unknown or expired code.
    Invalid,
    /// Approved or denied already.
    AlreadyHandled,
}

pub(crate) fn decide_device_request(
    conn: &Connection,
    user_code: &str,
    user_id: &str,
    approve: bool,
    now: i64,
) -> rusqlite::Result<Decision> {
    let Some(req) = device_request(conn, user_code, now)? else {
        return Ok(Decision::Invalid);
    };
    if req.expired {
        return Ok(Decision::Invalid);
    }
    if req.status != "pending" {
        return Ok(Decision::AlreadyHandled);
    }
    conn.execute(
        "UPDATE oauth_device_requests SET status = ?2, user_id = ?3 WHERE user_code = ?1 AND status = 'pending'",
        params![req.user_code, if approve { "approved" } else { "denied" }, user_id],
    )?;
    Ok(Decision::Done)
}

/// `grant_type=urn:ietf:params:oauth:grant-type:device_code`, with RFC 8628 §3.5 polling rules: polling
/// sooner than `interval` after the previous poll answers `slow_down` and adds 5 s to the interval.
pub(crate) fn poll_device(conn: &mut Connection, device_code: &str, now: i64, access_ttl_ms: i64) -> GrantResult {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let row = tx
        .query_row(
            "SELECT status, expires_at, interval_s, last_poll_at, user_id, device_identifier, friendly_name,
                    device_type
             FROM oauth_device_requests WHERE device_code = ?1",
            params![device_code],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Option<i64>>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    DeviceInfo {
                        identifier: row.get(5)?,
                        friendly_name: row.get(6)?,
                        device_type: row.get(7)?,
                    },
                ))
            },
        )
        .optional()?;
    let Some((status, expires_at, interval_s, last_poll_at, user_id, device)) = row else {
        return Ok(Err(GrantError::InvalidGrant));
    };
    if status == "used" {
        return Ok(Err(GrantError::InvalidGrant));
    }
    if expires_at <= now {
        return Ok(Err(GrantError::ExpiredToken));
    }
    if last_poll_at.is_some_and(|last| now - last < interval_s * 1000) {
        tx.execute(
            "UPDATE oauth_device_requests SET interval_s = interval_s + 5, last_poll_at = ?2 WHERE device_code = ?1",
            params![device_code, now],
        )?;
        tx.commit()?;
        return Ok(Err(GrantError::SlowDown));
    }
    tx.execute(
        "UPDATE oauth_device_requests SET last_poll_at = ?2 WHERE device_code = ?1",
        params![device_code, now],
    )?;
    let result = match (status.as_str(), user_id) {
        ("approved", Some(user_id)) => {
            let device_id = new_device(&tx, &user_id, &device, now)?;
            tx.execute(
                "UPDATE oauth_device_requests SET status = 'used' WHERE device_code = ?1",
                params![device_code],
            )?;
            Ok(issue_pair(&tx, &device_id, now, access_ttl_ms)?)
        }
        ("denied", _) => Err(GrantError::AccessDenied),
        _ => Err(GrantError::AuthorizationPending),
    };
    tx.commit()?;
    Ok(result)
}

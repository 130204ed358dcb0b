//! BankID step-up orders (the "säkrare inloggning" of `docs/protocol-extensions.md`), modelled on the BankID
//! Relying Party API v6: an order belongs to one hub session; its state moves on through the admin API (the
//! emulator's stand-in for the user's BankID app) and times out on the emulator clock — 30 s without a scan
//! for a QR (other-device) order, 3 minutes in total. A completed order marks its hub session strong.

use hmac::{Hmac, Mac as _};
use rusqlite::{Connection, OptionalExtension as _, params};
use sha2::Sha256;

use crate::token;

pub(crate) const SCHEMA: &str = r#"
CREATE TABLE bankid_orders (
    order_ref        TEXT PRIMARY KEY,
    hub_session_id   TEXT NOT NULL,
    method           TEXT NOT NULL CHECK (method IN ('sameDevice', 'otherDevice')),
    auto_start_token TEXT NOT NULL,
    qr_start_token   TEXT NOT NULL,
    qr_start_secret  TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'failed', 'complete')),
    hint_code        TEXT,
    scanned          INTEGER NOT NULL DEFAULT 0
);
"#;

/// Orders expire after this long without a scan when started for another device (QR).
pub(crate) const QR_TIMEOUT_MS: i64 = 30_000;
/// Orders expire after this long in total.
pub(crate) const ORDER_TIMEOUT_MS: i64 = 180_000;

/// A new order's public tokens.
#[derive(Debug, Clone)]
pub(crate) struct NewOrder {
    pub order_ref: String,
    pub auto_start_token: String,
    pub qr_start_token: String,
}

/// Starts an order for a hub session; its earlier pending orders are cancelled, as BankID cancels an
/// order when a new one starts for the same person.
pub(crate) fn start(conn: &Connection, session_id: &str, same_device: bool, now: i64) -> rusqlite::Result<NewOrder> {
    conn.execute(
        "UPDATE bankid_orders SET status = 'failed', hint_code = 'cancelled'
         WHERE hub_session_id = ?1 AND status = 'pending'",
        params![session_id],
    )?;
    let order = NewOrder {
        order_ref: token::guid(),
        auto_start_token: token::guid(),
        qr_start_token: token::guid(),
    };
    conn.execute(
        "INSERT INTO bankid_orders (order_ref, hub_session_id, method, auto_start_token, qr_start_token,
                                    qr_start_secret, created_at, status, hint_code)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 'outstandingTransaction')",
        params![
            order.order_ref,
            session_id,
            if same_device { "sameDevice" } else { "otherDevice" },
            order.auto_start_token,
            order.qr_start_token,
            token::guid(),
            now
        ],
    )?;
    Ok(order)
}

/// An order's state after applying the timeouts.
#[derive(Debug, Clone)]
pub(crate) struct OrderState {
    pub status: String,
    pub hint_code: Option<String>,
    /// The animated QR data while the order waits for a scan from another device.
    pub qr_data: Option<String>,
}

/// `bankid.<qrStartToken>.<seconds>.<hex HMAC-SHA256(qrStartSecret, seconds)>`.
pub(crate) fn qr_data(qr_start_token: &str, qr_start_secret: &str, seconds: i64) -> String {
    let seconds = seconds.to_string();
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(qr_start_secret.as_bytes()) else {
        return String::new();
    };
    mac.update(seconds.as_bytes());
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("bankid.{qr_start_token}.{seconds}.{hex}")
}

/// Collects an order of this session; `None` when the session has no such order.
pub(crate) fn collect(
    conn: &Connection,
    session_id: &str,
    order_ref: &str,
    now: i64,
) -> rusqlite::Result<Option<OrderState>> {
    let row = conn
        .query_row(
            "SELECT method, qr_start_token, qr_start_secret, created_at, status, hint_code, scanned
             FROM bankid_orders WHERE order_ref = ?1 AND hub_session_id = ?2",
            params![order_ref, session_id],
            |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, Option<String>>(5)?,
                    row.get::<_, bool>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((method, qr_token, qr_secret, created_at, mut status, mut hint, scanned)) = row else {
        return Ok(None);
    };
    let elapsed = now - created_at;
    if status == "pending"
        && (elapsed >= ORDER_TIMEOUT_MS || (method == "otherDevice" && !scanned && elapsed >= QR_TIMEOUT_MS))
    {
        conn.execute(
            "UPDATE bankid_orders SET status = 'failed', hint_code = 'expiredTransaction' WHERE order_ref = ?1",
            params![order_ref],
        )?;
        status = "failed".to_owned();
        hint = Some("expiredTransaction".to_owned());
    }
    let qr = (status == "pending" && method == "otherDevice" && !scanned)
        .then(|| qr_data(&qr_token, &qr_secret, elapsed.max(0) / 1000));
    Ok(Some(OrderState {
        status: status.clone(),
        hint_code: if status == "complete" { None } else { hint },
        qr_data: qr,
    }))
}

/// Cancels a pending order of this session; false when there is no such order.
pub(crate) fn cancel(conn: &Connection, session_id: &str, order_ref: &str) -> rusqlite::Result<bool> {
    let exists: bool = crate::db::cached_row(
        conn,
        "SELECT EXISTS (SELECT 1 FROM bankid_orders WHERE order_ref = ?1 AND hub_session_id = ?2)",
        params![order_ref, session_id],
        |row| row.get(0),
    )?;
    conn.execute(
        "UPDATE bankid_orders SET status = 'failed', hint_code = 'cancelled'
         WHERE order_ref = ?1 AND hub_session_id = ?2 AND status = 'pending'",
        params![order_ref, session_id],
    )?;
    Ok(exists)
}

/// The outcomes the admin API can drive an order to, as BankID hint codes (or `complete`).
pub(crate) const OUTCOMES: [&str; 9] = [
    "started",
    "userSign",
    "noClient",
    "complete",
    "userCancel",
    "expiredTransaction",
    "cancelled",
    "startFailed",
    "certificateErr",
];

/// What the admin API did to an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Drive {
    Done { order_ref: String },
    NoOrder,
    NotPending,
}

/// Moves a pending order (by ref, or the newest pending one) to `outcome`; `complete` marks its session
/// strong.
pub(crate) fn drive(conn: &mut Connection, order_ref: Option<&str>, outcome: &str) -> rusqlite::Result<Drive> {
    let tx = conn.transaction()?;
    let row: Option<(String, String, String)> = match order_ref {
        Some(r) => tx
            .query_row(
                "SELECT order_ref, hub_session_id, status FROM bankid_orders WHERE order_ref = ?1",
                params![r],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?,
        None => tx
            .query_row(
                "SELECT order_ref, hub_session_id, status FROM bankid_orders WHERE status = 'pending'
                 ORDER BY created_at DESC, rowid DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?,
    };
    let Some((order_ref, session_id, status)) = row else {
        return Ok(Drive::NoOrder);
    };
    if status != "pending" {
        return Ok(Drive::NotPending);
    }
    match outcome {
        "started" | "userSign" | "noClient" => {
            tx.execute(
                "UPDATE bankid_orders SET hint_code = ?2, scanned = (?2 <> 'noClient') WHERE order_ref = ?1",
                params![order_ref, outcome],
            )?;
        }
        "complete" => {
            tx.execute(
                "UPDATE bankid_orders SET status = 'complete', hint_code = NULL, scanned = 1 WHERE order_ref = ?1",
                params![order_ref],
            )?;
            super::set_strong_auth(&tx, &session_id)?;
        }
        failed => {
            tx.execute(
                "UPDATE bankid_orders SET status = 'failed', hint_code = ?2 WHERE order_ref = ?1",
                params![order_ref, failed],
            )?;
        }
    }
    tx.commit()?;
    Ok(Drive::Done { order_ref })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_data_is_the_bankid_hmac() {
        // HMAC-SHA256(key "secret", "0"), checked with `printf 0 | openssl dgst -sha256 -hmac secret`.
        let data = qr_data("tok", "secret", 0);
        let parts: Vec<&str> = data.split('.').collect();
        assert_eq!(parts[..3], ["bankid", "tok", "0"]);
        assert_eq!(
            parts[3],
            "1779fd3337dd353e424d808d9190aff8f09e46a8cbbe6469079b2d7f0e246e37"
        );
        assert_ne!(qr_data("tok", "secret", 1), data);
    }
}

//! "Använd annan enhet": device-code pairing (RFC 8628 style) and keeping the paired device logged in.
//!
//! The rotating refresh token goes to the keychain before it is ever used (the client calls the store
//! first); on start-up a stored token logs the app back in through the SSO bridge.

use std::sync::Arc;

use hub_client::{DevicePairing, DevicePoll, OAuthSession, TokenSet, TokenStore};
use hub_client::{Hosts, HubClient};
use hub_model::CmdError;
use hub_model::ipc::{PairingCode, PairingStatus};
use qrcode::QrCode;
use qrcode::render::svg;

use crate::error::{from_client, internal};
use crate::keychain::{Keychain, Secret, unavailable};

/// A pairing in progress: the client that started it and the device code.
pub(crate) struct Pending {
    pub client: HubClient,
    pub pairing: DevicePairing,
}

/// The school's part of keychain names: the hub's host, with its port when it has one, so two schools on
/// one host (emulators on loopback) never share entries.
pub fn school_of(hosts: &Hosts) -> String {
    let host = hosts.hub.host_str().unwrap_or("hub");
    match hosts.hub.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// The keychain entries the previous version kept per school (one account per school). Only the migration
/// to per-account entries ([`crate::accounts`]) and the rotation trial still use them.
pub fn keychain_for(hosts: &Hosts) -> Keychain {
    Keychain::new(school_of(hosts))
}

/// The keychain entries of one account added on this device: `<host:port>/<local id>`, so two accounts
/// of one school (two guardians on one desktop) never overwrite each other's login.
pub fn keychain_for_account(hosts: &Hosts, local_id: &str) -> Keychain {
    Keychain::new(format!("{}/{local_id}", school_of(hosts)))
}

/// A persistence callback that writes each rotated refresh token to the keychain. `hub-client` calls it after
/// the school answered a refresh and before the new access token is used; with the school's grace rule for
/// a lost answer (`docs/protocol-extensions.md`) a `kill -9` at any point leaves a token that still works
/// (`examples/rotation_crash.rs` checks this).
pub fn token_store(keychain: Keychain) -> TokenStore {
    Arc::new(move |token: &str| keychain.set(Secret::RefreshToken, token).map_err(|e| Box::new(e) as _))
}

/// This device's name and type as the school's device list shows them.
pub(crate) fn device_identity() -> (String, String, String) {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "dator".to_owned());
    let id = format!("skolhub-{:016x}", rand::random::<u64>());
    (id, format!("Skolhub på {host}"), std::env::consts::OS.to_owned())
}

/// Starts a device-code pairing and renders the verification URL as a QR code.
pub(crate) async fn start(client: HubClient) -> Result<(PairingCode, Pending), CmdError> {
    let (id, name, kind) = device_identity();
    let pairing = client
        .start_device_pairing(&id, &name, &kind)
        .await
        .map_err(from_client)?;
    let p = &pairing.prompt;
    let target = p
        .verification_uri_complete
        .clone()
        .unwrap_or_else(|| p.verification_uri.clone());
    let qr = QrCode::new(target.as_bytes()).map_err(|e| internal("qr code", e))?;
    let qr_svg = qr
        .render::<svg::Color<'_>>()
        .min_dimensions(220, 220)
        .dark_color(svg::Color("#0b3b4f"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let code = PairingCode {
        user_code: p.user_code.clone(),
        verification_uri: p.verification_uri.clone(),
        verification_uri_complete: p.verification_uri_complete.clone(),
        expires_in: p.expires_in,
        interval: pairing.interval().as_secs(),
        qr_svg,
    };
    Ok((code, Pending { client, pairing }))
}

/// One poll. On approval the refresh token is stored first, then the web session is opened.
pub(crate) async fn poll(pending: &mut Pending, keychain: &Keychain) -> Result<OAuthSession, PairingStatus> {
    if pending.pairing.is_expired() {
        return Err(PairingStatus::Expired);
    }
    match pending.client.poll_device_pairing(&mut pending.pairing).await {
        Ok(DevicePoll::Pending) | Ok(DevicePoll::SlowDown) => Err(PairingStatus::Pending {
            interval: pending.pairing.interval().as_secs(),
        }),
        Ok(DevicePoll::Expired) => Err(PairingStatus::Expired),
        Ok(DevicePoll::Denied) => Err(PairingStatus::Denied),
        Ok(DevicePoll::Paired(tokens)) => {
            if let Err(e) = keychain.set(Secret::RefreshToken, &tokens.refresh_token) {
                return Err(PairingStatus::Failed { error: unavailable(&e) });
            }
            Ok(OAuthSession::new(tokens, token_store(keychain.clone())))
        }
        Ok(_) => Err(PairingStatus::Pending {
            interval: pending.pairing.interval().as_secs(),
        }),
        Err(e) => Err(PairingStatus::Failed { error: from_client(e) }),
    }
}

/// Logs in from a stored refresh token, if there is one. A rejected token is removed.
pub(crate) async fn restore(client: &HubClient, keychain: &Keychain) -> Result<Option<OAuthSession>, CmdError> {
    let stored = tokio::task::block_in_place(|| keychain.get(Secret::RefreshToken)).map_err(|e| unavailable(&e))?;
    let Some(refresh) = stored else { return Ok(None) };
    let session = OAuthSession::new(TokenSet::from_refresh_token(refresh), token_store(keychain.clone()));
    match client.sso_login(&session).await {
        Ok(()) => Ok(Some(session)),
        Err(hub_client::Error::NeedsPairing) => {
            tracing::info!("stored pairing was rejected by the school; removing it");
            let _ = keychain.delete(Secret::RefreshToken);
            Ok(None)
        }
        Err(e) => Err(from_client(e)),
    }
}

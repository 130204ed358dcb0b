//! The shell's one shared state: the active session and, in demo mode, the embedded school emulator.

use hub_client::{Hosts, HubClient};
use hub_emulator::EmulatorHandle;
use hub_model::ipc::{PairingCode, PairingStatus};
use hub_model::{Account, CmdError, ErrorKind};
use tokio::sync::Mutex;

use crate::error::{from_client, internal};
use crate::pairing;

/// A logged-in web session and the account it belongs to.
pub(crate) struct Session {
    pub client: HubClient,
    pub account: Account,
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
    /// Whether a stored pairing was already tried this run (a failed restore is not retried on every call).
    restore_tried: Mutex<bool>,
}

impl AppState {
    pub fn new(autostart_demo: bool) -> Result<Self, Box<dyn std::error::Error>> {
        let hosts = match std::env::var("SKOLHUB_HOSTS") {
            Ok(v) => {
                let parts: Vec<&str> = v.split_whitespace().collect();
                let [hub, mentor, oauth, api] = parts[..] else {
                    return Err("SKOLHUB_HOSTS needs four urls: hub mentor oauth api".into());
                };
                Hosts::parse(hub, mentor, oauth, api)?
            }
            Err(_) => Hosts::infomentor(),
        };
        Ok(Self {
            hosts,
            autostart_demo,
            session: Mutex::new(None),
            emulator: Mutex::new(None),
            pairing: Mutex::new(None),
            restore_tried: Mutex::new(false),
        })
    }

    /// The current account: the demo when launched with `--demo`, else a paired device logged back in from
    /// the keychain, else none.
    pub async fn current_account(&self) -> Result<Option<Account>, CmdError> {
        if self.autostart_demo && self.session.lock().await.is_none() {
            return self.start_demo().await.map(Some);
        }
        if let Some(s) = self.session.lock().await.as_ref() {
            return Ok(Some(s.account.clone()));
        }
        let mut tried = self.restore_tried.lock().await;
        if *tried {
            return Ok(None);
        }
        *tried = true;
        let client = self.real_client()?;
        match pairing::restore(&client, &pairing::keychain_for(&self.hosts)).await? {
            Some(_) => self.adopt(client).await.map(Some),
            None => Ok(None),
        }
    }

    fn real_client(&self) -> Result<HubClient, CmdError> {
        HubClient::builder()
            .hosts(self.hosts.clone())
            .build()
            .map_err(from_client)
    }

    /// Makes a logged-in client the session and returns its account.
    async fn adopt(&self, client: HubClient) -> Result<Account, CmdError> {
        let account = client.account().await.map_err(from_client)?;
        *self.session.lock().await = Some(Session {
            client,
            account: account.clone(),
        });
        Ok(account)
    }

    /// Starts "Använd annan enhet": a device code and its QR for the user to approve on another device.
    pub async fn pairing_start(&self) -> Result<PairingCode, CmdError> {
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
        let keychain = pairing::keychain_for(&self.hosts);
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
                let account = self.adopt(pending.client).await?;
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

    /// Ends the session on the school's side (best effort) and forgets it here.
    pub async fn logout(&self) -> Result<(), CmdError> {
        let session = self.session.lock().await.take();
        if let Some(s) = session {
            if !s.account.demo {
                // Unpair: the stored token leaves the keychain whatever the school answers.
                let keychain = pairing::keychain_for(&self.hosts);
                if let Err(e) = keychain.delete(crate::keychain::Secret::RefreshToken) {
                    tracing::warn!(error = %e, "could not remove the stored pairing");
                }
            }
            if let Err(e) = s.client.logout().await {
                // The local session is gone either way.
                tracing::warn!(error = %e, "logout on the school's side failed");
            }
        }
        Ok(())
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
        *session = Some(Session {
            client,
            account: account.clone(),
        });
        Ok(account)
    }

    /// Logs in with a username and password against the configured hosts.
    pub async fn login_password(&self, username: &str, password: &str) -> Result<Account, CmdError> {
        let client = self.real_client()?;
        client.login_password(username, password).await.map_err(from_client)?;
        self.adopt(client).await
    }
}

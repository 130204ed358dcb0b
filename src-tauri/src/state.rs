//! The shell's one shared state: the active session and, in demo mode, the embedded school emulator.

use hub_client::{Hosts, HubClient};
use hub_emulator::EmulatorHandle;
use hub_model::{Account, CmdError, ErrorKind};
use tokio::sync::Mutex;

use crate::error::{from_client, internal};

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
        })
    }

    /// The current account, starting the demo first when the app was launched with `--demo`.
    pub async fn current_account(&self) -> Result<Option<Account>, CmdError> {
        if self.autostart_demo && self.session.lock().await.is_none() {
            return self.start_demo().await.map(Some);
        }
        Ok(self.session.lock().await.as_ref().map(|s| s.account.clone()))
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
        if let Some(s) = session
            && let Err(e) = s.client.logout().await
        {
            // The local session is gone either way; a failed remote logout only shortens nothing.
            tracing::warn!(error = %e, "logout on the school's side failed");
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
        let client = HubClient::builder()
            .hosts(self.hosts.clone())
            .build()
            .map_err(from_client)?;
        client.login_password(username, password).await.map_err(from_client)?;
        let account = client.account().await.map_err(from_client)?;
        *self.session.lock().await = Some(Session {
            client,
            account: account.clone(),
        });
        Ok(account)
    }
}

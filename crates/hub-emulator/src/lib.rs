//! A local emulator of the InfoMentor Hub backend, used by demo mode, tests and benchmarks.
//!
//! It serves one loopback listener per logical InfoMentor host (the hub, the IM1 "mentor" site, the OAuth
//! server, the mobile API) plus an admin port, keeps all state in an in-memory SQLite database seeded with a
//! fictitious school, and writes the wire format straight from `hub-protocol.md`. It deliberately shares no
//! types with `hub-model` or `hub-client`, so a wrong field name on either side fails a test instead of
//! agreeing with itself.

mod config;
mod cookies;
mod db;
pub mod demo;
mod error;
mod faults;
mod html;
mod routes;
mod session;
mod state;
mod time;
mod token;

use std::net::Ipv4Addr;

use anyhow::Context as _;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use config::{Config, Urls};
pub use error::EmuError;
pub use faults::{FaultInjector, Faults, MalformedMode};
pub use routes::{admin_router, api_router, hub_router, mentor_router, oauth_router};
pub use state::{Clock, EmuState};

/// The hub router (`hub.infomentor.se`) with tracing and path normalization, ready to serve.
///
/// The other hosts have their own routers ([`mentor_router`], [`oauth_router`], [`api_router`],
/// [`admin_router`]) because each logical host listens on its own loopback port.
pub fn app(state: EmuState) -> Router {
    hub_router(state)
}

/// Serves `router` on `listener` until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown).await
}

/// A running emulator: five listeners on 127.0.0.1 sharing one [`EmuState`].
///
/// Dropping the handle also stops the servers; [`EmulatorHandle::shutdown`] additionally waits for them.
pub struct EmulatorHandle {
    /// The base URLs of the emulated hosts.
    pub urls: Urls,
    state: EmuState,
    shutdown_tx: watch::Sender<()>,
    servers: Vec<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// Starts the emulator on ephemeral loopback ports with a freshly seeded in-memory database.
    pub async fn start(cfg: Config) -> anyhow::Result<EmulatorHandle> {
        Self::start_with_port_base(cfg, None).await
    }

    /// Starts the emulator; with `Some(base)` the hosts listen on the fixed ports `base..base + 5` in the
    /// order hub, mentor, OAuth, API, admin, otherwise on ephemeral ports.
    pub async fn start_with_port_base(cfg: Config, port_base: Option<u16>) -> anyhow::Result<EmulatorHandle> {
        let mut listeners = Vec::with_capacity(5);
        for i in 0..5u16 {
            let port = match port_base {
                Some(base) => base
                    .checked_add(i)
                    .context("port base too high for five consecutive ports")?,
                None => 0,
            };
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
                .await
                .with_context(|| format!("failed to bind 127.0.0.1:{port}"))?;
            listeners.push(listener);
        }
        let mut ports = Vec::with_capacity(5);
        for listener in &listeners {
            ports.push(listener.local_addr()?.port());
        }
        let urls = Urls::on_loopback(ports[0], ports[1], ports[2], ports[3], ports[4]);
        let state = EmuState::new(cfg, urls.clone())?;
        let routers = [
            ("hub", hub_router(state.clone())),
            ("mentor", mentor_router(state.clone())),
            ("oauth", oauth_router(state.clone())),
            ("api", api_router(state.clone())),
            ("admin", admin_router(state.clone())),
        ];
        let (shutdown_tx, shutdown_rx) = watch::channel(());
        let mut servers = Vec::with_capacity(5);
        for (listener, (host, router)) in listeners.into_iter().zip(routers) {
            let mut rx = shutdown_rx.clone();
            let signal = async move {
                // Either an explicit send or the handle being dropped ends the wait.
                let _ = rx.changed().await;
            };
            servers.push(tokio::spawn(async move {
                if let Err(err) = serve(listener, router, signal).await {
                    tracing::error!(host, %err, "emulator server failed");
                }
            }));
        }
        tracing::info!(hub = %urls.hub, mentor = %urls.mentor, admin = %urls.admin, "emulator started");
        Ok(EmulatorHandle {
            urls,
            state,
            shutdown_tx,
            servers,
        })
    }

    /// The shared state, for in-process tests and the demo shell.
    pub fn state(&self) -> &EmuState {
        &self.state
    }

    /// Stops all five servers gracefully and waits for them to finish.
    pub async fn shutdown(self) {
        let _ = self.shutdown_tx.send(());
        for server in self.servers {
            if let Err(err) = server.await {
                tracing::error!(%err, "emulator server task failed");
            }
        }
        tracing::info!("emulator stopped");
    }
}

//! "Använd annan enhet" and "Använd denna enhet".
//!
//! "Använd annan enhet" is the device-code flow: the shell's `pairing_start` gives a short code and a QR of
//! the address where it is entered; the user approves it on another device ("Konfigurera app" on the
//! school's web page) while this page asks `pairing_poll` every `interval` seconds. Approval logs the app
//! in and moves to the start page; an expired or declined code offers "Ny kod". Every round of polling
//! carries a number, and a new code, "Avbryt" or leaving the page bumps it, so an older loop or a late
//! answer never touches the screen.
//!
//! "Använd denna enhet" needs a login window in the shell; until then its page says so plainly and offers
//! the ways that do work.

use std::time::Duration;

use hub_model::CmdError;
use hub_model::ipc::PairingCode;
use leptos::prelude::*;

use crate::app::{Pairing, Session, use_session};
use crate::bridge;
use crate::components::back_bar::BackBar;
use crate::components::icon::Icon;
use crate::encode::svg_data_url;
use crate::error_view::ErrorNotice;
use crate::i18n::{t, tr};
use crate::pages::attempts::{Attempts, Ended, attempt_controls, poll_until_paired};

#[component]
pub fn PairingPage(kind: Pairing) -> impl IntoView {
    match kind {
        Pairing::ThisDevice => view! { <crate::pages::this_device::ThisDevicePage /> }.into_any(),
        Pairing::OtherDevice => view! { <OtherDevice /> }.into_any(),
    }
}

/// Where "Använd annan enhet" stands.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Waiting for `pairing_start`.
    Starting,
    /// A code is on screen and being polled.
    Waiting(Shown),
    Expired,
    Denied,
    /// `pairing_start` or `pairing_poll` failed, or the shell answered `failed`.
    Failed(CmdError),
}

/// What the page shows of a [`PairingCode`].
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    user_code: String,
    verification_uri: String,
    qr_src: String,
    /// `Date.now()` milliseconds when the code expires.
    deadline_ms: f64,
}

impl Shown {
    fn new(code: &PairingCode, now_ms: f64) -> Self {
        Self {
            user_code: code.user_code.clone(),
            verification_uri: code.verification_uri.clone(),
            qr_src: svg_data_url(&code.qr_svg),
            deadline_ms: now_ms + code.expires_in as f64 * 1000.0,
        }
    }
}

/// Whole seconds left until `deadline_ms`, rounded up, never negative.
fn seconds_left(deadline_ms: f64, now_ms: f64) -> u64 {
    ((deadline_ms - now_ms) / 1000.0).ceil().max(0.0) as u64
}

/// `m:ss`, as a countdown reads.
fn countdown(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// One round: get a code, show it, poll until it resolves. Stops as soon as `round` moves past `me`.
async fn run_round(round: Attempts, me: u64, phase: RwSignal<Phase>, session: Session) {
    let live = || round.is_live(me);
    let started = bridge::pairing_start().await;
    if !live() {
        return;
    }
    let code = match started {
        Ok(code) => code,
        Err(error) => {
            phase.set(Phase::Failed(error));
            return;
        }
    };
    phase.set(Phase::Waiting(Shown::new(&code, js_sys::Date::now())));
    let ended = poll_until_paired(&round, me, code.interval, 60, session, bridge::pairing_poll).await;
    match ended {
        Some(Ended::Expired) => phase.set(Phase::Expired),
        Some(Ended::Denied) => phase.set(Phase::Denied),
        Some(Ended::Failed(error)) => phase.set(Phase::Failed(error)),
        None => {}
    }
}

/// "Använd annan enhet": the code, its QR, the steps, a countdown, and "Avbryt".
#[component]
fn OtherDevice() -> impl IntoView {
    let session = use_session();
    let phase = RwSignal::new(Phase::Starting);
    let now_ms = RwSignal::new(js_sys::Date::now());
    let (start, cancel) = attempt_controls(
        phase,
        Phase::Starting,
        session,
        move |round, me| run_round(round, me, phase, session),
        bridge::pairing_cancel,
    );

    // The countdown's clock; at zero the code is gone, whatever the next poll would say.
    let tick = set_interval_with_handle(
        move || {
            let now = js_sys::Date::now();
            now_ms.set(now);
            if let Phase::Waiting(shown) = phase.get_untracked()
                && now >= shown.deadline_ms
            {
                phase.set(Phase::Expired);
            }
        },
        Duration::from_secs(1),
    )
    .ok();
    on_cleanup(move || {
        if let Some(tick) = tick {
            tick.clear();
        }
    });
    start.run(());

    let body = move || match phase.get() {
        Phase::Starting => view! {
            <p class="pairing-status" role="status" data-testid="pairing-status">
                <span class="spinner" aria-hidden="true"></span>
                <span>{tr("pairing.starting")}</span>
            </p>
        }
        .into_any(),
        Phase::Waiting(shown) => {
            let deadline = shown.deadline_ms;
            view! {
                <ol class="pairing-steps">
                    <li>
                        <span>{tr("pairing.step_login")}</span>
                        " "
                        <span class="pairing-uri" data-testid="pairing-uri">{shown.verification_uri}</span>
                    </li>
                    <li>{tr("pairing.step_menu")}</li>
                    <li>{tr("pairing.step_code")}</li>
                </ol>
                <div class="pairing-box">
                    <p class="pairing-code-label" id="pairing-code-label">{tr("pairing.code_label")}</p>
                    <p class="pairing-code" data-testid="pairing-code" aria-describedby="pairing-code-label">
                        {shown.user_code}
                    </p>
                    <img
                        class="pairing-qr"
                        data-testid="pairing-qr"
                        src=shown.qr_src
                        alt=tr("pairing.qr_alt")
                        width="200"
                        height="200"
                    />
                    <p class="pairing-countdown" data-testid="pairing-countdown">
                        {move || {
                            t("pairing.expires_in")
                                .replace("{time}", &countdown(seconds_left(deadline, now_ms.get())))
                        }}
                    </p>
                </div>
                <p class="pairing-status" role="status" data-testid="pairing-status">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{tr("pairing.waiting")}</span>
                </p>
            }
            .into_any()
        }
        Phase::Expired => view! { <Ended text="pairing.expired" on_new=start /> }.into_any(),
        Phase::Denied => view! { <Ended text="pairing.denied" on_new=start /> }.into_any(),
        Phase::Failed(error) => view! { <ErrorNotice error on_retry=start testid="pairing-status" /> }.into_any(),
    };

    view! {
        <div class="auth-shell">
            <BackBar on_back=cancel />
            <main class="auth-main single">
                <section class="card form-card pairing-card" aria-labelledby="pairing-heading">
                    <h1 id="pairing-heading" class="card-title">{tr("pairing.other_device.heading")}</h1>
                    {body}
                    <button
                        type="button"
                        class="btn btn-secondary btn-large"
                        data-testid="pairing-cancel"
                        on:click=move |_| cancel.run(())
                    >
                        {tr("pairing.cancel")}
                    </button>
                </section>
            </main>
        </div>
    }
}

/// A code that can no longer be used: why, and "Ny kod".
#[component]
fn Ended(text: &'static str, on_new: Callback<()>) -> impl IntoView {
    view! {
        <div class="notice notice-info" role="alert">
            <Icon name="info" size=20 />
            <div class="notice-body">
                <p data-testid="pairing-status">{tr(text)}</p>
                <button
                    type="button"
                    class="btn btn-primary btn-small"
                    data-testid="pairing-new-code"
                    on:click=move |_| on_new.run(())
                >
                    {tr("pairing.new_code")}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_rounds_up_and_stops_at_zero() {
        assert_eq!(seconds_left(10_000.0, 0.0), 10);
        assert_eq!(seconds_left(10_000.0, 9_001.0), 1);
        assert_eq!(seconds_left(10_000.0, 12_000.0), 0);
        assert_eq!(countdown(600), "10:00");
        assert_eq!(countdown(581), "9:41");
        assert_eq!(countdown(0), "0:00");
    }
}

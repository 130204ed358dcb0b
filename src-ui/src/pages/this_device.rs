//! "Använd denna enhet": the shell opens the school's login window (`pairing_this_device_start`); this page
//! says to log in there and asks `pairing_this_device_status` every second until the app is paired (on to
//! the start page), the attempt ended (the window was closed or "Avbryt"), the time ran out (the shell's
//! failure code `LOGIN_WINDOW_TIMED_OUT`, worded here) or it failed.
//! Every round carries a number; "Försök igen", "Avbryt" or leaving the page bumps it, so an older loop or
//! a late answer never touches the screen.

use hub_model::CmdError;
use hub_model::ipc::LOGIN_WINDOW_TIMED_OUT;
use leptos::prelude::*;

use crate::app::{Session, use_session};
use crate::bridge;
use crate::components::back_bar::BackBar;
use crate::components::icon::Icon;
use crate::error_view::ErrorNotice;
use crate::i18n::tr;
use crate::pages::attempts::{Attempts, Ended, attempt_controls, poll_until_paired};

/// Where the attempt stands on screen.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    /// Waiting for the window to open.
    Starting,
    /// The window is open; the user logs in there.
    Waiting,
    /// The window was closed before the app was paired.
    Ended,
    /// The time ran out; the shell closed the window.
    TimedOut,
    Failed(CmdError),
}

/// One round: open the window, then follow the attempt until it ends. Stops once `round` moves past `me`.
async fn run_round(round: Attempts, me: u64, phase: RwSignal<Phase>, session: Session) {
    let live = || round.is_live(me);
    let started = bridge::pairing_this_device_start().await;
    if !live() {
        return;
    }
    if let Err(error) = started {
        phase.set(Phase::Failed(error));
        return;
    }
    phase.set(Phase::Waiting);
    let ended = poll_until_paired(&round, me, 1, 10, session, bridge::pairing_this_device_status).await;
    match ended {
        Some(Ended::Expired | Ended::Denied) => phase.set(Phase::Ended),
        Some(Ended::Failed(error)) if error.code.as_deref() == Some(LOGIN_WINDOW_TIMED_OUT) => {
            phase.set(Phase::TimedOut)
        }
        Some(Ended::Failed(error)) => phase.set(Phase::Failed(error)),
        None => {}
    }
}

/// The waiting screen while the user logs in in the school's window, with "Avbryt".
#[component]
pub fn ThisDevicePage() -> impl IntoView {
    let session = use_session();
    let phase = RwSignal::new(Phase::Starting);
    let (start, cancel) = attempt_controls(
        phase,
        Phase::Starting,
        session,
        move |round, me| run_round(round, me, phase, session),
        bridge::pairing_this_device_cancel,
    );
    start.run(());

    let body = move || match phase.get() {
        Phase::Starting => view! {
            <p class="pairing-status" role="status" data-testid="this-device-status">
                <span class="spinner" aria-hidden="true"></span>
                <span>{tr("this_device.starting")}</span>
            </p>
        }
        .into_any(),
        Phase::Waiting => view! {
            <p class="pairing-status" role="status" data-testid="this-device-status">
                <span class="spinner" aria-hidden="true"></span>
                <span>{tr("this_device.waiting")}</span>
            </p>
        }
        .into_any(),
        phase @ (Phase::Ended | Phase::TimedOut) => {
            let text = if phase == Phase::Ended {
                "this_device.ended"
            } else {
                "this_device.timed_out"
            };
            view! {
                <div class="notice notice-info" role="alert">
                    <Icon name="info" size=20 />
                    <div class="notice-body">
                        <p data-testid="this-device-status">{tr(text)}</p>
                        <button
                            type="button"
                            class="btn btn-primary btn-small"
                            data-testid="this-device-retry"
                            on:click=move |_| start.run(())
                        >
                            {tr("this_device.retry")}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        Phase::Failed(error) => view! { <ErrorNotice error on_retry=start testid="this-device-status" /> }.into_any(),
    };

    view! {
        <div class="auth-shell">
            <BackBar on_back=cancel />
            <main class="auth-main single">
                <section class="card form-card pairing-card" aria-labelledby="this-device-heading">
                    <h1 id="this-device-heading" class="card-title">{tr("this_device.heading")}</h1>
                    <p class="muted">{tr("this_device.intro")}</p>
                    {body}
                    <button
                        type="button"
                        class="btn btn-secondary btn-large"
                        data-testid="this-device-cancel"
                        on:click=move |_| cancel.run(())
                    >
                        {tr("this_device.cancel")}
                    </button>
                </section>
            </main>
        </div>
    }
}

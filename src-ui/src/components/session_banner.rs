//! The banner that says where the connection to the school stands, from the shell's session-state event:
//! renewing (quietly, no action needed), offline (cached data shown) or "log in again". Nothing shows
//! while all is well, and the user is never logged out by surprise: "Logga in igen" is their choice.

use hub_model::ipc::SessionState;
use leptos::prelude::*;

use crate::app::{Screen, use_session};
use crate::bridge;
use crate::components::icon::Icon;
use crate::i18n::tr;

/// The latest session state, in context; taken with [`use_session_state`].
#[derive(Clone, Copy)]
pub struct SessionStateSignal(pub RwSignal<SessionState>);

/// Starts listening to the shell's session-state events and puts the state in context. Call once, at the
/// root.
pub fn provide_session_state() -> RwSignal<SessionState> {
    let state = RwSignal::new(SessionState::Ok);
    bridge::listen_session_state(move |s| state.set(s));
    // An event sent before the listener was up is not lost: ask once where things stand.
    leptos::task::spawn_local(async move {
        if let Ok(Some(now)) = bridge::session_state().await {
            state.set(now);
        }
    });
    provide_context(SessionStateSignal(state));
    state
}

pub fn use_session_state() -> RwSignal<SessionState> {
    use_context::<SessionStateSignal>().map_or_else(|| RwSignal::new(SessionState::Ok), |s| s.0)
}

/// The banner for the current state; empty while the state is `Ok`.
#[component]
pub fn SessionBanner() -> impl IntoView {
    let state = use_session_state();
    let session = use_session();
    move || {
        let (class, icon, key, code) = match state.get() {
            SessionState::Ok => return None,
            SessionState::Renewing => ("notice-info", "refresh", "session.renewing", "renewing"),
            SessionState::Offline => ("notice-warn", "offline", "session.offline", "offline"),
            SessionState::NeedsLogin => ("notice-error", "alert", "session.needs_login", "needsLogin"),
        };
        let relogin = matches!(state.get(), SessionState::NeedsLogin);
        Some(view! {
            <div class=format!("notice {class} session-banner") role="status" data-testid="session-banner" data-state=code>
                <Icon name=icon size=20 />
                <div class="notice-body">
                    <p>{tr(key)}</p>
                    {relogin
                        .then(|| {
                            view! {
                                <div class="notice-actions">
                                    <button
                                        type="button"
                                        class="btn btn-small"
                                        data-testid="banner-relogin"
                                        on:click=move |_| session.go(Screen::Auth)
                                    >
                                        {tr("common.login_again")}
                                    </button>
                                </div>
                            }
                        })}
                </div>
            </div>
        })
    }
}

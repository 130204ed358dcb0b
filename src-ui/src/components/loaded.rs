//! The three faces of a read: a skeleton while it loads, an error with "Försök igen", and the data.
//!
//! Every box view reads through a [`Read`] and renders it with [`loaded`], so
//! loading and failure look and behave the same everywhere (and carry the same test hooks: `error-state`,
//! `retry`, `empty-state`).

use hub_model::{CmdError, ErrorKind};
use leptos::prelude::*;

use crate::app::{Screen, Session};
use crate::data::Read;

use crate::components::icon::Icon;
use crate::error_view::error_text;
use crate::i18n::t;

/// What a box read returns.
pub type Res<T> = Result<T, CmdError>;

/// Renders `res`: [`Skeleton`] with `rows` bars until it answers, [`ErrorState`] (retry = refetch) on an
/// error, `render(data)` on success.
pub fn loaded<T, V, F>(res: Read<T>, rows: usize, render: F) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Send + 'static,
{
    move || match res.get() {
        None => view! { <Skeleton rows /> }.into_any(),
        Some(Err(error)) => view! { <ErrorState error on_retry=move || res.refetch() /> }.into_any(),
        Some(Ok(data)) => render(data).into_any(),
    }
}

/// Grey bars in the shape of a list, announced as "Hämtar…".
#[component]
pub fn Skeleton(#[prop(default = 3)] rows: usize) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" data-testid="loading">
            <p class="visually-hidden" role="status">{move || t("common.loading")}</p>
            {(0..rows)
                .map(|_| {
                    view! {
                        <div class="skeleton-row" aria-hidden="true">
                            <span class="skeleton-bar skeleton-wide"></span>
                            <span class="skeleton-bar"></span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A failed read: the error in words for its kind and a "Försök igen" button; when the login is gone
/// (session expired, pairing revoked) also "Logga in igen", which leads to the login choices.
#[component]
pub fn ErrorState(error: CmdError, on_retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let session = use_context::<Session>();
    let relogin = matches!(error.kind, ErrorKind::SessionExpired | ErrorKind::NeedsPairing)
        .then_some(session)
        .flatten();
    let text = move || error_text(&error);
    view! {
        <div class="notice notice-error state-error" role="alert" data-testid="error-state">
            <Icon name="alert" size=20 />
            <div class="notice-body">
                <p>{text}</p>
                <div class="notice-actions">
                    {relogin
                        .map(|session| {
                            view! {
                                <button
                                    type="button"
                                    class="btn btn-small"
                                    data-testid="relogin"
                                    on:click=move |_| session.go(Screen::Auth)
                                >
                                    {move || t("common.login_again")}
                                </button>
                            }
                        })}
                    <button type="button" class="btn btn-small" data-testid="retry" on:click=move |_| on_retry()>
                        {move || t("common.retry")}
                    </button>
                </div>
            </div>
        </div>
    }
}

/// Nothing to show, said in plain words.
#[component]
pub fn EmptyState(text: &'static str) -> impl IntoView {
    view! {
        <div class="state-empty" data-testid="empty-state">
            <Icon name="info" size=22 />
            <p>{move || t(text)}</p>
        </div>
    }
}

//! The faces of a read: a skeleton while it loads, an error with "Försök igen", and the data, headed by
//! "Uppdaterad hh:mm" when it came from the device's cache.
//!
//! Every box view reads through a [`Read`] and renders it with [`loaded`], so
//! loading and failure look and behave the same everywhere (and carry the same test hooks: `error-state`,
//! `retry`, `empty-state`).

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use hub_model::{CmdError, ErrorKind};
use leptos::prelude::*;

use crate::app::{Screen, Session};
use crate::data::{Read, ReadHandle};

use crate::components::icon::Icon;
use crate::error_view::error_text;
use crate::format::{MONTHS, hm, now};
use crate::i18n::{Lang, tr, translate, use_lang};

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
    let handle = res.handle();
    move || match res.get() {
        None => skeleton(rows),
        Some(Err(error)) => failed(error, handle),
        Some(Ok(data)) => ready(handle, render(data).into_any()),
    }
}

// The faces that do not depend on the data's type are built outside `loaded`, once for every read, rather
// than once per view that uses it.

#[inline(never)]
fn skeleton(rows: usize) -> AnyView {
    view! { <Skeleton rows /> }.into_any()
}

#[inline(never)]
fn failed(error: CmdError, read: ReadHandle) -> AnyView {
    view! { <ErrorState error on_retry=move || read.refetch() /> }.into_any()
}

#[inline(never)]
fn ready(read: ReadHandle, body: AnyView) -> AnyView {
    view! {
        <UpdatedAt at=Signal::derive(move || read.cached_at()) />
        {body}
    }
    .into_any()
}

/// "Uppdaterad 14:32" (today) or "Uppdaterad 12 nov 14:32" above data that came from the cache; nothing
/// above a fresh answer.
#[component]
pub fn UpdatedAt(#[prop(into)] at: Signal<Option<DateTime<Utc>>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let at = at.get()?;
        let text = updated_text(lang.get(), hub_model::time::stockholm_wall_clock(at), now());
        Some(view! {
            <p class="updated-at" data-testid="updated-at" title=at.to_rfc3339()>
                <Icon name="refresh" size=14 />
                <span>{text}</span>
            </p>
        })
    }
}

/// "Uppdaterad 14:32" when `at` is on the day of `now`, else "Uppdaterad 12 nov 14:32" (and the year
/// when it is not this year's).
pub fn updated_text(lang: Lang, at: NaiveDateTime, now: NaiveDateTime) -> String {
    let label = translate(lang, "common.updated_at");
    if at.date() == now.date() {
        return format!("{label} {}", hm(at));
    }
    let month: String = translate(lang, MONTHS[at.month0() as usize]).chars().take(3).collect();
    let year = if at.year() == now.year() {
        String::new()
    } else {
        format!(" {}", at.year())
    };
    format!("{label} {} {month}{year} {}", at.day(), hm(at))
}

/// Grey bars in the shape of a list, announced as "Hämtar…".
#[component]
pub fn Skeleton(#[prop(default = 3)] rows: usize) -> impl IntoView {
    view! {
        <div class="skeleton" aria-busy="true" data-testid="loading">
            <p class="visually-hidden" role="status">{tr("common.loading")}</p>
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
                                    {tr("common.login_again")}
                                </button>
                            }
                        })}
                    <button type="button" class="btn btn-small" data-testid="retry" on:click=move |_| on_retry()>
                        {tr("common.retry")}
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
            <p>{tr(text)}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn the_stamp_says_the_time_today_and_the_day_before() {
        assert_eq!(updated_text(Lang::Sv, at(29, 8, 5), at(29, 21, 0)), "Uppdaterad 08:05");
        assert_eq!(
            updated_text(Lang::Sv, at(12, 14, 32), at(29, 21, 0)),
            "Uppdaterad 12 nov 14:32"
        );
        assert_eq!(
            updated_text(Lang::En, at(12, 14, 32), at(29, 21, 0)),
            "Updated 12 Nov 14:32"
        );
        let last_year = NaiveDate::from_ymd_opt(2025, 12, 30)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(
            updated_text(Lang::Sv, last_year, at(2, 9, 0)),
            "Uppdaterad 30 dec 2025 09:00"
        );
    }
}

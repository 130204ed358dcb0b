//! "Vecka 49 · 30 november–4 december" between previous and next week buttons, for the week-by-week views.

use chrono::{NaiveDate, TimeDelta};
use leptos::prelude::*;

use crate::components::icon::Icon;
use crate::format::{day_span_now, week_number};
use crate::i18n::{t, tr};

/// The heading of the school week starting `monday` (Monday to Friday); the buttons move `offset` by one week.
/// `prev_key` and `next_key` name the buttons for screen readers in the view's own words.
#[component]
pub fn WeekNav(
    #[prop(into)] monday: Signal<NaiveDate>,
    offset: RwSignal<i64>,
    prev_key: &'static str,
    next_key: &'static str,
) -> impl IntoView {
    let title = move || {
        let m = monday.get();
        let f = m + TimeDelta::days(4);
        format!("{} {} · {}", t("calendar.week"), week_number(m), day_span_now(m, f))
    };
    view! {
        <div class="week-nav">
            <button
                type="button"
                class="btn btn-secondary icon-button"
                data-testid="week-prev"
                aria-label=tr(prev_key)
                on:click=move |_| offset.update(|o| *o -= 1)
            >
                <Icon name="back" size=20 />
            </button>
            <h2 class="week-title" aria-live="polite" data-testid="week-title">{title}</h2>
            <button
                type="button"
                class="btn btn-secondary icon-button"
                data-testid="week-next"
                aria-label=tr(next_key)
                on:click=move |_| offset.update(|o| *o += 1)
            >
                <span class="flip"><Icon name="back" size=20 /></span>
            </button>
        </div>
    }
}

//! The theme switch: one button that turns the screen dark or light, remembered in the preferences (until
//! then, the system's choice applies).

use leptos::prelude::*;

use crate::components::icon::Icon;
use crate::i18n::tr;
use crate::prefs::{Theme, use_prefs};
use crate::theme::use_dark;

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let store = use_prefs();
    let dark = use_dark();
    view! {
        <button
            type="button"
            class="btn btn-quiet theme-toggle"
            data-testid="theme-toggle"
            aria-pressed=move || dark.get().to_string()
            aria-label=tr("theme.dark_label")
            title=tr("theme.dark_label")
            on:click=move |_| {
                let next = if dark.get_untracked() { Theme::Light } else { Theme::Dark };
                store.update(|p| p.theme = next);
            }
        >
            {move || view! { <Icon name=if dark.get() { "sun" } else { "moon" } size=20 /> }}
        </button>
    }
}

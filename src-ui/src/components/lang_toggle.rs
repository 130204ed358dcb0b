//! The language switch: one button that names the other language in that language ("English" /
//! "Svenska"), as language pickers conventionally do.

use leptos::prelude::*;

use crate::components::icon::Icon;
use crate::i18n::{switch, tr, use_lang};

#[component]
pub fn LangToggle() -> impl IntoView {
    let lang = use_lang();
    view! {
        <button
            type="button"
            class="btn btn-quiet lang-toggle"
            data-testid="lang-toggle"
            aria-label=tr("lang.toggle_label")
            on:click=move |_| switch(lang, lang.get_untracked().other())
        >
            <Icon name="globe" size=20 />
            <span lang=move || lang.get().other().code()>{tr("lang.other_name")}</span>
        </button>
    }
}

//! The top bar of the sign-in screens below Autentisering: "Tillbaka" on the left, the language switch on the right.

use leptos::prelude::*;

use crate::components::icon::Icon;
use crate::components::lang_toggle::LangToggle;
use crate::i18n::tr;

/// `on_back` runs when "Tillbaka" is pressed (each screen decides what leaving means, e.g. cancelling a pairing).
#[component]
pub fn BackBar(on_back: Callback<()>) -> impl IntoView {
    view! {
        <header class="auth-top">
            <button type="button" class="btn btn-quiet" on:click=move |_| on_back.run(())>
                <Icon name="back" size=20 />
                <span>{tr("common.back")}</span>
            </button>
            <LangToggle />
        </header>
    }
}

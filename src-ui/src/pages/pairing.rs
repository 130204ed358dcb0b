//! "Använd denna enhet" and "Använd annan enhet": how pairing will work, said plainly, and that it is not
//! built yet (issue 5). Offers the ways that do work today instead of pretending.

use leptos::prelude::*;

use crate::app::{Pairing, Screen, use_session};
use crate::components::demo_button::DemoButton;
use crate::components::icon::Icon;
use crate::components::lang_toggle::LangToggle;
use crate::i18n::t;

#[component]
pub fn PairingPage(kind: Pairing) -> impl IntoView {
    let session = use_session();
    let (heading, body) = match kind {
        Pairing::ThisDevice => ("pairing.this_device.heading", "pairing.this_device.body"),
        Pairing::OtherDevice => ("pairing.other_device.heading", "pairing.other_device.body"),
    };
    view! {
        <div class="auth-shell">
            <header class="auth-top">
                <button type="button" class="btn btn-quiet" on:click=move |_| session.go(Screen::Auth)>
                    <Icon name="back" size=20 />
                    <span>{move || t("common.back")}</span>
                </button>
                <LangToggle />
            </header>
            <main class="auth-main single">
                <section class="card form-card" aria-labelledby="pairing-heading">
                    <h1 id="pairing-heading" class="card-title">{move || t(heading)}</h1>
                    <p class="muted">{move || t(body)}</p>
                    <div class="notice notice-info">
                        <Icon name="info" size=20 />
                        <div class="notice-body">
                            <p class="notice-title">{move || t("pairing.soon_title")}</p>
                            <p>{move || t("pairing.soon_body")}</p>
                        </div>
                    </div>
                    <DemoButton />
                    <button
                        type="button"
                        class="btn btn-secondary btn-large"
                        data-testid="btn-password"
                        on:click=move |_| session.go(Screen::Password)
                    >
                        <Icon name="key" size=20 />
                        <span>{move || t("auth.password")}</span>
                    </button>
                </section>
            </main>
        </div>
    }
}

//! "Autentisering", the first screen: the ways to log in that the official app offers ("Använd denna
//! enhet", "Använd annan enhet", username and password) and, most prominent, "Prova demo". During "Lägg
//! till konto" it says so and offers "Avbryt", back to the account still in use.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{Pairing, Screen, use_session};
use crate::bridge;
use crate::components::demo_button::DemoButton;
use crate::components::icon::Icon;
use crate::components::lang_toggle::LangToggle;
use crate::components::logo::Logo;
use crate::error_view::ErrorNotice;
use crate::i18n::tr;

#[component]
pub fn AuthPage() -> impl IntoView {
    let session = use_session();
    let cancel_add = move |_| {
        spawn_local(async move {
            match bridge::account_current().await {
                Ok(Some(account)) => session.go(Screen::Home(account)),
                // The previous account is gone (logged out elsewhere): stay with the choices.
                _ => session.adding.set(false),
            }
        });
    };
    view! {
        <div class="auth-shell">
            <header class="auth-top">
                <LangToggle />
            </header>
            <main class="auth-main">
                <section class="brand">
                    <Logo size=88 />
                    <h1 class="brand-name">{tr("app.name")}</h1>
                    <p class="tagline">{tr("auth.tagline")}</p>
                </section>
                <section class="card auth-card" aria-labelledby="auth-heading">
                    {move || {
                        session
                            .startup_error
                            .get()
                            .map(|error| view! { <ErrorNotice error testid="startup-error" /> })
                    }}
                    <Show
                        when=move || session.adding.get()
                        fallback=|| {
                            view! {
                                <DemoButton />
                                <div class="divider" role="presentation">
                                    <span>{tr("auth.or")}</span>
                                </div>
                            }
                        }
                    >
                        <div class="notice notice-info adding-note" data-testid="adding-account">
                            <p>{tr("accounts.adding_note")}</p>
                            <button
                                type="button"
                                class="btn btn-secondary"
                                data-testid="account-add-cancel"
                                on:click=cancel_add
                            >
                                {tr("accounts.cancel_add")}
                            </button>
                        </div>
                    </Show>
                    <h2 id="auth-heading" class="card-title">
                        {tr("auth.heading")}
                    </h2>
                    <p class="muted">{tr("auth.intro")}</p>
                    <div class="choices">
                        <Choice
                            testid="btn-this-device"
                            icon="device"
                            label="auth.this_device"
                            hint="auth.this_device_hint"
                            on_click=move || session.go(Screen::Pairing(Pairing::ThisDevice))
                        />
                        <Choice
                            testid="btn-other-device"
                            icon="phone"
                            label="auth.other_device"
                            hint="auth.other_device_hint"
                            on_click=move || session.go(Screen::Pairing(Pairing::OtherDevice))
                        />
                        <Choice
                            testid="btn-password"
                            icon="key"
                            label="auth.password"
                            hint="auth.password_hint"
                            on_click=move || session.go(Screen::Password)
                        />
                    </div>
                </section>
            </main>
        </div>
    }
}

/// A login choice: a full-width button with an icon, a label and a hint line.
#[component]
fn Choice(
    testid: &'static str,
    icon: &'static str,
    label: &'static str,
    hint: &'static str,
    on_click: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button type="button" class="choice" data-testid=testid on:click=move |_| on_click()>
            <span class="choice-icon">
                <Icon name=icon />
            </span>
            <span class="choice-text">
                <span class="choice-label">{tr(label)}</span>
                <span class="choice-hint">{tr(hint)}</span>
            </span>
            <span class="choice-chevron" aria-hidden="true">
                <Icon name="back" size=18 />
            </span>
        </button>
    }
}

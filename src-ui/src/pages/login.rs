//! "Logga in med användarnamn": the school's username and password, sent to the shell's `login_password`.
//!
//! A wrong password shows the school's own text; other failures show Skolhub's wording. The typed values
//! live in this page's signals and are never cleared on an error, so the user only fixes what was wrong.
//! "Nytt lösenord" asks the shell to open the school's login page (`open_external("password_reset")`: the
//! shell picks the address from the configured school, the UI never sends one); if that fails the page
//! says how to get there by hand.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{Screen, use_session};
use crate::bridge;
use crate::components::back_bar::BackBar;
use crate::components::icon::Icon;
use crate::error_view::error_text;
use crate::i18n::{t, tr};

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = use_session();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let show_password = RwSignal::new(false);
    // "Kom ihåg mig": only then does the shell keep the password, in the OS keychain and nowhere else.
    let remember = RwSignal::new(false);
    let missing = RwSignal::new(false);
    // "Nytt lösenord": None before the click, then whether the school's page opened.
    let reset = RwSignal::new(None::<Result<(), String>>);
    let open_reset = move |_| {
        spawn_local(async move {
            let opened = bridge::open_external("password_reset")
                .await
                .map_err(|e| error_text(&e));
            reset.set(Some(opened));
        });
    };

    let login = Action::new_local(move |(user, pass, keep): &(String, String, bool)| {
        let (user, pass, keep) = (user.clone(), pass.clone(), *keep);
        async move {
            let result = bridge::login_password(&user, &pass, keep).await;
            if let Ok(account) = &result {
                session.go(Screen::Home(account.clone()));
            }
            result
        }
    });
    let pending = login.pending();

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let user = username.get_untracked().trim().to_owned();
        let pass = password.get_untracked();
        missing.set(user.is_empty() || pass.is_empty());
        if !missing.get_untracked() {
            login.dispatch_local((user, pass, remember.get_untracked()));
        }
    };

    // The one message under the form: a local check first, then the last answer from the school.
    let message = move || {
        if missing.get() {
            return Some(t("login.missing").to_owned());
        }
        if pending.get() {
            return None;
        }
        login.value().with(|v| match v {
            Some(Err(error)) => Some(error_text(error)),
            _ => None,
        })
    };

    view! {
        <div class="auth-shell">
            <BackBar on_back=Callback::new(move |()| session.go(Screen::Auth)) />
            <main class="auth-main single">
                <section class="card form-card" aria-labelledby="login-heading">
                    <h1 id="login-heading" class="card-title">{tr("login.heading")}</h1>
                    <p class="muted">{tr("login.intro")}</p>
                    <form class="form" novalidate on:submit=on_submit>
                        <div class="field">
                            <label for="login-username">{tr("login.username")}</label>
                            <input
                                id="login-username"
                                name="username"
                                type="text"
                                data-testid="login-username"
                                autocomplete="username"
                                autocapitalize="none"
                                spellcheck="false"
                                required
                                bind:value=username
                            />
                        </div>
                        <div class="field">
                            <label for="login-password">{tr("login.password")}</label>
                            <input
                                id="login-password"
                                name="password"
                                type=move || if show_password.get() { "text" } else { "password" }
                                data-testid="login-password"
                                autocomplete="current-password"
                                required
                                bind:value=password
                            />
                            <button
                                type="button"
                                class="link-button"
                                aria-controls="login-password"
                                aria-pressed=move || show_password.get().to_string()
                                on:click=move |_| show_password.update(|s| *s = !*s)
                            >
                                {move || {
                                    if show_password.get() {
                                        t("login.hide_password")
                                    } else {
                                        t("login.show_password")
                                    }
                                }}
                            </button>
                        </div>
                        <div class="field">
                            <label class="check-row">
                                <input
                                    type="checkbox"
                                    data-testid="login-remember"
                                    aria-describedby="login-remember-hint"
                                    prop:checked=move || remember.get()
                                    on:change=move |e| remember.set(event_target_checked(&e))
                                />
                                <span>{tr("login.remember")}</span>
                            </label>
                            <p id="login-remember-hint" class="hint">{tr("login.remember_hint")}</p>
                        </div>
                        <div class="form-message">
                            {move || {
                                message()
                                    .map(|text| {
                                        view! {
                                            <div class="notice notice-error" role="alert">
                                                <Icon name="alert" size=20 />
                                                <p data-testid="login-error">{text}</p>
                                            </div>
                                        }
                                    })
                            }}
                        </div>
                        <button
                            type="submit"
                            class="btn btn-primary btn-large"
                            data-testid="login-submit"
                            aria-busy=move || pending.get().to_string()
                        >
                            <Show when=move || pending.get()>
                                <span class="spinner spinner-on-primary" aria-hidden="true"></span>
                            </Show>
                            <span>
                                {move || if pending.get() { t("login.submitting") } else { t("login.submit") }}
                            </span>
                        </button>
                    </form>
                    <button
                        type="button"
                        class="link-button"
                        data-testid="login-forgot"
                        aria-controls="login-reset-help"
                        on:click=open_reset
                    >
                        {tr("login.forgot")}
                    </button>
                    <div id="login-reset-help" aria-live="polite">
                        {move || {
                            reset
                                .get()
                                .map(|opened| match opened {
                                    Ok(()) => {
                                        view! {
                                            <p class="hint" data-testid="login-reset-help">
                                                {tr("login.forgot_opened")}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    Err(error) => {
                                        view! {
                                            <p class="hint" data-testid="login-reset-help">
                                                {tr("login.forgot_failed")}
                                                " "
                                                {error}
                                                " "
                                                {tr("login.forgot_help")}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </div>
                </section>
            </main>
        </div>
    }
}

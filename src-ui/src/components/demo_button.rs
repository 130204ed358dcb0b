//! "Prova demo": starts the embedded demo school through the session's shared action, shows progress
//! while the shell logs in (a second or two) and an error with "Försök igen" if it fails.

use leptos::prelude::*;

use crate::app::use_session;
use crate::components::icon::Icon;
use crate::error_view::ErrorNotice;
use crate::i18n::{t, tr};

#[component]
pub fn DemoButton() -> impl IntoView {
    let demo = use_session().demo;
    let pending = demo.pending();
    let start = move || {
        // `aria-disabled` rather than `disabled` keeps keyboard focus on the button while it works.
        if !pending.get_untracked() {
            demo.dispatch_local(());
        }
    };
    let error = move || {
        if pending.get() {
            None
        } else {
            demo.value().get().and_then(Result::err)
        }
    };
    view! {
        <div class="demo">
            <button
                type="button"
                class="btn btn-primary btn-large"
                data-testid="btn-demo"
                aria-disabled=move || pending.get().to_string()
                aria-busy=move || pending.get().to_string()
                on:click=move |_| start()
            >
                <Show
                    when=move || pending.get()
                    fallback=|| view! { <Icon name="play" size=20 /> }
                >
                    <span class="spinner spinner-on-primary" aria-hidden="true"></span>
                </Show>
                <span>
                    {move || if pending.get() { t("auth.demo_starting") } else { t("auth.demo") }}
                </span>
            </button>
            <p class="hint">{tr("auth.demo_hint")}</p>
            <p class="visually-hidden" role="status">
                {move || if pending.get() { t("auth.demo_starting") } else { "" }}
            </p>
            {move || {
                error()
                    .map(|error| {
                        view! { <ErrorNotice error on_retry=move |_| start() /> }
                    })
            }}
        </div>
    }
}

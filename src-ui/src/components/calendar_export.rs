//! "Exportera till kalender" and the calendar subscription, under Kalender: the shell writes the ICS file
//! (every child's calendar, fritids days with times and booked samtal); the UI only asks and shows where it is.

use hub_model::CmdError;
use hub_model::ipc::CalendarSubscription;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::bridge;
use crate::components::icon::Icon;
use crate::error_view::ErrorNotice;
use crate::i18n::{t, tr};

#[component]
pub fn CalendarExport() -> impl IntoView {
    let export = Action::new_local(|_: &()| bridge::calendar_export());
    let saved = move || export.value().get().and_then(Result::ok);
    let export_error = move || export.value().get().and_then(Result::err);
    let sub = RwSignal::new(None::<CalendarSubscription>);
    let sub_error = RwSignal::new(None::<CmdError>);
    let sub_busy = RwSignal::new(false);
    spawn_local(async move {
        match bridge::calendar_subscription_get().await {
            Ok(s) => sub.set(Some(s)),
            Err(e) => sub_error.set(Some(e)),
        }
    });
    let toggle = move |on: bool| {
        sub_busy.set(true);
        sub_error.set(None);
        spawn_local(async move {
            match bridge::calendar_subscription_set(on).await {
                Ok(s) => sub.set(Some(s)),
                Err(e) => sub_error.set(Some(e)),
            }
            sub_busy.set(false);
        });
    };
    let enabled = move || sub.get().is_some_and(|s| s.enabled);
    let copied = RwSignal::new(false);
    view! {
        <section class="calendar-export" data-testid="calendar-export">
            <div class="calendar-export-row">
                <button
                    type="button"
                    class="btn"
                    data-testid="btn-calendar-export"
                    aria-busy=move || export.pending().get().to_string()
                    on:click=move |_| {
                        if !export.pending().get_untracked() {
                            export.dispatch_local(());
                        }
                    }
                >
                    <Icon name="calendarv2" size=18 />
                    <span>
                        {move || {
                            if export.pending().get() { t("calendar.export_busy") } else { t("calendar.export") }
                        }}
                    </span>
                </button>
                <label class="toggle">
                    <input
                        type="checkbox"
                        data-testid="calendar-subscribe"
                        prop:checked=enabled
                        prop:disabled=move || sub_busy.get() || sub.get().is_none()
                        on:change=move |ev| toggle(event_target_checked(&ev))
                    />
                    <span>{tr("calendar.subscribe")}</span>
                </label>
            </div>
            {move || {
                saved()
                    .map(|path| {
                        view! {
                            <p class="hint" role="status" data-testid="calendar-export-saved">
                                {tr("calendar.export_saved")}
                                " "
                                <code>{path.clone()}</code>
                            </p>
                        }
                    })
            }}
            {move || export_error().map(|error| view! { <ErrorNotice error /> })}
            {move || {
                sub.get()
                    .filter(|s| s.enabled)
                    .and_then(|s| s.url)
                    .map(|url| {
                        let for_copy = url.clone();
                        view! {
                            <div class="calendar-subscription" data-testid="calendar-subscription">
                                <p class="hint">{tr("calendar.subscribe_how")}</p>
                                <div class="calendar-export-row">
                                    <input
                                        class="input calendar-subscription-url"
                                        type="text"
                                        readonly
                                        data-testid="calendar-subscription-url"
                                        aria-label=tr("calendar.subscribe_address")
                                        prop:value=url
                                    />
                                    <button
                                        type="button"
                                        class="btn btn-small"
                                        on:click=move |_| {
                                            copy_text(&for_copy);
                                            copied.set(true);
                                        }
                                    >
                                        {move || if copied.get() { t("calendar.copied") } else { t("calendar.copy") }}
                                    </button>
                                </div>
                                <p class="hint">{tr("calendar.subscribe_note")}</p>
                            </div>
                        }
                    })
            }}
            {move || sub_error.get().map(|error| view! { <ErrorNotice error /> })}
        </section>
    }
}

/// `navigator.clipboard.writeText(text)`, where the webview offers it; the address stays selectable anyway.
fn copy_text(text: &str) {
    let Some(window) = web_sys::window() else { return };
    let Ok(navigator) = js_sys::Reflect::get(&window, &JsValue::from_str("navigator")) else {
        return;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok();
    let Some(clipboard) = clipboard.filter(|c| !c.is_undefined() && !c.is_null()) else {
        return;
    };
    if let Ok(write) = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        && let Ok(write) = write.dyn_into::<js_sys::Function>()
    {
        let _ = write.call1(&clipboard, &JsValue::from_str(text));
    }
}

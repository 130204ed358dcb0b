//! The account switcher in the start page's header (issue 5: several accounts on one device, one active).
//!
//! With one account there is nothing to switch to, so the header shows only a quiet "Lägg till konto"
//! button and no list. With two or more it shows "Byt konto", a disclosure button (`aria-expanded`) that
//! opens the list of the device's accounts: each a full-width button with name and role, the one in use
//! marked (`aria-current`, a check and "Används nu"), then "Lägg till konto". Escape closes the list and
//! gives focus back to the button. Every target is at least 44 px high. Choosing another account asks the
//! shell to restore it from its stored login and reloads the start page; an account without a stored login
//! (a password without "Kom ihåg mig") leads to the login choices. "Lägg till konto" keeps the current
//! account and opens "Autentisering", which offers a way back until a login succeeds. The demo school is
//! never listed, and the demo's header has no switcher.

use hub_model::Role;
use hub_model::ipc::DeviceAccount;
use leptos::prelude::*;

use crate::app::{Screen, use_session};
use crate::bridge;
use crate::components::icon::Icon;
use crate::data::Read;
use crate::error_view::ErrorNotice;
use crate::i18n::{t, tr};

#[component]
pub fn AccountSwitcher() -> impl IntoView {
    let session = use_session();
    let accounts = Read::plain(bridge::accounts_list);
    let open = RwSignal::new(false);
    let toggle_ref = NodeRef::<leptos::html::Button>::new();

    let switch = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let result = bridge::account_switch(&id).await;
            if let Ok(account) = &result {
                open.set(false);
                session.go_to_active(account.clone());
            }
            result.map(|_| ())
        }
    });
    let add = Action::new_local(move |_: &()| async move {
        let result = bridge::account_add().await;
        if result.is_ok() {
            session.adding.set(true);
            session.go(Screen::Auth);
        }
        result
    });
    let error = move || {
        switch
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| add.value().get().and_then(Result::err))
    };
    let busy = move || switch.pending().get() || add.pending().get();
    let list = move || accounts.get().and_then(Result::ok).unwrap_or_default();
    let several = move || list().len() > 1;
    let close = move || {
        open.set(false);
        if let Some(button) = toggle_ref.get_untracked() {
            let _ = button.focus();
        }
    };

    let add_button = move || {
        view! {
            <button
                type="button"
                class="btn btn-quiet account-add"
                data-testid="account-add"
                aria-busy=move || add.pending().get().to_string()
                on:click=move |_| {
                    if !busy() {
                        add.dispatch_local(());
                    }
                }
            >
                <span aria-hidden="true" class="account-add-plus">"+"</span>
                <span>{tr("accounts.add")}</span>
            </button>
        }
    };

    view! {
        <div
            class="account-switcher"
            data-testid="account-switcher"
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    close();
                }
            }
        >
            <Show when=several fallback=add_button>
                <button
                    type="button"
                    class="btn btn-quiet account-toggle"
                    data-testid="accounts-toggle"
                    node_ref=toggle_ref
                    aria-haspopup="true"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="account-list"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <Icon name="reset" size=20 />
                    <span>{tr("accounts.switch")}</span>
                </button>
                <Show when=move || open.get()>
                    <div class="account-panel" id="account-list" role="group" aria-labelledby="account-list-heading">
                        <h2 id="account-list-heading" class="account-panel-heading">
                            {tr("accounts.heading")}
                        </h2>
                        <ul class="account-list">
                            <For each=list key=|a| (a.id.clone(), a.active) let:account>
                                <AccountItem account switch busy=Signal::derive(busy) />
                            </For>
                        </ul>
                        {add_button}
                    </div>
                </Show>
            </Show>
            {move || error().map(|error| view! { <ErrorNotice error /> })}
        </div>
    }
}

/// One account of the list: the active one is marked and does nothing; another one switches.
#[component]
fn AccountItem(
    account: DeviceAccount,
    switch: Action<String, Result<(), hub_model::CmdError>>,
    busy: Signal<bool>,
) -> impl IntoView {
    let DeviceAccount {
        id, name, role, active, ..
    } = account;
    let role_key = match role {
        Some(Role::Guardian) => Some("role.guardian"),
        Some(Role::Student) => Some("role.student"),
        None => None,
    };
    let name = move || name.clone().unwrap_or_else(|| t("accounts.unnamed").to_owned());
    view! {
        <li>
            <button
                type="button"
                class="account-item"
                class:account-active=active
                data-testid="account-item"
                data-active=active.to_string()
                aria-current=active.then_some("true")
                on:click=move |_| {
                    if !active && !busy.get_untracked() {
                        switch.dispatch_local(id.clone());
                    }
                }
            >
                <span class="account-text">
                    <span class="account-name">{name}</span>
                    {role_key.map(|key| view! { <span class="account-role">{tr(key)}</span> })}
                </span>
                {active
                    .then(|| {
                        view! {
                            <span class="account-current">
                                <Icon name="check" size=18 />
                                <span>{tr("accounts.active")}</span>
                            </span>
                        }
                    })}
            </button>
        </li>
    }
}

//! The start page: the account in the header (with a "Demo" badge in demo mode, theme, language, the account
//! switcher and "Logga ut"), the session banner, the family overview, the child switcher, "Att göra" and one tile per box the
//! school enabled for the selected child, in the user's order. A tile opens the box's view in place; the
//! child selection stays when the user comes back.

use hub_model::{Account, Child, Role};
use leptos::prelude::*;

use crate::app::use_session;
use crate::boxes::{Tile, tiles_for};
use crate::bridge;
use crate::components::accounts::AccountSwitcher;
use crate::components::child_switcher::ChildSwitcher;
use crate::components::dashboard::Dashboard;
use crate::components::family::FamilyOverview;
use crate::components::icon::Icon;
use crate::components::lang_toggle::LangToggle;
use crate::components::logo::Logo;
use crate::components::session_banner::SessionBanner;
use crate::components::theme_toggle::ThemeToggle;
use crate::components::todo::TodoList;
use crate::data::{ChildData, use_child_data};
use crate::error_view::ErrorNotice;
use crate::i18n::{t, tr};
use crate::pages::boxes::BoxView;
use crate::prefs::use_prefs;
use crate::summary::banner_text;

#[component]
pub fn HomePage(account: Account) -> impl IntoView {
    let session = use_session();
    let Account {
        display_name,
        role,
        children,
        demo,
        ..
    } = account;
    let (role_key, role_code) = match role {
        Role::Guardian => ("role.guardian", "guardian"),
        Role::Student => ("role.student", "student"),
    };
    let name = move || {
        display_name
            .clone()
            .unwrap_or_else(|| t("home.account_fallback").to_owned())
    };
    let selected = RwSignal::new(children.first().map(|c| c.id.clone()).unwrap_or_default());
    let current = {
        let children = children.clone();
        Memo::new(move |_| selected.with(|id| children.iter().find(|c| &c.id == id).cloned()))
    };
    let has_children = !children.is_empty();
    ChildData::provide(current);
    let open = RwSignal::new(None::<Tile>);
    let on_open = Callback::new(move |tile: Tile| open.set(Some(tile)));
    let on_back = Callback::new(move |()| {
        let app = open.get_untracked().map(|t| t.app);
        open.set(None);
        // Give focus back to the tile the user came from.
        if let Some(app) = app {
            request_animation_frame(move || {
                let selector = format!("[data-testid=box-tile][data-app=\"{app}\"]");
                if let Ok(Some(el)) = document().query_selector(&selector) {
                    use wasm_bindgen::JsCast;
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            });
        }
    });

    // "Logga ut" removes only this account: another one of the device, if any, comes up instead.
    let logout = Action::new_local(move |_: &()| async move {
        let result = bridge::session_logout().await;
        if result.is_ok() {
            session.go_to_active(bridge::account_current().await.ok().flatten());
        }
        result
    });
    let logout_error = move || logout.value().get().and_then(Result::err);

    view! {
        <div class="home">
            <header class="topbar">
                <div class="topbar-inner">
                    <Logo size=36 />
                    <div class="who" data-testid="who" data-role=role_code>
                        <span class="who-name">{name}</span>
                        <span class="who-role">{tr(role_key)}</span>
                    </div>
                    {demo
                        .then(|| {
                            view! {
                                <span class="badge badge-demo" data-testid="demo-badge">
                                    {tr("home.demo_badge")}
                                </span>
                            }
                        })}
                    <span class="spacer"></span>
                    <ThemeToggle />
                    <LangToggle />
                    {(!demo).then(|| view! { <AccountSwitcher /> })}
                    <button
                        type="button"
                        class="btn btn-quiet logout"
                        data-testid="logout"
                        aria-label=tr("home.logout")
                        aria-busy=move || logout.pending().get().to_string()
                        on:click=move |_| {
                            if !logout.pending().get_untracked() {
                                logout.dispatch_local(());
                            }
                        }
                    >
                        <Icon name="logout" size=20 />
                        <span>{tr("home.logout")}</span>
                    </button>
                </div>
            </header>
            <main class="home-main" data-testid=move || if open.get().is_some() { "box-page" } else { "start-page" }>
                <SessionBanner />
                {move || logout_error().map(|error| view! { <ErrorNotice error /> })}
                {move || match (open.get(), current.get()) {
                    (Some(tile), Some(child)) => view! { <BoxView tile child on_back /> }.into_any(),
                    _ => {
                        let children = children.clone();
                        view! {
                            <h1 class="visually-hidden">{tr("home.title")}</h1>
                            {demo.then(|| view! { <p class="demo-note">{tr("home.demo_note")}</p> })}
                            <Show
                                when=move || has_children
                                fallback=|| view! { <p class="empty">{tr("home.no_children")}</p> }
                            >
                                {(children.len() > 1)
                                    .then(|| view! { <FamilyOverview children=children.clone() selected /> })}
                                <ChildSwitcher children=children.clone() selected />
                                {move || current.get().map(|child| view! { <ChildBoxes child on_open /> })}
                            </Show>
                        }
                            .into_any()
                    }
                }}
            </main>
        </div>
    }
}

/// The selected child's start page: name, the booked-talk banner, "Att göra", and the boxes.
#[component]
fn ChildBoxes(child: Child, on_open: Callback<Tile>) -> impl IntoView {
    let data = use_child_data();
    let store = use_prefs();
    let tiles = StoredValue::new(tiles_for(&child));
    let enabled = tiles.with_value(|tiles| tiles.iter().any(|tile| !tile.edlevo));
    let id = StoredValue::new(child.id.clone());
    let visible = Memo::new(move |_| {
        store
            .prefs
            .with(|p| p.layout(&id.read_value()).visible(&tiles.read_value()))
    });
    let editing = RwSignal::new(false);
    view! {
        <section class="boxes" aria-labelledby="boxes-heading">
            <h2 id="boxes-heading" class="boxes-heading">{child.name.full()}</h2>
            {move || {
                banner_text(data)
                    .map(|text| {
                        view! {
                            <div class="notice notice-info banner" data-testid="meeting-banner">
                                <Icon name="meeting" size=20 />
                                <p>{text}</p>
                            </div>
                        }
                    })
            }}
            {(!enabled).then(|| view! { <p class="empty">{tr("home.no_boxes")}</p> })}
            <Show when=move || !editing.get()>
                <TodoList tiles=visible on_open />
            </Show>
            <Dashboard child=child.clone() on_open editing />
        </section>
    }
}

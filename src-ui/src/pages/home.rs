//! The start page: the account in the header (with a "Demo" badge in demo mode and "Logga ut"), the child
//! switcher, and one tile per box the school enabled for the selected child, each with its summary line and
//! unread badge. A tile opens the box's view in place; the child selection stays when the user comes back.

use hub_model::{Account, Child, Role};
use leptos::prelude::*;

use crate::app::{Screen, use_session};
use crate::boxes::{Tile, tiles_for, unread_count};
use crate::bridge;
use crate::components::box_tile::BoxTile;
use crate::components::child_switcher::ChildSwitcher;
use crate::components::icon::Icon;
use crate::components::lang_toggle::LangToggle;
use crate::components::logo::Logo;
use crate::data::{ChildData, use_child_data};
use crate::error_view::ErrorNotice;
use crate::i18n::t;
use crate::pages::boxes::BoxView;
use crate::summary::{banner_text, tile_summary};

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
    let role_key = match role {
        Role::Guardian => "role.guardian",
        Role::Student => "role.student",
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

    let logout = Action::new_local(move |_: &()| async move {
        let result = bridge::session_logout().await;
        if result.is_ok() {
            session.go(Screen::Auth);
        }
        result
    });
    let logout_error = move || logout.value().get().and_then(Result::err);

    view! {
        <div class="home">
            <header class="topbar">
                <div class="topbar-inner">
                    <Logo size=36 />
                    <div class="who">
                        <span class="who-name">{name}</span>
                        <span class="who-role">{move || t(role_key)}</span>
                    </div>
                    {demo
                        .then(|| {
                            view! {
                                <span class="badge badge-demo" data-testid="demo-badge">
                                    {move || t("home.demo_badge")}
                                </span>
                            }
                        })}
                    <span class="spacer"></span>
                    <LangToggle />
                    <button
                        type="button"
                        class="btn btn-quiet logout"
                        data-testid="logout"
                        aria-label=move || t("home.logout")
                        aria-busy=move || logout.pending().get().to_string()
                        on:click=move |_| {
                            if !logout.pending().get_untracked() {
                                logout.dispatch_local(());
                            }
                        }
                    >
                        <Icon name="logout" size=20 />
                        <span>{move || t("home.logout")}</span>
                    </button>
                </div>
            </header>
            <main class="home-main" data-testid=move || if open.get().is_some() { "box-page" } else { "start-page" }>
                {move || logout_error().map(|error| view! { <ErrorNotice error /> })}
                {move || match (open.get(), current.get()) {
                    (Some(tile), Some(child)) => view! { <BoxView tile child on_back /> }.into_any(),
                    _ => {
                        let children = children.clone();
                        view! {
                            <h1 class="visually-hidden">{move || t("home.title")}</h1>
                            {demo.then(|| view! { <p class="demo-note">{move || t("home.demo_note")}</p> })}
                            <Show
                                when=move || has_children
                                fallback=|| view! { <p class="empty">{move || t("home.no_children")}</p> }
                            >
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

/// The tiles of one child, under the child's name, and the booked-talk banner.
#[component]
fn ChildBoxes(child: Child, on_open: Callback<Tile>) -> impl IntoView {
    let data = use_child_data();
    let tiles = tiles_for(&child);
    let enabled = tiles.iter().any(|tile| !tile.edlevo);
    let id = child.id.clone();
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
            {(!enabled).then(|| view! { <p class="empty">{move || t("home.no_boxes")}</p> })}
            <ul class="tile-grid" role="list">
                {tiles
                    .into_iter()
                    .map(|tile| {
                        let id = id.clone();
                        let summary = Signal::derive(move || tile_summary(tile, data));
                        let unread = Signal::derive(move || {
                            data.notifications
                                .get()
                                .and_then(Result::ok)
                                .map_or(0, |n| unread_count(&n.notifications, &id, tile.app))
                        });
                        view! { <BoxTile tile summary unread on_open /> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

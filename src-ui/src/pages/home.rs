//! The start page: the account in the header (with a "Demo" badge in demo mode), the child switcher, and
//! one tile per box the school enabled for the selected child. Box contents come with issue 6.

use hub_model::{Account, Child, Role};
use leptos::prelude::*;

use crate::boxes::tiles_for;
use crate::components::box_tile::BoxTile;
use crate::components::child_switcher::ChildSwitcher;
use crate::components::lang_toggle::LangToggle;
use crate::components::logo::Logo;
use crate::i18n::t;

#[component]
pub fn HomePage(account: Account) -> impl IntoView {
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
                </div>
            </header>
            <main class="home-main" data-testid="start-page">
                <h1 class="visually-hidden">{move || t("home.title")}</h1>
                {demo.then(|| view! { <p class="demo-note">{move || t("home.demo_note")}</p> })}
                <Show
                    when=move || has_children
                    fallback=|| view! { <p class="empty">{move || t("home.no_children")}</p> }
                >
                    <ChildSwitcher children=children.clone() selected />
                    {move || current.get().map(|child| view! { <ChildBoxes child /> })}
                </Show>
            </main>
        </div>
    }
}

/// The tiles of one child, under the child's name.
#[component]
fn ChildBoxes(child: Child) -> impl IntoView {
    let tiles = tiles_for(&child);
    let enabled = tiles.iter().any(|tile| !tile.edlevo);
    view! {
        <section class="boxes" aria-labelledby="boxes-heading">
            <h2 id="boxes-heading" class="boxes-heading">{child.name.full()}</h2>
            {(!enabled).then(|| view! { <p class="empty">{move || t("home.no_boxes")}</p> })}
            <ul class="tile-grid" role="list">
                {tiles.into_iter().map(|tile| view! { <BoxTile tile /> }).collect_view()}
            </ul>
        </section>
    }
}

//! A child's boxes on the start page, in the user's order, and the mode that changes that order.
//!
//! "Anpassa" turns the grid into a list the user rearranges three ways: dragging a box onto another,
//! "Flytta upp"/"Flytta ned" buttons (also for touch), or Alt+arrow keys on a box. Each move is announced
//! in a live region ("Kalender flyttad till plats 2 av 6"). Boxes can be hidden and shown again, and
//! "Återställ" brings back the school's order with every box shown. Changes are saved through the shell
//! at once (see [`crate::prefs`]).

use hub_model::Child;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::boxes::{Tile, tiles_for, unread_count};
use crate::components::box_tile::BoxTile;
use crate::components::icon::Icon;
use crate::data::use_child_data;
use crate::i18n::{t, tr};
use crate::prefs::{Layout, use_prefs};
use crate::summary::tile_summary;

/// A change to a layout; `Some` (the moved box's new index) when something changed.
type Edit = Box<dyn FnOnce(&mut Layout, &[Tile]) -> Option<usize>>;

/// The boxes of `child`; a tap on one calls `on_open`.
#[component]
pub fn Dashboard(child: Child, on_open: Callback<Tile>, editing: RwSignal<bool>) -> impl IntoView {
    let store = use_prefs();
    let all = StoredValue::new(tiles_for(&child));
    let id = StoredValue::new(child.id.clone());
    let layout = Memo::new(move |_| store.prefs.with(|p| p.layout(&id.read_value())));
    let visible = Memo::new(move |_| layout.with(|l| l.visible(&all.read_value())));
    let announce = RwSignal::new(String::new());

    // Applies `f` to a copy of the layout and saves the copy when `f` says it changed something.
    let change = move |f: Edit| {
        let mut next = layout.get_untracked();
        let changed = all.with_value(|tiles| f(&mut next, tiles));
        if changed.is_some() {
            store.update(|p| {
                p.layouts.insert(id.get_value(), next);
            });
        }
        changed
    };
    let ctl = Controls {
        visible,
        dragging: RwSignal::new(None),
        over: RwSignal::new(None),
        move_to: Callback::new(move |(app, to): (&'static str, usize)| {
            if let Some(pos) = change(Box::new(move |l, tiles| l.move_to(tiles, app, to))) {
                moved(announce, visible, app, pos);
            }
        }),
        hide: Callback::new(move |(app, hidden): (&'static str, bool)| {
            change(Box::new(move |l, tiles| {
                l.set_hidden(tiles, app, hidden);
                Some(0)
            }));
            let key = if hidden { "dash.hidden_done" } else { "dash.shown_done" };
            announce.set(t(key).replace("{box}", name_of(app)));
        }),
    };
    let reset = move |_| {
        store.update(|p| {
            p.layouts.remove(&*id.read_value());
        });
        announce.set(t("dash.reset_done").to_owned());
    };

    view! {
        <div class="dash-tools">
            <button
                type="button"
                class="btn btn-quiet dash-edit"
                data-testid="dash-edit"
                aria-pressed=move || editing.get().to_string()
                on:click=move |_| editing.update(|e| *e = !*e)
            >
                {move || view! { <Icon name=if editing.get() { "check" } else { "edit" } size=20 /> }}
                <span>{move || if editing.get() { t("dash.done") } else { t("dash.edit") }}</span>
            </button>
            <Show when=move || editing.get()>
                <button type="button" class="btn btn-quiet" data-testid="dash-reset" on:click=reset>
                    <Icon name="reset" size=20 />
                    <span>{tr("dash.reset")}</span>
                </button>
            </Show>
        </div>
        <p class="visually-hidden" aria-live="polite" data-testid="dash-announce">{move || announce.get()}</p>
        <Show
            when=move || editing.get()
            fallback=move || view! { <TileGrid visible on_open /> }
        >
            <p class="dash-help">{tr("dash.help")}</p>
            <ul class="dash-list" role="list" aria-label=tr("dash.list_label")>
                <For each=move || visible.get() key=|tile| tile.app let:tile>
                    <EditItem tile ctl />
                </For>
            </ul>
            <HiddenBoxes hidden=Signal::derive(move || layout.with(|l| l.hidden_tiles(&all.read_value()))) ctl />
        </Show>
    }
}

/// The ordinary grid: one tile per visible box.
#[component]
fn TileGrid(visible: Memo<Vec<Tile>>, on_open: Callback<Tile>) -> impl IntoView {
    let data = use_child_data();
    view! {
        <ul class="tile-grid" role="list">
            <For
                each=move || visible.get()
                key=|tile| tile.app
                children=move |tile| {
                    let summary = Signal::derive(move || tile_summary(tile, data));
                    let unread = Signal::derive(move || {
                        let id = data.child.with(|c| c.as_ref().map(|c| c.id.clone())).unwrap_or_default();
                        data.notifications
                            .get()
                            .and_then(Result::ok)
                            .map_or(0, |n| unread_count(&n.notifications, &id, tile.app))
                    });
                    view! { <BoxTile tile summary unread on_open /> }
                }
            />
        </ul>
    }
}

/// What the edit rows share.
#[derive(Clone, Copy)]
struct Controls {
    visible: Memo<Vec<Tile>>,
    /// The box being dragged, and the one it hovers over.
    dragging: RwSignal<Option<&'static str>>,
    over: RwSignal<Option<&'static str>>,
    /// (box, new index among the visible boxes).
    move_to: Callback<(&'static str, usize)>,
    /// (box, hide?).
    hide: Callback<(&'static str, bool)>,
}

fn name_of(app: &str) -> &'static str {
    crate::boxes::tile_name_key(app).map_or("", t)
}

/// Announces a move and keeps keyboard focus on the moved box (the list re-renders under it).
fn moved(announce: RwSignal<String>, visible: Memo<Vec<Tile>>, app: &'static str, pos: usize) {
    let total = visible.with_untracked(Vec::len);
    announce.set(
        t("dash.moved")
            .replace("{box}", name_of(app))
            .replace("{pos}", &(pos + 1).to_string())
            .replace("{n}", &total.to_string()),
    );
    let focused = document()
        .active_element()
        .and_then(|el| el.get_attribute("data-testid"))
        .filter(|id| id == "dash-up" || id == "dash-down")
        .unwrap_or_else(|| "dash-handle".to_owned());
    request_animation_frame(move || {
        let item = format!("[data-testid=dash-item][data-app=\"{app}\"]");
        for target in [
            format!("{item} [data-testid={focused}]:not([disabled])"),
            format!("{item} [data-testid=dash-handle]"),
        ] {
            if let Ok(Some(el)) = document().query_selector(&target)
                && let Ok(el) = el.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = el.focus();
                return;
            }
        }
    });
}

/// One box in edit mode: drag handle, name, up, down and hide.
#[component]
fn EditItem(tile: Tile, ctl: Controls) -> impl IntoView {
    let index = Memo::new(move |_| ctl.visible.with(|v| v.iter().position(|t| t.app == tile.app)));
    let last = move || ctl.visible.with(Vec::len).saturating_sub(1);
    let by = move |delta: isize| {
        if let Some(to) = index.get_untracked().and_then(|i| i.checked_add_signed(delta)) {
            ctl.move_to.run((tile.app, to));
        }
    };
    let label = move |key: &'static str| t(key).replace("{box}", t(tile.name_key));
    let on_key = move |e: ev::KeyboardEvent| {
        if !e.alt_key() {
            return;
        }
        let delta = match e.key().as_str() {
            "ArrowUp" | "ArrowLeft" => -1,
            "ArrowDown" | "ArrowRight" => 1,
            _ => return,
        };
        e.prevent_default();
        if delta < 0 && index.get_untracked() == Some(0) {
            return;
        }
        by(delta);
    };
    view! {
        <li
            class="dash-item"
            class:dragging=move || ctl.dragging.get() == Some(tile.app)
            class:drop-target=move || ctl.over.get() == Some(tile.app) && ctl.dragging.get() != Some(tile.app)
            data-testid="dash-item"
            data-app=tile.app
            draggable="true"
            on:keydown=on_key
            on:dragstart=move |e: ev::DragEvent| {
                if let Some(dt) = e.data_transfer() {
                    dt.set_effect_allowed("move");
                    let _ = dt.set_data("text/plain", tile.app);
                }
                ctl.dragging.set(Some(tile.app));
            }
            on:dragover=move |e: ev::DragEvent| {
                e.prevent_default();
                ctl.over.set(Some(tile.app));
            }
            on:drop=move |e: ev::DragEvent| {
                e.prevent_default();
                if let (Some(from), Some(to)) = (ctl.dragging.get_untracked(), index.get_untracked()) {
                    ctl.move_to.run((from, to));
                }
                ctl.dragging.set(None);
                ctl.over.set(None);
            }
            on:dragend=move |_| {
                ctl.dragging.set(None);
                ctl.over.set(None);
            }
        >
            <button
                type="button"
                class="dash-handle"
                data-testid="dash-handle"
                aria-label=move || label("dash.handle_label")
                aria-describedby="dash-help-keys"
            >
                <Icon name="grip" size=20 />
            </button>
            <span class="tile-icon" aria-hidden="true" data-app=tile.app>
                <Icon name=tile.icon size=22 />
            </span>
            <span class="dash-name" data-testid="dash-name">{tr(tile.name_key)}</span>
            <span class="dash-controls">
                <button
                    type="button"
                    class="icon-button"
                    data-testid="dash-up"
                    aria-label=move || label("dash.move_up")
                    title=move || label("dash.move_up")
                    disabled=move || index.get() == Some(0)
                    on:click=move |_| by(-1)
                >
                    <Icon name="up" size=20 />
                </button>
                <button
                    type="button"
                    class="icon-button"
                    data-testid="dash-down"
                    aria-label=move || label("dash.move_down")
                    title=move || label("dash.move_down")
                    disabled=move || index.get() == Some(last())
                    on:click=move |_| by(1)
                >
                    <Icon name="down" size=20 />
                </button>
                <button
                    type="button"
                    class="icon-button"
                    data-testid="dash-hide"
                    aria-label=move || label("dash.hide")
                    title=move || label("dash.hide")
                    on:click=move |_| ctl.hide.run((tile.app, true))
                >
                    <Icon name="eye-off" size=20 />
                </button>
            </span>
        </li>
    }
}

/// The hidden boxes, each with "Visa".
#[component]
fn HiddenBoxes(hidden: Signal<Vec<Tile>>, ctl: Controls) -> impl IntoView {
    view! {
        <section class="dash-hidden" aria-labelledby="dash-hidden-heading">
            <h3 id="dash-hidden-heading" class="dash-hidden-heading">{tr("dash.hidden_heading")}</h3>
            <p id="dash-help-keys" class="visually-hidden">{tr("dash.keys_help")}</p>
            <Show
                when=move || hidden.with(|h| !h.is_empty())
                fallback=|| view! { <p class="muted">{tr("dash.none_hidden")}</p> }
            >
                <ul class="dash-hidden-list" role="list">
                    <For each=move || hidden.get() key=|tile| tile.app let:tile>
                        <li class="dash-hidden-item" data-testid="dash-hidden-item" data-app=tile.app>
                            <span class="tile-icon" aria-hidden="true" data-app=tile.app>
                                <Icon name=tile.icon size=22 />
                            </span>
                            <span class="dash-name">{tr(tile.name_key)}</span>
                            <button
                                type="button"
                                class="btn btn-small"
                                data-testid="dash-show"
                                aria-label=move || t("dash.show_label").replace("{box}", t(tile.name_key))
                                on:click=move |_| ctl.hide.run((tile.app, false))
                            >
                                <Icon name="eye" size=18 />
                                <span>{tr("dash.show")}</span>
                            </button>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

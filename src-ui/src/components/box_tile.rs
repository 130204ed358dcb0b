//! One start-page box: icon, name, a summary line from real data and an unread badge. A box of the hub is a
//! button that opens its view; an Edlevo hand-off is a button that opens Edlevo through the shell (the
//! system's browser or app), with the reason it is there as its summary.

use leptos::prelude::*;

use crate::boxes::Tile;
use crate::bridge;
use crate::components::icon::Icon;
use crate::error_view::ErrorNotice;
use crate::i18n::{counted, tr};

/// `summary` is `None` while it loads; `unread` is the number of new notifications for the box.
#[component]
pub fn BoxTile(
    tile: Tile,
    #[prop(into)] summary: Signal<Option<String>>,
    #[prop(into)] unread: Signal<usize>,
    on_open: Callback<Tile>,
) -> impl IntoView {
    let summary_view = move || match summary.get() {
        Some(text) => view! { <span class="tile-summary" data-testid="tile-summary">{text}</span> }.into_any(),
        None => view! {
            <span class="tile-summary" data-testid="tile-summary" aria-busy="true">
                <span class="skeleton-bar" aria-hidden="true"></span>
            </span>
        }
        .into_any(),
    };
    let badge = move || {
        let n = unread.get();
        (n > 0).then(|| {
            view! {
                <span class="tile-badge" data-testid="tile-badge" aria-label=move || counted(n, "home.unread_one", "home.unread")>
                    {n}
                </span>
            }
        })
    };
    let inner = move || {
        view! {
            <span class="tile-icon" aria-hidden="true">
                <Icon name=tile.icon size=26 />
            </span>
            <span class="tile-text">
                <span class="tile-head">
                    <span class="tile-title">{tr(tile.name_key)}</span>
                    {tile
                        .edlevo
                        .then(|| {
                            view! {
                                <span class="tag">
                                    <Icon name="external" size=14 />
                                    {tr("box.edlevo_tag")}
                                </span>
                            }
                        })}
                    {badge}
                </span>
                {summary_view}
            </span>
        }
    };
    let open_error = RwSignal::new(None);
    let open_edlevo = move |_| {
        leptos::task::spawn_local(async move {
            open_error.set(bridge::open_external("edlevo").await.err());
        });
    };
    view! {
        <li class="tile-item">
            {if tile.edlevo {
                view! {
                    <button
                        type="button"
                        class="tile tile-button tile-edlevo"
                        data-testid="box-tile"
                        data-app=tile.app
                        on:click=open_edlevo
                    >
                        {inner()}
                        <span class="tile-open" data-testid="edlevo-open">
                            {tr("box.edlevo_open")}
                            <Icon name="external" size=16 />
                        </span>
                    </button>
                }
                    .into_any()
            } else {
                view! {
                    <button
                        type="button"
                        class="tile tile-button"
                        data-testid="box-tile"
                        data-app=tile.app
                        on:click=move |_| on_open.run(tile)
                    >
                        {inner()}
                        <span class="tile-chevron" aria-hidden="true">
                            <Icon name="back" size=18 />
                        </span>
                    </button>
                }
                    .into_any()
            }}
            {move || open_error.get().map(|error| view! { <ErrorNotice error /> })}
        </li>
    }
}

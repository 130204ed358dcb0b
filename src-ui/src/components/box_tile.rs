//! One start-page box: icon, the box's name and a one-line description. Tiles are not links yet; the box
//! views come with issue 6, and a tile that looks tappable but does nothing would mislead.

use leptos::prelude::*;

use crate::boxes::Tile;
use crate::components::icon::Icon;
use crate::i18n::t;

#[component]
pub fn BoxTile(tile: Tile) -> impl IntoView {
    view! {
        <li class="tile-item">
            <article class="tile" data-testid="box-tile" data-app=tile.app>
                <span class="tile-icon" aria-hidden="true">
                    <Icon name=tile.icon size=26 />
                </span>
                <div class="tile-text">
                    <div class="tile-head">
                        <h3 class="tile-title">{move || t(tile.name_key)}</h3>
                        {tile
                            .edlevo
                            .then(|| {
                                view! {
                                    <span class="tag">
                                        <Icon name="external" size=14 />
                                        {move || t("box.edlevo_tag")}
                                    </span>
                                }
                            })}
                    </div>
                    <p class="tile-desc">{move || t(tile.desc_key)}</p>
                </div>
            </article>
        </li>
    }
}

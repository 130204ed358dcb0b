//! The child switcher: one chip per child ("Förnamn Efternamn"), the selected one pressed. A row that
//! scrolls sideways on a phone and wraps on a desktop.

use hub_model::Child;
use leptos::prelude::*;

use crate::i18n::tr;

/// Chips for `children`; `selected` holds the selected child's id.
#[component]
pub fn ChildSwitcher(children: Vec<Child>, selected: RwSignal<String>) -> impl IntoView {
    view! {
        <nav class="child-switcher" aria-label=tr("home.children_label")>
            <ul class="chips" role="list">
                <For each=move || children.clone() key=|child| child.id.clone() let:child>
                    <ChildChip child selected />
                </For>
            </ul>
        </nav>
    }
}

#[component]
fn ChildChip(child: Child, selected: RwSignal<String>) -> impl IntoView {
    let id = child.id.clone();
    let is_selected = Memo::new(move |_| selected.with(|s| *s == id));
    view! {
        <li>
            <button
                type="button"
                class="chip"
                data-testid="child-tab"
                aria-pressed=move || is_selected.get().to_string()
                on:click=move |_| selected.set(child.id.clone())
            >
                {child.name.full()}
            </button>
        </li>
    }
}

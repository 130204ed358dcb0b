//! Light and dark: the user's choice from the preferences, or the system's while they chose nothing.
//!
//! The resolved theme is written to `<html data-theme>`, which the style sheet's colour tokens follow, so
//! one attribute switches every screen. The system preference is watched, so "follow the system" follows
//! it live.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::prefs::{PrefsStore, Theme};

const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

/// Whether the screen is dark now; in context, taken with [`use_dark`].
#[derive(Clone, Copy)]
pub struct DarkMode(pub Memo<bool>);

fn system_query() -> Option<web_sys::MediaQueryList> {
    window().match_media(DARK_QUERY).ok().flatten()
}

/// Resolves the theme, keeps `<html data-theme>` in step and puts [`DarkMode`] in context. Call once, at
/// the root, after [`PrefsStore::provide`].
pub fn provide_theme(store: PrefsStore) -> DarkMode {
    let system_dark = RwSignal::new(system_query().is_some_and(|q| q.matches()));
    if let Some(query) = system_query() {
        // The root lives as long as the page, so the listener is leaked on purpose.
        let watched = query.clone();
        let on_change = Closure::<dyn FnMut()>::new(move || system_dark.set(watched.matches()));
        let _ = query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
    let dark = Memo::new(move |_| match store.prefs.with(|p| p.theme) {
        Theme::System => system_dark.get(),
        Theme::Light => false,
        Theme::Dark => true,
    });
    Effect::new(move |_| {
        let name = if dark.get() { "dark" } else { "light" };
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", name);
        }
    });
    let mode = DarkMode(dark);
    provide_context(mode);
    mode
}

/// Whether the screen is dark now (light outside `App`).
pub fn use_dark() -> Memo<bool> {
    use_context::<DarkMode>().map_or_else(|| Memo::new(|_| false), |m| m.0)
}

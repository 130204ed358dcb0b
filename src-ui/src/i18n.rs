//! Translations: every user-visible string lives in `locales/sv.json` and `locales/en.json` (flat key →
//! text maps, compiled by `build.rs` into sorted static tables), and views ask for it with `t(key)`.
//!
//! The current [`Lang`] is a signal in context, so a view that calls `t` inside a reactive closure
//! (`{move || t(key)}`) re-renders when the user switches language. Swedish is the default because the
//! school's own wording is Swedish; the choice is remembered in `localStorage`.
//!
//! In the shipped build (`cfg(skolhub_split)`) the English texts are a wasm module of their own, which a
//! Swedish user never loads: [`prepare`] loads it before the first frame of an English user (`main`) and
//! [`switch`] before the window turns English.

#[cfg(skolhub_split)]
use std::cell::Cell;

use leptos::prelude::*;

mod tables {
    include!(concat!(env!("OUT_DIR"), "/locales.rs"));
}

const STORAGE_KEY: &str = "skolhub.lang";

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// The BCP 47 code, as used in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the toggle switches to.
    pub fn other(self) -> Self {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }

    /// This language's texts; Swedish ones while English is not loaded yet (see [`prepare`]).
    fn texts(self) -> &'static [&'static str] {
        match self {
            Lang::Sv => &tables::SV_TEXTS,
            Lang::En => english().unwrap_or(&tables::SV_TEXTS),
        }
    }
}

#[cfg(skolhub_split)]
thread_local! {
    /// The English texts, once their module is loaded.
    static ENGLISH: Cell<Option<&'static [&'static str]>> = const { Cell::new(None) };
}

/// The English texts if they are at hand.
#[cfg(skolhub_split)]
fn english() -> Option<&'static [&'static str]> {
    ENGLISH.with(Cell::get)
}

#[cfg(not(skolhub_split))]
fn english() -> Option<&'static [&'static str]> {
    Some(&tables::EN_TEXTS)
}

/// The split point of the English texts: only this function uses them, so wasm-split moves them into its
/// module.
#[cfg(skolhub_split)]
#[leptos::wasm_split::wasm_split(english_texts, fallible, wasm_split_path = ::leptos::wasm_split)]
fn english_texts() -> Result<&'static [&'static str], leptos::wasm_split::SplitLoaderError> {
    Ok(&tables::EN_TEXTS)
}

/// Makes `lang`'s texts available, loading the English module the first time; `false` when it could not be
/// loaded (then the texts stay Swedish).
pub async fn prepare(lang: Lang) -> bool {
    #[cfg(skolhub_split)]
    if lang == Lang::En && english().is_none() {
        match english_texts().await {
            Ok(texts) => ENGLISH.with(|e| e.set(Some(texts))),
            Err(error) => {
                web_sys::console::error_1(&format!("skolhub: the English texts did not load: {error}").into());
                return false;
            }
        }
    }
    let _ = lang;
    true
}

/// Switches the window to `to` once its texts are loaded and remembers the choice on this device; when the
/// texts cannot be loaded, the language stays. (Only a choice is stored: a start that fell back to Swedish
/// because English did not load keeps the English choice for the next start.)
pub fn switch(lang: RwSignal<Lang>, to: Lang) {
    leptos::task::spawn_local(async move {
        if prepare(to).await {
            lang.set(to);
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(STORAGE_KEY, to.code());
            }
        }
    });
}

/// The language the user chose on this device earlier, if any.
pub fn saved() -> Option<Lang> {
    local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Lang::from_code(&code))
}

pub fn translate(lang: Lang, key: &'static str) -> &'static str {
    tables::KEYS.binary_search(&key).map_or(key, |i| lang.texts()[i])
}

/// The language signal, provided once by `App`.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

/// Puts the language signal in context, restores the saved choice and keeps `<html lang>` in step with it.
/// Call once, at the root.
pub fn provide_i18n() -> I18n {
    // English only when its texts are at hand (`main` prepares the saved language before mounting).
    let start = saved().filter(|&lang| lang == Lang::Sv || english().is_some());
    let i18n = I18n {
        lang: RwSignal::new(start.unwrap_or_default()),
    };
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.code());
        }
    });
    provide_context(i18n);
    i18n
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The current language signal (Swedish outside an `App`, e.g. in tests).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<I18n>()
        .map(|i| i.lang)
        .unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// The text for `key` in the current language. Tracks the language signal when called in a reactive
/// closure, so wrap it: `{move || t(key)}`.
pub fn t(key: &'static str) -> &'static str {
    let lang = use_context::<I18n>().map(|i| i.lang.get()).unwrap_or_default();
    translate(lang, key)
}

/// A text with a count: `one` for exactly 1, else `many` with `{n}` replaced (reactive like [`t`]).
/// `key` in the current language as a view or attribute value that follows language switches. It is one
/// closure type for every text, so the bundle carries one copy of its rendering instead of one per text
/// (`{move || t(key)}` written out at each place is a new type every time).
pub fn tr(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || t(key)
}

pub fn counted(n: usize, one: &'static str, many: &'static str) -> String {
    if n == 1 {
        t(one).to_owned()
    } else {
        t(many).replace("{n}", &n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const SV_JSON: &str = include_str!("../locales/sv.json");
    const EN_JSON: &str = include_str!("../locales/en.json");

    #[test]
    fn the_compiled_tables_answer_every_key_in_both_languages() {
        let sv: HashMap<String, String> = serde_json::from_str(SV_JSON).unwrap();
        let en: HashMap<String, String> = serde_json::from_str(EN_JSON).unwrap();
        for key in tables::KEYS {
            let key: &'static str = key;
            assert_eq!(translate(Lang::Sv, key), sv[key]);
            assert_eq!(translate(Lang::En, key), en[key]);
        }
        assert_eq!(tables::KEYS.len(), sv.len());
        assert_eq!(translate(Lang::En, "no.such.key"), "no.such.key");
    }
    use std::collections::BTreeSet;
    use std::path::Path;

    fn keys(json: &str) -> BTreeSet<String> {
        let map: HashMap<String, String> = serde_json::from_str(json).expect("locale file is a flat map");
        map.into_keys().collect()
    }

    /// Every `.rs` file under `src/`, as (path, text).
    fn sources() -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        assert!(out.len() > 5, "source scan found too few files");
        out
    }

    /// The string literals passed directly to `t(…)` in `text`.
    /// The literal keys passed to `t(…)` and `tr(…)` in `text`.
    fn t_literals(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        // Built at run time so this file's own source does not match the needles.
        for name in ["t", "tr"] {
            let needle = format!("{name}(\"");
            for (pos, _) in text.match_indices(&needle) {
                let before = text[..pos].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[pos + needle.len()..];
                if let Some(end) = rest.find('"') {
                    found.push(rest[..end].to_owned());
                }
            }
        }
        found
    }

    #[test]
    fn locales_have_the_same_keys_and_no_empty_values() {
        assert_eq!(keys(SV_JSON), keys(EN_JSON));
        for (name, json) in [("sv", SV_JSON), ("en", EN_JSON)] {
            let map: HashMap<String, String> = serde_json::from_str(json).unwrap();
            for (key, value) in map {
                assert!(!value.trim().is_empty(), "{name}.json: empty value for {key}");
            }
        }
    }

    #[test]
    fn every_key_used_in_source_exists() {
        let known = keys(SV_JSON);
        let mut used = 0;
        for (path, text) in sources() {
            for key in t_literals(&text) {
                assert!(known.contains(&key), "{path}: unknown translation key {key:?}");
                used += 1;
            }
        }
        assert!(used > 200, "expected many literal keys, found {used}");
    }

    #[test]
    fn every_key_shaped_literal_exists() {
        // Keys also travel as plain literals (props, tables); any `"<namespace>.…"` literal must be a key.
        let known = keys(SV_JSON);
        let namespaces: BTreeSet<&str> = known.iter().filter_map(|k| k.split('.').next()).collect();
        let is_key_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.';
        for (path, text) in sources() {
            for ns in &namespaces {
                for (pos, _) in text.match_indices(&format!("\"{ns}.")) {
                    let rest = &text[pos + 1..];
                    let Some(end) = rest.find('"') else { continue };
                    let literal = &rest[..end];
                    if literal.chars().all(is_key_char) && !literal.ends_with('.') {
                        assert!(known.contains(literal), "{path}: unknown translation key {literal:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_locale_key_is_referenced_somewhere() {
        let all: String = sources().into_iter().map(|(_, text)| text).collect();
        for key in keys(SV_JSON) {
            assert!(all.contains(&format!("\"{key}\"")), "unused translation key {key:?}");
        }
    }

    #[test]
    fn translate_falls_back_to_the_key() {
        assert_eq!(translate(Lang::Sv, "auth.demo"), "Prova demo");
        assert_eq!(translate(Lang::En, "auth.demo"), "Try the demo");
        assert_eq!(translate(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn counts_pick_singular_or_plural() {
        assert_eq!(counted(1, "home.unread_one", "home.unread"), "1 oläst");
        assert_eq!(counted(3, "home.unread_one", "home.unread"), "3 olästa");
        assert_eq!(counted(0, "home.unread_one", "home.unread"), "0 olästa");
    }

    #[test]
    fn lang_codes_round_trip() {
        for lang in [Lang::Sv, Lang::En] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::default(), Lang::Sv);
    }
}

//! Skolhub's user interface: a Leptos client-side app, built to wasm by trunk and shown in the Tauri window.
//!
//! Map: [`app`] holds the root component and the screen state; [`pages`] has one module per screen;
//! [`components`] the shared widgets; [`bridge`] is the only code that talks to the shell; [`i18n`] holds
//! every visible string (through `locales/*.json`); [`boxes`] decides which start-page tiles a child gets.

pub mod app;
pub mod boxes;
pub mod bridge;
pub mod components;
pub mod data;
pub mod encode;
pub mod error_view;
pub mod format;
pub mod i18n;
pub mod order;
pub mod pages;
pub mod prefs;
pub mod summary;
pub mod text;
pub mod theme;

pub use app::App;

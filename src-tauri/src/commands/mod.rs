//! Tauri commands, one module per area. Each is a thin delegation to `AppState` or `hub-client`.

pub(crate) mod auth;
pub(crate) mod boxes;
pub(crate) mod content;
pub(crate) mod files;
pub(crate) mod prefs;
pub(crate) mod records;
pub(crate) mod writes;

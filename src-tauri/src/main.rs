//! Skolhub's desktop entry point; everything lives in `skolhub_lib::run`.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    skolhub_lib::run()
}

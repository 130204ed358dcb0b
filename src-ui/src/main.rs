//! Entry point of the wasm bundle: install the panic hook (panics go to the browser console), load the
//! texts of the language the user chose earlier (English is a module of its own in the shipped build, so
//! an English user never sees a Swedish first frame) and mount the app on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        if let Some(lang) = skolhub_ui::i18n::saved() {
            skolhub_ui::i18n::prepare(lang).await;
        }
        leptos::mount::mount_to_body(skolhub_ui::App);
    });
}

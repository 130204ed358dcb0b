//! Entry point of the wasm bundle: install the panic hook (panics go to the browser console) and mount
//! the app on `<body>`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(skolhub_ui::App);
}

//! The Skolhub shell: owns secrets, sessions and the school connection, and gives the UI typed commands.

mod commands;
mod error;
mod keychain;
mod pairing;
mod state;

use state::AppState;

/// Builds and runs the app. `--demo` (or `SKOLHUB_DEMO=1`) opens straight into the demo school.
pub fn run() {
    init_tracing();
    let demo = std::env::args().any(|a| a == "--demo") || std::env::var("SKOLHUB_DEMO").is_ok_and(|v| v == "1");
    tauri::Builder::default()
        .setup(move |app| {
            use tauri::Manager;
            app.manage(AppState::new(demo)?);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::auth::demo_start,
            commands::auth::login_password,
            commands::auth::account_current,
            commands::auth::session_logout,
            commands::auth::pairing_start,
            commands::auth::pairing_poll,
            commands::auth::pairing_cancel,
            commands::boxes::notifications_list,
            commands::boxes::news_list,
            commands::boxes::documents_list,
            commands::boxes::links_list,
            commands::boxes::calendar_entries,
            commands::boxes::fritids_week,
            commands::boxes::meeting_availabilities,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Skolhub");
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("SKOLHUB_LOG")
        .unwrap_or_else(|_| EnvFilter::new("skolhub_lib=info,hub_client=info,hub_emulator=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

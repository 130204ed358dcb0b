//! The Skolhub shell: owns secrets, sessions and the school connection, and gives the UI typed commands.

mod accounts;
mod cache;
mod commands;
mod error;
mod ics;
mod keychain;
mod notify;
mod pairing;
pub mod queue;
mod state;
mod this_device;
mod watch;

use state::AppState;

/// The keychain and the refresh-token store as the app uses them, for `examples/rotation_crash.rs`.
#[doc(hidden)]
pub mod rotation_trial {
    pub use crate::keychain::{Keychain, Secret, native_store};
    pub use crate::pairing::{keychain_for, token_store};
}

/// Builds and runs the app. `--demo` (or `SKOLHUB_DEMO=1`) opens straight into the demo school.
pub fn run() {
    init_tracing();
    let demo = std::env::args().any(|a| a == "--demo") || std::env::var("SKOLHUB_DEMO").is_ok_and(|v| v == "1");
    tauri::Builder::default()
        // First: a second launch hands over to the running app, which comes to the front.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            use tauri::Manager;
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            use tauri::{Emitter, Manager};
            use tauri_plugin_notification::NotificationExt;
            let (events, toasts, conflicts) = (app.handle().clone(), app.handle().clone(), app.handle().clone());
            let (sent, fresh) = (app.handle().clone(), app.handle().clone());
            let hooks = state::Hooks {
                state: std::sync::Arc::new(move |s| {
                    if let Err(e) = events.emit(hub_model::ipc::SESSION_STATE_EVENT, s) {
                        tracing::warn!(error = %e, "could not send the session state");
                    }
                }),
                toast: std::sync::Arc::new(move |title, body| {
                    if let Err(e) = toasts.notification().builder().title(title).body(body).show() {
                        tracing::warn!(error = %e, "could not show a notification");
                    }
                }),
                conflict: std::sync::Arc::new(move |message| {
                    let payload = hub_model::ipc::WriteConflictEvent {
                        message: message.to_owned(),
                    };
                    if let Err(e) = conflicts.emit(commands::writes::WRITE_CONFLICT_EVENT, payload) {
                        tracing::warn!(error = %e, "could not report a write conflict");
                    }
                }),
                sent: std::sync::Arc::new(move |ids| {
                    let payload = hub_model::ipc::WritesSentEvent { ids: ids.to_vec() };
                    if let Err(e) = sent.emit(hub_model::ipc::WRITES_SENT_EVENT, payload) {
                        tracing::warn!(error = %e, "could not report sent writes");
                    }
                }),
                fresh: std::sync::Arc::new(move |count| {
                    let payload = hub_model::ipc::NotificationsNewEvent { count };
                    if let Err(e) = fresh.emit(hub_model::ipc::NOTIFICATIONS_NEW_EVENT, payload) {
                        tracing::warn!(error = %e, "could not report new notifications");
                    }
                }),
                data_dir: app.path().app_data_dir()?,
            };
            app.manage(AppState::new(demo, hooks)?);
            app.manage(this_device::ThisDevice::default());
            tauri::async_runtime::spawn(state::background(app.handle().clone()));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::auth::demo_start,
            commands::auth::login_password,
            commands::auth::account_current,
            commands::auth::session_logout,
            commands::auth::accounts_list,
            commands::auth::account_switch,
            commands::auth::account_add,
            commands::auth::session_state,
            commands::auth::pairing_start,
            commands::auth::pairing_poll,
            commands::auth::pairing_cancel,
            commands::auth::pairing_this_device_start,
            commands::auth::pairing_this_device_status,
            commands::auth::pairing_this_device_cancel,
            commands::boxes::notifications_list,
            commands::boxes::news_list,
            commands::boxes::documents_list,
            commands::boxes::links_list,
            commands::boxes::calendar_entries,
            commands::boxes::fritids_week,
            commands::boxes::meeting_availabilities,
            commands::writes::fritids_save,
            commands::writes::write_conflicts,
            commands::writes::write_conflict_dismiss,
            commands::writes::writes_pending,
            commands::content::tasks_list,
            commands::content::task_get,
            commands::content::task_message_send,
            commands::content::plans_list,
            commands::content::plan_get,
            commands::content::plan_tasks,
            commands::content::weekly_plan_week,
            commands::content::blog_list,
            commands::content::blog_comments,
            commands::content::blog_comment_add,
            commands::content::blog_image,
            commands::content::class_list,
            commands::content::class_contact,
            commands::content::contact_visibility_get,
            commands::content::contact_visibility_set,
            commands::records::meeting_book,
            commands::records::meeting_rebook,
            commands::records::meeting_cancel,
            commands::records::stepup_start,
            commands::records::stepup_collect,
            commands::records::stepup_cancel,
            commands::records::stepup_qr,
            commands::records::stepup_demo_approve,
            commands::records::assessments_overview,
            commands::records::assessment_grid,
            commands::records::assessment_task,
            commands::records::documentation_tabs,
            commands::records::journal_list,
            commands::records::portfolio_list,
            commands::records::portfolio_item,
            commands::records::portfolio_comment,
            commands::records::iup_versions,
            commands::records::iup_get,
            commands::records::special_plan,
            commands::records::conference_form,
            commands::records::etest_list,
            commands::records::etest_start,
            commands::records::etest_answer,
            commands::records::etest_submit,
            commands::records::etest_result,
            commands::records::timetable_week,
            commands::prefs::prefs_get,
            commands::prefs::prefs_set,
            commands::prefs::open_external,
            commands::files::calendar_export,
            commands::files::calendar_subscription_get,
            commands::files::calendar_subscription_set,
            commands::files::attachment_open,
            commands::files::calendar_attachments,
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

//! Build script: checks the root `tauri.conf.json` and generates the permission set of the app commands.

/// Every command in `generate_handler!`; the tidy test in `xtask` checks the two lists agree.
const COMMANDS: &[&str] = &[
    "demo_start",
    "login_password",
    "account_current",
    "session_logout",
    "session_state",
    "pairing_start",
    "pairing_poll",
    "pairing_cancel",
    "notifications_list",
    "news_list",
    "documents_list",
    "links_list",
    "calendar_entries",
    "fritids_week",
    "meeting_availabilities",
    "fritids_save",
    "write_conflicts",
    "write_conflict_dismiss",
    "tasks_list",
    "task_get",
    "task_message_send",
    "plans_list",
    "plan_get",
    "plan_tasks",
    "weekly_plan_week",
    "blog_list",
    "blog_comments",
    "blog_comment_add",
    "blog_image",
    "class_list",
    "class_contact",
    "contact_visibility_get",
    "contact_visibility_set",
    "prefs_get",
    "prefs_set",
    "open_external",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run the tauri build script (is src-ui/dist built? run `./dev build-ui`)");
}

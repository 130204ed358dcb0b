//! Login, demo and account commands.

use hub_model::{Account, CmdError};
use serde::Deserialize;
use tauri::State;

use crate::state::AppState;

/// Arguments of `login_password`. The password is never logged.
#[derive(Deserialize)]
pub(crate) struct PasswordLogin {
    username: String,
    password: String,
}

impl std::fmt::Debug for PasswordLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordLogin")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// Opens the embedded demo school and returns its guardian account.
#[tauri::command]
pub(crate) async fn demo_start(state: State<'_, AppState>) -> Result<Account, CmdError> {
    state.start_demo().await
}

/// Logs in with a Mentor username and password.
#[tauri::command]
pub(crate) async fn login_password(state: State<'_, AppState>, req: PasswordLogin) -> Result<Account, CmdError> {
    state.login_password(req.username.trim(), &req.password).await
}

/// The logged-in account, if any.
#[tauri::command]
pub(crate) async fn account_current(state: State<'_, AppState>) -> Result<Option<Account>, CmdError> {
    state.current_account().await
}

/// Logs out of the school and forgets the session (the demo school keeps running for a quick return).
#[tauri::command]
pub(crate) async fn session_logout(state: State<'_, AppState>) -> Result<(), CmdError> {
    state.logout().await
}

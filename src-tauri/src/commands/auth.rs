//! Login, demo and account commands.

use hub_model::ipc::{DeviceAccount, PairingCode, PairingStatus, PasswordLogin, SessionState};
use hub_model::{Account, CmdError};
use tauri::State;

use crate::state::AppState;

/// Opens the embedded demo school and returns its guardian account.
#[tauri::command]
pub(crate) async fn demo_start(state: State<'_, AppState>) -> Result<Account, CmdError> {
    state.start_demo().await
}

/// Logs in with a Mentor username and password; `remember` ("Kom ihåg mig") keeps both in the keychain.
#[tauri::command]
pub(crate) async fn login_password(
    state: State<'_, AppState>,
    req: PasswordLogin,
    remember: Option<bool>,
) -> Result<Account, CmdError> {
    state
        .login_password(req.username.trim(), &req.password, remember.unwrap_or(false))
        .await
}

/// The logged-in account, if any.
#[tauri::command]
pub(crate) async fn account_current(state: State<'_, AppState>) -> Result<Option<Account>, CmdError> {
    state.current_account().await
}

/// The accounts added on this device, the active one marked (the demo is never listed).
#[tauri::command]
pub(crate) async fn accounts_list(state: State<'_, AppState>) -> Result<Vec<DeviceAccount>, CmdError> {
    Ok(state.accounts_list().await)
}

/// Makes another account of this device active, restored from its stored login; `None` when it has none
/// (the UI shows the login choices).
#[tauri::command]
pub(crate) async fn account_switch(state: State<'_, AppState>, req: String) -> Result<Option<Account>, CmdError> {
    state.account_switch(&req).await
}

/// "Lägg till konto": the current account stays stored and in use; the next successful login or pairing
/// adds a new account and makes it active.
#[tauri::command]
pub(crate) async fn account_add(state: State<'_, AppState>) -> Result<(), CmdError> {
    state.account_add().await;
    Ok(())
}

/// Logs out of the school and forgets the active account (the demo school keeps running for a quick
/// return); another account of the device becomes active, and `account_current` restores it.
#[tauri::command]
pub(crate) async fn session_logout(state: State<'_, AppState>) -> Result<(), CmdError> {
    state.logout().await
}

/// Where the school connection stands now (`None` before the first call); changes come as the
/// `session-state` event.
#[tauri::command]
pub(crate) async fn session_state(state: State<'_, AppState>) -> Result<Option<SessionState>, CmdError> {
    Ok(state.watch.get())
}

/// "Använd annan enhet": a code and QR to approve on another device.
#[tauri::command]
pub(crate) async fn pairing_start(state: State<'_, AppState>) -> Result<PairingCode, CmdError> {
    state.pairing_start().await
}

/// One poll of the pending pairing; the UI calls it every `interval` seconds.
#[tauri::command]
pub(crate) async fn pairing_poll(state: State<'_, AppState>) -> Result<PairingStatus, CmdError> {
    state.pairing_poll().await
}

/// Abandons the pending pairing ("Avbryt").
#[tauri::command]
pub(crate) async fn pairing_cancel(state: State<'_, AppState>) -> Result<(), CmdError> {
    state.pairing_cancel().await;
    Ok(())
}

/// "Använd denna enhet": opens the school's login window; follow it with `pairing_this_device_status`.
#[tauri::command]
pub(crate) async fn pairing_this_device_start(app: tauri::AppHandle) -> Result<(), CmdError> {
    crate::this_device::start(&app)
}

/// Where the "Använd denna enhet" attempt stands: pending, paired (logged in), expired (cancelled, window
/// closed or timed out) or failed.
#[tauri::command]
pub(crate) async fn pairing_this_device_status(
    flow: State<'_, crate::this_device::ThisDevice>,
) -> Result<PairingStatus, CmdError> {
    Ok(flow.status())
}

/// Ends the "Använd denna enhet" attempt ("Avbryt") and closes its window.
#[tauri::command]
pub(crate) async fn pairing_this_device_cancel(app: tauri::AppHandle) -> Result<(), CmdError> {
    use tauri::Manager;
    app.state::<crate::this_device::ThisDevice>().cancel();
    crate::this_device::close(&app);
    Ok(())
}

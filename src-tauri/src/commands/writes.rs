//! Write commands that go through the write queue: stored before sending, replayed in order when the school
//! is reachable again, refusals reported as conflicts (also as the `write-conflict` event for writes
//! replayed later).

use hub_model::CmdError;
use hub_model::ipc::{FritidsSaveRequest, WriteConflict};
use tauri::State;

use crate::queue::{Outcome, Write};
use crate::state::AppState;

pub(crate) use hub_model::ipc::WRITE_CONFLICT_EVENT;

/// Saves fritids days: `{outcome: "saved"}`, `{outcome: "queued"}` (sent when the school is reachable) or
/// `{outcome: "conflict", message}`.
#[tauri::command]
pub(crate) async fn fritids_save(state: State<'_, AppState>, req: FritidsSaveRequest) -> Result<Outcome, CmdError> {
    if req.days.is_empty() {
        return Err(CmdError::new(
            hub_model::ErrorKind::InvalidInput,
            "Välj minst en dag att spara.",
        ));
    }
    state
        .write(Write::FritidsSave {
            child_id: req.child_id,
            days: req.days,
        })
        .await
}

/// The writes the school refused, oldest first.
#[tauri::command]
pub(crate) async fn write_conflicts(state: State<'_, AppState>) -> Result<Vec<WriteConflict>, CmdError> {
    Ok(state
        .write_conflicts()
        .await?
        .into_iter()
        .map(|(id, message)| WriteConflict { id, message })
        .collect())
}

/// Forgets a refused write the user has seen (`req` is its id).
#[tauri::command]
pub(crate) async fn write_conflict_dismiss(state: State<'_, AppState>, req: i64) -> Result<(), CmdError> {
    state.write_conflict_dismiss(req).await
}

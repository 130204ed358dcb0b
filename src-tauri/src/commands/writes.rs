//! Write commands that go through the write queue: stored before sending, replayed in order when the school
//! is reachable again, refusals reported as conflicts (also as the `write-conflict` event for writes
//! replayed later).

use hub_model::CmdError;
use hub_model::ipc::{FritidsSaveRequest, PendingWrite, WriteAnswer, WriteConflict};
use serde::de::DeserializeOwned;
use tauri::State;

use crate::queue::{Done, Outcome, Write};
use crate::state::AppState;

pub(crate) use hub_model::ipc::WRITE_CONFLICT_EVENT;

/// Saves fritids days: `"saved"`, `"queued"` (sent when the school is reachable) or
/// `{"conflict": {message, code?}}`.
#[tauri::command]
pub(crate) async fn fritids_save(state: State<'_, AppState>, req: FritidsSaveRequest) -> Result<Outcome, CmdError> {
    if req.days.is_empty() {
        return Err(CmdError::new(
            hub_model::ErrorKind::InvalidInput,
            "Välj minst en dag att spara.",
        ));
    }
    let done = state
        .write(Write::FritidsSave {
            child_id: req.child_id,
            days: req.days,
        })
        .await?;
    Ok(done.outcome)
}

/// Sends `write` through the write queue and answers its outcome with what the school stored, typed for the
/// UI (`None` while queued, after a conflict, or when the answer does not have the expected shape).
pub(crate) async fn queued<T: DeserializeOwned>(state: &AppState, write: Write) -> Result<WriteAnswer<T>, CmdError> {
    Ok(answer(state.write(write).await?))
}

fn answer<T: DeserializeOwned>(done: Done) -> WriteAnswer<T> {
    let value = done.value.and_then(|v| match serde_json::from_value(v) {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!(error = %e, "a write's answer did not have the expected shape");
            None
        }
    });
    WriteAnswer {
        outcome: done.outcome,
        value,
    }
}

/// The writes the school refused, oldest first.
#[tauri::command]
pub(crate) async fn write_conflicts(state: State<'_, AppState>) -> Result<Vec<WriteConflict>, CmdError> {
    state.write_conflicts().await
}

/// Forgets a refused write the user has seen (`req` is its id).
#[tauri::command]
pub(crate) async fn write_conflict_dismiss(state: State<'_, AppState>, req: i64) -> Result<(), CmdError> {
    state.write_conflict_dismiss(req).await
}

/// The writes kept on this device and not yet at the school (none in the demo), so a view can show its own
/// as waiting; a replay that delivers some sends the `writes-sent` event.
#[tauri::command]
pub(crate) async fn writes_pending(state: State<'_, AppState>) -> Result<Vec<PendingWrite>, CmdError> {
    state.writes_pending().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_carry_the_stored_object_typed_or_nothing() {
        let done = Done {
            outcome: Outcome::Saved,
            value: Some(serde_json::json!({"id": 3, "role": "guardian", "text": "Hej"})),
        };
        let a: WriteAnswer<hub_model::task::TaskMessage> = answer(done.clone());
        assert_eq!(a.outcome, Outcome::Saved);
        assert_eq!(a.value.map(|m| m.text).as_deref(), Some("Hej"));
        // An answer of another shape is dropped, the outcome stays.
        let a: WriteAnswer<hub_model::meeting::Booking> = answer(done);
        assert_eq!((a.outcome, a.value), (Outcome::Saved, None));
        let queued = Done {
            outcome: Outcome::Queued,
            value: None,
        };
        assert_eq!(answer::<i64>(queued).outcome, Outcome::Queued);
    }
}

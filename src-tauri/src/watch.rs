//! Where the school connection stands (`SessionState`), derived from every call's outcome and sent to the UI
//! as the `session-state` event whenever it changes.
//!
//! The UI shows a banner for everything but `Ok`; a dead session is renewed silently by the client (refresh
//! token or remembered password), so `NeedsLogin` is only reached when renewal failed for good.

use std::sync::{Arc, Mutex};

use hub_model::ipc::SessionState;
use hub_model::{CmdError, ErrorKind};

/// Receives each new state; in the app it emits the Tauri event, in tests it records.
pub(crate) type StateSink = Arc<dyn Fn(SessionState) + Send + Sync>;

/// The current state and where changes go.
pub(crate) struct Watch {
    current: Mutex<Option<SessionState>>,
    sink: StateSink,
}

impl Watch {
    pub fn new(sink: StateSink) -> Self {
        Self {
            current: Mutex::new(None),
            sink,
        }
    }

    /// The last state, `None` before the first call to the school.
    pub fn get(&self) -> Option<SessionState> {
        self.current.lock().ok().and_then(|c| *c)
    }

    /// Records `state` and tells the sink when it differs from the last one.
    pub fn set(&self, state: SessionState) {
        let changed = match self.current.lock() {
            Ok(mut c) => c.replace(state) != Some(state),
            Err(_) => true,
        };
        if changed {
            tracing::info!(?state, "session state");
            (self.sink)(state);
        }
    }

    /// Forgets the state (after "Logga ut"), so the next login reports `Ok` again.
    pub fn reset(&self) {
        if let Ok(mut c) = self.current.lock() {
            *c = None;
        }
    }

    /// Updates the state from a call's outcome and passes the outcome on.
    pub fn track<T>(&self, result: Result<T, CmdError>) -> Result<T, CmdError> {
        match &result {
            Ok(_) => self.set(SessionState::Ok),
            Err(e) => {
                if let Some(state) = state_after(e) {
                    self.set(state);
                }
            }
        }
        result
    }
}

/// The state an error puts the connection in; `None` for errors that say nothing about it (a refused
/// write, a disabled module: the school answered, so the connection is fine).
pub(crate) fn state_after(err: &CmdError) -> Option<SessionState> {
    match err.kind {
        ErrorKind::Offline => Some(SessionState::Offline),
        ErrorKind::SessionExpired | ErrorKind::NeedsPairing => Some(SessionState::NeedsLogin),
        ErrorKind::ModuleDisabled | ErrorKind::Rejected | ErrorKind::RateLimited => Some(SessionState::Ok),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording() -> (Watch, Arc<Mutex<Vec<SessionState>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        (Watch::new(Arc::new(move |st| s.lock().unwrap().push(st))), seen)
    }

    #[test]
    fn only_changes_are_sent_and_errors_map_to_states() {
        let (w, seen) = recording();
        let offline = CmdError::new(ErrorKind::Offline, "x");
        let _ = w.track::<()>(Err(offline.clone()));
        let _ = w.track::<()>(Err(offline));
        let _ = w.track(Ok(1));
        let _ = w.track(Ok(2));
        let _ = w.track::<()>(Err(CmdError::new(ErrorKind::Internal, "x")));
        let _ = w.track::<()>(Err(CmdError::new(ErrorKind::SessionExpired, "x")));
        assert_eq!(
            *seen.lock().unwrap(),
            vec![SessionState::Offline, SessionState::Ok, SessionState::NeedsLogin]
        );
        assert_eq!(w.get(), Some(SessionState::NeedsLogin));
        w.reset();
        let _ = w.track(Ok(()));
        assert_eq!(seen.lock().unwrap().last(), Some(&SessionState::Ok));
    }
}

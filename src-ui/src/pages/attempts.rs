//! What the two pairing screens ("Använd annan enhet", "Använd denna enhet") share: numbered attempts, the
//! controls that start and abandon them, and the timer their polling loops wait on.
//!
//! Every attempt carries a number; starting again, "Avbryt", a finished attempt or leaving the screen moves
//! the number on, so an older loop or a late answer never touches the screen.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::app::{Screen, Session};

/// The number of the newest attempt; cheap to clone into each loop.
#[derive(Clone, Default)]
pub struct Attempts(Arc<AtomicU64>);

impl Attempts {
    /// Starts a new attempt and returns its number; every earlier one is stale from now on.
    pub fn begin(&self) -> u64 {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Whether attempt `me` is still the newest.
    pub fn is_live(&self, me: u64) -> bool {
        self.0.load(Ordering::SeqCst) == me
    }

    /// Makes every attempt stale.
    pub fn end(&self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// "Start" (also "Försök igen") and "Avbryt" of a pairing screen. Start puts `phase` back to `starting` and
/// runs `run(attempts, number)` as a new attempt; Avbryt ends the attempts, tells the shell with `cancel`
/// (best effort: the attempt also runs out by itself on the other side) and goes back to Autentisering.
/// Leaving the screen ends the attempts too.
pub fn attempt_controls<P, Run, Cancel>(
    phase: RwSignal<P>,
    starting: P,
    session: Session,
    run: impl Fn(Attempts, u64) -> Run + Send + Sync + 'static,
    cancel: fn() -> Cancel,
) -> (Callback<()>, Callback<()>)
where
    P: Clone + Send + Sync + 'static,
    Run: Future<Output = ()> + 'static,
    Cancel: Future + 'static,
{
    let attempts = Attempts::default();
    let start = Callback::new({
        let attempts = attempts.clone();
        move |()| {
            let me = attempts.begin();
            phase.set(starting.clone());
            spawn_local(run(attempts.clone(), me));
        }
    });
    let abandon = Callback::new({
        let attempts = attempts.clone();
        move |()| {
            attempts.end();
            spawn_local(async move {
                let _ = cancel().await;
            });
            session.go(Screen::Auth);
        }
    });
    on_cleanup(move || attempts.end());
    (start, abandon)
}

/// Resolves after `delay` (a `setTimeout` promise); never resolves without a window.
pub async fn sleep(delay: Duration) {
    let ms = i32::try_from(delay.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_attempt_or_an_end_makes_the_older_ones_stale() {
        let a = Attempts::default();
        let first = a.begin();
        assert!(a.is_live(first));
        let second = a.begin();
        assert!(!a.is_live(first));
        assert!(a.is_live(second));
        a.end();
        assert!(!a.is_live(second));
    }
}

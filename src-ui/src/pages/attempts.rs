//! What the two pairing screens ("Använd annan enhet", "Använd denna enhet") share: numbered attempts, the
//! controls that start and abandon them, and the timer their polling loops wait on.
//!
//! Every attempt carries a number; starting again, "Avbryt", a finished attempt or leaving the screen moves
//! the number on, so an older loop or a late answer never touches the screen.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hub_model::CmdError;
use hub_model::ipc::PairingStatus;
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

/// How a pairing attempt ended, when it did not pair: the shell's last answer.
pub enum Ended {
    Expired,
    Denied,
    Failed(CmdError),
}

/// Polls `status` every `interval` seconds (kept within 1–`max_interval`; the shell may ask for another
/// interval) while attempt `me` is the newest. Paired: the attempts end and the start page opens, and `None`
/// is returned; any other end is returned for the screen to show. A stale attempt stops without a word
/// (`None`).
pub async fn poll_until_paired<Fut>(
    attempts: &Attempts,
    me: u64,
    mut interval: u64,
    max_interval: u64,
    session: Session,
    status: fn() -> Fut,
) -> Option<Ended>
where
    Fut: Future<Output = Result<PairingStatus, CmdError>>,
{
    loop {
        sleep(poll_delay(interval, max_interval)).await;
        if !attempts.is_live(me) {
            return None;
        }
        let answer = status().await;
        if !attempts.is_live(me) {
            return None;
        }
        match answer {
            Ok(PairingStatus::Pending { interval: next }) => interval = next,
            Ok(PairingStatus::Paired { account }) => {
                attempts.end();
                session.go(Screen::Home(account));
                return None;
            }
            Ok(PairingStatus::Expired) => return Some(Ended::Expired),
            Ok(PairingStatus::Denied) => return Some(Ended::Denied),
            Ok(PairingStatus::Failed { error }) | Err(error) => return Some(Ended::Failed(error)),
        }
    }
}

/// The wait before the next poll: the shell's interval, kept within 1–`max` seconds so a zero or a huge value
/// neither hammers the shell nor stalls the page.
pub fn poll_delay(interval: u64, max: u64) -> Duration {
    Duration::from_secs(interval.clamp(1, max))
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
    fn polling_follows_the_shell_within_bounds() {
        assert_eq!(poll_delay(5, 60), Duration::from_secs(5));
        assert_eq!(poll_delay(0, 60), Duration::from_secs(1));
        assert_eq!(poll_delay(3600, 60), Duration::from_secs(60));
        assert_eq!(poll_delay(600, 10), Duration::from_secs(10));
    }

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

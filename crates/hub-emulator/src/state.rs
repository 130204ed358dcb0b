//! Shared emulator state: the SQLite database, the configuration, the public URLs and the emulator clock.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::Connection;

use crate::config::{Config, Urls};
use crate::db;
use crate::faults::FaultInjector;

/// Everything a handler needs; cheap to clone (all fields are shared).
///
/// The database lock is synchronous and must never be held across an `.await`: handlers take it, run a few
/// in-memory statements and drop it.
#[derive(Clone)]
pub struct EmuState {
    db: Arc<Mutex<Connection>>,
    /// The behaviour switches this emulator was started with.
    pub cfg: Arc<Config>,
    /// The base URLs of the emulated hosts.
    pub urls: Arc<Urls>,
    /// The emulator's notion of "now", adjustable through the admin API.
    pub clock: Clock,
    /// The faults the hub host injects, adjustable through the admin API.
    pub faults: FaultInjector,
}

impl EmuState {
    /// A state with a fresh in-memory database seeded with the demo school.
    pub fn new(cfg: Config, urls: Urls) -> anyhow::Result<EmuState> {
        let conn = db::open_seeded()?;
        cfg.faults.validate().map_err(anyhow::Error::msg)?;
        Ok(EmuState {
            faults: FaultInjector::new(cfg.faults.clone()),
            db: Arc::new(Mutex::new(conn)),
            cfg: Arc::new(cfg),
            urls: Arc::new(urls),
            clock: Clock::default(),
        })
    }

    /// Locks the database. A handler that panicked while holding the lock cannot leave a half-applied
    /// transaction behind (rusqlite rolls back on drop), so a poisoned lock is still safe to use.
    pub(crate) fn db(&self) -> MutexGuard<'_, Connection> {
        self.db.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Throws away all state and reseeds the demo school; the clock goes back to real time.
    pub fn reset(&self) -> anyhow::Result<()> {
        let fresh = db::open_seeded()?;
        *self.db() = fresh;
        self.clock.reset();
        Ok(())
    }

    /// The current emulator time in milliseconds since the Unix epoch, the unit stored in the database.
    pub(crate) fn now_ms(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }

    /// The configured access-token lifetime in milliseconds.
    pub(crate) fn access_ttl_ms(&self) -> i64 {
        i64::try_from(self.cfg.access_token_lifetime.as_millis()).unwrap_or(i64::MAX / 2)
    }

    /// The configured session lifetime in milliseconds.
    pub(crate) fn lifetime_ms(&self) -> i64 {
        i64::try_from(self.cfg.session_lifetime.as_millis()).unwrap_or(i64::MAX / 2)
    }
}

/// Real time plus an adjustable offset, so tests can move time forward without sleeping.
#[derive(Clone, Default, Debug)]
pub struct Clock {
    /// Nanoseconds, so a clock set to an instant never reads a hair before it.
    offset_ns: Arc<AtomicI64>,
}

impl Clock {
    /// The emulator's current time.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset()
    }

    /// How far the emulator clock is ahead of (positive) or behind real time.
    pub fn offset(&self) -> TimeDelta {
        TimeDelta::nanoseconds(self.offset_ns.load(Ordering::Relaxed))
    }

    /// Makes the emulator clock read `now` at this instant; it keeps running from there.
    pub fn set(&self, now: DateTime<Utc>) {
        self.set_offset(now - Utc::now());
    }

    /// Sets the offset from real time.
    pub fn set_offset(&self, offset: TimeDelta) {
        self.offset_ns.store(nanos(offset), Ordering::Relaxed);
    }

    /// Moves the emulator clock forward (or back, when negative) by `by`.
    pub fn advance(&self, by: TimeDelta) {
        let _ = self.offset_ns.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |ns| {
            Some(ns.saturating_add(nanos(by)))
        });
    }

    /// Back to real time.
    pub fn reset(&self) {
        self.offset_ns.store(0, Ordering::Relaxed);
    }
}

/// A duration in nanoseconds, saturated at the ±292 years an `i64` holds.
fn nanos(d: TimeDelta) -> i64 {
    d.num_nanoseconds()
        .unwrap_or(if d < TimeDelta::zero() { i64::MIN } else { i64::MAX })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_moves_by_offset() {
        let clock = Clock::default();
        clock.advance(TimeDelta::hours(4));
        let ahead = clock.now() - Utc::now();
        assert!(ahead > TimeDelta::minutes(239) && ahead <= TimeDelta::hours(4));
        let target = DateTime::parse_from_rfc3339("2030-01-01T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        clock.set(target);
        assert!((clock.now() - target).abs() < TimeDelta::seconds(5));
        clock.reset();
        assert_eq!(clock.offset(), TimeDelta::zero());
    }
}

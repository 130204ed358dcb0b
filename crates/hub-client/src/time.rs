//! Turning the hub's zone-less wall-clock times into instants: they are all Europe/Stockholm.

use chrono::{DateTime, LocalResult, TimeDelta, TimeZone};
use chrono_tz::{Europe::Stockholm, Tz};
use hub_model::LocalDateTime;

/// The instant a hub time means, in Europe/Stockholm.
///
/// In the autumn hour that occurs twice the earlier one is taken; a time in the spring gap (which the hub
/// should not produce) is moved forward by the gap, as a wall clock would show it.
pub fn stockholm(t: LocalDateTime) -> DateTime<Tz> {
    match Stockholm.from_local_datetime(&t.0) {
        LocalResult::Single(x) => x,
        LocalResult::Ambiguous(earliest, _) => earliest,
        LocalResult::None => {
            let shifted = t.0 + TimeDelta::hours(1);
            Stockholm
                .from_local_datetime(&shifted)
                .earliest()
                .unwrap_or_else(|| Stockholm.from_utc_datetime(&t.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> String {
        stockholm(LocalDateTime::parse(s).unwrap()).to_rfc3339()
    }

    #[test]
    fn winter_summer_and_the_switches() {
        assert_eq!(at("2025-01-08T08:00:00"), "2025-01-08T08:00:00+01:00");
        assert_eq!(at("2025-06-08T08:00:00"), "2025-06-08T08:00:00+02:00");
        // 2025-10-26 02:30 happens twice; the first is still summer time.
        assert_eq!(at("2025-10-26T02:30:00"), "2025-10-26T02:30:00+02:00");
        // 2025-03-30 02:30 does not exist.
        assert_eq!(at("2025-03-30T02:30:00"), "2025-03-30T03:30:00+02:00");
        assert_eq!(at("2025-01-24T00:00:00.000Z"), "2025-01-24T00:00:00+01:00");
    }
}

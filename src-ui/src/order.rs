//! Sorting lists for display with one sort in the bundle.
//!
//! `sort_by_key` compiles a separate sort for every element type (about 3 KB of wasm each); here every list is
//! sorted by a numeric rank, so the sort itself is one function over `(rank, position)` pairs and only the
//! small reordering is per type.

use chrono::{Datelike as _, NaiveDate, NaiveDateTime};

/// A rank of two numbers, compared in order (like a tuple key).
pub type Rank = (i64, i64);

/// Sorts `items` by `rank`, stably: items of equal rank keep their order.
pub fn by_rank<T>(items: &mut Vec<T>, rank: impl Fn(&T) -> Rank) {
    let order = sorted_positions(items.iter().map(rank).collect());
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The positions of `ranks` in ascending order of rank, equal ranks by position.
#[inline(never)]
fn sorted_positions(ranks: Vec<Rank>) -> Vec<usize> {
    let mut keyed: Vec<(Rank, usize)> = ranks.into_iter().enumerate().map(|(i, r)| (r, i)).collect();
    // Positions make every key distinct, so the unstable sort is stable here.
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// A date as a rank number (days since the common era).
pub fn day(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// A wall-clock time as a rank number (seconds; only the order matters).
pub fn time(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_both_numbers_and_keeps_equal_items_in_order() {
        let mut v = vec![
            ("c", (2, 0)),
            ("a", (1, 5)),
            ("b", (1, 5)),
            ("d", (1, -3)),
            ("e", (0, 9)),
        ];
        by_rank(&mut v, |x| x.1);
        let names: Vec<&str> = v.iter().map(|x| x.0).collect();
        assert_eq!(names, ["e", "d", "a", "b", "c"]);
        let mut empty: Vec<u8> = Vec::new();
        by_rank(&mut empty, |_| (0, 0));
        assert!(empty.is_empty());
    }

    #[test]
    fn dates_and_times_rank_in_calendar_order() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert!(day(d(2026, 12, 31)) < day(d(2027, 1, 1)));
        assert!(day(d(1999, 1, 1)) < day(d(2026, 1, 1)));
        let t = |h| d(2026, 11, 30).and_hms_opt(h, 0, 0).unwrap();
        assert!(time(t(8)) < time(t(9)));
        assert!(time(d(2026, 11, 29).and_hms_opt(23, 59, 0).unwrap()) < time(t(0)));
    }
}

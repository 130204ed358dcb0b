//! Fritidsschema: one week, Monday to Friday, with each day's care times, "Ledig" or "Stängt", locked days
//! and comment markers; previous and next week. Changing times is a later issue: the seam is
//! [`hub_model::timeregistration::Day::write_block`], which already says which days could be changed.

use chrono::{NaiveDate, TimeDelta};
use hub_model::timeregistration::{Day, TimeRegistrationWeek};
use leptos::prelude::*;

use crate::bridge;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::data::{Read, fritids_anchor, use_child_data};
use crate::format::{day_span_now, hm, is_weekend, long_day_cap_now, monday_of, today, week_number};
use crate::i18n::t;

/// What a day says, in the order that matters: closed, leave, times, nothing.
pub fn day_status(day: &Day) -> String {
    if day.is_school_closed {
        let reason = day.school_closed_reason.as_deref().map(str::trim).unwrap_or_default();
        if reason.is_empty() {
            t("fritids.closed").to_owned()
        } else {
            format!("{} – {reason}", t("fritids.closed"))
        }
    } else if day.on_leave {
        t("fritids.leave").to_owned()
    } else if let (Some(start), Some(end)) = (day.start_date_time, day.end_date_time) {
        format!("{}–{}", hm(start.0), hm(end.0))
    } else {
        t("fritids.no_times").to_owned()
    }
}

/// The school days of a week, in date order.
pub fn school_days(week: &TimeRegistrationWeek) -> Vec<Day> {
    let mut days: Vec<Day> = week
        .days
        .iter()
        .filter(|d| !is_weekend(d.date.date()))
        .cloned()
        .collect();
    days.sort_by_key(|d| d.date);
    days
}

#[component]
pub fn FritidsView() -> impl IntoView {
    let data = use_child_data();
    let offset = RwSignal::new(0i64);
    let monday = move || monday_of(fritids_anchor()) + TimeDelta::days(7 * offset.get());
    let week = Read::new(
        data.child,
        "timeregistration",
        move || monday().to_string(),
        move |id| {
            let date = monday();
            async move { bridge::fritids_week(&id, date).await }
        },
    );
    let title = move || {
        let m = monday();
        let f = m + TimeDelta::days(4);
        format!("{} {} · {}", t("calendar.week"), week_number(m), day_span_now(m, f))
    };
    view! {
        <div class="week-nav">
            <button
                type="button"
                class="btn btn-secondary icon-button"
                data-testid="week-prev"
                aria-label=move || t("fritids.prev_week")
                on:click=move |_| offset.update(|o| *o -= 1)
            >
                <Icon name="back" size=20 />
            </button>
            <h2 class="week-title" aria-live="polite" data-testid="week-title">{title}</h2>
            <button
                type="button"
                class="btn btn-secondary icon-button"
                data-testid="week-next"
                aria-label=move || t("fritids.next_week")
                on:click=move |_| offset.update(|o| *o += 1)
            >
                <span class="flip"><Icon name="back" size=20 /></span>
            </button>
        </div>
        {loaded(week, 5, |week| {
            let days = school_days(&week);
            if days.is_empty() {
                return view! { <EmptyState text="fritids.empty" /> }.into_any();
            }
            view! {
                <ul class="list" role="list">
                    {days.into_iter().map(|day| view! { <FritidsDay day /> }).collect_view()}
                </ul>
            }
            .into_any()
        })}
        <p class="hint">{move || t("fritids.edit_later")}</p>
    }
}

#[component]
fn FritidsDay(day: Day) -> impl IntoView {
    let date: NaiveDate = day.date.date();
    let is_today = date == today();
    let state = if day.is_school_closed {
        "closed"
    } else if day.on_leave {
        "leave"
    } else if day.start_date_time.is_some() {
        "times"
    } else {
        "none"
    };
    let status_day = day.clone();
    view! {
        <li
            class="card item fritids-day"
            class:today=is_today
            data-testid="fritids-day"
            data-date=date.to_string()
            data-state=state
            aria-current=is_today.then_some("date")
        >
            <div class="row-text">
                <h3 class="item-title">
                    <span>{move || long_day_cap_now(date)}</span>
                    {is_today.then(|| view! { <span class="tag tag-today">{move || t("fritids.today")}</span> })}
                </h3>
                <p class="fritids-status" data-testid="fritids-status">{move || day_status(&status_day)}</p>
            </div>
            <div class="markers">
                {day
                    .is_locked
                    .then(|| {
                        view! {
                            <span class="marker" data-testid="fritids-locked" title=move || t("fritids.locked_hint")>
                                <Icon name="lock" size=16 />
                                {move || t("fritids.locked")}
                            </span>
                        }
                    })}
                {day
                    .has_comments
                    .then(|| {
                        let unread = day.has_unread_comments;
                        view! {
                            <span class="marker marker-comment" class:unread=unread data-testid="fritids-comment">
                                <Icon name="comment" size=16 />
                                {move || if unread { t("fritids.comment_new") } else { t("fritids.comment") }}
                            </span>
                        }
                    })}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(json: serde_json::Value) -> Day {
        let mut base = serde_json::json!({"timeRegistrationId": 1, "date": "2026-12-08T00:00:00"});
        base.as_object_mut().unwrap().extend(json.as_object().unwrap().clone());
        serde_json::from_value(base).unwrap()
    }

    #[test]
    fn a_day_says_closed_then_leave_then_times() {
        let closed =
            day(serde_json::json!({"isSchoolClosed": true, "schoolClosedReason": "Studiedag", "onLeave": true}));
        assert_eq!(day_status(&closed), "Stängt – Studiedag");
        let closed_no_reason = day(serde_json::json!({"isSchoolClosed": true, "schoolClosedReason": " "}));
        assert_eq!(day_status(&closed_no_reason), "Stängt");
        assert_eq!(day_status(&day(serde_json::json!({"onLeave": true}))), "Ledig");
        let times =
            day(serde_json::json!({"startDateTime": "2026-12-08T07:15:00", "endDateTime": "2026-12-08T16:30:00"}));
        assert_eq!(day_status(&times), "07:15–16:30");
        assert_eq!(day_status(&day(serde_json::json!({}))), "Ingen tid registrerad");
    }

    #[test]
    fn school_days_are_monday_to_friday_in_order() {
        let week: TimeRegistrationWeek = serde_json::from_value(serde_json::json!({"days": [
            {"timeRegistrationId": 2, "date": "2026-12-09T00:00:00"},
            {"timeRegistrationId": 1, "date": "2026-12-07T00:00:00"},
            {"timeRegistrationId": 3, "date": "2026-12-12T00:00:00"}
        ]}))
        .unwrap();
        let ids: Vec<i64> = school_days(&week).iter().map(|d| d.time_registration_id).collect();
        assert_eq!(ids, [1, 2]);
    }
}

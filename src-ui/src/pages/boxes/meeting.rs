//! Utvecklingssamtal: the booked time, prominently, or the free slots with when booking closes.
//!
//! Booking, changing and cancelling are the parts in [`super::booking`], embedded here.

use hub_model::LocalDateTime;
use hub_model::meeting::{Availability, PupilAvailabilities};
use leptos::prelude::*;

use super::booking::{self, BookButton, BookedActions, BookingLayer};
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::data::use_child_data;
use crate::format::{hm, long_day_cap_now, long_day_now};
use crate::i18n::{t, tr};

/// "Torsdag 10 december", from `date` when it parses, else the hub's own `stringDate`.
pub fn slot_day(a: &Availability) -> String {
    a.date
        .as_deref()
        .and_then(|d| LocalDateTime::parse(d).ok())
        .map(|d| long_day_cap_now(d.date()))
        .or_else(|| a.string_date.clone())
        .unwrap_or_default()
}

/// "14:00–14:20".
pub fn slot_time(a: &Availability) -> String {
    a.time_range
        .as_deref()
        .map(|r| r.replace(" - ", "–"))
        .or_else(|| a.time_from.clone())
        .unwrap_or_default()
}

/// "tisdag 8 december kl. 23:59", or the hub's text when it is not a date.
pub fn closes_text(raw: &str) -> String {
    match LocalDateTime::parse(raw) {
        Ok(at) => format!("{} {} {}", long_day_now(at.date()), t("meeting.at"), hm(at.0)),
        Err(_) => raw.to_owned(),
    }
}

/// "tisdag 10 december 14:00–14:20", for the start page.
pub fn booked_summary(a: &Availability) -> String {
    let day = a
        .date
        .as_deref()
        .and_then(|d| LocalDateTime::parse(d).ok())
        .map(|d| long_day_now(d.date()))
        .or_else(|| a.string_date.clone())
        .unwrap_or_default();
    format!("{day} {}", slot_time(a))
}

/// The booked slot, if any.
pub fn booked(av: &PupilAvailabilities) -> Option<&Availability> {
    av.availabilities.iter().find(|a| a.is_booked())
}

/// The slots that can still be booked.
pub fn free(av: &PupilAvailabilities) -> Vec<Availability> {
    av.availabilities.iter().filter(|a| !a.is_booked()).cloned().collect()
}

#[component]
pub fn MeetingView() -> impl IntoView {
    let data = use_child_data();
    booking::provide();
    let body = loaded(data.meeting, 3, |av| {
        if let Some(slot) = booked(&av).cloned() {
            return view! { <Booked avail=slot /> }.into_any();
        }
        let slots = free(&av);
        if slots.is_empty() {
            return view! { <EmptyState text="meeting.empty" /> }.into_any();
        }
        // One deadline for every free slot is said once, above them; otherwise each slot says its own.
        let closes: Vec<&String> = slots.iter().filter_map(|s| s.bookings_close_before.as_ref()).collect();
        let shared_close = closes
            .first()
            .filter(|first| closes.iter().all(|c| c == *first))
            .map(|c| (*c).clone());
        let per_slot = shared_close.is_none();
        view! {
            <div class="notice notice-info">
                <Icon name="info" size=20 />
                <div class="notice-body">
                    <p class="notice-title">{tr("meeting.choose")}</p>
                    {shared_close.map(|raw| view! { <p data-testid="meeting-closes">{move || format!("{} {}", t("meeting.closes"), closes_text(&raw))}</p> })}
                </div>
            </div>
            {by_day(slots)
                .into_iter()
                .map(|group| {
                    let first = group[0].clone();
                    view! {
                        <div class="day-group">
                            <h2 class="day-heading">{move || slot_day(&first)}</h2>
                            <ul class="list" role="list">
                                {group.into_iter().map(|slot| view! { <Slot avail=slot per_slot /> }).collect_view()}
                            </ul>
                        </div>
                    }
                })
                .collect_view()}
        }
        .into_any()
    });
    view! {
        <BookingLayer />
        {body}
    }
}

/// Consecutive slots on the same day, together.
fn by_day(slots: Vec<Availability>) -> Vec<Vec<Availability>> {
    let mut groups: Vec<Vec<Availability>> = Vec::new();
    for slot in slots {
        match groups.last_mut() {
            Some(group) if group[0].date == slot.date && group[0].string_date == slot.string_date => group.push(slot),
            _ => groups.push(vec![slot]),
        }
    }
    groups
}

#[component]
fn Booked(avail: Availability) -> impl IntoView {
    let slot = avail;
    let time = slot_time(&slot);
    let day = {
        let slot = slot.clone();
        move || slot_day(&slot)
    };
    view! {
        <div class="card booked" data-testid="meeting-booked">
            <p class="booked-label">
                <Icon name="check" size=20 />
                {tr("meeting.booked")}
            </p>
            <p class="booked-when">{day}</p>
            <p class="booked-time">{time}</p>
            <SlotDetails avail=slot.clone() />
            <BookedActions avail=slot />
        </div>
    }
}

#[component]
fn Slot(avail: Availability, per_slot: bool) -> impl IntoView {
    let slot = avail;
    let time = slot_time(&slot);
    let closes = slot.bookings_close_before.clone().filter(|_| per_slot);
    let book = slot.clone();
    view! {
        <li class="card item row-item slot" data-testid="meeting-slot">
            <div class="row-text">
                <h3 class="item-title slot-time">{time}</h3>
                <SlotDetails avail=slot />
                {closes.map(|raw| view! { <p class="item-meta">{move || format!("{} {}", t("meeting.closes"), closes_text(&raw))}</p> })}
            </div>
            <BookButton avail=book />
        </li>
    }
}

/// Place (or "Digitalt") and teacher.
#[component]
fn SlotDetails(avail: Availability) -> impl IntoView {
    let slot = avail;
    let digital = slot.meeting_link.as_deref().is_some_and(|l| !l.trim().is_empty());
    let location = slot.location.filter(|l| {
        // The hub may repeat "Digitalt" as the place of a video talk; the tag already says it.
        let l = l.trim();
        !(l.is_empty() || (digital && l.eq_ignore_ascii_case("digitalt")))
    });
    view! {
        <p class="item-meta">
            {digital.then(|| view! { <span class="tag tag-digital">{tr("meeting.digital")}</span> })}
            {location.map(|l| view! { <span>{l}</span> })}
            {slot.registered_by.map(|by| view! { <span>{by}</span> })}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(id: i64, booked: bool) -> Availability {
        serde_json::from_value(serde_json::json!({
            "availabilityId": id, "date": "2026-12-09T00:00:00", "timeFrom": "14:00",
            "timeRange": "14:00 - 14:20", "location": "Klassrum 5A",
            "meetingId": if booked { serde_json::json!(45000) } else { serde_json::Value::Null },
            "bookingsCloseBefore": "2026-12-07T23:59:00"
        }))
        .unwrap()
    }

    #[test]
    fn booked_and_free_slots_are_told_apart() {
        let av: PupilAvailabilities = serde_json::from_value(serde_json::json!({
            "totalCount": 3,
            "availabilities": [slot(1, false), slot(2, true), slot(3, false)]
        }))
        .unwrap();
        assert_eq!(booked(&av).map(|a| a.availability_id.as_str()), Some("2"));
        assert_eq!(free(&av).len(), 2);
        assert_eq!(slot_time(&slot(1, false)), "14:00–14:20");
        assert_eq!(by_day(free(&av)).len(), 1);
    }
}

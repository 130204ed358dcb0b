//! Kalender: the coming eight weeks, grouped by week and day ("tisdag 8 december"), each entry with its
//! time (or "Heldag") and its type.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use hub_model::calendar::CalendarEntry;
use leptos::prelude::*;

use crate::components::attachments::EntryAttachments;
use crate::components::calendar_export::CalendarExport;
use crate::components::loaded::{EmptyState, loaded};
use crate::data::use_child_data;
use crate::format::{day_month_now, long_day_cap_now, now, time_range, today, week_number};
use crate::i18n::{t, tr};
use crate::text::plain;

/// The days of one week, each with its entries.
type Days = Vec<(NaiveDate, Vec<CalendarEntry>)>;

/// The first day of an entry.
pub fn start_day(e: &CalendarEntry) -> Option<NaiveDate> {
    e.start_date.map(|d| d.0).or(e.start_date_full.map(|t| t.date()))
}

fn end_day(e: &CalendarEntry) -> Option<NaiveDate> {
    e.end_date
        .map(|d| d.0)
        .or(e.end_date_full.map(|t| t.date()))
        .or(start_day(e))
}

/// When an entry is over: the end of its last day for all-day entries, else its end time.
fn ends_at(e: &CalendarEntry) -> Option<NaiveDateTime> {
    if e.is_all_day_event {
        end_day(e).map(|d| d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default()))
    } else {
        e.end_date_full.or(e.start_date_full).map(|t| t.0)
    }
}

/// Entries not yet over at `now`, soonest first; assignments mirrored into the calendar are left out.
pub fn upcoming(entries: &[CalendarEntry], now: NaiveDateTime) -> Vec<CalendarEntry> {
    let mut out: Vec<CalendarEntry> = entries
        .iter()
        .filter(|e| !e.is_assignment())
        .filter(|e| ends_at(e).is_none_or(|end| end >= now))
        .cloned()
        .collect();
    // By day (undated first), all-day events before timed ones, then by start.
    crate::order::by_rank(&mut out, |e| {
        let day = start_day(e).map_or(i64::MIN / 4, crate::order::day);
        let start = e.start_date_full.map_or(i64::MIN, |t| crate::order::time(t.0));
        (day * 2 + i64::from(!e.is_all_day_event), start)
    });
    out
}

/// "Idag", "Imorgon" or "8 december": when something is, relative to `today`.
pub fn relative_day(day: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    if day <= today {
        t("fritids.today").to_owned()
    } else if day == today + chrono::TimeDelta::days(1) {
        t("summary.tomorrow").to_owned()
    } else {
        day_month_now(day)
    }
}

/// The translation key of InfoMentor's standard entry types.
fn type_key(id: Option<i64>) -> Option<&'static str> {
    Some(match id? {
        1 => "calendar.type.event",
        2 => "calendar.type.study_day",
        3 => "calendar.type.holiday",
        4 => "calendar.type.test",
        5 => "calendar.type.excursion",
        6 => "calendar.type.meeting",
        _ => return None,
    })
}

/// The title, or the type's name for untitled entries (a lov is sent without one).
pub fn title_of(e: &CalendarEntry) -> String {
    if !e.title.trim().is_empty() {
        e.title.clone()
    } else {
        t(type_key(e.calendar_entry_type_id).unwrap_or("calendar.untitled")).to_owned()
    }
}

/// "08:30–10:30", or "Heldag".
pub fn when_of(e: &CalendarEntry) -> String {
    match (e.is_all_day_event, e.start_time.as_deref()) {
        (false, Some(from)) if !from.trim().is_empty() => time_range(from, e.end_time.as_deref().unwrap_or("")),
        _ => t("calendar.all_day").to_owned(),
    }
}

#[component]
pub fn CalendarView() -> impl IntoView {
    let data = use_child_data();
    view! {
        <p class="view-intro muted">{tr("calendar.intro")}</p>
        <CalendarExport />
        {loaded(data.calendar, 4, |entries| {
            let list = upcoming(&entries, now());
            if list.is_empty() {
                return view! { <EmptyState text="calendar.empty" /> }.into_any();
            }
            // Weeks of days of entries, in order.
            let mut weeks: Vec<(u32, Days)> = Vec::new();
            let today = today();
            for e in list {
                // An entry that began before today (a lov) shows under today, where it still is.
                let Some(day) = start_day(&e).map(|d| d.max(today)) else { continue };
                let week = week_number(day);
                if weeks.last().is_none_or(|(w, _)| *w != week) {
                    weeks.push((week, Vec::new()));
                }
                let days = &mut weeks.last_mut().expect("pushed above").1;
                if days.last().is_none_or(|(d, _)| *d != day) {
                    days.push((day, Vec::new()));
                }
                days.last_mut().expect("pushed above").1.push(e);
            }
            weeks.into_iter().map(|(week, days)| view! { <Week week days /> }).collect_view().into_any()
        })}
    }
}

#[component]
fn Week(week: u32, days: Days) -> impl IntoView {
    view! {
        <section class="week">
            <h2 class="week-heading">{move || format!("{} {week}", t("calendar.week"))}</h2>
            {days
                .into_iter()
                .map(|(day, entries)| {
                    view! {
                        <div class="day-group">
                            <h3 class="day-heading">{move || long_day_cap_now(day)}</h3>
                            <ul class="list" role="list">
                                {entries.into_iter().map(|entry| view! { <Entry entry /> }).collect_view()}
                            </ul>
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn Entry(entry: CalendarEntry) -> impl IntoView {
    let type_id = entry.calendar_entry_type_id;
    let last = end_day(&entry).filter(|d| Some(*d) != start_day(&entry));
    let text = plain(
        entry
            .text
            .as_deref()
            .or(entry.description.as_deref())
            .unwrap_or_default(),
    );
    let subjects = entry
        .subjects
        .iter()
        .map(|s| s.title.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let files = entry.has_attachments.then_some(entry.id);
    let entry_for_title = entry.clone();
    let entry_for_when = entry.clone();
    view! {
        <li class="card item cal-entry" data-testid="calendar-entry" data-type=type_id.unwrap_or_default()>
            <div class="cal-when">{move || when_of(&entry_for_when)}</div>
            <div class="row-text">
                <div class="cal-head">
                    <h4 class="item-title">{move || title_of(&entry_for_title)}</h4>
                    {type_key(type_id).map(|key| view! { <span class="tag type-tag">{tr(key)}</span> })}
                </div>
                {last.map(|d| view! { <p class="item-meta">{move || format!("{} {}", t("calendar.until"), day_month_now(d))}</p> })}
                {(!subjects.is_empty()).then(|| view! { <p class="item-meta">{subjects}</p> })}
                {(!text.is_empty()).then(|| view! { <p class="cal-text">{text}</p> })}
                {files.map(|entry_id| view! { <EntryAttachments entry_id /> })}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(json: serde_json::Value) -> CalendarEntry {
        serde_json::from_value(json).unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        hub_model::LocalDateTime::parse(s).unwrap().0
    }

    #[test]
    fn upcoming_keeps_what_is_not_over_and_drops_assignments() {
        let entries = vec![
            entry(serde_json::json!({"id": 1, "title": "Prov", "isAllDayEvent": false,
                "startDateFull": "2026-12-08T08:30:00", "endDateFull": "2026-12-08T10:30:00",
                "startDate": "2026-12-08", "endDate": "2026-12-08", "startTime": "08:30", "endTime": "10:30",
                "calendarEntryTypeId": 4})),
            entry(serde_json::json!({"id": 2, "title": "", "isAllDayEvent": true,
                "startDate": "2026-12-07", "endDate": "2026-12-11", "calendarEntryTypeId": 3})),
            entry(
                serde_json::json!({"id": 3, "title": "Inlämning", "isAllDayEvent": false,
                "startDateFull": "2026-12-09T16:00:00", "url": "/task/show/4711"}),
            ),
            entry(serde_json::json!({"id": 4, "title": "Över", "isAllDayEvent": false,
                "startDateFull": "2026-12-08T07:00:00", "endDateFull": "2026-12-08T08:00:00",
                "startDate": "2026-12-08"})),
        ];
        let list = upcoming(&entries, at("2026-12-08T09:00:00"));
        assert_eq!(list.iter().map(|e| e.id).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(when_of(&list[0]), "Heldag");
        assert_eq!(title_of(&list[0]), "Lov");
        assert_eq!(when_of(&list[1]), "08:30–10:30");
        assert!(upcoming(&entries, at("2026-12-12T00:00:00")).is_empty());
    }
}

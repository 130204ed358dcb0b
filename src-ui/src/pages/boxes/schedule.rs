//! Schema: the week's lessons day by day (Monday to Friday, and a weekend day only when it has lessons), with
//! time, room and teachers; "Föregående vecka" and "Nästa vecka" page through the weeks (on a weekend it opens
//! on the coming week). Shown when the
//! school has the timetable module on; otherwise the start page hands off to Edlevo.

use chrono::{Datelike, NaiveDate, TimeDelta};
use hub_model::timetable::Lesson;
use leptos::prelude::*;

use crate::bridge;
use crate::components::loaded::loaded;
use crate::data::{Read, use_child_data};
use crate::format::{hm, is_weekend, long_day_cap_now, monday_of, today, week_number};
use crate::i18n::{t, tr};

/// The days to show of the week starting `monday`: Monday to Friday, plus a weekend day with lessons.
pub fn days_of(monday: NaiveDate, lessons: &[Lesson]) -> Vec<(NaiveDate, Vec<Lesson>)> {
    (0..7)
        .map(|i| monday + TimeDelta::days(i))
        .map(|day| {
            let mut list: Vec<Lesson> = lessons.iter().filter(|l| l.start.date() == day).cloned().collect();
            crate::order::by_rank(&mut list, |l| (crate::order::time(l.start.0), 0));
            (day, list)
        })
        .filter(|(day, list)| day.weekday().num_days_from_monday() < 5 || !list.is_empty())
        .collect()
}

#[component]
pub fn ScheduleView() -> impl IntoView {
    let data = use_child_data();
    // On a weekend the coming week is the one that matters.
    let first = monday_of(today()) + TimeDelta::days(if is_weekend(today()) { 7 } else { 0 });
    let monday = RwSignal::new(first);
    let week = Read::new(
        data.child,
        "timetable",
        move || monday.get().to_string(),
        move |id| async move { bridge::timetable_week(&id, monday.get_untracked()).await },
    );
    let step = move |weeks: i64| monday.update(|m| *m += TimeDelta::days(7 * weeks));
    view! {
        <nav class="week-nav" aria-label=tr("schedule.weeks")>
            <button type="button" class="btn btn-secondary" data-testid="schedule-prev" on:click=move |_| step(-1)>
                {tr("schedule.prev")}
            </button>
            <h2 class="week-title" data-testid="schedule-week" aria-live="polite">
                {move || t("schedule.week").replace("{n}", &week_number(monday.get()).to_string())}
            </h2>
            <button type="button" class="btn btn-secondary" data-testid="schedule-next" on:click=move |_| step(1)>
                {tr("schedule.next")}
            </button>
        </nav>
        {loaded(week, 5, move |lessons: Vec<Lesson>| {
            days_of(monday.get_untracked(), &lessons)
                .into_iter()
                .map(|(day, list)| view! { <Day day list /> })
                .collect_view()
        })}
    }
}

#[component]
fn Day(day: NaiveDate, list: Vec<Lesson>) -> impl IntoView {
    let is_today = day == today();
    view! {
        <section class="day-group" data-testid="schedule-day" data-date=day.to_string()>
            <h3 class="day-heading">
                {move || long_day_cap_now(day)}
                {is_today.then(|| view! { " "<span class="tag tag-today">{tr("schedule.today")}</span> })}
            </h3>
            {if list.is_empty() {
                view! { <p class="hint">{tr("schedule.no_lessons")}</p> }.into_any()
            } else {
                view! {
                    <ul class="list" role="list">
                        {list.into_iter().map(|l| view! { <LessonRow l /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

#[component]
fn LessonRow(l: Lesson) -> impl IntoView {
    let time = if l.all_day {
        t("schedule.all_day").to_owned()
    } else {
        format!("{}–{}", hm(l.start.0), hm(l.end.0))
    };
    let notes = l.notes.clone().unwrap_or_default();
    let details = [notes.room_info.clone(), Some(notes.tutor_names().join(", "))]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let class = if l.is_break() {
        "card item lesson lesson-break"
    } else {
        "card item lesson"
    };
    view! {
        <li class=class data-testid="schedule-lesson">
            <span class="lesson-time">{time}</span>
            <div class="row-text">
                <span class="item-title">{l.title.clone()}</span>
                {(!details.is_empty()).then(|| view! { <span class="item-meta">{details}</span> })}
                {notes
                    .timetable_notes
                    .filter(|n| !n.trim().is_empty())
                    .map(|n| view! { <span class="item-meta">{n}</span> })}
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(start: &str, end: &str, title: &str) -> Lesson {
        serde_json::from_value(serde_json::json!({
            "start": start, "end": end, "title": title,
            "notes": {"roomInfo": "Klassrum 5A", "tutors": "Berg, Jonas"}
        }))
        .unwrap()
    }

    #[test]
    fn a_week_has_the_school_days_in_order_and_weekends_only_with_lessons() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let lessons = vec![
            lesson("2026-11-30T10:00:00", "2026-11-30T11:00:00", "Matematik"),
            lesson("2026-11-30T08:10:00", "2026-11-30T09:00:00", "Svenska"),
            lesson("2026-12-05T09:00:00", "2026-12-05T12:00:00", "Lovskola"),
        ];
        let days = days_of(monday, &lessons);
        assert_eq!(days.len(), 6, "five school days and the Saturday with a lesson");
        assert_eq!(days[0].1[0].title, "Svenska");
        assert_eq!(days[0].1[1].title, "Matematik");
        assert!(days[1].1.is_empty());
        assert_eq!(days[5].0, NaiveDate::from_ymd_opt(2026, 12, 5).unwrap());
    }
}

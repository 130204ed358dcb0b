//! The one line under each start-page tile, from data the start page already has: the newest news title,
//! the next calendar entry, the next fritids day, the booked talk or the number of free times, the tasks
//! that are late or due, the ongoing plans, the newest blog post, the tests to do, the class, today's
//! lessons, the portfolio's unread items, this week's number (Veckoplan) and BankID (Bedömningar).
//!
//! `None` means "still loading". A box whose read failed, or that has no cheap summary, shows its
//! description instead, so a tile never shows an error of its own (the box view does that).

use chrono::TimeDelta;
use leptos::prelude::*;

use crate::boxes::Tile;
use crate::data::ChildData;
use crate::format::{capitalized, now, today, week_number, weekday_name};
use crate::i18n::{counted, t, use_lang};
use crate::pages::boxes::{calendar, fritids, meeting};

/// The summary of `tile` (reactive; call inside a closure).
pub fn tile_summary(tile: Tile, data: ChildData) -> Option<String> {
    let desc = || Some(t(tile.desc_key).to_owned());
    if tile.edlevo {
        return desc();
    }
    match tile.app {
        "communication" => match data.news.get()? {
            Ok(items) => Some(
                items
                    .first()
                    .map_or_else(|| t("summary.no_news").to_owned(), |n| n.title.clone()),
            ),
            Err(_) => desc(),
        },
        "calendarv2" => match data.calendar.get()? {
            Ok(entries) => Some(match calendar::upcoming(&entries, now()).first() {
                Some(e) => {
                    let day = calendar::start_day(e)
                        .map(|d| calendar::relative_day(d, today()).to_lowercase())
                        .unwrap_or_default();
                    format!("{} {} · {day}", t("summary.next"), calendar::title_of(e))
                }
                None => t("summary.no_events").to_owned(),
            }),
            Err(_) => desc(),
        },
        "timeregistration" => match data.fritids.get()? {
            Ok(week) => {
                let (today, now) = (today(), now());
                let next = fritids::school_days(&week).into_iter().find(|d| {
                    let date = d.date.date();
                    date > today || (date == today && d.end_date_time.is_none_or(|end| end.0 > now))
                });
                Some(match next {
                    Some(day) => {
                        let date = day.date.date();
                        let label = if date == today {
                            t("fritids.today").to_owned()
                        } else if date == today + TimeDelta::days(1) {
                            t("summary.tomorrow").to_owned()
                        } else {
                            capitalized(weekday_name(use_lang().get(), date))
                        };
                        format!("{label}: {}", fritids::day_status(&day))
                    }
                    None => t("summary.no_fritids").to_owned(),
                })
            }
            Err(_) => desc(),
        },
        "meeting" => match data.meeting.get()? {
            Ok(av) => Some(match meeting::booked(&av) {
                Some(slot) => format!("{} {}", t("summary.booked"), meeting::booked_summary(slot)),
                None => match meeting::free(&av).len() {
                    0 => t("meeting.empty").to_owned(),
                    1 => t("summary.meeting_free_one").to_owned(),
                    n => t("summary.meeting_free_many").replace("{n}", &n.to_string()),
                },
            }),
            Err(_) => desc(),
        },
        "task" => match data.tasks.get()? {
            Ok(list) => {
                let count = |n: i64| usize::try_from(n).unwrap_or(0);
                let (overdue, due) = (count(list.total_overdue), count(list.total_due));
                Some(if overdue > 0 {
                    counted(overdue, "todo.tasks_overdue_one", "todo.tasks_overdue_many")
                } else if due > 0 {
                    counted(due, "todo.tasks_due_one", "todo.tasks_due_many")
                } else {
                    t("summary.no_tasks").to_owned()
                })
            }
            Err(_) => desc(),
        },
        "uolv2" => match data.plans.get()? {
            Ok(list) => Some(match ongoing_plans(&list) {
                0 => t("summary.no_plans").to_owned(),
                n => counted(n, "summary.plans_one", "summary.plans_many"),
            }),
            Err(_) => desc(),
        },
        "grouptimeline" => match data.blog.get()? {
            Ok(page) => Some(
                page.entries
                    .first()
                    .map_or_else(|| t("summary.no_posts").to_owned(), |e| e.title.clone()),
            ),
            Err(_) => desc(),
        },
        "onlinetest" => match data.etests.get()? {
            Ok(tests) => Some(match tests_to_do(&tests, now()) {
                0 => t("summary.no_etests").to_owned(),
                n => counted(n, "summary.etests_one", "summary.etests_many"),
            }),
            Err(_) => desc(),
        },
        "classlist" => match data.classlist.get()? {
            Ok(list) => class_name(&list).or_else(desc),
            Err(_) => desc(),
        },
        "timetable" => match data.timetable.get()? {
            Ok(lessons) => Some(match lessons_on(&lessons, today()) {
                0 => t("summary.no_lessons").to_owned(),
                n => counted(n, "summary.lessons_one", "summary.lessons_many"),
            }),
            Err(_) => desc(),
        },
        "documentation" => match data.portfolio.get()? {
            Ok(portfolio) => Some(match usize::try_from(portfolio.unread_count).unwrap_or(0) {
                0 => t("summary.nothing_new").to_owned(),
                n => counted(n, "summary.portfolio_unread_one", "summary.portfolio_unread_many"),
            }),
            Err(_) => desc(),
        },
        "weeklyplan" => Some(format!("{} {}", t("calendar.week"), week_number(today()))),
        "assessmentsv2" => Some(t("summary.needs_bankid").to_owned()),
        _ => desc(),
    }
}

/// Plans not marked finished.
pub fn ongoing_plans(list: &hub_model::plan::UolList) -> usize {
    list.uols
        .iter()
        .filter(|u| u.state.as_deref() != Some("finished"))
        .count()
}

/// Tests not yet handed in whose window has not closed at `now`.
pub fn tests_to_do(tests: &[hub_model::etest::OnlineTest], now: chrono::NaiveDateTime) -> usize {
    use hub_model::etest::TestStatus;
    tests
        .iter()
        .filter(|t| matches!(t.status, TestStatus::NotStarted | TestStatus::InProgress) && t.closes_at.0 > now)
        .count()
}

/// The first class group's name ("2B"), not the staff's.
pub fn class_name(list: &hub_model::classlist::ClassList) -> Option<String> {
    list.group_config
        .iter()
        .find(|g| !g.is_staff_group && !g.title.trim().is_empty())
        .map(|g| g.title.trim().to_owned())
}

/// Lessons on `day`, breaks (Lunch, Rast) not counted.
pub fn lessons_on(lessons: &[hub_model::timetable::Lesson], day: chrono::NaiveDate) -> usize {
    lessons
        .iter()
        .filter(|l| l.start.0.date() == day && !l.is_break())
        .count()
}

/// The start page's banner for a booked talk, worded like the tile so the two agree.
pub fn banner_text(data: ChildData) -> Option<String> {
    let av = data.meeting.get()?.ok()?;
    let slot = meeting::booked(&av)?;
    Some(format!("{} {}", t("home.booked_banner"), meeting::booked_summary(slot)))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn counts_for_the_new_tiles() {
        let plans: hub_model::plan::UolList = serde_json::from_value(serde_json::json!({"uols": [
            {"id": 1, "title": "Djur i skogen", "state": "active"},
            {"id": 2, "title": "Vikingatiden", "state": "finished"},
            {"id": 3, "title": "Bråk", "state": null}
        ]}))
        .unwrap();
        assert_eq!(ongoing_plans(&plans), 2);
        let lessons: Vec<hub_model::timetable::Lesson> = serde_json::from_value(serde_json::json!([
            {"start": "2026-12-01T08:10:00", "end": "2026-12-01T09:00:00", "title": "Matematik"},
            {"start": "2026-12-01T11:30:00", "end": "2026-12-01T12:00:00", "title": "Lunch"},
            {"start": "2026-12-01T12:10:00", "end": "2026-12-01T13:00:00", "title": "Svenska"},
            {"start": "2026-12-02T08:10:00", "end": "2026-12-02T09:00:00", "title": "Idrott"}
        ]))
        .unwrap();
        assert_eq!(lessons_on(&lessons, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()), 2);
        assert_eq!(lessons_on(&lessons, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()), 0);
        let tests: Vec<hub_model::etest::OnlineTest> = serde_json::from_value(serde_json::json!([
            {"id": 1, "title": "Glosor v.48", "opensAt": "2026-11-30T08:00:00", "closesAt": "2026-12-04T16:00:00", "status": "NotStarted"},
            {"id": 2, "title": "Bråkprov", "opensAt": "2026-11-20T08:00:00", "closesAt": "2026-11-27T16:00:00", "status": "NotStarted"},
            {"id": 3, "title": "Läsförståelse", "opensAt": "2026-11-30T08:00:00", "closesAt": "2026-12-04T16:00:00", "status": "Submitted"}
        ]))
        .unwrap();
        let now = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(tests_to_do(&tests, now), 1);
        let class: hub_model::classlist::ClassList = serde_json::from_value(serde_json::json!({"groupConfig": [
            {"id": 9, "title": "Personal", "isStaffGroup": true, "items": []},
            {"id": 2, "title": " 2B ", "isStaffGroup": false, "items": []}
        ]}))
        .unwrap();
        assert_eq!(class_name(&class).as_deref(), Some("2B"));
    }
}

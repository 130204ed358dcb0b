//! The one line under each start-page tile, from data the start page already has: the newest news title,
//! the next calendar entry, the next fritids day, the booked talk or the number of free times, the tasks
//! that are late or due.
//!
//! `None` means "still loading". A box whose read failed, or that has no cheap summary, shows its
//! description instead, so a tile never shows an error of its own (the box view does that).

use chrono::TimeDelta;
use leptos::prelude::*;

use crate::boxes::Tile;
use crate::data::ChildData;
use crate::format::{capitalized, now, today, weekday_name};
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
        _ => desc(),
    }
}

/// The start page's banner for a booked talk, worded like the tile so the two agree.
pub fn banner_text(data: ChildData) -> Option<String> {
    let av = data.meeting.get()?.ok()?;
    let slot = meeting::booked(&av)?;
    Some(format!("{} {}", t("home.booked_banner"), meeting::booked_summary(slot)))
}

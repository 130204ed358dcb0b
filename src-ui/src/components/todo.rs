//! "Att göra": what the family should do next for the selected child, gathered across boxes from data the
//! start page already has: fritids days still without times, a development talk to book, overdue and coming
//! tasks, unread items.
//! Each line opens the box where it is done.

use chrono::NaiveDate;
use hub_model::timeregistration::Day;
use leptos::prelude::*;

use crate::boxes::{Tile, unread_count};
use crate::components::icon::Icon;
use crate::data::use_child_data;
use crate::i18n::{counted, t, tr};
use crate::pages::boxes::{fritids, meeting};

/// One thing to do, in the box `app`.
#[derive(Debug, Clone, PartialEq)]
pub struct Todo {
    pub app: &'static str,
    pub text: String,
}

/// Fritids days from `today` on that are open, editable, and still have no times (and are not "ledig").
pub fn days_to_fill(days: &[Day], today: NaiveDate) -> usize {
    days.iter()
        .filter(|d| d.date.date() >= today && d.write_block().is_none())
        .filter(|d| !d.on_leave && (d.start_date_time.is_none() || d.end_date_time.is_none()))
        .count()
}

/// The list for the selected child; `tiles` are the boxes on its start page, in order.
#[component]
pub fn TodoList(#[prop(into)] tiles: Signal<Vec<Tile>>, on_open: Callback<Tile>) -> impl IntoView {
    let data = use_child_data();
    let todos = Memo::new(move |_| {
        let tiles = tiles.get();
        let has = |app: &str| tiles.iter().any(|t| t.app == app);
        let mut out = Vec::new();
        if has("timeregistration")
            && let Some(Ok(week)) = data.fritids.get()
        {
            let n = days_to_fill(&fritids::school_days(&week), crate::format::today());
            if n > 0 {
                let text = counted(n, "todo.fritids_one", "todo.fritids_many");
                out.push(Todo {
                    app: "timeregistration",
                    text,
                });
            }
        }
        if has("meeting")
            && let Some(Ok(av)) = data.meeting.get()
            && meeting::booked(&av).is_none()
        {
            let n = meeting::free(&av).len();
            if n > 0 {
                let text = counted(n, "todo.meeting_one", "todo.meeting_many");
                out.push(Todo { app: "meeting", text });
            }
        }
        if has("task")
            && let Some(Ok(list)) = data.tasks.get()
        {
            let count = |n: i64| usize::try_from(n).unwrap_or(0);
            let overdue = count(list.total_overdue);
            if overdue > 0 {
                let text = counted(overdue, "todo.tasks_overdue_one", "todo.tasks_overdue_many");
                out.push(Todo { app: "task", text });
            }
            let due = count(list.total_due);
            if due > 0 {
                let text = counted(due, "todo.tasks_due_one", "todo.tasks_due_many");
                out.push(Todo { app: "task", text });
            }
        }
        let id = data
            .child
            .with(|c| c.as_ref().map(|c| c.id.clone()))
            .unwrap_or_default();
        if let Some(Ok(n)) = data.notifications.get() {
            for tile in tiles.iter().filter(|t| !t.edlevo) {
                let unread = unread_count(&n.notifications, &id, tile.app);
                if unread > 0 {
                    let text =
                        counted(unread, "todo.unread_one", "todo.unread_many").replace("{box}", t(tile.name_key));
                    out.push(Todo { app: tile.app, text });
                }
            }
        }
        out
    });
    let open = move |app: &'static str| {
        if let Some(tile) = tiles.with_untracked(|ts| ts.iter().find(|t| t.app == app).copied()) {
            on_open.run(tile);
        }
    };
    view! {
        <section class="todo card" aria-labelledby="todo-heading" data-testid="todo">
            <h2 id="todo-heading" class="section-title">
                <Icon name="task" size=20 />
                {tr("todo.heading")}
            </h2>
            <Show
                when=move || todos.with(|v| !v.is_empty())
                fallback=|| view! { <p class="muted" data-testid="todo-empty">{tr("todo.empty")}</p> }
            >
                <ul class="todo-list" role="list">
                    <For each=move || todos.get() key=|todo| (todo.app, todo.text.clone()) let:todo>
                        <li>
                            <button
                                type="button"
                                class="todo-item"
                                data-testid="todo-item"
                                data-app=todo.app
                                on:click=move |_| open(todo.app)
                            >
                                <span class="tile-icon" aria-hidden="true" data-app=todo.app>
                                    <Icon name=todo.app size=20 />
                                </span>
                                <span class="todo-text">{todo.text.clone()}</span>
                                <span class="tile-chevron" aria-hidden="true">
                                    <Icon name="back" size=18 />
                                </span>
                            </button>
                        </li>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, extra: serde_json::Value) -> Day {
        let mut base =
            serde_json::json!({"timeRegistrationId": 1, "date": format!("{date}T00:00:00"), "canEdit": true});
        if let (Some(base), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
            base.extend(extra.clone());
        }
        serde_json::from_value(base).unwrap()
    }

    #[test]
    fn only_open_editable_future_days_without_times_are_to_fill() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        let days = [
            day("2026-12-07", serde_json::json!({})),
            day("2026-12-08", serde_json::json!({})),
            day(
                "2026-12-09",
                serde_json::json!({"startDateTime": "2026-12-09T07:30:00", "endDateTime": "2026-12-09T16:00:00"}),
            ),
            day("2026-12-10", serde_json::json!({"onLeave": true})),
            day("2026-12-11", serde_json::json!({"isLocked": true})),
            day("2026-12-12", serde_json::json!({"isSchoolClosed": true})),
            day("2026-12-13", serde_json::json!({"canEdit": false})),
            day("2026-12-14", serde_json::json!({})),
        ];
        // Today and the 14th; not yesterday, a day with times, leave, locked, closed or read-only days.
        assert_eq!(days_to_fill(&days, today), 2);
        assert_eq!(days_to_fill(&[], today), 0);
    }
}

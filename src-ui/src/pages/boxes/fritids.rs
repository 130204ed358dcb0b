//! Fritidsschema: one week, Monday to Friday, with each day's care times, "Ledig" or "Stängt", locked days
//! and comment markers; previous and next week. A guardian changes a day the school left open
//! ([`Day::write_block`] is `None`): new times or "Ledig", saved through the shell's write queue, so a save
//! made offline is kept and sent later; the school's refusal is shown in its own words.

use chrono::{NaiveDate, TimeDelta};
use hub_model::LocalDateTime;
use hub_model::ipc::WriteOutcome;
use hub_model::timeregistration::{Day, SaveDay, TimeRegistrationWeek};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::bridge;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::components::pending::{PendingMark, on_writes_sent, pending_of_child, pending_reloader};
use crate::components::week_nav::WeekNav;
use crate::components::write_conflicts::{on_write_conflict, refusal};
use crate::data::{Read, fritids_anchor, use_child_data};
use crate::error_view::error_text;
use crate::format::{hm, is_weekend, long_day_cap_now, monday_of, today};
use crate::i18n::{t, tr};

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
    crate::order::by_rank(&mut days, |d| (crate::order::time(d.date.0), 0));
    days
}

/// What the day editor asks the shell to save, or the key of the reason it cannot.
pub fn save_for(day: &Day, leave: bool, start: &str, end: &str) -> Result<SaveDay, &'static str> {
    if leave {
        return Ok(SaveDay::leave(day));
    }
    let parse = crate::format::parse_hm;
    let (Some(start), Some(end)) = (parse(start), parse(end)) else {
        return Err("fritids.edit_missing");
    };
    if end <= start {
        return Err("fritids.edit_order");
    }
    let date = day.date.date();
    Ok(SaveDay::times(
        day,
        LocalDateTime(date.and_time(start)),
        LocalDateTime(date.and_time(end)),
    ))
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
    )
    // A day being edited is not reset under the user's hands; a save reads the week again.
    .keep_on_new_items();
    // The outcome of the last save, shown above the week (the day list is read again after a save).
    let notice = RwSignal::new(None::<(bool, String)>);
    let reload_pending = pending_reloader();
    let on_saved = Callback::new(move |(ok, text): (bool, String)| {
        notice.set(Some((ok, text)));
        week.refetch();
        data.fritids.refetch();
        reload_pending();
    });
    // Days with a save waiting on this device (also from an earlier visit or run).
    let waiting = pending_of_child(&[hub_model::ipc::PENDING_FRITIDS_SAVE], move || {
        data.child.get().map(|c| c.id)
    });
    on_writes_sent(move || {
        week.refetch();
        data.fritids.refetch();
    });
    // A queued save the school refused later: show the week as the school has it.
    on_write_conflict(move || {
        week.refetch();
        data.fritids.refetch();
    });
    view! {
        <WeekNav monday=Signal::derive(monday) offset prev_key="fritids.prev_week" next_key="fritids.next_week" />
        <div class="form-message" role="status" aria-live="polite">
            {move || {
                notice
                    .get()
                    .map(|(ok, text)| {
                        view! {
                            <div class=if ok { "notice" } else { "notice notice-error" } data-testid="fritids-notice">
                                <Icon name=if ok { "check" } else { "alert" } size=20 />
                                <p>{text}</p>
                            </div>
                        }
                    })
            }}
        </div>
        {loaded(week, 5, move |week| {
            let days = school_days(&week);
            if days.is_empty() {
                return view! { <EmptyState text="fritids.empty" /> }.into_any();
            }
            let child_id = data.child.get_untracked().map(|c| c.id).unwrap_or_default();
            view! {
                <ul class="list" role="list">
                    {days
                        .into_iter()
                        .map(|day| {
                            let date = day.date.date().to_string();
                            let pending = Signal::derive(move || {
                                waiting.with(|w| w.iter().any(|p| p.target.as_deref() == Some(date.as_str())))
                            });
                            view! { <FritidsDay day child_id=child_id.clone() on_saved pending /> }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any()
        })}
        <p class="hint">{tr("fritids.edit_hint")}</p>
    }
}

#[component]
fn FritidsDay(day: Day, child_id: String, on_saved: Callback<(bool, String)>, pending: Signal<bool>) -> impl IntoView {
    let date: NaiveDate = day.date.date();
    let editable = day.write_block().is_none();
    let editing = RwSignal::new(false);
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
            data-editable=editable.to_string()
            data-pending=move || pending.get().to_string()
            aria-current=is_today.then_some("date")
        >
            <div class="row-text">
                <h3 class="item-title">
                    <span>{move || long_day_cap_now(date)}</span>
                    {is_today.then(|| view! { <span class="tag tag-today">{tr("fritids.today")}</span> })}
                </h3>
                <p class="fritids-status" data-testid="fritids-status">{move || day_status(&status_day)}</p>
            </div>
            <div class="markers">
                <Show when=move || pending.get()>
                    <PendingMark />
                </Show>
                {day
                    .is_locked
                    .then(|| {
                        view! {
                            <span class="marker" data-testid="fritids-locked" title=tr("fritids.locked_hint")>
                                <Icon name="lock" size=16 />
                                {tr("fritids.locked")}
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
                {editable
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="btn btn-secondary"
                                data-testid="fritids-edit"
                                aria-expanded=move || editing.get().to_string()
                                on:click=move |_| editing.update(|e| *e = !*e)
                            >
                                {tr("fritids.edit")}
                            </button>
                        }
                    })}
            </div>
            <Show when=move || editing.get()>
                <DayEditor day=day.clone() child_id=child_id.clone() editing on_saved />
            </Show>
        </li>
    }
}

/// The form that changes one day: from and to, or "Ledig"; "Spara" sends it through the write queue.
#[component]
fn DayEditor(day: Day, child_id: String, editing: RwSignal<bool>, on_saved: Callback<(bool, String)>) -> impl IntoView {
    let date = day.date.date();
    let default = |time: Option<LocalDateTime>, fallback: Option<&String>, other: &str| {
        time.map(|t| hm(t.0))
            .or_else(|| fallback.cloned())
            .unwrap_or_else(|| other.to_owned())
    };
    let start = RwSignal::new(default(day.start_date_time, day.school_opening_time.as_ref(), "07:00"));
    let end = RwSignal::new(default(day.end_date_time, day.school_closing_time.as_ref(), "16:00"));
    let leave = RwSignal::new(day.on_leave);
    let problem = RwSignal::new(None::<String>);
    let id = format!("fritids-{date}");

    let save = Action::new_local(move |save: &SaveDay| {
        let (child_id, save) = (child_id.clone(), save.clone());
        async move { bridge::fritids_save(&child_id, vec![save]).await }
    });
    let pending = save.pending();
    Effect::new(move |_| {
        let Some(result) = save.value().get() else {
            return;
        };
        let day_name = long_day_cap_now(date);
        match result {
            Ok(WriteOutcome::Saved) => {
                editing.set(false);
                on_saved.run((true, format!("{day_name}: {}", t("fritids.saved"))));
            }
            Ok(WriteOutcome::Queued) => {
                editing.set(false);
                on_saved.run((true, format!("{day_name}: {}", t("fritids.queued"))));
            }
            Ok(WriteOutcome::Conflict { message, code }) => problem.set(Some(error_text(&refusal(message, code)))),
            Err(error) => problem.set(Some(error_text(&error))),
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        match save_for(
            &day,
            leave.get_untracked(),
            &start.get_untracked(),
            &end.get_untracked(),
        ) {
            Ok(request) => {
                problem.set(None);
                save.dispatch_local(request);
            }
            Err(key) => problem.set(Some(t(key).to_owned())),
        }
    };
    let (start_id, end_id) = (format!("{id}-start"), format!("{id}-end"));
    view! {
        <form class="form day-editor" novalidate on:submit=on_submit data-testid="fritids-editor">
            <label class="check-row">
                <input
                    type="checkbox"
                    data-testid="fritids-leave"
                    prop:checked=move || leave.get()
                    on:change=move |e| leave.set(event_target_checked(&e))
                />
                <span>{tr("fritids.edit_leave")}</span>
            </label>
            <div class="time-pair" hidden=move || leave.get()>
                <div class="field">
                    <label for=start_id.clone()>{tr("fritids.edit_from")}</label>
                    <input id=start_id type="time" step="300" data-testid="fritids-start" bind:value=start />
                </div>
                <div class="field">
                    <label for=end_id.clone()>{tr("fritids.edit_to")}</label>
                    <input id=end_id type="time" step="300" data-testid="fritids-end" bind:value=end />
                </div>
            </div>
            {move || {
                problem
                    .get()
                    .map(|text| {
                        view! {
                            <div class="notice notice-error" role="alert">
                                <Icon name="alert" size=20 />
                                <p data-testid="fritids-edit-error">{text}</p>
                            </div>
                        }
                    })
            }}
            <div class="confirm-actions">
                <button type="submit" class="btn btn-primary" data-testid="fritids-save" aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { t("fritids.saving") } else { t("fritids.save") }}
                </button>
                <button type="button" class="btn btn-secondary" on:click=move |_| editing.set(false)>
                    {tr("fritids.cancel")}
                </button>
            </div>
        </form>
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
    fn the_editor_saves_times_or_leave_and_refuses_what_the_school_would() {
        let open = day(
            serde_json::json!({"canEdit": true, "startDateTime": "2026-12-08T07:15:00",
            "endDateTime": "2026-12-08T16:30:00"}),
        );
        let save = save_for(&open, false, "07:45", " 15:30").unwrap();
        assert_eq!(save.start_date_time.unwrap().0.to_string(), "2026-12-08 07:45:00");
        assert_eq!(save.end_date_time.unwrap().0.to_string(), "2026-12-08 15:30:00");
        assert!(!save.on_leave && save.has_changed);
        let leave = save_for(&open, true, "", "").unwrap();
        assert!(leave.on_leave && leave.start_date_time.is_none());
        assert_eq!(
            save_for(&open, false, "16:00", "08:00").unwrap_err(),
            "fritids.edit_order"
        );
        assert_eq!(
            save_for(&open, false, "08:00", "08:00").unwrap_err(),
            "fritids.edit_order"
        );
        assert_eq!(save_for(&open, false, "", "16:00").unwrap_err(), "fritids.edit_missing");
        assert_eq!(
            save_for(&open, false, "7 am", "16:00").unwrap_err(),
            "fritids.edit_missing"
        );
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

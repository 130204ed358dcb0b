//! Utvecklingssamtal booking (guardians): book a free time, move the booked one, cancel it, each after a
//! confirmation dialog. The Utvecklingssamtal view embeds these parts; after every change the shared read
//! of the slots is fetched again, so the view, the tile and the start page's banner agree.
//!
//! Every change goes through the shell's write queue. The school's refusals (the time was taken a moment ago,
//! booking has closed) come back as a conflict with a Swedish sentence, shown in a notice above the list; a
//! change made while the school cannot be reached is kept on the device and shown as waiting to be sent.

use hub_model::CmdError;
use hub_model::meeting::Availability;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::bridge;
use crate::components::icon::Icon;
use crate::components::pending::{PendingMark, on_writes_sent, pending_of_child, pending_reloader};
use crate::components::write_conflicts::{on_write_conflict, written};
use crate::data::use_child_data;
use crate::error_view::error_text;
use crate::i18n::{t, tr};
use crate::pages::boxes::meeting::{free, slot_day, slot_time};

/// What the dialog asks the user to confirm.
#[derive(Debug, Clone, PartialEq)]
enum Ask {
    Book(Availability),
    Rebook { meeting_id: i64, to: Availability },
    Cancel { meeting_id: i64, slot: Availability },
}

/// The booking state of the open view, shared by its buttons and its one dialog.
#[derive(Clone, Copy)]
struct Booker {
    ask: RwSignal<Option<Ask>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<CmdError>>,
    /// The translation key of the last change that went through (or was queued).
    done: RwSignal<Option<&'static str>>,
    /// The time of the last change when it waits on this device for the school ("Väntar på att skickas").
    queued: RwSignal<Option<String>>,
    /// The booked talk being moved: the free times then offer "Välj".
    changing: RwSignal<Option<i64>>,
}

/// Puts the booking state in context; the Utvecklingssamtal view calls it once.
pub fn provide() {
    provide_context(Booker {
        ask: RwSignal::new(None),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
        done: RwSignal::new(None),
        queued: RwSignal::new(None),
        changing: RwSignal::new(None),
    });
}

fn booker() -> Booker {
    expect_context::<Booker>()
}

/// "Torsdag 10 december 14:00–14:20".
fn when(slot: &Availability) -> String {
    format!("{} {}", slot_day(slot), slot_time(slot))
}

/// The outcome of the last change and the confirmation dialog, above the view's content.
#[component]
pub fn BookingLayer() -> impl IntoView {
    let b = booker();
    let data = use_child_data();
    let confirm = NodeRef::<html::Button>::new();
    // Focus the safe choice's neighbour: the confirm button, so Enter confirms and Tab reaches "Avbryt".
    Effect::new(move |_| {
        if b.ask.with(Option::is_some)
            && let Some(button) = confirm.get()
        {
            let _ = button.focus();
        }
    });
    let reload_pending = pending_reloader();
    let run = move |_| {
        let Some(ask) = b.ask.get_untracked() else { return };
        let Some(child) = data.child.get_untracked().map(|c| c.id) else {
            return;
        };
        b.busy.set(true);
        spawn_local(async move {
            let (result, key, slot) = match &ask {
                Ask::Book(slot) => (
                    written(bridge::meeting_book(&child, slot.availability_id.as_str()).await).map(|w| w.queued()),
                    "booking.done_book",
                    slot,
                ),
                Ask::Rebook { meeting_id, to } => (
                    written(bridge::meeting_rebook(&child, *meeting_id, to.availability_id.as_str()).await)
                        .map(|w| w.queued()),
                    "booking.done_rebook",
                    to,
                ),
                Ask::Cancel { meeting_id, slot } => (
                    written(bridge::meeting_cancel(&child, *meeting_id).await).map(|w| w.queued()),
                    "booking.done_cancel",
                    slot,
                ),
            };
            b.busy.set(false);
            b.ask.set(None);
            match result {
                Ok(queued) => {
                    b.error.set(None);
                    // Queued: kept on this device until the school can be reached; the time is named.
                    b.queued.set(queued.then(|| when(slot)));
                    b.done.set(Some(key));
                    b.changing.set(None);
                    if queued {
                        reload_pending();
                    }
                }
                Err(e) => {
                    b.done.set(None);
                    b.queued.set(None);
                    b.error.set(Some(e));
                }
            }
            // Either way the slots may have changed (another guardian may have taken the time).
            data.meeting.refetch();
        });
    };
    // A queued change the school refused later: show the slots as the school has them.
    on_write_conflict(move || {
        b.queued.set(None);
        data.meeting.refetch();
    });
    // Changes waiting on this device, also from an earlier visit or run; dropped once the school has them.
    let waiting = pending_of_child(&["meetingBook", "meetingRebook", "meetingCancel"], move || {
        data.child.get().map(|c| c.id)
    });
    on_writes_sent(move || {
        b.queued.set(None);
        data.meeting.refetch();
    });
    let question = move || {
        b.ask.get().map(|ask| match ask {
            Ask::Book(slot) => (t("booking.confirm_book"), when(&slot), t("booking.book_yes")),
            Ask::Rebook { to, .. } => (t("booking.confirm_rebook"), when(&to), t("booking.rebook_yes")),
            Ask::Cancel { slot, .. } => (t("booking.confirm_cancel"), when(&slot), t("booking.cancel_yes")),
        })
    };
    view! {
        {move || {
            b.done
                .get()
                .map(|key| {
                    let queued = b.queued.get();
                    let pending = queued.is_some();
                    view! {
                        <p
                            class="notice notice-info"
                            role="status"
                            data-testid="booking-done"
                            data-queued=pending.to_string()
                        >
                            <Icon name=if pending { "offline" } else { "check" } size=20 />
                            <span>
                                {tr(key)}
                                {queued
                                    .map(|slot| {
                                        view! {
                                            " "
                                            <span class="tag tag-pending" data-testid="write-pending">
                                                {tr("writes.pending")}
                                            </span>
                                            " "
                                            {slot}
                                            " – "
                                            {tr("writes.queued")}
                                        }
                                    })}
                            </span>
                        </p>
                    }
                })
        }}
        <Show when=move || b.queued.with(Option::is_none) && !waiting.with(Vec::is_empty)>
            <p class="notice notice-info" role="status" data-testid="booking-pending">
                <Icon name="offline" size=20 />
                <span>
                    <PendingMark />
                    " "
                    {tr("booking.waiting")}
                </span>
            </p>
        </Show>
        {move || {
            b.error
                .get()
                .map(|e| {
                    view! {
                        <div class="notice notice-error" role="alert" data-testid="booking-error">
                            <Icon name="alert" size=20 />
                            <p class="notice-body">{error_text(&e)}</p>
                        </div>
                    }
                })
        }}
        {move || {
            question()
                .map(|(title, slot, yes)| {
                    view! {
                        <div class="confirm-backdrop">
                            <div
                                class="card confirm-dialog"
                                role="alertdialog"
                                aria-modal="true"
                                aria-labelledby="booking-confirm-title"
                                aria-describedby="booking-confirm-when"
                                data-testid="confirm-dialog"
                            >
                                <h2 id="booking-confirm-title" class="card-title">{title}</h2>
                                <p id="booking-confirm-when" class="confirm-when">{slot}</p>
                                <div class="confirm-actions">
                                    <button
                                        type="button"
                                        class="btn btn-primary"
                                        data-testid="confirm-yes"
                                        node_ref=confirm
                                        aria-busy=move || b.busy.get().to_string()
                                        disabled=move || b.busy.get()
                                        on:click=run
                                    >
                                        {yes}
                                    </button>
                                    <button
                                        type="button"
                                        class="btn btn-secondary"
                                        data-testid="confirm-no"
                                        disabled=move || b.busy.get()
                                        on:click=move |_| b.ask.set(None)
                                    >
                                        {tr("booking.abort")}
                                    </button>
                                </div>
                            </div>
                        </div>
                    }
                })
        }}
    }
}

/// "Boka" on a free time, or "Välj" while a booked talk is being moved.
#[component]
pub fn BookButton(avail: Availability) -> impl IntoView {
    let b = booker();
    let label = {
        let slot = avail.clone();
        move || {
            let key = if b.changing.get().is_some() {
                "booking.choose"
            } else {
                "meeting.book"
            };
            format!("{} {}", t(key), slot_time(&slot))
        }
    };
    let visible = move || {
        if b.changing.get().is_some() {
            t("booking.choose")
        } else {
            t("meeting.book")
        }
    };
    let on_click = move |_| {
        b.done.set(None);
        b.error.set(None);
        let ask = match b.changing.get_untracked() {
            Some(meeting_id) => Ask::Rebook {
                meeting_id,
                to: avail.clone(),
            },
            None => Ask::Book(avail.clone()),
        };
        b.ask.set(Some(ask));
    };
    view! {
        <button type="button" class="btn btn-secondary" data-testid="book" aria-label=label on:click=on_click>
            {visible}
        </button>
    }
}

/// "Ändra tid" and "Avboka" under the booked time; "Ändra tid" lists the free times to move to.
#[component]
pub fn BookedActions(avail: Availability) -> impl IntoView {
    let b = booker();
    let data = use_child_data();
    let meeting_id = avail.meeting_id.unwrap_or_default();
    let cancel = {
        let slot = avail.clone();
        move |_| {
            b.done.set(None);
            b.error.set(None);
            b.ask.set(Some(Ask::Cancel {
                meeting_id,
                slot: slot.clone(),
            }));
        }
    };
    let toggle = move |_| {
        b.done.set(None);
        b.changing
            .update(|c| *c = if c.is_some() { None } else { Some(meeting_id) });
    };
    let others = move || {
        data.meeting
            .get()
            .and_then(Result::ok)
            .map(|av| free(&av))
            .unwrap_or_default()
    };
    view! {
        <div class="confirm-actions">
            <button
                type="button"
                class="btn btn-secondary"
                data-testid="rebook"
                aria-expanded=move || b.changing.get().is_some().to_string()
                on:click=toggle
            >
                {move || if b.changing.get().is_some() { t("booking.keep") } else { t("booking.change") }}
            </button>
            <button type="button" class="btn btn-secondary btn-danger" data-testid="cancel-booking" on:click=cancel>
                {tr("booking.cancel")}
            </button>
        </div>
        <Show when=move || b.changing.get().is_some()>
            {move || {
                let slots = others();
                if slots.is_empty() {
                    return view! { <p class="hint">{tr("booking.no_other")}</p> }.into_any();
                }
                view! {
                    <h3 class="item-title">{tr("booking.pick_new")}</h3>
                    <ul class="list" role="list">
                        {slots
                            .into_iter()
                            .map(|slot| {
                                let text = when(&slot);
                                view! {
                                    <li class="row-item rebook-slot" data-testid="rebook-slot">
                                        <span class="row-text">{text}</span>
                                        <BookButton avail=slot />
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </Show>
    }
}

//! What became of writes: the one place that turns a write's answer into what a page shows, and the
//! app-wide list of queued writes the school refused later.
//!
//! Every write goes through the shell's write queue and answers saved, queued (kept on this device, sent
//! when the school is reachable again) or a conflict (the school's reason). [`written`] folds that into
//! `Result<Written<T>, CmdError>`, so a page handles a conflict like any other refusal and keeps what the
//! user typed.
//!
//! A queued write may be refused minutes later, when the background task replays it. The shell then sends
//! the `write-conflict` event and keeps the refusal until the user dismisses it: [`WriteConflictList`]
//! (mounted once, in the root) lists them with "OK", and [`on_write_conflict`] lets a page re-read what it
//! shows, since the school's state is not what the user asked for.

use hub_model::ipc::{WriteAnswer, WriteConflict, WriteOutcome};
use hub_model::{CmdError, ErrorKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::{Screen, use_session};
use crate::bridge;
use crate::components::icon::Icon;
use crate::error_view::error_text;
use crate::i18n::tr;

/// A write that did not end in a refusal.
#[derive(Debug, Clone, PartialEq)]
pub enum Written<T> {
    /// The school has it; with what the school stored when it answered with it.
    Saved(Option<T>),
    /// Kept on this device; sent when the school can be reached.
    Queued,
}

impl<T> Written<T> {
    /// Whether the write waits on this device.
    pub fn queued(&self) -> bool {
        matches!(self, Written::Queued)
    }
}

/// A write's answer for a page: a conflict becomes a `Rejected` error with the school's reason.
pub fn written<T>(answer: Result<WriteAnswer<T>, CmdError>) -> Result<Written<T>, CmdError> {
    let answer = answer?;
    match answer.outcome {
        WriteOutcome::Saved => Ok(Written::Saved(answer.value)),
        WriteOutcome::Queued => Ok(Written::Queued),
        WriteOutcome::Conflict { message, code } => Err(refusal(message, code)),
    }
}

/// A refusal as an error the views word in the user's language ([`crate::error_view::error_text`]).
pub fn refusal(message: String, code: Option<String>) -> CmdError {
    let error = CmdError::new(ErrorKind::Rejected, message);
    match code {
        Some(code) => error.with_code(&code),
        None => error,
    }
}

/// The refused queued writes and a counter of refusals, in context; taken with [`on_write_conflict`].
#[derive(Clone, Copy)]
pub struct WriteConflicts {
    list: RwSignal<Vec<WriteConflict>>,
    /// Goes up by one with every refusal reported while the app runs.
    refused: RwSignal<u32>,
}

/// Listens for the shell's `write-conflict` events and puts the list in context. Call once, at the root.
pub fn provide_write_conflicts() -> WriteConflicts {
    let conflicts = WriteConflicts {
        list: RwSignal::new(Vec::new()),
        refused: RwSignal::new(0),
    };
    bridge::listen_write_conflicts(move |_| {
        conflicts.refused.update(|n| *n += 1);
        conflicts.reload();
    });
    provide_context(conflicts);
    conflicts
}

impl WriteConflicts {
    /// Asks the shell for the refusals it keeps (also those of an earlier run).
    fn reload(self) {
        spawn_local(async move {
            if let Ok(list) = bridge::write_conflicts().await {
                self.list.set(list);
            }
        });
    }
}

/// Runs `reread` after every refusal of a queued write reported while the calling view lives (not on the
/// first run): what the view shows may be what the user asked for, not what the school has.
pub fn on_write_conflict(reread: impl Fn() + Send + Sync + 'static) {
    let Some(conflicts) = use_context::<WriteConflicts>() else {
        return;
    };
    Effect::watch(move || conflicts.refused.get(), move |_, _, _| reread(), false);
}

/// The refused queued writes, each with the school's reason and "OK"; nothing while there are none.
#[component]
pub fn WriteConflictList() -> impl IntoView {
    let Some(conflicts) = use_context::<WriteConflicts>() else {
        return ().into_any();
    };
    let session = use_session();
    // Refusals kept from an earlier run show once an account is in.
    Effect::new(move |_| {
        if matches!(session.screen.get(), Screen::Home(_)) {
            conflicts.reload();
        }
    });
    let dismiss = move |id: i64| {
        spawn_local(async move {
            if bridge::write_conflict_dismiss(id).await.is_ok() {
                conflicts.list.update(|l| l.retain(|c| c.id != id));
            }
        });
    };
    view! {
        <Show when=move || !conflicts.list.with(Vec::is_empty)>
            <section class="write-conflicts" aria-labelledby="write-conflicts-title" data-testid="write-conflicts">
                <h2 class="write-conflicts-title" id="write-conflicts-title">
                    {tr("writes.conflicts_title")}
                </h2>
                <ul class="list" role="list">
                    <For each=move || conflicts.list.get() key=|c| c.id let(c)>
                        <li class="notice notice-error" role="alert" data-testid="write-conflict">
                            <Icon name="alert" size=20 />
                            <p class="notice-body" data-testid="write-conflict-message">
                                {
                                    let error = refusal(c.message.clone(), c.code.clone());
                                    move || error_text(&error)
                                }
                            </p>
                            <button
                                type="button"
                                class="btn btn-small"
                                data-testid="write-conflict-ok"
                                on:click=move |_| dismiss(c.id)
                            >
                                {tr("writes.ok")}
                            </button>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer<T>(outcome: WriteOutcome, value: Option<T>) -> Result<WriteAnswer<T>, CmdError> {
        Ok(WriteAnswer { outcome, value })
    }

    #[test]
    fn conflicts_become_refusals_in_the_schools_words_and_the_rest_passes() {
        assert_eq!(
            written(answer(WriteOutcome::Saved, Some(3))),
            Ok(Written::Saved(Some(3)))
        );
        assert_eq!(written(answer::<i32>(WriteOutcome::Queued, None)), Ok(Written::Queued));
        let refused = written(answer::<i32>(
            WriteOutcome::Conflict {
                message: "Dagen är låst och kan inte ändras.".into(),
                code: Some(hub_model::codes::DAY_LOCKED.into()),
            },
            None,
        ))
        .unwrap_err();
        assert_eq!(refused.kind, ErrorKind::Rejected);
        assert_eq!(refused.message, "Dagen är låst och kan inte ändras.");
        assert_eq!(refused.code.as_deref(), Some(hub_model::codes::DAY_LOCKED));
        let offline = CmdError::new(ErrorKind::Offline, "x");
        assert_eq!(written::<i32>(Err(offline.clone())), Err(offline));
    }
}

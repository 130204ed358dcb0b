//! Writes kept on this device and not yet at the school, shown in the views they belong to.
//!
//! A view marks its own write "Väntar på att skickas" from the shell's list (`writes_pending`), not from what
//! it remembers, so the mark is still there after leaving and reopening the view or restarting the app.
//! [`provide_pending_writes`] (mounted once, in the root) keeps the list and re-reads it when the shell sends
//! `writes-sent` (a replay delivered queued writes) or `write-conflict`; [`pending_for`] gives a view its
//! own entries and [`on_writes_sent`] lets it re-read what the school now has.

use chrono::{DateTime, Utc};
use hub_model::CmdError;
use hub_model::ipc::{PendingWrite, WriteAnswer};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::bridge;
use crate::components::write_conflicts::{Written, written};
use crate::error_view::error_text;
use crate::format::{hm, long_day_now};
use crate::i18n::{t, tr};

/// The writes waiting on this device and a counter of replays that delivered some, in context.
#[derive(Clone, Copy)]
pub struct PendingWrites {
    list: RwSignal<Vec<PendingWrite>>,
    /// Goes up by one with every `writes-sent` event while the app runs.
    sent: RwSignal<u32>,
}

/// Listens for the shell's `writes-sent` and `write-conflict` events and puts the list in context. Call
/// once, at the root.
pub fn provide_pending_writes() -> PendingWrites {
    let pending = PendingWrites {
        list: RwSignal::new(Vec::new()),
        sent: RwSignal::new(0),
    };
    bridge::listen_writes_sent(move || {
        pending.sent.update(|n| *n += 1);
        pending.reload();
    });
    bridge::listen_write_conflicts(move |_| pending.reload());
    provide_context(pending);
    pending
}

impl PendingWrites {
    /// Asks the shell for the writes it keeps (also those of an earlier run).
    pub fn reload(self) {
        spawn_local(async move {
            // Set only when it changed: every view re-reads on opening, and a list that re-renders for
            // nothing loses what the user is reading or pointing at.
            if let Ok(list) = bridge::writes_pending().await
                && self.list.with_untracked(|l| *l != list)
            {
                self.list.set(list);
            }
        });
    }
}

/// A function that re-reads the waiting writes, e.g. after a view's own write was queued. Take it when the
/// view is built: the context is gone inside the async block that learns the write was queued.
pub fn pending_reloader() -> impl Fn() + Copy + Send + Sync + 'static {
    let pending = use_context::<PendingWrites>();
    move || {
        if let Some(pending) = pending {
            pending.reload();
        }
    }
}

/// The entries of `list` of `kind` for `child` and `target`, oldest first.
pub fn matching(list: &[PendingWrite], kind: &str, child: &str, target: &str) -> Vec<PendingWrite> {
    list.iter()
        .filter(|w| w.kind == kind && w.child_id.as_deref() == Some(child) && w.target.as_deref() == Some(target))
        .cloned()
        .collect()
}

/// The waiting writes of `kind` for the child and target `of` names (`None`: nothing). Re-reads the list
/// when the calling view opens.
pub fn pending_for(
    kind: &'static str,
    of: impl Fn() -> Option<(String, String)> + Send + Sync + 'static,
) -> Signal<Vec<PendingWrite>> {
    pending_where(move |l| match of() {
        Some((child, target)) => matching(l, kind, &child, &target),
        None => Vec::new(),
    })
}

/// The waiting writes of any of `kinds` for the child `of` names, whatever their target (fritids days,
/// bookings). Re-reads the list when the calling view opens.
pub fn pending_of_child(
    kinds: &'static [&'static str],
    of: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Signal<Vec<PendingWrite>> {
    pending_where(move |l| match of() {
        Some(child) => l
            .iter()
            .filter(|w| kinds.contains(&w.kind.as_str()) && w.child_id.as_deref() == Some(child.as_str()))
            .cloned()
            .collect(),
        None => Vec::new(),
    })
}

fn pending_where(
    pick: impl Fn(&[PendingWrite]) -> Vec<PendingWrite> + Send + Sync + 'static,
) -> Signal<Vec<PendingWrite>> {
    let Some(pending) = use_context::<PendingWrites>() else {
        return Signal::derive(Vec::new);
    };
    pending.reload();
    Memo::new(move |_| pending.list.with(|l| pick(l))).into()
}

/// Runs `reread` after every replay that delivered queued writes while the calling view lives (not on the
/// first run): the school now has what was waiting.
pub fn on_writes_sent(reread: impl Fn() + Send + Sync + 'static) {
    let Some(pending) = use_context::<PendingWrites>() else {
        return;
    };
    Effect::watch(move || pending.sent.get(), move |_, _, _| reread(), false);
}

/// When a waiting write was made, as the school's own messages show their time: "måndag 7 december 14:32".
#[component]
pub fn WrittenAt(at: DateTime<Utc>) -> impl IntoView {
    let local = hub_model::time::stockholm_wall_clock(at);
    view! { <span data-testid="write-written">{move || format!("{} {}", long_day_now(local.date()), hm(local))}</span> }
}

/// The "Väntar på att skickas" tag.
#[component]
pub fn PendingMark() -> impl IntoView {
    view! { <span class="tag tag-pending" data-testid="write-pending">{tr("writes.pending")}</span> }
}

/// A message or comment of this user known only by its text, as a list item with `testid`: waiting on this
/// device (marked, with when it was written: `since`), or saved without the school's copy.
#[component]
pub fn OwnText(
    text: String,
    pending: bool,
    testid: &'static str,
    #[prop(default = None)] since: Option<DateTime<Utc>>,
) -> impl IntoView {
    view! {
        <li class="card item" data-testid=testid data-pending=pending.to_string()>
            <p class="item-meta">
                <strong>{tr("writes.you")}</strong>
                {since.map(|at| view! { <WrittenAt at /> })}
                {pending.then(|| view! {
                    <PendingMark />
                    <span>{tr("writes.queued")}</span>
                })}
            </p>
            <div class="item-body">
                {text.lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_owned()}</p> }).collect_view()}
            </div>
        </li>
    }
}

/// The waiting messages or comments in `list`, each as a marked [`OwnText`].
pub fn pending_texts(list: Signal<Vec<PendingWrite>>, testid: &'static str) -> impl IntoView {
    move || {
        list.get()
            .into_iter()
            .map(|w| view! { <OwnText text=w.text.unwrap_or_default() pending=true testid since=w.queued_at /> })
            .collect_view()
    }
}

/// A message or comment form's state: the draft, whether it is on its way, the last refusal, what the school
/// stored (`saved`), and texts saved without the school's copy (`waiting`, shown from the draft).
pub struct Composer<T: Send + Sync + 'static> {
    pub draft: RwSignal<String>,
    pub sending: RwSignal<bool>,
    pub failure: RwSignal<Option<String>>,
    pub saved: RwSignal<Vec<T>>,
    pub waiting: RwSignal<Vec<String>>,
}

impl<T: Send + Sync + 'static> Clone for Composer<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Composer<T> {}

impl<T: Clone + Send + Sync + 'static> Default for Composer<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone + Send + Sync + 'static> Composer<T> {
    pub fn new() -> Self {
        Self {
            draft: RwSignal::new(String::new()),
            sending: RwSignal::new(false),
            failure: RwSignal::new(None),
            saved: RwSignal::new(Vec::new()),
            waiting: RwSignal::new(Vec::new()),
        }
    }

    /// Sends the draft with `send(text)` unless it is empty (then `empty_key`'s text) or already on its way.
    /// Saved: the school's copy joins `saved` (or the draft `waiting`); queued: the shell's list of waiting
    /// writes is read again, which shows it marked; either way the draft empties. Refused: the draft stays, so
    /// nothing the user wrote is lost, and the reason shows.
    pub fn submit<Fut>(self, empty_key: &'static str, send: impl FnOnce(String) -> Fut + 'static)
    where
        Fut: std::future::Future<Output = Result<WriteAnswer<T>, CmdError>> + 'static,
    {
        let text = self.draft.get_untracked();
        if self.sending.get_untracked() {
            return;
        }
        if text.trim().is_empty() {
            self.failure.set(Some(t(empty_key).to_owned()));
            return;
        }
        let reload_pending = pending_reloader();
        self.sending.set(true);
        self.failure.set(None);
        spawn_local(async move {
            match written(send(text.clone()).await) {
                Ok(Written::Saved(Some(copy))) => self.saved.update(|s| s.push(copy)),
                Ok(Written::Saved(None)) => self.waiting.update(|w| w.push(text.trim().to_owned())),
                Ok(Written::Queued) => reload_pending(),
                Err(e) => {
                    self.failure.set(Some(error_text(&e)));
                    self.sending.set(false);
                    return;
                }
            }
            self.draft.set(String::new());
            self.sending.set(false);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(id: i64, kind: &str, child: &str, target: &str) -> PendingWrite {
        PendingWrite {
            id,
            kind: kind.into(),
            child_id: Some(child.into()),
            target: Some(target.into()),
            text: Some(format!("text {id}")),
            queued_at: None,
        }
    }

    #[test]
    fn a_view_gets_only_its_own_kind_child_and_target() {
        let list = vec![
            write(1, "taskMessage", "c1", "6101"),
            write(2, "taskMessage", "c2", "6101"),
            write(3, "blogComment", "c1", "6101"),
            write(4, "taskMessage", "c1", "6102"),
            write(5, "taskMessage", "c1", "6101"),
        ];
        let ids: Vec<i64> = matching(&list, "taskMessage", "c1", "6101")
            .iter()
            .map(|w| w.id)
            .collect();
        assert_eq!(ids, vec![1, 5]);
        assert!(matching(&list, "portfolioComment", "c1", "6101").is_empty());
    }
}

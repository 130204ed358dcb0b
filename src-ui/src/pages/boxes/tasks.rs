//! Uppgifter: the child's tasks (subject, due date, status), a task's description and attachments, and the
//! dialogue with the teacher, where the user can write.
//!
//! A message is sent directly; while it is on its way the button says so, on failure the school's or
//! Skolhub's Swedish text shows and the typed text stays in the box. Attachments are listed by name: the
//! shell has no file-open path yet (the same as Information).

use hub_model::task::{MessageRole, Task, TaskDetail, TaskMessage};
use leptos::prelude::*;

use crate::bridge;
use crate::components::attachments::Attachments;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::components::pending::{Composer, OwnText, on_writes_sent, pending_for, pending_texts};
use crate::data::{Read, use_child_data};
use crate::format::{hm, long_day_now};
use crate::i18n::{t, tr};
use crate::text::paragraphs;

#[component]
pub fn TasksView() -> impl IntoView {
    let data = use_child_data();
    let open = RwSignal::new(None::<i64>);
    let list = Read::new(data.child, "task", String::new, |id| async move {
        bridge::tasks_list(&id).await
    });
    move || match open.get() {
        Some(id) => view! { <TaskView id on_close=move || open.set(None) /> }.into_any(),
        None => loaded(list, 3, move |tasks| {
            if tasks.items.is_empty() {
                return view! { <EmptyState text="tasks.empty" /> }.into_any();
            }
            view! {
                <p class="item-meta" data-testid="task-counts">
                    <span class="tag">{move || format!("{} {}", tasks.total_overdue, t("tasks.overdue"))}</span>
                    <span class="tag">{move || format!("{} {}", tasks.total_due, t("tasks.due"))}</span>
                    <span class="tag">{move || format!("{} {}", tasks.total_done, t("tasks.done"))}</span>
                </p>
                <ul class="list" role="list">
                    {tasks
                        .items
                        .into_iter()
                        .map(|task| view! { <TaskRow task on_open=move |id| open.set(Some(id)) /> })
                        .collect_view()}
                </ul>
            }
            .into_any()
        })
        .into_any(),
    }
}

/// The status in the UI's language for the hub's known keys, else the hub's own text.
fn status(task: &Task) -> String {
    match task.status.as_deref() {
        Some("NotStarted") => t("tasks.status.not_started").to_owned(),
        Some("InProgress") => t("tasks.status.in_progress").to_owned(),
        Some("Done") => t("tasks.status.done").to_owned(),
        _ => task.status_text.clone().unwrap_or_default(),
    }
}

/// "Lämnas in tisdag 8 december", or the hub's own due text.
fn due_text(task: &Task) -> Option<String> {
    match task.due() {
        Some(due) => Some(format!("{} {}", t("tasks.due_on"), long_day_now(due.0.date()))),
        None => task.due_date.clone().map(|d| format!("{} {d}", t("tasks.due_on"))),
    }
}

#[component]
fn TaskRow(task: Task, on_open: impl Fn(i64) + Send + Sync + 'static) -> impl IntoView {
    let id = task.id;
    let overdue = task.is_overdue && !task.is_done();
    let unread = !task.is_read();
    let meta = task.clone();
    view! {
        <li>
            <button
                type="button"
                class="card item row-item choice"
                data-testid="task-item"
                data-id=id.to_string()
                on:click=move |_| on_open(id)
            >
                <Icon name=if task.is_done() { "check" } else { "task" } size=22 />
                <span class="row-text">
                    <span class="item-title" data-testid="task-title">{task.title.clone()}</span>
                    <span class="item-meta">
                        {task.subject.clone().map(|s| view! { <span>{s}</span> })}
                        <span>{move || due_text(&meta).unwrap_or_default()}</span>
                    </span>
                    <span class="item-meta">
                        <span class="tag" data-testid="task-status">{move || status(&task)}</span>
                        {overdue.then(|| view! { <span class="tag" style="background:var(--c-danger-bg);color:var(--c-danger-text)">{tr("tasks.late")}</span> })}
                        {unread.then(|| view! { <span class="tag tag-today">{tr("tasks.new")}</span> })}
                    </span>
                </span>
            </button>
        </li>
    }
}

#[component]
fn TaskView(id: i64, on_close: impl Fn() + Send + Sync + Clone + 'static) -> impl IntoView {
    let data = use_child_data();
    let detail = Read::new(
        data.child,
        "task",
        move || id.to_string(),
        move |child| async move { bridge::task_get(&child, id).await },
    );
    on_writes_sent(move || detail.refetch());
    // The message being written outlives a new answer (a teacher's reply arriving, a queued write sent).
    let draft = RwSignal::new(String::new());
    view! {
        <button type="button" class="link-button" data-testid="task-back" on:click=move |_| on_close()>
            {tr("tasks.all")}
        </button>
        {loaded(detail, 4, move |d| view! { <TaskDetailCard detail=d draft /> })}
    }
}

#[component]
fn TaskDetailCard(detail: TaskDetail, draft: RwSignal<String>) -> impl IntoView {
    let data = use_child_data();
    let task = detail.task.clone();
    // Sent messages as the school stored them (`saved`), or by their text when it sent no copy back; both
    // start empty with each answer, which then holds them.
    let form = Composer::<TaskMessage> {
        draft,
        ..Composer::new()
    };
    let Composer {
        draft,
        sending,
        failure,
        saved: sent,
        waiting,
    } = form;
    let task_id = task.id.to_string();
    let pending = pending_for(hub_model::ipc::PENDING_TASK_MESSAGE, move || {
        data.child.get().map(|c| (c.id, task_id.clone()))
    });
    let messages = detail.messages.clone();
    let send = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(child) = data.child.get_untracked().map(|c| c.id) else {
            return;
        };
        form.submit("tasks.message_empty", move |text| async move {
            bridge::task_message_send(&child, task.id, &text).await
        });
    };
    let meta = detail.task.clone();
    let status_task = detail.task.clone();
    let description = paragraphs(task_description(&detail));
    view! {
        <article class="card item" data-testid="task-detail">
            <h2 class="item-title" data-testid="task-detail-title">{detail.task.title.clone()}</h2>
            <p class="item-meta">
                {detail.task.subject.clone().map(|s| view! { <span>{s}</span> })}
                <span>{move || due_text(&meta).unwrap_or_default()}</span>
                <span class="tag">{move || status(&status_task)}</span>
            </p>
            <div class="item-body" data-testid="task-description">
                {description.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <Attachments
                attachments=detail.attachments.clone()
                title_key="tasks.attachments"
                hint_key="tasks.attachments_hint"
            />
        </article>
        <section class="card item" aria-labelledby="task-dialogue-heading">
            <h2 class="section-title" id="task-dialogue-heading">{tr("tasks.dialogue")}</h2>
            <ul class="list" role="list" data-testid="task-messages">
                {move || {
                    let all: Vec<TaskMessage> = messages.iter().cloned().chain(sent.get()).collect();
                    let local = waiting.get();
                    if all.is_empty() && local.is_empty() && pending.with(Vec::is_empty) {
                        return view! { <li class="muted">{t("tasks.no_messages")}</li> }.into_any();
                    }
                    view! {
                        {all.into_iter().map(|m| view! { <Message m /> }).collect_view()}
                        {local.into_iter().map(|text| view! { <OwnText text pending=false testid="task-message" /> }).collect_view()}
                        {pending_texts(pending, "task-message")}
                    }
                        .into_any()
                }}
            </ul>
            <form class="form" novalidate on:submit=send>
                <div class="field">
                    <label for="task-message">{tr("tasks.write")}</label>
                    <textarea
                        id="task-message"
                        data-testid="task-message-input"
                        rows="3"
                        maxlength="4000"
                        style="min-height:5.5rem;padding:0.6rem 0.8rem;border:1.5px solid var(--c-border);border-radius:10px;background:var(--c-surface);color:inherit;font:inherit"
                        prop:value=move || draft.get()
                        on:input=move |e| draft.set(event_target_value(&e))
                    ></textarea>
                </div>
                <p class="form-message notice-error" role="alert" data-testid="task-message-error">
                    {move || failure.get()}
                </p>
                <button
                    type="submit"
                    class="btn btn-primary"
                    data-testid="task-message-send"
                    disabled=move || sending.get()
                >
                    {move || if sending.get() { t("tasks.sending") } else { t("tasks.send") }}
                </button>
            </form>
        </section>
    }
}

fn task_description(detail: &TaskDetail) -> &str {
    detail.task.description.as_deref().unwrap_or_default()
}

#[component]
fn Message(m: TaskMessage) -> impl IntoView {
    let who = match m.role {
        MessageRole::Teacher => "tasks.role.teacher",
        MessageRole::Pupil => "tasks.role.pupil",
        MessageRole::Guardian => "tasks.role.guardian",
        _ => "tasks.role.other",
    };
    let when = m.sent.map(|s| s.0);
    view! {
        <li class="card item" data-testid="task-message" data-role=format!("{:?}", m.role)>
            <p class="item-meta">
                <strong>{m.author.clone().unwrap_or_else(|| t(who).to_owned())}</strong>
                <span>{tr(who)}</span>
                {when.map(|w| view! { <span>{move || format!("{} {}", long_day_now(w.date()), hm(w))}</span> })}
            </p>
            <div class="item-body">
                {m.text.lines().filter(|l| !l.trim().is_empty()).map(|l| view! { <p>{l.to_owned()}</p> }).collect_view()}
            </div>
        </li>
    }
}

//! Planeringar: the child's plans (active first, with subjects), and a plan's overview (term, dates,
//! teacher, description), its sections (syllabus, goals and criteria) and the tasks linked to it.

use hub_model::plan::{Uol, UolList, UolSummary, UolTask};
use hub_model::time::LocalDateTime;
use leptos::prelude::*;

use crate::bridge;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::data::{Read, use_child_data};
use crate::format::long_day_now;
use crate::i18n::{t, tr};
use crate::text::paragraphs;

#[component]
pub fn PlansView() -> impl IntoView {
    let data = use_child_data();
    let open = RwSignal::new(None::<i64>);
    let list = Read::new(data.child, "uolv2", String::new, |id| async move {
        bridge::plans_list(&id).await
    });
    move || match open.get() {
        Some(id) => view! { <PlanView id on_close=move || open.set(None) /> }.into_any(),
        None => loaded(list, 3, move |plans| plan_list(plans, move |id| open.set(Some(id)))).into_any(),
    }
}

fn state_key(uol: &UolSummary) -> &'static str {
    match uol.state.as_deref() {
        Some("finished") => "plans.finished",
        _ => "plans.active",
    }
}

fn plan_list(plans: UolList, on_open: impl Fn(i64) + Copy + Send + Sync + 'static) -> AnyView {
    if plans.uols.is_empty() {
        return view! { <EmptyState text="plans.empty" /> }.into_any();
    }
    let mut uols = plans.uols.clone();
    // Active plans first; the hub's order within each group.
    crate::order::by_rank(&mut uols, |u| (i64::from(u.state.as_deref() == Some("finished")), 0));
    view! {
        <ul class="list" role="list">
            {uols
                .into_iter()
                .map(|uol| {
                    let subjects = plans.subject_names(&uol).join(", ");
                    let id = uol.id;
                    let state = state_key(&uol);
                    view! {
                        <li>
                            <button
                                type="button"
                                class="card item row-item choice"
                                data-testid="plan-item"
                                data-id=id.to_string()
                                on:click=move |_| on_open(id)
                            >
                                <Icon name="uolv2" size=22 />
                                <span class="row-text">
                                    <span class="item-title" data-testid="plan-title">{uol.title.clone()}</span>
                                    <span class="item-meta">
                                        <span>{subjects}</span>
                                        <span class="tag" data-testid="plan-state">{tr(state)}</span>
                                    </span>
                                </span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn PlanView(id: i64, on_close: impl Fn() + Send + Sync + Clone + 'static) -> impl IntoView {
    let data = use_child_data();
    let plan = Read::new(
        data.child,
        "uolv2",
        move || id.to_string(),
        move |child| async move { bridge::plan_get(&child, id).await },
    );
    let tasks = Read::new(
        data.child,
        "uolv2",
        move || id.to_string(),
        move |child| async move { bridge::plan_tasks(&child, id).await },
    );
    view! {
        <button type="button" class="link-button" data-testid="plan-back" on:click=move |_| on_close()>
            {tr("plans.all")}
        </button>
        {loaded(plan, 5, plan_detail)}
        <section class="card item" aria-labelledby="plan-tasks-heading">
            <h2 class="section-title" id="plan-tasks-heading">{tr("plans.tasks")}</h2>
            {loaded(tasks, 2, task_list)}
        </section>
    }
}

fn plan_detail(uol: Uol) -> AnyView {
    view! {
        <article class="card item" data-testid="plan-detail">
            <h2 class="item-title" data-testid="plan-detail-title">{uol.title.clone()}</h2>
            {uol
                .sections
                .into_iter()
                .enumerate()
                .map(|(i, section)| {
                    view! {
                        <section class="item-body" data-testid="plan-section">
                            {(i > 0).then(|| section.title.clone().map(|t| view! { <h3 class="section-title">{t}</h3> }))}
                            {(!section.overview.is_empty())
                                .then(|| {
                                    view! {
                                        <dl class="item-body">
                                            {section
                                                .overview
                                                .into_iter()
                                                .filter(|f| !f.value.trim().is_empty())
                                                .map(|f| labelled(f.label, &f.value))
                                                .collect_view()}
                                        </dl>
                                    }
                                })}
                            {section
                                .sections
                                .into_iter()
                                .flat_map(|g| g.fields)
                                .filter(|f| !f.value.trim().is_empty())
                                .map(|f| view! { <dl class="item-body">{labelled(f.label, &f.value)}</dl> })
                                .collect_view()}
                        </section>
                    }
                })
                .collect_view()}
        </article>
    }
    .into_any()
}

/// A label and its (HTML) value as paragraphs.
fn labelled(label: String, value: &str) -> impl IntoView + use<> {
    let body = paragraphs(value);
    view! {
        <div data-testid="plan-field">
            <dt><strong>{label}</strong></dt>
            {body.into_iter().map(|p| view! { <dd style="margin:0">{p}</dd> }).collect_view()}
        </div>
    }
}

fn task_list(tasks: Vec<UolTask>) -> AnyView {
    if tasks.is_empty() {
        return view! { <p class="muted" data-testid="plan-no-tasks">{tr("plans.no_tasks")}</p> }.into_any();
    }
    view! {
        <ul class="list" role="list">
            {tasks
                .into_iter()
                .map(|task| {
                    let due = task.due_date.clone().unwrap_or_default();
                    let date = LocalDateTime::parse(&due).ok().map(|d| d.0.date());
                    let status = match task.status.as_deref() {
                        Some("NotStarted") => Some("tasks.status.not_started"),
                        Some("InProgress") => Some("tasks.status.in_progress"),
                        Some("Done") => Some("tasks.status.done"),
                        _ => None,
                    };
                    view! {
                        <li class="row-item" data-testid="plan-task">
                            <Icon name="task" size=20 />
                            <div class="row-text">
                                <span class="item-title">{task.title}</span>
                                <span class="item-meta">
                                    {(!due.is_empty())
                                        .then(|| {
                                            view! {
                                                <span>
                                                    {move || {
                                                        let when = date.map(long_day_now).unwrap_or_else(|| due.clone());
                                                        format!("{} {when}", t("tasks.due_on"))
                                                    }}
                                                </span>
                                            }
                                        })}
                                    {status.map(|k| view! { <span class="tag">{tr(k)}</span> })}
                                </span>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

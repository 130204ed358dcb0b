//! Veckoplan: one school week's veckobrev, information and läxor, the läxor grouped by the weekday they are
//! due, with previous and next week. A week the school published nothing for says so in words.

use chrono::{NaiveDate, TimeDelta};
use hub_model::weeklyplan::{Homework, WeeklyPlan};
use leptos::prelude::*;

use crate::bridge;
use crate::components::attachments::Attachments;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::components::week_nav::WeekNav;
use crate::data::{Read, use_child_data};
use crate::format::{long_day_now, monday_of, today};
use crate::i18n::{t, tr};
use crate::text::{paragraphs, plain};

#[component]
pub fn WeeklyPlanView() -> impl IntoView {
    let data = use_child_data();
    let offset = RwSignal::new(0i64);
    let monday = move || monday_of(today()) + TimeDelta::days(7 * offset.get());
    let week = Read::new(
        data.child,
        "weeklyplan",
        move || monday().to_string(),
        move |id| {
            let date = monday();
            async move { bridge::weekly_plan_week(&id, date).await }
        },
    );
    view! {
        <WeekNav monday=Signal::derive(monday) offset prev_key="weeklyplan.prev_week" next_key="weeklyplan.next_week" />
        {loaded(week, 4, move |plan| week_view(plan, monday()))}
    }
}

fn week_view(plan: WeeklyPlan, monday: NaiveDate) -> AnyView {
    if plan.is_empty() {
        return view! { <EmptyState text="weeklyplan.empty" /> }.into_any();
    }
    let letter = paragraphs(plan.letter.as_deref().unwrap_or_default());
    let published = plan.published_date.map(|d| d.0.date());
    let by = plan.published_by.clone();
    view! {
        {(!letter.is_empty())
            .then(|| {
                view! {
                    <article class="card item" data-testid="weeklyplan-letter">
                        <h2 class="item-title">{tr("weeklyplan.letter")}</h2>
                        <p class="item-meta">
                            {by.map(|b| view! { <span>{b}</span> })}
                            {published.map(|d| view! { <span>{move || long_day_now(d)}</span> })}
                        </p>
                        <div class="item-body">{letter.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}</div>
                    </article>
                }
            })}
        {(!plan.information.is_empty())
            .then(|| {
                view! {
                    <h2 class="section-title">{tr("weeklyplan.information")}</h2>
                    <ul class="list" role="list">
                        {plan
                            .information
                            .into_iter()
                            .map(|info| {
                                let body = paragraphs(&info.text);
                                view! {
                                    <li class="card item" data-testid="weeklyplan-info">
                                        <h3 class="item-title">{info.title}</h3>
                                        <div class="item-body">
                                            {body.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        <h2 class="section-title">{tr("weeklyplan.homework")}</h2>
        {homework_by_day(plan.homework, monday)}
        <Attachments attachments=plan.attachments title_key="weeklyplan.attachments" />
    }
    .into_any()
}

/// Läxor under the weekday they are due (Monday to Friday), then those without a school-day date.
fn homework_by_day(homework: Vec<Homework>, monday: NaiveDate) -> AnyView {
    if homework.is_empty() {
        return view! { <p class="muted" data-testid="weeklyplan-no-homework">{tr("weeklyplan.no_homework")}</p> }
            .into_any();
    }
    let days: Vec<NaiveDate> = (0..5).map(|i| monday + TimeDelta::days(i)).collect();
    let on = |d: NaiveDate| -> Vec<Homework> {
        homework
            .iter()
            .filter(|h| h.due_date.map(|x| x.0.date()) == Some(d))
            .cloned()
            .collect()
    };
    let rest: Vec<Homework> = homework
        .iter()
        .filter(|h| !h.due_date.is_some_and(|x| days.contains(&x.0.date())))
        .cloned()
        .collect();
    let groups: Vec<(Option<NaiveDate>, Vec<Homework>)> = days
        .iter()
        .map(|&d| (Some(d), on(d)))
        .chain(std::iter::once((None, rest)))
        .filter(|(_, h)| !h.is_empty())
        .collect();
    view! {
        <div class="list">
            {groups
                .into_iter()
                .map(|(day, items)| {
                    view! {
                        <section class="day-group" data-testid="weeklyplan-day">
                            <h3 class="day-heading">
                                {move || match day {
                                    Some(d) => format!("{} {}", t("weeklyplan.due"), long_day_now(d)),
                                    None => t("weeklyplan.whole_week").to_owned(),
                                }}
                            </h3>
                            <ul class="list" role="list">
                                {items.into_iter().map(|h| view! { <HomeworkCard h /> }).collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn HomeworkCard(h: Homework) -> impl IntoView {
    view! {
        <li class="card item row-item" data-testid="weeklyplan-homework">
            <Icon name="task" size=22 />
            <div class="row-text">
                <h4 class="item-title">{h.title.clone()}</h4>
                {h.subject.clone().map(|s| view! { <p class="item-meta"><span class="tag">{s}</span></p> })}
                {h.description.as_deref().map(plain).filter(|d| !d.is_empty()).map(|d| view! { <p>{d}</p> })}
            </div>
        </li>
    }
}

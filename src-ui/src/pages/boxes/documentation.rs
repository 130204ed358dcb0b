//! Dokumentation: one tab per part the school shows for the child (Anteckningar, Portfolio with comments,
//! IUP, Åtgärdsprogram, the utvecklingssamtal form). Each tab reads only when it is opened.

use hub_model::documentation::{Conference, IupData, JournalEntry, PortfolioDetail, PortfolioItem};
use hub_model::{CmdError, ErrorKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::bridge;
use crate::components::loaded::{EmptyState, loaded};
use crate::components::pending::{PendingMark, WrittenAt, on_writes_sent, pending_for, pending_reloader};
use crate::components::write_conflicts::{Written, on_write_conflict, written};
use crate::data::{Read, use_child_data};
use crate::error_view::error_text;
use crate::format::long_day_now;
use crate::i18n::{t, tr};
use crate::text::paragraphs;

/// The tabs Skolhub knows, in the hub's order: (tab code, label key).
const TABS: [(&str, &str); 5] = [
    ("journal", "documentation.tab_journal"),
    ("portfolio", "documentation.tab_portfolio"),
    ("iup", "documentation.tab_iup"),
    ("specialPlan", "documentation.tab_special_plan"),
    ("conference", "documentation.tab_conference"),
];

#[component]
pub fn DocumentationView() -> impl IntoView {
    let data = use_child_data();
    let tabs = Read::new(data.child, "documentation", String::new, |id| async move {
        bridge::documentation_tabs(&id).await
    });
    loaded(tabs, 2, move |app| {
        let shown: Vec<(&'static str, &'static str)> = TABS
            .into_iter()
            .filter(|(code, _)| app.tabs.iter().any(|t| t == code))
            .collect();
        if shown.is_empty() {
            return view! { <EmptyState text="documentation.empty" /> }.into_any();
        }
        let tab = RwSignal::new(shown[0].0);
        view! {
            <div class="chips" role="group" aria-label=tr("documentation.parts")>
                {shown.into_iter().map(|(code, key)| view! {
                    <button type="button" class="chip" data-testid="doc-tab" data-tab=code
                        aria-pressed=move || (tab.get() == code).to_string() on:click=move |_| tab.set(code)>
                        {tr(key)}
                    </button>
                }).collect_view()}
            </div>
            {move || match tab.get() {
                "journal" => view! { <Journal /> }.into_any(),
                "portfolio" => view! { <Portfolio /> }.into_any(),
                "iup" => view! { <Iup /> }.into_any(),
                "specialPlan" => view! { <SpecialPlan /> }.into_any(),
                _ => view! { <ConferenceForm /> }.into_any(),
            }}
        }
        .into_any()
    })
}

fn date_text(d: Option<hub_model::LocalDateTime>) -> String {
    d.map(|d| long_day_now(d.date())).unwrap_or_default()
}

#[component]
fn Journal() -> impl IntoView {
    let data = use_child_data();
    let list = Read::new(
        data.child,
        "documentation",
        || "journal".into(),
        |id| async move { bridge::journal_list(&id).await },
    );
    loaded(list, 3, |entries: Vec<JournalEntry>| {
        if entries.is_empty() {
            return view! { <EmptyState text="documentation.journal_empty" /> }.into_any();
        }
        view! {
            <ul class="list" role="list">
                {entries.into_iter().map(|e| view! {
                    <li class="card item" data-testid="journal-entry">
                        <h2 class="item-title">{e.title.unwrap_or_default()}</h2>
                        <p class="item-meta">{date_text(e.date)}{e.author.map(|a| format!(" · {a}"))}</p>
                        {paragraphs(e.text.as_deref().unwrap_or_default()).into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                    </li>
                }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

#[component]
fn Portfolio() -> impl IntoView {
    let data = use_child_data();
    let list = Read::new(
        data.child,
        "documentation",
        || "portfolio".into(),
        |id| async move { bridge::portfolio_list(&id).await },
    );
    loaded(list, 3, |p| {
        let items: Vec<PortfolioItem> = p.paged_list.items;
        if items.is_empty() {
            return view! { <EmptyState text="documentation.portfolio_empty" /> }.into_any();
        }
        view! {
            <ul class="list" role="list">
                {items.into_iter().map(|item| view! { <PortfolioEntry item /> }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

/// A portfolio item; "Visa och kommentera" opens its comments and the comment form.
#[component]
fn PortfolioEntry(item: PortfolioItem) -> impl IntoView {
    let open = RwSignal::new(false);
    let subjects = item
        .course_subject_list
        .iter()
        .filter_map(|s| s.full_name.clone().or_else(|| s.short_name.clone()))
        .collect::<Vec<_>>()
        .join(", ");
    let id = item.id;
    view! {
        <li class="card item" data-testid="portfolio-item">
            <h2 class="item-title">{item.title}</h2>
            <p class="item-meta">
                {subjects}" · "{date_text(item.publish_date)}{item.publisher_name.map(|n| format!(" · {n}"))}
            </p>
            <button type="button" class="btn btn-secondary" data-testid="portfolio-open"
                aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { t("documentation.close") } else { t("documentation.open") }}
            </button>
            <Show when=move || open.get()>
                <PortfolioComments id />
            </Show>
        </li>
    }
}

#[component]
fn PortfolioComments(id: i64) -> impl IntoView {
    let data = use_child_data();
    let version = RwSignal::new(0u32);
    let detail = Read::new(
        data.child,
        "documentation",
        move || format!("portfolio-{id}-{}", version.get()),
        move |child| async move { bridge::portfolio_item(&child, id).await },
    );
    let text = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<CmdError>);
    // Comments kept on this device until the school can be reached (also from an earlier visit or run).
    let waiting = pending_for(hub_model::ipc::PENDING_PORTFOLIO_COMMENT, move || {
        data.child.get().map(|c| (c.id, id.to_string()))
    });
    // A queued comment the school refused or now has: read the item again.
    on_write_conflict(move || version.update(|v| *v += 1));
    on_writes_sent(move || version.update(|v| *v += 1));
    let reload_pending = pending_reloader();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(child) = data.child.get_untracked().map(|c| c.id) else {
            return;
        };
        let body = text.get_untracked();
        if body.trim().is_empty() {
            error.set(Some(CmdError::new(
                ErrorKind::InvalidInput,
                t("documentation.comment_empty"),
            )));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = written(bridge::portfolio_comment(&child, id, &body).await);
            busy.set(false);
            match result {
                // Read again: the list then shows the comment as the school stored it.
                Ok(Written::Saved(_)) => {
                    text.set(String::new());
                    error.set(None);
                    version.update(|v| *v += 1);
                }
                Ok(Written::Queued) => {
                    text.set(String::new());
                    error.set(None);
                    reload_pending();
                }
                // Refused: the text stays in the field.
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let field = format!("portfolio-comment-{id}");
    // Through `loaded`, like every read: cached comments come with "Uppdaterad hh:mm".
    let comments = loaded(detail, 1, comment_list);
    view! {
        <div class="comments">
            {comments}
            <Show when=move || !waiting.with(Vec::is_empty)>
                <ul class="comment-list" role="list">
                    {move || {
                        waiting
                            .get()
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <li data-testid="portfolio-comment" data-pending="true">
                                        <p>{c.text.unwrap_or_default()}</p>
                                        <p class="item-meta">
                                            {c.queued_at.map(|at| view! { <WrittenAt at /> " " })}
                                            <PendingMark />
                                            " "
                                            {tr("writes.queued")}
                                        </p>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
            <form class="comment-form" on:submit=send>
                <label for=field.clone()>{tr("documentation.comment_label")}</label>
                <textarea id=field rows="3" maxlength="4000" data-testid="portfolio-comment-text"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert">{error_text(&e)}</p> })}
                <button type="submit" class="btn btn-primary" data-testid="portfolio-comment-send"
                    disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                    {tr("documentation.comment_send")}
                </button>
            </form>
        </div>
    }
}

fn comment_list(d: PortfolioDetail) -> AnyView {
    let file = d.file_name.clone();
    view! {
        {file.map(|f| view! { <p class="item-meta">{tr("documentation.file")}" "{f}</p> })}
        {if d.comment.is_empty() {
            view! { <p class="hint">{tr("documentation.no_comments")}</p> }.into_any()
        } else {
            view! {
                <ul class="comment-list" role="list">
                    {d.comment.into_iter().map(|c| view! {
                        <li data-testid="portfolio-comment">
                            <p>{c.text}</p>
                            <p class="item-meta">
                                {c.user.and_then(|u| u.display_name).or(c.created_by).unwrap_or_default()}
                                " · "{date_text(c.date_time)}
                            </p>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
    .into_any()
}

#[component]
fn Iup() -> impl IntoView {
    let data = use_child_data();
    let iup = Read::new(
        data.child,
        "documentation",
        || "iup".into(),
        |id| async move {
            let filter = bridge::iup_versions(&id).await?;
            let latest = filter
                .terms
                .iter()
                .rev()
                .find_map(|t| t.versions.last().map(|v| (t.name.clone(), v.id)));
            match latest {
                Some((term, version)) => Ok(Some((term, bridge::iup_get(&id, version).await?))),
                None => Ok(None),
            }
        },
    );
    loaded(iup, 3, |found: Option<(String, IupData)>| match found {
        None => view! { <EmptyState text="documentation.iup_empty" /> }.into_any(),
        Some((term, data)) => view! {
            <section class="card" data-testid="iup">
                <h2 class="card-title">{format!("{} {term}", t("documentation.tab_iup"))}</h2>
                <dl class="qa">
                    {data.questions.into_iter().map(|q| view! {
                        <dt>{q.question}</dt>
                        <dd>{paragraphs(q.answer.as_deref().unwrap_or_default()).join(" ")}</dd>
                    }).collect_view()}
                </dl>
            </section>
        }
        .into_any(),
    })
}

#[component]
fn SpecialPlan() -> impl IntoView {
    let data = use_child_data();
    let plan = Read::new(
        data.child,
        "documentation",
        || "special".into(),
        |id| async move { bridge::special_plan(&id).await },
    );
    loaded(plan, 1, |p| {
        if p.versions.is_empty() {
            view! { <EmptyState text="documentation.special_plan_empty" /> }.into_any()
        } else {
            let n = p.versions.len().to_string();
            view! { <p class="card" data-testid="special-plan">{move || t("documentation.special_plan_some").replace("{n}", &n)}</p> }.into_any()
        }
    })
}

#[component]
fn ConferenceForm() -> impl IntoView {
    let data = use_child_data();
    let form = Read::new(
        data.child,
        "documentation",
        || "conference".into(),
        |id| async move { bridge::conference_form(&id).await },
    );
    loaded(form, 1, |c: Option<Conference>| match c {
        None => view! { <EmptyState text="documentation.conference_empty" /> }.into_any(),
        Some(c) => {
            let key = match c.status.as_str() {
                "HomeReady" => "documentation.conference_home",
                "Completed" => "documentation.conference_done",
                _ => "documentation.conference_new",
            };
            view! {
                <section class="card" data-testid="conference-form">
                    <h2 class="card-title">{tr("documentation.tab_conference")}</h2>
                    <p>{tr(key)}</p>
                    {c.last_changes_info.map(|i| view! { <p class="item-meta">{i}</p> })}
                </section>
            }
            .into_any()
        }
    })
}

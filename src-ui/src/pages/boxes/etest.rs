//! eTest (students): the tests with when they open and close, an attempt (every answer is saved as soon as
//! it changes), the hand-in after a confirmation, and the result once the teacher has released it.

use chrono::NaiveDateTime;
use hub_model::etest::{OnlineTest, Question, QuestionKind, TestAttempt, TestStatus};
use hub_model::{CmdError, LocalDateTime};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::bridge;
use crate::components::loaded::{EmptyState, ErrorState, Skeleton, loaded};
use crate::components::write_conflicts::{Written, written};
use crate::data::{Read, use_child_data};
use crate::error_view::error_text;
use crate::format::{hm, long_day_now, now, number_now};
use crate::i18n::{t, tr};

/// What the view shows.
#[derive(Debug, Clone, PartialEq)]
enum Open {
    List,
    Attempt { test: OnlineTest },
    Result { test: OnlineTest },
}

/// "tisdag 8 december 10:00".
fn at(d: LocalDateTime) -> String {
    format!("{} {}", long_day_now(d.date()), hm(d.0))
}

/// The status text key of a test at local time `now`.
fn status_key(test: &OnlineTest, now: NaiveDateTime) -> &'static str {
    match test.status {
        TestStatus::Graded => "etest.graded",
        TestStatus::Submitted => "etest.submitted",
        TestStatus::InProgress => "etest.in_progress",
        _ if now < test.opens_at.0 => "etest.not_open",
        _ if now > test.closes_at.0 => "etest.closed",
        _ => "etest.open",
    }
}

/// Whether the test can be started or resumed at local time `now`.
fn can_start(test: &OnlineTest, now: NaiveDateTime) -> bool {
    matches!(test.status, TestStatus::NotStarted | TestStatus::InProgress)
        && now >= test.opens_at.0
        && now <= test.closes_at.0
}

#[component]
pub fn EtestView() -> impl IntoView {
    let data = use_child_data();
    let version = RwSignal::new(0u32);
    let open = RwSignal::new(Open::List);
    let list = Read::new(
        data.child,
        "onlinetest",
        move || version.get().to_string(),
        |id| async move { bridge::etest_list(&id).await },
    );
    let back = Callback::new(move |()| {
        open.set(Open::List);
        version.update(|v| *v += 1);
    });
    view! {
        {move || match open.get() {
            Open::List => loaded(list, 3, move |tests: Vec<OnlineTest>| {
                if tests.is_empty() {
                    return view! { <EmptyState text="etest.empty" /> }.into_any();
                }
                view! {
                    <ul class="list" role="list">
                        {tests.into_iter().map(|test| view! { <TestCard test open /> }).collect_view()}
                    </ul>
                }
                .into_any()
            })
            .into_any(),
            Open::Attempt { test } => view! { <Attempt test on_done=back /> }.into_any(),
            Open::Result { test } => view! { <ResultView test on_back=back /> }.into_any(),
        }}
    }
}

#[component]
fn TestCard(test: OnlineTest, open: RwSignal<Open>) -> impl IntoView {
    let status = status_key(&test, now());
    let start = can_start(&test, now());
    let graded = test.status == TestStatus::Graded;
    let resume = test.status == TestStatus::InProgress;
    let when = format!(
        "{} {} · {} {}",
        t("etest.opens"),
        at(test.opens_at),
        t("etest.closes"),
        at(test.closes_at)
    );
    let minutes = test
        .duration_minutes
        .map(|m| t("etest.minutes").replace("{n}", &m.to_string()));
    let (for_start, for_result) = (test.clone(), test.clone());
    view! {
        <li class="card item" data-testid="etest-item" data-test=test.id.to_string()>
            <h2 class="item-title">{test.title.clone()}</h2>
            <p class="item-meta">{test.subject.clone()}{minutes.map(|m| format!(" · {m}"))}</p>
            <p class="item-meta">{when}</p>
            <p><span class="tag" data-testid="etest-status">{tr(status)}</span></p>
            {start.then(|| view! {
                <button type="button" class="btn btn-primary" data-testid="etest-start"
                    on:click=move |_| open.set(Open::Attempt { test: for_start.clone() })>
                    {move || if resume { t("etest.resume") } else { t("etest.start") }}
                </button>
            })}
            {graded.then(|| view! {
                <button type="button" class="btn btn-secondary" data-testid="etest-result"
                    on:click=move |_| open.set(Open::Result { test: for_result.clone() })>
                    {tr("etest.show_result")}
                </button>
            })}
        </li>
    }
}

/// One attempt: the questions, autosaved, and "Lämna in" with a confirmation.
#[component]
fn Attempt(test: OnlineTest, on_done: Callback<()>) -> impl IntoView {
    let data = use_child_data();
    let test_id = test.id;
    let attempt = Read::plain(move || {
        let child = data.child.get_untracked().map(|c| c.id).unwrap_or_default();
        async move { bridge::etest_start(&child, test_id).await }
    });
    let confirm = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<CmdError>);
    let saved = RwSignal::new(false);
    // The translation key of what waits on this device for the school, if anything.
    let queued = RwSignal::new(None::<&'static str>);
    let submit = move |attempt_id: i64| {
        let Some(child) = data.child.get_untracked().map(|c| c.id) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = written(bridge::etest_submit(&child, test_id, attempt_id).await);
            busy.set(false);
            confirm.set(false);
            match result {
                Ok(Written::Saved(_)) => on_done.run(()),
                // Kept on this device with the answers before it; handed in when the school can be reached.
                Ok(Written::Queued) => {
                    error.set(None);
                    queued.set(Some("etest.submit_queued"));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let title = test.title.clone();
    view! {
        <button type="button" class="btn btn-quiet etest-back" data-testid="etest-back" on:click=move |_| on_done.run(())>
            {tr("etest.all")}
        </button>
        <h2 class="card-title">{title}</h2>
        {move || match attempt.get() {
            None => view! { <Skeleton rows=3 /> }.into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=move || attempt.refetch() /> }.into_any(),
            Some(Ok(a)) => {
                let attempt_id = a.attempt_id;
                view! {
                    <p class="notice notice-info">{format!("{} {}", t("etest.ends"), at(a.ends_at))}</p>
                    <form class="etest-form" on:submit=move |ev| { ev.prevent_default(); confirm.set(true); }>
                        {questions(a, saved, queued, error)}
                        <p class="hint" role="status">{move || saved.get().then(|| t("etest.saved"))}</p>
                        {move || queued.get().map(|key| view! {
                            <p class="notice notice-info" role="status" data-testid="write-pending">
                                <span class="tag tag-pending">{tr("writes.pending")}</span>
                                " "
                                {tr(key)}
                            </p>
                        })}
                        {move || error.get().map(|e| view! {
                            <p class="notice notice-error" role="alert" data-testid="etest-error">{error_text(&e)}</p>
                        })}
                        <button type="submit" class="btn btn-primary" data-testid="etest-submit">
                            {tr("etest.submit")}
                        </button>
                    </form>
                    <Show when=move || confirm.get()>
                        <div class="confirm-backdrop">
                            <div class="card confirm-dialog" role="alertdialog" aria-modal="true"
                                aria-labelledby="etest-confirm-title" data-testid="confirm-dialog">
                                <h2 id="etest-confirm-title" class="card-title">{tr("etest.confirm_submit")}</h2>
                                <p>{tr("etest.confirm_body")}</p>
                                <div class="confirm-actions">
                                    <button type="button" class="btn btn-primary" data-testid="confirm-yes"
                                        disabled=move || busy.get() on:click=move |_| submit(attempt_id)>
                                        {tr("etest.submit_yes")}
                                    </button>
                                    <button type="button" class="btn btn-secondary" data-testid="confirm-no"
                                        on:click=move |_| confirm.set(false)>
                                        {tr("etest.keep_working")}
                                    </button>
                                </div>
                            </div>
                        </div>
                    </Show>
                }
                .into_any()
            }
        }}
    }
}

/// The questions of `a`, each saving its answer when it changes.
fn questions(
    a: TestAttempt,
    saved: RwSignal<bool>,
    queued: RwSignal<Option<&'static str>>,
    error: RwSignal<Option<CmdError>>,
) -> impl IntoView {
    let data = use_child_data();
    let attempt_id = a.attempt_id;
    let save = move |question_id: i64, option_ids: Vec<i64>, text: Option<String>| {
        let Some(child) = data.child.get_untracked().map(|c| c.id) else {
            return;
        };
        saved.set(false);
        spawn_local(async move {
            match written(bridge::etest_answer(&child, attempt_id, question_id, option_ids, text).await) {
                Ok(Written::Saved(_)) => {
                    error.set(None);
                    saved.set(true);
                }
                Ok(Written::Queued) => {
                    error.set(None);
                    if queued.get_untracked().is_none() {
                        queued.set(Some("writes.queued"));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    a.questions
        .into_iter()
        .enumerate()
        .map(|(i, q)| view! { <QuestionField q number=i + 1 save /> })
        .collect_view()
}

#[component]
fn QuestionField(
    q: Question,
    number: usize,
    save: impl Fn(i64, Vec<i64>, Option<String>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let qid = q.id;
    let saved = q.answer.clone().unwrap_or_default();
    let chosen = RwSignal::new(saved.option_ids.clone());
    let legend = format!("{number}. {}", q.text);
    match q.kind {
        QuestionKind::Text => {
            let field = format!("etest-q-{qid}");
            view! {
                <div class="etest-question" data-testid="etest-question">
                    <label for=field.clone() class="item-title">{legend}</label>
                    <textarea id=field rows="4" maxlength="4000" data-testid="etest-text"
                        prop:value=saved.text.unwrap_or_default()
                        on:change=move |ev| save(qid, Vec::new(), Some(event_target_value(&ev)))></textarea>
                </div>
            }
            .into_any()
        }
        kind => {
            let multiple = kind == QuestionKind::Multiple;
            view! {
                <fieldset class="etest-question" data-testid="etest-question">
                    <legend class="item-title">{legend}</legend>
                    {q.options.into_iter().map(|o| {
                        let oid = o.id;
                        view! {
                            <label class="etest-option">
                                <input type=if multiple { "checkbox" } else { "radio" } name=format!("q{qid}")
                                    data-testid="etest-option"
                                    prop:checked=move || chosen.with(|c| c.contains(&oid))
                                    on:change=move |_| {
                                        chosen.update(|c| {
                                            if !multiple {
                                                c.clear();
                                            }
                                            if let Some(i) = c.iter().position(|x| *x == oid) {
                                                c.remove(i);
                                            } else {
                                                c.push(oid);
                                            }
                                        });
                                        save(qid, chosen.get_untracked(), None);
                                    } />
                                <span>{o.text}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            }
            .into_any()
        }
    }
}

#[component]
fn ResultView(test: OnlineTest, on_back: Callback<()>) -> impl IntoView {
    let data = use_child_data();
    let test_id = test.id;
    let result = Read::new(
        data.child,
        "onlinetest",
        move || format!("result-{test_id}"),
        move |child| async move { bridge::etest_result(&child, test_id).await },
    );
    let title = test.title.clone();
    view! {
        <button type="button" class="btn btn-quiet etest-back" data-testid="etest-back" on:click=move |_| on_back.run(())>
            {tr("etest.all")}
        </button>
        <h2 class="card-title">{title}</h2>
        {loaded(result, 2, |r| view! {
            <section class="card" data-testid="etest-score">
                <p class="confirm-when">
                    {move || format!("{} {} / {}", t("etest.score"), number_now(r.score), number_now(r.max_score))}
                </p>
                <ol class="etest-results">
                    {r.questions.into_iter().map(|q| view! {
                        <li>{move || if q.correct { t("etest.correct") } else { t("etest.wrong") }}
                            {move || format!(" · {} p", number_now(q.points))}</li>
                    }).collect_view()}
                </ol>
                {r.teacher_comment.map(|c| view! { <p>{tr("etest.teacher_comment")}" "{c}</p> })}
            </section>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(status: &str, opens: &str, closes: &str) -> OnlineTest {
        serde_json::from_value(serde_json::json!({
            "id": 1, "title": "Diagnos", "opensAt": opens, "closesAt": closes, "status": status
        }))
        .unwrap()
    }

    #[test]
    fn a_test_starts_only_while_open_and_not_handed_in() {
        let now = LocalDateTime::parse("2026-12-01T10:00:00").unwrap().0;
        let open = test("NotStarted", "2000-01-01T00:00:00", "2999-01-01T00:00:00");
        assert!(can_start(&open, now));
        assert_eq!(status_key(&open, now), "etest.open");
        let handed_in = test("Submitted", "2000-01-01T00:00:00", "2999-01-01T00:00:00");
        assert!(!can_start(&handed_in, now));
        let later = test("NotStarted", "2998-01-01T00:00:00", "2999-01-01T00:00:00");
        assert!(!can_start(&later, now));
        assert_eq!(status_key(&later, now), "etest.not_open");
        assert_eq!(
            status_key(&test("Graded", "2000-01-01T00:00:00", "2001-01-01T00:00:00"), now),
            "etest.graded"
        );
    }
}

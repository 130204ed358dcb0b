//! Bedömningar: behind the BankID step-up ("Säkrare inloggning krävs"), the child's assessments per subject
//! with the red, yellow and green symbols and the seed's legend, and the "Betyg" view when grades exist.
//!
//! The step-up starts a BankID order on this device (the autostart link) or another one (a QR code that the
//! shell renders anew for every frame, about once a second), collects it once a second with BankID's own
//! Swedish messages, and can be cancelled. Like pairing, every order carries a round number: a new order,
//! "Avbryt" or leaving the view bumps it, so a late answer of an older loop never touches the screen. The
//! hub ends an unscanned order after 30 s and any order after 3 minutes; the view stops asking then too.
//! In the demo a "Simulera BankID" button signs the order in the fictitious school.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use hub_model::assessment::{AssessmentItems, AssessmentOverview, GradeTerm, NavigationItem, Statement};
use hub_model::stepup::{HintCode, StepUpMethod, StepUpState};
use hub_model::{CmdError, ErrorKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::app::{Screen, use_session};
use crate::bridge;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, ErrorState, Skeleton};
use crate::data::{Read, use_child_data};
use crate::encode::svg_data_url;
use crate::error_view::error_text;
use crate::format::day_month_now;
use crate::i18n::{t, tr};

/// How long the view keeps collecting one order: BankID's own limit.
const ORDER_MS: f64 = 180_000.0;

/// A mark's symbol, from the mark option's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Symbol {
    Red,
    Yellow,
    Green,
    /// Not assessed yet ("ej behandlat").
    None,
}

impl Symbol {
    /// The symbol of a statement: by the hue of its `#rrggbb` colour; no mark is no symbol.
    pub fn of(s: &Statement) -> Self {
        if !s.is_assessed() {
            return Symbol::None;
        }
        let Some(hex) = s.mark_option_colour.as_deref().map(|c| c.trim_start_matches('#')) else {
            return Symbol::None;
        };
        let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
        let (Some(r), Some(g), Some(_)) = (channel(0), channel(2), channel(4)) else {
            return Symbol::None;
        };
        let (r, g) = (i32::from(r), i32::from(g));
        // Red has little green, green more green than red, yellow (orange) lies between.
        if g * 2 < r {
            Symbol::Red
        } else if g > r {
            Symbol::Green
        } else {
            Symbol::Yellow
        }
    }

    fn class(self) -> &'static str {
        match self {
            Symbol::Red => "sym sym-red",
            Symbol::Yellow => "sym sym-yellow",
            Symbol::Green => "sym sym-green",
            Symbol::None => "sym sym-none",
        }
    }

    fn name_key(self) -> &'static str {
        match self {
            Symbol::Red => "assessments.red",
            Symbol::Yellow => "assessments.yellow",
            Symbol::Green => "assessments.green",
            Symbol::None => "assessments.none",
        }
    }

    fn legend_key(self) -> &'static str {
        match self {
            Symbol::Red => "assessments.legend_red",
            Symbol::Yellow => "assessments.legend_yellow",
            Symbol::Green => "assessments.legend_green",
            Symbol::None => "assessments.legend_none",
        }
    }
}

#[component]
fn Sym(symbol: Symbol) -> impl IntoView {
    view! {
        <span class=symbol.class() data-testid="assessment-symbol" data-symbol=symbol.name_key()>
            <span class="visually-hidden">{move || t(symbol.name_key())}</span>
        </span>
    }
}

#[component]
pub fn AssessmentsView() -> impl IntoView {
    let data = use_child_data();
    let version = RwSignal::new(0u32);
    let overview = Read::new(
        data.child,
        "assessmentsv2",
        move || version.get().to_string(),
        |id| async move { bridge::assessments_overview(&id).await },
    );
    let body = move || match overview.get() {
        None => view! { <Skeleton rows=4 /> }.into_any(),
        Some(Err(e)) if e.kind == ErrorKind::StepUpRequired => {
            view! { <StepUp on_done=Callback::new(move |()| version.update(|v| *v += 1)) /> }.into_any()
        }
        Some(Err(error)) => view! { <ErrorState error on_retry=move || overview.refetch() /> }.into_any(),
        Some(Ok(o)) => view! { <Overview overview=o /> }.into_any(),
    };
    view! {
        {body}
    }
}

/// Where the step-up stands.
#[derive(Debug, Clone, PartialEq)]
enum Phase {
    Choose,
    Starting,
    Waiting {
        order_ref: String,
        autostart: Option<String>,
        qr: Option<String>,
        hint: Option<HintCode>,
    },
    Failed(Option<HintCode>),
    Error(CmdError),
}

/// The BankID message for a pending or failed order (BankID's recommended user messages).
fn hint_key(hint: Option<HintCode>, other_device: bool, failed: bool) -> &'static str {
    match (hint, failed) {
        (Some(HintCode::UserSign), false) => "assessments.bankid_user_sign",
        (Some(HintCode::Started), false) => "assessments.bankid_started",
        (Some(HintCode::NoClient), false) => "assessments.bankid_no_client",
        (_, false) if other_device => "assessments.bankid_scan",
        (_, false) => "assessments.bankid_opening",
        (Some(HintCode::ExpiredTransaction), true) => "assessments.bankid_expired",
        (Some(HintCode::UserCancel), true) => "assessments.bankid_user_cancel",
        (Some(HintCode::Cancelled), true) => "assessments.bankid_cancelled",
        (Some(HintCode::StartFailed), true) => "assessments.bankid_start_failed",
        (Some(HintCode::CertificateErr), true) => "assessments.bankid_certificate",
        (_, true) => "assessments.bankid_failed",
    }
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// One order: start it, then collect once a second until it ends or `round` moves past `me`.
async fn run_order(round: Arc<AtomicU64>, me: u64, method: StepUpMethod, phase: RwSignal<Phase>, done: Callback<()>) {
    let live = || round.load(Ordering::SeqCst) == me;
    let order = match bridge::stepup_start(method).await {
        Ok(o) => o,
        Err(e) => {
            if live() {
                phase.set(Phase::Error(e));
            }
            return;
        }
    };
    let autostart = (method == StepUpMethod::SameDevice)
        .then(|| order.autostart_url())
        .flatten();
    if !live() {
        let _ = bridge::stepup_cancel(&order.order_ref).await;
        return;
    }
    phase.set(Phase::Waiting {
        order_ref: order.order_ref.clone(),
        autostart,
        qr: None,
        hint: None,
    });
    let started = js_sys::Date::now();
    while live() {
        if js_sys::Date::now() - started > ORDER_MS {
            let _ = bridge::stepup_cancel(&order.order_ref).await;
            phase.set(Phase::Failed(Some(HintCode::ExpiredTransaction)));
            return;
        }
        let state = bridge::stepup_collect(&order.order_ref).await;
        if !live() {
            return;
        }
        match state {
            Ok(StepUpState::Pending { hint_code, qr_data }) => {
                let qr = match qr_data {
                    Some(data) => bridge::stepup_qr(&data).await.ok().map(|svg| svg_data_url(&svg)),
                    None => None,
                };
                if !live() {
                    return;
                }
                phase.update(|p| {
                    if let Phase::Waiting { qr: q, hint, .. } = p {
                        if qr.is_some() {
                            *q = qr;
                        }
                        *hint = hint_code;
                    }
                });
            }
            Ok(StepUpState::Complete) => {
                done.run(());
                return;
            }
            Ok(StepUpState::Failed { hint_code }) => {
                phase.set(Phase::Failed(hint_code));
                return;
            }
            Ok(_) => {}
            Err(e) => {
                phase.set(Phase::Error(e));
                return;
            }
        }
        sleep(1000).await;
    }
}

/// "Säkrare inloggning krävs": BankID on this device or another, with the order's progress. The autostart
/// link opens outside the app window (`target=_blank`), so the app never navigates away to `bankid:`.
#[component]
fn StepUp(on_done: Callback<()>) -> impl IntoView {
    let session = use_session();
    let demo = move || matches!(session.screen.get(), Screen::Home(a) if a.demo);
    let phase = RwSignal::new(Phase::Choose);
    let method = RwSignal::new(StepUpMethod::OtherDevice);
    let round = Arc::new(AtomicU64::new(0));
    let start = Callback::new({
        let round = round.clone();
        move |m: StepUpMethod| {
            let me = round.fetch_add(1, Ordering::SeqCst) + 1;
            method.set(m);
            phase.set(Phase::Starting);
            spawn_local(run_order(round.clone(), me, m, phase, on_done));
        }
    });
    let cancel = Callback::new({
        let round = round.clone();
        move |()| {
            round.fetch_add(1, Ordering::SeqCst);
            if let Phase::Waiting { order_ref, .. } = phase.get_untracked() {
                spawn_local(async move {
                    // The order runs out on the school's side anyway.
                    let _ = bridge::stepup_cancel(&order_ref).await;
                });
            }
            phase.set(Phase::Choose);
        }
    });
    on_cleanup({
        let round = round.clone();
        move || {
            round.fetch_add(1, Ordering::SeqCst);
        }
    });
    let simulate = move |_| {
        if let Phase::Waiting { order_ref, .. } = phase.get_untracked() {
            spawn_local(async move {
                if let Err(e) = bridge::stepup_demo_approve(&order_ref).await {
                    phase.set(Phase::Error(e));
                }
            });
        }
    };
    let choices = move || {
        view! {
            <div class="stepup-choices">
                <button type="button" class="btn btn-primary btn-large" data-testid="bankid-this-device"
                    on:click=move |_| start.run(StepUpMethod::SameDevice)>
                    <Icon name="phone" size=20 />
                    {tr("assessments.bankid_this_device")}
                </button>
                <button type="button" class="btn btn-secondary btn-large" data-testid="bankid-other-device"
                    on:click=move |_| start.run(StepUpMethod::OtherDevice)>
                    <Icon name="device" size=20 />
                    {tr("assessments.bankid_other_device")}
                </button>
            </div>
        }
    };
    let body = move || match phase.get() {
        Phase::Choose => choices().into_any(),
        Phase::Starting => view! { <Skeleton rows=1 /> }.into_any(),
        Phase::Waiting {
            autostart, qr, hint, ..
        } => {
            let other = method.get_untracked() == StepUpMethod::OtherDevice;
            view! {
                {qr.filter(|_| other).map(|src| view! {
                    <img class="stepup-qr" data-testid="bankid-qr" src=src width="220" height="220"
                        alt=tr("assessments.bankid_qr_alt") />
                })}
                {autostart.map(|href| view! {
                    <a class="btn btn-primary" data-testid="bankid-open" href=href target="_blank" rel="noopener">
                        {tr("assessments.bankid_open")}
                    </a>
                })}
                <p class="stepup-status" role="status" aria-live="polite" data-testid="bankid-status">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{move || t(hint_key(hint, other, false))}</span>
                </p>
                <div class="stepup-actions">
                    <button type="button" class="btn btn-secondary" data-testid="bankid-cancel"
                        on:click=move |_| cancel.run(())>
                        {tr("assessments.bankid_cancel")}
                    </button>
                    {move || demo().then(|| view! {
                        <button type="button" class="btn btn-secondary" data-testid="bankid-simulate" on:click=simulate>
                            {tr("assessments.bankid_simulate")}
                        </button>
                    })}
                </div>
            }
            .into_any()
        }
        Phase::Failed(hint) => view! {
            <p class="notice notice-error" role="alert" data-testid="bankid-status">
                {move || t(hint_key(hint, false, true))}
            </p>
            {choices()}
        }
        .into_any(),
        Phase::Error(e) => view! {
            <p class="notice notice-error" role="alert" data-testid="bankid-status">{error_text(&e)}</p>
            {choices()}
        }
        .into_any(),
    };
    view! {
        <section class="card stepup" data-testid="stepup" aria-labelledby="stepup-heading">
            <p class="stepup-lock" aria-hidden="true"><Icon name="lock" size=28 /></p>
            <h2 id="stepup-heading" class="card-title">{tr("assessments.stepup_title")}</h2>
            <p>{tr("assessments.stepup_body")}</p>
            {body}
        </section>
    }
}

/// Which part of Bedömningar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Assessments,
    Grades,
}

#[component]
fn Overview(overview: AssessmentOverview) -> impl IntoView {
    let tab = RwSignal::new(Tab::Assessments);
    let terms: Vec<GradeTerm> = overview
        .grade_report_terms
        .iter()
        .filter(|t| t.subject_grades_list_model.is_some())
        .cloned()
        .collect();
    let has_grades = overview.enable_grade_report && !terms.is_empty();
    let subjects = overview.navigation_model.navigation_items_list.clone();
    let grids = overview.navigation_model.grid_items_list.clone();
    let tab_button = move |which: Tab, key: &'static str, testid: &'static str| {
        view! {
            <button type="button" class="chip" data-testid=testid aria-pressed=move || (tab.get() == which).to_string()
                on:click=move |_| tab.set(which)>
                {tr(key)}
            </button>
        }
    };
    view! {
        {has_grades.then(|| view! {
            <div class="chips" role="group" aria-label=tr("assessments.views")>
                {tab_button(Tab::Assessments, "assessments.tab_assessments", "tab-assessments")}
                {tab_button(Tab::Grades, "assessments.tab_grades", "tab-grades")}
            </div>
        })}
        <Show when=move || tab.get() == Tab::Assessments fallback=move || view! { <Grades terms=terms.clone() /> }>
            <Legend />
            {if subjects.is_empty() {
                view! { <EmptyState text="assessments.empty" /> }.into_any()
            } else {
                subjects.iter().cloned().map(|s| {
                    let titles = grids.iter().map(|g| (g.id, g.title.clone())).collect::<Vec<_>>();
                    view! { <Subject subject=s titles /> }
                }).collect_view().into_any()
            }}
        </Show>
    }
}

/// The symbols in the words of the school's own guide.
#[component]
fn Legend() -> impl IntoView {
    view! {
        <details class="card legend" data-testid="assessment-legend" open>
            <summary class="item-title">{tr("assessments.legend_title")}</summary>
            <ul class="legend-list" role="list">
                {[Symbol::Red, Symbol::Yellow, Symbol::Green, Symbol::None]
                    .into_iter()
                    .map(|s| view! { <li><Sym symbol=s /><span>{move || t(s.legend_key())}</span></li> })
                    .collect_view()}
            </ul>
        </details>
    }
}

/// One subject: its matrices and assessed tasks, each with its statements.
#[component]
fn Subject(subject: NavigationItem, titles: Vec<(i64, String)>) -> impl IntoView {
    let data = use_child_data();
    let items: Vec<(i64, bool)> = subject
        .grid_ids()
        .into_iter()
        .map(|id| (id, false))
        .chain(subject.linked_tasks.iter().map(|l| (l.id, true)))
        .collect();
    let loaded = Read::plain(move || {
        let child = data.child.get_untracked().map(|c| c.id).unwrap_or_default();
        let items = items.clone();
        async move {
            let mut out: Vec<(i64, Result<AssessmentItems, CmdError>)> = Vec::new();
            for (id, task) in items {
                out.push((id, bridge::assessment_items(&child, id, task).await));
            }
            Ok(out)
        }
    });
    let title = subject.title.clone();
    view! {
        <section class="card subject" data-testid="assessment-subject">
            <h2 class="card-title">{title}</h2>
            {move || match loaded.get() {
                None => view! { <Skeleton rows=2 /> }.into_any(),
                Some(Err(e)) => view! { <p class="notice notice-error" role="alert">{error_text(&e)}</p> }.into_any(),
                Some(Ok(list)) => list.into_iter().map(|(id, r)| match r {
                    Ok(items) => {
                        let name = items.title.clone()
                            .or_else(|| titles.iter().find(|(g, _)| *g == id).map(|(_, t)| t.clone()))
                            .unwrap_or_default();
                        view! { <Items name items /> }.into_any()
                    }
                    Err(e) => view! { <p class="notice notice-error" role="alert">{error_text(&e)}</p> }.into_any(),
                }).collect_view().into_any(),
            }}
        </section>
    }
}

#[component]
fn Items(name: String, items: AssessmentItems) -> impl IntoView {
    view! {
        <h3 class="item-title">{name}{items.has_new.then(|| view! { " "<span class="tag">{tr("assessments.new")}</span> })}</h3>
        <ul class="statements" role="list">
            {items.statement_items_list.into_iter().map(|s| {
                let symbol = Symbol::of(&s);
                let when = s.marked_at().filter(|_| symbol != Symbol::None).map(|d| day_month_now(d.date()));
                view! {
                    <li class="statement" data-testid="assessment-statement">
                        <Sym symbol />
                        <div class="row-text">
                            {s.header_label.clone().map(|h| view! { <strong>{h}</strong> })}
                            <span>{s.text.clone()}</span>
                            <span class="item-meta">
                                {move || t(symbol.name_key())}
                                {s.mark_text_value.clone().filter(|_| symbol != Symbol::None).map(|m| format!(" · {m}"))}
                                {when.map(|w| format!(" · {w}"))}
                            </span>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// "Betyg": one term at a time, newest first.
#[component]
fn Grades(terms: Vec<GradeTerm>) -> impl IntoView {
    let selected = RwSignal::new(
        terms
            .iter()
            .position(|t| t.selected)
            .unwrap_or(terms.len().saturating_sub(1)),
    );
    let chips = terms
        .iter()
        .enumerate()
        .rev()
        .map(|(i, term)| {
            let label = term.value.clone();
            view! {
                <button type="button" class="chip" aria-pressed=move || (selected.get() == i).to_string()
                    on:click=move |_| selected.set(i)>{label}</button>
            }
        })
        .collect_view();
    let shown = move || {
        let term = terms.get(selected.get())?.clone();
        let report = term.subject_grades_list_model?;
        Some(view! {
            <table class="grades" data-testid="grades-table">
                <caption class="visually-hidden">{term.value}</caption>
                <thead><tr><th scope="col">{tr("assessments.subject")}</th><th scope="col">{tr("assessments.grade")}</th></tr></thead>
                <tbody>
                    {report.subjects_grade_data.into_iter().map(|g| view! {
                        <tr data-testid="grade-row">
                            <th scope="row">{g.subject_name}</th>
                            <td class="grade">{g.current_grade.and_then(|c| c.value).unwrap_or_else(|| "–".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {report.comment.filter(|c| !c.trim().is_empty()).map(|c| view! { <p class="hint">{c}</p> })}
        })
    };
    view! {
        <div class="chips" role="group" aria-label=tr("assessments.terms")>{chips}</div>
        <div class="card">{shown}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(colour: Option<&str>, mark: Option<&str>) -> Statement {
        serde_json::from_value(serde_json::json!({
            "id": 1, "text": "Löser problem", "mark": mark, "markTextValue": mark,
            "markOptionColour": colour, "isBlankMark": mark.is_none()
        }))
        .unwrap()
    }

    #[test]
    fn symbols_follow_the_mark_colour() {
        assert_eq!(Symbol::of(&statement(Some("#e0474c"), Some("Ej uppnått"))), Symbol::Red);
        assert_eq!(Symbol::of(&statement(Some("#f5b82e"), Some("På väg"))), Symbol::Yellow);
        assert_eq!(Symbol::of(&statement(Some("#4caf50"), Some("Uppnått"))), Symbol::Green);
        assert_eq!(Symbol::of(&statement(None, None)), Symbol::None);
        assert_eq!(Symbol::of(&statement(Some("nonsense"), Some("x"))), Symbol::None);
    }

    #[test]
    fn bankid_messages_follow_the_hint() {
        assert_eq!(
            hint_key(Some(HintCode::UserSign), true, false),
            "assessments.bankid_user_sign"
        );
        assert_eq!(hint_key(None, true, false), "assessments.bankid_scan");
        assert_eq!(hint_key(None, false, false), "assessments.bankid_opening");
        assert_eq!(
            hint_key(Some(HintCode::ExpiredTransaction), true, true),
            "assessments.bankid_expired"
        );
        assert_eq!(
            hint_key(Some(HintCode::Unknown), false, true),
            "assessments.bankid_failed"
        );
    }
}

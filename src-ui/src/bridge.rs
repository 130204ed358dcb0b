//! The one door to the Tauri shell: the `wasm_bindgen` binding of `window.__TAURI__.core.invoke`, a
//! generic [`invoke`] that turns its promise into `Result<R, CmdError>`, and one typed function per
//! command.
//!
//! Views call only the typed functions; they never see `JsValue` or a command name. The UI never speaks
//! HTTP: everything that reaches the school goes through the shell. A rejected command carries the shell's
//! `{kind, message}` shape (`hub_model::CmdError`); anything else (no Tauri in a plain browser, a command
//! that does not exist, an answer that does not decode) becomes `ErrorKind::Internal`, with the details in
//! the console rather than on screen.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::{DateTime, NaiveDate, Utc};
use hub_model::calendar::CalendarEntry;
use hub_model::documents::Document;
use hub_model::ipc::{
    ChildRequest, DateRequest, PairingCode, PairingStatus, PasswordLogin, RangeRequest, ReadSource,
    SESSION_STATE_EVENT, SessionState,
};
use hub_model::links::Link;
use hub_model::meeting::PupilAvailabilities;
use hub_model::news::NewsItem;
use hub_model::notifications::NotificationsResponse;
use hub_model::timeregistration::TimeRegistrationWeek;
use hub_model::{Account, CmdError, ErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Shown only where a view has no better text of its own; views normally translate by `kind`.
const INTERNAL_MESSAGE: &str = "Något gick fel i Skolhub. Försök igen.";

#[wasm_bindgen]
extern "C" {
    /// `window.__TAURI__.core.invoke` (needs `withGlobalTauri`). `catch` turns both a rejected promise
    /// and a missing `__TAURI__` into `Err`.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "core"], js_name = invoke)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    /// `window.__TAURI__.event.listen`: resolves to the unlisten function.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "event"], js_name = listen)]
    async fn tauri_listen(event: &str, handler: &Closure<dyn FnMut(JsValue)>) -> Result<JsValue, JsValue>;
}

/// Tauri maps argument names to the command's parameters; every Skolhub command takes one, `req`.
#[derive(Serialize)]
struct Req<T> {
    req: T,
}

/// Serializes to `{}` for commands without parameters.
#[derive(Serialize)]
struct NoArgs {}

/// Calls a shell command with `args` (an object whose keys are the command's parameter names) and
/// decodes its answer.
///
/// Only the encoding of `args` and the decoding of the answer are generic; the call itself is one function for
/// every command ([`call`]), so each command adds its types' serde code and nothing else to the bundle.
pub async fn invoke<A, R>(cmd: &str, args: &A) -> Result<R, CmdError>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
{
    let args = encode(cmd, args)?;
    decode(cmd, call(cmd, args).await?)
}

/// `args` as the JS object the shell's command takes.
fn encode<A: Serialize + ?Sized>(cmd: &str, args: &A) -> Result<JsValue, CmdError> {
    args.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| internal(cmd, "could not encode arguments", &JsValue::from_str(&e.to_string())))
}

/// A command's answer as `R`.
fn decode<R: DeserializeOwned>(cmd: &str, value: JsValue) -> Result<R, CmdError> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| internal(cmd, "could not decode the answer", &JsValue::from_str(&e.to_string())))
}

/// Runs a shell command: its answer, or the shell's `CmdError` (boxed, so callers share one copy).
fn call(cmd: &str, args: JsValue) -> std::pin::Pin<Box<dyn Future<Output = Result<JsValue, CmdError>> + '_>> {
    Box::pin(async move { tauri_invoke(cmd, args).await.map_err(|e| rejected(cmd, e)) })
}

/// Turns a rejection into the shell's `CmdError`, or into `Internal` when it is not one.
fn rejected(cmd: &str, error: JsValue) -> CmdError {
    match serde_wasm_bindgen::from_value::<CmdError>(error.clone()) {
        Ok(error) => error,
        Err(_) => internal(cmd, "failed", &error),
    }
}

fn internal(cmd: &str, what: &str, detail: &JsValue) -> CmdError {
    web_sys::console::error_2(&JsValue::from_str(&format!("skolhub: command {cmd} {what}:")), detail);
    CmdError::new(ErrorKind::Internal, INTERNAL_MESSAGE)
}

/// Where the reads of a [`scoped`] future take their answers from, and how old the oldest one was.
struct ReadScope {
    source: ReadSource,
    stamp: Cell<Option<Stamp>>,
}

thread_local! {
    /// The scope of the [`scoped`] future being polled right now (wasm runs one thing at a time).
    static READ_SCOPE: RefCell<Option<Rc<ReadScope>>> = const { RefCell::new(None) };
}

/// How old a read's answer is: when the school gave it, and whether it came from the device's cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub fetched_at: DateTime<Utc>,
    pub cached: bool,
}

impl Stamp {
    /// Of two answers behind one view, the one that tells its age: a cached one over a fresh one, the older
    /// of two cached ones.
    fn older(self, other: Stamp) -> Stamp {
        match (self.cached, other.cached) {
            (true, false) => self,
            (false, true) => other,
            _ if other.fetched_at < self.fetched_at => other,
            _ => self,
        }
    }
}

/// Runs `fut` with every read command in it asking `source` (like a tokio task-local: the typed read
/// functions and their callers stay as they are), and answers its output with the age of the oldest answer
/// it read (`None` when it read nothing). Outside a scope reads ask the school.
pub fn scoped<F: Future>(source: ReadSource, fut: F) -> impl Future<Output = (F::Output, Option<Stamp>)> {
    Scoped {
        inner: Box::pin(fut),
        scope: Rc::new(ReadScope {
            source,
            stamp: Cell::new(None),
        }),
    }
}

struct Scoped<F> {
    inner: std::pin::Pin<Box<F>>,
    scope: Rc<ReadScope>,
}

impl<F: Future> Future for Scoped<F> {
    type Output = (F::Output, Option<Stamp>);

    fn poll(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        let this = self.get_mut();
        let outer = READ_SCOPE.with(|s| s.replace(Some(this.scope.clone())));
        let polled = this.inner.as_mut().poll(cx);
        READ_SCOPE.with(|s| *s.borrow_mut() = outer);
        polled.map(|out| (out, this.scope.stamp.get()))
    }
}

/// A read command: sends the scope's `source` with `args` and unwraps the shell's [`hub_model::ipc::Fresh`]
/// answer, noting its age in the scope.
async fn read<A: Serialize, T: DeserializeOwned>(cmd: &str, args: A) -> Result<T, CmdError> {
    let args = encode(cmd, &args)?;
    decode(cmd, read_raw(cmd, args).await?)
}

/// The untyped part of [`read`], one copy for every read: adds `source` to the arguments, sends them, notes
/// the answer's `fetchedAt`/`cached` in the scope and returns its `value`.
fn read_raw(cmd: &str, args: JsValue) -> std::pin::Pin<Box<dyn Future<Output = Result<JsValue, CmdError>> + '_>> {
    Box::pin(async move {
        let scope = READ_SCOPE.with(|s| s.borrow().clone());
        let source = scope.as_ref().map_or(ReadSource::School, |s| s.source);
        let _ = js_sys::Reflect::set(&args, &JsValue::from_str("source"), &encode(cmd, &source)?);
        let fresh = call(cmd, args).await?;
        let field = |name: &str| js_sys::Reflect::get(&fresh, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        if let Some(scope) = scope {
            let fetched_at = field("fetchedAt")
                .as_string()
                // The browser's own RFC 3339 parser: chrono's would add its parsing machinery to the bundle.
                .map(|t| js_sys::Date::parse(&t))
                .filter(|ms| ms.is_finite())
                .and_then(|ms| DateTime::<Utc>::from_timestamp_millis(ms as i64));
            let Some(fetched_at) = fetched_at else {
                return Err(internal(cmd, "answered without fetchedAt", &fresh));
            };
            let stamp = Stamp {
                fetched_at,
                cached: field("cached").as_bool().unwrap_or(false),
            };
            scope
                .stamp
                .set(Some(scope.stamp.get().map_or(stamp, |s| s.older(stamp))));
        }
        Ok(field("value"))
    })
}

/// Starts the embedded demo school and logs in as its guardian. Takes a second or two.
pub async fn demo_start() -> Result<Account, CmdError> {
    invoke("demo_start", &NoArgs {}).await
}

/// Password login (protocol §3.1); a wrong password is `ErrorKind::LoginFailed` with the school's text.
/// `remember` is the "Kom ihåg mig" choice: when true the shell keeps the username and
/// password in the OS keychain (never anywhere else) and the next start logs in by itself; when false any
/// remembered password is removed. No keychain gives `ErrorKind::Keychain` with what to install or unlock.
pub async fn login_password(username: &str, password: &str, remember: bool) -> Result<Account, CmdError> {
    #[derive(Serialize)]
    struct Args {
        req: PasswordLogin,
        remember: bool,
    }
    let req = PasswordLogin {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    invoke("login_password", &Args { req, remember }).await
}

/// Where the school connection stands now (`None` before the first call); changes arrive through
/// [`listen_session_state`].
pub async fn session_state() -> Result<Option<hub_model::ipc::SessionState>, CmdError> {
    invoke("session_state", &NoArgs {}).await
}

/// The account of the running session, or `None` when nobody is logged in.
pub async fn account_current() -> Result<Option<Account>, CmdError> {
    invoke("account_current", &NoArgs {}).await
}

/// Ends the session: the shell forgets the login (and, for a real account, its stored secrets).
pub async fn session_logout() -> Result<(), CmdError> {
    invoke("session_logout", &NoArgs {}).await
}

/// The accounts added on this device, the active one marked (the demo is never one of them).
pub async fn accounts_list() -> Result<Vec<hub_model::ipc::DeviceAccount>, CmdError> {
    invoke("accounts_list", &NoArgs {}).await
}

/// Makes another account of this device active from its stored login; `None` when it has none (then log in).
pub async fn account_switch(id: &str) -> Result<Option<Account>, CmdError> {
    #[derive(Serialize)]
    struct Args<'a> {
        req: &'a str,
    }
    invoke("account_switch", &Args { req: id }).await
}

/// "Lägg till konto": the current account stays; the next successful login adds and activates a new one.
pub async fn account_add() -> Result<(), CmdError> {
    invoke("account_add", &NoArgs {}).await
}

/// Starts "Använd annan enhet": a new device code to show (with its QR), replacing any earlier one.
pub async fn pairing_start() -> Result<PairingCode, CmdError> {
    invoke("pairing_start", &NoArgs {}).await
}

/// Asks once whether the code from [`pairing_start`] has been approved; call every `interval` seconds.
pub async fn pairing_poll() -> Result<PairingStatus, CmdError> {
    invoke("pairing_poll", &NoArgs {}).await
}

/// Abandons the pairing in progress (the shell stops asking the school about the code).
pub async fn pairing_cancel() -> Result<(), CmdError> {
    invoke("pairing_cancel", &NoArgs {}).await
}

/// "Använd denna enhet": the shell opens the school's login window; follow it with
/// [`pairing_this_device_status`].
pub async fn pairing_this_device_start() -> Result<(), CmdError> {
    invoke("pairing_this_device_start", &NoArgs {}).await
}

/// Where the login-window pairing stands; `expired` once it was cancelled, closed or timed out.
pub async fn pairing_this_device_status() -> Result<PairingStatus, CmdError> {
    invoke("pairing_this_device_status", &NoArgs {}).await
}

/// Ends the login-window pairing and closes the window ("Avbryt").
pub async fn pairing_this_device_cancel() -> Result<(), CmdError> {
    invoke("pairing_this_device_cancel", &NoArgs {}).await
}

/// Notifications of every child, as the hub aggregates them; [`hub_model::notifications::Notification::pupil_id`]
/// says whose each one is.
pub async fn notifications_list() -> Result<NotificationsResponse, CmdError> {
    read("notifications_list", NoArgs {}).await
}

fn child(child_id: &str) -> Req<ChildRequest> {
    Req {
        req: ChildRequest {
            child_id: child_id.to_owned(),
        },
    }
}

/// The news ("Information") of one child, newest first.
pub async fn news_list(child_id: &str) -> Result<Vec<NewsItem>, CmdError> {
    read("news_list", child(child_id)).await
}

/// The documents published for one child.
pub async fn documents_list(child_id: &str) -> Result<Vec<Document>, CmdError> {
    read("documents_list", child(child_id)).await
}

/// The links published for one child.
pub async fn links_list(child_id: &str) -> Result<Vec<Link>, CmdError> {
    read("links_list", child(child_id)).await
}

/// Calendar entries of one child from `from` to `to` (inclusive; at most 400 days).
pub async fn calendar_entries(child_id: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<CalendarEntry>, CmdError> {
    let req = RangeRequest {
        child_id: child_id.to_owned(),
        from,
        to,
    };
    read("calendar_entries", Req { req }).await
}

/// The fritids week (Monday–Friday) that contains `date`.
pub async fn fritids_week(child_id: &str, date: NaiveDate) -> Result<TimeRegistrationWeek, CmdError> {
    let req = DateRequest {
        child_id: child_id.to_owned(),
        date,
    };
    read("fritids_week", Req { req }).await
}

pub use hub_model::ipc::{WriteAnswer, WriteConflict, WriteConflictEvent, WriteOutcome};

/// Saves fritids days for one child through the write queue (stored before it is sent, so nothing is lost
/// offline). `days` are built with `SaveDay::times` / `SaveDay::leave` from the week's days.
pub async fn fritids_save(
    child_id: &str,
    days: Vec<hub_model::timeregistration::SaveDay>,
) -> Result<WriteOutcome, CmdError> {
    let req = hub_model::ipc::FritidsSaveRequest {
        child_id: child_id.to_owned(),
        days,
    };
    invoke("fritids_save", &Req { req }).await
}

/// The queued writes the school refused (also announced by the `write-conflict` event, `{message}`).
pub async fn write_conflicts() -> Result<Vec<WriteConflict>, CmdError> {
    invoke("write_conflicts", &NoArgs {}).await
}

/// Forgets a refused write the user has seen.
pub async fn write_conflict_dismiss(id: i64) -> Result<(), CmdError> {
    invoke("write_conflict_dismiss", &Req { req: id }).await
}

/// The writes kept on this device and not yet at the school (none in the demo).
pub async fn writes_pending() -> Result<Vec<hub_model::ipc::PendingWrite>, CmdError> {
    invoke("writes_pending", &NoArgs {}).await
}

/// Calls `on_sent` whenever the shell reports that a replay delivered queued writes
/// (`hub_model::ipc::WRITES_SENT_EVENT`). Listens for the page's lifetime; without a shell nothing is reported.
pub fn listen_writes_sent(on_sent: impl Fn() + 'static) {
    listen_bare(hub_model::ipc::WRITES_SENT_EVENT, Box::new(on_sent));
}

/// Calls `on_new` whenever the shell's poll found notifications not seen before
/// (`hub_model::ipc::NOTIFICATIONS_NEW_EVENT`). Listens for the page's lifetime; without a shell nothing is
/// reported.
pub fn listen_notifications_new(on_new: impl Fn() + 'static) {
    listen_bare(hub_model::ipc::NOTIFICATIONS_NEW_EVENT, Box::new(on_new));
}

/// Calls `on_event` for every shell event `name`, ignoring its payload.
fn listen_bare(name: &'static str, on_event: Box<dyn Fn()>) {
    listen(name, Box::new(move |_| on_event()));
}

/// Calls `on_event` with the payload of every shell event `name` that decodes as `T` (others are logged).
fn listen_payload<T: DeserializeOwned>(name: &'static str, on_event: impl Fn(T) + 'static) {
    listen(
        name,
        Box::new(
            move |payload| match serde_wasm_bindgen::from_value::<T>(payload.clone()) {
                Ok(value) => on_event(value),
                Err(_) => web_sys::console::warn_2(
                    &JsValue::from_str(&format!("skolhub: unknown {name} payload")),
                    &payload,
                ),
            },
        ),
    );
}

/// Calls `on_payload` with the payload of every shell event `name` for the page's lifetime; without a shell
/// (a plain browser) it says so in the console and nothing is reported.
fn listen(name: &'static str, on_payload: Box<dyn Fn(JsValue)>) {
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        on_payload(js_sys::Reflect::get(&event, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL));
    });
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(error) = tauri_listen(name, &handler).await {
            web_sys::console::warn_2(&JsValue::from_str(&format!("skolhub: no {name} events")), &error);
        }
        handler.forget();
    });
}

/// Calls `on_conflict` whenever the shell reports that the school refused a write replayed from the queue
/// (`hub_model::ipc::WRITE_CONFLICT_EVENT`). Listens for the page's lifetime, like
/// [`listen_session_state`]; without a shell nothing is reported.
pub fn listen_write_conflicts(on_conflict: impl Fn(WriteConflictEvent) + 'static) {
    listen_payload(hub_model::ipc::WRITE_CONFLICT_EVENT, on_conflict);
}

/// The development-talk slots of one child: the free ones, and the booked one (with `meetingId`).
pub async fn meeting_availabilities(child_id: &str) -> Result<PupilAvailabilities, CmdError> {
    read("meeting_availabilities", child(child_id)).await
}

/// Books free slot `availability_id` for one child through the write queue: saved (with the booking),
/// queued, or a conflict with the school's reason (taken, closed, already booked).
pub async fn meeting_book(
    child_id: &str,
    availability_id: &str,
) -> Result<WriteAnswer<hub_model::meeting::Booking>, CmdError> {
    let req = hub_model::ipc::MeetingBookRequest {
        child_id: child_id.to_owned(),
        availability_id: availability_id.to_owned(),
    };
    invoke("meeting_book", &Req { req }).await
}

/// Moves booked talk `meeting_id` to slot `availability_id` through the write queue; the old time stays if
/// the new one is taken.
pub async fn meeting_rebook(
    child_id: &str,
    meeting_id: i64,
    availability_id: &str,
) -> Result<WriteAnswer<hub_model::meeting::Booking>, CmdError> {
    let req = hub_model::ipc::MeetingChangeRequest {
        child_id: child_id.to_owned(),
        meeting_id,
        availability_id: Some(availability_id.to_owned()),
    };
    invoke("meeting_rebook", &Req { req }).await
}

/// Cancels booked talk `meeting_id` through the write queue.
pub async fn meeting_cancel(child_id: &str, meeting_id: i64) -> Result<WriteAnswer<()>, CmdError> {
    let req = hub_model::ipc::MeetingChangeRequest {
        child_id: child_id.to_owned(),
        meeting_id,
        availability_id: None,
    };
    invoke("meeting_cancel", &Req { req }).await
}

/// Starts a BankID order for the step-up ("säkrare inloggning").
pub async fn stepup_start(method: hub_model::stepup::StepUpMethod) -> Result<hub_model::stepup::StepUpOrder, CmdError> {
    invoke("stepup_start", &Req { req: method }).await
}

/// Asks once how the BankID order stands; call about once a second while it is pending.
pub async fn stepup_collect(order_ref: &str) -> Result<hub_model::stepup::StepUpState, CmdError> {
    invoke("stepup_collect", &Req { req: order_ref }).await
}

/// Cancels the BankID order.
pub async fn stepup_cancel(order_ref: &str) -> Result<(), CmdError> {
    invoke("stepup_cancel", &Req { req: order_ref }).await
}

/// An SVG document of one animated-QR frame.
pub async fn stepup_qr(qr_data: &str) -> Result<String, CmdError> {
    invoke("stepup_qr", &Req { req: qr_data }).await
}

/// Demo only: the fictitious school's BankID signs the order.
pub async fn stepup_demo_approve(order_ref: &str) -> Result<(), CmdError> {
    invoke("stepup_demo_approve", &Req { req: order_ref }).await
}

fn record_item(child_id: &str, id: i64) -> Req<hub_model::ipc::ItemRequest> {
    Req {
        req: hub_model::ipc::ItemRequest {
            child_id: child_id.to_owned(),
            id,
        },
    }
}

/// Bedömningar of one child; `ErrorKind::StepUpRequired` until the BankID step-up is done.
pub async fn assessments_overview(child_id: &str) -> Result<hub_model::assessment::AssessmentOverview, CmdError> {
    read("assessments_overview", child(child_id)).await
}

/// The statements and marks of an assessment matrix (`task` false) or an assessed task.
pub async fn assessment_items(
    child_id: &str,
    id: i64,
    task: bool,
) -> Result<hub_model::assessment::AssessmentItems, CmdError> {
    let cmd = if task { "assessment_task" } else { "assessment_grid" };
    read(cmd, record_item(child_id, id)).await
}

/// Which Dokumentation tabs the school shows for the child.
pub async fn documentation_tabs(child_id: &str) -> Result<hub_model::documentation::DocumentationAppData, CmdError> {
    read("documentation_tabs", child(child_id)).await
}

/// The child's journal notes.
pub async fn journal_list(child_id: &str) -> Result<Vec<hub_model::documentation::JournalEntry>, CmdError> {
    read("journal_list", child(child_id)).await
}

/// The child's portfolio this semester.
pub async fn portfolio_list(child_id: &str) -> Result<hub_model::documentation::Portfolio, CmdError> {
    read("portfolio_list", child(child_id)).await
}

/// One portfolio item with its comments.
pub async fn portfolio_item(child_id: &str, id: i64) -> Result<hub_model::documentation::PortfolioDetail, CmdError> {
    read("portfolio_item", record_item(child_id, id)).await
}

/// Writes a comment on portfolio item `id` through the write queue.
pub async fn portfolio_comment(
    child_id: &str,
    id: i64,
    text: &str,
) -> Result<WriteAnswer<hub_model::documentation::PortfolioComment>, CmdError> {
    let req = hub_model::ipc::ItemTextRequest {
        child_id: child_id.to_owned(),
        id,
        text: text.to_owned(),
    };
    invoke("portfolio_comment", &Req { req }).await
}

/// The child's IUP terms and versions.
pub async fn iup_versions(child_id: &str) -> Result<hub_model::documentation::IupFilter, CmdError> {
    read("iup_versions", child(child_id)).await
}

/// The questions and answers of IUP version `id`.
pub async fn iup_get(child_id: &str, id: i64) -> Result<hub_model::documentation::IupData, CmdError> {
    read("iup_get", record_item(child_id, id)).await
}

/// The child's åtgärdsprogram.
pub async fn special_plan(child_id: &str) -> Result<hub_model::documentation::SpecialPlan, CmdError> {
    read("special_plan", child(child_id)).await
}

/// The utvecklingssamtal form, or `None`.
pub async fn conference_form(child_id: &str) -> Result<Option<hub_model::documentation::Conference>, CmdError> {
    read("conference_form", child(child_id)).await
}

fn item_text(child_id: &str, id: i64, text: &str) -> Req<hub_model::ipc::ItemTextRequest> {
    Req {
        req: hub_model::ipc::ItemTextRequest {
            child_id: child_id.to_owned(),
            id,
            text: text.to_owned(),
        },
    }
}

/// The child's tasks ("Uppgifter") with the overdue/due/done counts.
pub async fn tasks_list(child_id: &str) -> Result<hub_model::task::TaskList, CmdError> {
    read("tasks_list", child(child_id)).await
}

/// One task with its description, attachments and dialogue; the school marks it read.
pub async fn task_get(child_id: &str, id: i64) -> Result<hub_model::task::TaskDetail, CmdError> {
    read("task_get", record_item(child_id, id)).await
}

/// Sends `text` to task `id`'s dialogue through the write queue; when saved, with the message as stored.
pub async fn task_message_send(
    child_id: &str,
    id: i64,
    text: &str,
) -> Result<WriteAnswer<hub_model::task::TaskMessage>, CmdError> {
    invoke("task_message_send", &item_text(child_id, id, text)).await
}

/// The child's plans ("Planeringar").
pub async fn plans_list(child_id: &str) -> Result<hub_model::plan::UolList, CmdError> {
    read("plans_list", child(child_id)).await
}

/// One plan with its overview and sections.
pub async fn plan_get(child_id: &str, id: i64) -> Result<hub_model::plan::Uol, CmdError> {
    read("plan_get", record_item(child_id, id)).await
}

/// The tasks linked to plan `id`.
pub async fn plan_tasks(child_id: &str, id: i64) -> Result<Vec<hub_model::plan::UolTask>, CmdError> {
    read("plan_tasks", record_item(child_id, id)).await
}

/// The Veckoplan of the ISO week containing `date`.
pub async fn weekly_plan_week(child_id: &str, date: NaiveDate) -> Result<hub_model::weeklyplan::WeeklyPlan, CmdError> {
    let req = DateRequest {
        child_id: child_id.to_owned(),
        date,
    };
    read("weekly_plan_week", Req { req }).await
}

/// The newest posts of the child's class blogs.
pub async fn blog_list(child_id: &str) -> Result<hub_model::blog::BlogPage, CmdError> {
    read("blog_list", child(child_id)).await
}

/// The comments of blog post `id`.
pub async fn blog_comments(child_id: &str, id: i64) -> Result<Vec<hub_model::blog::BlogComment>, CmdError> {
    read("blog_comments", record_item(child_id, id)).await
}

/// Comments blog post `id` through the write queue (students only; others get a conflict).
pub async fn blog_comment_add(
    child_id: &str,
    id: i64,
    text: &str,
) -> Result<WriteAnswer<hub_model::blog::BlogComment>, CmdError> {
    invoke("blog_comment_add", &item_text(child_id, id, text)).await
}

/// A blog image as a `data:` URL.
pub async fn blog_image(child_id: &str, url: &str) -> Result<String, CmdError> {
    let req = hub_model::ipc::ImageRequest {
        child_id: child_id.to_owned(),
        url: url.to_owned(),
    };
    invoke("blog_image", &Req { req }).await
}

/// The child's class list ("Kontaktlista").
pub async fn class_list(child_id: &str) -> Result<hub_model::classlist::ClassList, CmdError> {
    read("class_list", child(child_id)).await
}

/// A classmate's or staff member's contact card.
pub async fn class_contact(
    child_id: &str,
    contact_id: &str,
    staff: bool,
    establishment_id: Option<String>,
) -> Result<hub_model::classlist::ContactCard, CmdError> {
    let req = hub_model::ipc::ContactCardRequest {
        child_id: child_id.to_owned(),
        contact_id: contact_id.to_owned(),
        staff,
        establishment_id,
    };
    read("class_contact", Req { req }).await
}

/// Which of the account's own details other guardians see.
pub async fn contact_visibility_get() -> Result<hub_model::classlist::PrivacySettings, CmdError> {
    read("contact_visibility_get", NoArgs {}).await
}

/// Changes the account's contact visibility through the write queue; when saved, with what the school now has.
pub async fn contact_visibility_set(
    visibility: hub_model::classlist::ContactVisibility,
) -> Result<WriteAnswer<hub_model::classlist::PrivacySettings>, CmdError> {
    invoke("contact_visibility_set", &Req { req: visibility }).await
}

/// The student's eTests.
pub async fn etest_list(child_id: &str) -> Result<Vec<hub_model::etest::OnlineTest>, CmdError> {
    read("etest_list", child(child_id)).await
}

/// Starts or resumes test `test_id`.
pub async fn etest_start(child_id: &str, test_id: i64) -> Result<hub_model::etest::TestAttempt, CmdError> {
    invoke("etest_start", &record_item(child_id, test_id)).await
}

/// Saves one answer through the write queue: the chosen options, or `text` for a text question.
pub async fn etest_answer(
    child_id: &str,
    attempt_id: i64,
    question_id: i64,
    option_ids: Vec<i64>,
    text: Option<String>,
) -> Result<WriteAnswer<()>, CmdError> {
    let req = hub_model::ipc::EtestAnswerRequest {
        child_id: child_id.to_owned(),
        attempt_id,
        question_id,
        option_ids,
        text,
    };
    invoke("etest_answer", &Req { req }).await
}

/// Hands in the attempt through the write queue (after the answers queued before it).
pub async fn etest_submit(
    child_id: &str,
    test_id: i64,
    attempt_id: i64,
) -> Result<WriteAnswer<hub_model::etest::SubmitResponse>, CmdError> {
    let req = hub_model::ipc::EtestSubmitRequest {
        child_id: child_id.to_owned(),
        test_id,
        attempt_id,
    };
    invoke("etest_submit", &Req { req }).await
}

/// The released result of test `test_id`.
pub async fn etest_result(child_id: &str, test_id: i64) -> Result<hub_model::etest::TestResult, CmdError> {
    read("etest_result", record_item(child_id, test_id)).await
}

/// The lessons of the week (Monday to Sunday) that contains `date`.
pub async fn timetable_week(child_id: &str, date: NaiveDate) -> Result<Vec<hub_model::timetable::Lesson>, CmdError> {
    let req = DateRequest {
        child_id: child_id.to_owned(),
        date,
    };
    read("timetable_week", Req { req }).await
}

/// The UI's stored preferences document (`null` when nothing is saved yet).
pub async fn prefs_get() -> Result<serde_json::Value, CmdError> {
    invoke("prefs_get", &NoArgs {}).await
}

/// Replaces the stored preferences with `json` (a JSON object as text).
pub async fn prefs_set(json: &str) -> Result<(), CmdError> {
    invoke("prefs_set", &Req { req: json }).await
}

/// Opens a known external place (`"edlevo"`) in the system's browser or app.
pub async fn open_external(kind: &str) -> Result<(), CmdError> {
    invoke("open_external", &Req { req: kind }).await
}

/// Calls `on_state` with every session-state event of the shell (`hub_model::ipc::SESSION_STATE_EVENT`).
///
/// The listener lives as long as the page: the root component calls this once, so the handler is leaked on
/// purpose instead of being unlistened. Without a shell (a plain browser) nothing is ever reported.
pub fn listen_session_state(on_state: impl Fn(SessionState) + 'static) {
    listen_payload(SESSION_STATE_EVENT, on_state);
}

/// Writes the family calendar (Kalender, fritids days with times, booked samtal) to Downloads as an ICS
/// file, opens it, and answers its path.
pub async fn calendar_export() -> Result<String, CmdError> {
    invoke("calendar_export", &NoArgs {}).await
}

/// Whether the calendar subscription file is kept up to date, and where it is.
pub async fn calendar_subscription_get() -> Result<hub_model::ipc::CalendarSubscription, CmdError> {
    invoke("calendar_subscription_get", &NoArgs {}).await
}

/// Turns the calendar subscription on or off.
pub async fn calendar_subscription_set(on: bool) -> Result<hub_model::ipc::CalendarSubscription, CmdError> {
    invoke("calendar_subscription_set", &Req { req: on }).await
}

/// Saves an attachment in Downloads and opens it; answers the saved file's path.
pub async fn attachment_open(url: &str, title: &str) -> Result<String, CmdError> {
    let req = hub_model::ipc::AttachmentRequest {
        url: url.to_owned(),
        title: title.to_owned(),
    };
    invoke("attachment_open", &Req { req }).await
}

/// The files of calendar entry `id`.
pub async fn calendar_attachments(child_id: &str, id: i64) -> Result<Vec<hub_model::list::Attachment>, CmdError> {
    invoke("calendar_attachments", &record_item(child_id, id)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_arguments_have_the_shape_tauri_expects() {
        let req = PasswordLogin {
            username: "anna".into(),
            password: "hemligt".into(),
        };
        assert_eq!(
            serde_json::to_value(Req { req }).unwrap(),
            serde_json::json!({"req": {"username": "anna", "password": "hemligt"}})
        );
        assert_eq!(serde_json::to_value(NoArgs {}).unwrap(), serde_json::json!({}));
    }

    #[test]
    fn child_reads_send_camel_case_ids_and_iso_dates() {
        assert_eq!(
            serde_json::to_value(child("5102376841")).unwrap(),
            serde_json::json!({"req": {"childId": "5102376841"}})
        );
        let req = DateRequest {
            child_id: "1".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 8).unwrap(),
        };
        assert_eq!(
            serde_json::to_value(Req { req }).unwrap(),
            serde_json::json!({"req": {"childId": "1", "date": "2026-12-08"}})
        );
    }

    #[test]
    fn pairing_answers_decode_from_the_shells_camel_case() {
        let code: PairingCode = serde_json::from_value(serde_json::json!({
            "userCode": "ABCD-EFGH",
            "verificationUri": "https://hub.infomentor.se/device",
            "verificationUriComplete": null,
            "expiresIn": 600,
            "interval": 5,
            "qrSvg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        }))
        .unwrap();
        assert_eq!(
            (code.user_code.as_str(), code.expires_in, code.interval),
            ("ABCD-EFGH", 600, 5)
        );
        let status: PairingStatus = serde_json::from_value(serde_json::json!({"pending": {"interval": 7}})).unwrap();
        assert_eq!(status, PairingStatus::Pending { interval: 7 });
        let status: PairingStatus = serde_json::from_value(serde_json::json!({
            "failed": {"error": {"kind": "offline", "message": "dns"}}
        }))
        .unwrap();
        assert_eq!(
            status,
            PairingStatus::Failed {
                error: CmdError::new(ErrorKind::Offline, "dns")
            }
        );
    }

    #[test]
    fn a_view_is_as_old_as_its_oldest_cached_answer() {
        let at = |h: u32| Stamp {
            fetched_at: chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 12, h, 0, 0).unwrap(),
            cached: true,
        };
        let fresh = Stamp {
            cached: false,
            ..at(15)
        };
        assert_eq!(at(14).older(at(9)), at(9));
        assert_eq!(at(9).older(at(14)), at(9));
        assert_eq!(fresh.older(at(14)), at(14));
        assert_eq!(at(14).older(fresh), at(14));
    }

    #[test]
    fn reads_send_their_source_beside_the_request_as_a_word() {
        // `read_raw` sets `source` on the arguments object next to `req`, as the shell's read commands expect.
        assert_eq!(
            serde_json::to_value(child("1")).unwrap(),
            serde_json::json!({"req": {"childId": "1"}})
        );
        assert_eq!(
            serde_json::to_value(ReadSource::Cache).unwrap(),
            serde_json::json!("cache")
        );
        assert_eq!(
            serde_json::to_value(ReadSource::School).unwrap(),
            serde_json::json!("school")
        );
    }
}

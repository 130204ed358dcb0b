//! The reads of the selected child that both the start page (tile summaries) and the box views use.
//!
//! They live as long as the start page, so opening a box shows what the tile already fetched, and going
//! back does not fetch again. Each read follows the selected child; a box the school did not enable for the
//! child is not asked for at all (it answers `moduleDisabled` locally).
//!
//! A [`Read`] remembers which child (and week) its answer is for, and answers "still loading" while that
//! differs from what is selected now: it keeps its old value while it refetches, and a sibling's news must
//! never show, even for a moment, under another child's name. It serves the cached answer first, with its
//! time, then the school's.

use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use chrono::{DateTime, TimeDelta, Utc};
use hub_model::calendar::CalendarEntry;
use hub_model::ipc::{ReadSource, SessionState};
use hub_model::meeting::PupilAvailabilities;
use hub_model::news::NewsItem;
use hub_model::notifications::NotificationsResponse;
use hub_model::task::TaskList;
use hub_model::timeregistration::TimeRegistrationWeek;
use hub_model::{Child, CmdError, ErrorKind};
use leptos::prelude::*;

use crate::bridge;
use crate::components::loaded::Res;
use crate::components::session_banner::use_session_state;
use crate::format::{is_weekend, monday_of, today};

/// How far ahead the calendar looks: eight weeks.
pub const CALENDAR_DAYS: i64 = 56;

/// An answer of any read, shared without copying; [`Read::get`] gives it back as its type.
type Erased = Rc<dyn Any>;

/// A read's fetch with its type erased: the reads share one copy of the machinery below instead of one per
/// answer type (the UI's bundle size).
type Fetch = Rc<dyn Fn(String) -> Pin<Box<dyn Future<Output = Res<Erased>>>>>;

/// `fetch` with its answer type erased.
fn erase<T: 'static, Fut>(fetch: impl Fn(String) -> Fut + 'static) -> Fetch
where
    Fut: Future<Output = Res<T>> + 'static,
{
    Rc::new(move |id| {
        let answer = fetch(id);
        Box::pin(async move { answer.await.map(|v| Rc::new(v) as Erased) })
    })
}

/// What a [`Read`] shows: the answer for `key`, and when it came from the cache, when the school gave it.
#[derive(Clone)]
struct Shown {
    key: String,
    result: Res<Erased>,
    cached_at: Option<DateTime<Utc>>,
}

/// One read, tagged with the key (child id and any extra, such as a week) it was made for.
///
/// Cache first: for a new key it asks with [`ReadSource::Cache`] and shows a cached answer at once (with
/// its time, [`Read::cached_at`]), then asks the school and shows its answer instead. A failed school read
/// while offline keeps the cached answer (the offline banner says why); any other error replaces it.
/// [`Read::refetch`] (after an error or a write) asks the school only, keeping what is shown until it answers.
/// When the connection comes back, a read showing cached data or an offline error asks again by itself.
pub struct Read<T: 'static> {
    core: ReadHandle,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Read<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Read<T> {}

impl<T: Clone + 'static> Read<T> {
    /// Reads with `fetch` for the selected child when it has module `app`; `extra` adds to the key
    /// whatever else the read depends on (reactive).
    pub fn new<Fut>(
        child: Memo<Option<Child>>,
        app: &'static str,
        extra: impl Fn() -> String + Send + Sync + 'static,
        fetch: impl Fn(String) -> Fut + 'static,
    ) -> Self
    where
        Fut: Future<Output = Res<T>> + 'static,
    {
        let fetch = erase(fetch);
        let key = Memo::new(move |_| {
            let id = child.with(|c| c.as_ref().map(|c| c.id.clone())).unwrap_or_default();
            format!("{id}|{}", extra())
        });
        let target = move || child.with(|c| c.as_ref().filter(|c| has_app(c, app)).map(|c| c.id.clone()));
        Self {
            core: ReadHandle::new(key, Box::new(target), true, fetch),
            answer: PhantomData,
        }
    }

    /// A read that belongs to no box of the selected child (the device's accounts, an entry's files, an image):
    /// asks again whenever what `fetch` reads changes, keeping the old answer until the new one is there, and
    /// asks the shell once, without the cache pass.
    pub fn plain<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Res<T>> + 'static,
    {
        let fetch = erase(move |_| fetch());
        let key = Memo::new(|_| String::new());
        Self {
            core: ReadHandle::new(key, Box::new(|| Some(String::new())), false, fetch),
            answer: PhantomData,
        }
    }

    /// The answer for what is selected now; `None` while it loads.
    pub fn get(&self) -> Option<Res<T>> {
        self.core.get().map(|result| {
            result.and_then(|v| {
                v.downcast_ref::<T>()
                    .cloned()
                    .ok_or_else(|| CmdError::new(ErrorKind::Internal, ""))
            })
        })
    }

    /// When the school gave the answer shown now, if it came from the cache; `None` for a fresh answer.
    pub fn cached_at(&self) -> Option<DateTime<Utc>> {
        self.core.cached_at()
    }

    /// Asks the school again (after an error, or after a write changed what this read shows).
    pub fn refetch(&self) {
        self.core.refetch();
    }

    /// The untyped part of this read.
    pub fn handle(&self) -> ReadHandle {
        self.core
    }

    /// Does not ask again when the shell's poll found new items: for a read whose answer fills a form the user
    /// may be editing (a fritids week, the contact-visibility settings), which a new answer would reset.
    pub fn keep_on_new_items(self) -> Self {
        self.core.follows.set_value(false);
        self
    }

    /// Asks the school again when the shell's poll found new items, as box reads do (for a [`Read::plain`]).
    pub fn follow_new_items(self) -> Self {
        self.core.follows.set_value(true);
        self
    }
}

/// The untyped state of a [`Read`]: what views that do not look at the data (the "Uppdaterad" stamp, "Försök
/// igen") hold, so they are not copied per answer type.
#[derive(Clone, Copy)]
pub struct ReadHandle {
    shown: RwSignal<Option<Shown>, LocalStorage>,
    key: Memo<String>,
    version: RwSignal<u64>,
    /// Whether it asks the school again when the shell's poll found new items (see [`Read::keep_on_new_items`]).
    follows: StoredValue<bool>,
}

impl ReadHandle {
    /// `key` names what is asked for; `target` (tracked) gives the id `fetch` takes, or `None` when the module is
    /// off; `box_read` (a read of the selected child's box) asks the device's cache first whenever the key changes
    /// and asks the school again when the shell's poll found new items.
    fn new(key: Memo<String>, target: Box<dyn Fn() -> Option<String>>, box_read: bool, fetch: Fetch) -> Self {
        let cache_pass = box_read;
        let shown = RwSignal::new_local(None::<Shown>);
        let version = RwSignal::new(0u64);
        let follows = StoredValue::new(box_read);
        // The shell's poll found something new: what is open follows by itself, keeping what it shows until the
        // school answers (the key is the same, so there is no cache pass).
        if let Some(NewItems(arrived)) = use_context::<NewItems>() {
            Effect::watch(
                move || arrived.get(),
                move |_, _, _| {
                    if follows.get_value() {
                        version.update(|v| *v += 1);
                    }
                },
                false,
            );
        }
        // Only the newest run may show its answer.
        let runs = Rc::new(Cell::new(0u64));
        Effect::new(move |loaded: Option<String>| {
            let now = key.get();
            version.track();
            let id = target();
            let cache_first = cache_pass && loaded.as_deref() != Some(now.as_str());
            runs.set(runs.get() + 1);
            let (run, runs, made_for) = (runs.get(), runs.clone(), now.clone());
            let current = move || runs.get() == run;
            let show = move |result: Res<Erased>, cached_at: Option<DateTime<Utc>>| {
                let key = made_for.clone();
                shown.set(Some(Shown { key, result, cached_at }));
            };
            // The futures are made here, so what `fetch` reads is tracked as a resource's source would be.
            let Some(id) = id else {
                show(Err(CmdError::new(ErrorKind::ModuleDisabled, "")), None);
                return now;
            };
            let from_cache = cache_first.then(|| bridge::scoped(ReadSource::Cache, fetch(id.clone())));
            let from_school = bridge::scoped(ReadSource::School, fetch(id));
            leptos::task::spawn_local(async move {
                if let Some(from_cache) = from_cache {
                    let (result, stamp) = from_cache.await;
                    if !current() {
                        return;
                    }
                    let cached_at = stamp.filter(|s| s.cached).map(|s| s.fetched_at);
                    let settled = result.is_err() || cached_at.is_none();
                    show(result, cached_at);
                    if settled {
                        return;
                    }
                }
                let (result, stamp) = from_school.await;
                if !current() {
                    return;
                }
                let offline = matches!(&result, Err(e) if e.kind == ErrorKind::Offline);
                let showing_data = shown.with_untracked(|s| s.as_ref().is_some_and(|s| s.result.is_ok()));
                if !(offline && showing_data) {
                    show(result, stamp.filter(|s| s.cached).map(|s| s.fetched_at));
                }
            });
            now
        });
        // Back in contact with the school: what came from the cache (or failed offline) is asked for again.
        let connection = use_session_state();
        Effect::new(move |before: Option<SessionState>| {
            let state = connection.get();
            let back = before.is_some_and(|b| b != SessionState::Ok) && state == SessionState::Ok;
            let stale = shown.with_untracked(|s| {
                s.as_ref().is_some_and(|s| {
                    s.cached_at.is_some() || matches!(&s.result, Err(e) if e.kind == ErrorKind::Offline)
                })
            });
            if back && stale {
                version.update(|v| *v += 1);
            }
            state
        });
        Self {
            shown,
            key,
            version,
            follows,
        }
    }

    /// Runs `f` on what is shown for the key selected now (`None` while it loads).
    fn get_ref<R>(&self, f: impl FnOnce(Option<&Shown>) -> R) -> R {
        let key = self.key.get();
        self.shown.with(|s| f(s.as_ref().filter(|s| s.key == key)))
    }

    fn get(&self) -> Option<Res<Erased>> {
        self.get_ref(|s| s.map(|s| s.result.clone()))
    }

    /// See [`Read::cached_at`].
    pub fn cached_at(&self) -> Option<DateTime<Utc>> {
        self.get_ref(|s| s.and_then(|s| s.cached_at))
    }

    /// See [`Read::refetch`].
    pub fn refetch(&self) {
        self.version.update(|v| *v += 1);
    }
}

fn has_app(child: &Child, app: &str) -> bool {
    child.apps.iter().any(|a| a.as_str() == app)
}

/// The shared reads; `Copy`, taken with [`use_child_data`].
#[derive(Clone, Copy)]
pub struct ChildData {
    pub child: Memo<Option<Child>>,
    /// All children's notifications (the hub aggregates them).
    pub notifications: Read<NotificationsResponse>,
    pub news: Read<Vec<NewsItem>>,
    pub calendar: Read<Vec<CalendarEntry>>,
    /// The current week, or next week on a weekend.
    pub fritids: Read<TimeRegistrationWeek>,
    pub meeting: Read<PupilAvailabilities>,
    /// The task list, for the counts of overdue and coming tasks in "Att göra".
    pub tasks: Read<TaskList>,
    /// Planeringar, for the tile's count of ongoing plans.
    pub plans: Read<hub_model::plan::UolList>,
    /// Blogg's first page, for the tile's newest title.
    pub blog: Read<hub_model::blog::BlogPage>,
    /// eTest's tests, for the tile's count of tests to do.
    pub etests: Read<Vec<hub_model::etest::OnlineTest>>,
    /// Kontaktlista, for the tile's class name.
    pub classlist: Read<hub_model::classlist::ClassList>,
    /// This week's lessons, for the tile's "Idag: N lektioner".
    pub timetable: Read<Vec<hub_model::timetable::Lesson>>,
    /// The portfolio, for Dokumentation's unread count.
    pub portfolio: Read<hub_model::documentation::Portfolio>,
}

/// The date whose fritids week the start page shows: today, or next Monday on a weekend.
pub fn fritids_anchor() -> chrono::NaiveDate {
    let today = today();
    if is_weekend(today) {
        monday_of(today) + TimeDelta::days(7)
    } else {
        today
    }
}

impl ChildData {
    /// Creates the reads for whichever child `child` holds, and puts them in context.
    pub fn provide(child: Memo<Option<Child>>) -> Self {
        let none = String::new;
        let news = Read::new(child, "communication", none, |id| async move {
            bridge::news_list(&id).await
        });
        let calendar = Read::new(child, "calendarv2", none, |id| async move {
            let from = today();
            bridge::calendar_entries(&id, from, from + TimeDelta::days(CALENDAR_DAYS)).await
        });
        let fritids = Read::new(child, "timeregistration", none, |id| async move {
            bridge::fritids_week(&id, fritids_anchor()).await
        });
        let meeting = Read::new(child, "meeting", none, |id| async move {
            bridge::meeting_availabilities(&id).await
        });
        let tasks = Read::new(child, "task", none, |id| async move { bridge::tasks_list(&id).await });
        let plans = Read::new(child, "uolv2", none, |id| async move { bridge::plans_list(&id).await });
        let blog = Read::new(child, "grouptimeline", none, |id| async move {
            bridge::blog_list(&id).await
        });
        let etests = Read::new(
            child,
            "onlinetest",
            none,
            |id| async move { bridge::etest_list(&id).await },
        );
        let classlist = Read::new(
            child,
            "classlist",
            none,
            |id| async move { bridge::class_list(&id).await },
        );
        let timetable = Read::new(child, "timetable", none, |id| async move {
            bridge::timetable_week(&id, today()).await
        });
        let portfolio = Read::new(child, "documentation", none, |id| async move {
            bridge::portfolio_list(&id).await
        });
        // The badges follow the shell's poll like the box reads (which do by themselves).
        let notifications = Read::plain(bridge::notifications_list).follow_new_items();
        let data = Self {
            child,
            notifications,
            news,
            calendar,
            fritids,
            meeting,
            tasks,
            plans,
            blog,
            etests,
            classlist,
            timetable,
            portfolio,
        };
        provide_context(data);
        data
    }
}

/// How many times the shell reported new notifications while the app runs, in context.
#[derive(Clone, Copy)]
pub struct NewItems(RwSignal<u32>);

/// Listens for the shell's `notifications-new` and puts the counter in context. Call once, at the root.
pub fn provide_new_items() {
    let arrived = RwSignal::new(0u32);
    bridge::listen_notifications_new(move || arrived.update(|n| *n += 1));
    provide_context(NewItems(arrived));
}

/// The reads of the selected child; panics outside the start page.
pub fn use_child_data() -> ChildData {
    expect_context::<ChildData>()
}

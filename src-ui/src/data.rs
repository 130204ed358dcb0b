//! The reads of the selected child that both the start page (tile summaries) and the box views use.
//!
//! They live as long as the start page, so opening a box shows what the tile already fetched, and going
//! back does not fetch again. Each read follows the selected child; a box the school did not enable for the
//! child is not asked for at all (it answers `moduleDisabled` locally).
//!
//! A [`Read`] remembers which child (and week) its answer is for, and answers "still loading" while that
//! differs from what is selected now: a resource keeps its old value while it refetches, and a sibling's
//! news must never show, even for a moment, under another child's name.

use std::future::Future;

use chrono::TimeDelta;
use hub_model::calendar::CalendarEntry;
use hub_model::meeting::PupilAvailabilities;
use hub_model::news::NewsItem;
use hub_model::notifications::NotificationsResponse;
use hub_model::task::TaskList;
use hub_model::timeregistration::TimeRegistrationWeek;
use hub_model::{Child, CmdError, ErrorKind};
use leptos::prelude::*;

use crate::bridge;
use crate::components::loaded::Res;
use crate::format::{is_weekend, monday_of, today};

/// How far ahead the calendar looks: eight weeks.
pub const CALENDAR_DAYS: i64 = 56;

/// One read, tagged with the key (child id and any extra, such as a week) it was made for.
pub struct Read<T: 'static> {
    res: LocalResource<(String, Res<T>)>,
    key: Memo<String>,
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
        let key = Memo::new(move |_| {
            let id = child.with(|c| c.as_ref().map(|c| c.id.clone())).unwrap_or_default();
            format!("{id}|{}", extra())
        });
        let res = LocalResource::new(move || {
            let key = key.get();
            let id = child.with(|c| c.as_ref().filter(|c| has_app(c, app)).map(|c| c.id.clone()));
            let call = id.map(&fetch);
            async move {
                let result = match call {
                    Some(call) => call.await,
                    None => Err(CmdError::new(ErrorKind::ModuleDisabled, "")),
                };
                (key, result)
            }
        });
        Self { res, key }
    }

    /// The answer for what is selected now; `None` while it loads.
    pub fn get(&self) -> Option<Res<T>> {
        let key = self.key.get();
        self.res
            .get()
            .and_then(|(made_for, result)| (made_for == key).then_some(result))
    }

    /// Asks again (after an error).
    pub fn refetch(&self) {
        self.res.refetch();
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
    pub notifications: LocalResource<Res<NotificationsResponse>>,
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
        let blog = Read::new(child, "grouptimeline", none, |id| async move { bridge::blog_list(&id).await });
        let etests = Read::new(child, "onlinetest", none, |id| async move { bridge::etest_list(&id).await });
        let classlist = Read::new(child, "classlist", none, |id| async move { bridge::class_list(&id).await });
        let timetable = Read::new(child, "timetable", none, |id| async move {
            bridge::timetable_week(&id, today()).await
        });
        let portfolio = Read::new(child, "documentation", none, |id| async move {
            bridge::portfolio_list(&id).await
        });
        let notifications = LocalResource::new(bridge::notifications_list);
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

/// The reads of the selected child; panics outside the start page.
pub fn use_child_data() -> ChildData {
    expect_context::<ChildData>()
}

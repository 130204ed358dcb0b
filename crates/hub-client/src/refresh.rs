//! The full refresh plan (issue 4): everything a family's start screen shows, in about two round trips per
//! child.
//!
//! Notifications are one list for all children, so they are read once, alongside the children. The hub
//! keeps the selected child in the session, so children are taken one after another: each is selected
//! once through the session's child queue (verified from `homeData`), and then every box the school
//! enabled for it is read **in parallel** while the queue is held on its shared side, so no switch can
//! happen under a read in flight. Every box keeps its own `Result`: one failing box loses nothing else.
//!
//! A session that dies mid-refresh is renewed once and only the boxes that met the dead session are read
//! again. A 429 stops the plan: the children not reached yet report [`Error::RateLimited`] without a
//! request.

use chrono::{Datelike, Days, NaiveDate};
use hub_model::assessment::AssessmentOverview;
use hub_model::attendance::AttendanceOverview;
use hub_model::blog::BlogPage;
use hub_model::calendar::CalendarEntry;
use hub_model::classlist::ClassList;
use hub_model::documentation::Portfolio;
use hub_model::documents::Document;
use hub_model::etest::OnlineTest;
use hub_model::links::Link;
use hub_model::meeting::PupilAvailabilities;
use hub_model::messages::MessageList;
use hub_model::news::NewsItem;
use hub_model::notifications::NotificationsResponse;
use hub_model::plan::UolList;
use hub_model::task::TaskList;
use hub_model::timeregistration::TimeRegistrationWeek;
use hub_model::timetable::Lesson;
use hub_model::weeklyplan::WeeklyPlan;
use hub_model::{Account, AppCode, Child};

use crate::call::lease_has;
use crate::client::HubClient;
use crate::error::{Error, Result};
use crate::{
    attendance, blog, calendar, classlist, communication, documentation, etest, meeting, plan, stepup, task,
    timeregistration, timetable, weeklyplan,
};

/// One box of a child: `None` when the school has not enabled its module for the child (nothing was sent),
/// else the read's own outcome.
pub type BoxResult<T> = Option<Result<T>>;

/// What [`HubClient::refresh_with`] reads: the dates the time-bound boxes cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshPlan {
    /// "Today" in Stockholm: the calendar starts here and the fritids week contains it.
    pub today: NaiveDate,
    /// How many weeks of calendar to read, from `today` on (8 by default).
    pub calendar_weeks: u32,
}

impl RefreshPlan {
    /// The default plan for the given day: 8 weeks of calendar and the week of `today`.
    pub fn on(today: NaiveDate) -> Self {
        Self {
            today,
            calendar_weeks: 8,
        }
    }

    /// The default plan for the current day in Stockholm.
    pub fn today() -> Self {
        Self::on(
            chrono::Utc::now()
                .with_timezone(&chrono_tz::Europe::Stockholm)
                .date_naive(),
        )
    }

    /// Monday and Sunday of the ISO week containing `today` (the timetable's range).
    pub fn week_range(&self) -> (NaiveDate, NaiveDate) {
        let monday = self
            .today
            .checked_sub_days(Days::new(u64::from(self.today.weekday().num_days_from_monday())))
            .unwrap_or(self.today);
        (monday, monday.checked_add_days(Days::new(6)).unwrap_or(monday))
    }

    /// The calendar range, both ends inclusive.
    pub fn calendar_range(&self) -> (NaiveDate, NaiveDate) {
        let days = u64::from(self.calendar_weeks.max(1)) * 7 - 1;
        (
            self.today,
            self.today.checked_add_days(Days::new(days)).unwrap_or(self.today),
        )
    }
}

/// Everything one refresh read for an account.
#[derive(Debug)]
pub struct FamilySnapshot {
    /// When the refresh started.
    pub taken_at: chrono::DateTime<chrono::Utc>,
    /// The plan's dates.
    pub plan: RefreshPlan,
    /// The account's notifications, for every child at once.
    pub notifications: Result<NotificationsResponse>,
    /// One entry per child, in the account's order.
    pub children: Vec<ChildSnapshot>,
}

/// Everything one refresh read for one child. Each box is kept apart, so one failing box loses nothing
/// else; data is only ever stored under the child the hub verifiably had selected when it was read.
#[derive(Debug)]
pub struct ChildSnapshot {
    /// The child, with `apps` as the hub reported them when the child was selected for this refresh.
    pub child: Child,
    /// Whether the child could be selected; on an error every box is `None` and nothing was read.
    pub selection: Result<()>,
    /// `communication`: news, newest first.
    pub news: BoxResult<Vec<NewsItem>>,
    /// `communication`: documents.
    pub documents: BoxResult<Vec<Document>>,
    /// `communication`: links.
    pub links: BoxResult<Vec<Link>>,
    /// `calendarv2`: the entries of [`RefreshPlan::calendar_range`].
    pub calendar: BoxResult<Vec<CalendarEntry>>,
    /// `timeregistration`: the fritids week containing [`RefreshPlan::today`].
    pub fritids: BoxResult<TimeRegistrationWeek>,
    /// `meeting`: bookable development-talk slots.
    pub meetings: BoxResult<PupilAvailabilities>,
    /// `task`: tasks with their counts.
    pub tasks: BoxResult<TaskList>,
    /// `uolv2`: plans of the current academic year.
    pub plans: BoxResult<UolList>,
    /// `weeklyplan`: the plan of the ISO week containing [`RefreshPlan::today`].
    pub weekly_plan: BoxResult<WeeklyPlan>,
    /// `grouptimeline`: the first page of the class blog.
    pub blog: BoxResult<BlogPage>,
    /// `classlist`: the class list.
    pub class_list: BoxResult<ClassList>,
    /// `assessmentsv2`: the overview with grades; [`Error::StepUpRequired`] until the session is strong.
    pub assessments: BoxResult<AssessmentOverview>,
    /// `onlinetest` (students): the tests.
    pub etests: BoxResult<Vec<OnlineTest>>,
    /// `documentation`: the current semester's portfolio (with its unread count).
    pub portfolio: BoxResult<Portfolio>,
    /// `timetable`: the lessons of the ISO week containing [`RefreshPlan::today`].
    pub timetable: BoxResult<Vec<Lesson>>,
    /// `attendance`: today, tomorrow, absences and leave requests.
    pub attendance: BoxResult<AttendanceOverview>,
    /// Messages (no module code name is recorded, so always read): the first inbox page.
    pub messages: BoxResult<MessageList>,
}

impl ChildSnapshot {
    fn unselected(child: &Child, error: Error) -> Self {
        Self {
            child: child.clone(),
            selection: Err(error),
            news: None,
            documents: None,
            links: None,
            calendar: None,
            fritids: None,
            meetings: None,
            tasks: None,
            plans: None,
            weekly_plan: None,
            blog: None,
            class_list: None,
            assessments: None,
            etests: None,
            portfolio: None,
            timetable: None,
            attendance: None,
            messages: None,
        }
    }

    /// How many boxes were read (enabled), whatever their outcome.
    pub fn boxes_read(&self) -> usize {
        [
            self.news.is_some(),
            self.documents.is_some(),
            self.links.is_some(),
            self.calendar.is_some(),
            self.fritids.is_some(),
            self.meetings.is_some(),
            self.tasks.is_some(),
            self.plans.is_some(),
            self.weekly_plan.is_some(),
            self.blog.is_some(),
            self.class_list.is_some(),
            self.assessments.is_some(),
            self.etests.is_some(),
            self.portfolio.is_some(),
            self.timetable.is_some(),
            self.attendance.is_some(),
            self.messages.is_some(),
        ]
        .into_iter()
        .filter(|b| *b)
        .count()
    }

    /// The errors of the boxes that failed, with the module each belongs to.
    pub fn box_errors(&self) -> Vec<(&'static str, &Error)> {
        [
            ("news", err(&self.news)),
            ("documents", err(&self.documents)),
            ("links", err(&self.links)),
            ("calendar", err(&self.calendar)),
            ("fritids", err(&self.fritids)),
            ("meetings", err(&self.meetings)),
            ("tasks", err(&self.tasks)),
            ("plans", err(&self.plans)),
            ("weekly_plan", err(&self.weekly_plan)),
            ("blog", err(&self.blog)),
            ("class_list", err(&self.class_list)),
            ("assessments", err(&self.assessments)),
            ("etests", err(&self.etests)),
            ("portfolio", err(&self.portfolio)),
            ("timetable", err(&self.timetable)),
            ("attendance", err(&self.attendance)),
            ("messages", err(&self.messages)),
        ]
        .into_iter()
        .filter_map(|(name, e)| e.map(|e| (name, e)))
        .collect()
    }

    /// Whether Bedömningar is enabled but waits for the BankID step-up ([`Error::StepUpRequired`]).
    pub fn needs_stepup(&self) -> bool {
        matches!(self.assessments, Some(Err(Error::StepUpRequired)))
    }

    fn any_box(&self, pred: impl Fn(&Error) -> bool) -> bool {
        self.box_errors().into_iter().any(|(_, e)| pred(e))
    }
}

fn err<T>(slot: &BoxResult<T>) -> Option<&Error> {
    slot.as_ref().and_then(|r| r.as_ref().err())
}

/// Errors that make the rest of the session unusable: the caller must log in or pair again.
fn session_level(e: &Error) -> bool {
    matches!(
        e,
        Error::SessionExpired | Error::AccountChanged | Error::NeedsPairing | Error::Persist(_)
    )
}

/// Switch ids the client puts into the switch path: what the hub sends (digits), nothing path-like.
fn plausible_switch_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

async fn when<T>(enabled: bool, read: impl Future<Output = Result<T>>) -> BoxResult<T> {
    if enabled { Some(read.await) } else { None }
}

async fn again_if_expired<T, Fut>(slot: BoxResult<T>, read: impl FnOnce() -> Fut) -> BoxResult<T>
where
    Fut: Future<Output = Result<T>>,
{
    match slot {
        // An empty body while `isauthenticated` said yes: the hub glitched under a session that was dying or
        // just renewed; a read is safe to ask once more.
        Some(Err(Error::SessionExpired | Error::EmptyBody { .. })) => Some(read().await),
        other => other,
    }
}

impl HubClient {
    /// Reads everything the start screen shows for every child of `account` (see [`RefreshPlan::today`]):
    /// notifications once, then per child one switch and all enabled boxes in parallel.
    ///
    /// Returns an error only when the session itself is lost (expired and not renewable, another
    /// account, the device unpaired); everything else is reported per child and per box.
    ///
    /// ```no_run
    /// # async fn demo(client: hub_client::HubClient) -> hub_client::Result<()> {
    /// let account = client.account().await?;
    /// let snapshot = client.refresh_all(&account).await?;
    /// for child in &snapshot.children {
    ///     let news = child.news.as_ref().and_then(|r| r.as_ref().ok()).map_or(0, Vec::len);
    ///     println!("{}: {news} news", child.child.name.first);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn refresh_all(&self, account: &Account) -> Result<FamilySnapshot> {
        self.refresh_with(account, &RefreshPlan::today()).await
    }

    /// [`HubClient::refresh_all`] with explicit dates.
    pub async fn refresh_with(&self, account: &Account, plan: &RefreshPlan) -> Result<FamilySnapshot> {
        let taken_at = chrono::Utc::now();
        // Notifications need no child, so they travel alongside the first child's switch.
        let (notifications, children) = tokio::join!(self.notifications(), self.refresh_children(account, plan));
        let children = children?;
        if let Err(e) = &notifications
            && session_level(e)
        {
            return Err(notifications.err().unwrap_or(Error::SessionExpired));
        }
        Ok(FamilySnapshot {
            taken_at,
            plan: *plan,
            notifications,
            children,
        })
    }

    async fn refresh_children(&self, account: &Account, plan: &RefreshPlan) -> Result<Vec<ChildSnapshot>> {
        // The child the session already has selected goes first: it needs no switch.
        let selected = self.selected_child();
        let mut order: Vec<usize> = (0..account.children.len()).collect();
        order.sort_by_key(|&i| Some(&account.children[i].id) != selected.as_ref());
        let mut out: Vec<Option<ChildSnapshot>> = account.children.iter().map(|_| None).collect();
        let mut rate_limited = None;
        for i in order {
            let child = &account.children[i];
            let snapshot = match rate_limited {
                Some(retry_after) => ChildSnapshot::unselected(child, Error::RateLimited { retry_after }),
                None => self.refresh_child(child, plan).await?,
            };
            if let Err(Error::RateLimited { retry_after }) = &snapshot.selection {
                rate_limited = Some(*retry_after);
            }
            for (_, e) in snapshot.box_errors() {
                if let Error::RateLimited { retry_after } = e {
                    rate_limited = Some(*retry_after);
                }
            }
            out[i] = Some(snapshot);
        }
        Ok(out.into_iter().flatten().collect())
    }

    /// The pupil id the session has selected, as last verified in the current session generation.
    fn selected_child(&self) -> Option<String> {
        let selection = self.inner().switch_lock.try_read().ok()?;
        let generation = self.inner().generation.load(std::sync::atomic::Ordering::SeqCst);
        selection
            .as_ref()
            .filter(|s| s.generation == generation)
            .map(|s| s.pupil_id.clone())
    }

    async fn refresh_child(&self, child: &Child, plan: &RefreshPlan) -> Result<ChildSnapshot> {
        let pupil_id = child.id.as_str();
        let switch_id = child.switch_id.as_deref().filter(|s| plausible_switch_id(s));
        let lease = match self.renewing(|| self.lease_child(pupil_id, switch_id)).await {
            Ok(lease) => lease,
            Err(e) if session_level(&e) => return Err(e),
            Err(e) => return Ok(ChildSnapshot::unselected(child, e)),
        };
        // Under the lease no renewal can run (it needs the queue for writing), so this is the generation
        // the batch below is sent in.
        let seen = self.inner().generation.load(std::sync::atomic::Ordering::SeqCst);
        let apps: Vec<String> = lease.as_ref().map(|s| s.apps.clone()).unwrap_or_default();
        let on = |app: &str| lease_has(&lease, app);
        let (from, to) = plan.calendar_range();
        let week = plan.today.iso_week();
        let (monday, sunday) = plan.week_range();
        // Every enabled box of the child in one parallel batch (one round trip).
        let (
            (news, documents, links, calendar_entries, fritids, meetings, tasks),
            (plans, weekly_plan, blog_page, class_list, assessments, etests, portfolio),
            (lessons, attendance_overview, inbox),
        ) = tokio::join!(
            async {
                tokio::join!(
                    when(on(communication::APP), self.news_locked()),
                    when(on(communication::APP), self.documents_locked()),
                    when(on(communication::APP), self.links_locked()),
                    when(on(calendar::APP), self.calendar_locked(from, to)),
                    when(on(timeregistration::APP), self.week_locked(plan.today)),
                    when(on(meeting::APP), self.meeting_availabilities_locked()),
                    when(on(task::APP), self.tasks_locked()),
                )
            },
            async {
                tokio::join!(
                    when(on(plan::APP), self.plans_locked()),
                    when(on(weeklyplan::APP), self.weekly_plan_locked(week.year(), week.week())),
                    when(on(blog::APP), self.blog_locked(1)),
                    when(on(classlist::APP), self.class_list_locked()),
                    when(on(stepup::ASSESSMENTS_APP), self.assessments_locked()),
                    when(on(etest::APP), self.etests_locked()),
                    when(on(documentation::APP), self.portfolio_locked()),
                )
            },
            async {
                tokio::join!(
                    when(on(timetable::APP), self.timetable_locked(monday, sunday)),
                    when(on(attendance::APP), self.attendance_locked()),
                    when(true, self.messages_locked(1)),
                )
            },
        );
        drop(lease);
        let mut snapshot = ChildSnapshot {
            child: Child {
                apps: apps.into_iter().map(AppCode).collect(),
                ..child.clone()
            },
            selection: Ok(()),
            news,
            documents,
            links,
            calendar: calendar_entries,
            fritids,
            meetings,
            tasks,
            plans,
            weekly_plan,
            blog: blog_page,
            class_list,
            assessments,
            etests,
            portfolio,
            timetable: lessons,
            attendance: attendance_overview,
            messages: inbox,
        };
        if snapshot.any_box(|e| matches!(e, Error::SessionExpired | Error::EmptyBody { .. })) {
            // Renew once (or join a renewal already done) and read again only what met the dead session;
            // the public reads switch back to this child through the queue.
            if snapshot.any_box(|e| matches!(e, Error::SessionExpired)) {
                self.renew(seen).await?;
            }
            let s = snapshot;
            let (
                (news, documents, links, calendar, fritids, meetings, tasks),
                (plans, weekly_plan, blog_page, class_list, assessments, etests, portfolio),
                (lessons, attendance_overview, inbox),
            ) = tokio::join!(
                async {
                    tokio::join!(
                        again_if_expired(s.news, || self.news(pupil_id)),
                        again_if_expired(s.documents, || self.documents(pupil_id)),
                        again_if_expired(s.links, || self.links(pupil_id)),
                        again_if_expired(s.calendar, || self.calendar(pupil_id, from, to)),
                        again_if_expired(s.fritids, || self.fritids_week(pupil_id, plan.today)),
                        again_if_expired(s.meetings, || self.meeting_availabilities(pupil_id)),
                        again_if_expired(s.tasks, || self.tasks(pupil_id)),
                    )
                },
                async {
                    tokio::join!(
                        again_if_expired(s.plans, || self.plans(pupil_id)),
                        again_if_expired(s.weekly_plan, || self.weekly_plan(pupil_id, week.year(), week.week())),
                        again_if_expired(s.blog, || self.blog(pupil_id, 1)),
                        again_if_expired(s.class_list, || self.class_list(pupil_id)),
                        again_if_expired(s.assessments, || self.assessments(pupil_id)),
                        again_if_expired(s.etests, || self.etests(pupil_id)),
                        again_if_expired(s.portfolio, || self.portfolio(pupil_id)),
                    )
                },
                async {
                    tokio::join!(
                        again_if_expired(s.timetable, || self.timetable(pupil_id, monday, sunday)),
                        again_if_expired(s.attendance, || self.attendance(pupil_id)),
                        again_if_expired(s.messages, || self.messages(pupil_id, 1)),
                    )
                },
            );
            snapshot = ChildSnapshot {
                child: s.child,
                selection: s.selection,
                news,
                documents,
                links,
                calendar,
                fritids,
                meetings,
                tasks,
                plans,
                weekly_plan,
                blog: blog_page,
                class_list,
                assessments,
                etests,
                portfolio,
                timetable: lessons,
                attendance: attendance_overview,
                messages: inbox,
            };
            if let Some((_, e)) = snapshot.box_errors().into_iter().find(|(_, e)| session_level(e)) {
                tracing::info!(error = %e, "the session was lost during the refresh");
                return Err(Error::SessionExpired);
            }
        }
        Ok(snapshot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_plan_covers_eight_weeks() {
        let today = NaiveDate::from_ymd_opt(2025, 1, 22).unwrap();
        let plan = RefreshPlan::on(today);
        assert_eq!(
            plan.calendar_range(),
            (today, NaiveDate::from_ymd_opt(2025, 3, 18).unwrap())
        );
    }

    #[test]
    fn only_plain_switch_ids_go_into_the_path() {
        assert!(plausible_switch_id("2047113"));
        assert!(!plausible_switch_id("../Account"));
        assert!(!plausible_switch_id("1?x=2"));
        assert!(!plausible_switch_id(""));
    }
}

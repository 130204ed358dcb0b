//! Parser tests for the boxes added in issue 4: fixtures written from the shapes `hub-protocol.md` §4.4–4.14
//! records (and, for the designed boxes, `docs/protocol-extensions.md`), decoded the way the client decodes
//! every answer, with the recorded variations and malformed bodies.

use hub_client::{Error, decode_json, stockholm};
use hub_model::Items;
use hub_model::assessment::{AssessmentItems, AssessmentOverview};
use hub_model::attendance::{AttendanceList, LeaveRequest};
use hub_model::blog::BlogPage;
use hub_model::classlist::{ClassList, ContactCard, ContactVisibility, Preferences};
use hub_model::documentation::{Conference, IupFilter, PortfolioDetailResponse};
use hub_model::etest::{QuestionKind, TestAttempt, TestList, TestStatus};
use hub_model::learnlog::LearnLogEntry;
use hub_model::meeting::Bookings;
use hub_model::messages::{Message, MessageList};
use hub_model::plan::{Uol, UolList, UolTasks};
use hub_model::task::TaskList;
use hub_model::timetable::{Lesson, TimetableAppData};
use hub_model::weeklyplan::WeeklyPlan;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/", $path))
    };
}

fn assert_drift<T: std::fmt::Debug>(result: hub_client::Result<T>, want_path: &str) {
    match result {
        Err(Error::Decode { path, .. }) => assert_eq!(path, want_path),
        other => panic!("expected a decode error at {want_path}, got {other:?}"),
    }
}

#[test]
fn tasks_with_counts_and_both_date_spellings() {
    let list: TaskList = decode_json("tasks", fixture!("task/get_tasks.json")).unwrap();
    assert_eq!((list.total_overdue, list.total_due, list.total_done), (0, 1, 1));
    let [open, done] = &list.items[..] else {
        panic!("two tasks")
    };
    assert_eq!(open.due().unwrap().to_string(), "2025-02-07T00:00:00");
    assert!(!open.is_read() && !open.is_done());
    assert_eq!(open.milestone_count, 2);
    // Only `dueDate`, date-only.
    assert_eq!(done.due().unwrap().date().to_string(), "2025-01-17");
    assert!(done.is_read() && done.is_done() && done.has_unread_comments);
    assert_drift(
        decode_json::<TaskList>("tasks", fixture!("task/get_tasks_bad_id.json")),
        "items[0].id",
    );
}

#[test]
fn plans_list_detail_and_tasks() {
    let list: UolList = decode_json("plans", fixture!("plan/get_uols.json")).unwrap();
    assert_eq!(list.uols.len(), 2);
    // Subject names in the hub's order, not the id order.
    assert_eq!(list.subject_names(&list.uols[0]), ["Historia", "Svenska"]);
    assert_eq!(list.current_academic_year_id.as_ref().unwrap().as_str(), "2024");
    let uol: Uol = decode_json("plan", fixture!("plan/get_uol.json")).unwrap();
    assert_eq!(uol.sections.len(), 3);
    assert_eq!(uol.overview("Lärare"), Some("Berg, Jonas"));
    assert_eq!(uol.overview("Årskurs"), Some("5"));
    assert_eq!(uol.sections[1].sections[0].fields[0].label, "Historia");
    let tasks: UolTasks = decode_json("plan tasks", fixture!("plan/get_all_tasks.json")).unwrap();
    assert_eq!(tasks.tasks[0].title, "Runstenar");
}

#[test]
fn assessments_grade_terms_navigation_and_statements() {
    let o: AssessmentOverview = decode_json("assessments", fixture!("assessment/app_data_strong.json")).unwrap();
    assert!(!o.needs_stepup());
    let term = o.grade_report_terms.iter().find(|t| t.selected).unwrap();
    assert_eq!(term.value, "Vt år 8");
    let model = term.subject_grades_list_model.as_ref().unwrap();
    let english = &model.subjects_grade_data[0];
    assert_eq!(english.current_grade.as_ref().unwrap().value.as_deref(), Some("B"));
    assert_eq!(english.past_grade.as_ref().unwrap().value.as_deref(), Some("C"));
    assert_eq!(model.on_hold_subjects_grade_data[0].current_grade, None);
    assert_eq!(model.merit_value.unwrap().max_value, Some(340.0));
    assert_eq!(o.navigation_model.navigation_items_list[0].grid_ids(), [701]);
    let items: AssessmentItems = decode_json("assessment items", fixture!("assessment/task_items.json")).unwrap();
    let [marked, blank] = &items.statement_items_list[..] else {
        panic!("two statements")
    };
    assert!(marked.is_assessed() && !blank.is_assessed());
    assert_eq!(marked.mark_option_colour.as_deref(), Some("#f5b82e"));
    assert_eq!(marked.marked_at().unwrap().to_string(), "2025-01-15T13:02:00");
    assert_eq!(blank.marked_at(), None);
    // The refusal shape of a weak session still decodes as an overview that needs the step-up.
    let weak: AssessmentOverview = decode_json("assessments", fixture!("assessment/step_up_required.json")).unwrap();
    assert!(weak.needs_stepup());
}

#[test]
fn class_list_cards_and_preferences() {
    let list: ClassList = decode_json("class list", fixture!("classlist/app_data.json")).unwrap();
    let staff = list.group_config.iter().find(|g| g.is_staff_group).unwrap();
    // Group ids come as text or numbers.
    assert_eq!(staff.id.as_str(), "-1");
    assert_eq!(staff.items[0].establishment_id.as_ref().unwrap().as_str(), "4400000017");
    assert!(!list.user_config.unwrap().is_pupil);
    let card: ContactCard = decode_json("pupil", fixture!("classlist/get_pupil.json")).unwrap();
    assert_eq!(card.parents[0].relation.as_deref(), Some("Mamma"));
    assert_eq!(card.parents[0].mobile, None, "hidden fields are null");
    let prefs: Preferences = decode_json("preferences", fixture!("classlist/preferences.json")).unwrap();
    let privacy = prefs.sections.privacy.unwrap();
    // `showEmail` is not in the recorded shape: it defaults to hidden.
    assert_eq!(
        ContactVisibility::from(&privacy),
        ContactVisibility::new(true, false, true, true, false)
    );
    assert_eq!(prefs.sections.push_notifications.unwrap().notifications.len(), 1);
}

#[test]
fn documentation_portfolio_iup_and_conference() {
    let detail: PortfolioDetailResponse =
        decode_json("portfolio item", fixture!("documentation/portfolio_detail.json")).unwrap();
    let detail = detail.portfolio_detail.unwrap();
    assert_eq!(
        detail.comment[0].user.as_ref().unwrap().kind.as_deref(),
        Some("Guardian")
    );
    assert_eq!(detail.publisher_user.unwrap().initial.as_deref(), Some("JB"));
    let iup: IupFilter = decode_json("iup", fixture!("documentation/iup_filter.json")).unwrap();
    assert_eq!(iup.terms[0].versions.len(), 2);
    assert!(iup.terms[1].versions.is_empty());
    let form: Conference = decode_json("conference", fixture!("documentation/conference.json")).unwrap();
    assert!(form.needs_home());
}

#[test]
fn learnlog_bare_array_with_prose_dates() {
    let list: Items<LearnLogEntry> = decode_json("learnlog", fixture!("learnlog/entries.json")).unwrap();
    let [group, own] = &list.items[..] else {
        panic!("two entries")
    };
    assert!(!group.is_individual() && own.is_individual());
    let t = group.modified().unwrap();
    assert_eq!(stockholm(t).to_rfc3339(), "2026-08-24T21:38:00+02:00");
    assert_eq!(own.modified().unwrap().to_string(), "2026-09-03T08:05:00");
    assert_eq!(group.media[0].file_type.as_deref(), Some("Image"));
}

#[test]
fn designed_boxes_weekly_plan_blog_bookings_and_etest() {
    let week: WeeklyPlan = decode_json("weekly plan", fixture!("weeklyplan/week.json")).unwrap();
    assert!(!week.is_empty());
    assert_eq!(week.homework[0].due_date.unwrap().to_string(), "2025-01-24T00:00:00");
    let blog: BlogPage = decode_json("blog", fixture!("blog/entries.json")).unwrap();
    assert!(blog.more);
    assert_eq!(blog.entries[0].images.len(), 1);
    let bookings: Bookings = decode_json("bookings", fixture!("meeting/bookings.json")).unwrap();
    let b = &bookings.bookings[0];
    assert_eq!(b.availability_id.as_str(), "3301");
    assert_eq!(
        stockholm(b.change_deadline.unwrap()).to_rfc3339(),
        "2025-02-04T23:59:00+01:00"
    );
    let attempt: TestAttempt = decode_json("etest start", fixture!("etest/start.json")).unwrap();
    let kinds: Vec<QuestionKind> = attempt.questions.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [
            QuestionKind::Single,
            QuestionKind::Multiple,
            QuestionKind::Text,
            QuestionKind::Unknown
        ]
    );
    assert_eq!(attempt.questions[1].answer.as_ref().unwrap().option_ids, [20]);
    let tests: TestList = decode_json("etests", fixture!("etest/tests.json")).unwrap();
    assert_eq!(tests.items[0].status, TestStatus::Graded);
    assert_eq!(tests.items[1].status, TestStatus::Unknown);
    assert_eq!(tests.items[1].closes_at.to_string(), "2025-01-28T00:00:00");
    assert_drift(
        decode_json::<TestList>("etests", fixture!("etest/tests_bad_date.json")),
        "items[0].opensAt",
    );
}

#[test]
fn timetable_bare_array_or_items_and_local_times() {
    let list: Items<Lesson> = decode_json("timetable", fixture!("timetable/list.json")).unwrap();
    let [maths, lunch] = &list.items[..] else {
        panic!("two lessons")
    };
    assert!(!maths.is_break() && lunch.is_break());
    assert_eq!(stockholm(maths.start).to_rfc3339(), "2026-09-11T09:00:00+02:00");
    assert_eq!(maths.notes.as_ref().unwrap().tutor_names(), ["Jonas Berg", "Sara Lind"]);
    assert!(lunch.notes.as_ref().unwrap().tutor_names().is_empty());
    let window: TimetableAppData = decode_json("timetable window", fixture!("timetable/items_wrapped.json")).unwrap();
    // 02:30 on the spring switch does not exist in Stockholm: moved forward, never a panic.
    assert_eq!(
        stockholm(window.items[0].start).to_rfc3339(),
        "2026-03-29T03:30:00+02:00"
    );
    assert_eq!(window.starting_hour.as_deref(), Some("1.00:00:00"));
    let wrapped: Items<Lesson> = decode_json("timetable", fixture!("timetable/items_wrapped.json")).unwrap();
    assert_eq!(wrapped.items.len(), 1);
}

#[test]
fn messages_with_date_only_and_full_times() {
    let list: MessageList = decode_json("messages", fixture!("messages/list.json")).unwrap();
    assert_eq!(list.items[0].time_sent.unwrap().to_string(), "2026-09-08T00:00:00");
    assert_eq!(list.items[1].time_sent.unwrap().to_string(), "2026-08-20T07:45:00");
    // Sender ids come as numbers or text.
    assert_eq!(list.items[1].sent_user.as_ref().unwrap().id.as_str(), "770102");
    let m: Message = decode_json("message", fixture!("messages/message.json")).unwrap();
    assert_eq!(m.summary.message_subject, "Utflykt på fredag");
    assert_eq!(m.to_users[0].display_name.as_deref(), Some("Karin Björklund"));
    assert_drift(
        decode_json::<MessageList>("messages", fixture!("messages/bad_time.json")),
        "items[0].timeSent",
    );
}

#[test]
fn attendance_list_and_leave_requests() {
    let list: AttendanceList = decode_json("absences", fixture!("attendance/list.json")).unwrap();
    assert_eq!(list.total_items, 2);
    assert_eq!(list.items[0].date().unwrap().to_string(), "2026-09-08");
    assert_eq!(list.items[1].time.as_deref(), Some("08:15 - 09:00"));
    let leave: Items<LeaveRequest> = decode_json("leave", fixture!("attendance/leave_requests.json")).unwrap();
    let l = &leave.items[0];
    assert_eq!(l.status.as_deref(), Some("Approved"));
    assert_eq!(l.to_date.unwrap().date().to_string(), "2026-10-14");
    assert_eq!(l.from_time, None);
}

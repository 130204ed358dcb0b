//! The boxes added for issue 4 against the in-process emulator: tasks and their dialogue, plans, veckoplan,
//! blog, class list and contact visibility, documentation, assessments behind the BankID step-up, eTest,
//! lärlogg and conference booking, with the up-front module check and the never-blind write after renewal.

use hub_client::{Error, HubClient, Refusal};
use hub_emulator::{EmulatorHandle, demo};
use hub_model::Account;
use hub_model::classlist::ContactVisibility;
use hub_model::etest::{Answer, QuestionKind, TestStatus};
use hub_model::learnlog::LearnLogKind;
use hub_model::stepup::{StepUpMethod, StepUpState};
use hub_model::task::MessageRole;

mod common;
use common::{child, client_for, logged_in};

async fn admin(emu: &EmulatorHandle, path: &str, body: serde_json::Value) -> serde_json::Value {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let resp = reqwest::Client::new()
        .post(format!("{}{path}", emu.urls.admin))
        .json(&body)
        .send()
        .await
        .expect("admin reachable");
    assert!(resp.status().is_success(), "{path}: {}", resp.status());
    resp.json().await.expect("admin answers json")
}

async fn student(emu: &EmulatorHandle) -> (HubClient, Account) {
    let client = client_for(emu);
    client
        .login_password(demo::STUDENT_USERNAME, demo::STUDENT_PASSWORD)
        .await
        .expect("student login");
    let account = client.account().await.expect("account");
    (client, account)
}

/// Sends nothing when the module is off: the child is selected first, then no request goes out.
async fn assert_disabled_up_front<T: std::fmt::Debug>(
    client: &HubClient,
    pupil: &str,
    read: impl AsyncFnOnce() -> hub_client::Result<T>,
) {
    client.select_child(pupil).await.unwrap();
    let before = client.request_count();
    let result = read().await;
    assert!(matches!(result, Err(Error::ModuleDisabled { .. })), "got {result:?}");
    assert_eq!(client.request_count(), before, "nothing was sent");
}

#[tokio::test]
async fn tasks_with_counts_and_a_dialogue_that_is_sent_once() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    let list = client.tasks(nils).await.unwrap();
    assert!(!list.items.is_empty(), "Nils has tasks");
    assert_eq!(list.more, 0);
    assert_eq!(
        (list.total_overdue + list.total_due + list.total_done) as usize,
        list.items.len()
    );
    assert_eq!(
        list.items.iter().filter(|t| t.is_done()).count() as i64,
        list.total_done
    );
    assert!(
        list.items.iter().all(|t| t.due().is_some()),
        "every demo task has a due date"
    );

    let first = &list.items[0];
    let detail = client.task(nils, first.id).await.unwrap();
    assert_eq!(detail.task.title, first.title);
    assert!(
        client.tasks(nils).await.unwrap().items[0].is_read(),
        "opening marks read"
    );

    let sent = client
        .send_task_message(nils, first.id, "  Hej! Vi har en fråga.  ")
        .await
        .unwrap();
    assert_eq!(sent.text, "Hej! Vi har en fråga.");
    assert_eq!(sent.role, MessageRole::Guardian);
    let after = client.task(nils, first.id).await.unwrap();
    assert_eq!(after.messages.len(), detail.messages.len() + 1);
    assert_eq!(after.messages.iter().filter(|m| m.id == sent.id).count(), 1);
    assert!(matches!(
        client.send_task_message(nils, first.id, "   ").await,
        Err(Error::InvalidInput(_))
    ));

    let elsa = child(&account, "Elsa");
    assert_disabled_up_front(&client, elsa, async || client.tasks(elsa).await).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn plans_with_sections_and_tasks() {
    let (emu, client, account) = logged_in().await;
    let maja = child(&account, "Maja");
    let plans = client.plans(maja).await.unwrap();
    assert!(!plans.uols.is_empty());
    assert!(plans.academic_years.iter().any(|y| y.selected));
    let mut with_tasks = 0;
    for summary in &plans.uols {
        assert!(
            !plans.subject_names(summary).is_empty(),
            "{} has a subject",
            summary.title
        );
        let uol = client.plan(maja, summary.id).await.unwrap();
        assert_eq!(uol.id, summary.id);
        assert_eq!(uol.title, summary.title);
        assert!(uol.overview("Startdatum").is_some_and(|s| !s.is_empty()));
        // GetAllTasks answers an empty body for a plan without tasks: an empty list, not an error.
        with_tasks += usize::from(!client.plan_tasks(maja, summary.id).await.unwrap().is_empty());
    }
    assert!(with_tasks > 0, "some demo plan has tasks");
    let elsa = child(&account, "Elsa");
    assert_disabled_up_front(&client, elsa, async || client.plans(elsa).await).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn weekly_plans_by_iso_week() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    let index = client.weekly_plan_weeks(elsa).await.unwrap();
    assert!(!index.weeks.is_empty(), "Elsa's class has weekly plans");
    let mut filled = 0;
    for w in &index.weeks {
        let plan = client.weekly_plan(elsa, w.year, w.week).await.unwrap();
        assert_eq!((plan.year, plan.week), (w.year, w.week));
        filled += usize::from(!plan.is_empty());
    }
    assert!(filled > 0);
    // A week with no plan has the same shape, empty.
    let empty = client.weekly_plan(elsa, 2001, 1).await.unwrap();
    assert!(empty.is_empty());
    assert!(matches!(
        client.weekly_plan(elsa, 2025, 54).await,
        Err(Error::InvalidInput(_))
    ));
    emu.shutdown().await;
}

#[tokio::test]
async fn blog_pages_and_only_students_comment() {
    let (emu, client, account) = logged_in().await;
    let maja = child(&account, "Maja");
    let page = client.blog(maja, 1).await.unwrap();
    assert!(!page.entries.is_empty());
    let entry = &page.entries[0];
    assert!(!entry.can_comment, "guardians cannot comment");
    assert!(entry.published_date.is_some());
    let comments = client.blog_comments(maja, entry.id).await.unwrap();
    assert_eq!(comments.len() as i64, entry.comment_count);
    match client.add_blog_comment(maja, entry.id, "Fint!").await {
        Err(Error::Refused {
            code: Refusal::NotAllowed,
            message,
        }) => assert!(!message.is_empty(), "the hub's own text"),
        other => panic!("expected NotAllowed, got {other:?}"),
    }

    let (pupil_client, pupil_account) = student(&emu).await;
    let me = &pupil_account.children[0].id;
    let page = pupil_client.blog(me, 1).await.unwrap();
    let entry = &page.entries[0];
    assert!(entry.can_comment);
    let comment = pupil_client
        .add_blog_comment(me, entry.id, "Roligt att läsa")
        .await
        .unwrap();
    let now = pupil_client.blog_comments(me, entry.id).await.unwrap();
    assert_eq!(now.len(), comments.len() + 1);
    assert!(now.iter().any(|c| c.id == comment.id && c.text == "Roligt att läsa"));
    emu.shutdown().await;
}

#[tokio::test]
async fn class_list_cards_and_contact_visibility() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    let list = client.class_list(nils).await.unwrap();
    let staff = list
        .group_config
        .iter()
        .find(|g| g.is_staff_group)
        .expect("staff group");
    let class = list
        .group_config
        .iter()
        .find(|g| !g.is_staff_group)
        .expect("class group");
    let classmate = class.items.iter().find(|m| m.id.as_str() != nils).expect("a classmate");
    let card = client.class_pupil(nils, classmate.id.as_str()).await.unwrap();
    assert_eq!(card.details.id, classmate.id);
    let teacher = &staff.items[0];
    let card = client
        .class_staff(
            nils,
            teacher.id.as_str(),
            teacher.establishment_id.as_ref().map(|e| e.as_str()),
        )
        .await
        .unwrap();
    assert_eq!(card.details.name.as_deref(), Some(teacher.name.as_str()));
    assert!(card.parents.is_empty());

    let prefs = client.preferences().await.unwrap();
    assert!(
        prefs
            .sections
            .account_settings
            .unwrap()
            .language_options
            .iter()
            .any(|l| l.selected)
    );
    let before = client.contact_visibility().await.unwrap();
    let mut wanted = ContactVisibility::from(&before);
    wanted.show_address = !wanted.show_address;
    wanted.show_phone = !wanted.show_phone;
    let after = client.set_contact_visibility(wanted).await.unwrap();
    assert_eq!(ContactVisibility::from(&after), wanted);
    assert_ne!(ContactVisibility::from(&before), wanted);

    let (pupil_client, _) = student(&emu).await;
    assert!(matches!(
        pupil_client.set_contact_visibility(wanted).await,
        Err(Error::Refused {
            code: Refusal::NotAllowed,
            ..
        })
    ));
    emu.shutdown().await;
}

#[tokio::test]
async fn documentation_tabs_portfolio_comments_iup_and_conference_form() {
    let (emu, client, account) = logged_in().await;
    let mut portfolio_seen = false;
    let mut iup_seen = false;
    let mut forms = 0;
    for c in &account.children {
        let id = c.id.as_str();
        let tabs = client.documentation_tabs(id).await.unwrap();
        assert!(tabs.tabs.iter().any(|t| t == "portfolio"));
        assert!(tabs.is_guardian);
        client.journal(id).await.unwrap();
        client.special_plan(id).await.unwrap();
        forms += usize::from(client.conference_form(id).await.unwrap().is_some());
        let portfolio = client.portfolio(id).await.unwrap();
        if let Some(item) = portfolio.paged_list.items.first() {
            portfolio_seen = true;
            let detail = client.portfolio_item(id, item.id).await.unwrap();
            assert_eq!(detail.title, item.title);
            let comment = client.add_portfolio_comment(id, item.id, "Vad fint!").await.unwrap();
            let again = client.portfolio_item(id, item.id).await.unwrap();
            assert_eq!(again.comment.len(), detail.comment.len() + 1);
            assert!(again.comment.iter().any(|c| c.id == comment.id));
            assert!(matches!(
                client.portfolio_item(id, 999_999).await,
                Err(Error::Refused {
                    code: Refusal::NotFound,
                    ..
                })
            ));
        }
        for term in client.iup_versions(id).await.unwrap().terms {
            for v in term.versions {
                iup_seen = true;
                assert!(!client.iup(id, v.id).await.unwrap().questions.is_empty());
            }
        }
    }
    assert!(portfolio_seen && iup_seen);
    assert!(forms > 0, "some child has an utvecklingssamtal form");
    emu.shutdown().await;
}

#[tokio::test]
async fn assessments_need_the_step_up_then_show_grades_and_marks() {
    let (emu, client, account) = logged_in().await;
    let maja = child(&account, "Maja");
    assert!(matches!(client.assessments(maja).await, Err(Error::StepUpRequired)));
    assert!(matches!(client.grades(maja, "1").await, Err(Error::StepUpRequired)));
    assert!(matches!(client.grades(maja, "ett").await, Err(Error::InvalidInput(_))));

    let order = client.stepup_start(StepUpMethod::OtherDevice).await.unwrap();
    admin(
        &emu,
        "/admin/bankid",
        serde_json::json!({"orderRef": order.order_ref, "outcome": "complete"}),
    )
    .await;
    assert_eq!(
        client.stepup_collect(&order.order_ref).await.unwrap(),
        StepUpState::Complete
    );

    let overview = client.assessments(maja).await.unwrap();
    assert!(!overview.grade_report_terms.is_empty());
    let term = overview
        .grade_report_terms
        .iter()
        .find(|t| t.selected)
        .expect("a selected term");
    let grades = client.grades(maja, &term.key).await.unwrap();
    assert!(!grades.subjects_grade_data.is_empty());
    let in_overview = term.subject_grades_list_model.as_ref().unwrap();
    assert_eq!(grades.subjects_grade_data.len(), in_overview.subjects_grade_data.len());
    let grid = overview.navigation_model.grid_items_list.first().expect("a grid");
    let items = client.assessment_grid(maja, grid.id).await.unwrap();
    assert!(!items.statement_items_list.is_empty());
    assert!(
        items
            .statement_items_list
            .iter()
            .any(|s| s.is_assessed() && s.marked_at().is_some())
    );
    assert!(
        items
            .statement_items_list
            .iter()
            .all(|s| s.is_assessed() != s.is_blank_mark)
    );
    let task = overview
        .navigation_model
        .navigation_items_list
        .iter()
        .flat_map(|n| &n.linked_tasks)
        .next()
        .expect("an assessed task");
    let task_items = client.assessment_task(maja, task.id).await.unwrap();
    assert_eq!(task_items.context_type.as_deref(), Some("Task"));
    assert!(!task_items.statement_items_list.is_empty());
    let nils = child(&account, "Nils");
    assert_disabled_up_front(&client, nils, async || client.assessments(nils).await).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn etest_start_answer_submit_and_released_result() {
    let emu = EmulatorHandle::start(hub_emulator::Config::default()).await.unwrap();
    let (client, account) = student(&emu).await;
    let me = account.children[0].id.as_str();
    let tests = client.etests(me).await.unwrap();
    assert_eq!(tests.len(), 3);
    let open = tests
        .iter()
        .find(|t| t.status == TestStatus::NotStarted && t.title.contains("Algebra"))
        .unwrap();
    let attempt = client.etest_start(me, open.id).await.unwrap();
    assert!(attempt.ends_at.0 > open.opens_at.0);
    for q in &attempt.questions {
        let answer = match q.kind {
            QuestionKind::Text => Answer::Text("En bokstav som står för ett tal.".into()),
            _ => Answer::Options(vec![q.options[0].id]),
        };
        client
            .etest_save_answer(me, attempt.attempt_id, q.id, answer)
            .await
            .unwrap();
    }
    // Start resumes the same attempt with the saved answers.
    let resumed = client.etest_start(me, open.id).await.unwrap();
    assert_eq!(resumed.attempt_id, attempt.attempt_id);
    assert!(resumed.questions.iter().all(|q| q.answer.is_some()));
    client.etest_submit(me, open.id, attempt.attempt_id).await.unwrap();
    assert!(matches!(
        client.etest_result(me, open.id).await,
        Err(Error::Refused {
            code: Refusal::NotReleased,
            ..
        })
    ));
    admin(
        &emu,
        "/admin/etest/release",
        serde_json::json!({"testId": open.id, "teacherComment": "Bra!"}),
    )
    .await;
    let result = client.etest_result(me, open.id).await.unwrap();
    assert_eq!(result.questions.len(), attempt.questions.len());
    assert!(result.score <= result.max_score);
    assert_eq!(result.teacher_comment.as_deref(), Some("Bra!"));
    let later = tests.iter().find(|t| t.title.contains("Cellen")).unwrap();
    assert!(matches!(
        client.etest_start(me, later.id).await,
        Err(Error::Refused {
            code: Refusal::NotOpen,
            ..
        })
    ));
    // Guardians do not have the student-only module.
    let guardian = client_for(&emu);
    guardian
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    let family = guardian.account().await.unwrap();
    let maja = child(&family, "Maja");
    assert_disabled_up_front(&guardian, maja, async || guardian.etests(maja).await).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn learnlog_entries_with_prose_dates() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    let all = client.learnlog(elsa, LearnLogKind::All, 1).await.unwrap();
    assert!(!all.is_empty());
    assert!(all.iter().all(|e| e.modified().is_some()), "every prose date parses");
    let own = client.learnlog(elsa, LearnLogKind::Individual, 1).await.unwrap();
    let group = client.learnlog(elsa, LearnLogKind::Group, 1).await.unwrap();
    assert_eq!(own.len() + group.len(), all.len());
    assert!(own.iter().all(|e| e.is_individual()));
    assert!(group.iter().all(|e| !e.is_individual()));
    emu.shutdown().await;
}

#[tokio::test]
async fn book_change_and_cancel_a_conference_with_typed_refusals() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    let slots = client.meeting_availabilities(nils).await.unwrap();
    let free: Vec<_> = slots.availabilities.iter().filter(|s| !s.is_booked()).collect();
    assert!(free.len() >= 2, "two free slots in the demo");
    assert!(client.meeting_bookings(nils).await.unwrap().is_empty());

    let booking = client
        .book_meeting(nils, free[0].availability_id.as_str())
        .await
        .unwrap();
    assert_eq!(booking.availability_id, free[0].availability_id);
    assert!(booking.can_change && booking.can_cancel);
    match client.book_meeting(nils, free[1].availability_id.as_str()).await {
        Err(Error::Refused {
            code: Refusal::AlreadyBooked,
            message,
        }) => assert!(message.contains("Ändra")),
        other => panic!("expected AlreadyBooked, got {other:?}"),
    }
    let moved = client
        .rebook_meeting(nils, booking.meeting_id, free[1].availability_id.as_str())
        .await
        .unwrap();
    assert_eq!(moved.availability_id, free[1].availability_id);
    let bookings = client.meeting_bookings(nils).await.unwrap();
    assert_eq!(bookings.len(), 1);
    client.cancel_meeting(nils, booking.meeting_id).await.unwrap();
    assert!(client.meeting_bookings(nils).await.unwrap().is_empty());

    // A slot whose booking deadline has passed.
    let day = chrono::Utc::now().date_naive() + chrono::Days::new(20);
    let closed = admin(
        &emu,
        "/admin/meeting-slots",
        serde_json::json!({"className": "5A", "date": day.to_string(), "timeFrom": "15:00", "timeTo": "15:20",
                            "closesAt": "2001-01-01T00:00:00"}),
    )
    .await;
    let closed_id = closed["availabilityId"].to_string();
    assert!(matches!(
        client.book_meeting(nils, &closed_id).await,
        Err(Error::Refused {
            code: Refusal::BookingClosed,
            ..
        })
    ));
    assert!(matches!(
        client.book_meeting(nils, "").await,
        Err(Error::InvalidInput(_))
    ));
    let elsa = child(&account, "Elsa");
    assert_disabled_up_front(&client, elsa, async || client.meeting_bookings(elsa).await).await;
    emu.shutdown().await;
}

#[tokio::test]
async fn a_booking_that_met_a_dead_session_is_re_read_then_sent_once() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    let slots = client.meeting_availabilities(nils).await.unwrap();
    let free = slots.availabilities.iter().find(|s| !s.is_booked()).unwrap();
    // The next hub request (the booking) meets a dead session.
    admin(&emu, "/admin/faults", serde_json::json!({"expireSessions": 1})).await;
    let booking = client.book_meeting(nils, free.availability_id.as_str()).await.unwrap();
    assert_eq!(client.session_renewals(), 1);
    assert_eq!(booking.availability_id, free.availability_id);
    // Exactly one booking row in the database: the write was not duplicated.
    let rows = reqwest::Client::new()
        .get(format!("{}/admin/meeting-bookings", emu.urls.admin))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let rows: Vec<_> = rows["bookings"]
        .as_array()
        .expect("bookings")
        .iter()
        .filter(|r| r["pupilId"] == nils)
        .cloned()
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(client.meeting_bookings(nils).await.unwrap().len(), 1);
    emu.shutdown().await;
}

#[tokio::test]
async fn timetable_messages_and_attendance() {
    let (emu, client, account) = logged_in().await;
    let elsa = child(&account, "Elsa");
    // Lekeberg keeps Schema and Frånvaro in Edlevo: off until the school turns them on.
    assert_disabled_up_front(&client, elsa, async || client.attendance(elsa).await).await;
    for app in ["timetable", "attendance"] {
        admin(
            &emu,
            "/admin/apps",
            serde_json::json!({"pupilId": elsa, "codeName": app, "enabled": true}),
        )
        .await;
    }
    // The remembered selection still says "off": a fresh account read sees the modules.
    client.clear_session();
    client
        .login_password(demo::GUARDIAN_USERNAME, demo::GUARDIAN_PASSWORD)
        .await
        .unwrap();
    let today = emu
        .state()
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .date_naive();
    let lessons = client
        .timetable(elsa, today, today + chrono::Days::new(13))
        .await
        .unwrap();
    assert!(!lessons.is_empty());
    assert!(lessons.iter().any(|l| l.is_break()), "lunch is listed as a lesson");
    for l in &lessons {
        assert!(l.start < l.end, "{l:?}");
        assert!(l.start.date() >= today && l.start.date() <= today + chrono::Days::new(13));
    }
    assert!(
        lessons
            .iter()
            .filter_map(|l| l.notes.as_ref())
            .any(|n| !n.tutor_names().is_empty())
    );
    let window = client.timetable_window(elsa).await.unwrap();
    assert!(!window.items.is_empty());
    assert!(matches!(
        client.timetable(elsa, today, today - chrono::Days::new(1)).await,
        Err(Error::InvalidInput(_))
    ));

    let overview = client.attendance(elsa).await.unwrap();
    assert!(overview.is_parent);
    let absences = client.absences(elsa).await.unwrap();
    assert!(!absences.items.is_empty());
    assert!(absences.items.iter().all(|a| a.date().is_some()));
    let leave = client.leave_requests(elsa).await.unwrap();
    assert_eq!(leave.len(), overview.leave_requests.len());

    let inbox = client.messages(elsa, 1).await.unwrap();
    assert!(!inbox.items.is_empty());
    let first = &inbox.items[0];
    assert!(first.time_sent.is_some());
    let message = client.message(elsa, first.id).await.unwrap();
    assert_eq!(message.summary.id, first.id);
    assert_eq!(message.summary.message_subject, first.message_subject);
    assert!(message.message_body_plain_text.is_some_and(|b| !b.is_empty()));
    // Messages are per child: another child's inbox does not hold Elsa's message.
    let nils = child(&account, "Nils");
    let other = client.messages(nils, 1).await.unwrap();
    assert!(other.items.iter().all(|m| m.id != first.id));
    emu.shutdown().await;
}

#[tokio::test]
async fn language_and_push_preferences_are_saved_and_read_back() {
    let (emu, client, _account) = logged_in().await;
    client.set_language("en-GB").await.unwrap();
    let prefs = client.preferences().await.unwrap();
    let langs = prefs.sections.account_settings.unwrap().language_options;
    assert!(langs.iter().any(|l| l.selected && l.key == "en-GB"));
    client.set_language("sv-SE").await.unwrap();
    assert!(matches!(
        client.set_language("xx-XX").await,
        Err(Error::Refused { code: Refusal::Other(ref c), .. }) if c == "InvalidLanguage"
    ));
    let push = client.preferences().await.unwrap().sections.push_notifications.unwrap();
    let first = &push.notifications[0];
    client
        .set_push_notification(first.id.as_str(), !first.is_selected)
        .await
        .unwrap();
    let again = client.preferences().await.unwrap().sections.push_notifications.unwrap();
    assert_eq!(again.notifications[0].is_selected, !first.is_selected);
    assert!(matches!(
        client.set_push_notification("999", true).await,
        Err(Error::Refused {
            code: Refusal::NotFound,
            ..
        })
    ));
    // Assessment notifications have their own state endpoint.
    let list = client.notifications().await.unwrap();
    let assessment = list
        .notifications
        .iter()
        .find(|n| n.app_type == hub_model::notifications::AppType::Assessment)
        .expect("an assessment notification in the demo");
    client
        .update_assessment_notification_state(&[assessment.id], hub_model::notifications::NotificationState::Read)
        .await
        .unwrap();
    let after = client.notifications().await.unwrap();
    let n = after.notifications.iter().find(|n| n.id == assessment.id).unwrap();
    assert_eq!(n.state, hub_model::notifications::NotificationState::Read);
    emu.shutdown().await;
}

#[tokio::test]
async fn a_booking_past_its_deadline_cannot_be_cancelled() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    let slots = client.meeting_availabilities(nils).await.unwrap();
    let free = slots.availabilities.iter().find(|s| !s.is_booked()).unwrap();
    let booking = client.book_meeting(nils, free.availability_id.as_str()).await.unwrap();
    let deadline = booking.change_deadline.expect("a change deadline");
    let now = emu
        .state()
        .clock
        .now()
        .with_timezone(&chrono_tz::Europe::Stockholm)
        .naive_local();
    let past = (deadline.0 - now).num_seconds() + 3600;
    admin(&emu, "/admin/clock", serde_json::json!({ "advanceSeconds": past })).await;
    let listed = client.meeting_bookings(nils).await.unwrap();
    assert!(!listed[0].can_cancel && !listed[0].can_change);
    match client.cancel_meeting(nils, booking.meeting_id).await {
        Err(Error::Refused {
            code: Refusal::CancelClosed,
            message,
        }) => assert!(!message.is_empty()),
        other => panic!("expected CancelClosed, got {other:?}"),
    }
    assert_eq!(client.meeting_bookings(nils).await.unwrap().len(), 1, "still booked");
    emu.shutdown().await;
}

#[tokio::test]
async fn malformed_bodies_and_rate_limits_on_the_new_boxes_are_typed_errors() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    client.tasks(nils).await.unwrap();
    admin(
        &emu,
        "/admin/faults",
        serde_json::json!({"malformedPaths": ["/task/task/gettasks"], "malformedMode": "truncate"}),
    )
    .await;
    assert!(matches!(client.tasks(nils).await, Err(Error::Decode { .. })));
    admin(&emu, "/admin/faults/clear", serde_json::json!({})).await;
    admin(
        &emu,
        "/admin/faults",
        serde_json::json!({"rateLimitNext": 1, "retryAfterSecs": 30}),
    )
    .await;
    match client.plans(nils).await {
        Err(Error::RateLimited { retry_after }) => assert_eq!(retry_after.map(|d| d.as_secs()), Some(30)),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    // The next read goes through: the limit was for one request.
    assert!(!client.plans(nils).await.unwrap().uols.is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn a_write_that_already_reached_the_hub_is_not_sent_again_after_renewal() {
    let (emu, client, account) = logged_in().await;
    let nils = child(&account, "Nils");
    let slots = client.meeting_availabilities(nils).await.unwrap();
    let free = slots.availabilities.iter().find(|s| !s.is_booked()).unwrap();
    let slot = free.availability_id.as_str();
    let booking = client.book_meeting(nils, slot).await.unwrap();
    // Sent again on a live session, the hub refuses: the pupil already has a booking.
    assert!(matches!(
        client.book_meeting(nils, slot).await,
        Err(Error::Refused {
            code: Refusal::AlreadyBooked,
            ..
        })
    ));
    // The same write meeting a dead session: after renewal the re-read shows it done, so the client
    // answers with the booking instead of sending it again.
    admin(&emu, "/admin/expire-sessions", serde_json::json!({})).await;
    let again = client.book_meeting(nils, slot).await.unwrap();
    assert_eq!(client.session_renewals(), 1);
    assert_eq!(again.meeting_id, booking.meeting_id);
    // Likewise a cancel whose effect is already there.
    client.cancel_meeting(nils, booking.meeting_id).await.unwrap();
    admin(&emu, "/admin/expire-sessions", serde_json::json!({})).await;
    client.cancel_meeting(nils, booking.meeting_id).await.unwrap();
    assert_eq!(client.session_renewals(), 2);
    assert!(client.meeting_bookings(nils).await.unwrap().is_empty());
    emu.shutdown().await;
}

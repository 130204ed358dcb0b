//! The scenarios, one module per area; each starts a fresh app instance.

use std::future::Future;
use std::pin::Pin;

use crate::Ctx;

mod accounts;
mod boxes;
mod content;
mod dashboard;
mod files;
mod login;
mod offline;
mod pairing;
mod records;
mod shell;
mod summaries;
mod this_device;
mod writes;

/// A boxed scenario future.
pub type BoxFut = Pin<Box<dyn Future<Output = Result<(), String>>>>;

/// URLs of the standalone emulator the password scenarios log in to.
#[derive(Clone)]
pub struct EmuUrls {
    /// The admin API: approve device codes, expire sessions.
    pub admin: String,
}

/// A named scenario.
pub type Scenario = (&'static str, fn(Ctx) -> BoxFut);

/// Every scenario, in run order.
pub const ALL: &[Scenario] = &[
    ("login::demo_shows_the_three_children", |c| {
        Box::pin(login::demo_shows_the_three_children(c))
    }),
    ("login::wrong_password_shows_the_schools_text", |c| {
        Box::pin(login::wrong_password_shows_the_schools_text(c))
    }),
    ("login::remember_me_logs_in_by_itself_until_logga_ut", |c| {
        Box::pin(login::remember_me_logs_in_by_itself_until_logga_ut(c))
    }),
    ("login::language_switch_translates_the_start_screen", |c| {
        Box::pin(login::language_switch_translates_the_start_screen(c))
    }),
    (
        "accounts::two_accounts_switch_restart_and_logga_ut_removes_only_the_active",
        |c| Box::pin(accounts::two_accounts_switch_restart_and_logga_ut_removes_only_the_active(c)),
    ),
    ("boxes::information_shows_each_childs_own_news", |c| {
        Box::pin(boxes::information_shows_each_childs_own_news(c))
    }),
    ("boxes::calendar_lists_coming_events", |c| {
        Box::pin(boxes::calendar_lists_coming_events(c))
    }),
    ("boxes::fritids_shows_a_school_week", |c| {
        Box::pin(boxes::fritids_shows_a_school_week(c))
    }),
    ("boxes::fritids_day_times_are_changed_and_checked", |c| {
        Box::pin(boxes::fritids_day_times_are_changed_and_checked(c))
    }),
    ("boxes::conference_slots_only_where_bookable", |c| {
        Box::pin(boxes::conference_slots_only_where_bookable(c))
    }),
    ("records::a_conference_is_booked_shown_and_cancelled", |c| {
        Box::pin(records::a_conference_is_booked_shown_and_cancelled(c))
    }),
    ("records::assessments_after_bankid_show_symbols_and_grades", |c| {
        Box::pin(records::assessments_after_bankid_show_symbols_and_grades(c))
    }),
    ("content::tasks_list_detail_and_dialogue", |c| {
        Box::pin(content::tasks_list_detail_and_dialogue(c))
    }),
    ("content::plans_list_and_detail", |c| {
        Box::pin(content::plans_list_and_detail(c))
    }),
    ("content::weeklyplan_weeks_back_and_forth", |c| {
        Box::pin(content::weeklyplan_weeks_back_and_forth(c))
    }),
    ("records::documentation_tabs_show_the_childs_records", |c| {
        Box::pin(records::documentation_tabs_show_the_childs_records(c))
    }),
    ("content::blog_posts_image_and_comments", |c| {
        Box::pin(content::blog_posts_image_and_comments(c))
    }),
    ("content::classlist_card_and_own_visibility", |c| {
        Box::pin(content::classlist_card_and_own_visibility(c))
    }),
    ("records::etest_student_answers_hands_in_and_reads_the_result", |c| {
        Box::pin(records::etest_student_answers_hands_in_and_reads_the_result(c))
    }),
    ("records::schedule_week_when_the_module_is_on", |c| {
        Box::pin(records::schedule_week_when_the_module_is_on(c))
    }),
    ("pairing::other_device_pairs_stays_paired_and_unpairs", |c| {
        Box::pin(pairing::other_device_pairs_stays_paired_and_unpairs(c))
    }),
    ("this_device::this_device_logs_in_through_the_login_window", |c| {
        Box::pin(this_device::this_device_logs_in_through_the_login_window(c))
    }),
    ("this_device::this_device_avbryt_closes_the_login_window", |c| {
        Box::pin(this_device::this_device_avbryt_closes_the_login_window(c))
    }),
    ("this_device::this_device_closing_the_login_window_ends_the_wait", |c| {
        Box::pin(this_device::this_device_closing_the_login_window_ends_the_wait(c))
    }),
    ("this_device::this_device_login_window_times_out", |c| {
        Box::pin(this_device::this_device_login_window_times_out(c))
    }),
    ("dashboard::layout_survives_a_restart_and_resets", |c| {
        Box::pin(dashboard::layout_survives_a_restart_and_resets(c))
    }),
    ("dashboard::family_overview_todo_edlevo_and_banner", |c| {
        Box::pin(dashboard::family_overview_todo_edlevo_and_banner(c))
    }),
    ("dashboard::screenshots_in_every_language_theme_and_size", |c| {
        Box::pin(dashboard::screenshots_in_every_language_theme_and_size(c))
    }),
    ("shell::new_items_become_desktop_notifications_once", |c| {
        Box::pin(shell::new_items_become_desktop_notifications_once(c))
    }),
    ("shell::a_second_launch_hands_over_to_the_running_app", |c| {
        Box::pin(shell::a_second_launch_hands_over_to_the_running_app(c))
    }),
    ("files::attachments_and_calendar_files_land_on_disk", |c| {
        Box::pin(files::attachments_and_calendar_files_land_on_disk(c))
    }),
    ("summaries::tiles_summarise_class_week_plans_and_bankid", |c| {
        Box::pin(summaries::tiles_summarise_class_week_plans_and_bankid(c))
    }),
    ("offline::offline_start_shows_the_cached_news_with_its_time", |c| {
        Box::pin(offline::offline_start_shows_the_cached_news_with_its_time(c))
    }),
    ("writes::a_refusal_reads_in_the_users_language", |c| {
        Box::pin(writes::a_refusal_reads_in_the_users_language(c))
    }),
    (
        "writes::a_message_written_offline_is_sent_once_when_the_school_is_back",
        |c| {
            Box::pin(writes::a_message_written_offline_is_sent_once_when_the_school_is_back(
                c,
            ))
        },
    ),
];

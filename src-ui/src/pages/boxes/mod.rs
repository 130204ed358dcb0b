//! A box's full view: a header with "Tillbaka" and the box's name, then the view for that box.
//!
//! The start page opens it by setting its `open` signal to a [`Tile`]; "Tillbaka" and Escape clear it again,
//! and the child selection, which lives on the start page, is untouched. Boxes without a view yet say so
//! plainly instead of showing an empty shell.

pub mod assessments;
pub mod blog;
pub mod booking;
pub mod calendar;
pub mod classlist;
pub mod documentation;
pub mod etest;
pub mod fritids;
pub mod information;
pub mod meeting;
pub mod plans;
pub mod schedule;
pub mod tasks;
pub mod weeklyplan;

use hub_model::Child;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::boxes::Tile;
use crate::components::icon::Icon;
#[cfg(skolhub_split)]
use crate::components::loaded::{ErrorState, Skeleton};
use crate::i18n::tr;
#[cfg(skolhub_split)]
use hub_model::{CmdError, ErrorKind};

/// The open box of `child`; `on_back` returns to the start page.
#[component]
pub fn BoxView(tile: Tile, child: Child, on_back: Callback<()>) -> impl IntoView {
    let heading = NodeRef::<html::H1>::new();
    // Move focus into the view, so keyboard and screen-reader users start at its top.
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    let escape = window_event_listener(ev::keydown, move |e| {
        if e.key() == "Escape" {
            on_back.run(());
        }
    });
    on_cleanup(move || escape.remove());

    #[cfg(skolhub_split)]
    let body = {
        // A failed load is not remembered: "Försök igen" loads again.
        let attempt = RwSignal::new(0u32);
        let body = move || {
            attempt.track();
            Suspend::new(async move {
                match box_body(tile).await {
                    Ok(view) => view,
                    Err(error) => {
                        web_sys::console::error_1(&format!("skolhub: the box views did not load: {error}").into());
                        let error = CmdError::new(ErrorKind::Internal, "");
                        view! { <ErrorState error on_retry=move || attempt.update(|n| *n += 1) /> }.into_any()
                    }
                }
            })
        };
        // The first box opened waits for the module, like a read waits for the school.
        view! { <Suspense fallback=|| view! { <Skeleton /> }>{body}</Suspense> }
    };
    #[cfg(not(skolhub_split))]
    let body = box_body(tile).unwrap_or_else(|never| match never {});
    view! {
        <section class="box-view" data-testid="box-view" data-app=tile.app aria-labelledby="box-view-heading">
            <div class="box-view-head">
                <button
                    type="button"
                    class="btn btn-quiet back-button"
                    data-testid="back"
                    aria-label=tr("box_view.back_label")
                    on:click=move |_| on_back.run(())
                >
                    <Icon name="back" size=20 />
                    <span>{tr("common.back")}</span>
                </button>
                <div class="box-view-title" data-app=tile.app>
                    <span class="tile-icon" aria-hidden="true">
                        <Icon name=tile.icon size=24 />
                    </span>
                    <div>
                        <h1 id="box-view-heading" class="box-view-name" tabindex="-1" node_ref=heading>
                            {tr(tile.name_key)}
                        </h1>
                        <p class="box-view-child">{child.name.full()}</p>
                    </div>
                </div>
            </div>
            <div class="box-view-body">{body}</div>
        </section>
    }
}

/// A box the hub offers but Skolhub does not show yet.
#[component]
fn ComingSoon(tile: Tile) -> impl IntoView {
    view! {
        <div class="card soon" data-testid="coming-soon">
            <span class="soon-icon" aria-hidden="true">
                <Icon name=tile.icon size=36 />
            </span>
            <h2 class="card-title">{tr("box_view.soon_title")}</h2>
            <p class="muted">{tr(tile.desc_key)}</p>
            <p>{tr("box_view.soon_body")}</p>
        </div>
    }
}

/// Why a box's view could not be shown: only a lazily loaded module that did not load.
#[cfg(skolhub_split)]
type BodyError = leptos::wasm_split::SplitLoaderError;
#[cfg(not(skolhub_split))]
type BodyError = std::convert::Infallible;

/// The view of one box.
///
/// In the shipped build (`cfg(skolhub_split)`, set by `cargo xtask ui-release`) this function and everything
/// only it uses, the views of all boxes, is a separate wasm module that the window loads the first time a box
/// is opened (wasm-split, Leptos's code splitting): the start page appears without compiling them. Other builds
/// link it in as a plain function.
#[cfg_attr(
    skolhub_split,
    leptos::wasm_split::wasm_split(box_views, fallible, wasm_split_path = ::leptos::wasm_split)
)]
fn box_body(tile: Tile) -> Result<AnyView, BodyError> {
    Ok(match tile.app {
        "communication" => view! { <information::InformationView /> }.into_any(),
        "calendarv2" => view! { <calendar::CalendarView /> }.into_any(),
        "timeregistration" => view! { <fritids::FritidsView /> }.into_any(),
        "meeting" => view! { <meeting::MeetingView /> }.into_any(),
        "assessmentsv2" => view! { <assessments::AssessmentsView /> }.into_any(),
        "documentation" => view! { <documentation::DocumentationView /> }.into_any(),
        "onlinetest" => view! { <etest::EtestView /> }.into_any(),
        "timetable" => view! { <schedule::ScheduleView /> }.into_any(),
        "task" => view! { <tasks::TasksView /> }.into_any(),
        "uolv2" => view! { <plans::PlansView /> }.into_any(),
        "weeklyplan" => view! { <weeklyplan::WeeklyPlanView /> }.into_any(),
        "grouptimeline" => view! { <blog::BlogView /> }.into_any(),
        "classlist" => view! { <classlist::ClassListView /> }.into_any(),
        _ => view! { <ComingSoon tile /> }.into_any(),
    })
}

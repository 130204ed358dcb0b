//! The files attached to a news item, task, blog post or weekly plan: their names under a heading, or nothing
//! when there are none.

use hub_model::list::Attachment;
use leptos::prelude::*;

use crate::components::icon::Icon;
use crate::i18n::t;

/// `attachments` under the heading `title_key`, with the note `hint_key` below when given.
#[component]
pub fn Attachments(
    attachments: Vec<Attachment>,
    title_key: &'static str,
    #[prop(optional)] hint_key: Option<&'static str>,
) -> impl IntoView {
    (!attachments.is_empty()).then(|| {
        view! {
            <div class="attachments">
                <h3 class="attachments-title">{move || t(title_key)}</h3>
                <ul role="list">
                    {attachments
                        .into_iter()
                        .map(|a| {
                            view! {
                                <li class="attachment" data-testid="attachment">
                                    <Icon name="attachment" size=18 />
                                    <span>{a.title}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {hint_key.map(|key| view! { <p class="hint">{move || t(key)}</p> })}
            </div>
        }
    })
}

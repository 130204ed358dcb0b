//! The files attached to a news item, task, blog post or weekly plan: their names under a heading, or nothing
//! when there are none. A click has the shell fetch the file with the session, save it in Downloads (never
//! over an existing file) and open it; the saved name or a translated error shows under the file.

use hub_model::list::Attachment;
use leptos::prelude::*;

use crate::bridge;
use crate::components::icon::Icon;
use crate::data::{Read, use_child_data};
use crate::error_view::ErrorNotice;
use crate::i18n::tr;

/// `attachments` under the heading `title_key`. `hint_key` is accepted for older call sites and no longer
/// shown: the files open in Skolhub now.
#[component]
pub fn Attachments(
    attachments: Vec<Attachment>,
    title_key: &'static str,
    #[prop(optional)] hint_key: Option<&'static str>,
) -> impl IntoView {
    let _ = hint_key;
    (!attachments.is_empty()).then(|| {
        view! {
            <div class="attachments">
                <h3 class="attachments-title">{tr(title_key)}</h3>
                <ul role="list">
                    {attachments.into_iter().map(|a| view! { <AttachmentItem attachment=a /> }).collect_view()}
                </ul>
            </div>
        }
    })
}

/// A calendar entry's files, asked for when the entry shows (the calendar list only says that it has some);
/// nothing while they load or when they cannot be had.
#[component]
pub fn EntryAttachments(entry_id: i64) -> impl IntoView {
    let data = use_child_data();
    let files = Read::plain(move || {
        let child = data.child.get().map(|c| c.id);
        async move {
            match child {
                Some(id) => bridge::calendar_attachments(&id, entry_id).await,
                None => Ok(Vec::new()),
            }
        }
    });
    move || {
        files
            .get()
            .and_then(Result::ok)
            .map(|list| view! { <Attachments attachments=list title_key="calendar.attachments" /> })
    }
}

/// The last component of a saved file's path ("Läsårsplanering (2).pdf").
pub fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[component]
fn AttachmentItem(attachment: Attachment) -> impl IntoView {
    let Attachment { title, url, .. } = attachment;
    let label = title.clone();
    let open = Action::new_local(move |_: &()| {
        let (url, title) = (url.clone(), title.clone());
        async move { bridge::attachment_open(&url, &title).await }
    });
    let pending = open.pending();
    view! {
        <li class="attachment" data-testid="attachment">
            <button
                type="button"
                class="attachment-open"
                data-testid="attachment-open"
                aria-busy=move || pending.get().to_string()
                title=tr("attachments.open_hint")
                on:click=move |_| {
                    if !pending.get_untracked() {
                        open.dispatch_local(());
                    }
                }
            >
                <Icon name="attachment" size=18 />
                <span>{label}</span>
                <Show when=move || pending.get()>
                    <span class="spinner" aria-hidden="true"></span>
                </Show>
            </button>
            {move || match open.value().get() {
                Some(Ok(path)) => {
                    let name = file_name(&path).to_owned();
                    view! {
                        <p class="hint attachment-saved" role="status" data-testid="attachment-saved">
                            {tr("attachments.saved")}
                            " "
                            <strong>{name}</strong>
                        </p>
                    }
                        .into_any()
                }
                Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                None => ().into_any(),
            }}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_paths_show_their_file_name() {
        assert_eq!(
            file_name("/home/elsa/Hämtningar/Läsårsplanering (2).pdf"),
            "Läsårsplanering (2).pdf"
        );
        assert_eq!(file_name("C:\\Users\\elsa\\Downloads\\Packlista.txt"), "Packlista.txt");
        assert_eq!(file_name("bara.txt"), "bara.txt");
    }
}

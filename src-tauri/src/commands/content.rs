//! Commands of the content boxes: Uppgifter (tasks and their dialogue), Planeringar, Veckoplan, Blogg and
//! Kontaktlista with the account's own contact visibility.
//!
//! Reads go through [`AppState::read`] like the other boxes (cache, connection state). Writes (a task message,
//! a blog comment, the contact visibility) go through the write queue ([`AppState::write`]): stored before
//! they are sent, re-read before a resend, answered as saved, queued or a conflict. Text the user typed is
//! checked here first, so an empty or overlong text gets a Swedish answer without a round trip.

use hub_client::HubClient;
use hub_model::blog::{BlogComment, BlogPage};
use hub_model::classlist::{ClassList, ContactCard, ContactVisibility, PrivacySettings};
use hub_model::ipc::WriteAnswer;
use hub_model::ipc::{
    ChildRequest, ContactCardRequest, DateRequest, Fresh, ImageRequest, ItemRequest, ItemTextRequest, ReadSource,
};
use hub_model::plan::{Uol, UolList, UolTask};
use hub_model::task::{TaskDetail, TaskList, TaskMessage};
use hub_model::weeklyplan::WeeklyPlan;
use hub_model::{CmdError, ErrorKind};
use tauri::State;

use crate::commands::writes::queued;
use crate::queue::Write;
use crate::state::AppState;

/// The longest message or comment Skolhub sends; the hub's own form stops well before.
const MAX_TEXT_CHARS: usize = 4000;
/// The largest image shown inline; bigger ones would make the IPC answer huge.
const MAX_IMAGE_BYTES: usize = 8 * 1024 * 1024;

/// The child's tasks with the overdue/due/done counts.
#[tauri::command]
pub(crate) async fn tasks_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<TaskList>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.tasks(id).await };
    state.read(id, "tasks", "", source, fetch).await
}

/// One task with its description, attachments and the dialogue with the teacher.
#[tauri::command]
pub(crate) async fn task_get(
    state: State<'_, AppState>,
    req: ItemRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<TaskDetail>, CmdError> {
    let (id, item) = (&req.child_id, req.id);
    let fetch = |c: HubClient| async move { c.task(id, item).await };
    state.read(id, "task", &item.to_string(), source, fetch).await
}

/// Sends a message to a task's dialogue through the write queue; answers the outcome with the message as the
/// school stored it.
#[tauri::command]
pub(crate) async fn task_message_send(
    state: State<'_, AppState>,
    req: ItemTextRequest,
) -> Result<WriteAnswer<TaskMessage>, CmdError> {
    let text = checked_text(&req.text, "meddelandet")?.to_owned();
    let write = Write::TaskMessage {
        child_id: req.child_id,
        task_id: req.id,
        text,
    };
    queued(&state, write).await
}

/// The child's plans with their subjects.
#[tauri::command]
pub(crate) async fn plans_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<UolList>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.plans(id).await };
    state.read(id, "plans", "", source, fetch).await
}

/// One plan with its overview and sections.
#[tauri::command]
pub(crate) async fn plan_get(
    state: State<'_, AppState>,
    req: ItemRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Uol>, CmdError> {
    let (id, item) = (&req.child_id, req.id);
    let fetch = |c: HubClient| async move { c.plan(id, item).await };
    state.read(id, "plan", &item.to_string(), source, fetch).await
}

/// The tasks linked to one plan.
#[tauri::command]
pub(crate) async fn plan_tasks(
    state: State<'_, AppState>,
    req: ItemRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<UolTask>>, CmdError> {
    let (id, item) = (&req.child_id, req.id);
    let fetch = |c: HubClient| async move { c.plan_tasks(id, item).await };
    state.read(id, "plan-tasks", &item.to_string(), source, fetch).await
}

/// The weekly plan (veckobrev, information, läxor) of the ISO week containing `date`.
#[tauri::command]
pub(crate) async fn weekly_plan_week(
    state: State<'_, AppState>,
    req: DateRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<WeeklyPlan>, CmdError> {
    use chrono::Datelike;
    let (id, date) = (&req.child_id, req.date);
    let w = date.iso_week();
    let key = format!("{}-W{:02}", w.year(), w.week());
    let fetch = |c: HubClient| async move { c.weekly_plan_for(id, date).await };
    state.read(id, "weeklyplan", &key, source, fetch).await
}

/// The newest posts of the child's class blogs.
#[tauri::command]
pub(crate) async fn blog_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<BlogPage>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.blog(id, 1).await };
    state.read(id, "blog", "1", source, fetch).await
}

/// The comments of one blog post.
#[tauri::command]
pub(crate) async fn blog_comments(
    state: State<'_, AppState>,
    req: ItemRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<Vec<BlogComment>>, CmdError> {
    let (id, item) = (&req.child_id, req.id);
    let fetch = |c: HubClient| async move { c.blog_comments(id, item).await };
    state.read(id, "blog-comments", &item.to_string(), source, fetch).await
}

/// Comments a blog post through the write queue (students only; the school refuses others with its own
/// text, which comes back as a conflict).
#[tauri::command]
pub(crate) async fn blog_comment_add(
    state: State<'_, AppState>,
    req: ItemTextRequest,
) -> Result<WriteAnswer<BlogComment>, CmdError> {
    let text = checked_text(&req.text, "kommentaren")?.to_owned();
    let write = Write::BlogComment {
        child_id: req.child_id,
        entry_id: req.id,
        text,
    };
    queued(&state, write).await
}

/// A blog image as a `data:` URL the UI can show (the CSP allows `data:` images, never the school's host).
#[tauri::command]
pub(crate) async fn blog_image(state: State<'_, AppState>, req: ImageRequest) -> Result<String, CmdError> {
    let file = state.track(state.client().await?.download(&req.url).await)?;
    image_data_url(file.content_type.as_deref(), &file.bytes)
}

/// The child's class list: pupils and staff, with only the details each person chose to show.
#[tauri::command]
pub(crate) async fn class_list(
    state: State<'_, AppState>,
    req: ChildRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<ClassList>, CmdError> {
    let id = &req.child_id;
    let fetch = |c: HubClient| async move { c.class_list(id).await };
    state.read(id, "classlist", "", source, fetch).await
}

/// A classmate's card (with the guardians' visible details) or a staff member's card.
#[tauri::command]
pub(crate) async fn class_contact(
    state: State<'_, AppState>,
    req: ContactCardRequest,
    source: Option<ReadSource>,
) -> Result<Fresh<ContactCard>, CmdError> {
    let req = &req;
    let fetch = |client: HubClient| async move {
        if req.staff {
            let establishment = req.establishment_id.as_deref();
            client.class_staff(&req.child_id, &req.contact_id, establishment).await
        } else {
            client.class_pupil(&req.child_id, &req.contact_id).await
        }
    };
    let key = format!("{}:{}", if req.staff { "staff" } else { "pupil" }, req.contact_id);
    state.read(&req.child_id, "contact", &key, source, fetch).await
}

/// Which of the account's own details other guardians see in class lists.
#[tauri::command]
pub(crate) async fn contact_visibility_get(
    state: State<'_, AppState>,
    source: Option<ReadSource>,
) -> Result<Fresh<PrivacySettings>, CmdError> {
    let fetch = |c: HubClient| async move { c.contact_visibility().await };
    state.read("", "contact-visibility", "", source, fetch).await
}

/// Changes the account's contact visibility through the write queue; answers the outcome with what the school
/// now has.
#[tauri::command]
pub(crate) async fn contact_visibility_set(
    state: State<'_, AppState>,
    req: ContactVisibility,
) -> Result<WriteAnswer<PrivacySettings>, CmdError> {
    queued(&state, Write::ContactVisibility { visibility: req }).await
}

/// The trimmed text, or a Swedish error naming `what` when it is empty or too long.
fn checked_text<'a>(text: &'a str, what: &str) -> Result<&'a str, CmdError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CmdError::new(ErrorKind::InvalidInput, format!("Skriv {what} först.")));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            format!("Texten är för lång: högst {MAX_TEXT_CHARS} tecken."),
        ));
    }
    Ok(text)
}

/// `bytes` as a `data:` URL when they are a raster image of a sane size.
fn image_data_url(content_type: Option<&str>, bytes: &[u8]) -> Result<String, CmdError> {
    let kind = content_type
        .map(|c| c.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .unwrap_or_default();
    // SVG can carry scripts; only raster formats are shown.
    if !matches!(kind.as_str(), "image/jpeg" | "image/png" | "image/gif" | "image/webp") {
        return Err(CmdError::new(ErrorKind::Rejected, "Bilden kan inte visas i Skolhub."));
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(CmdError::new(ErrorKind::Rejected, "Bilden är för stor för att visas."));
    }
    Ok(format!("data:{kind};base64,{}", base64(bytes)))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_overlong_texts_are_refused_in_swedish() {
        assert_eq!(checked_text("  Hej!  ", "meddelandet").unwrap(), "Hej!");
        let e = checked_text(" \n ", "meddelandet").unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidInput);
        assert_eq!(e.message, "Skriv meddelandet först.");
        let e = checked_text(&"å".repeat(MAX_TEXT_CHARS + 1), "kommentaren").unwrap_err();
        assert!(e.message.contains("för lång"));
        assert!(checked_text(&"å".repeat(MAX_TEXT_CHARS), "kommentaren").is_ok());
    }

    #[test]
    fn base64_matches_the_rfc_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn only_raster_images_of_a_sane_size_become_data_urls() {
        let url = image_data_url(Some("image/PNG; charset=binary"), b"foo").unwrap();
        assert_eq!(url, "data:image/png;base64,Zm9v");
        assert!(image_data_url(Some("image/svg+xml"), b"<svg/>").is_err());
        assert!(image_data_url(Some("text/html"), b"<p>").is_err());
        assert!(image_data_url(None, b"foo").is_err());
        let big = vec![0u8; MAX_IMAGE_BYTES + 1];
        assert!(image_data_url(Some("image/jpeg"), &big).is_err());
    }
}

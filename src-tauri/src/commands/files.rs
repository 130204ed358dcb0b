//! Files the shell writes for the user: the calendar export and subscription ([`crate::ics`]) and opened
//! attachments, saved in the Downloads folder and handed to the system's default app.
//!
//! The UI names an attachment by the link its item carried; `hub-client` fetches only download links on the
//! hub host, with a size cap. File names come from the school (or the attachment's title) and are reduced to
//! a safe single name, and a file already in Downloads is never overwritten: the new one becomes
//! "namn (2).pdf". Opening is best effort and off the command's path: a desktop without a handler (as in the
//! end-to-end tests) only logs, and the file is saved either way.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use hub_model::ipc::{AttachmentRequest, CalendarSubscription, ItemRequest};
use hub_model::list::Attachment;
use hub_model::{CmdError, ErrorKind};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::ics;
use crate::state::AppState;

/// Longest file name kept, in characters (the extension is kept whole).
const MAX_NAME_CHARS: usize = 120;

/// Writes the family calendar to `skolhub-kalender.ics` in Downloads, opens it, and answers its path.
#[tauri::command]
pub(crate) async fn calendar_export(app: AppHandle, state: State<'_, AppState>) -> Result<String, CmdError> {
    let text = ics::collect(&state).await?;
    let path = downloads_dir(&app)?.join(ics::EXPORT_FILE);
    ics::write_atomically(&path, &text).map_err(|e| save_failed("could not write the calendar export", e))?;
    open_later(&app, &path);
    Ok(path.display().to_string())
}

/// Whether the calendar subscription is on, and where its file is.
#[tauri::command]
pub(crate) async fn calendar_subscription_get(app: AppHandle) -> Result<CalendarSubscription, CmdError> {
    Ok(subscription(&ics::subscription_path(&data_dir(&app)?)))
}

/// Turns the calendar subscription on (writing the file now) or off (removing it).
#[tauri::command]
pub(crate) async fn calendar_subscription_set(
    app: AppHandle,
    state: State<'_, AppState>,
    req: bool,
) -> Result<CalendarSubscription, CmdError> {
    let path = ics::subscription_path(&data_dir(&app)?);
    if req {
        let text = ics::collect(&state).await?;
        ics::write_atomically(&path, &text).map_err(|e| save_failed("could not write the calendar subscription", e))?;
    } else if let Err(e) = std::fs::remove_file(&path)
        && e.kind() != std::io::ErrorKind::NotFound
    {
        return Err(save_failed("could not remove the calendar subscription", e));
    }
    Ok(subscription(&path))
}

/// Fetches an attachment with the session, saves it in Downloads under a new name, opens it, and answers
/// the saved file's path.
#[tauri::command]
pub(crate) async fn attachment_open(
    app: AppHandle,
    state: State<'_, AppState>,
    req: AttachmentRequest,
) -> Result<String, CmdError> {
    let client = state.client().await?;
    let file = match client.download(&req.url).await {
        Err(hub_client::Error::InvalidInput(why)) if why == hub_client::TOO_LARGE => {
            return Err(CmdError::new(
                ErrorKind::InvalidInput,
                format!(
                    "Filen är för stor för att hämtas i Skolhub (högst {} MB). Öppna den på skolans webbsida.",
                    hub_client::MAX_DOWNLOAD_BYTES / (1024 * 1024)
                ),
            ));
        }
        Err(hub_client::Error::InvalidInput(_)) => {
            return Err(CmdError::new(
                ErrorKind::InvalidInput,
                "Skolhub öppnar bara filer från skolans egen server.",
            ));
        }
        other => state.track(other)?,
    };
    let name = safe_file_name(file.filename.as_deref(), &req.title, file.content_type.as_deref());
    let dir = downloads_dir(&app)?;
    let path = save_new(&dir, &name, &file.bytes).map_err(|e| save_failed("could not save an attachment", e))?;
    tracing::info!(bytes = file.bytes.len(), "attachment saved in Downloads");
    open_later(&app, &path);
    Ok(path.display().to_string())
}

/// The files of one calendar entry (title and download link each), for Kalender's entry.
#[tauri::command]
pub(crate) async fn calendar_attachments(
    state: State<'_, AppState>,
    req: ItemRequest,
) -> Result<Vec<Attachment>, CmdError> {
    let result = state.client().await?.calendar_attachments(&req.child_id, req.id).await;
    state.track(result)
}

fn subscription(path: &Path) -> CalendarSubscription {
    let enabled = path.is_file();
    CalendarSubscription {
        enabled,
        path: enabled.then(|| path.display().to_string()),
        url: enabled
            .then(|| tauri::Url::from_file_path(path).ok())
            .flatten()
            .map(String::from),
    }
}

fn data_dir(app: &AppHandle) -> Result<PathBuf, CmdError> {
    app.path()
        .app_data_dir()
        .map_err(|e| crate::error::internal("no data directory", e))
}

/// The user's Downloads folder, or `~/Downloads` where the desktop names none (created when missing).
fn downloads_dir(app: &AppHandle) -> Result<PathBuf, CmdError> {
    let dir = match app.path().download_dir() {
        Ok(dir) => dir,
        Err(_) => app
            .path()
            .home_dir()
            .map_err(|e| crate::error::internal("no home directory", e))?
            .join("Downloads"),
    };
    std::fs::create_dir_all(&dir).map_err(|e| save_failed("could not create the Downloads folder", e))?;
    Ok(dir)
}

fn save_failed(context: &str, e: std::io::Error) -> CmdError {
    tracing::warn!(error = %e, "{context}");
    CmdError::new(
        ErrorKind::Internal,
        "Filen kunde inte sparas i mappen Hämtade filer. Kontrollera att det finns plats och försök igen.",
    )
}

/// Hands `path` to the system's default app without waiting; failures (no handler) are only logged.
fn open_later(app: &AppHandle, path: &Path) {
    if std::env::var_os("SKOLHUB_NO_OPEN").is_some() {
        return;
    }
    let (app, path) = (app.clone(), path.display().to_string());
    tauri::async_runtime::spawn_blocking(move || {
        if let Err(e) = app.opener().open_path(path, None::<&str>) {
            tracing::info!(error = %e, "no app opened the saved file");
        }
    });
}

/// A single safe file name: the school's name, else the title; no folders, no control or reserved
/// characters, no leading dots, at most [`MAX_NAME_CHARS`] characters, and an extension from the content
/// type when the name has none.
pub(crate) fn safe_file_name(from_school: Option<&str>, title: &str, content_type: Option<&str>) -> String {
    let clean = |raw: &str| -> String {
        let last = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
        let mapped: String = last
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| {
                if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        mapped
            .trim()
            .trim_start_matches('.')
            .trim_end_matches(['.', ' '])
            .trim()
            .to_owned()
    };
    let mut name = from_school
        .map(clean)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| clean(title));
    if name.is_empty() {
        name = "bilaga".to_owned();
    }
    let (stem, ext) = split_ext(&name);
    let (mut stem, mut ext) = (stem.to_owned(), ext.map(str::to_owned));
    if ext.is_none() {
        ext = content_type.and_then(extension_for).map(str::to_owned);
    }
    if is_reserved(&stem) {
        stem = format!("_{stem}");
    }
    let ext_len = ext.as_ref().map_or(0, |e| e.chars().count() + 1);
    let keep = MAX_NAME_CHARS.saturating_sub(ext_len).max(1);
    if stem.chars().count() > keep {
        stem = stem.chars().take(keep).collect::<String>().trim_end().to_owned();
    }
    match ext {
        Some(ext) => format!("{stem}.{ext}"),
        None => stem,
    }
}

/// `("namn", Some("pdf"))` for "namn.pdf"; a name that is all extension (".pdf") has none.
fn split_ext(name: &str) -> (&str, Option<&str>) {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && !ext.is_empty() && ext.len() <= 8 && ext.chars().all(char::is_alphanumeric) =>
        {
            (stem, Some(ext))
        }
        _ => (name, None),
    }
}

/// Names Windows will not create, whatever the extension.
fn is_reserved(stem: &str) -> bool {
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit())
}

fn extension_for(content_type: &str) -> Option<&'static str> {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    Some(match mime.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "text/plain" => "txt",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "pptx",
        "application/msword" => "doc",
        _ => return None,
    })
}

/// Writes `bytes` to `dir/name`, or to "stem (2).ext", "stem (3).ext"… when taken: the file is created new,
/// so an existing file is never overwritten, even by a second save at the same moment.
pub(crate) fn save_new(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let (stem, ext) = split_ext(name);
    for n in 1..=999 {
        let candidate = match (n, ext) {
            (1, _) => name.to_owned(),
            (_, Some(ext)) => format!("{stem} ({n}).{ext}"),
            (_, None) => format!("{stem} ({n})"),
        };
        let path = dir.join(candidate);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                let written = file.write_all(bytes).and_then(|()| file.sync_all());
                if let Err(e) = written {
                    let _ = std::fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AlreadyExists,
        "too many files with that name",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_folders_and_reserved_characters() {
        assert_eq!(
            safe_file_name(Some("Läsårsplanering 2026–2027.pdf"), "x", None),
            "Läsårsplanering 2026–2027.pdf"
        );
        assert_eq!(safe_file_name(Some("../../etc/passwd"), "x", None), "passwd");
        assert_eq!(safe_file_name(Some("..\\..\\Windows\\win.ini"), "x", None), "win.ini");
        assert_eq!(
            safe_file_name(Some(".."), "Packlista", Some("text/plain")),
            "Packlista.txt"
        );
        assert_eq!(safe_file_name(Some(".bashrc"), "x", None), "bashrc");
        assert_eq!(
            safe_file_name(None, "Schema: v.48 <ny>?", Some("application/pdf")),
            "Schema_ v.48 _ny__.pdf"
        );
        assert_eq!(safe_file_name(None, "rad\nbrytning\u{0}.txt", None), "radbrytning.txt");
        assert_eq!(safe_file_name(None, "   ", None), "bilaga");
        assert_eq!(safe_file_name(Some("CON.txt"), "x", None), "_CON.txt");
        assert_eq!(safe_file_name(Some("punkt. "), "x", None), "punkt");
        let long = safe_file_name(None, &format!("{}.pdf", "å".repeat(300)), None);
        assert_eq!(long.chars().count(), MAX_NAME_CHARS);
        assert!(long.ends_with("åå.pdf"));
    }

    #[test]
    fn saving_never_overwrites() {
        let dir = std::env::temp_dir().join(format!("skolhub-save-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let first = save_new(&dir, "Veckobrev.pdf", b"one").unwrap();
        let second = save_new(&dir, "Veckobrev.pdf", b"two").unwrap();
        let third = save_new(&dir, "Veckobrev.pdf", b"three").unwrap();
        let bare = save_new(&dir, "README", b"x").unwrap();
        let bare2 = save_new(&dir, "README", b"y").unwrap();
        assert_eq!(first, dir.join("Veckobrev.pdf"));
        assert_eq!(second, dir.join("Veckobrev (2).pdf"));
        assert_eq!(third, dir.join("Veckobrev (3).pdf"));
        assert_eq!(bare2, dir.join("README (2)"));
        assert_eq!(std::fs::read(&first).unwrap(), b"one");
        assert_eq!(std::fs::read(&second).unwrap(), b"two");
        assert_eq!(std::fs::read(&bare).unwrap(), b"x");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn subscription_is_on_while_its_file_exists() {
        let dir = std::env::temp_dir().join(format!("skolhub-sub-{}", std::process::id()));
        let path = ics::subscription_path(&dir);
        let off = subscription(&path);
        assert!(!off.enabled && off.path.is_none() && off.url.is_none());
        ics::write_atomically(&path, "BEGIN:VCALENDAR\r\n").unwrap();
        let on = subscription(&path);
        assert!(on.enabled);
        assert!(
            on.url
                .as_deref()
                .is_some_and(|u| u.starts_with("file:///") && u.ends_with("/calendar/skolhub.ics"))
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

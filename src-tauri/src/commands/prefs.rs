//! The UI's own preferences (start-page layout per child, theme) and the Edlevo hand-off.
//!
//! The shell does not know the shape of the preferences: the UI owns that type and sends one JSON document,
//! which the shell checks (valid JSON, an object, at most [`MAX_PREFS_BYTES`]) and stores in the app's config
//! directory. Writes go to a temporary file that is renamed over the old one, so a crash mid-write leaves the
//! previous preferences, never half a file. A file that cannot be read back is logged and treated as absent:
//! the user gets the default layout rather than an app that will not start.
//!
//! [`open_external`] opens only the addresses in [`external_url`]; the UI names a kind, never a URL, so no
//! page content can make the shell open an arbitrary address.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use hub_model::{CmdError, ErrorKind};
use serde_json::Value;
use tauri::{AppHandle, Manager};
use tauri_plugin_opener::OpenerExt;

/// Largest preferences document accepted: far more than any real layout needs.
pub(crate) const MAX_PREFS_BYTES: usize = 64 * 1024;

const PREFS_FILE: &str = "ui-prefs.json";

/// One write at a time, so two quick saves cannot interleave their temporary files.
static WRITE_LOCK: Mutex<()> = Mutex::new(());

/// The stored preferences, or `null` when none are saved yet.
#[tauri::command]
pub(crate) async fn prefs_get(app: AppHandle) -> Result<Value, CmdError> {
    let dir = config_dir(&app)?;
    Ok(read_prefs(&dir))
}

/// Replaces the stored preferences with `req`, a JSON object as text.
#[tauri::command]
pub(crate) async fn prefs_set(app: AppHandle, req: String) -> Result<(), CmdError> {
    let value = validate(&req)?;
    let dir = config_dir(&app)?;
    write_prefs(&dir, &value).map_err(|e| crate::error::internal("could not save the preferences", e))
}

/// Opens one of the known external places (`req` is its kind) in the system's browser or app.
#[tauri::command]
pub(crate) async fn open_external(app: AppHandle, req: String) -> Result<(), CmdError> {
    let hosts = app.state::<crate::state::AppState>().hosts().clone();
    let url = external_url(&req, &hosts)
        .ok_or_else(|| CmdError::new(ErrorKind::InvalidInput, "Den länken känner Skolhub inte till."))?;
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| crate::error::internal("could not open an external link", e))
}

/// The addresses the UI may open, by kind:
/// - `edlevo`: Edlevo, where absence reports and the timetable moved (the seed: "Frånvaroanmälan sker i
///   appen Edlevo"); the web sign-in also offers the app stores;
/// - `password_reset` ("Nytt lösenord"): the school's Mentor login page on the configured `hosts` (protocol
///   §3.1; the emulator's own against the emulator), which carries the school's "Nytt lösenord" link. The
///   reset page behind that link is not recorded in the protocol, so the app does not guess its address.
pub(crate) fn external_url(kind: &str, hosts: &hub_client::Hosts) -> Option<tauri::Url> {
    match kind {
        "edlevo" => tauri::Url::parse("https://edlevo.tietoevry.com/").ok(),
        "password_reset" => Some(hosts.mentor.clone()),
        _ => None,
    }
}

fn config_dir(app: &AppHandle) -> Result<PathBuf, CmdError> {
    app.path()
        .app_config_dir()
        .map_err(|e| crate::error::internal("no config directory", e))
}

/// Checks that `text` is a preferences document: small enough, valid JSON, an object.
pub(crate) fn validate(text: &str) -> Result<Value, CmdError> {
    if text.len() > MAX_PREFS_BYTES {
        return Err(CmdError::new(
            ErrorKind::InvalidInput,
            format!(
                "Inställningarna är för stora för att sparas (högst {} kB).",
                MAX_PREFS_BYTES / 1024
            ),
        ));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(_) => Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Inställningarna kunde inte sparas: de har fel form.",
        )),
        Err(_) => Err(CmdError::new(
            ErrorKind::InvalidInput,
            "Inställningarna kunde inte sparas: de är inte giltig JSON.",
        )),
    }
}

/// The preferences stored in `dir`, or `null` when there are none or they cannot be read.
pub(crate) fn read_prefs(dir: &Path) -> Value {
    let path = dir.join(PREFS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Value::Null,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the UI preferences; using the defaults");
            return Value::Null;
        }
    };
    validate(&text).unwrap_or_else(|_| {
        tracing::warn!("the stored UI preferences are not valid; using the defaults");
        Value::Null
    })
}

/// Writes `value` to `dir` atomically: a temporary file in the same directory, flushed, then renamed.
pub(crate) fn write_prefs(dir: &Path, value: &Value) -> std::io::Result<()> {
    let _guard = WRITE_LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{PREFS_FILE}.{}.tmp", std::process::id()));
    let result = (|| {
        use std::io::Write;
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(serde_json::to_string_pretty(value)?.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, dir.join(PREFS_FILE))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("skolhub-prefs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn round_trips_and_replaces_without_leftovers() {
        let dir = scratch("roundtrip");
        assert_eq!(read_prefs(&dir), Value::Null);
        let first = validate(r#"{"theme":"dark","layouts":{"1":{"order":["communication"],"hidden":[]}}}"#).unwrap();
        write_prefs(&dir, &first).unwrap();
        assert_eq!(read_prefs(&dir), first);
        let second = validate(r#"{"theme":"light"}"#).unwrap();
        write_prefs(&dir, &second).unwrap();
        assert_eq!(read_prefs(&dir), second);
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [PREFS_FILE], "a temporary file was left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_documents_are_refused_in_swedish() {
        let not_json = validate("{\"theme\":").unwrap_err();
        assert_eq!(not_json.kind, ErrorKind::InvalidInput);
        assert!(not_json.message.contains("inte giltig JSON"), "{}", not_json.message);
        let not_object = validate("[1,2]").unwrap_err();
        assert!(not_object.message.contains("fel form"));
        let huge = format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_PREFS_BYTES));
        let too_big = validate(&huge).unwrap_err();
        assert!(too_big.message.contains("för stora"), "{}", too_big.message);
        assert!(validate(&format!("{{\"x\":\"{}\"}}", "a".repeat(1000))).is_ok());
    }

    #[test]
    fn a_corrupt_file_reads_as_no_preferences() {
        let dir = scratch("corrupt");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(PREFS_FILE), "{ half a fi").unwrap();
        assert_eq!(read_prefs(&dir), Value::Null);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_known_places_open() {
        let hosts = hub_client::Hosts::infomentor();
        assert!(external_url("edlevo", &hosts).is_some_and(|u| u.scheme() == "https"));
        assert_eq!(external_url("https://evil.example/", &hosts), None);
        assert_eq!(external_url("", &hosts), None);
    }

    #[test]
    fn nytt_losenord_opens_the_configured_schools_login_page() {
        let real = external_url("password_reset", &hub_client::Hosts::infomentor()).unwrap();
        assert_eq!(real.as_str(), "https://infomentor.se/swedish/production/mentor/");
        let emulator = hub_client::Hosts::parse(
            "http://127.0.0.1:4101",
            "http://127.0.0.1:4102/swedish/production/mentor/",
            "http://127.0.0.1:4103",
            "http://127.0.0.1:4104",
        )
        .unwrap();
        let url = external_url("password_reset", &emulator).unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:4102/swedish/production/mentor/");
    }
}

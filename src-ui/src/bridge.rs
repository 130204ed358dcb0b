//! The one door to the Tauri shell: the `wasm_bindgen` binding of `window.__TAURI__.core.invoke`, a
//! generic [`invoke`] that turns its promise into `Result<R, CmdError>`, and one typed function per
//! command.
//!
//! Views call only the typed functions; they never see `JsValue` or a command name. The UI never speaks
//! HTTP: everything that reaches the school goes through the shell. A rejected command carries the shell's
//! `{kind, message}` shape (`hub_model::CmdError`); anything else (no Tauri in a plain browser, a command
//! that does not exist, an answer that does not decode) becomes `ErrorKind::Internal`, with the details in
//! the console rather than on screen.

use hub_model::{Account, CmdError, ErrorKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Shown only where a view has no better text of its own; views normally translate by `kind`.
const INTERNAL_MESSAGE: &str = "Något gick fel i Skolhub. Försök igen.";

#[wasm_bindgen]
extern "C" {
    /// `window.__TAURI__.core.invoke` (needs `withGlobalTauri`). `catch` turns both a rejected promise
    /// and a missing `__TAURI__` into `Err`.
    #[wasm_bindgen(catch, js_namespace = ["window", "__TAURI__", "core"], js_name = invoke)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

/// Tauri maps argument names to the command's parameters; every Skolhub command takes one, `req`.
#[derive(Serialize)]
struct Req<T> {
    req: T,
}

/// Serializes to `{}` for commands without parameters.
#[derive(Serialize)]
struct NoArgs {}

/// The body of `login_password`'s `req`.
#[derive(Serialize)]
struct PasswordLogin<'a> {
    username: &'a str,
    password: &'a str,
}

/// Calls a shell command with `args` (an object whose keys are the command's parameter names) and
/// decodes its answer.
pub async fn invoke<A, R>(cmd: &str, args: &A) -> Result<R, CmdError>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
{
    let args = args
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| internal(cmd, "could not encode arguments", &JsValue::from_str(&e.to_string())))?;
    let value = tauri_invoke(cmd, args).await.map_err(|e| rejected(cmd, e))?;
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| internal(cmd, "could not decode the answer", &JsValue::from_str(&e.to_string())))
}

/// Turns a rejection into the shell's `CmdError`, or into `Internal` when it is not one.
fn rejected(cmd: &str, error: JsValue) -> CmdError {
    match serde_wasm_bindgen::from_value::<CmdError>(error.clone()) {
        Ok(error) => error,
        Err(_) => internal(cmd, "failed", &error),
    }
}

fn internal(cmd: &str, what: &str, detail: &JsValue) -> CmdError {
    web_sys::console::error_2(&JsValue::from_str(&format!("skolhub: command {cmd} {what}:")), detail);
    CmdError::new(ErrorKind::Internal, INTERNAL_MESSAGE)
}

/// Starts the embedded demo school and logs in as its guardian. Takes a second or two.
pub async fn demo_start() -> Result<Account, CmdError> {
    invoke("demo_start", &NoArgs {}).await
}

/// Password login (protocol §3.1). A wrong password is `ErrorKind::LoginFailed` with the school's text.
pub async fn login_password(username: &str, password: &str) -> Result<Account, CmdError> {
    let req = PasswordLogin { username, password };
    invoke("login_password", &Req { req }).await
}

/// The account of the running session, or `None` when nobody is logged in.
pub async fn account_current() -> Result<Option<Account>, CmdError> {
    invoke("account_current", &NoArgs {}).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_arguments_have_the_shape_tauri_expects() {
        let req = PasswordLogin {
            username: "anna",
            password: "hemligt",
        };
        assert_eq!(
            serde_json::to_value(Req { req }).unwrap(),
            serde_json::json!({"req": {"username": "anna", "password": "hemligt"}})
        );
        assert_eq!(serde_json::to_value(NoArgs {}).unwrap(), serde_json::json!({}));
    }
}

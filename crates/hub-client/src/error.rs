//! The client's error type. Messages never carry credentials, cookies, tokens or full URLs.

/// Everything that can go wrong talking to the hub.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The network failed; the URL is stripped because it may carry a one-time token.
    #[error("network error: {0}")]
    Transport(reqwest::Error),
    /// The hub answered with a status the call did not expect.
    #[error("unexpected http status {status} from {what}")]
    Status { status: u16, what: &'static str },
    /// A JSON body did not have the recorded shape; `path` names the field that drifted.
    #[error("failed to decode {what} at `{path}`: {message}")]
    Decode {
        what: &'static str,
        path: String,
        message: String,
    },
    /// An HTML page did not have the recorded shape.
    #[error("unexpected page: {0}")]
    Page(&'static str),
    /// The school rejected the credentials; `message` is the school's own text (Swedish).
    #[error("login failed: {message}")]
    LoginFailed { message: String },
    /// The password was empty; `message` is the school's own text.
    #[error("password missing: {message}")]
    EmptyPassword { message: String },
    /// The web session is not (or no longer) logged in.
    #[error("the session has expired")]
    SessionExpired,
    /// The hub did not select the child that was asked for; no data is returned under the wrong child.
    #[error("the hub did not switch to the requested child")]
    SwitchFailed,
    /// A redirect pointed outside the configured hosts, or too many redirects.
    #[error("refused redirect: {0}")]
    Redirect(&'static str),
    /// The client was configured wrongly.
    #[error("configuration error: {0}")]
    Config(String),
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e.without_url())
    }
}

/// Result with the client's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

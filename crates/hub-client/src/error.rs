//! The client's error type. Messages never carry credentials, cookies, tokens or full URLs.

use std::time::Duration;

use chrono::NaiveDate;
use hub_model::timeregistration::WriteBlock;

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
    /// The web session is not (or no longer) logged in, and could not be renewed.
    #[error("the session has expired")]
    SessionExpired,
    /// Renewing the session logged in to another account than the one the session belonged to; the new
    /// session was discarded and nothing was read from it.
    #[error("the renewed session belongs to another account")]
    AccountChanged,
    /// The OAuth server rejected the refresh token (400/401/403): the device must be paired again.
    #[error("the device is no longer paired")]
    NeedsPairing,
    /// The OAuth server answered with an error code (`invalid_grant`, `invalid_client`, …).
    #[error("the OAuth server refused: {error}")]
    OAuth { error: String },
    /// Persisting a rotated refresh token failed; the new access token was not used.
    #[error("could not store the new refresh token: {0}")]
    Persist(String),
    /// The hub did not select the child that was asked for; no data is returned under the wrong child.
    #[error("the hub did not switch to the requested child")]
    SwitchFailed,
    /// A redirect pointed outside the configured hosts, or too many redirects.
    #[error("refused redirect: {0}")]
    Redirect(&'static str),
    /// The client was configured wrongly.
    #[error("configuration error: {0}")]
    Config(String),
    /// The module (`homeData.apps[].codeName`) is not enabled for this child, so nothing was sent, or the
    /// hub answered with `HandleUnauthorizedRequest`.
    #[error("the module {app} is not enabled for this child")]
    ModuleDisabled { app: String },
    /// The hub answered 429; `retry_after` is its `Retry-After`, when it sent one.
    #[error("rate limited by the hub (retry after {retry_after:?})")]
    RateLimited { retry_after: Option<Duration> },
    /// The hub refused an action (`success:false`); `messages` are the server's own texts (Swedish).
    #[error("the hub refused the change: {}", messages.join("; "))]
    Rejected { messages: Vec<String> },
    /// A write to a day the hub marks as not writable; nothing was sent.
    #[error("cannot change {date}: {reason}")]
    NotEditable { date: NaiveDate, reason: WriteBlock },
    /// The hub said it saved, but reading back does not show the change.
    #[error("the change to {date} did not show up when read back")]
    NotConfirmed { date: NaiveDate },
    /// A JSON endpoint answered 200 with an empty body although the session is alive.
    #[error("empty answer from {what}")]
    EmptyBody { what: &'static str },
    /// A link or input the client refuses to act on (e.g. a download path off the hub).
    #[error("refused input: {0}")]
    InvalidInput(&'static str),
    /// The hub refused an action with a stable code (`{success:false, notifications:[{code, message}]}`);
    /// `message` is the server's own text (Swedish) for the user.
    #[error("the hub refused ({code:?}): {message}")]
    Refused { code: Refusal, message: String },
    /// Bedömningar and Betyg need the BankID step-up ("säkrare inloggning") first; see
    /// [`crate::HubClient::stepup_start`]. Nothing was read.
    #[error("a BankID step-up is needed first")]
    StepUpRequired,
}

/// The machine key of a [`Error::Refused`]; codes this client does not know keep their text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Refusal {
    /// Booking: the slot was taken by another pupil (`SlotTaken`).
    SlotTaken,
    /// Booking: the pupil already has a booking; change it instead (`AlreadyBooked`).
    AlreadyBooked,
    /// Booking: the slot no longer takes bookings (`BookingClosed`).
    BookingClosed,
    /// Booking: too late to change or cancel (`CancelClosed`).
    CancelClosed,
    /// The slot, booking or item does not exist (any more) (`NotFound`).
    NotFound,
    /// The account may not do this, e.g. a guardian commenting a blog post (`NotAllowed`).
    NotAllowed,
    /// An empty message or comment (`EmptyMessage`, `EmptyComment`).
    EmptyText,
    /// eTest: the test is not open (`NotOpen`).
    NotOpen,
    /// eTest: the attempt was already handed in (`AlreadySubmitted`).
    AlreadySubmitted,
    /// eTest: the time ran out and the server handed the attempt in (`TimeUp`).
    TimeUp,
    /// eTest: the result is not released yet (`NotReleased`).
    NotReleased,
    /// Any other code.
    Other(String),
}

impl Refusal {
    /// The variant for the hub's `code`.
    pub fn from_code(code: &str) -> Self {
        match code {
            "SlotTaken" => Self::SlotTaken,
            "AlreadyBooked" => Self::AlreadyBooked,
            "BookingClosed" => Self::BookingClosed,
            "CancelClosed" => Self::CancelClosed,
            "NotFound" => Self::NotFound,
            "NotAllowed" => Self::NotAllowed,
            "EmptyMessage" | "EmptyComment" => Self::EmptyText,
            "NotOpen" => Self::NotOpen,
            "AlreadySubmitted" => Self::AlreadySubmitted,
            "TimeUp" => Self::TimeUp,
            "NotReleased" => Self::NotReleased,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl Error {
    /// Fills in the module of a [`Error::ModuleDisabled`] raised below the call that knows it.
    pub(crate) fn in_app(self, app: &str) -> Self {
        match self {
            Error::ModuleDisabled { app: a } if a.is_empty() => Error::ModuleDisabled { app: app.to_owned() },
            other => other,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Transport(e.without_url())
    }
}

/// Result with the client's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

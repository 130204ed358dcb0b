//! A Rust client for the InfoMentor Hub, speaking the protocol recorded in `hub-protocol.md`.
//!
//! One [`HubClient`] owns one web session (a cookie jar) against one [`Hosts`] table.
//! The default hosts are InfoMentor's real ones; tests and demo mode swap in the emulator's loopback URLs.
//! Everything the client returns is a `hub-model` type.
//! Each data area lives in its own module as methods on [`HubClient`]; child-scoped methods take the
//! pupil id, switch through the session's child queue and check the module is enabled before sending.
//!
//! Sessions renew themselves once (protocol §3.4): [`HubClient::login_password`] keeps the password in
//! memory, [`HubClient::sso_login`] keeps an [`OAuthSession`]; a read that meets a dead session renews,
//! checks the account is the same, restores the selected child and replays once. Concurrent reads share
//! one renewal; writes re-read before deciding whether to send again.
//!
//! [`HubClient::refresh_all`] reads a whole family at once (notifications once, then per child one switch
//! and every enabled box in parallel), keeping each box's result apart in a [`FamilySnapshot`].

mod assessment;
mod attendance;
mod auth;
mod blog;
mod calendar;
mod call;
mod classlist;
mod client;
mod communication;
mod documentation;
mod error;
mod etest;
mod files;
mod hosts;
mod html;
mod learnlog;
mod meeting;
mod messages;
mod notifications;
mod oauth;
mod plan;
mod refresh;
mod session;
mod stepup;
mod task;
mod time;
mod timeregistration;
mod timetable;
mod weeklyplan;

pub use client::{CookieJar, HubClient, HubClientBuilder, decode_json};
pub use error::{Error, Refusal, Result};
pub use files::Download;
pub use files::{MAX_DOWNLOAD_BYTES, TOO_LARGE};
pub use hosts::Hosts;
pub use oauth::{
    AuthorizationRequest, CLIENT_ID, DevicePairing, DevicePoll, OAuthSession, REDIRECT_URI, SCOPE, StoreError,
    TokenSet, TokenStore, callback_code,
};
pub use refresh::{BoxResult, ChildSnapshot, FamilySnapshot, RefreshPlan};
pub use session::Credentials;
pub use time::stockholm;

/// Module code names (`homeData.apps[].codeName`) of the areas this client reads.
pub mod apps {
    pub use crate::attendance::APP as ATTENDANCE;
    pub use crate::blog::APP as BLOG;
    pub use crate::calendar::APP as CALENDAR;
    pub use crate::classlist::APP as CLASS_LIST;
    pub use crate::communication::APP as COMMUNICATION;
    pub use crate::documentation::APP as DOCUMENTATION;
    pub use crate::etest::APP as ETEST;
    pub use crate::meeting::APP as MEETING;
    pub use crate::plan::APP as PLANS;
    pub use crate::stepup::ASSESSMENTS_APP as ASSESSMENTS;
    pub use crate::task::APP as TASKS;
    pub use crate::timeregistration::APP as TIME_REGISTRATION;
    pub use crate::timetable::APP as TIMETABLE;
    pub use crate::weeklyplan::APP as WEEKLY_PLAN;
}

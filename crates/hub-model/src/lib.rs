//! Plain serde types shared by everything in Skolhub.
//!
//! Two layers live here, side by side per area:
//! * `wire` types mirror the JSON the InfoMentor Hub sends, field for field, with the hub's camelCase names,
//!   so a drifted field fails to deserialize in one place;
//! * domain types are what the shell hands to the UI over Tauri IPC: already cleaned up (names split,
//!   ids typed, dates parsed).
//!
//! This crate depends on no HTTP, Tauri or SQL crate and builds for `wasm32-unknown-unknown`.

pub mod account;
pub mod assessment;
pub mod attendance;
pub mod blog;
pub mod calendar;
pub mod classlist;
pub mod documentation;
pub mod documents;
pub mod error;
pub mod etest;
pub mod home;
pub mod ipc;
pub mod learnlog;
pub mod links;
pub mod list;
pub mod meeting;
pub mod messages;
pub mod news;
pub mod notifications;
pub mod pairing;
pub mod plan;
pub mod stepup;
pub mod task;
pub mod time;
pub mod timeregistration;
pub mod timetable;
pub mod weeklyplan;

pub use account::{Account, AppCode, Child, PersonName, Role};
pub use error::{CmdError, ErrorKind, codes};
pub use list::{Attachment, HubId, Items};
pub use time::{LocalDate, LocalDateTime};

//! A Rust client for the InfoMentor Hub, speaking the protocol recorded in `hub-protocol.md`.
//!
//! One [`HubClient`] owns one web session (a cookie jar) against one [`Hosts`] table.
//! The default hosts are InfoMentor's real ones; tests and demo mode swap in the emulator's loopback URLs.
//! Everything the client returns is a `hub-model` type.

mod auth;
mod client;
mod error;
mod hosts;
mod html;

pub use client::{HubClient, HubClientBuilder};
pub use error::{Error, Result};
pub use hosts::Hosts;

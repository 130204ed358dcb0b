//! One module per screen; [`crate::app::Screen`] picks which one shows.

pub mod attempts;
pub mod auth;
pub mod boxes;
pub mod home;
pub mod login;
pub mod pairing;
pub mod this_device;

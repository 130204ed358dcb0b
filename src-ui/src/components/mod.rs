//! Widgets shared by more than one page.

pub mod accounts;
pub mod attachments;
pub mod back_bar;
pub mod box_tile;
pub mod calendar_export;
pub mod child_switcher;
pub mod dashboard;
pub mod demo_button;
pub mod family;
pub mod icon;
pub mod lang_toggle;
pub mod loaded;
pub mod logo;
pub mod pending;
pub mod session_banner;
pub mod theme_toggle;
pub mod todo;
pub mod week_nav;
pub mod write_conflicts;

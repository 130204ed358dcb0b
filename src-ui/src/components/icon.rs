//! Line icons, drawn inline as SVG in `currentColor` so they follow the theme; always decorative
//! (`aria-hidden`), because the text next to them says what they mean.
//!
//! Box icons are named by the hub's `codeName`; interface icons by what they show.

use leptos::prelude::*;

/// The outline of the icon `name` on a 24 × 24 grid.
fn path(name: &str) -> &'static str {
    match name {
        // Boxes.
        "assessmentsv2" => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M8.5 12.5l2.5 2.5 4.5-5",
        "grouptimeline" => "M4 5h16v11H10l-4 3.5V16H4zM8 9h8M8 12.5h5",
        "onlinetest" => "M9 3.5h6v3H9zM7 5H5v15.5h14V5h-2M8.5 13.5l2.5 2.5 4.5-5",
        "timeregistration" => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7v5l3.5 2",
        "attendance" => {
            "M10 4a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7M3.5 20c0-3.6 2.9-6 6.5-6 1.5 0 2.8.4 3.9 1.1M16 16l4 4M20 16l-4 4"
        }
        "communication" => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 11v5.5M12 7.5v.5",
        "calendarv2" => "M4 6h16v14H4zM4 10h16M8.5 3.5v4M15.5 3.5v4M8 14h2M14 14h2M8 17h2",
        "classlist" => {
            "M9 4a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7M2.5 20c0-3.5 2.9-6 6.5-6s6.5 2.5 6.5 6M16 4.3a3.5 3.5 0 0 1 0 6.4M18 14.4c2 .7 3.5 2.8 3.5 5.6"
        }
        "uolv2" => "M12 3.5l9 4.5-9 4.5-9-4.5zM3 12.5l9 4.5 9-4.5M3 16.5l9 4.5 9-4.5",
        "documentation" => "M3.5 6.5h6l2 2h9v11h-17zM3.5 6.5V5h6",
        "timetable" => "M4 5h16v15H4zM4 10h16M4 15h16M10 5v15",
        "task" => "M10 6.5h10M10 12h10M10 17.5h10M4 6.5l1.3 1.3L7.5 5.5M4 12l1.3 1.3L7.5 11M4 17.5l1.3 1.3 2.2-2.3",
        "meeting" => "M3 4.5h12v8H8l-3.5 3v-3H3zM18 8.5h3v8.5h-1.5v3l-3.5-3H9v-2",
        "weeklyplan" => "M5 3.5h14v17H5zM9 3.5v17M12 8h4.5M12 11.5h4.5M12 15h3",
        // Interface.
        "back" => "M15 5l-7 7 7 7",
        "globe" => {
            "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M3 12h18M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9M12 3C9.5 5.6 8.2 8.6 8.2 12s1.3 6.4 3.8 9"
        }
        "alert" => "M12 3.5l9.5 16.5h-19zM12 10v4.5M12 17v.5",
        "info" => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 11v5.5M12 7.5v.5",
        "external" => "M14 4h6v6M20 4l-8.5 8.5M18 14v6H4V6h6",
        "device" => "M4 5h16v11H4zM2 19.5h20M9 16v3.5M15 16v3.5",
        "phone" => "M7 2.5h10v19H7zM11 18.5h2",
        "key" => "M8 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8M12 12h9M18 12v3.5M21 12v3",
        "play" => "M7 4.5v15l12.5-7.5z",
        "attachment" => {
            "M20 11.5l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7L9.7 17.2a1.7 1.7 0 0 1-2.4-2.4L15 7.2"
        }
        "document" => "M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 15.5h6",
        "lock" => "M6 11h12v9.5H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3",
        "comment" => "M4 5h16v11H10l-4 3.5V16H4z",
        "logout" => "M10 4H4.5v16H10M15 8l4 4-4 4M19 12H9",
        "check" => "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M8.5 12.5l2.5 2.5 4.5-5",
        "edit" => "M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4",
        "reset" => "M4.5 12a7.5 7.5 0 1 0 2.2-5.3M4.5 4v4.5H9",
        "refresh" => "M19.5 12a7.5 7.5 0 1 1-2.2-5.3M19.5 4v4.5H15",
        "grip" => "M7 8h10M7 12h10M7 16h10",
        "up" => "M6 15l6-6 6 6",
        "down" => "M6 9l6 6 6-6",
        "eye" => "M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12zM12 9a3 3 0 1 0 0 6a3 3 0 1 0 0-6",
        "eye-off" => {
            "M4 4l16 16M10.6 6c.5-.1.9-.1 1.4-.1 6 0 9.5 6.6 9.5 6.6a17 17 0 0 1-2.7 3.4M6.6 7.4A16 16 0 0 0 2.5 12S6 18.5 12 18.5c1.7 0 3.2-.5 4.5-1.2M9.9 9.9a3 3 0 0 0 4.2 4.2"
        }
        "sun" => {
            "M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4"
        }
        "moon" => "M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z",
        "offline" => {
            "M4 4l16 16M8.5 16.5a5 5 0 0 1 7 0M5 13a10 10 0 0 1 4-2.3M14.5 10.6A10 10 0 0 1 19 13M2 9.5a14 14 0 0 1 4.2-2.6M10.5 6.1A14 14 0 0 1 22 9.5M12 20h.01"
        }
        _ => "M5 5h14v14H5z",
    }
}

/// One icon, `size` CSS pixels square.
#[component]
pub fn Icon(name: &'static str, #[prop(default = 24)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="icon"
            width=size
            height=size
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            <path d=path(name) />
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_box_has_its_own_icon() {
        let fallback = path("");
        for kind in crate::boxes::CATALOGUE {
            assert_ne!(path(kind.code), fallback, "{} has no icon", kind.code);
        }
    }
}

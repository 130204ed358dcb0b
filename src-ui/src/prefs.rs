//! The user's preferences: the start-page layout of each child (order and hidden boxes) and the theme.
//!
//! The type is the UI's own; the shell stores it as an opaque JSON document (`prefs_get` / `prefs_set`), so
//! it survives restarts. Every field has a default and unknown boxes are ignored, so an old or partly broken
//! document still gives a usable start page. The layout logic is pure and unit-tested on the host: the
//! views only call [`Layout::arrange`], [`Layout::move_by`], [`Layout::move_to`], [`Layout::set_hidden`].

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::boxes::Tile;
use crate::bridge;

/// Light, dark, or whatever the system says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// One child's start page: the boxes in the user's order, and the ones the user hid.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Layout {
    /// Box ids (`Tile::app`) in the user's order; boxes missing here follow in the hub's order.
    pub order: Vec<String>,
    /// Box ids the user hid.
    pub hidden: Vec<String>,
}

impl Layout {
    /// `tiles` (the hub's order) in the user's order: saved ones first, new ones after them.
    pub fn arrange(&self, tiles: &[Tile]) -> Vec<Tile> {
        let mut out: Vec<Tile> = self
            .order
            .iter()
            .filter_map(|app| tiles.iter().find(|t| t.app == app))
            .copied()
            .collect();
        for tile in tiles {
            if !out.iter().any(|t| t.app == tile.app) {
                out.push(*tile);
            }
        }
        out
    }

    /// The boxes to show, in order.
    pub fn visible(&self, tiles: &[Tile]) -> Vec<Tile> {
        self.arrange(tiles)
            .into_iter()
            .filter(|t| !self.is_hidden(t.app))
            .collect()
    }

    /// The hidden boxes, in order.
    pub fn hidden_tiles(&self, tiles: &[Tile]) -> Vec<Tile> {
        self.arrange(tiles)
            .into_iter()
            .filter(|t| self.is_hidden(t.app))
            .collect()
    }

    pub fn is_hidden(&self, app: &str) -> bool {
        self.hidden.iter().any(|h| h == app)
    }

    /// Moves visible box `app` by `delta` places among the visible boxes; returns its new index (0-based),
    /// or `None` when it cannot move that way.
    pub fn move_by(&mut self, tiles: &[Tile], app: &str, delta: isize) -> Option<usize> {
        let visible = self.visible(tiles);
        let from = visible.iter().position(|t| t.app == app)?;
        let to = from.checked_add_signed(delta).filter(|&to| to < visible.len())?;
        self.move_to(tiles, app, to)
    }

    /// Puts visible box `app` at index `to` among the visible boxes (clamped); returns the index, or `None`
    /// when nothing moved.
    pub fn move_to(&mut self, tiles: &[Tile], app: &str, to: usize) -> Option<usize> {
        let mut visible = self.visible(tiles);
        let from = visible.iter().position(|t| t.app == app)?;
        let to = to.min(visible.len() - 1);
        if from == to {
            return None;
        }
        let tile = visible.remove(from);
        visible.insert(to, tile);
        let hidden = self.hidden_tiles(tiles);
        self.order = visible.iter().chain(hidden.iter()).map(|t| t.app.to_owned()).collect();
        Some(to)
    }

    /// Hides or shows `app`; the order is kept, so a box shown again returns to its place.
    pub fn set_hidden(&mut self, tiles: &[Tile], app: &str, hidden: bool) {
        if self.order.is_empty() {
            self.order = self.arrange(tiles).iter().map(|t| t.app.to_owned()).collect();
        }
        self.hidden.retain(|h| h != app);
        if hidden {
            self.hidden.push(app.to_owned());
        }
    }
}

/// Everything the user chose; serialized as the shell's preferences document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: Theme,
    /// Per child id.
    pub layouts: BTreeMap<String, Layout>,
}

impl Prefs {
    /// Reads a stored document; anything unusable gives the defaults.
    pub fn from_json(value: serde_json::Value) -> Self {
        serde_json::from_value(value).unwrap_or_default()
    }

    /// The layout of `child_id` (the default when the user changed nothing).
    pub fn layout(&self, child_id: &str) -> Layout {
        self.layouts.get(child_id).cloned().unwrap_or_default()
    }
}

/// The preferences in context: a signal, and saving through the shell after each change.
#[derive(Clone, Copy)]
pub struct PrefsStore {
    pub prefs: RwSignal<Prefs>,
    /// The last save's error, shown where the user made the change.
    pub save_error: RwSignal<Option<hub_model::CmdError>>,
}

impl PrefsStore {
    /// Puts the store in context and loads the saved preferences. Call once, at the root.
    pub fn provide() -> Self {
        let store = Self {
            prefs: RwSignal::new(Prefs::default()),
            save_error: RwSignal::new(None),
        };
        spawn_local(async move {
            // No shell (a plain browser) or nothing saved: the defaults stay.
            if let Ok(value) = bridge::prefs_get().await {
                store.prefs.set(Prefs::from_json(value));
            }
        });
        provide_context(store);
        store
    }

    /// Changes the preferences with `f` and saves them.
    pub fn update(&self, f: impl FnOnce(&mut Prefs)) {
        self.prefs.update(f);
        let json = self
            .prefs
            .with_untracked(|p| serde_json::to_string(p).unwrap_or_default());
        let save_error = self.save_error;
        spawn_local(async move {
            save_error.set(bridge::prefs_set(&json).await.err());
        });
    }
}

/// The preferences store; panics outside `App`.
pub fn use_prefs() -> PrefsStore {
    expect_context::<PrefsStore>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boxes::tiles_for;
    use hub_model::{AppCode, Child, PersonName};

    fn tiles() -> Vec<Tile> {
        let child = Child {
            id: "1".into(),
            name: PersonName::from_hub("Björklund, Elsa"),
            switch_id: None,
            apps: ["communication", "calendarv2", "timeregistration"]
                .iter()
                .map(|a| AppCode((*a).to_owned()))
                .collect(),
        };
        tiles_for(&child)
    }

    fn apps(tiles: &[Tile]) -> Vec<&str> {
        tiles.iter().map(|t| t.app).collect()
    }

    #[test]
    fn default_layout_keeps_the_hubs_order() {
        let all = tiles();
        let layout = Layout::default();
        assert_eq!(apps(&layout.visible(&all)), apps(&all));
        assert!(layout.hidden_tiles(&all).is_empty());
    }

    #[test]
    fn moves_stay_in_bounds_and_skip_hidden_boxes() {
        let all = tiles();
        let mut layout = Layout::default();
        assert_eq!(
            layout.move_by(&all, "communication", -1),
            None,
            "first box cannot move up"
        );
        assert_eq!(layout.move_by(&all, "timeregistration", -2), Some(0));
        assert_eq!(
            apps(&layout.visible(&all)),
            [
                "timeregistration",
                "communication",
                "calendarv2",
                "edlevo-attendance",
                "edlevo-timetable"
            ]
        );
        layout.set_hidden(&all, "calendarv2", true);
        assert_eq!(layout.move_by(&all, "communication", 1), Some(2));
        assert_eq!(
            apps(&layout.visible(&all)),
            [
                "timeregistration",
                "edlevo-attendance",
                "communication",
                "edlevo-timetable"
            ]
        );
        assert_eq!(
            layout.move_by(&all, "edlevo-timetable", 1),
            None,
            "last box cannot move down"
        );
        assert_eq!(
            layout.move_by(&all, "calendarv2", 1),
            None,
            "a hidden box does not move"
        );
        assert_eq!(layout.move_to(&all, "edlevo-timetable", 99), None, "already last");
        assert_eq!(layout.move_to(&all, "edlevo-timetable", 0), Some(0));
    }

    #[test]
    fn a_box_shown_again_returns_to_its_place() {
        let all = tiles();
        let mut layout = Layout::default();
        layout.set_hidden(&all, "calendarv2", true);
        assert_eq!(apps(&layout.hidden_tiles(&all)), ["calendarv2"]);
        assert!(!apps(&layout.visible(&all)).contains(&"calendarv2"));
        layout.set_hidden(&all, "calendarv2", false);
        assert_eq!(apps(&layout.visible(&all)), apps(&all));
    }

    #[test]
    fn saved_layouts_tolerate_unknown_and_new_boxes() {
        let all = tiles();
        let layout = Layout {
            order: vec!["nosuchbox".into(), "calendarv2".into()],
            hidden: vec!["gone".into()],
        };
        assert_eq!(
            apps(&layout.visible(&all)),
            [
                "calendarv2",
                "communication",
                "timeregistration",
                "edlevo-attendance",
                "edlevo-timetable"
            ]
        );
    }

    #[test]
    fn prefs_round_trip_and_bad_documents_give_defaults() {
        let mut prefs = Prefs {
            theme: Theme::Dark,
            ..Prefs::default()
        };
        prefs.layouts.insert(
            "11".into(),
            Layout {
                order: vec!["calendarv2".into()],
                hidden: vec!["communication".into()],
            },
        );
        let json = serde_json::to_value(&prefs).unwrap();
        assert_eq!(json["theme"], "dark");
        assert_eq!(Prefs::from_json(json), prefs);
        assert_eq!(Prefs::from_json(serde_json::Value::Null), Prefs::default());
        assert_eq!(Prefs::from_json(serde_json::json!({"theme": 7})), Prefs::default());
        let partial = Prefs::from_json(serde_json::json!({"theme": "light"}));
        assert_eq!((partial.theme, partial.layout("11")), (Theme::Light, Layout::default()));
    }
}

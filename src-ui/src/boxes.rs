//! The box catalogue: which start-page tiles a child gets, in which order, and under which names.
//!
//! The hub lists the modules the school enabled per child (`homeData.apps[].codeName`); each known code
//! becomes one tile named as InfoMentor names its box. Absence and the timetable moved to Edlevo in many
//! municipalities, so when those modules are off the child still gets a hand-off tile that says where
//! they went. Pure data, so it is unit-tested on the host.

use hub_model::Child;
use hub_model::notifications::{AppType, Notification, NotificationState};

/// One kind of box the hub can enable, with its translation keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoxKind {
    /// The hub's `codeName`.
    pub code: &'static str,
    pub name_key: &'static str,
    pub desc_key: &'static str,
}

const fn kind(code: &'static str, name_key: &'static str, desc_key: &'static str) -> BoxKind {
    BoxKind {
        code,
        name_key,
        desc_key,
    }
}

/// Every box Skolhub knows, in the order of InfoMentor's own box list.
pub const CATALOGUE: &[BoxKind] = &[
    kind("assessmentsv2", "box.assessmentsv2.name", "box.assessmentsv2.desc"),
    kind("grouptimeline", "box.grouptimeline.name", "box.grouptimeline.desc"),
    kind("onlinetest", "box.onlinetest.name", "box.onlinetest.desc"),
    kind(
        "timeregistration",
        "box.timeregistration.name",
        "box.timeregistration.desc",
    ),
    kind("attendance", "box.attendance.name", "box.attendance.desc"),
    kind("communication", "box.communication.name", "box.communication.desc"),
    kind("calendarv2", "box.calendarv2.name", "box.calendarv2.desc"),
    kind("classlist", "box.classlist.name", "box.classlist.desc"),
    kind("uolv2", "box.uolv2.name", "box.uolv2.desc"),
    kind("documentation", "box.documentation.name", "box.documentation.desc"),
    kind("timetable", "box.timetable.name", "box.timetable.desc"),
    kind("task", "box.task.name", "box.task.desc"),
    kind("meeting", "box.meeting.name", "box.meeting.desc"),
    kind("weeklyplan", "box.weeklyplan.name", "box.weeklyplan.desc"),
];

/// Hand-off tiles shown when a module lives in Edlevo instead: (module code, tile).
const EDLEVO: &[(&str, Tile)] = &[
    (
        "attendance",
        Tile {
            app: "edlevo-attendance",
            icon: "attendance",
            name_key: "box.attendance.name",
            desc_key: "box.edlevo_attendance.desc",
            edlevo: true,
        },
    ),
    (
        "timetable",
        Tile {
            app: "edlevo-timetable",
            icon: "timetable",
            name_key: "box.timetable.name",
            desc_key: "box.edlevo_timetable.desc",
            edlevo: true,
        },
    ),
];

/// One tile on the start page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tile {
    /// Stable id: the hub's `codeName`, or `edlevo-…` for a hand-off. Rendered as `data-app`.
    pub app: &'static str,
    /// Which glyph to draw (a `codeName`).
    pub icon: &'static str,
    pub name_key: &'static str,
    pub desc_key: &'static str,
    /// True for a hand-off to Edlevo rather than a module of the hub.
    pub edlevo: bool,
}

/// The catalogue entry for a hub `codeName`, if Skolhub knows it.
pub fn lookup(code: &str) -> Option<&'static BoxKind> {
    CATALOGUE.iter().find(|k| k.code == code)
}

/// The name key of the tile `app` (a `codeName` or an Edlevo hand-off), for texts that name a box.
pub fn tile_name_key(app: &str) -> Option<&'static str> {
    lookup(app)
        .map(|k| k.name_key)
        .or_else(|| EDLEVO.iter().find(|(_, t)| t.app == app).map(|(_, t)| t.name_key))
}

/// The tiles for one child: enabled modules in the hub's order (unknown codes skipped, duplicates
/// dropped), then the Edlevo hand-offs for absence and timetable when those modules are off.
pub fn tiles_for(child: &Child) -> Vec<Tile> {
    let mut tiles: Vec<Tile> = Vec::new();
    for app in &child.apps {
        if let Some(kind) = lookup(app.as_str())
            && !tiles.iter().any(|t| t.app == kind.code)
        {
            tiles.push(Tile {
                app: kind.code,
                icon: kind.code,
                name_key: kind.name_key,
                desc_key: kind.desc_key,
                edlevo: false,
            });
        }
    }
    for (module, tile) in EDLEVO {
        if !child.apps.iter().any(|a| a.as_str() == *module) {
            tiles.push(*tile);
        }
    }
    tiles
}

/// The box (hub `codeName`) a notification's `appType` belongs to, for the unread badges.
pub fn box_of(app_type: AppType) -> Option<&'static str> {
    Some(match app_type {
        AppType::News => "communication",
        AppType::CalendarV2 | AppType::Calendar => "calendarv2",
        AppType::ParentMeeting => "meeting",
        AppType::Assessment => "assessmentsv2",
        AppType::Assignment => "task",
        AppType::Timeline => "grouptimeline",
        AppType::WeeklyPlan | AppType::HomeWork => "weeklyplan",
        AppType::OnlineTest => "onlinetest",
        AppType::Portfolio | AppType::Iup | AppType::Journal | AppType::SpecialPlan => "documentation",
        AppType::Uol => "uolv2",
        _ => return None,
    })
}

/// How many `New` notifications of `child_id` belong to the box `app`.
pub fn unread_count(notifications: &[Notification], child_id: &str, app: &str) -> usize {
    notifications
        .iter()
        .filter(|n| n.state == NotificationState::New)
        .filter(|n| n.pupil_id() == Some(child_id))
        .filter(|n| box_of(n.app_type) == Some(app))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, translate};
    use hub_model::{AppCode, PersonName};

    fn child(apps: &[&str]) -> Child {
        Child {
            id: "1".into(),
            name: PersonName::from_hub("Björklund, Elsa"),
            switch_id: None,
            apps: apps.iter().map(|a| AppCode((*a).to_owned())).collect(),
        }
    }

    fn apps(tiles: &[Tile]) -> Vec<&'static str> {
        tiles.iter().map(|t| t.app).collect()
    }

    #[test]
    fn swedish_box_names_follow_infomentor() {
        let expected = [
            ("assessmentsv2", "Bedömningar"),
            ("grouptimeline", "Blogg"),
            ("onlinetest", "eTest"),
            ("timeregistration", "Fritidsschema"),
            ("attendance", "Frånvaro"),
            ("communication", "Information"),
            ("calendarv2", "Kalender"),
            ("classlist", "Kontaktlista"),
            ("uolv2", "Planeringar"),
            ("documentation", "Dokumentation"),
            ("timetable", "Schema"),
            ("task", "Uppgifter"),
            ("meeting", "Utvecklingssamtal"),
            ("weeklyplan", "Veckoplan"),
        ];
        assert_eq!(CATALOGUE.len(), expected.len());
        for (code, name) in expected {
            let kind = lookup(code).unwrap_or_else(|| panic!("{code} missing"));
            assert_eq!(translate(Lang::Sv, kind.name_key), name);
        }
    }

    #[test]
    fn every_tile_key_is_translated() {
        let tiles = CATALOGUE
            .iter()
            .map(|k| (k.name_key, k.desc_key))
            .chain(EDLEVO.iter().map(|(_, t)| (t.name_key, t.desc_key)));
        for (name, desc) in tiles {
            for lang in [Lang::Sv, Lang::En] {
                assert_ne!(translate(lang, name), name, "{name} untranslated");
                assert_ne!(translate(lang, desc), desc, "{desc} untranslated");
            }
        }
    }

    #[test]
    fn enabled_modules_keep_hub_order_and_edlevo_tiles_follow() {
        let tiles = tiles_for(&child(&[
            "timeregistration",
            "communication",
            "nosuchapp",
            "communication",
        ]));
        assert_eq!(
            apps(&tiles),
            [
                "timeregistration",
                "communication",
                "edlevo-attendance",
                "edlevo-timetable"
            ]
        );
        assert!(tiles[2].edlevo && !tiles[0].edlevo);
        assert_eq!(
            translate(Lang::Sv, tiles[2].desc_key),
            "Frånvaroanmälan sker i appen Edlevo."
        );
        assert_eq!(translate(Lang::Sv, tiles[3].desc_key), "Schema finns i Edlevo.");
    }

    #[test]
    fn no_hand_off_when_the_module_is_on() {
        let tiles = tiles_for(&child(&["timetable", "attendance"]));
        assert_eq!(apps(&tiles), ["timetable", "attendance"]);
    }

    #[test]
    fn unread_badges_count_new_items_per_child_and_box() {
        let n = |id: i64, app: &str, state: &str, pupil: &str| -> Notification {
            serde_json::from_value(serde_json::json!({
                "id": id, "title": "t", "state": state, "appType": app,
                "pupilSourceId": format!("3104|{pupil}|SKOLA")
            }))
            .unwrap()
        };
        let list = [
            n(1, "News", "New", "11"),
            n(2, "News", "Read", "11"),
            n(3, "News", "New", "22"),
            n(4, "ParentMeeting", "New", "11"),
            n(5, "IUP", "New", "11"),
            n(6, "Journal", "New", "11"),
            n(7, "Hologram", "New", "11"),
        ];
        assert_eq!(unread_count(&list, "11", "communication"), 1);
        assert_eq!(unread_count(&list, "22", "communication"), 1);
        assert_eq!(unread_count(&list, "11", "meeting"), 1);
        assert_eq!(unread_count(&list, "11", "documentation"), 2);
        assert_eq!(unread_count(&list, "11", "calendarv2"), 0);
        for kind in CATALOGUE {
            // Every box a notification can point at is a known box.
            assert!(lookup(kind.code).is_some());
        }
        assert_eq!(box_of(AppType::Unknown), None);
    }

    #[test]
    fn tiles_are_named_by_their_id() {
        assert_eq!(tile_name_key("calendarv2"), Some("box.calendarv2.name"));
        assert_eq!(tile_name_key("edlevo-attendance"), Some("box.attendance.name"));
        assert_eq!(tile_name_key("nosuchapp"), None);
    }

    #[test]
    fn a_child_without_modules_still_learns_about_edlevo() {
        assert_eq!(apps(&tiles_for(&child(&[]))), ["edlevo-attendance", "edlevo-timetable"]);
    }
}

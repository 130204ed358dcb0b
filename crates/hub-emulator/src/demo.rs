//! The seeded demo school: Ekbackens skola in Fjugesta (Lekebergs kommun), with one guardian, her three
//! children and a student account for the oldest child. All people and ids are fictitious.
//!
//! The public constants are what demo mode and tests log in with; the seed tables below are what
//! `db::open_seeded` writes into SQLite.

/// The demo school's name.
pub const SCHOOL_NAME: &str = "Ekbackens skola";
/// The municipality the demo school belongs to.
pub const MUNICIPALITY: &str = "Lekebergs kommun";

/// The guardian's user name (matched case-insensitively, like the real login form).
pub const GUARDIAN_USERNAME: &str = "karin.bjorklund";
/// The guardian's password.
pub const GUARDIAN_PASSWORD: &str = "demo";
/// The guardian's display name (`homeData.account.currentUser.name`).
pub const GUARDIAN_NAME: &str = "Karin Björklund";

/// The student account (Maja) user name.
pub const STUDENT_USERNAME: &str = "maja.bjorklund";
/// The student account password.
pub const STUDENT_PASSWORD: &str = "demo";

/// The children's first names in hub order; the first one is selected after login.
pub const CHILDREN: [&str; 3] = ["Elsa", "Nils", "Maja"];
/// The children's family name.
pub const FAMILY_NAME: &str = "Björklund";

/// Every app (module) code name the project knows, with its Swedish title, in start-page order.
pub(crate) const APPS: [(&str, &str); 14] = [
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

/// The demo school row.
pub(crate) struct SeedSchool {
    pub id: i64,
    pub name: &'static str,
    pub municipality: &'static str,
    pub town: &'static str,
    /// The municipality's IdP key on `sso.infomentor.se`.
    pub idp: &'static str,
    /// The first part of every pupil's `hybridMappingId`.
    pub hybrid_instance: i64,
}

pub(crate) const SCHOOL: SeedSchool = SeedSchool {
    id: 1,
    name: SCHOOL_NAME,
    municipality: MUNICIPALITY,
    town: "Fjugesta",
    idp: "lekeberg_par",
    hybrid_instance: 3104,
};

/// One seeded child with the three unrelated id schemes of protocol §3.6.
pub(crate) struct SeedPupil {
    /// 10 digits; `pupils[].id` and the middle of `hybridMappingId`.
    pub pupil_id: &'static str,
    /// 7 digits; the `SwitchPupil` id.
    pub switch_id: &'static str,
    /// The IM2 id (`pupilIM2Id`).
    pub im2_id: i64,
    pub first_name: &'static str,
    pub last_name: &'static str,
    /// Årskurs.
    pub grade: i64,
    pub class_name: &'static str,
    pub fritids: bool,
    /// Apps enabled for guardians and the pupil alike.
    pub apps: &'static [&'static str],
    /// Apps visible only when the pupil's own student account is logged in.
    pub student_apps: &'static [&'static str],
}

pub(crate) const PUPILS: [SeedPupil; 3] = [
    SeedPupil {
        pupil_id: "5102376841",
        switch_id: "2047113",
        im2_id: 880142,
        first_name: CHILDREN[0],
        last_name: FAMILY_NAME,
        grade: 2,
        class_name: "2B",
        fritids: true,
        apps: &[
            "communication",
            "calendarv2",
            "timeregistration",
            "classlist",
            "documentation",
            "weeklyplan",
            "grouptimeline",
        ],
        student_apps: &[],
    },
    SeedPupil {
        pupil_id: "5102376858",
        switch_id: "2047129",
        im2_id: 880157,
        first_name: CHILDREN[1],
        last_name: FAMILY_NAME,
        grade: 5,
        class_name: "5A",
        fritids: false,
        apps: &[
            "communication",
            "calendarv2",
            "classlist",
            "uolv2",
            "task",
            "documentation",
            "weeklyplan",
            "grouptimeline",
            "meeting",
        ],
        student_apps: &[],
    },
    SeedPupil {
        pupil_id: "5102376865",
        switch_id: "2047134",
        im2_id: 880163,
        first_name: CHILDREN[2],
        last_name: FAMILY_NAME,
        grade: 8,
        class_name: "8C",
        fritids: false,
        apps: &[
            "communication",
            "calendarv2",
            "classlist",
            "uolv2",
            "task",
            "assessmentsv2",
            "documentation",
            "grouptimeline",
            "weeklyplan",
        ],
        student_apps: &["onlinetest"],
    },
];

/// One seeded login account.
pub(crate) struct SeedUser {
    /// 10 digits; `homeData.account.currentUser.id`.
    pub id: &'static str,
    /// `"Guardian"` or `"Pupil"`, as in `currentUser.role`.
    pub role: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    /// For a student account: the pupil it is.
    pub pupil_id: Option<&'static str>,
    /// For a guardian: the children, in hub order.
    pub children: &'static [&'static str],
}

pub(crate) const USERS: [SeedUser; 2] = [
    SeedUser {
        id: "7300412259",
        role: "Guardian",
        username: GUARDIAN_USERNAME,
        password: GUARDIAN_PASSWORD,
        first_name: "Karin",
        last_name: FAMILY_NAME,
        pupil_id: None,
        children: &["5102376841", "5102376858", "5102376865"],
    },
    SeedUser {
        id: "7300412266",
        role: "Pupil",
        username: STUDENT_USERNAME,
        password: STUDENT_PASSWORD,
        first_name: CHILDREN[2],
        last_name: FAMILY_NAME,
        pupil_id: Some("5102376865"),
        children: &[],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_consistent() {
        let known: Vec<&str> = APPS.iter().map(|(code, _)| *code).collect();
        for pupil in &PUPILS {
            assert_eq!(pupil.pupil_id.len(), 10);
            assert_eq!(pupil.switch_id.len(), 7);
            for app in pupil.apps.iter().chain(pupil.student_apps) {
                assert!(known.contains(app), "unknown app {app}");
            }
            // Lekeberg uses Edlevo for attendance and timetable.
            assert!(!pupil.apps.contains(&"attendance") && !pupil.apps.contains(&"timetable"));
        }
        assert_eq!(GUARDIAN_NAME, format!("Karin {FAMILY_NAME}"));
    }
}

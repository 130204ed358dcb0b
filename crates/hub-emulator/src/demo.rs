//! The seeded demo school: Ekbackens skola in Fjugesta (Lekebergs kommun), with one guardian, her three
//! children and a student account for the oldest child, plus content for the boxes: notifications, news,
//! documents, links, calendar, Elsa's fritidsschema, development-talk slots for Nils's class, Maja's grades and
//! assessments, tasks and plans (Nils, Maja), class lists with staff, weekly plans, class blogs, documentation
//! (journal, portfolio, IUP, Nils's åtgärdsprogram, utvecklingssamtal forms and their history), Elsa's lärlogg,
//! Maja's eTests and self-assessments, a weekly timetable per class, messages and registered absence with leave
//! requests per child (Schema and Frånvaro are off for the children, as in Lekeberg, until the admin API turns
//! them on). All people and ids are fictitious.
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

// ---------------------------------------------------------------------------------------------------------
// Content: resources, news, documents, links, calendar, notifications, fritids, meetings. Day offsets are
// relative to the seeding day (Stockholm); offsets that land on a weekend move to the next Monday where the
// content is a school-day thing.
// ---------------------------------------------------------------------------------------------------------

const ELSA: &str = PUPILS[0].pupil_id;
const NILS: &str = PUPILS[1].pupil_id;
const MAJA: &str = PUPILS[2].pupil_id;
const GUARDIAN_ID: &str = USERS[0].id;
const STUDENT_ID: &str = USERS[1].id;

/// Who sees a piece of school content.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Audience {
    School,
    Class(&'static str),
    Grade(i64),
}

/// How a downloadable file's bytes are made.
pub(crate) enum ResourceBody {
    /// A one-page PDF showing these lines (ASCII only, the standard fonts' safe set).
    Pdf(&'static [&'static str]),
    /// Bytes as they are.
    Raw(&'static [u8]),
}

pub(crate) struct SeedResource {
    pub id: i64,
    pub file_name: &'static str,
    pub content_type: &'static str,
    pub body: ResourceBody,
}

pub(crate) const SKOGSDAG_IMAGE: i64 = 9002;

pub(crate) const RESOURCES: [SeedResource; 5] = [
    SeedResource {
        id: 9001,
        file_name: "Läsårsplanering 2026–2027.pdf",
        content_type: "application/pdf",
        body: ResourceBody::Pdf(&[
            "Ekbackens skola - Lasarsplanering 2026-2027",
            "Hostterminen: 17 augusti - 22 december",
            "Varterminen: 11 januari - 11 juni",
            "Studiedagar och lov finns i kalendern.",
        ]),
    },
    SeedResource {
        id: SKOGSDAG_IMAGE,
        file_name: "Skogsdag på Ekbacken.png",
        content_type: "image/png",
        body: ResourceBody::Raw(include_bytes!("../assets/skogsdag.png")),
    },
    SeedResource {
        id: 9003,
        file_name: "Packlista utflykt Kilsbergen.txt",
        content_type: "text/plain; charset=utf-8",
        body: ResourceBody::Raw(
            "Packlista – utflykt till Kilsbergen\r\n\r\n- Matsäck och vattenflaska\r\n- Sittunderlag\r\n\
             - Kläder efter väder, extra strumpor\r\n- Stadiga skor\r\n\r\nVi samlas vid skolans entré 08:15.\r\n"
                .as_bytes(),
        ),
    },
    SeedResource {
        id: 9004,
        file_name: "Ordningsregler Ekbackens skola.pdf",
        content_type: "application/pdf",
        body: ResourceBody::Pdf(&[
            "Ordningsregler for Ekbackens skola",
            "1. Vi ar vanliga mot varandra.",
            "2. Mobiltelefoner ar avstangda under lektionstid.",
            "3. Vi ar rada om skolans saker.",
        ]),
    },
    SeedResource {
        id: 9005,
        file_name: "Matsedel hösten.pdf",
        content_type: "application/pdf",
        body: ResourceBody::Pdf(&[
            "Matsedel hosten",
            "Mandag: Fiskgratang",
            "Tisdag: Linsgryta",
            "Onsdag: Kottbullar",
        ]),
    },
];

pub(crate) struct SeedNews {
    pub id: i64,
    pub audience: Audience,
    pub days_ago: i64,
    pub time: &'static str,
    pub title: &'static str,
    pub content: &'static str,
    pub published_by: &'static str,
    pub image: Option<i64>,
    pub attachments: &'static [(i64, &'static str)],
}

pub(crate) const NEWS_SKOGSDAG: i64 = 2101;
pub(crate) const NEWS_2B: i64 = 2103;
pub(crate) const NEWS_5A_MEETINGS: i64 = 2104;
pub(crate) const NEWS_8C_PRAO: i64 = 2106;

pub(crate) const NEWS: [SeedNews; 7] = [
    SeedNews {
        id: NEWS_SKOGSDAG,
        audience: Audience::School,
        days_ago: 1,
        time: "07:45",
        title: "Skogsdag för hela skolan",
        content: "<p>Hej alla vårdnadshavare!</p><p>På fredag har vi skogsdag för hela skolan. Eleverna är ute \
                  hela dagen, så klä barnen efter väder och skicka med <strong>vattenflaska</strong>.</p>\
                  <p>Hälsningar<br/>Anna Lindqvist, rektor</p>",
        published_by: "Anna Lindqvist",
        image: Some(SKOGSDAG_IMAGE),
        attachments: &[],
    },
    SeedNews {
        id: 2102,
        audience: Audience::School,
        days_ago: 6,
        time: "15:10",
        title: "Läsårsplanering med lov och studiedagar",
        content: "<p>Nu finns läsårets planering med alla lov och studiedagar. Du hittar den som bilaga här \
                  och i kalendern.</p>",
        published_by: "Anna Lindqvist",
        image: None,
        attachments: &[(9001, "Läsårsplanering 2026–2027.pdf")],
    },
    SeedNews {
        id: NEWS_2B,
        audience: Audience::Class("2B"),
        days_ago: 2,
        time: "16:20",
        title: "Veckobrev 2B: höstens djur",
        content: "<p>Den här veckan har vi läst om igelkottar och ekorrar. På torsdag besöker vi biblioteket – \
                  ta gärna med en lånad bok att lämna tillbaka.</p><p>/Sofia</p>",
        published_by: "Sofia Ek",
        image: None,
        attachments: &[],
    },
    SeedNews {
        id: NEWS_5A_MEETINGS,
        audience: Audience::Class("5A"),
        days_ago: 3,
        time: "12:05",
        title: "Utvecklingssamtal i 5A – boka tid",
        content: "<p>Nu kan ni boka tid för utvecklingssamtal under Utvecklingssamtal i InfoMentor. \
                  Samtalen tar 20 minuter och hålls i klassrummet.</p>",
        published_by: "Jonas Berg",
        image: None,
        attachments: &[],
    },
    SeedNews {
        id: 2105,
        audience: Audience::Class("5A"),
        days_ago: 9,
        time: "09:30",
        title: "Utflykt till Kilsbergen",
        content: "<p>Klass 5A åker på utflykt till Kilsbergen. Packlistan finns i kalendern.</p>",
        published_by: "Jonas Berg",
        image: None,
        attachments: &[],
    },
    SeedNews {
        id: NEWS_8C_PRAO,
        audience: Audience::Class("8C"),
        days_ago: 4,
        time: "10:40",
        title: "Prao-veckan närmar sig",
        content: "<p>Alla elever i 8C ska ha en praoplats senast nästa fredag. Hör av er till mig om ni \
                  behöver hjälp.</p><p>/Karim</p>",
        published_by: "Karim Nasser",
        image: None,
        attachments: &[],
    },
    SeedNews {
        id: 2107,
        audience: Audience::Grade(8),
        days_ago: 12,
        time: "08:00",
        title: "Nationellt prov i engelska",
        content: "<p>Provet skrivs i aulan. Ta med penna, sudd och en laddad dator.</p>",
        published_by: "Karim Nasser",
        image: None,
        attachments: &[],
    },
];

pub(crate) struct SeedDocument {
    pub id: i64,
    pub audience: Audience,
    pub title: &'static str,
    pub description: Option<&'static str>,
    pub type_name: &'static str,
    pub resource: i64,
    pub days_ago: i64,
}

pub(crate) const DOCUMENTS: [SeedDocument; 2] = [
    SeedDocument {
        id: 2301,
        audience: Audience::School,
        title: "Ordningsregler",
        description: Some("Skolans gemensamma ordningsregler"),
        type_name: "Styrdokument",
        resource: 9004,
        days_ago: 40,
    },
    SeedDocument {
        id: 2302,
        audience: Audience::School,
        title: "Matsedel",
        description: None,
        type_name: "Information",
        resource: 9005,
        days_ago: 10,
    },
];

pub(crate) struct SeedLink {
    pub id: i64,
    pub audience: Audience,
    pub name: &'static str,
    pub description: &'static str,
    pub type_id: i64,
    pub url: &'static str,
    pub days_ago: i64,
    pub published_by: &'static str,
}

/// `linkTypeFilters` of `communication/appData`.
pub(crate) const LINK_TYPES: [(i64, &str); 2] = [(1, "Allmänt"), (2, "Läromedel")];

pub(crate) const LINKS: [SeedLink; 2] = [
    SeedLink {
        id: 2401,
        audience: Audience::School,
        name: "Lekebergs kommun – skola och förskola",
        description: "Kommunens information om skolval, skolskjuts och lov",
        type_id: 1,
        url: "https://www.lekeberg.se/",
        days_ago: 60,
        published_by: "Anna Lindqvist",
    },
    SeedLink {
        id: 2402,
        audience: Audience::Grade(5),
        name: "Matteträning åk 4–6",
        description: "Övningar inför proven",
        type_id: 2,
        url: "https://www.skolverket.se/",
        days_ago: 20,
        published_by: "Jonas Berg",
    },
];

/// Calendar entry types (`calendarEntryTypes`): id, name, colour, CSS class.
pub(crate) const CALENDAR_TYPES: [(i64, &str, &str, &str); 6] = [
    (1, "Händelse", "#3a87ad", "event"),
    (2, "Studiedag", "#b94a48", "studyday"),
    (3, "Lov", "#468847", "holiday"),
    (4, "Prov", "#c09853", "test"),
    (5, "Utflykt", "#2d6987", "excursion"),
    (6, "Möte", "#7a43b6", "meeting"),
];
pub(crate) const TYPE_STUDIEDAG: i64 = 2;
pub(crate) const TYPE_LOV: i64 = 3;

pub(crate) struct SeedEntry {
    pub id: i64,
    pub audience: Audience,
    pub type_id: i64,
    /// Empty for a lov: the title is the lov's name for its season.
    pub title: &'static str,
    pub text: &'static str,
    /// School days from today (weekends skipped forward).
    pub day: i64,
    /// Extra calendar days the entry lasts.
    pub extra_days: i64,
    pub times: Option<(&'static str, &'static str)>,
    pub subjects: &'static [(i64, &'static str)],
    pub attachments: &'static [(i64, &'static str)],
    pub url: Option<&'static str>,
}

pub(crate) const ENTRY_STUDIEDAG: i64 = 3101;
pub(crate) const ENTRY_UTFLYKT: i64 = 3106;

pub(crate) const CALENDAR: [SeedEntry; 9] = [
    SeedEntry {
        id: ENTRY_STUDIEDAG,
        audience: Audience::School,
        type_id: TYPE_STUDIEDAG,
        title: "Studiedag",
        text: "<p>Personalen har kompetensutveckling. Skolan och fritidshemmet är stängda.</p>",
        day: 4,
        extra_days: 0,
        times: None,
        subjects: &[],
        attachments: &[],
        url: None,
    },
    SeedEntry {
        id: 3102,
        audience: Audience::School,
        type_id: TYPE_STUDIEDAG,
        title: "Studiedag",
        text: "<p>Studiedag för personalen. Skolan och fritidshemmet är stängda.</p>",
        day: -15,
        extra_days: 0,
        times: None,
        subjects: &[],
        attachments: &[],
        url: None,
    },
    SeedEntry {
        id: 3103,
        audience: Audience::School,
        type_id: TYPE_LOV,
        title: "",
        text: "<p>Skolan är stängd. Fritids har öppet för barn som är anmälda till lovfritids.</p>",
        day: 25,
        extra_days: 4,
        times: None,
        subjects: &[],
        attachments: &[],
        url: None,
    },
    SeedEntry {
        id: 3104,
        audience: Audience::Grade(5),
        type_id: 4,
        title: "Nationellt prov i matematik, åk 5",
        text: "<p>Delprov B och C. Ta med penna, sudd och linjal.</p>",
        day: 7,
        extra_days: 0,
        times: Some(("08:30", "10:30")),
        subjects: &[(11, "Matematik")],
        attachments: &[],
        url: None,
    },
    SeedEntry {
        id: 3105,
        audience: Audience::Grade(8),
        type_id: 4,
        title: "Nationellt prov i engelska, åk 8",
        text: "<p>Muntlig del i grupper om fyra. Schemat för grupperna delas ut i klassrummet.</p>",
        day: 8,
        extra_days: 0,
        times: Some(("09:00", "11:00")),
        subjects: &[(12, "Engelska")],
        attachments: &[],
        url: None,
    },
    SeedEntry {
        id: ENTRY_UTFLYKT,
        audience: Audience::Class("5A"),
        type_id: 5,
        title: "Utflykt till Kilsbergen",
        text: "<p>Vi vandrar till utsiktstornet och grillar korv. Se packlistan.</p>",
        day: 5,
        extra_days: 0,
        times: Some(("08:15", "14:30")),
        subjects: &[(13, "Idrott och hälsa"), (14, "Biologi")],
        attachments: &[(9003, "Packlista utflykt Kilsbergen.txt")],
        url: None,
    },
    SeedEntry {
        id: 3107,
        audience: Audience::School,
        type_id: 1,
        title: "Skogsdag",
        text: "<p>Hela skolan är ute i skogen. Klä er efter väder.</p>",
        day: 2,
        extra_days: 0,
        times: None,
        subjects: &[],
        attachments: &[],
        url: None,
    },
    SeedEntry {
        id: 3108,
        audience: Audience::Class("2B"),
        type_id: 1,
        title: "Biblioteksbesök",
        text: "<p>Vi lånar nya böcker. Lämna tillbaka gamla lån.</p>",
        day: 1,
        extra_days: 0,
        times: Some(("10:00", "11:00")),
        subjects: &[(15, "Svenska")],
        attachments: &[],
        url: None,
    },
    SeedEntry {
        id: 3109,
        audience: Audience::Class("8C"),
        type_id: 1,
        title: "Inlämning: novellanalys",
        text: "<p>Sista dag att lämna in novellanalysen.</p>",
        day: 3,
        extra_days: 0,
        times: Some(("16:00", "16:00")),
        subjects: &[(15, "Svenska")],
        attachments: &[],
        url: Some("/task/show/4711"),
    },
];

/// What a notification points at; the hash route is built from it.
pub(crate) enum Target {
    News(i64),
    Calendar(i64),
    Meeting,
    Route(&'static str),
}

pub(crate) struct SeedNotification {
    pub id: i64,
    pub user_id: &'static str,
    pub pupil_id: &'static str,
    pub app_type: &'static str,
    pub type_name: &'static str,
    pub entity_type: &'static str,
    pub title: &'static str,
    pub sub_title: &'static str,
    pub subjects_courses: &'static str,
    pub days_ago: i64,
    pub time: &'static str,
    pub target: Target,
    pub state: &'static str,
}

pub(crate) const NOTIFICATIONS: [SeedNotification; 10] = [
    SeedNotification {
        id: 51001,
        user_id: GUARDIAN_ID,
        pupil_id: NILS,
        app_type: "News",
        type_name: "NewsItem",
        entity_type: "NewsItem",
        title: "Utvecklingssamtal i 5A – boka tid",
        sub_title: "Jonas Berg",
        subjects_courses: "",
        days_ago: 3,
        time: "12:05",
        target: Target::News(NEWS_5A_MEETINGS),
        state: "New",
    },
    SeedNotification {
        id: 51002,
        user_id: GUARDIAN_ID,
        pupil_id: NILS,
        app_type: "ParentMeeting",
        type_name: "ParentMeetingAvailabilitiesCreated",
        entity_type: "ParentMeeting",
        title: "Nya tider för utvecklingssamtal",
        sub_title: "Jonas Berg",
        subjects_courses: "",
        days_ago: 3,
        time: "12:07",
        target: Target::Meeting,
        state: "New",
    },
    SeedNotification {
        id: 51003,
        user_id: GUARDIAN_ID,
        pupil_id: NILS,
        app_type: "CalendarV2",
        type_name: "CalendarV2EventCreated",
        entity_type: "CalendarEntry",
        title: "Utflykt till Kilsbergen",
        sub_title: "Jonas Berg",
        subjects_courses: "Idrott och hälsa, Biologi",
        days_ago: 9,
        time: "09:31",
        target: Target::Calendar(ENTRY_UTFLYKT),
        state: "Seen",
    },
    SeedNotification {
        id: 51004,
        user_id: GUARDIAN_ID,
        pupil_id: MAJA,
        app_type: "Assessment",
        type_name: "AssessmentPublished",
        entity_type: "Assessment",
        title: "Ny bedömning: Algebra och ekvationer",
        sub_title: "Karim Nasser",
        subjects_courses: "Matematik",
        days_ago: 2,
        time: "14:50",
        target: Target::Route("/#/assessmentsv2/overview"),
        state: "New",
    },
    SeedNotification {
        id: 51005,
        user_id: GUARDIAN_ID,
        pupil_id: MAJA,
        app_type: "News",
        type_name: "NewsItem",
        entity_type: "NewsItem",
        title: "Prao-veckan närmar sig",
        sub_title: "Karim Nasser",
        subjects_courses: "",
        days_ago: 4,
        time: "10:40",
        target: Target::News(NEWS_8C_PRAO),
        state: "Read",
    },
    SeedNotification {
        id: 51006,
        user_id: GUARDIAN_ID,
        pupil_id: ELSA,
        app_type: "News",
        type_name: "NewsItem",
        entity_type: "NewsItem",
        title: "Veckobrev 2B: höstens djur",
        sub_title: "Sofia Ek",
        subjects_courses: "",
        days_ago: 2,
        time: "16:20",
        target: Target::News(NEWS_2B),
        state: "New",
    },
    SeedNotification {
        id: 51007,
        user_id: GUARDIAN_ID,
        pupil_id: ELSA,
        app_type: "Timeline",
        type_name: "TimelineEntryCreated",
        entity_type: "TimelineEntry",
        title: "Nytt inlägg i 2B:s blogg: Kojbygge",
        sub_title: "Sofia Ek",
        subjects_courses: "",
        days_ago: 5,
        time: "13:15",
        target: Target::Route("/#/grouptimeline"),
        state: "Seen",
    },
    SeedNotification {
        id: 51008,
        user_id: GUARDIAN_ID,
        pupil_id: ELSA,
        app_type: "News",
        type_name: "NewsItem",
        entity_type: "NewsItem",
        title: "Skogsdag för hela skolan",
        sub_title: "Anna Lindqvist",
        subjects_courses: "",
        days_ago: 1,
        time: "07:45",
        target: Target::News(NEWS_SKOGSDAG),
        state: "Read",
    },
    SeedNotification {
        id: 51009,
        user_id: GUARDIAN_ID,
        pupil_id: ELSA,
        app_type: "CalendarV2",
        type_name: "CalendarV2EventCreated",
        entity_type: "CalendarEntry",
        title: "Studiedag",
        sub_title: "Anna Lindqvist",
        subjects_courses: "",
        days_ago: 6,
        time: "15:12",
        target: Target::Calendar(ENTRY_STUDIEDAG),
        state: "Read",
    },
    SeedNotification {
        id: 51010,
        user_id: STUDENT_ID,
        pupil_id: MAJA,
        app_type: "Assessment",
        type_name: "AssessmentPublished",
        entity_type: "Assessment",
        title: "Ny bedömning: Algebra och ekvationer",
        sub_title: "Karim Nasser",
        subjects_courses: "Matematik",
        days_ago: 2,
        time: "14:50",
        target: Target::Route("/#/assessmentsv2/overview"),
        state: "New",
    },
];

/// Fritids opening hours (`schoolOpeningTime`, `schoolClosingTime`).
pub(crate) const FRITIDS_OPENS: &str = "06:30";
pub(crate) const FRITIDS_CLOSES: &str = "18:00";
/// Elsa's usual care times, Monday to Friday.
pub(crate) const ELSA_WEEK: [(&str, &str); 5] = [
    ("07:15", "16:30"),
    ("07:30", "15:45"),
    ("08:00", "16:00"),
    ("07:15", "16:30"),
    ("07:30", "14:30"),
];
/// The fritids teacher who comments on days.
pub(crate) const FRITIDS_TEACHER: &str = "Lena Holm";
pub(crate) const FRITIDS_PUPIL: &str = ELSA;

/// Nils's class teacher, who offers the development-talk slots.
pub(crate) const MEETING_TEACHER: &str = "Jonas Berg";
pub(crate) const MEETING_CLASS: &str = "5A";
/// Slot start times on the meeting day.
pub(crate) const MEETING_TIMES: [&str; 6] = ["14:00", "14:20", "14:40", "15:00", "15:20", "15:40"];
pub(crate) const MEETING_MINUTES: i64 = 20;
/// School days from today to the meeting day; booking closes two days before at 23:59.
pub(crate) const MEETING_DAY: i64 = 8;

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

// ---------------------------------------------------------------------------------------------------------
// Bedömningar (Maja, årskurs 8): grade terms from år 6, assessment grids and tasks with statements.
// ---------------------------------------------------------------------------------------------------------

/// The pupil whose assessments are seeded.
pub(crate) const ASSESSMENT_PUPIL: &str = MAJA;

/// Subjects with Maja's grade per finished term (Ht 6, Vt 6, Ht 7, Vt 7, Ht 8); `-` means not graded.
pub(crate) const GRADES: [(&str, &str); 12] = [
    ("Bild", "CCBBB"),
    ("Biologi", "DCCCB"),
    ("Engelska", "BBAAA"),
    ("Hem- och konsumentkunskap", "-CCCC"),
    ("Historia", "CCCBB"),
    ("Idrott och hälsa", "BBBBA"),
    ("Matematik", "EDDCC"),
    ("Moderna språk, spanska", "DDCCC"),
    ("Musik", "CBBBB"),
    ("Svenska", "CCBBB"),
    ("Teknik", "DDCCC"),
    ("Slöjd", "CCCCB"),
];

/// Grade terms: (term id, label, teacher comment). Only terms that have ended by the seeding day appear.
pub(crate) const GRADE_TERMS: [(i64, &str, &str); 5] = [
    (
        151,
        "Ht år 6",
        "Första terminen med betyg. Maja arbetar fokuserat och tar ansvar för sitt lärande.",
    ),
    (152, "Vt år 6", "Maja har utvecklats mycket i matematik under terminen."),
    (153, "Ht år 7", "Fortsätt att läsa varje dag, det märks i alla ämnen."),
    (
        154,
        "Vt år 7",
        "Ett starkt år. Maja deltar aktivt i diskussioner och hjälper andra.",
    ),
    (155, "Ht år 8", ""),
];

/// Mark options of the seeded grids: (mark text, colour).
pub(crate) const MARK_RED: (&str, &str) = ("Ej uppnått", "#e0474c");
pub(crate) const MARK_YELLOW: (&str, &str) = ("På väg", "#f5b82e");
pub(crate) const MARK_GREEN: (&str, &str) = ("Uppnått", "#4caf50");

/// How a statement is marked.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mark {
    Red,
    Yellow,
    Green,
    /// Not assessed yet.
    None,
}

/// An assessment context: a grid (kunskapsmatris) or a task with its statements.
pub(crate) struct SeedAssessment {
    pub id: i64,
    /// `grid` or `task`.
    pub kind: &'static str,
    pub subject: &'static str,
    pub title: &'static str,
    pub has_new: bool,
    /// Days before the seeding day the marks were set.
    pub days_ago: i64,
    pub statements: &'static [(&'static str, &'static str, Mark)],
}

pub(crate) const ASSESSMENTS: [SeedAssessment; 4] = [
    SeedAssessment {
        id: 7101,
        kind: "grid",
        subject: "Matematik",
        title: "Matematik – Algebra och ekvationer",
        has_new: true,
        days_ago: 3,
        statements: &[
            (
                "Problemlösning",
                "Löser problem med hjälp av algebraiska uttryck",
                Mark::Green,
            ),
            (
                "Begrepp",
                "Använder begreppen variabel, uttryck och ekvation",
                Mark::Green,
            ),
            ("Metod", "Löser linjära ekvationer med balansmetoden", Mark::Yellow),
            (
                "Resonemang",
                "Motiverar sina lösningar och värderar rimlighet",
                Mark::Red,
            ),
            (
                "Kommunikation",
                "Redovisar lösningar med matematiska symboler",
                Mark::None,
            ),
        ],
    },
    SeedAssessment {
        id: 7102,
        kind: "grid",
        subject: "Svenska",
        title: "Svenska – Argumenterande text",
        has_new: false,
        days_ago: 12,
        statements: &[
            (
                "Struktur",
                "Skriver en text med inledning, argument och avslutning",
                Mark::Green,
            ),
            ("Språk", "Använder sambandsord för att binda ihop texten", Mark::Yellow),
            ("Källor", "Använder och hänvisar till källor", Mark::Yellow),
            ("Respons", "Bearbetar texten utifrån respons", Mark::None),
        ],
    },
    SeedAssessment {
        id: 7201,
        kind: "task",
        subject: "Biologi",
        title: "Laboration: Fotosyntes",
        has_new: true,
        days_ago: 1,
        statements: &[
            (
                "Planering",
                "Formulerar en hypotes och planerar undersökningen",
                Mark::Green,
            ),
            ("Genomförande", "Genomför laborationen säkert och noggrant", Mark::Green),
            (
                "Slutsatser",
                "Drar slutsatser och för resonemang om resultatet",
                Mark::Yellow,
            ),
        ],
    },
    SeedAssessment {
        id: 7202,
        kind: "task",
        subject: "Engelska",
        title: "Muntlig presentation: My dream journey",
        has_new: false,
        days_ago: 20,
        statements: &[
            ("Speaking", "Talar tydligt och varierat", Mark::Green),
            ("Content", "Presenterar ett sammanhängande innehåll", Mark::Green),
            ("Interaction", "Svarar på frågor från publiken", Mark::None),
        ],
    },
];

/// The teacher who sets Maja's marks.
pub(crate) const ASSESSMENT_TEACHER: &str = "Sara Ekström";

// ---------------------------------------------------------------------------------------------------------
// Uppgifter and Planeringar (Nils 5A, Maja 8C).
// ---------------------------------------------------------------------------------------------------------

/// A task: day offsets from the seeding day for assignment and due date.
pub(crate) struct SeedTask {
    pub id: i64,
    pub pupil_id: &'static str,
    pub subject: &'static str,
    pub title: &'static str,
    /// HTML.
    pub description: &'static str,
    pub assigned: i64,
    pub due: i64,
    /// `NotStarted`, `InProgress` or `Done`.
    pub status: &'static str,
    pub milestones: (i64, i64),
    pub read: bool,
    /// The plan (uol) it belongs to.
    pub uol: Option<i64>,
    /// The teacher's opening message of the dialogue, if any.
    pub teacher_message: Option<&'static str>,
}

pub(crate) const TASK_TEACHER_NILS: &str = "Jonas Berg";
pub(crate) const TASK_TEACHER_MAJA: &str = "Sara Ekström";

pub(crate) const TASKS: [SeedTask; 6] = [
    SeedTask {
        id: 6101,
        pupil_id: NILS,
        subject: "Svenska",
        title: "Bokrecension: Bröderna Lejonhjärta",
        description: "<p>Skriv en recension av boken. Berätta om handlingen, personerna och vad du tyckte.</p>\
                      <p>Minst en sida.</p>",
        assigned: -10,
        due: 4,
        status: "InProgress",
        milestones: (3, 1),
        read: true,
        uol: Some(6501),
        teacher_message: Some("Kom ihåg att skriva vad du tyckte om slutet!"),
    },
    SeedTask {
        id: 6102,
        pupil_id: NILS,
        subject: "Matematik",
        title: "Bråk – veckans läxa",
        description: "<p>Gör uppgifterna på sidan 54–55 i Matte Direkt.</p>",
        assigned: -6,
        due: -1,
        status: "NotStarted",
        milestones: (0, 0),
        read: false,
        uol: None,
        teacher_message: None,
    },
    SeedTask {
        id: 6103,
        pupil_id: NILS,
        subject: "NO",
        title: "Planera en odling",
        description: "<p>Planera hur du ska odla krasse. Vad behöver växten för att växa?</p>",
        assigned: -20,
        due: -8,
        status: "Done",
        milestones: (2, 2),
        read: true,
        uol: Some(6502),
        teacher_message: None,
    },
    SeedTask {
        id: 6201,
        pupil_id: MAJA,
        subject: "Biologi",
        title: "Laborationsrapport: Fotosyntes",
        description: "<p>Skriv en laborationsrapport med hypotes, metod, resultat och slutsats.</p>",
        assigned: -12,
        due: 6,
        status: "InProgress",
        milestones: (4, 2),
        read: true,
        uol: Some(6601),
        teacher_message: Some("Glöm inte att redovisa felkällor i diskussionen."),
    },
    SeedTask {
        id: 6202,
        pupil_id: MAJA,
        subject: "Engelska",
        title: "Essay: A place that matters to me",
        description: "<p>Write an essay of 400–600 words.</p>",
        assigned: -3,
        due: 11,
        status: "NotStarted",
        milestones: (0, 0),
        read: false,
        uol: None,
        teacher_message: None,
    },
    SeedTask {
        id: 6203,
        pupil_id: MAJA,
        subject: "Historia",
        title: "Källanalys: Industriella revolutionen",
        description: "<p>Analysera de tre källorna och bedöm deras trovärdighet.</p>",
        assigned: -25,
        due: -5,
        status: "Done",
        milestones: (3, 3),
        read: true,
        uol: Some(6602),
        teacher_message: None,
    },
];

/// A plan (unit of learning), for a class.
pub(crate) struct SeedUol {
    pub id: i64,
    pub class_name: &'static str,
    pub subject_id: i64,
    pub subject: &'static str,
    pub title: &'static str,
    /// `active` or `finished`.
    pub state: &'static str,
    /// Week offsets from the seeding week for start and end.
    pub weeks: (i64, i64),
    pub teacher: &'static str,
    pub description: &'static str,
    /// Syllabus text (HTML) shown in the plan's syllabus section.
    pub syllabus: &'static str,
}

pub(crate) const UOLS: [SeedUol; 5] = [
    SeedUol {
        id: 6501,
        class_name: "5A",
        subject_id: 11,
        subject: "Svenska",
        title: "Läsa och skriva om skönlitteratur",
        state: "active",
        weeks: (-3, 4),
        teacher: TASK_TEACHER_NILS,
        description: "<p>Vi läser en klassisk barnbok och skriver recensioner.</p>",
        syllabus: "<ul><li>Lässtrategier för att förstå och tolka texter</li><li>Att skriva recensioner</li></ul>",
    },
    SeedUol {
        id: 6502,
        class_name: "5A",
        subject_id: 14,
        subject: "NO",
        title: "Växter och odling",
        state: "finished",
        weeks: (-8, -1),
        teacher: TASK_TEACHER_NILS,
        description: "<p>Vad behöver växter för att leva? Vi odlar och observerar.</p>",
        syllabus: "<ul><li>Fotosyntes på en enkel nivå</li><li>Enkla systematiska undersökningar</li></ul>",
    },
    SeedUol {
        id: 6503,
        class_name: "5A",
        subject_id: 12,
        subject: "Matematik",
        title: "Bråk och decimaltal",
        state: "active",
        weeks: (-1, 5),
        teacher: TASK_TEACHER_NILS,
        description: "<p>Vi jämför bråk och decimaltal och räknar med dem.</p>",
        syllabus: "<ul><li>Rationella tal och deras egenskaper</li></ul>",
    },
    SeedUol {
        id: 6601,
        class_name: "8C",
        subject_id: 21,
        subject: "Biologi",
        title: "Ekologi och fotosyntes",
        state: "active",
        weeks: (-4, 3),
        teacher: TASK_TEACHER_MAJA,
        description: "<p>Vi undersöker hur energi flödar i ekosystem.</p>",
        syllabus: "<ul><li>Fotosyntes och förbränning</li><li>Ekosystemens energiflöde</li></ul>",
    },
    SeedUol {
        id: 6602,
        class_name: "8C",
        subject_id: 22,
        subject: "Historia",
        title: "Industriella revolutionen",
        state: "finished",
        weeks: (-10, -2),
        teacher: TASK_TEACHER_MAJA,
        description: "<p>Hur förändrade industrialiseringen människors liv?</p>",
        syllabus: "<ul><li>Industrialiseringen i Europa och Sverige</li><li>Källkritik</li></ul>",
    },
];

// ---------------------------------------------------------------------------------------------------------
// Kontaktlista: classmates with their guardians, staff, and the demo guardian's own contact details.
// ---------------------------------------------------------------------------------------------------------

/// The demo guardian's contact details: (relation, address, phone, mobile, email).
pub(crate) const GUARDIAN_CONTACT: (&str, &str, &str, &str, &str) = (
    "Mamma",
    "Storgatan 12, 716 31 Fjugesta",
    "0585-123 45",
    "070-123 45 67",
    "karin.bjorklund@example.se",
);

/// Classmates: (class, first name, last name, guardian name, relation, phone, mobile).
pub(crate) const CLASSMATES: [(&str, &str, &str, &str, &str, &str, &str); 9] = [
    (
        "2B",
        "Alva",
        "Lindqvist",
        "Johan Lindqvist",
        "Pappa",
        "0585-210 10",
        "073-210 10 10",
    ),
    (
        "2B",
        "Omar",
        "Haddad",
        "Rania Haddad",
        "Mamma",
        "0585-220 20",
        "076-220 20 20",
    ),
    (
        "2B",
        "Vera",
        "Sjöberg",
        "Emma Sjöberg",
        "Mamma",
        "0585-230 30",
        "070-230 30 30",
    ),
    (
        "5A",
        "Liam",
        "Karlsson",
        "Peter Karlsson",
        "Pappa",
        "0585-310 10",
        "072-310 10 10",
    ),
    (
        "5A",
        "Saga",
        "Nyström",
        "Maria Nyström",
        "Mamma",
        "0585-320 20",
        "070-320 20 20",
    ),
    (
        "5A",
        "Elias",
        "Öberg",
        "Anders Öberg",
        "Pappa",
        "0585-330 30",
        "073-330 30 30",
    ),
    (
        "8C",
        "Wilma",
        "Forsberg",
        "Lena Forsberg",
        "Mamma",
        "0585-410 10",
        "070-410 10 10",
    ),
    (
        "8C",
        "Hugo",
        "Ali",
        "Samir Ali",
        "Pappa",
        "0585-420 20",
        "076-420 20 20",
    ),
    (
        "8C",
        "Ella",
        "Magnusson",
        "Petra Magnusson",
        "Mamma",
        "0585-430 30",
        "072-430 30 30",
    ),
];

/// Staff per class: (class, name, title, phone, email, appointment hours).
pub(crate) const STAFF: [(&str, &str, &str, &str, &str, &str); 5] = [
    (
        "2B",
        "Lena Holm",
        "Klasslärare",
        "0585-487 01",
        "lena.holm@ekbacken.example.se",
        "Mån–tors 15.00–16.00",
    ),
    (
        "5A",
        "Jonas Berg",
        "Mentor",
        "0585-487 02",
        "jonas.berg@ekbacken.example.se",
        "Tis 14.00–15.30",
    ),
    (
        "8C",
        "Sara Ekström",
        "Mentor",
        "0585-487 03",
        "sara.ekstrom@ekbacken.example.se",
        "Ons 13.00–14.00",
    ),
    (
        "8C",
        "Mikael Dahl",
        "Ämneslärare",
        "0585-487 04",
        "mikael.dahl@ekbacken.example.se",
        "",
    ),
    (
        "5A",
        "Anna Wikström",
        "Specialpedagog",
        "0585-487 05",
        "anna.wikstrom@ekbacken.example.se",
        "Fre 09.00–11.00",
    ),
];

// ---------------------------------------------------------------------------------------------------------
// Veckoplan: per class, last week, this week and next week (offsets in weeks from the seeding week).
// ---------------------------------------------------------------------------------------------------------

/// One week's plan for a class.
pub(crate) struct SeedWeek {
    pub class_name: &'static str,
    pub week_offset: i64,
    pub teacher: &'static str,
    /// HTML veckobrev.
    pub letter: &'static str,
    /// (title, HTML text).
    pub information: &'static [(&'static str, &'static str)],
    /// (subject, title, description, due weekday 0 = Monday).
    pub homework: &'static [(&'static str, &'static str, &'static str, i64)],
}

pub(crate) const WEEKS: [SeedWeek; 7] = [
    SeedWeek {
        class_name: "2B",
        week_offset: -1,
        teacher: "Lena Holm",
        letter: "<p>Hej alla! Den här veckan har vi arbetat med hösten i naturen och samlat löv.</p>",
        information: &[(
            "Idrott",
            "<p>Vi har idrott utomhus på tisdag. Ta med kläder efter väder.</p>",
        )],
        homework: &[("Svenska", "Läsläxa", "Läs kapitel 3 i läseboken.", 3)],
    },
    SeedWeek {
        class_name: "2B",
        week_offset: 0,
        teacher: "Lena Holm",
        letter: "<p>Hej! Den här veckan börjar vi med klockan i matematiken och läser sagor om troll.</p>\
                 <p>På fredag har vi skogsdag – ta med matsäck.</p>",
        information: &[
            (
                "Skogsdag på fredag",
                "<p>Vi går till skogen efter lunch. Ta med vattenflaska.</p>",
            ),
            (
                "Fritids",
                "<p>Glöm inte att uppdatera fritidsschemat inför nästa vecka.</p>",
            ),
        ],
        homework: &[
            ("Svenska", "Läsläxa", "Läs kapitel 4 i läseboken högt för en vuxen.", 3),
            ("Matematik", "Klockan", "Öva på hel- och halvtimme på arbetsbladet.", 4),
        ],
    },
    SeedWeek {
        class_name: "2B",
        week_offset: 1,
        teacher: "Lena Holm",
        letter: "<p>Nästa vecka fortsätter vi med klockan och börjar skriva egna sagor.</p>",
        information: &[],
        homework: &[],
    },
    SeedWeek {
        class_name: "5A",
        week_offset: 0,
        teacher: "Jonas Berg",
        letter: "<p>Hej vårdnadshavare! Vi arbetar med bråk i matematiken och bokrecensioner i svenskan.</p>\
                 <p>Utvecklingssamtalen närmar sig – boka en tid i Utvecklingssamtal.</p>",
        information: &[("Utvecklingssamtal", "<p>Boka tid senast två dagar före samtalet.</p>")],
        homework: &[
            ("Matematik", "Bråk", "Sidan 54–55 i Matte Direkt.", 2),
            ("Engelska", "Glosor", "Glosor kapitel 6: weather words.", 4),
        ],
    },
    SeedWeek {
        class_name: "5A",
        week_offset: 1,
        teacher: "Jonas Berg",
        letter: "<p>Nästa vecka lämnar vi in bokrecensionerna.</p>",
        information: &[],
        homework: &[("Svenska", "Bokrecension", "Lämna in recensionen i Uppgifter.", 3)],
    },
    SeedWeek {
        class_name: "8C",
        week_offset: 0,
        teacher: "Sara Ekström",
        letter: "<p>Veckans fokus är laborationsrapporten i biologi och förberedelser inför praon.</p>",
        information: &[("Prao", "<p>Anmäl din praoplats till mentorn senast fredag.</p>")],
        homework: &[
            ("Biologi", "Laborationsrapport", "Skriv klart metod och resultat.", 3),
            ("Spanska", "Glosförhör", "Kapitel 5, verb i presens.", 4),
        ],
    },
    SeedWeek {
        class_name: "8C",
        week_offset: -1,
        teacher: "Sara Ekström",
        letter: "<p>Förra veckan avslutade vi arbetet om industriella revolutionen.</p>",
        information: &[],
        homework: &[],
    },
];

// ---------------------------------------------------------------------------------------------------------
// Blogg (group timeline): class posts with comments.
// ---------------------------------------------------------------------------------------------------------

/// A class blog post: (id, class, days ago, author, title, HTML content, image resource).
pub(crate) type SeedPost = (
    i64,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
);

pub(crate) const BLOG_POSTS: [SeedPost; 5] = [
    (
        9501,
        "2B",
        2,
        "Lena Holm",
        "Skogsdag i Ekbacken",
        "<p>Idag var vi i skogen och byggde kojor. Alla barn hittade minst tre sorters svampar!</p>",
        Some(SKOGSDAG_IMAGE),
    ),
    (
        9502,
        "2B",
        9,
        "Lena Holm",
        "Vi läser om troll",
        "<p>Vi har börjat läsa sagor om troll och ritat egna troll.</p>",
        None,
    ),
    (
        9511,
        "5A",
        4,
        "Jonas Berg",
        "Experiment med krasse",
        "<p>Krassen har vuxit! Den som stod i mörkret blev lång och blek – varför tror ni?</p>",
        None,
    ),
    (
        9521,
        "8C",
        1,
        "Sara Ekström",
        "Inför praon",
        "<p>Skriv gärna en kommentar om var du ska göra din prao och vad du ser fram emot.</p>",
        None,
    ),
    (
        9522,
        "8C",
        15,
        "Mikael Dahl",
        "Studiebesök på museet",
        "<p>Tack för ett fint studiebesök på Örebro läns museum!</p>",
        None,
    ),
];

/// Seeded comments: (post id, author, text, days ago).
pub(crate) const BLOG_COMMENTS: [(i64, &str, &str, i64); 2] = [
    (9521, "Hugo Ali", "Jag ska vara på en bilverkstad i Fjugesta!", 1),
    (9522, "Wilma Forsberg", "Det var roligast med vikingautställningen.", 14),
];

// ---------------------------------------------------------------------------------------------------------
// Dokumentation: journal, portfolio, IUP and the utvecklingssamtal form.
// ---------------------------------------------------------------------------------------------------------

/// Journal entries: (pupil, days ago, author, title, text).
pub(crate) const JOURNAL: [(&str, i64, &str, &str, &str); 4] = [
    (
        ELSA,
        6,
        "Lena Holm",
        "Läsning",
        "Elsa läser allt mer flytande och berättar gärna om det hon läst.",
    ),
    (
        NILS,
        10,
        "Jonas Berg",
        "Samarbete",
        "Nils tog stort ansvar i grupparbetet om växter.",
    ),
    (
        MAJA,
        3,
        "Sara Ekström",
        "Studieteknik",
        "Vi har pratat om att planera veckan med hjälp av en kalender.",
    ),
    (
        MAJA,
        30,
        "Mikael Dahl",
        "Laboration",
        "Maja arbetar noggrant och säkert under laborationer.",
    ),
];

/// Portfolio items: (id, pupil, days ago, publisher, title, subject short, subject full).
pub(crate) const PORTFOLIO: [(i64, &str, i64, &str, &str, &str, &str); 3] = [
    (9601, ELSA, 2, "Lena Holm", "Min teckning från skogsdagen", "Bl", "Bild"),
    (
        9602,
        NILS,
        12,
        "Jonas Berg",
        "Krasseodlingen",
        "NO",
        "Naturorienterande ämnen",
    ),
    (
        9603,
        MAJA,
        18,
        "Sara Ekström",
        "Bild från laborationen",
        "Bi",
        "Biologi",
    ),
];

/// IUP answers per pupil: (pupil, term name, [(question, answer)]).
pub(crate) type SeedIup = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

pub(crate) const IUP: [SeedIup; 2] = [
    (
        NILS,
        "Ht",
        &[
            ("Vad är du bra på?", "Matematik och att hjälpa kompisar."),
            ("Vad vill du utveckla?", "Att skriva längre texter."),
            ("Hur ska vi göra?", "Nils skriver dagbok två gånger i veckan."),
        ],
    ),
    (
        MAJA,
        "Ht",
        &[
            ("Vad är du bra på?", "Engelska och att uttrycka mig muntligt."),
            ("Vad vill du utveckla?", "Algebra och ekvationer."),
            ("Hur ska vi göra?", "Extra stöd i matematikstudion på torsdagar."),
        ],
    ),
];

/// The pupils with an utvecklingssamtal form and its status (`New`, `HomeReady`, `Completed`).
pub(crate) const CONFERENCES: [(i64, &str, &str); 2] = [(9701, NILS, "HomeReady"), (9702, MAJA, "New")];

// ---------------------------------------------------------------------------------------------------------
// eTest (Maja's student account).
// ---------------------------------------------------------------------------------------------------------

/// A question: (type `single`/`multiple`/`text`, text, options, indexes of the correct options, points).
pub(crate) type SeedQuestion = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [usize],
    i64,
);

/// A test: id, title, subject, opens/closes (days from the seeding day), minutes, questions, and for an
/// already graded test the chosen option indexes per question and the teacher's comment.
pub(crate) struct SeedTest {
    pub id: i64,
    pub title: &'static str,
    pub subject: &'static str,
    pub opens: i64,
    pub closes: i64,
    pub minutes: i64,
    pub questions: &'static [SeedQuestion],
    pub graded: Option<(&'static [&'static [usize]], &'static str)>,
}

pub(crate) const ETEST_PUPIL: &str = MAJA;

pub(crate) const ETESTS: [SeedTest; 3] = [
    SeedTest {
        id: 9801,
        title: "Diagnos: Algebra",
        subject: "Matematik",
        opens: -1,
        closes: 6,
        minutes: 20,
        questions: &[
            (
                "single",
                "Vad är x om 2x + 3 = 11?",
                &["x = 3", "x = 4", "x = 7"],
                &[1],
                1,
            ),
            (
                "multiple",
                "Vilka uttryck är lika med 2(a + 3)?",
                &["2a + 6", "2a + 3", "a + a + 6"],
                &[0, 2],
                2,
            ),
            ("text", "Förklara med egna ord vad en variabel är.", &[], &[], 2),
        ],
        graded: None,
    },
    SeedTest {
        id: 9802,
        title: "Glosförhör kapitel 5",
        subject: "Moderna språk, spanska",
        opens: -10,
        closes: -3,
        minutes: 15,
        questions: &[
            (
                "single",
                "Vad betyder \"la playa\"?",
                &["stranden", "staden", "skolan"],
                &[0],
                1,
            ),
            (
                "single",
                "Hur böjs \"hablar\" i jag-form?",
                &["hablas", "hablo", "habla"],
                &[1],
                1,
            ),
            (
                "multiple",
                "Vilka ord är verb?",
                &["comer", "casa", "vivir"],
                &[0, 2],
                2,
            ),
        ],
        graded: Some((&[&[0], &[2], &[0, 2]], "Bra jobbat! Öva lite till på verbböjning.")),
    },
    SeedTest {
        id: 9803,
        title: "Prov: Cellen",
        subject: "Biologi",
        opens: 5,
        closes: 7,
        minutes: 40,
        questions: &[(
            "text",
            "Beskriv skillnaden mellan en växtcell och en djurcell.",
            &[],
            &[],
            4,
        )],
        graded: None,
    },
];

// ---------------------------------------------------------------------------------------------------------
// Lärlogg (Elsa's fritids): (id, pupil, group name ("" = about the child), days ago, time, title, HTML text,
// subjects, image resource).
// ---------------------------------------------------------------------------------------------------------

pub(crate) type SeedLearnLog = (
    i64,
    &'static str,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
);

pub(crate) const LEARNLOG: [SeedLearnLog; 3] = [
    (
        9901,
        ELSA,
        "Fritids Ekbacken",
        1,
        "16:20",
        "Veckan på fritids",
        "<p>Den här veckan har vi bakat bullar och byggt en hinderbana i gympasalen.</p>",
        "",
        Some(SKOGSDAG_IMAGE),
    ),
    (
        9902,
        ELSA,
        "",
        4,
        "15:05",
        "Elsa byggde en koja",
        "<p>Elsa ledde bygget av en koja tillsammans med tre kompisar. Fint samarbete!</p>",
        "Fritidshem",
        None,
    ),
    (
        9903,
        ELSA,
        "Klass 2B",
        11,
        "11:40",
        "Vi odlar krasse",
        "<p>Klassen har sått krasse och skriver dagbok om hur den växer.</p>",
        "Naturorienterande ämnen",
        None,
    ),
];

// ---------------------------------------------------------------------------------------------------------
// Schema (timetable): one weekly pattern per class, repeated every school week; studiedagar have no lessons.
// Lekeberg shows timetables in Edlevo, so the `timetable` module is off for the demo children; tests turn it
// on through the admin API (`POST /admin/apps`).
// ---------------------------------------------------------------------------------------------------------

/// A lesson in a class's weekly pattern: class, ISO weekday (1 = Monday), start, end, title, room, tutors
/// ("Efternamn, Förnamn", comma-joined).
pub(crate) type SeedLesson = (
    &'static str,
    u32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const HOLM: &str = "Holm, Lena";
const BERG: &str = "Berg, Jonas";
const EKSTROM: &str = "Ekström, Sara";
const DAHL: &str = "Dahl, Mikael";

pub(crate) const TIMETABLE: [SeedLesson; 45] = [
    ("2B", 1, "08:10", "09:30", "Svenska", "Klassrum 2B", HOLM),
    ("2B", 1, "09:50", "11:00", "Matematik", "Klassrum 2B", HOLM),
    ("2B", 1, "11:00", "11:40", "Lunch", "Matsalen", ""),
    ("2B", 1, "12:00", "13:30", "Bild", "Bildsalen", HOLM),
    ("2B", 2, "08:10", "09:30", "Matematik", "Klassrum 2B", HOLM),
    ("2B", 2, "09:50", "11:00", "Idrott och hälsa", "Gympasalen", HOLM),
    ("2B", 2, "11:00", "11:40", "Lunch", "Matsalen", ""),
    ("2B", 2, "12:00", "13:30", "Svenska", "Klassrum 2B", HOLM),
    ("2B", 3, "08:10", "09:30", "Svenska", "Klassrum 2B", HOLM),
    ("2B", 3, "09:50", "11:00", "NO", "Klassrum 2B", HOLM),
    ("2B", 3, "11:00", "11:40", "Lunch", "Matsalen", ""),
    ("2B", 4, "08:10", "09:30", "Matematik", "Klassrum 2B", HOLM),
    ("2B", 4, "09:50", "11:00", "Musik", "Musiksalen", HOLM),
    ("2B", 4, "11:00", "11:40", "Lunch", "Matsalen", ""),
    ("2B", 5, "08:10", "09:30", "Engelska", "Klassrum 2B", HOLM),
    ("2B", 5, "09:50", "11:00", "Utedag", "Skogen bakom skolan", HOLM),
    ("2B", 5, "11:00", "11:40", "Lunch", "Matsalen", ""),
    ("5A", 1, "08:15", "09:15", "Matematik", "Sal 12", BERG),
    ("5A", 1, "09:30", "10:30", "Svenska", "Sal 12", BERG),
    ("5A", 1, "11:20", "12:00", "Lunch", "Matsalen", ""),
    ("5A", 1, "12:15", "13:45", "Slöjd", "Träslöjden", "Lindqvist, Per"),
    ("5A", 2, "08:15", "09:15", "Engelska", "Sal 12", BERG),
    (
        "5A",
        2,
        "09:30",
        "11:00",
        "Idrott och hälsa",
        "Gympasalen",
        "Nyberg, Tove",
    ),
    ("5A", 2, "11:20", "12:00", "Lunch", "Matsalen", ""),
    ("5A", 3, "08:15", "09:15", "Svenska", "Sal 12", BERG),
    ("5A", 3, "09:30", "10:30", "SO", "Sal 12", BERG),
    ("5A", 3, "11:20", "12:00", "Lunch", "Matsalen", ""),
    ("5A", 4, "08:15", "09:15", "Matematik", "Sal 12", BERG),
    ("5A", 4, "09:30", "10:30", "NO", "Labbet", BERG),
    ("5A", 4, "11:20", "12:00", "Lunch", "Matsalen", ""),
    ("5A", 5, "08:15", "09:15", "Musik", "Musiksalen", "Nyberg, Tove"),
    ("5A", 5, "09:30", "10:30", "Svenska", "Sal 12", BERG),
    ("8C", 1, "08:20", "09:20", "Matematik", "Sal 31", EKSTROM),
    ("8C", 1, "09:35", "10:35", "Engelska", "Sal 28", DAHL),
    ("8C", 1, "11:40", "12:20", "Lunch", "Matsalen", ""),
    ("8C", 1, "12:30", "14:00", "Teknik", "Tekniksalen", DAHL),
    ("8C", 2, "08:20", "09:50", "Svenska", "Sal 31", EKSTROM),
    ("8C", 2, "10:05", "11:05", "Fysik", "Labbet", DAHL),
    ("8C", 2, "11:40", "12:20", "Lunch", "Matsalen", ""),
    ("8C", 3, "08:20", "09:20", "Matematik", "Sal 31", EKSTROM),
    (
        "8C",
        3,
        "09:35",
        "11:05",
        "Idrott och hälsa",
        "Gympasalen",
        "Nyberg, Tove",
    ),
    ("8C", 4, "08:20", "09:20", "Engelska", "Sal 28", DAHL),
    (
        "8C",
        4,
        "09:35",
        "10:35",
        "Samhällskunskap",
        "Sal 31",
        "Ekström, Sara, Dahl, Mikael",
    ),
    (
        "8C",
        5,
        "08:20",
        "09:50",
        "Hem- och konsumentkunskap",
        "Hemkunskapen",
        "Lindqvist, Per",
    ),
    ("8C", 5, "10:05", "11:05", "Svenska", "Sal 31", EKSTROM),
];

/// A note on one lesson: class, school days from the seeding day (weekends move to Monday), the lesson's
/// start time, and the note (`notes.timetableNotes`).
pub(crate) const TIMETABLE_NOTES: [(&str, i64, &str, &str); 3] = [
    ("2B", 1, "09:50", "Vi är ute hela passet, kläder efter väder."),
    ("5A", 1, "08:15", "Vikarie: Anna Wikström."),
    ("8C", 1, "08:20", "Lektionen hålls i biblioteket."),
];

// ---------------------------------------------------------------------------------------------------------
// Meddelanden (messages): per child, from staff to the child's guardians and/or the pupil itself.
// ---------------------------------------------------------------------------------------------------------

/// Who a seeded message is for.
#[derive(Debug, Clone, Copy)]
pub(crate) enum MessageTo {
    Guardians,
    Pupil,
    Both,
}

/// One seeded message: id, pupil, sender IM2 id, sender name, days ago, time, subject, plain-text body,
/// recipients, already read by them.
pub(crate) type SeedMessage = (
    i64,
    &'static str,
    i64,
    &'static str,
    i64,
    &'static str,
    &'static str,
    &'static str,
    MessageTo,
    bool,
);

pub(crate) const MESSAGES: [SeedMessage; 7] = [
    (
        9301,
        ELSA,
        770101,
        "Lena Holm",
        1,
        "14:12",
        "Fritids stänger 17.00 på fredag",
        "Hej!\n\nPå fredag stänger fritids redan 17.00 på grund av personalmöte. Hör av er om ni behöver hjälp \
         med hämtningen.\n\nHälsningar Lena",
        MessageTo::Guardians,
        false,
    ),
    (
        9302,
        ELSA,
        770101,
        "Lena Holm",
        6,
        "10:03",
        "Läsläxan",
        "Hej!\n\nElsa har fått en ny bok i läspåsen. Läs gärna en stund varje kväll.\n\nLena",
        MessageTo::Guardians,
        true,
    ),
    (
        9303,
        NILS,
        770102,
        "Jonas Berg",
        2,
        "16:40",
        "Påminnelse: boka utvecklingssamtal",
        "Hej!\n\nGlöm inte att boka en tid för utvecklingssamtal under Utvecklingssamtal på startsidan.\n\n\
         Vänliga hälsningar\nJonas Berg",
        MessageTo::Guardians,
        false,
    ),
    (
        9304,
        NILS,
        770105,
        "Anna Wikström",
        9,
        "09:15",
        "Läsfixarna",
        "Hej!\n\nNils är med i läsgruppen Läsfixarna på fredagar den här terminen.\n\nAnna Wikström, \
         specialpedagog",
        MessageTo::Guardians,
        true,
    ),
    (
        9305,
        MAJA,
        770103,
        "Sara Ekström",
        1,
        "11:30",
        "Prao – blanketter",
        "Hej!\n\nBlanketten för prao ska vara underskriven av vårdnadshavare och lämnas till mig senast \
         fredag.\n\nSara",
        MessageTo::Both,
        false,
    ),
    (
        9306,
        MAJA,
        770104,
        "Mikael Dahl",
        5,
        "13:05",
        "Teknikprojektet",
        "Hej Maja!\n\nDin grupp får använda tekniksalen på onsdag eftermiddag för att bygga klart bron.\n\nMikael",
        MessageTo::Pupil,
        false,
    ),
    (
        9307,
        MAJA,
        770103,
        "Sara Ekström",
        12,
        "08:45",
        "Föräldramöte i 8C",
        "Hej!\n\nVälkomna på föräldramöte i matsalen på torsdag 18.00. Vi går igenom prao och nationella \
         prov.\n\nSara Ekström",
        MessageTo::Guardians,
        true,
    ),
];

// ---------------------------------------------------------------------------------------------------------
// Närvaro (attendance, read): registered absence and leave requests per child. Lekeberg reports absence in
// Edlevo, so the `attendance` module is off for the demo children; tests turn it on (`POST /admin/apps`).
// ---------------------------------------------------------------------------------------------------------

/// One registered absence: id, pupil, school days back from the seeding day, lesson times (`None` = whole
/// day), subject, reason, comment, registered by, minutes, half days.
pub(crate) type SeedAbsence = (
    i64,
    &'static str,
    i64,
    Option<(&'static str, &'static str)>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
);

pub(crate) const ABSENCES: [SeedAbsence; 6] = [
    (9201, ELSA, 8, None, "", "Sjuk", "Feber", GUARDIAN_NAME, 320, 2),
    (
        9202,
        ELSA,
        23,
        None,
        "",
        "Ledig",
        "Resa till mormor",
        "Lena Holm",
        320,
        2,
    ),
    (
        9203,
        NILS,
        3,
        Some(("08:15", "09:15")),
        "Matematik",
        "Sen ankomst",
        "",
        "Jonas Berg",
        10,
        0,
    ),
    (9204, NILS, 15, None, "", "Sjuk", "Magsjuk", GUARDIAN_NAME, 330, 2),
    (
        9205,
        MAJA,
        2,
        Some(("10:05", "11:05")),
        "Fysik",
        "Ogiltig frånvaro",
        "",
        "Mikael Dahl",
        60,
        0,
    ),
    (
        9206,
        MAJA,
        11,
        Some(("08:20", "09:50")),
        "Svenska",
        "Sjuk",
        "Tandläkare",
        GUARDIAN_NAME,
        90,
        0,
    ),
];

/// One leave request: id, pupil, first and last day (days from the seeding day), status, the requester's
/// comment, the approver's comment and name, days since it was created.
pub(crate) type SeedLeave = (
    i64,
    &'static str,
    i64,
    i64,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    i64,
);

pub(crate) const LEAVE_REQUESTS: [SeedLeave; 3] = [
    (
        9401,
        ELSA,
        -25,
        -23,
        "Approved",
        "Resa till mormor i Umeå.",
        Some("Trevlig resa!"),
        Some("Lena Holm"),
        40,
    ),
    (
        9402,
        NILS,
        12,
        13,
        "Pending",
        "Hockeyturnering i Karlstad.",
        None,
        None,
        2,
    ),
    (
        9403,
        MAJA,
        5,
        5,
        "Denied",
        "Vi vill åka till Örebro och handla.",
        Some("Nationella provet i engelska skrivs den dagen."),
        Some("Sara Ekström"),
        6,
    ),
];

// ---------------------------------------------------------------------------------------------------------
// Dokumentation, continued: Nils's åtgärdsprogram and earlier utvecklingssamtal forms.
// ---------------------------------------------------------------------------------------------------------

/// One åtgärdsprogram version: id, pupil, title, days since it was decided, decided by, complete, sections
/// (heading, text).
pub(crate) type SeedSpecialPlan = (
    i64,
    &'static str,
    &'static str,
    i64,
    &'static str,
    bool,
    &'static [(&'static str, &'static str)],
);

pub(crate) const SPECIAL_PLANS: [SeedSpecialPlan; 2] = [
    (
        9751,
        NILS,
        "Åtgärdsprogram läsning",
        62,
        "Anna Wikström",
        true,
        &[
            (
                "Behov",
                "Nils behöver stöd för att läsa längre texter med flyt och förståelse.",
            ),
            ("Mål", "Läsa en kapitelbok på egen hand och återberätta handlingen."),
            (
                "Åtgärder",
                "Läsgruppen Läsfixarna på fredagar, ljudböcker som stöd, daglig högläsning hemma.",
            ),
            (
                "Ansvar",
                "Anna Wikström (specialpedagog), Jonas Berg (mentor), vårdnadshavare.",
            ),
            ("Uppföljning", "Vid utvecklingssamtalet."),
        ],
    ),
    (
        9752,
        NILS,
        "Åtgärdsprogram läsning – uppföljning",
        6,
        "Anna Wikström",
        false,
        &[
            (
                "Utvärdering",
                "Nils läser med bättre flyt och har läst ut två kapitelböcker.",
            ),
            ("Fortsatta åtgärder", "Läsfixarna fortsätter terminen ut."),
        ],
    ),
];

/// Earlier utvecklingssamtal forms: id, pupil, days since the form was completed.
pub(crate) const CONFERENCE_HISTORY: [(i64, &str, i64); 3] = [(9711, NILS, 196), (9712, MAJA, 189), (9713, MAJA, 371)];

// ---------------------------------------------------------------------------------------------------------
// Självskattning (self-assessment) for Maja, in subjects she already has assessments in.
// ---------------------------------------------------------------------------------------------------------

/// The self-assessment mark scheme: id and its options (id, value, label, colour).
pub(crate) const SELF_SCHEME: (i64, [(i64, i64, &str, &str); 3]) = (
    9,
    [
        (901, 1, "Jag behöver öva mer", "#e0474c"),
        (902, 2, "Jag är på väg", "#f5b82e"),
        (903, 3, "Jag kan det här", "#4caf50"),
    ],
);

/// A self-assessment: id, subject, title, aspects (header, text, chosen option id, the pupil's comment).
pub(crate) type SeedSelfAssessment = (
    i64,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, Option<i64>, &'static str)],
);

pub(crate) const SELF_ASSESSMENTS: [SeedSelfAssessment; 2] = [
    (
        7201,
        "Matematik",
        "Självskattning: Algebra",
        &[
            ("Ekvationer", "Jag kan lösa ekvationer i ett steg.", Some(903), ""),
            (
                "Ekvationer",
                "Jag kan lösa ekvationer i flera steg.",
                Some(902),
                "Parenteser är svåra.",
            ),
            ("Uttryck", "Jag kan förenkla algebraiska uttryck.", None, ""),
        ],
    ),
    (
        7202,
        "Engelska",
        "Självskattning: Muntlig presentation",
        &[
            ("Muntligt", "Jag talar tydligt och varierat.", Some(902), ""),
            ("Muntligt", "Jag anpassar språket efter publiken.", None, ""),
        ],
    ),
];

//! Wire shapes of Kontaktlista (`classlist`, protocol §4.13) and of the account preferences with the contact
//! visibility (§4.17, `SavePrivacy` designed in `docs/protocol-extensions.md`).

use serde::{Deserialize, Serialize};

use crate::list::HubId;

/// `classlist/classlist/appData` → the class's groups (pupils, staff) and what the user may do.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClassList {
    #[serde(default)]
    pub group_config: Vec<ClassGroup>,
    #[serde(default)]
    pub user_config: Option<ClassListUserConfig>,
}

/// A group of the list: a class, or the staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClassGroup {
    pub id: HubId,
    pub title: String,
    #[serde(default)]
    pub is_staff_group: bool,
    #[serde(default)]
    pub items: Vec<ClassMember>,
}

/// A pupil or staff member of a group; hidden fields are null.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClassMember {
    pub id: HubId,
    /// `"Efternamn, Förnamn"` or `"Förnamn Efternamn"`, as the school writes it.
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub can_receive_email: bool,
    /// Needed by `GetStaff`.
    #[serde(default)]
    pub establishment_id: Option<HubId>,
}

/// `userConfig` of the class list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClassListUserConfig {
    #[serde(default)]
    pub can_send_email: bool,
    #[serde(default)]
    pub can_view_phone: bool,
    #[serde(default)]
    pub is_pupil: bool,
}

/// `GetPupil`/`GetStaff` request: `{id, establishmentId}` (null for pupils).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContactRequest {
    pub id: String,
    pub establishment_id: Option<String>,
}

impl ContactRequest {
    pub fn new(id: impl Into<String>, establishment_id: Option<String>) -> Self {
        Self {
            id: id.into(),
            establishment_id,
        }
    }
}

/// `GetPupil`/`GetStaff` → `{details, parents}`; staff have no parents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContactCard {
    pub details: ContactPerson,
    #[serde(default)]
    pub parents: Vec<ContactPerson>,
}

/// A person on a contact card. Fields the person chose to hide are null (with the `canView*` flag false).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContactPerson {
    pub id: HubId,
    #[serde(default)]
    pub name: Option<String>,
    /// For guardians: `Mamma`, `Pappa`, `Vårdnadshavare`, …
    #[serde(default)]
    pub relation: Option<String>,
    /// For staff: `Mentor`, `Lärare`, …
    #[serde(default)]
    pub title: Option<String>,
    /// Group names; the shape is not recorded (a list of names here), so kept as the hub's JSON.
    #[serde(default)]
    pub groups: Option<serde_json::Value>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub mobile: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub is_tutor: bool,
    #[serde(default)]
    pub appointment_hours: Option<String>,
    /// Hub-relative (`/ClassList/ClassList/GetStaffPicture?id=`).
    #[serde(default)]
    pub picture_url: Option<String>,
}

/// `account/preferences/appData` → language, contact visibility and push settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Preferences {
    #[serde(default)]
    pub privacy_url: Option<String>,
    pub sections: PreferenceSections,
}

/// The sections of the preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PreferenceSections {
    #[serde(default)]
    pub account_settings: Option<AccountSettings>,
    #[serde(default)]
    pub privacy: Option<PrivacySettings>,
    #[serde(default)]
    pub push_notifications: Option<PushSettings>,
}

/// Language and user name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccountSettings {
    #[serde(default)]
    pub language_options: Vec<LanguageOption>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub show_username: bool,
}

/// A language the hub offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LanguageOption {
    pub key: String,
    pub value: String,
    #[serde(default)]
    pub culture_code: Option<String>,
    #[serde(default)]
    pub selected: bool,
}

/// Which of the user's own details other guardians see in the class list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PrivacySettings {
    #[serde(default)]
    pub show_name: bool,
    #[serde(default)]
    pub show_address: bool,
    #[serde(default)]
    pub show_phone: bool,
    #[serde(default)]
    pub show_mobile: bool,
    #[serde(default)]
    pub show_email: bool,
    /// Students see only the privacy policy and cannot change anything.
    #[serde(default)]
    pub only_show_privacy_policy: bool,
    #[serde(default)]
    pub is_child_visible_in_contact_list: Option<bool>,
}

/// `account/preferences/SavePrivacy` request: the five visibility flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ContactVisibility {
    pub show_name: bool,
    pub show_address: bool,
    pub show_phone: bool,
    pub show_mobile: bool,
    pub show_email: bool,
}

impl ContactVisibility {
    pub fn new(show_name: bool, show_address: bool, show_phone: bool, show_mobile: bool, show_email: bool) -> Self {
        Self {
            show_name,
            show_address,
            show_phone,
            show_mobile,
            show_email,
        }
    }
}

impl From<&PrivacySettings> for ContactVisibility {
    fn from(p: &PrivacySettings) -> Self {
        Self::new(p.show_name, p.show_address, p.show_phone, p.show_mobile, p.show_email)
    }
}

/// Push-notification choices.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PushSettings {
    #[serde(default)]
    pub notifications: Vec<PushChoice>,
}

/// One push-notification type and whether it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PushChoice {
    pub id: HubId,
    #[serde(default)]
    pub app_code_name: Option<String>,
    #[serde(default)]
    pub type_name: Option<String>,
    #[serde(default)]
    pub type_description: Option<String>,
    #[serde(default)]
    pub is_selected: bool,
}

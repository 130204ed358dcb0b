//! Kontaktlista (`classlist`, protocol §4.13), the account preferences (§4.17) and the contact visibility
//! (`SavePrivacy`, designed in `docs/protocol-extensions.md`).

use hub_model::classlist::{ClassList, ContactCard, ContactRequest, ContactVisibility, Preferences, PrivacySettings};

use crate::call::json;
use crate::client::{Body, HubClient};
use crate::error::{Error, Result};

/// The module code name in `homeData.apps`.
pub const APP: &str = "classlist";
/// The name account-level preference errors are reported under (no module gates them).
const PREFERENCES: &str = "preferences";

impl HubClient {
    /// The child's class list: the class's pupils and the staff, as groups.
    pub async fn class_list(&self, pupil_id: &str) -> Result<ClassList> {
        self.child_read(pupil_id, APP, || self.class_list_locked()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn class_list_locked(&self) -> Result<ClassList> {
        self.call("class list", APP, "classlist/classlist/appData", Body::Empty)
            .await
    }

    /// A classmate's card with the guardians' details each guardian chose to show.
    pub async fn class_pupil(&self, pupil_id: &str, classmate_id: &str) -> Result<ContactCard> {
        let request = json(&ContactRequest::new(classmate_id, None));
        self.child_read(pupil_id, APP, || {
            self.call("class list pupil", APP, "ClassList/classlist/GetPupil", request.clone())
        })
        .await
    }

    /// A staff member's card; `establishment_id` is the member's `establishmentId` from the class list.
    pub async fn class_staff(
        &self,
        pupil_id: &str,
        staff_id: &str,
        establishment_id: Option<&str>,
    ) -> Result<ContactCard> {
        let request = json(&ContactRequest::new(staff_id, establishment_id.map(str::to_owned)));
        self.child_read(pupil_id, APP, || {
            self.call("class list staff", APP, "ClassList/classlist/GetStaff", request.clone())
        })
        .await
    }

    /// The account's preferences: language, contact visibility, push-notification choices. Not child-scoped.
    pub async fn preferences(&self) -> Result<Preferences> {
        self.renewing(|| self.call("preferences", PREFERENCES, "account/preferences/appData", Body::Empty))
            .await
    }

    /// The account's contact visibility in class lists.
    pub async fn contact_visibility(&self) -> Result<PrivacySettings> {
        self.preferences()
            .await?
            .sections
            .privacy
            .ok_or(Error::Page("preferences without a privacy section"))
    }

    /// Sets which of the account's details other guardians see, and confirms by reading back.
    ///
    /// Students get [`Error::Refused`] ([`crate::Refusal::NotAllowed`]). Setting the same flags twice is
    /// harmless, so a renewal replays it.
    pub async fn set_contact_visibility(&self, visibility: ContactVisibility) -> Result<PrivacySettings> {
        let body = json(&visibility);
        self.renewing(|| async {
            let _: serde_json::Value = self
                .call_checked(
                    "save privacy",
                    PREFERENCES,
                    "account/preferences/SavePrivacy",
                    body.clone(),
                )
                .await?;
            Ok(())
        })
        .await?;
        let now = self.contact_visibility().await?;
        if ContactVisibility::from(&now) != visibility {
            return Err(Error::Rejected {
                messages: vec!["the contact visibility did not change".to_owned()],
            });
        }
        Ok(now)
    }

    /// Sets the account's language (`cultureCode` of [`hub_model::classlist::LanguageOption`], e.g. `sv-SE`,
    /// `en-GB`) and confirms by reading back. An unknown code is refused by the hub
    /// ([`crate::Refusal::Other`] `InvalidLanguage`). Idempotent, so a renewal replays it.
    pub async fn set_language(&self, culture_code: &str) -> Result<()> {
        let code = culture_code.trim();
        if code.is_empty() || code.len() > 16 {
            return Err(Error::InvalidInput("bad culture code"));
        }
        let body = Body::Json(serde_json::json!({ "cultureCode": code }));
        self.renewing(|| async {
            let _: serde_json::Value = self
                .call_checked("save language", PREFERENCES, "account/preferences/Save", body.clone())
                .await?;
            Ok(())
        })
        .await?;
        let prefs = self.preferences().await?;
        let selected = prefs
            .sections
            .account_settings
            .iter()
            .flat_map(|a| &a.language_options)
            .find(|l| l.selected)
            .map(|l| l.culture_code.as_deref().unwrap_or(&l.key).to_owned());
        match selected {
            Some(s) if s.eq_ignore_ascii_case(code) => Ok(()),
            _ => Err(Error::Rejected {
                messages: vec!["the language did not change".to_owned()],
            }),
        }
    }

    /// Turns one push-notification type (`id` of [`hub_model::classlist::PushChoice`]) on or off and
    /// confirms by reading back. Idempotent, so a renewal replays it.
    pub async fn set_push_notification(&self, id: &str, selected: bool) -> Result<()> {
        let number: i64 = id
            .trim()
            .parse()
            .map_err(|_| Error::InvalidInput("push type id is not a number"))?;
        let body = Body::Json(serde_json::json!({ "id": number, "isSelected": selected }));
        self.renewing(|| async {
            let _: serde_json::Value = self
                .call_checked(
                    "save push notification",
                    PREFERENCES,
                    "account/preferences/UpdateNotification",
                    body.clone(),
                )
                .await?;
            Ok(())
        })
        .await?;
        let prefs = self.preferences().await?;
        let now = prefs
            .sections
            .push_notifications
            .iter()
            .flat_map(|p| &p.notifications)
            .find(|n| n.id.as_str() == id.trim())
            .map(|n| n.is_selected);
        if now == Some(selected) {
            Ok(())
        } else {
            Err(Error::Rejected {
                messages: vec!["the notification setting did not change".to_owned()],
            })
        }
    }
}

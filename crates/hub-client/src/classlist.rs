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
}

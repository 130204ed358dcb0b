//! Wire shape of `IMHome.home.homeData`, the JSON object embedded in the hub's start page (protocol §3.5).

use serde::{Deserialize, Serialize};

/// The object assigned to `IMHome.home.homeData` in the HTML of `GET /`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HomeData {
    pub account: HomeAccount,
    /// Modules enabled for the *selected* pupil.
    #[serde(default)]
    pub apps: Vec<HomeApp>,
}

/// `homeData.account`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HomeAccount {
    pub current_user: CurrentUser,
    #[serde(default)]
    pub pupils: Vec<HomePupil>,
}

/// `homeData.account.currentUser`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CurrentUser {
    pub id: String,
    /// Display name as the hub shows it in the top-right menu, when present.
    #[serde(default)]
    pub name: Option<String>,
    /// The hub's role name for the logged-in user, when present (`"Guardian"`, `"Pupil"`).
    #[serde(default)]
    pub role: Option<String>,
}

/// One entry of `homeData.account.pupils`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HomePupil {
    /// The 10-digit pupil id (not usable for switching).
    pub id: String,
    /// `"Efternamn, Förnamn"`.
    pub name: String,
    #[serde(default)]
    pub selected: bool,
    /// `/Account/PupilSwitcher/SwitchPupil/<switchId>`, possibly absolute; null for the selected pupil.
    #[serde(default)]
    pub switch_pupil_url: Option<String>,
    /// `"<n>|<pupilId>|<code>"`.
    #[serde(default)]
    pub hybrid_mapping_id: Option<String>,
}

/// One entry of `homeData.apps`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HomeApp {
    pub code_name: String,
    #[serde(default)]
    pub title: Option<String>,
}

impl HomePupil {
    /// The switch id: the last path segment of `switchPupilUrl`, if there is one.
    pub fn switch_id(&self) -> Option<&str> {
        let url = self.switch_pupil_url.as_deref()?;
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let id = path.trim_end_matches('/').rsplit('/').next()?;
        (!id.is_empty()).then_some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_recorded_shape_and_ignores_unknown_fields() {
        let json = r#"{
            "account": {
                "currentUser": {"id": "u-1", "extra": 1},
                "pupils": [
                    {"id": "1234567890", "name": "Björklund, Elsa", "selected": true,
                     "switchPupilUrl": null, "hybridMappingId": "17|1234567890|NEMANDI_SKOLI"},
                    {"id": "1234567891", "name": "Björklund, Nils", "selected": false,
                     "switchPupilUrl": "https://hub.infomentor.se/Account/PupilSwitcher/SwitchPupil/7654321"}
                ]
            },
            "apps": [{"codeName": "timeregistration"}, {"codeName": "news", "title": "Nyheter"}]
        }"#;
        let home: HomeData = serde_json::from_str(json).unwrap();
        assert_eq!(home.account.pupils.len(), 2);
        assert_eq!(home.account.pupils[0].switch_id(), None);
        assert_eq!(home.account.pupils[1].switch_id(), Some("7654321"));
        assert_eq!(home.apps[1].code_name, "news");
    }

    #[test]
    fn switch_id_tolerates_trailing_slash_and_query() {
        let p = HomePupil {
            id: "1".into(),
            name: "A, B".into(),
            selected: false,
            switch_pupil_url: Some("/Account/PupilSwitcher/SwitchPupil/42/?x=1".into()),
            hybrid_mapping_id: None,
        };
        assert_eq!(p.switch_id(), Some("42"));
    }
}

//! The account as the UI sees it: who is logged in and which children (or which student) it covers.

use serde::{Deserialize, Serialize};

/// Whether the logged-in user is a guardian or a student; some boxes exist for one role only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    Guardian,
    Student,
}

/// A person's name, split from the hub's `"Efternamn, Förnamn"` form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonName {
    pub first: String,
    pub last: String,
}

impl PersonName {
    /// Splits `"Efternamn, Förnamn"`; a name without a comma is taken as a first name only.
    pub fn from_hub(raw: &str) -> Self {
        match raw.split_once(',') {
            Some((last, first)) => Self {
                first: first.trim().to_owned(),
                last: last.trim().to_owned(),
            },
            None => Self {
                first: raw.trim().to_owned(),
                last: String::new(),
            },
        }
    }

    /// "Förnamn Efternamn", the order Swedish UI text uses.
    pub fn full(&self) -> String {
        if self.last.is_empty() {
            self.first.clone()
        } else {
            format!("{} {}", self.first, self.last)
        }
    }
}

/// A hub module code name from `homeData.apps[].codeName`, e.g. `timeregistration`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AppCode(pub String);

impl AppCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One child of a guardian (or the student themself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Child {
    /// The 10-digit pupil id.
    pub id: String,
    pub name: PersonName,
    /// The id `SwitchPupil` takes; `None` when the hub gives no switch link (a single child).
    pub switch_id: Option<String>,
    /// Modules the school enabled for this child, in the hub's order.
    pub apps: Vec<AppCode>,
}

/// The logged-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub user_id: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub children: Vec<Child>,
    /// True when this account lives in the embedded demo school.
    pub demo: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_hub_names() {
        let n = PersonName::from_hub("Björklund, Elsa");
        assert_eq!(n.first, "Elsa");
        assert_eq!(n.last, "Björklund");
        assert_eq!(n.full(), "Elsa Björklund");
        assert_eq!(PersonName::from_hub("Elsa").full(), "Elsa");
        assert_eq!(PersonName::from_hub(" Af Ek , Nils Erik ").full(), "Nils Erik Af Ek");
    }
}

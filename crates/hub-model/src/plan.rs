//! Wire shapes of Planeringar (`uolv2`, protocol §4.7): the plan list, one plan and its tasks.

use serde::{Deserialize, Serialize};

use crate::list::HubId;

/// `UolV2/UolV2/GetUols` (and the `uolv2` appData) → the plans, their subjects and academic years.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UolList {
    #[serde(default)]
    pub uols: Vec<UolSummary>,
    #[serde(default)]
    pub subjects: Vec<UolSubject>,
    #[serde(default)]
    pub academic_years: Vec<AcademicYear>,
    #[serde(default)]
    pub current_academic_year_id: Option<HubId>,
}

impl UolList {
    /// The names of a plan's subjects, in the hub's subject order.
    pub fn subject_names(&self, uol: &UolSummary) -> Vec<&str> {
        let mut subjects: Vec<&UolSubject> = self.subjects.iter().filter(|s| uol.subjects.contains(&s.id)).collect();
        subjects.sort_by_key(|s| s.order);
        subjects.into_iter().map(|s| s.name.as_str()).collect()
    }
}

/// One plan in the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UolSummary {
    pub id: i64,
    pub title: String,
    /// Subject ids; names are in [`UolList::subjects`].
    #[serde(default)]
    pub subjects: Vec<i64>,
    /// `active`, `finished`, …
    #[serde(default)]
    pub state: Option<String>,
}

/// A subject of the plan list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UolSubject {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub order: i64,
}

/// An academic year the plans can be filtered by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AcademicYear {
    pub id: HubId,
    pub title: String,
    #[serde(default)]
    pub selected: bool,
    #[serde(default)]
    pub has_uols: bool,
}

/// `UolV2/UolV2/GetUol {id}` → one plan with its sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Uol {
    pub id: i64,
    pub title: String,
    #[serde(default)]
    pub has_assessments: bool,
    #[serde(default)]
    pub subjects: Vec<i64>,
    #[serde(default)]
    pub sections: Vec<UolSection>,
}

impl Uol {
    /// The value of the first overview row labelled `label` (`Startdatum`, `Lärare`, …) in any section.
    pub fn overview(&self, label: &str) -> Option<&str> {
        self.sections
            .iter()
            .flat_map(|s| &s.overview)
            .find(|f| f.label.to_lowercase() == label.to_lowercase())
            .map(|f| f.value.as_str())
    }
}

/// A section of a plan: the plan itself (`uol`), the syllabus (`syllabus`) or a statement block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UolSection {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub has_new: bool,
    #[serde(default)]
    pub overview: Vec<LabelValue>,
    #[serde(default)]
    pub sections: Vec<UolFieldGroup>,
}

/// A group of fields inside a section.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UolFieldGroup {
    #[serde(default)]
    pub fields: Vec<LabelValue>,
}

/// A labelled value; in field groups `value` is HTML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LabelValue {
    #[serde(default)]
    pub label: String,
    #[serde(default, deserialize_with = "text_or_null")]
    pub value: String,
}

fn text_or_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s,
        Some(other) => other.to_string(),
    })
}

/// `UolV2/UolV2/GetAllTasks {id}` → the plan's tasks; the hub answers an empty body when there are none.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UolTasks {
    #[serde(default)]
    pub tasks: Vec<UolTask>,
}

/// A task linked to a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UolTask {
    pub id: i64,
    pub title: String,
    /// Format not recorded; kept as the hub's text.
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub milestone_count: i64,
    #[serde(default)]
    pub milestones_complete: i64,
}

/// `GetUol`/`GetAllTasks` request: the key must be exactly `id` (`uolId`/`Id` give HTTP 500 on the hub).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UolRequest {
    pub id: i64,
}

impl UolRequest {
    pub fn new(id: i64) -> Self {
        Self { id }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_key_is_exactly_id() {
        assert_eq!(serde_json::to_string(&UolRequest::new(7)).unwrap(), r#"{"id":7}"#);
    }

    #[test]
    fn overview_values_may_be_numbers_or_null() {
        let uol: Uol = serde_json::from_str(
            r#"{"id":1,"title":"P","sections":[{"type":"uol","overview":[{"label":"Årskurs","value":4},
                {"label":"Lärare","value":null},{"label":"Startdatum","value":"2025-01-13"}]}]}"#,
        )
        .unwrap();
        assert_eq!(uol.overview("årskurs"), Some("4"));
        assert_eq!(uol.overview("Lärare"), Some(""));
        assert_eq!(uol.overview("Startdatum"), Some("2025-01-13"));
    }
}

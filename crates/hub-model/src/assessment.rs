//! Wire shapes of Bedömningar and Betyg (`assessmentsv2`, protocol §4.8), readable only after the BankID
//! step-up (`docs/protocol-extensions.md`).

use serde::{Deserialize, Serialize};

use crate::list::HubId;
use crate::time::LocalDateTime;

/// `assessmentv2/assessmentv2/appData` → navigation, academic years, grade terms and whether step-up is needed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssessmentOverview {
    #[serde(default)]
    pub navigation_model: NavigationModel,
    #[serde(default)]
    pub academic_year_items: Vec<KeyValue>,
    #[serde(default)]
    pub enable_grade_report: bool,
    /// The terms with grades, each with its grades.
    #[serde(default)]
    pub grade_report_terms: Vec<GradeTerm>,
    #[serde(default)]
    pub is_gymnasium: bool,
    /// Non-null (`{required:true, methods}`) while the session still needs the BankID step-up.
    #[serde(default)]
    pub third_security_init_data: Option<serde_json::Value>,
}

impl AssessmentOverview {
    /// Whether the hub asks for the BankID step-up before showing anything.
    pub fn needs_stepup(&self) -> bool {
        self.third_security_init_data
            .as_ref()
            .and_then(|t| t.get("required"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false)
    }
}

/// A `{key, value, selected}` option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KeyValue {
    pub key: String,
    pub value: String,
    #[serde(default)]
    pub selected: bool,
}

/// `navigationModel` / `GetNavigationItems`: what has assessments, per subject.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NavigationModel {
    #[serde(default)]
    pub grid_items_list: Vec<GridItem>,
    #[serde(default)]
    pub navigation_items_list: Vec<NavigationItem>,
}

/// A matrix ("grid") of statements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GridItem {
    pub id: i64,
    pub title: String,
    #[serde(default)]
    pub has_new: bool,
}

/// One subject in the navigation, with the grids and tasks assessed in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NavigationItem {
    pub id: HubId,
    pub title: String,
    /// Grid ids (numbers) or `{id}` objects; see [`NavigationItem::grid_ids`].
    #[serde(default)]
    pub linked_grids: Vec<serde_json::Value>,
    #[serde(default)]
    pub linked_tasks: Vec<LinkedItem>,
    #[serde(default)]
    pub has_new: bool,
}

impl NavigationItem {
    /// The ids of the subject's grids.
    pub fn grid_ids(&self) -> Vec<i64> {
        self.linked_grids
            .iter()
            .filter_map(|v| v.as_i64().or_else(|| v.get("id").and_then(serde_json::Value::as_i64)))
            .collect()
    }
}

/// A linked task of a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LinkedItem {
    pub id: i64,
    #[serde(default)]
    pub is_new: bool,
}

/// A grade term of `gradeReportTerms` (real data recorded in §4.8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GradeTerm {
    /// The term id to pass to `GetGrades`.
    pub key: String,
    /// "Ht år 6", "Vt år 9 (Slutbetyg)".
    pub value: String,
    #[serde(default)]
    pub selected: bool,
    #[serde(default)]
    pub subject_grades_list_model: Option<GradeReport>,
}

/// The grades of one term (`subjectGradesListModel`, or the answer of `Grades/GetGrades`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GradeReport {
    #[serde(default)]
    pub has_primary_school_grade: bool,
    #[serde(default)]
    pub is_first_grading_term: bool,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub special_aid_comment: Option<String>,
    #[serde(default)]
    pub subjects_grade_data: Vec<SubjectGrade>,
    #[serde(default)]
    pub on_hold_subjects_grade_data: Vec<SubjectGrade>,
    #[serde(default)]
    pub merit_value: Option<MeritValue>,
}

/// One subject's grade in a term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SubjectGrade {
    pub subject_name: String,
    #[serde(default)]
    pub current_grade: Option<Grade>,
    #[serde(default)]
    pub past_grade: Option<Grade>,
    #[serde(default)]
    pub show_primary_school_label: bool,
}

/// A grade value ("A".."F").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Grade {
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub is_final: bool,
}

/// The merit value (år 9).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MeritValue {
    pub value: f64,
    #[serde(default)]
    pub max_value: Option<f64>,
}

/// `AssessmentV2Grid/GetItems/{id}` / `AssessmentV2Task/GetItems/{id}` → the statements of a grid or task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AssessmentItems {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub context_id: Option<HubId>,
    #[serde(default)]
    pub context_type: Option<String>,
    #[serde(default)]
    pub statement_items_list: Vec<Statement>,
    #[serde(default)]
    pub has_new: bool,
}

/// One assessed statement ("bedömd förmåga"); unassessed ones have no mark and `isBlankMark`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Statement {
    pub id: i64,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub header_label: Option<String>,
    #[serde(default)]
    pub mark: Option<String>,
    #[serde(default)]
    pub mark_text_value: Option<String>,
    #[serde(default)]
    pub mark_numeric_value: Option<f64>,
    /// `#rrggbb` of the mark option.
    #[serde(default)]
    pub mark_option_colour: Option<String>,
    /// Format not recorded; see [`Statement::marked_at`].
    #[serde(default)]
    pub mark_last_updated: Option<String>,
    #[serde(default)]
    pub is_blank_mark: bool,
    #[serde(default)]
    pub show_mark: bool,
    #[serde(default)]
    pub name_stamp: Option<String>,
}

impl Statement {
    /// When the mark was set, when the hub wrote it in a recorded spelling.
    pub fn marked_at(&self) -> Option<LocalDateTime> {
        self.mark_last_updated
            .as_deref()
            .and_then(|s| LocalDateTime::parse(s).ok())
    }

    /// Whether the statement carries a mark.
    pub fn is_assessed(&self) -> bool {
        !self.is_blank_mark
            && (self.mark.is_some() || self.mark_text_value.is_some() || self.mark_numeric_value.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_grade_term_shape() {
        // The shape recorded from real data in §4.8 (ETM `betyg.json`), values invented.
        let term: GradeTerm = serde_json::from_str(
            r#"{"key":"151","value":"Ht år 6","selected":true,"subjectGradesListModel":{
                "hasPrimarySchoolGrade":false,"isFirstGradingTerm":true,"comment":"","specialAidComment":"",
                "subjectsGradeData":[{"pastGrade":null,"subjectName":"Engelska",
                    "currentGrade":{"value":"C","isFinal":false},"showPrimarySchoolLabel":false}],
                "onHoldSubjectsGradeData":[{"termId":151,"subjectName":"Slöjd","currentGrade":null,
                    "showPrimarySchoolLabel":false}],
                "meritValue":{"value":215.5,"maxValue":340}}}"#,
        )
        .unwrap();
        let model = term.subject_grades_list_model.unwrap();
        assert_eq!(
            model.subjects_grade_data[0]
                .current_grade
                .as_ref()
                .unwrap()
                .value
                .as_deref(),
            Some("C")
        );
        assert_eq!(model.on_hold_subjects_grade_data[0].subject_name, "Slöjd");
        assert_eq!(model.merit_value.unwrap().value, 215.5);
    }

    #[test]
    fn step_up_flag() {
        let o: AssessmentOverview =
            serde_json::from_str(r#"{"thirdSecurityInitData":{"required":true,"methods":["bankid"]}}"#).unwrap();
        assert!(o.needs_stepup());
        let o: AssessmentOverview = serde_json::from_str(r#"{"thirdSecurityInitData":null}"#).unwrap();
        assert!(!o.needs_stepup());
    }
}

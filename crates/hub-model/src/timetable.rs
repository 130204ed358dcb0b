//! Wire shapes of Schema (`timetable`, protocol §4.4): lessons with local times and no zone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::{LocalDateTime, empty_as_none};

/// `timetable/timetable/gettimetablelist` request: `{UTCOffset, start, end}` with `YYYY-MM-DD` dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimetableRequest {
    /// Minutes; recorded as having no effect.
    #[serde(rename = "UTCOffset")]
    pub utc_offset: i32,
    pub start: String,
    pub end: String,
}

impl TimetableRequest {
    /// The lessons from `start` to `end`, both inclusive.
    pub fn new(start: NaiveDate, end: NaiveDate, utc_offset_minutes: i32) -> Self {
        Self {
            utc_offset: utc_offset_minutes,
            start: crate::time::LocalDate(start).to_string(),
            end: crate::time::LocalDate(end).to_string(),
        }
    }
}

/// One lesson (breaks like `Lunch` and `Rast` come as lessons too).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Lesson {
    /// Local, no zone.
    pub start: LocalDateTime,
    pub end: LocalDateTime,
    /// Subject or activity.
    pub title: String,
    /// `HH:MM`.
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    #[serde(default)]
    pub notes: Option<LessonNotes>,
    #[serde(default)]
    pub all_day: bool,
    #[serde(default)]
    pub establishment_name: Option<String>,
    #[serde(default)]
    pub details: Option<String>,
}

impl Lesson {
    /// Whether the lesson is a break the hub lists as a lesson (`Lunch`, `Rast`).
    pub fn is_break(&self) -> bool {
        let t = self.title.trim().to_lowercase();
        t == "lunch" || t == "rast"
    }
}

/// `notes` of a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LessonNotes {
    #[serde(default)]
    pub room_info: Option<String>,
    #[serde(default)]
    pub timetable_notes: Option<String>,
    /// Comma-joined `"Efternamn, Förnamn"` list; see [`LessonNotes::tutor_names`].
    #[serde(default)]
    pub tutors: Option<String>,
}

impl LessonNotes {
    /// The tutors' names as `"Förnamn Efternamn"`, from the comma-joined `"Efternamn, Förnamn"` list.
    ///
    /// The list alternates family and given names, so it is split on commas and paired; an odd leftover is
    /// kept as written.
    pub fn tutor_names(&self) -> Vec<String> {
        let raw = self.tutors.as_deref().unwrap_or("");
        let parts: Vec<&str> = raw.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
        parts
            .chunks(2)
            .map(|pair| match pair {
                [family, given] => format!("{given} {family}"),
                [one] => (*one).to_owned(),
                _ => String::new(),
            })
            .collect()
    }
}

/// `timetable/timetable/appData` → the rolling window of lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TimetableAppData {
    #[serde(default)]
    pub items: Vec<Lesson>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub min_date: Option<LocalDateTime>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub max_date: Option<LocalDateTime>,
    /// .NET TimeSpan text (`08:00:00`, `1.00:00:00`).
    #[serde(default)]
    pub starting_hour: Option<String>,
    #[serde(default)]
    pub ending_hour: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tutors_are_paired_into_names() {
        let notes = LessonNotes {
            tutors: Some("Berg, Jonas, Lind, Sara".into()),
            ..LessonNotes::default()
        };
        assert_eq!(notes.tutor_names(), ["Jonas Berg", "Sara Lind"]);
        let one = LessonNotes {
            tutors: Some("Berg".into()),
            ..LessonNotes::default()
        };
        assert_eq!(one.tutor_names(), ["Berg"]);
        assert!(LessonNotes::default().tutor_names().is_empty());
    }

    #[test]
    fn request_uses_iso_dates_and_the_hub_key() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 7).unwrap();
        let r = TimetableRequest::new(d, d, 120);
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"UTCOffset": 120, "start": "2026-09-07", "end": "2026-09-07"})
        );
    }
}

//! Närvaro (`attendance`, protocol §4.12), read only: today/tomorrow, registered absences, leave requests.

use hub_model::attendance::{AttendanceList, AttendanceOverview, LeaveRequest};
use hub_model::list::Items;

use crate::client::{Body, HubClient};
use crate::error::Result;

/// The module code name in `homeData.apps`.
pub const APP: &str = "attendance";

impl HubClient {
    /// Today's and tomorrow's absence state, the first page of absences and the leave requests.
    pub async fn attendance(&self, pupil_id: &str) -> Result<AttendanceOverview> {
        self.child_read(pupil_id, APP, || self.attendance_locked()).await
    }

    /// The read itself; the caller holds a lease on the child.
    pub(crate) async fn attendance_locked(&self) -> Result<AttendanceOverview> {
        self.call("attendance", APP, "attendance/attendance/appData", Body::Empty)
            .await
    }

    /// The registered absences (the hub's first page).
    pub async fn absences(&self, pupil_id: &str) -> Result<AttendanceList> {
        self.child_read(pupil_id, APP, || {
            self.call("absences", APP, "attendance/attendance/GetAttendanceList", Body::Empty)
        })
        .await
    }

    /// The leave requests ("ledighetsansökningar").
    pub async fn leave_requests(&self, pupil_id: &str) -> Result<Vec<LeaveRequest>> {
        self.child_read(pupil_id, APP, || async {
            let list: Items<LeaveRequest> = self
                .call(
                    "leave requests",
                    APP,
                    "attendance/attendance/GetLeaveRequestList",
                    Body::Empty,
                )
                .await?;
            Ok(list.items)
        })
        .await
    }
}

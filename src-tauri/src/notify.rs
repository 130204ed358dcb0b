//! OS notifications for new hub notifications: which ids were already seen (durably, per account) and the
//! Swedish text of a notification naming the child and the box.
//!
//! The first poll of an account only records what is there (no burst of old news on the first login); later
//! polls notify each id not seen before. The seen set is written (atomically) before anything is shown, so a
//! restart never notifies an item twice.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hub_model::Account;
use hub_model::notifications::{AppType, Notification, NotificationsResponse};

/// Shows one OS notification (title, body); in the app through tauri-plugin-notification.
pub(crate) type Toast = Arc<dyn Fn(&str, &str) + Send + Sync>;

/// Remembers seen ids under `dir` and shows new ones through `toast`.
pub(crate) struct Notifier {
    dir: PathBuf,
    toast: Toast,
}

impl Notifier {
    pub fn new(dir: PathBuf, toast: Toast) -> Self {
        Self { dir, toast }
    }

    fn path(&self, account_key: &str) -> PathBuf {
        self.dir.join(format!("seen-{}.json", file_safe(account_key)))
    }

    /// Handles one poll's answer; returns how many of its notifications were new. One item the hub sends once
    /// per child (school-wide news) shows as one OS notification naming every child it is for.
    pub fn process(
        &self,
        account_key: &str,
        account: &Account,
        resp: &NotificationsResponse,
    ) -> std::io::Result<usize> {
        let path = self.path(account_key);
        let ids = resp.notifications.iter().map(|n| n.id);
        let Some(mut seen) = load(&path)? else {
            save(&path, &ids.collect::<BTreeSet<i64>>())?;
            tracing::debug!(
                count = resp.notifications.len(),
                "first poll of this account: notifications recorded"
            );
            return Ok(0);
        };
        let fresh: Vec<&Notification> = resp.notifications.iter().filter(|n| !seen.contains(&n.id)).collect();
        if fresh.is_empty() {
            return Ok(0);
        }
        seen.extend(fresh.iter().map(|n| n.id));
        save(&path, &seen)?;
        for (title, body) in texts(account, &fresh) {
            (self.toast)(&title, &body);
        }
        tracing::info!(count = fresh.len(), "new notifications shown");
        Ok(fresh.len())
    }

    /// Forgets the account's seen ids ("Logga ut").
    pub fn forget(&self, account_key: &str) {
        let path = self.path(account_key);
        if let Err(e) = std::fs::remove_file(&path)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(error = %e, "could not remove the seen notifications");
        }
    }
}

/// The box a notification belongs to, in the start page's Swedish words.
fn box_name(app: AppType) -> &'static str {
    match app {
        AppType::News => "Information",
        AppType::Calendar | AppType::CalendarV2 => "Kalender",
        AppType::ParentMeeting => "Utvecklingssamtal",
        AppType::Assignment | AppType::HomeWork => "Uppgifter",
        AppType::Assessment => "Bedömningar",
        AppType::WeeklyPlan => "Veckoplan",
        AppType::Portfolio | AppType::Iup | AppType::SpecialPlan | AppType::Journal => "Dokumentation",
        AppType::OnlineTest => "eTest",
        AppType::Timeline => "Lärlogg",
        AppType::Attendance => "Frånvaro",
        _ => "Skolhub",
    }
}

/// The OS notifications for `fresh`: title "Utvecklingssamtal för Elsa", body the hub's title (and subtitle).
/// Items of one box with the same text (the hub sends school-wide news once per child) become one notification
/// for all their children, named in the family's order: "Information för Elsa, Nils och Maja".
pub(crate) fn texts(account: &Account, fresh: &[&Notification]) -> Vec<(String, String)> {
    // Children by their place in the account, so the names come in the family's order.
    let mut groups: Vec<(&'static str, String, Vec<usize>)> = Vec::new();
    for n in fresh {
        let (name, body) = (box_name(n.app_type), body(n));
        let child = n.pupil_id().and_then(|id| {
            account
                .children
                .iter()
                .position(|c| c.id == id && !c.name.first.is_empty())
        });
        match groups.iter_mut().find(|(b, text, _)| *b == name && *text == body) {
            Some((_, _, children)) => children.extend(child.filter(|c| !children.contains(c))),
            None => groups.push((name, body, child.into_iter().collect())),
        }
    }
    groups
        .into_iter()
        .map(|(name, body, mut children)| {
            children.sort_unstable();
            let names: Vec<&str> = children
                .iter()
                .map(|&i| account.children[i].name.first.as_str())
                .collect();
            let title = match names.as_slice() {
                [] => name.to_owned(),
                [only] => format!("{name} för {only}"),
                [first @ .., last] => format!("{name} för {} och {last}", first.join(", ")),
            };
            (title, body)
        })
        .collect()
}

fn body(n: &Notification) -> String {
    match n.sub_title.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(sub) => format!("{}\n{sub}", n.title.trim()),
        None => n.title.trim().to_owned(),
    }
}

fn file_safe(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn load(path: &Path) -> std::io::Result<Option<BTreeSet<i64>>> {
    match std::fs::read(path) {
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(set) => Ok(Some(set)),
            Err(e) => {
                // A damaged file is treated as a first poll: nothing old is shown again.
                tracing::warn!(error = %e, "seen notifications unreadable; starting over");
                Ok(None)
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes to a temporary file, syncs it and renames it over the old one.
pub(crate) fn save<T: serde::Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("tmp");
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(&serde_json::to_vec(value).map_err(std::io::Error::other)?)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    fn account() -> Account {
        serde_json::from_value(serde_json::json!({
            "userId": "7", "displayName": null, "role": "guardian", "demo": false,
            "children": [{"id": "2015010112", "name": {"first": "Elsa", "last": "Björklund"},
                          "switchId": null, "apps": []}]
        }))
        .unwrap()
    }

    fn resp(ids: &[i64]) -> NotificationsResponse {
        serde_json::from_value(serde_json::json!({
            "notifications": ids.iter().map(|id| serde_json::json!({
                "id": id, "title": format!("Nyhet {id}"), "state": "New", "appType": "News",
                "pupilSourceId": "1|2015010112|X"
            })).collect::<Vec<_>>(),
        }))
        .unwrap()
    }

    #[test]
    fn first_poll_is_silent_new_ids_once_and_never_again_after_a_restart() {
        let dir = std::env::temp_dir().join(format!("skolhub-notify-{}", rand::random::<u64>()));
        let shown = Arc::new(Mutex::new(Vec::new()));
        let make = || {
            let s = shown.clone();
            Notifier::new(
                dir.clone(),
                Arc::new(move |t: &str, b: &str| s.lock().unwrap().push(format!("{t}|{b}"))),
            )
        };
        let n = make();
        assert_eq!(n.process("hub/7", &account(), &resp(&[1, 2])).unwrap(), 0);
        assert_eq!(n.process("hub/7", &account(), &resp(&[1, 2, 3])).unwrap(), 1);
        assert_eq!(n.process("hub/7", &account(), &resp(&[1, 2, 3])).unwrap(), 0);
        // A new Notifier is a restart: the seen set comes from disk.
        let again = make();
        assert_eq!(again.process("hub/7", &account(), &resp(&[1, 2, 3])).unwrap(), 0);
        assert_eq!(again.process("hub/7", &account(), &resp(&[3, 4])).unwrap(), 1);
        assert_eq!(
            *shown.lock().unwrap(),
            vec!["Information för Elsa|Nyhet 3", "Information för Elsa|Nyhet 4"]
        );
        // Another account has its own set, and forgetting one starts it over silently.
        assert_eq!(again.process("hub/8", &account(), &resp(&[9])).unwrap(), 0);
        again.forget("hub/7");
        assert_eq!(again.process("hub/7", &account(), &resp(&[5])).unwrap(), 0);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn one_item_for_several_children_is_one_notification_naming_them_all() {
        let account: Account = serde_json::from_value(serde_json::json!({
            "userId": "7", "displayName": null, "role": "guardian", "demo": false,
            "children": [
                {"id": "11", "name": {"first": "Elsa", "last": "B"}, "switchId": null, "apps": []},
                {"id": "12", "name": {"first": "Nils", "last": "B"}, "switchId": null, "apps": []},
                {"id": "13", "name": {"first": "Maja", "last": "B"}, "switchId": null, "apps": []}
            ]
        }))
        .unwrap();
        let item = |id: i64, pupil: &str, app: &str, title: &str| -> Notification {
            serde_json::from_value(serde_json::json!({
                "id": id, "title": title, "subTitle": "Ekbackens skola", "state": "New", "appType": app,
                "pupilSourceId": format!("1|{pupil}|X")
            }))
            .unwrap()
        };
        let fresh = [
            item(1, "13", "News", "Ändrad hämtningstid"),
            item(2, "12", "News", "Ändrad hämtningstid"),
            item(3, "12", "ParentMeeting", "Utvecklingssamtal bokat för Nils"),
            item(4, "11", "News", "Ändrad hämtningstid"),
            item(5, "11", "News", "Skogsdag"),
        ];
        let fresh: Vec<&Notification> = fresh.iter().collect();
        assert_eq!(
            texts(&account, &fresh),
            vec![
                (
                    "Information för Elsa, Nils och Maja".to_owned(),
                    "Ändrad hämtningstid\nEkbackens skola".to_owned()
                ),
                (
                    "Utvecklingssamtal för Nils".to_owned(),
                    "Utvecklingssamtal bokat för Nils\nEkbackens skola".to_owned()
                ),
                (
                    "Information för Elsa".to_owned(),
                    "Skogsdag\nEkbackens skola".to_owned()
                ),
            ]
        );
        // Two children only: "och" without a comma.
        assert_eq!(texts(&account, &fresh[..2])[0].0, "Information för Nils och Maja");
    }
}

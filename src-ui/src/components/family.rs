//! The family at a glance: one card per child with the number of unread items and the newest one, from the
//! notifications the hub aggregates for all children. A card selects its child.

use hub_model::Child;
use hub_model::notifications::{Notification, NotificationState};
use leptos::prelude::*;

use crate::boxes::{box_of, lookup, tiles_for};
use crate::data::use_child_data;
use crate::i18n::{counted, t, tr};

/// The unread notifications of `child` that belong to a box the child has, newest first.
pub fn unread_for<'a>(notifications: &'a [Notification], child: &Child) -> Vec<&'a Notification> {
    let tiles = tiles_for(child);
    let mut out: Vec<&Notification> = notifications
        .iter()
        .filter(|n| n.state == NotificationState::New && n.pupil_id() == Some(child.id.as_str()))
        .filter(|n| box_of(n.app_type).is_some_and(|app| tiles.iter().any(|t| t.app == app)))
        .collect();
    // Newest first; undated last.
    crate::order::by_rank(&mut out, |n| {
        n.order_date
            .or(n.date_sent)
            .map_or((1, 0), |t| (0, -crate::order::time(t.0)))
    });
    out
}

#[component]
pub fn FamilyOverview(children: Vec<Child>, selected: RwSignal<String>) -> impl IntoView {
    view! {
        <section class="family" aria-labelledby="family-heading" data-testid="family">
            <h2 id="family-heading" class="section-title">{tr("family.heading")}</h2>
            <ul class="family-list" role="list">
                {children.into_iter().map(|child| view! { <FamilyCard child selected /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn FamilyCard(child: Child, selected: RwSignal<String>) -> impl IntoView {
    let data = use_child_data();
    let id = StoredValue::new(child.id.clone());
    let child = StoredValue::new(child);
    // `None` while the notifications load; `Some(None)` when they failed (the card then shows the name
    // only: the boxes say what went wrong); else (unread count, "Box: newest title").
    let status = Memo::new(move |_| {
        let Ok(n) = data.notifications.get()? else {
            return Some(None);
        };
        let unread = child.with_value(|c| {
            unread_for(&n.notifications, c)
                .into_iter()
                .map(|n| (n.app_type, n.title.clone()))
                .collect::<Vec<_>>()
        });
        let next = unread.first().map(|(app_type, title)| {
            let name = box_of(*app_type).and_then(lookup).map_or("", |k| t(k.name_key));
            format!("{name}: {title}")
        });
        Some(Some((unread.len(), next)))
    });
    let is_selected = move || selected.with(|s| *s == *id.read_value());
    view! {
        <li>
            <button
                type="button"
                class="family-card"
                data-testid="family-child"
                data-child=id.get_value()
                aria-pressed=move || is_selected().to_string()
                on:click=move |_| selected.set(id.get_value())
            >
                <span class="family-name">{child.with_value(|c| c.name.full())}</span>
                {move || match status.get() {
                    None => view! { <span class="skeleton-bar" aria-hidden="true"></span> }.into_any(),
                    Some(None) => ().into_any(),
                    Some(Some((0, _))) => view! {
                        <span class="family-next muted" data-testid="family-next">{tr("family.nothing_new")}</span>
                    }
                        .into_any(),
                    Some(Some((n, next))) => view! {
                        <span class="family-unread" data-testid="family-unread">
                            {move || counted(n, "home.unread_one", "home.unread")}
                        </span>
                        <span class="family-next" data-testid="family-next">{next.clone()}</span>
                    }
                        .into_any(),
                }}
            </button>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hub_model::{AppCode, PersonName};

    #[test]
    fn a_childs_unread_items_are_its_own_in_its_boxes_newest_first() {
        let n = |id: i64, app: &str, state: &str, pupil: &str, date: &str| -> Notification {
            serde_json::from_value(serde_json::json!({
                "id": id, "title": format!("t{id}"), "state": state, "appType": app,
                "pupilSourceId": format!("3104|{pupil}|SKOLA"), "dateSent": date
            }))
            .unwrap()
        };
        let list = [
            n(1, "News", "New", "11", "2026-11-20T08:00:00"),
            n(2, "News", "Read", "11", "2026-11-27T08:00:00"),
            n(3, "News", "New", "22", "2026-11-28T08:00:00"),
            n(4, "ParentMeeting", "New", "11", "2026-11-25T08:00:00"),
            n(5, "Assessment", "New", "11", "2026-11-29T08:00:00"),
        ];
        let child = Child {
            id: "11".into(),
            name: PersonName::from_hub("Björklund, Nils"),
            switch_id: None,
            apps: ["communication", "meeting"]
                .iter()
                .map(|a| AppCode((*a).to_owned()))
                .collect(),
        };
        let ids: Vec<i64> = unread_for(&list, &child).iter().map(|n| n.id).collect();
        // Not the read one, not the sibling's, not Bedömningar (a box Nils does not have).
        assert_eq!(ids, [4, 1]);
    }
}

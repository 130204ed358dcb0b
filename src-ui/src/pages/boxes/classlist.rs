//! Kontaktlista: the class's pupils and the staff; a contact card with the guardians' (or the staff member's)
//! details, only those each person chose to show; and the user's own contact visibility, which a guardian
//! can change (students see it without a form, as the hub only shows them the privacy policy).

use hub_model::classlist::{ClassGroup, ClassList, ContactCard, ContactPerson, ContactVisibility, PrivacySettings};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::bridge;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::components::write_conflicts::{Written, written};
use crate::data::{Read, use_child_data};
use crate::error_view::error_text;
use crate::i18n::{t, tr};

/// Which card is open: (id, staff, establishment id).
type Open = Option<(String, bool, Option<String>)>;

#[component]
pub fn ClassListView() -> impl IntoView {
    let data = use_child_data();
    let open = RwSignal::new(None as Open);
    let list = Read::new(data.child, "classlist", String::new, |id| async move {
        bridge::class_list(&id).await
    });
    view! {
        {move || match open.get() {
            Some((id, staff, est)) => {
                view! { <CardView id staff est on_close=move || open.set(None) /> }.into_any()
            }
            None => loaded(list, 4, move |l| groups(l, open)).into_any(),
        }}
        <Visibility />
    }
}

fn groups(list: ClassList, open: RwSignal<Open>) -> AnyView {
    if list.group_config.iter().all(|g| g.items.is_empty()) {
        return view! { <EmptyState text="classlist.empty" /> }.into_any();
    }
    list.group_config
        .into_iter()
        .filter(|g| !g.items.is_empty())
        .map(|g| view! { <Group g open /> })
        .collect_view()
        .into_any()
}

#[component]
fn Group(g: ClassGroup, open: RwSignal<Open>) -> impl IntoView {
    let staff = g.is_staff_group;
    view! {
        <section class="day-group" data-testid="classlist-group">
            <h2 class="section-title">{g.title.clone()}</h2>
            <ul class="list" role="list">
                {g
                    .items
                    .into_iter()
                    .map(|m| {
                        let id = m.id.to_string();
                        let est = m.establishment_id.as_ref().map(ToString::to_string);
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="card item row-item choice"
                                    data-testid="classlist-member"
                                    data-staff=staff.to_string()
                                    on:click=move |_| open.set(Some((id.clone(), staff, est.clone())))
                                >
                                    <Icon name="classlist" size=22 />
                                    <span class="row-text">
                                        <span class="item-title">{m.name.clone()}</span>
                                        {m.phone.clone().map(|p| view! { <span class="item-meta">{p}</span> })}
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn CardView(
    id: String,
    staff: bool,
    est: Option<String>,
    on_close: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let data = use_child_data();
    let key = id.clone();
    let card = Read::new(
        data.child,
        "classlist",
        move || key.clone(),
        move |child| {
            let (id, est) = (id.clone(), est.clone());
            async move { bridge::class_contact(&child, &id, staff, est).await }
        },
    );
    view! {
        <button type="button" class="link-button" data-testid="contact-back" on:click=move |_| on_close()>
            {tr("classlist.all")}
        </button>
        {loaded(card, 3, contact_card)}
    }
}

fn contact_card(card: ContactCard) -> AnyView {
    let parents = card.parents.clone();
    view! {
        <article class="card item" data-testid="contact-card">
            <h2 class="item-title" data-testid="contact-name">{card.details.name.clone().unwrap_or_default()}</h2>
            {person_rows(&card.details)}
        </article>
        {(!parents.is_empty())
            .then(|| {
                view! {
                    <h2 class="section-title">{tr("classlist.guardians")}</h2>
                    <ul class="list" role="list">
                        {parents
                            .into_iter()
                            .map(|p| {
                                let name = p.name.clone().unwrap_or_else(|| t("classlist.name_hidden").to_owned());
                                let nothing = [&p.address, &p.phone, &p.mobile, &p.email].iter().all(|f| f.is_none());
                                view! {
                                    <li class="card item" data-testid="contact-guardian">
                                        <h3 class="item-title">{name}</h3>
                                        {person_rows(&p)}
                                        {nothing.then(|| view! { <p class="muted">{tr("classlist.nothing_shown")}</p> })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
    }
    .into_any()
}

/// The person's visible details as a description list; hidden (null) fields are left out.
fn person_rows(p: &ContactPerson) -> impl IntoView + use<> {
    let rows: Vec<(&'static str, String)> = [
        ("classlist.relation", p.relation.clone()),
        ("classlist.title", p.title.clone()),
        ("classlist.address", p.address.clone()),
        ("classlist.phone", p.phone.clone()),
        ("classlist.mobile", p.mobile.clone()),
        ("classlist.email", p.email.clone()),
        ("classlist.hours", p.appointment_hours.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.filter(|v| !v.trim().is_empty()).map(|v| (k, v)))
    .collect();
    view! {
        <dl class="item-body">
            {rows
                .into_iter()
                .map(|(k, v)| {
                    view! {
                        <div data-testid="contact-field">
                            <dt class="item-meta">{tr(k)}</dt>
                            <dd style="margin:0;user-select:text">{v}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// The user's own contact visibility, with a form for guardians.
#[component]
fn Visibility() -> impl IntoView {
    // The account's own settings, read like every box (cache first, "Uppdaterad hh:mm"), while Kontaktlista
    // is open for a child.
    let settings = Read::new(use_child_data().child, "classlist", String::new, |_| {
        bridge::contact_visibility_get()
    })
    .keep_on_new_items();
    view! {
        <section class="card item" aria-labelledby="visibility-heading" data-testid="visibility">
            <h2 class="section-title" id="visibility-heading">{tr("classlist.visibility")}</h2>
            {loaded(settings, 2, |p: PrivacySettings| {
                if p.only_show_privacy_policy {
                    view! { <p class="muted">{tr("classlist.visibility_student")}</p> }.into_any()
                } else {
                    view! { <VisibilityForm p /> }.into_any()
                }
            })}
        </section>
    }
}

#[component]
fn VisibilityForm(p: PrivacySettings) -> impl IntoView {
    let flags = [p.show_name, p.show_address, p.show_phone, p.show_mobile, p.show_email].map(RwSignal::new);
    let saving = RwSignal::new(false);
    let status = RwSignal::new(None::<(bool, String)>);
    let save = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let f = flags.map(|s| s.get_untracked());
        saving.set(true);
        status.set(None);
        spawn_local(async move {
            let wanted = ContactVisibility::new(f[0], f[1], f[2], f[3], f[4]);
            match written(bridge::contact_visibility_set(wanted).await) {
                Ok(Written::Saved(now)) => {
                    if let Some(now) = now {
                        let back = [
                            now.show_name,
                            now.show_address,
                            now.show_phone,
                            now.show_mobile,
                            now.show_email,
                        ];
                        for (s, v) in flags.iter().zip(back) {
                            s.set(v);
                        }
                    }
                    status.set(Some((true, t("classlist.saved").to_owned())));
                }
                // Kept on this device: the boxes stay as the user ticked them.
                Ok(Written::Queued) => status.set(Some((true, t("writes.queued").to_owned()))),
                Err(e) => status.set(Some((false, error_text(&e)))),
            }
            saving.set(false);
        });
    };
    let labels = [
        ("classlist.show_name", "show-name"),
        ("classlist.show_address", "show-address"),
        ("classlist.show_phone", "show-phone"),
        ("classlist.show_mobile", "show-mobile"),
        ("classlist.show_email", "show-email"),
    ];
    view! {
        <p class="muted">{tr("classlist.visibility_intro")}</p>
        <form class="form" novalidate on:submit=save>
            <fieldset class="check-group">
                <legend class="visually-hidden">{tr("classlist.visibility")}</legend>
                {labels
                    .into_iter()
                    .zip(flags)
                    .map(|((key, testid), flag)| {
                        view! {
                            <label class="check-row">
                                <input
                                    type="checkbox"
                                    data-testid=testid
                                    prop:checked=move || flag.get()
                                    on:change=move |e| flag.set(event_target_checked(&e))
                                />
                                <span>{tr(key)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <p
                class=move || match status.get() {
                    Some((false, _)) => "form-message notice-error",
                    _ => "form-message",
                }
                role="status"
                data-testid="visibility-status"
            >
                {move || status.get().map(|(_, s)| s)}
            </p>
            <button type="submit" class="btn btn-primary" data-testid="visibility-save" disabled=move || saving.get()>
                {move || if saving.get() { t("classlist.saving") } else { t("classlist.save") }}
            </button>
        </form>
    }
}

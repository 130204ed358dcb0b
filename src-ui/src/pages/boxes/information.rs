//! Information: the school's news (newest first), with documents and links on their own tabs.
//!
//! News bodies are school HTML and are shown as plain paragraphs (see [`crate::text`]). Attachments are
//! listed by name; opening and downloading them comes with the file flow of a later issue.

use hub_model::documents::Document;
use hub_model::links::Link;
use hub_model::news::NewsItem;
use leptos::prelude::*;

use crate::bridge;
use crate::components::attachments::Attachments;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::data::{Read, use_child_data};
use crate::format::long_day_now;
use crate::i18n::tr;
use crate::text::paragraphs;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    News,
    Documents,
    Links,
}

#[component]
pub fn InformationView() -> impl IntoView {
    let data = use_child_data();
    let tab = RwSignal::new(Tab::News);
    let documents = Read::new(data.child, "communication", String::new, |id| async move {
        bridge::documents_list(&id).await
    });
    let links = Read::new(data.child, "communication", String::new, |id| async move {
        bridge::links_list(&id).await
    });
    let tab_button = move |which: Tab, key: &'static str, testid: &'static str| {
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                data-testid=testid
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
            >
                {tr(key)}
            </button>
        }
    };
    view! {
        <div
            class="tabs"
            role="tablist"
            aria-label=tr("box.communication.name")
            on:keydown=move |e| {
                // Arrow keys move between tabs, as the ARIA tabs pattern expects.
                let next = match (e.key().as_str(), tab.get_untracked()) {
                    ("ArrowRight", Tab::News) | ("ArrowLeft", Tab::Links) => Tab::Documents,
                    ("ArrowRight", Tab::Documents) | ("ArrowLeft", Tab::News) => Tab::Links,
                    ("ArrowRight", Tab::Links) | ("ArrowLeft", Tab::Documents) => Tab::News,
                    _ => return,
                };
                e.prevent_default();
                tab.set(next);
                request_animation_frame(|| {
                    if let Ok(Some(el)) = document().query_selector("[role=tab][aria-selected=true]") {
                        use wasm_bindgen::JsCast;
                        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                            let _ = el.focus();
                        }
                    }
                });
            }
        >
            {tab_button(Tab::News, "information.tab_news", "tab-news")}
            {tab_button(Tab::Documents, "information.tab_documents", "tab-documents")}
            {tab_button(Tab::Links, "information.tab_links", "tab-links")}
        </div>
        <div role="tabpanel" class="tab-panel">
            {move || match tab.get() {
                Tab::News => loaded(data.news, 3, news_list).into_any(),
                Tab::Documents => loaded(documents, 2, document_list).into_any(),
                Tab::Links => loaded(links, 2, link_list).into_any(),
            }}
        </div>
    }
}

fn news_list(items: Vec<NewsItem>) -> AnyView {
    if items.is_empty() {
        return view! { <EmptyState text="information.empty_news" /> }.into_any();
    }
    view! {
        <ul class="list" role="list">
            {items.into_iter().map(|item| view! { <NewsCard item /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn NewsCard(item: NewsItem) -> impl IntoView {
    let date = item.published_date.map(|d| d.date());
    let date_text = item.published_date_string.clone().unwrap_or_default();
    let body = paragraphs(item.content.as_deref().unwrap_or_default());
    let attachments = item.attachments.clone();
    view! {
        <li>
            <article class="card item news-item" data-testid="news-item">
                <h2 class="item-title" data-testid="news-title">{item.title.clone()}</h2>
                <p class="item-meta">
                    <span>{move || date.map(long_day_now).unwrap_or_else(|| date_text.clone())}</span>
                    {item.published_by.clone().map(|by| view! { <span>{by}</span> })}
                </p>
                <div class="item-body">{body.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}</div>
                <Attachments attachments title_key="information.attachments" />
            </article>
        </li>
    }
}

fn document_list(docs: Vec<Document>) -> AnyView {
    if docs.is_empty() {
        return view! { <EmptyState text="information.empty_documents" /> }.into_any();
    }
    view! {
        <ul class="list" role="list">
            {docs
                .into_iter()
                .map(|d| {
                    let kind = d.file_type.clone().map(|f| f.trim_start_matches('.').to_uppercase());
                    view! {
                        <li class="card item row-item" data-testid="document-item">
                            <Icon name="document" size=22 />
                            <div class="row-text">
                                <h2 class="item-title">{d.title}</h2>
                                {d.description.map(|text| view! { <p class="muted">{text}</p> })}
                                <p class="item-meta">
                                    {kind.map(|k| view! { <span class="tag">{k}</span> })}
                                    {d.published_date_string.map(|s| view! { <span>{s}</span> })}
                                </p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn link_list(links: Vec<Link>) -> AnyView {
    if links.is_empty() {
        return view! { <EmptyState text="information.empty_links" /> }.into_any();
    }
    view! {
        <ul class="list" role="list">
            {links
                .into_iter()
                .map(|l| {
                    view! {
                        <li class="card item row-item" data-testid="link-item">
                            <Icon name="external" size=22 />
                            <div class="row-text">
                                <h2 class="item-title">{l.name}</h2>
                                {l.description.map(|text| view! { <p class="muted">{text}</p> })}
                                <p class="link-url">{l.url}</p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

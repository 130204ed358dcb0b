//! Blogg: the class blog's posts, newest first, with their text, images and attachments, and each post's
//! comments on demand. Students may comment; the form shows only where the hub says `canComment`.
//!
//! Images are fetched through the shell (the UI never speaks to the school) and shown as `data:` URLs.

use hub_model::blog::{BlogComment, BlogEntry, BlogImage};
use leptos::prelude::*;

use crate::bridge;
use crate::components::attachments::Attachments;
use crate::components::icon::Icon;
use crate::components::loaded::{EmptyState, loaded};
use crate::components::pending::{Composer, OwnText, on_writes_sent, pending_for, pending_texts};
use crate::data::{Read, use_child_data};
use crate::format::{hm, long_day_now};
use crate::i18n::{t, tr};
use crate::text::paragraphs;

#[component]
pub fn BlogView() -> impl IntoView {
    let data = use_child_data();
    let page = Read::new(data.child, "grouptimeline", String::new, |id| async move {
        bridge::blog_list(&id).await
    });
    loaded(page, 3, |page| {
        if page.entries.is_empty() {
            return view! { <EmptyState text="blog.empty" /> }.into_any();
        }
        view! {
            <ul class="list" role="list">
                {page.entries.into_iter().map(|entry| view! { <Post entry /> }).collect_view()}
            </ul>
        }
        .into_any()
    })
}

#[component]
fn Post(entry: BlogEntry) -> impl IntoView {
    let body = paragraphs(entry.content.as_deref().unwrap_or_default());
    let date = entry.published_date.map(|d| d.0.date());
    let show_comments = RwSignal::new(false);
    let count = entry.comment_count;
    let (id, can_comment, title) = (entry.id, entry.can_comment, entry.title.clone());
    view! {
        <li>
            <article class="card item news-item" data-testid="blog-post" data-id=id.to_string()>
                <h2 class="item-title" data-testid="blog-title">{entry.title.clone()}</h2>
                <p class="item-meta">
                    {entry.author.clone().map(|a| view! { <span>{a}</span> })}
                    {entry.group_name.clone().map(|g| view! { <span>{g}</span> })}
                    {date.map(|d| view! { <span>{move || long_day_now(d)}</span> })}
                </p>
                <div class="item-body">{body.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}</div>
                {entry
                    .images
                    .into_iter()
                    .map(|image| view! { <Picture image alt=title.clone() /> })
                    .collect_view()}
                <Attachments attachments=entry.attachments title_key="blog.attachments" />
                <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    data-testid="blog-comments-toggle"
                    aria-expanded=move || show_comments.get().to_string()
                    on:click=move |_| show_comments.update(|s| *s = !*s)
                >
                    <Icon name="comment" size=18 />
                    <span>
                        {move || {
                            if show_comments.get() {
                                t("blog.hide_comments").to_owned()
                            } else {
                                format!("{} ({count})", t("blog.show_comments"))
                            }
                        }}
                    </span>
                </button>
                {move || show_comments.get().then(|| view! { <Comments id can_comment /> })}
            </article>
        </li>
    }
}

/// One image of a post, fetched through the shell; a failure says so in words instead of a broken image.
#[component]
fn Picture(image: BlogImage, alt: String) -> impl IntoView {
    let data = use_child_data();
    let url = image.url.clone();
    let src = Read::plain(move || {
        let child = data.child.get_untracked().map(|c| c.id).unwrap_or_default();
        let url = url.clone();
        async move { bridge::blog_image(&child, &url).await }
    });
    move || match src.get() {
        None => view! { <div class="skeleton-bar" style="height:12rem;border-radius:12px" aria-hidden="true"></div> }
            .into_any(),
        Some(Ok(src)) => view! {
            <img
                src=src
                alt=alt.clone()
                data-testid="blog-image"
                style="width:auto;max-width:100%;max-height:24rem;height:auto;border-radius:12px;display:block"
            />
        }
        .into_any(),
        Some(Err(_)) => {
            view! { <p class="muted" data-testid="blog-image-failed">{tr("blog.image_failed")}</p> }.into_any()
        }
    }
}

#[component]
fn Comments(id: i64, can_comment: bool) -> impl IntoView {
    let data = use_child_data();
    let comments = Read::new(
        data.child,
        "grouptimeline",
        move || id.to_string(),
        move |child| async move { bridge::blog_comments(&child, id).await },
    );
    on_writes_sent(move || comments.refetch());
    let added = RwSignal::new(Vec::<BlogComment>::new());
    view! {
        <div class="item-body" data-testid="blog-comments">
            {loaded(comments, 2, move |list| {
                move || {
                    // The school's copies of our comments, unless this answer has them already.
                    let ours = added.get().into_iter().filter(|a| !list.iter().any(|c| c.id == a.id));
                    let all: Vec<BlogComment> = list.iter().cloned().chain(ours).collect();
                    if all.is_empty() {
                        return view! { <p class="muted">{tr("blog.no_comments")}</p> }.into_any();
                    }
                    view! {
                        <ul class="list" role="list">
                            {all.into_iter().map(|c| view! { <Comment c /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            })}
            {can_comment.then(|| view! { <CommentForm id added /> })}
        </div>
    }
}

#[component]
fn Comment(c: BlogComment) -> impl IntoView {
    let when = c.created.map(|d| d.0);
    view! {
        <li class="card item" data-testid="blog-comment">
            <p class="item-meta">
                <strong>{c.author.clone().unwrap_or_default()}</strong>
                {when.map(|w| view! { <span>{move || format!("{} {}", long_day_now(w.date()), hm(w))}</span> })}
            </p>
            <p>{c.text.clone()}</p>
        </li>
    }
}

#[component]
fn CommentForm(id: i64, added: RwSignal<Vec<BlogComment>>) -> impl IntoView {
    let data = use_child_data();
    // The school's copies join the thread (`added`); copies it did not send back are known by their text.
    let form = Composer {
        saved: added,
        ..Composer::new()
    };
    let Composer {
        draft,
        sending,
        failure,
        waiting,
        ..
    } = form;
    // Comments kept on this device (also from an earlier visit or run).
    let pending = pending_for(hub_model::ipc::PENDING_BLOG_COMMENT, move || {
        data.child.get().map(|c| (c.id, id.to_string()))
    });
    let field = format!("blog-comment-{id}");
    let send = move |e: leptos::ev::SubmitEvent| {
        e.prevent_default();
        let Some(child) = data.child.get_untracked().map(|c| c.id) else {
            return;
        };
        form.submit("blog.comment_empty", move |text| async move {
            bridge::blog_comment_add(&child, id, &text).await
        });
    };
    view! {
        <Show when=move || !waiting.with(Vec::is_empty) || !pending.with(Vec::is_empty)>
            <ul class="list" role="list">
                {move || {
                    waiting
                        .get()
                        .into_iter()
                        .map(|text| view! { <OwnText text pending=false testid="blog-comment" /> })
                        .collect_view()
                }}
                {pending_texts(pending, "blog-comment")}
            </ul>
        </Show>
        <form class="form" novalidate on:submit=send data-testid="blog-comment-form">
            <div class="field">
                <label for=field.clone()>{tr("blog.write")}</label>
                <textarea
                    id=field
                    data-testid="blog-comment-input"
                    rows="2"
                    maxlength="4000"
                    style="min-height:4rem;padding:0.6rem 0.8rem;border:1.5px solid var(--c-border);border-radius:10px;background:var(--c-surface);color:inherit;font:inherit"
                    prop:value=move || draft.get()
                    on:input=move |e| draft.set(event_target_value(&e))
                ></textarea>
            </div>
            <p class="form-message notice-error" role="alert">{move || failure.get()}</p>
            <button type="submit" class="btn btn-primary" data-testid="blog-comment-send" disabled=move || sending.get()>
                {move || if sending.get() { t("blog.sending") } else { t("blog.send") }}
            </button>
        </form>
    }
}

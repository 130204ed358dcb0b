//! The Skolhub mark (the app icon of `icons/skolhub.svg`: a school roof over an open book), drawn inline so
//! the UI needs no image files.

use leptos::prelude::*;

/// The logo at `size` CSS pixels; decorative, since the app name is always written next to it.
#[component]
pub fn Logo(#[prop(default = 48)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="logo"
            width=size
            height=size
            viewBox="0 0 1024 1024"
            aria-hidden="true"
            focusable="false"
        >
            <defs>
                <linearGradient
                    id="skolhub-logo-bg"
                    gradientUnits="userSpaceOnUse"
                    x1="0"
                    y1="32"
                    x2="0"
                    y2="992"
                >
                    <stop offset="0" stop-color="#139AA0" />
                    <stop offset="1" stop-color="#0B5470" />
                </linearGradient>
            </defs>
            <rect x="32" y="32" width="960" height="960" rx="216" fill="url(#skolhub-logo-bg)" />
            <path
                d="M 232 436 L 512 212 L 792 436"
                fill="none"
                stroke="#FFFFFF"
                stroke-width="84"
                stroke-linecap="round"
                stroke-linejoin="round"
            />
            <path
                d="M 492 560 C 420 506 320 492 220 510 L 220 806 C 320 790 420 804 492 856 Z"
                fill="#FFFFFF"
            />
            <path
                d="M 532 560 C 604 506 704 492 804 510 L 804 806 C 704 790 604 804 532 856 Z"
                fill="#FFFFFF"
            />
            <circle cx="796" cy="228" r="108" fill="#FF7A59" stroke="#0F7487" stroke-width="40" />
        </svg>
    }
}

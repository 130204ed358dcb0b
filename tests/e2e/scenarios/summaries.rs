//! Start-page summary lines of the tiles that read one cheap thing each (or nothing): Kontaktlista's class,
//! Veckoplan's week, Planeringar's ongoing plans, Bedömningar's BankID.

use chrono::Datelike;

use crate::Ctx;
use crate::action::{in_demo, select_child};
use crate::find::{self, testid};

fn summary_of(app: &str) -> String {
    format!("{}[data-app='{app}'] {}", testid("box-tile"), testid("tile-summary"))
}

/// Each child's tiles say something of their own, in Swedish.
pub async fn tiles_summarise_class_week_plans_and_bankid(ctx: Ctx) -> Result<(), String> {
    in_demo(&ctx, |s| async move {
        let r = async {
            let week = hub_model::time::stockholm_wall_clock(chrono::Utc::now())
                .date()
                .iso_week()
                .week();
            select_child(&s, "Elsa Björklund").await?;
            find::wait_text(&s, &summary_of("classlist"), "2B").await?;
            find::wait_text(&s, &summary_of("weeklyplan"), &format!("Vecka {week}")).await?;
            select_child(&s, "Nils Björklund").await?;
            find::wait_text(&s, &summary_of("classlist"), "5A").await?;
            find::wait_text(&s, &summary_of("uolv2"), "pågående").await?;
            select_child(&s, "Maja Björklund").await?;
            find::wait_text(&s, &summary_of("assessmentsv2"), "Kräver BankID").await?;
            Ok(())
        }
        .await;
        (s, r)
    })
    .await
}

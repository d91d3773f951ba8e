//! `jixiao budget adjust` and `jixiao budget decide`: adjustments (调整预算) of an approved
//! budget, proposed with a reason and then approved or rejected once.

use anyhow::Context;
use chrono::NaiveDate;
use jixiao_core::preparation::adjustment::AdjustmentDecision;
use jixiao_core::{Adjustment, LineCode, Money, ProjectCode};
use jixiao_store::Store;

use super::table::signed_yuan;
use crate::commands::stamp;

/// What `budget adjust` proposes.
pub struct Proposal<'a> {
    /// The fiscal year of the budget.
    pub year: i32,
    /// The line code.
    pub line: &'a str,
    /// The change in 元 as typed.
    pub amount: &'a str,
    /// Why.
    pub reason: &'a str,
    /// When the change takes effect; today when absent.
    pub date: Option<NaiveDate>,
}

/// Proposes an adjustment of the approved budget of project `code` and prints the request's
/// id, which `budget decide` takes. A refusal of the workflow reads as its English message,
/// which is how the store's error shows it.
pub async fn propose(
    store: &Store,
    code: &ProjectCode,
    proposal: Proposal<'_>,
) -> anyhow::Result<()> {
    let year = proposal.year;
    let line = LineCode::new(proposal.line.trim())
        .with_context(|| format!("\"{}\" is not a line code", proposal.line))?;
    let amount = Money::parse_yuan(proposal.amount).context("--amount must be an amount in 元")?;
    let stamp = stamp();
    let adjustment = Adjustment {
        // The date a person proposing today would write is their own calendar's.
        date: proposal
            .date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        line,
        amount,
        reason: proposal.reason.to_owned(),
    };
    let id = store
        .propose_adjustment(code, year, &adjustment, &stamp)
        .await
        .with_context(|| format!("proposing an adjustment of the {year} budget of {code}"))?;
    println!(
        "proposed adjustment request {id}: line {} {} 元 from {}",
        adjustment.line,
        signed_yuan(amount),
        adjustment.date
    );
    Ok(())
}

/// Approves (`approve`) or rejects with `reason` adjustment request `id` of project `code`.
pub async fn decide(
    store: &Store,
    code: &ProjectCode,
    id: i64,
    approve: bool,
    reason: Option<&str>,
) -> anyhow::Result<()> {
    let decision = if approve {
        AdjustmentDecision::Approve
    } else {
        AdjustmentDecision::Reject {
            reason: reason.unwrap_or_default().to_owned(),
        }
    };
    let request = store
        .decide_adjustment(code, id, decision, &stamp())
        .await
        .with_context(|| format!("deciding adjustment request {id} of project {code}"))?;
    println!(
        "adjustment request {id} ({} line {} {} 元) is {}",
        request.fiscal_year,
        request.adjustment.line,
        signed_yuan(request.adjustment.amount),
        request.workflow.state.code()
    );
    Ok(())
}

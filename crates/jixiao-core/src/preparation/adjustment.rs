//! The approval of an adjustment (调整预算) to an approved budget: proposed with a reason, then
//! approved or rejected once. Which lines change by how much is held by [`crate::Adjustment`]
//! values; this module records the decision on them.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::approval::{BudgetWorkflow, WorkflowAction, WorkflowError};
use crate::project::{UnknownCode, coded_enum};

/// Where an adjustment of an approved budget stands (调整状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentState {
    /// Proposed and waiting for a decision (已提出).
    Proposed,
    /// Approved (已批准); its amounts now count in the adjusted budget.
    Approved,
    /// Rejected (已驳回); it changes nothing.
    Rejected,
}

coded_enum!(AdjustmentState, "adjustment state", {
    Proposed => "proposed", "已提出", "Proposed";
    Approved => "approved", "已批准", "Approved";
    Rejected => "rejected", "已驳回", "Rejected";
});

/// The decision taken on a proposed adjustment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdjustmentDecision {
    /// Approve it.
    Approve,
    /// Reject it, saying why, so that the proposer knows what would be accepted.
    Reject {
        /// Why; must not be blank.
        reason: String,
    },
}

/// The approval of one adjustment to an approved budget. Which lines change by how much is
/// held by [`crate::Adjustment`] values; this records only the decision on them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustmentWorkflow {
    /// The current state.
    pub state: AdjustmentState,
    /// Why the adjustment is proposed.
    pub reason: String,
    /// Who proposed it.
    pub proposed_by: String,
    /// When it was proposed.
    pub proposed_at: DateTime<Utc>,
    /// Who decided, once decided.
    pub decided_by: Option<String>,
    /// When it was decided, once decided.
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected, when rejected.
    pub rejection_reason: Option<String>,
}

impl AdjustmentWorkflow {
    /// Proposes an adjustment of `budget` by `actor` at `at`. Only an approved budget is
    /// adjusted (one still in preparation is simply edited), and a reason is required.
    pub fn propose(
        budget: &BudgetWorkflow,
        reason: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Self, WorkflowError> {
        if !budget.is_locked() {
            return Err(WorkflowError::WrongState {
                from: budget.state,
                action: WorkflowAction::ProposeAdjustment,
            });
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(WorkflowError::MissingReason);
        }
        Ok(AdjustmentWorkflow {
            state: AdjustmentState::Proposed,
            reason: reason.to_owned(),
            proposed_by: actor.to_owned(),
            proposed_at: at,
            decided_by: None,
            decided_at: None,
            rejection_reason: None,
        })
    }

    /// Approves or rejects the proposal; a decision is final, and a rejection needs a reason.
    pub fn decide(
        &mut self,
        decision: AdjustmentDecision,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), WorkflowError> {
        let action = match decision {
            AdjustmentDecision::Approve => WorkflowAction::ApproveAdjustment,
            AdjustmentDecision::Reject { .. } => WorkflowAction::RejectAdjustment,
        };
        if self.state != AdjustmentState::Proposed {
            return Err(WorkflowError::AdjustmentDecided {
                state: self.state,
                action,
            });
        }
        match decision {
            AdjustmentDecision::Approve => self.state = AdjustmentState::Approved,
            AdjustmentDecision::Reject { reason } => {
                let reason = reason.trim();
                if reason.is_empty() {
                    return Err(WorkflowError::MissingReason);
                }
                self.state = AdjustmentState::Rejected;
                self.rejection_reason = Some(reason.to_owned());
            }
        }
        self.decided_by = Some(actor.to_owned());
        self.decided_at = Some(at);
        Ok(())
    }
}

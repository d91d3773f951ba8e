//! The approval of a budget (预算审批) as a small state machine; its adjustments have their own
//! in `adjustment`.
//!
//! A budget moves from draft to submitted to approved, or back to returned with reasons; an
//! organization requires one or two approval levels. Once approved its figures are locked and
//! change only through an adjustment, which is proposed with a reason and then approved or
//! rejected. Every step records who took it and when; the time is passed in by the caller, so
//! the rules stay free of any clock. Persisting the workflow is the store's concern.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::adjustment::AdjustmentState;
use crate::code::LineCode;
use crate::project::{UnknownCode, coded_enum};

/// Where a budget stands in its approval (预算状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetState {
    /// Being prepared (草稿); freely editable.
    Draft,
    /// Waiting for approval (已提交), possibly with its first of two levels given.
    Submitted,
    /// Sent back by a reviewer with reasons (已退回); editable again.
    Returned,
    /// Approved (已批准); its figures are locked.
    Approved,
}

coded_enum!(BudgetState, "budget state", {
    Draft => "draft", "草稿", "Draft";
    Submitted => "submitted", "已提交", "Submitted";
    Returned => "returned", "已退回", "Returned";
    Approved => "approved", "已批准", "Approved";
});

/// How many approvals a budget needs (审批级数), a setting of each organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalLevels {
    /// One approval suffices.
    One,
    /// Two approvals by two different people.
    Two,
}

coded_enum!(ApprovalLevels, "approval levels", {
    One => "one", "一级审批", "One level";
    Two => "two", "二级审批", "Two levels";
});

impl ApprovalLevels {
    /// The number of approvals required.
    pub fn count(self) -> u8 {
        match self {
            ApprovalLevels::One => 1,
            ApprovalLevels::Two => 2,
        }
    }
}

/// Something a person does to a budget or to an adjustment of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowAction {
    /// Submit a budget for approval (提交).
    Submit,
    /// Approve a budget at one level (批准).
    Approve,
    /// Return a budget to its preparer (退回).
    Return,
    /// Propose an adjustment to an approved budget (提出调整).
    ProposeAdjustment,
    /// Approve a proposed adjustment (批准调整).
    ApproveAdjustment,
    /// Reject a proposed adjustment (驳回调整).
    RejectAdjustment,
}

coded_enum!(WorkflowAction, "workflow action", {
    Submit => "submit", "提交", "Submit";
    Approve => "approve", "批准", "Approve";
    Return => "return", "退回", "Return";
    ProposeAdjustment => "propose_adjustment", "提出调整", "Propose an adjustment";
    ApproveAdjustment => "approve_adjustment", "批准调整", "Approve the adjustment";
    RejectAdjustment => "reject_adjustment", "驳回调整", "Reject the adjustment";
});

/// A request to move a budget on; [`BudgetWorkflow::apply`] accepts or refuses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// Submit the budget. `blockers` holds the codes of the problems that still stand in the
    /// way (a line without justification, arithmetic that disagrees with an amount); the
    /// caller gathers them from the justification and target checks, and submission is
    /// refused unless the list is empty. Passing them here rather than a yes/no keeps them in
    /// the refusal, so that the preparer is told what to fix.
    Submit {
        /// Codes of the problems that block submission; empty when nothing blocks it.
        blockers: Vec<String>,
    },
    /// Approve the budget at `level` (1 or 2). Naming the level guards against two reviewers
    /// acting on the same page at once: the second one's approval is refused instead of
    /// silently counting as the next level.
    Approve {
        /// The level approved, one more than the level already reached.
        level: u8,
    },
    /// Return the budget to its preparer.
    Return {
        /// Why; at least one non-blank reason is required.
        reasons: Vec<String>,
        /// The cost lines the reviewer wants reworked; may be empty for the budget as a whole.
        lines: Vec<LineCode>,
    },
}

impl Transition {
    /// The action this transition performs.
    pub fn action(&self) -> WorkflowAction {
        match self {
            Transition::Submit { .. } => WorkflowAction::Submit,
            Transition::Approve { .. } => WorkflowAction::Approve,
            Transition::Return { .. } => WorkflowAction::Return,
        }
    }
}

/// One accepted transition in a budget's history: who did what, when, from which state to
/// which.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionRecord {
    /// What was done.
    pub action: WorkflowAction,
    /// The state before.
    pub from: BudgetState,
    /// The state after.
    pub to: BudgetState,
    /// The level approved, for an approval.
    pub level: Option<u8>,
    /// Who did it (a user name).
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The reasons given, for a return; empty otherwise.
    pub reasons: Vec<String>,
    /// The lines sent back, for a return; empty otherwise.
    pub lines: Vec<LineCode>,
}

/// The approval workflow of one budget.
///
/// The fields are public so that the store can rebuild a workflow it has read; every change
/// should go through [`BudgetWorkflow::apply`], which is where the rules live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetWorkflow {
    /// The current state.
    pub state: BudgetState,
    /// The approvals required, copied from the organization's setting.
    pub levels: ApprovalLevels,
    /// The approvers of the levels reached since the last submission, level 1 first.
    pub approvals_so_far: Vec<String>,
    /// Every accepted transition, oldest first.
    pub history: Vec<TransitionRecord>,
}

impl BudgetWorkflow {
    /// A new budget in draft, needing `levels` approvals.
    pub fn new(levels: ApprovalLevels) -> Self {
        BudgetWorkflow {
            state: BudgetState::Draft,
            levels,
            approvals_so_far: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The approval level reached since the last submission: 0 before the first approval.
    pub fn level_reached(&self) -> u8 {
        u8::try_from(self.approvals_so_far.len()).unwrap_or(u8::MAX)
    }

    /// Whether the figures may be edited: only while the budget is a draft or was returned.
    pub fn check_editable(&self) -> Result<(), WorkflowError> {
        match self.state {
            BudgetState::Draft | BudgetState::Returned => Ok(()),
            state => Err(WorkflowError::NotEditable { state }),
        }
    }

    /// Whether the figures are locked: true once approved, after which they change only
    /// through an approved adjustment.
    pub fn is_locked(&self) -> bool {
        self.state == BudgetState::Approved
    }

    /// Applies `transition` by `actor` at time `at`, recording it; on refusal nothing changes.
    ///
    /// Submission is allowed from draft or returned with no blockers; approval and return only
    /// from submitted. With two levels the first approval keeps the budget submitted and the
    /// second, by someone else, approves it. A return needs a reason and clears the approvals
    /// given so far. An approved budget refuses everything.
    pub fn apply(
        &mut self,
        transition: Transition,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<(), WorkflowError> {
        let action = transition.action();
        let from = self.state;
        let wrong_state = WorkflowError::WrongState { from, action };
        let mut record = TransitionRecord {
            action,
            from,
            to: from,
            level: None,
            actor: actor.to_owned(),
            at,
            reasons: Vec::new(),
            lines: Vec::new(),
        };
        match transition {
            Transition::Submit { blockers } => {
                if !matches!(from, BudgetState::Draft | BudgetState::Returned) {
                    return Err(wrong_state);
                }
                if !blockers.is_empty() {
                    return Err(WorkflowError::NotSubmittable { problems: blockers });
                }
                self.approvals_so_far.clear();
                record.to = BudgetState::Submitted;
            }
            Transition::Approve { level } => {
                if from != BudgetState::Submitted {
                    return Err(wrong_state);
                }
                let expected = self.level_reached().saturating_add(1);
                if level != expected {
                    return Err(WorkflowError::WrongLevel {
                        expected,
                        given: level,
                    });
                }
                if self
                    .approvals_so_far
                    .iter()
                    .any(|approver| approver == actor)
                {
                    return Err(WorkflowError::SameApprover {
                        actor: actor.to_owned(),
                    });
                }
                self.approvals_so_far.push(actor.to_owned());
                record.level = Some(level);
                record.to = if level >= self.levels.count() {
                    BudgetState::Approved
                } else {
                    BudgetState::Submitted
                };
            }
            Transition::Return { reasons, lines } => {
                if from != BudgetState::Submitted {
                    return Err(wrong_state);
                }
                let reasons = non_blank(reasons);
                if reasons.is_empty() {
                    return Err(WorkflowError::MissingReason);
                }
                self.approvals_so_far.clear();
                record.to = BudgetState::Returned;
                record.reasons = reasons;
                record.lines = lines;
            }
        }
        self.state = record.to;
        self.history.push(record);
        Ok(())
    }
}

/// Why a workflow step was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkflowError {
    /// The action is not allowed in the budget's current state.
    WrongState {
        /// The budget's state.
        from: BudgetState,
        /// The action refused.
        action: WorkflowAction,
    },
    /// The adjustment has already been decided.
    AdjustmentDecided {
        /// Its state.
        state: AdjustmentState,
        /// The action refused.
        action: WorkflowAction,
    },
    /// A return, an adjustment or a rejection was given without a reason.
    MissingReason,
    /// The person who approved an earlier level tried to approve the next one.
    SameApprover {
        /// Who.
        actor: String,
    },
    /// An approval named a level other than the next one.
    WrongLevel {
        /// The level that comes next.
        expected: u8,
        /// The level named.
        given: u8,
    },
    /// The budget's figures cannot be edited in its state: it is submitted (under review) or
    /// approved (locked; it changes only through an adjustment).
    NotEditable {
        /// The budget's state.
        state: BudgetState,
    },
    /// Submission was refused because problems remain.
    NotSubmittable {
        /// The codes of the problems, as the caller gave them.
        problems: Vec<String>,
    },
}

impl WorkflowError {
    /// A stable snake_case code for logs, JSON and tests.
    pub fn code(&self) -> &'static str {
        match self {
            WorkflowError::WrongState { .. } => "wrong_state",
            WorkflowError::AdjustmentDecided { .. } => "adjustment_decided",
            WorkflowError::MissingReason => "missing_reason",
            WorkflowError::SameApprover { .. } => "same_approver",
            WorkflowError::WrongLevel { .. } => "wrong_level",
            WorkflowError::NotEditable { .. } => "not_editable",
            WorkflowError::NotSubmittable { .. } => "not_submittable",
        }
    }

    /// The message for a person, in Chinese when `zh` is true and in English otherwise.
    pub fn message(&self, zh: bool) -> String {
        match self {
            WorkflowError::WrongState { from, action } => {
                let locked = *from == BudgetState::Approved;
                match (zh, locked) {
                    (true, true) => format!(
                        "预算已批准并锁定，不能{}；如需变更，请提出预算调整。",
                        action.name_zh()
                    ),
                    (true, false) => format!(
                        "预算当前为“{}”状态，不能{}。",
                        from.name_zh(),
                        action.name_zh()
                    ),
                    (false, true) => format!(
                        "The budget is approved and locked, so \"{}\" is not allowed; propose \
                         an adjustment to change it.",
                        action.name_en()
                    ),
                    (false, false) => format!(
                        "\"{}\" is not allowed while the budget is \"{}\".",
                        action.name_en(),
                        from.name_en()
                    ),
                }
            }
            WorkflowError::AdjustmentDecided { state, action } if zh => {
                format!(
                    "该预算调整{}，不能再{}。",
                    state.name_zh(),
                    action.name_zh()
                )
            }
            WorkflowError::AdjustmentDecided { state, action } => format!(
                "The adjustment is already {}, so \"{}\" is not allowed.",
                state.name_en().to_lowercase(),
                action.name_en()
            ),
            WorkflowError::MissingReason if zh => "请至少填写一条理由。".to_owned(),
            WorkflowError::MissingReason => "Give at least one reason.".to_owned(),
            WorkflowError::SameApprover { actor } if zh => {
                format!("{actor} 已审批上一级，本级须由其他人审批。")
            }
            WorkflowError::SameApprover { actor } => {
                format!("{actor} approved the previous level; someone else must approve this one.")
            }
            WorkflowError::WrongLevel { expected, given } if zh => {
                format!("当前应进行第 {expected} 级审批，而不是第 {given} 级。")
            }
            WorkflowError::WrongLevel { expected, given } => {
                format!("Approval level {expected} comes next, not level {given}.")
            }
            WorkflowError::NotEditable { state } if zh => format!(
                "预算当前为“{}”状态，不能修改；已批准的预算只能通过批准的预算调整变更。",
                state.name_zh()
            ),
            WorkflowError::NotSubmittable { problems } if zh => format!(
                "预算还有 {} 个问题未解决，不能提交：{}。",
                problems.len(),
                problems.join("、")
            ),
            WorkflowError::NotEditable { state } => format!(
                "A budget that is {} cannot be edited; an approved budget changes only through an \
                 approved adjustment.",
                state.name_en().to_lowercase()
            ),
            WorkflowError::NotSubmittable { problems } => format!(
                "The budget cannot be submitted while {} problem(s) remain: {}.",
                problems.len(),
                problems.join(", ")
            ),
        }
    }
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(false))
    }
}

impl std::error::Error for WorkflowError {}

/// The reasons with surrounding space removed and blank ones dropped, since a blank reason
/// tells the preparer nothing.
fn non_blank(reasons: Vec<String>) -> Vec<String> {
    reasons
        .into_iter()
        .map(|reason| reason.trim().to_owned())
        .filter(|reason| !reason.is_empty())
        .collect()
}

#[cfg(test)]
mod tests;

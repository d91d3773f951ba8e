//! Budget preparation in the demo province: the cost stages of most projects, and the budgets
//! of the year after the demo's last one as they stand in the department's autumn round of
//! preparation, a few drafts, some submitted, one returned, some approved and adjusted.
//!
//! Everything here is a plan for the loader to replay through the store, step by step, with
//! the actor and time each step names; the times are fixed in the autumn before the year, so
//! that the same seed gives the same history.

use chrono::{DateTime, Days, NaiveDate, Utc};
use jixiao_core::preparation::adjustment::AdjustmentDecision;
use jixiao_core::preparation::approval::Transition;
use jixiao_core::preparation::justification::{Justification, LineReview};
use jixiao_core::preparation::stage::StageBreakdown;
use jixiao_core::{Adjustment, Budget, FiscalYear, LineCode, Money, ProjectCode};

use crate::accounts::ENGINEER_ORGANIZATION;
use crate::amounts::{WAN, round_to, scale};
use crate::calendar::LAST_YEAR;
use crate::drafts::Draft;

/// The fiscal year being prepared: the one after the demo's last budget year.
pub const PREPARED_YEAR: FiscalYear = LAST_YEAR + 1;

/// The budget preparation of the demo province.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preparation {
    /// The cost stages of each project that has entered them, in project code order.
    pub stages: Vec<(ProjectCode, Vec<StageBreakdown>)>,
    /// The budgets of [`PREPARED_YEAR`] being prepared, with their history.
    pub budgets: Vec<BudgetPreparation>,
}

/// One project's budget for [`PREPARED_YEAR`] and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetPreparation {
    /// The project.
    pub project: ProjectCode,
    /// The draft as first entered, without adjustments.
    pub budget: Budget,
    /// Who entered the draft and when.
    pub prepared: Act,
    /// The justifications entered, in line order; a draft still being written lacks some.
    pub justifications: Vec<(LineCode, Justification)>,
    /// What happened to the budget afterwards, in order.
    pub steps: Vec<Step>,
}

/// Who did something and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Act {
    /// The demo user name of whoever acted.
    pub actor: &'static str,
    /// When.
    pub at: DateTime<Utc>,
}

/// One step in a budget's preparation after its draft was entered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A move in the approval workflow.
    Transition(Act, Transition),
    /// A reviewer's comment on a line.
    Review(Act, LineReview),
    /// An adjustment of the approved budget is proposed.
    Propose(Act, Adjustment),
    /// The adjustment proposed in the step before is decided.
    Decide(Act, AdjustmentDecision),
}

/// What becomes of a budget, in the order the stories are handed out: the ones worth showing
/// come first, so that even a small province tells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    /// Submitted, then returned with a line to rework.
    Returned,
    /// Approved, then adjusted with an approved adjustment.
    AdjustmentApproved,
    /// Approved, then an adjustment is proposed and waits for a decision.
    AdjustmentPending,
    /// Submitted and waiting.
    Submitted,
    /// Approved.
    Approved,
    /// A draft whose last justification is still to be written.
    UnfinishedDraft,
    /// A draft with every line justified, not yet submitted.
    Draft,
}

const STORIES: [Story; 7] = [
    Story::Returned,
    Story::AdjustmentApproved,
    Story::AdjustmentPending,
    Story::Submitted,
    Story::Approved,
    Story::UnfinishedDraft,
    Story::Draft,
];

/// A project that will need a budget in [`PREPARED_YEAR`], with its draft.
pub(crate) struct Candidate {
    /// The project.
    pub project: ProjectCode,
    /// The organization that owns it.
    pub owner: String,
    /// Its draft budget with the justifications of its lines.
    pub draft: Draft,
}

/// At most seven of the `candidates`, those of the engineer's bureau first (so that the demo
/// engineer can act on them) and otherwise in the order given, become budgets in preparation,
/// each with its story.
pub(crate) fn budgets(candidates: Vec<Candidate>) -> Vec<BudgetPreparation> {
    let (mut chosen, others): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .partition(|candidate| candidate.owner == ENGINEER_ORGANIZATION);
    chosen.extend(others);
    chosen.truncate(STORIES.len());
    let mut budgets: Vec<BudgetPreparation> = chosen
        .into_iter()
        .zip(STORIES)
        .enumerate()
        .map(|(number, (candidate, story))| {
            let Draft {
                budget,
                justifications,
            } = candidate.draft;
            tell(number, candidate.project, budget, justifications, story)
        })
        .collect();
    budgets.sort_by(|a, b| a.project.cmp(&b.project));
    budgets
}

/// The preparation of budget number `number` following `story`, dated from October to
/// December of the year before, a day apart from the next budget's.
fn tell(
    number: usize,
    project: ProjectCode,
    budget: Budget,
    mut justifications: Vec<(LineCode, Justification)>,
    story: Story,
) -> BudgetPreparation {
    let offset = u64::try_from(number).unwrap_or_default();
    let day = |month: u32, day: u32, hour: u32| -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(LAST_YEAR, month, day)
            .and_then(|date| date.checked_add_days(Days::new(offset)))
            .and_then(|date| date.and_hms_opt(hour, 30, 0))
            .expect("a time in the autumn of the last year")
            .and_utc()
    };
    let act = |actor, at| Act { actor, at };
    let prepared = act("engineer", day(10, 9, 9));
    let submit = Step::Transition(
        act("engineer", day(10, 20, 16)),
        Transition::Submit {
            blockers: Vec::new(),
        },
    );
    let approve = Step::Transition(
        act("finance", day(11, 5, 10)),
        Transition::Approve { level: 1 },
    );
    let main = &budget.lines[0];
    let mut steps = Vec::new();
    match story {
        Story::Draft => {}
        Story::UnfinishedDraft => {
            if justifications.len() > 1 {
                justifications.pop();
            }
        }
        Story::Submitted => steps.push(submit),
        Story::Approved => steps.extend([submit, approve]),
        Story::Returned => {
            let reviewed = act("finance", day(10, 28, 15));
            // Reviewers look hardest at prices bought in the market: equipment, then services.
            let line = ["equipment", "supervision"]
                .iter()
                .find_map(|category| {
                    budget
                        .lines
                        .iter()
                        .find(|line| line.category.as_str() == *category)
                })
                .unwrap_or(main)
                .code
                .clone();
            let comment = "测算单价高于同类项目历史水平，请补充询价资料或定额依据后重新报送。";
            steps.extend([
                submit,
                Step::Review(
                    reviewed.clone(),
                    LineReview {
                        line: line.clone(),
                        reviewer: "finance".to_owned(),
                        comment: comment.to_owned(),
                        returned: true,
                    },
                ),
                Step::Transition(
                    reviewed,
                    Transition::Return {
                        reasons: vec![comment.to_owned()],
                        lines: vec![line],
                    },
                ),
            ]);
        }
        Story::AdjustmentApproved | Story::AdjustmentPending => {
            // Late in the year the owner learns that the main works need more, and asks for
            // it before the year begins.
            let proposed = act("engineer", day(12, 10, 11));
            let amount = round_to(scale(main.amount, 0.08, 1), WAN).max(Money::from_fen(WAN));
            let adjustment = Adjustment {
                date: proposed.at.date_naive(),
                line: main.code.clone(),
                amount,
                reason: "设计变更导致主体工程量增加，申请调增年度预算".to_owned(),
            };
            steps.extend([submit, approve, Step::Propose(proposed, adjustment)]);
            if story == Story::AdjustmentApproved {
                steps.push(Step::Decide(
                    act("finance", day(12, 18, 10)),
                    AdjustmentDecision::Approve,
                ));
            }
        }
    }
    BudgetPreparation {
        project,
        budget,
        prepared,
        justifications,
        steps,
    }
}

#[cfg(test)]
mod tests;

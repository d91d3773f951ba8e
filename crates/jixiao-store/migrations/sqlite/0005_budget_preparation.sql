-- Budget preparation (预算编制): cost stages, zero-based justification of cost lines with
-- reviewers' comments, the approval workflow of yearly budgets and of adjustments, performance
-- targets, and the target library.
--
-- Kept identical to the PostgreSQL migration; conventions as in the first migration (money in fen,
-- dates and times as text, decimals as text, every constraint named).

-- Cost stages (造价阶段): each stage is a version of the project's cost breakdown, line by line,
-- from the feasibility estimate (投资估算) to the final accounts (竣工决算). `position` keeps the
-- order the lines were given in.
CREATE TABLE stage_line (
    project_id INTEGER NOT NULL,
    stage TEXT NOT NULL,
    position INTEGER NOT NULL,
    line_code TEXT NOT NULL,
    name TEXT NOT NULL,
    category_code TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    CONSTRAINT stage_line_pkey PRIMARY KEY (project_id, stage, position),
    CONSTRAINT stage_line_code_key UNIQUE (project_id, stage, line_code),
    CONSTRAINT stage_line_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT stage_line_category_fkey FOREIGN KEY (category_code)
        REFERENCES cost_category (code),
    CONSTRAINT stage_line_stage_check CHECK (stage IN ('estimate', 'budgetary_estimate',
        'construction_budget', 'contract', 'settlement', 'final_accounts'))
);

-- The zero-based justification (零基预算论证) of a cost line: why it is needed, how its amount
-- is calculated (quantity × unit price, or a quota reference with its price), what else was
-- considered, what it will achieve, and last year's outcome of a comparable line.
CREATE TABLE line_justification (
    cost_line_id INTEGER NOT NULL,
    necessity TEXT NOT NULL,
    basis TEXT NOT NULL,
    quantity TEXT NOT NULL,
    unit TEXT NOT NULL,
    price_fen INTEGER NOT NULL,
    quota_reference TEXT,
    alternatives TEXT NOT NULL,
    expected_effect TEXT NOT NULL,
    last_year_line TEXT,
    last_year_budget_fen INTEGER,
    last_year_spent_fen INTEGER,
    last_year_note TEXT,
    CONSTRAINT line_justification_pkey PRIMARY KEY (cost_line_id),
    CONSTRAINT line_justification_line_fkey FOREIGN KEY (cost_line_id)
        REFERENCES cost_line (id) ON DELETE CASCADE,
    CONSTRAINT line_justification_basis_check CHECK (basis IN ('quantity_price', 'quota')),
    CONSTRAINT line_justification_quota_check CHECK (
        (basis = 'quota') = (quota_reference IS NOT NULL))
);

-- Reviewers' comments on a cost line, in the order made; `returned` marks a comment that sends
-- the line back to its author.
CREATE TABLE line_review (
    cost_line_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    reviewer TEXT NOT NULL,
    comment TEXT NOT NULL,
    returned INTEGER NOT NULL,
    reviewed_at TEXT NOT NULL,
    CONSTRAINT line_review_pkey PRIMARY KEY (cost_line_id, position),
    CONSTRAINT line_review_line_fkey FOREIGN KEY (cost_line_id)
        REFERENCES cost_line (id) ON DELETE CASCADE,
    CONSTRAINT line_review_returned_check CHECK (returned IN (0, 1))
);

-- Where a yearly budget stands in its approval: draft, submitted, returned or approved, how many
-- approval levels it needs (copied from its organization when the workflow starts) and how many
-- it has passed since it was last submitted. A budget without a row was imported as approved.
CREATE TABLE budget_workflow (
    budget_id INTEGER NOT NULL,
    state TEXT NOT NULL,
    levels INTEGER NOT NULL,
    approvals INTEGER NOT NULL,
    CONSTRAINT budget_workflow_pkey PRIMARY KEY (budget_id),
    CONSTRAINT budget_workflow_budget_fkey FOREIGN KEY (budget_id)
        REFERENCES budget (id) ON DELETE CASCADE,
    CONSTRAINT budget_workflow_state_check CHECK (state IN ('draft', 'submitted', 'returned',
        'approved')),
    CONSTRAINT budget_workflow_levels_check CHECK (levels IN (1, 2)),
    CONSTRAINT budget_workflow_approvals_check CHECK (approvals BETWEEN 0 AND 2)
);

-- Every transition of a budget's workflow: what was done, from which state to which, at which
-- approval level, by whom and when, with the reasons (one per line of text) and the cost lines
-- sent back (comma-separated codes) of a return.
CREATE TABLE budget_transition (
    budget_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    approval_level INTEGER,
    actor TEXT NOT NULL,
    made_at TEXT NOT NULL,
    reasons TEXT NOT NULL,
    returned_lines TEXT NOT NULL,
    CONSTRAINT budget_transition_pkey PRIMARY KEY (budget_id, position),
    CONSTRAINT budget_transition_budget_fkey FOREIGN KEY (budget_id)
        REFERENCES budget (id) ON DELETE CASCADE
);

-- A proposed budget adjustment (调整预算) waiting for its own approval; once approved it becomes
-- an `adjustment` row, which is what execution rates read.
CREATE TABLE adjustment_request (
    id INTEGER PRIMARY KEY,
    cost_line_id INTEGER NOT NULL,
    date TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    reason TEXT NOT NULL,
    state TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT,
    rejection_reason TEXT,
    CONSTRAINT adjustment_request_line_fkey FOREIGN KEY (cost_line_id)
        REFERENCES cost_line (id) ON DELETE CASCADE,
    CONSTRAINT adjustment_request_state_check CHECK (state IN ('proposed', 'approved',
        'rejected'))
);

-- How many approval levels a budget of the organization needs: one or two.
ALTER TABLE organization ADD COLUMN approval_levels INTEGER NOT NULL DEFAULT 1;

-- Performance targets (绩效目标) of a project: the overall goal, the share of the score held by
-- budget execution, and a goal per year. The indicators gain where their targets come from.
CREATE TABLE target_set (
    project_id INTEGER NOT NULL,
    overall_goal TEXT NOT NULL,
    execution_weight TEXT NOT NULL,
    CONSTRAINT target_set_pkey PRIMARY KEY (project_id),
    CONSTRAINT target_set_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE
);
CREATE TABLE annual_goal (
    project_id INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL,
    goal TEXT NOT NULL,
    CONSTRAINT annual_goal_pkey PRIMARY KEY (project_id, fiscal_year),
    CONSTRAINT annual_goal_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE
);
ALTER TABLE indicator ADD COLUMN standard TEXT NOT NULL DEFAULT 'plan';
ALTER TABLE indicator ADD COLUMN data_source TEXT NOT NULL DEFAULT '';
ALTER TABLE indicator ADD COLUMN frequency TEXT NOT NULL DEFAULT 'yearly';

-- The target library (绩效目标库): indicator templates per project type, in display order.
CREATE TABLE indicator_template (
    id INTEGER PRIMARY KEY,
    project_type TEXT NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    level1 TEXT NOT NULL,
    level2 TEXT NOT NULL,
    name TEXT NOT NULL,
    direction TEXT NOT NULL,
    unit TEXT NOT NULL,
    default_weight TEXT NOT NULL,
    default_target TEXT,
    target_text TEXT,
    data_source TEXT NOT NULL,
    standard TEXT NOT NULL,
    frequency TEXT NOT NULL,
    core INTEGER NOT NULL,
    CONSTRAINT indicator_template_code_key UNIQUE (project_type, code),
    CONSTRAINT indicator_template_core_check CHECK (core IN (0, 1))
);

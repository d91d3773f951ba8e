-- The first schema of Jixiao on SQLite: organizations, the cost breakdown, projects with their
-- budgets, monthly plans, adjustments, spending, progress, indicators and readings.
--
-- Conventions kept identical to the PostgreSQL migration so that one SQL text serves both:
-- money is whole fen in INTEGER columns (64-bit in SQLite); dates are TEXT 'YYYY-MM-DD' and
-- months TEXT 'YYYY-MM', which sort and compare correctly as text; decimals (targets, weights,
-- readings, percentages) are TEXT so that they come back exactly as they went in; every
-- constraint has a name, because the store reports conflicts by constraint name.

-- Organizations (单位) own or supervise projects. The parent is referenced by code and checked
-- at commit, so that a tree can be inserted in any order within one transaction.
CREATE TABLE organization (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_code TEXT,
    CONSTRAINT organization_code_key UNIQUE (code),
    CONSTRAINT organization_parent_fkey FOREIGN KEY (parent_code)
        REFERENCES organization (code) DEFERRABLE INITIALLY DEFERRED
);

-- The cost breakdown (建设项目总投资构成) is data so that a deployment can extend it; the
-- standard tree is inserted by the store right after migrating.
CREATE TABLE cost_category (
    code TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    parent_code TEXT,
    sort_order INTEGER NOT NULL,
    CONSTRAINT cost_category_pkey PRIMARY KEY (code),
    CONSTRAINT cost_category_parent_fkey FOREIGN KEY (parent_code)
        REFERENCES cost_category (code) DEFERRABLE INITIALLY DEFERRED
);

-- A project is the unit everything else hangs from; its code is what people type and see, the
-- id is what the other tables point at.
CREATE TABLE project (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    project_type TEXT NOT NULL,
    organization_id INTEGER NOT NULL,
    region TEXT NOT NULL,
    planned_start TEXT NOT NULL,
    planned_finish TEXT NOT NULL,
    actual_start TEXT,
    actual_finish TEXT,
    status TEXT NOT NULL,
    CONSTRAINT project_code_key UNIQUE (code),
    CONSTRAINT project_organization_fkey FOREIGN KEY (organization_id)
        REFERENCES organization (id),
    CONSTRAINT project_type_check CHECK (project_type IN ('highway', 'bridge', 'tunnel',
        'municipal_pipe_network', 'building', 'water_works', 'other')),
    CONSTRAINT project_status_check CHECK (status IN ('planned', 'in_progress', 'completed',
        'suspended'))
);
CREATE INDEX project_organization_idx ON project (organization_id);
CREATE INDEX project_region_idx ON project (region);

-- One budget per project and fiscal year; the unique key is also the index that finds a
-- project's budgets.
CREATE TABLE budget (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL,
    CONSTRAINT budget_project_year_key UNIQUE (project_id, fiscal_year),
    CONSTRAINT budget_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE
);
CREATE INDEX budget_fiscal_year_idx ON budget (fiscal_year);

-- Cost lines (预算明细) of a budget. `position` keeps the order the lines were given in, which
-- is the order people read a budget table in.
CREATE TABLE cost_line (
    id INTEGER PRIMARY KEY,
    budget_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    category_code TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    profile TEXT NOT NULL,
    CONSTRAINT cost_line_budget_code_key UNIQUE (budget_id, code),
    CONSTRAINT cost_line_budget_position_key UNIQUE (budget_id, position),
    CONSTRAINT cost_line_budget_fkey FOREIGN KEY (budget_id)
        REFERENCES budget (id) ON DELETE CASCADE,
    CONSTRAINT cost_line_category_fkey FOREIGN KEY (category_code)
        REFERENCES cost_category (code),
    CONSTRAINT cost_line_amount_check CHECK (amount_fen >= 0),
    CONSTRAINT cost_line_profile_check CHECK (profile IN ('linear', 's_curve', 'front_loaded',
        'back_loaded', 'manual'))
);
CREATE INDEX cost_line_category_idx ON cost_line (category_code);

-- Planned spending of a line per month (the planned value of earned-value analysis). The month
-- index serves the portfolio's monthly curve.
CREATE TABLE line_plan (
    cost_line_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    CONSTRAINT line_plan_pkey PRIMARY KEY (cost_line_id, month),
    CONSTRAINT line_plan_cost_line_fkey FOREIGN KEY (cost_line_id)
        REFERENCES cost_line (id) ON DELETE CASCADE
);
CREATE INDEX line_plan_month_idx ON line_plan (month);

-- Budget adjustments (预算调整) change a line's amount during the year; `position` is the order
-- within the budget.
CREATE TABLE adjustment (
    id INTEGER PRIMARY KEY,
    cost_line_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    reason TEXT NOT NULL,
    CONSTRAINT adjustment_cost_line_fkey FOREIGN KEY (cost_line_id)
        REFERENCES cost_line (id) ON DELETE CASCADE
);
CREATE INDEX adjustment_cost_line_idx ON adjustment (cost_line_id);

-- Payments (支出). The project is repeated beside the line so that a project's payments can be
-- listed by date and summed without a join; `position` is the order within the project.
CREATE TABLE expenditure (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    cost_line_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    description TEXT NOT NULL,
    explanation TEXT,
    CONSTRAINT expenditure_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT expenditure_cost_line_fkey FOREIGN KEY (cost_line_id)
        REFERENCES cost_line (id) ON DELETE CASCADE
);
CREATE INDEX expenditure_project_date_idx ON expenditure (project_id, date);
-- Covers the sum of a line's payments, the heart of every execution figure.
CREATE INDEX expenditure_cost_line_idx ON expenditure (cost_line_id, amount_fen);

-- Physical progress (形象进度) of a line. It points at the line of the budget of its date's
-- year when there is one, else at the nearest budget with a line of that code.
CREATE TABLE progress (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    cost_line_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    percent_complete TEXT NOT NULL,
    CONSTRAINT progress_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT progress_cost_line_fkey FOREIGN KEY (cost_line_id)
        REFERENCES cost_line (id) ON DELETE CASCADE
);
CREATE INDEX progress_project_idx ON progress (project_id);
CREATE INDEX progress_cost_line_idx ON progress (cost_line_id);

-- Performance indicators (绩效指标) of a project, in the order they were given. The level codes
-- are checked when read rather than here, because the indicator tree is expected to grow.
CREATE TABLE indicator (
    id INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    level1 TEXT NOT NULL,
    level2 TEXT NOT NULL,
    name TEXT NOT NULL,
    direction TEXT NOT NULL,
    target TEXT,
    target_text TEXT,
    unit TEXT NOT NULL,
    weight TEXT NOT NULL,
    core INTEGER NOT NULL,
    CONSTRAINT indicator_project_code_key UNIQUE (project_id, code),
    CONSTRAINT indicator_project_fkey FOREIGN KEY (project_id)
        REFERENCES project (id) ON DELETE CASCADE,
    CONSTRAINT indicator_direction_check CHECK (direction IN ('>=', '>', '<=', '<', '=',
        'qualitative')),
    CONSTRAINT indicator_core_check CHECK (core IN (0, 1))
);

-- Readings of an indicator: a measured value, or an evaluator's grade and score, never both.
CREATE TABLE reading (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    date TEXT NOT NULL,
    value TEXT,
    grade TEXT,
    score TEXT,
    CONSTRAINT reading_indicator_fkey FOREIGN KEY (indicator_id)
        REFERENCES indicator (id) ON DELETE CASCADE,
    CONSTRAINT reading_value_or_grade_check CHECK (
        (value IS NOT NULL AND grade IS NULL AND score IS NULL)
        OR (value IS NULL AND grade IS NOT NULL AND score IS NOT NULL)),
    CONSTRAINT reading_grade_check CHECK (grade IN ('achieved', 'partly_achieved',
        'not_achieved'))
);
CREATE INDEX reading_indicator_idx ON reading (indicator_id);

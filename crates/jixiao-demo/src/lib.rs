//! A deterministic generator of a provincial transport department (省交通运输厅) with its
//! bureaus, project owners and a programme of highway, bridge, tunnel, pipe-network, building and
//! water projects, for demonstrations and tests.
//!
//! The generator is pure: the same [`DemoConfig`] gives the same [`Demo`] on every machine, and
//! nothing is read or written. The data tell the story of DOMAIN.md §9: execution rates rising
//! from about 68 % in 2022 to about 92 % in 2025, nine in ten finished projects over their
//! original budget (bridges and tunnels by about a third, roads by about a fifth), with overruns
//! and delays driven by type, size, design changes and the city's management, so that the
//! platform's monitoring, evaluation and risk model have something real to find. Everything is
//! seen from [`AS_OF`], the last day of 2025.

mod accounts;
mod amounts;
mod benefits;
mod budgets;
mod calendar;
mod catalog;
mod indicators;
mod lines;
mod names;
mod payments;
mod progress;
mod random;
mod readings;
mod regions;
mod sketch;

use std::collections::BTreeMap;

use chrono::Datelike;
use jixiao_core::{Execution, FiscalYear, Organization, ProjectCode, ProjectDossier};
use rand::Rng;

pub use accounts::{DEMO_PASSWORD, DemoResponsibilities, DemoUser, responsibilities, users};
pub use calendar::{AS_OF, FIRST_YEAR, LAST_YEAR};

use sketch::Sketch;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoConfig {
    /// Seed of the random stream; the same seed gives the same province.
    pub seed: u64,
    /// How many projects to generate.
    pub projects: usize,
}

impl Default for DemoConfig {
    /// The province shown by `jixiao demo`: 180 projects from a fixed seed.
    fn default() -> Self {
        DemoConfig {
            seed: 20_251_231,
            projects: 180,
        }
    }
}

/// A generated province: its organizations and one dossier per project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    /// The department, its bureaus and the project owners, parents before children.
    pub organizations: Vec<Organization>,
    /// The projects with their budgets, spending, progress, indicators and readings, in code
    /// order.
    pub dossiers: Vec<ProjectDossier>,
}

impl Demo {
    /// Spending dated in each fiscal year against the adjusted budgets of that year, over all
    /// projects, in year order.
    pub fn execution_by_year(&self) -> Vec<(FiscalYear, Execution)> {
        let mut years: BTreeMap<FiscalYear, Execution> = BTreeMap::new();
        for dossier in &self.dossiers {
            for budget in &dossier.budgets {
                years.entry(budget.fiscal_year).or_default().budget += budget.adjusted_total();
            }
            for expenditure in &dossier.expenditures {
                years.entry(expenditure.date.year()).or_default().executed += expenditure.amount;
            }
        }
        years.into_iter().collect()
    }
}

/// Generates the province described by `config`.
pub fn generate(config: &DemoConfig) -> Demo {
    let mut rng = random::stream(config.seed);
    // Each project draws from its own stream, seeded from the main one, so that one project's
    // draws never shift another's.
    let mut drafts: Vec<(Sketch, random::Stream)> = (0..config.projects)
        .map(|number| {
            let mut project_rng = random::stream(rng.random());
            (sketch::draw(number, &mut project_rng), project_rng)
        })
        .collect();
    make_names_unique(&mut drafts);
    let codes = project_codes(&drafts);
    let mut dossiers: Vec<ProjectDossier> = drafts
        .into_iter()
        .zip(codes)
        .map(|((sketch, mut project_rng), code)| build(&sketch, code, &mut project_rng))
        .collect();
    dossiers.sort_by(|a, b| a.project.code.cmp(&b.project.code));
    Demo {
        organizations: regions::organizations(),
        dossiers,
    }
}

/// Everything recorded about one project.
fn build(sketch: &Sketch, code: ProjectCode, rng: &mut random::Stream) -> ProjectDossier {
    let lines = lines::lines(sketch, rng);
    let changes = lines::changes(sketch, &lines, rng);
    let budgets = budgets::budgets(sketch, &lines, &changes, rng);
    let expenditures = payments::expenditures(sketch, &lines, &budgets, rng);
    let progress = progress::progress(sketch, &lines, &budgets, rng);
    let targets = indicators::targets(sketch, rng);
    let readings = readings::readings(sketch, &targets, &lines[0], rng);
    ProjectDossier {
        project: sketch.project(code),
        budgets,
        expenditures,
        progress,
        indicators: targets.into_iter().map(|target| target.indicator).collect(),
        readings,
    }
}

/// Marks later projects with a name already used as later phases (二期, 三期 …).
fn make_names_unique(drafts: &mut [(Sketch, random::Stream)]) {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (sketch, _) in drafts.iter_mut() {
        let repeats = seen.entry(sketch.name.clone()).or_insert(0);
        if *repeats > 0 {
            sketch.name.push_str(&names::phase_suffix(*repeats));
        }
        *repeats += 1;
    }
}

/// Codes such as `JT-2023-HW-017`: the year of the planned start, the type, and a number
/// counting that year's projects of that type in order of their planned start.
fn project_codes(drafts: &[(Sketch, random::Stream)]) -> Vec<ProjectCode> {
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|i| {
        let sketch = &drafts[*i].0;
        (sketch.planned_start, *i)
    });
    let mut counters: BTreeMap<(i32, &str), u32> = BTreeMap::new();
    let mut codes = vec![None; drafts.len()];
    for i in order {
        let sketch = &drafts[i].0;
        let year = sketch.planned_start.year();
        let abbreviation = sketch.profile.abbreviation;
        let number = counters.entry((year, abbreviation)).or_insert(0);
        *number += 1;
        let code = format!("JT-{year}-{abbreviation}-{number:03}");
        codes[i] = Some(ProjectCode::new(code).expect("generated project codes are valid"));
    }
    codes
        .into_iter()
        .map(|code| code.expect("every project gets a code"))
        .collect()
}

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
mod drafts;
mod goals;
mod indicators;
mod lines;
mod names;
mod payments;
mod preparation;
mod progress;
mod random;
mod readings;
mod regions;
mod sketch;
mod stages;

use std::collections::BTreeMap;

use chrono::Datelike;
use jixiao_core::{Execution, FiscalYear, Organization, ProjectCode, ProjectDossier};
use rand::Rng;

pub use accounts::{DEMO_PASSWORD, DemoResponsibilities, DemoUser, responsibilities, users};
pub use calendar::{AS_OF, FIRST_YEAR, LAST_YEAR};
pub use goals::target_sets;
pub use preparation::{Act, BudgetPreparation, PREPARED_YEAR, Preparation, Step};

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

/// A generated province: its organizations, one dossier per project, and the preparation of
/// next year's budgets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    /// The department, its bureaus and the project owners, parents before children.
    pub organizations: Vec<Organization>,
    /// The projects with their budgets, spending, progress, indicators and readings, in code
    /// order.
    pub dossiers: Vec<ProjectDossier>,
    /// Cost stages and the budgets of [`PREPARED_YEAR`] being prepared.
    pub preparation: Preparation,
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

/// How many projects have a 概算 beyond the limit over their 估算, so that the rule shows.
const OVER_LIMIT: usize = 2;

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
    let over_limit = over_limit_projects(&drafts, &mut rng);
    let mut built: Vec<Built> = drafts
        .into_iter()
        .zip(codes)
        .enumerate()
        .map(|(number, ((sketch, mut project_rng), code))| {
            build(
                &sketch,
                code,
                over_limit.contains(&number),
                &mut project_rng,
            )
        })
        .collect();
    built.sort_by(|a, b| a.dossier.project.code.cmp(&b.dossier.project.code));
    let mut dossiers = Vec::with_capacity(built.len());
    let mut stages = Vec::new();
    let mut candidates = Vec::new();
    for Built {
        dossier,
        stages: project_stages,
        draft,
    } in built
    {
        let code = dossier.project.code.clone();
        if !project_stages.is_empty() {
            stages.push((code.clone(), project_stages));
        }
        if let Some(draft) = draft {
            candidates.push(preparation::Candidate {
                project: code,
                owner: dossier.project.organization.to_string(),
                draft,
            });
        }
        dossiers.push(dossier);
    }
    Demo {
        organizations: regions::organizations(),
        dossiers,
        preparation: Preparation {
            stages,
            budgets: preparation::budgets(candidates),
        },
    }
}

/// Everything generated for one project.
struct Built {
    dossier: ProjectDossier,
    stages: Vec<jixiao_core::preparation::stage::StageBreakdown>,
    draft: Option<drafts::Draft>,
}

/// Everything recorded about one project.
fn build(sketch: &Sketch, code: ProjectCode, over_limit: bool, rng: &mut random::Stream) -> Built {
    let lines = lines::lines(sketch, rng);
    let changes = lines::changes(sketch, &lines, rng);
    let budgets = budgets::budgets(sketch, &lines, &changes, rng);
    let expenditures = payments::expenditures(sketch, &lines, &budgets, rng);
    let progress = progress::progress(sketch, &lines, &budgets, rng);
    let targets = indicators::targets(sketch, rng);
    let readings = readings::readings(sketch, &targets, &lines[0], rng);
    let stages = stages::stages(sketch, &lines, over_limit, rng);
    let last_year = budgets.iter().find(|b| b.fiscal_year == LAST_YEAR);
    let draft = drafts::draft(sketch, &lines, last_year, PREPARED_YEAR, rng);
    Built {
        dossier: ProjectDossier {
            project: sketch.project(code),
            budgets,
            expenditures,
            progress,
            indicators: targets.into_iter().map(|target| target.indicator).collect(),
            readings,
        },
        stages,
        draft,
    }
}

/// The numbers of the projects whose 概算 goes past the limit: drawn among the projects that
/// are not water works, whose wider limit would hide the story.
fn over_limit_projects(
    drafts: &[(Sketch, random::Stream)],
    rng: &mut random::Stream,
) -> Vec<usize> {
    let mut eligible: Vec<usize> = (0..drafts.len())
        .filter(|i| drafts[*i].0.profile.kind != jixiao_core::ProjectType::WaterWorks)
        .collect();
    let mut chosen = Vec::new();
    while chosen.len() < OVER_LIMIT && !eligible.is_empty() {
        chosen.push(eligible.remove(random::below(rng, eligible.len())));
    }
    chosen
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

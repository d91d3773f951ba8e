//! The first draw of a project: what, where, how large, when, and how it will turn out.
//!
//! Outcomes are drawn here, before any money is spread, so that they depend only on things a
//! model could learn from the stored data: the type, the size, the number of design changes and
//! the city's management. Overruns follow DOMAIN.md §9; delays grow with changes the same way.

use chrono::{Datelike, NaiveDate};
use jixiao_core::{Money, OrgCode, Project, ProjectCode, ProjectStatus, YearMonth};

use crate::amounts::{HUNDRED_YUAN, from_wan};
use crate::calendar::{AS_OF, day_in, from_index, index, shift};
use crate::catalog::{TYPES, TypeProfile};
use crate::names::{Variant, fill, variants};
use crate::random::{
    Stream, below, between, chance, log_uniform, normal, poisson, uniform, weighted,
};
use crate::regions::{Management, REGIONS, Region, owner_code};

/// A project's identity and fate, before its money is spread over lines and months.
pub(crate) struct Sketch {
    /// The traits of its type.
    pub profile: &'static TypeProfile,
    /// The kind of project within the type.
    pub variant: &'static Variant,
    /// The city it is built in.
    pub region: &'static Region,
    /// Its name, made unique by the caller.
    pub name: String,
    /// The organization that owns it.
    pub owner: OrgCode,
    /// Planned start of construction (计划开工).
    pub planned_start: NaiveDate,
    /// Planned construction period in months.
    pub planned_months: i32,
    /// The start construction had or will have; after [`AS_OF`] for planned projects.
    pub actual_start: NaiveDate,
    /// The construction period it had or will have, in months.
    pub actual_months: i32,
    /// When a stopped project was suspended (暂停).
    pub suspended_on: Option<NaiveDate>,
    /// Original investment (设计概算), the sum of its original lines.
    pub original_total: Money,
    /// Overrun at completion as a fraction of the original investment; negative for savings.
    pub overrun: f64,
    /// Design changes (设计变更) during construction.
    pub changes: u32,
    /// The main quantity it delivers, in the variant's unit.
    pub quantity: f64,
}

/// Draws the sketch of project number `number`; the first six cover every type.
pub(crate) fn draw(number: usize, rng: &mut Stream) -> Sketch {
    let profile = match TYPES.get(number) {
        Some(profile) => profile,
        None => &TYPES[weighted(rng, &TYPES.iter().map(|t| t.frequency).collect::<Vec<_>>())],
    };
    let kinds = variants(profile.kind);
    let variant = &kinds[weighted(rng, &kinds.iter().map(|v| v.weight).collect::<Vec<_>>())];
    let region_index = below(rng, REGIONS.len());
    let region = &REGIONS[region_index];
    // Any other city, for names of roads that run between two.
    let other = &REGIONS[(region_index + 1 + below(rng, REGIONS.len() - 1)) % REGIONS.len()];
    let name = fill(variant.pattern, region, other, rng);

    let size_yi = log_uniform(rng, variant.size_yi.0, variant.size_yi.1);
    let original_total = from_wan(size_yi * 10_000.0, HUNDRED_YUAN);
    // Size on a log scale around 3 亿元: larger projects change, slip and overrun a little more.
    let size_z = (size_yi / 3.0).ln() / 2.0;
    let within = (size_yi / variant.size_yi.0).ln() / (variant.size_yi.1 / variant.size_yi.0).ln();
    let (low, high) = profile.months;
    let planned_months = (f64::from(low)
        + f64::from(high - low) * (0.5 * within + 0.5 * uniform(rng, 0.0, 1.0)))
    .round() as i32;

    let planned_month = start_month(planned_months, rng);
    let planned_start = day_in(planned_month, between(rng, 1, 28) as u32);

    let (change_factor, delay_shift, overrun_shift, slip_extra) = match region.management {
        Management::Good => (0.75, -0.05, -0.03, 0),
        Management::Average => (1.0, 0.0, 0.0, 1),
        Management::Poor => (1.5, 0.12, 0.08, 3),
    };
    let change_rate = profile.changes * change_factor * (1.0 + 0.15 * size_z).max(0.5);
    let changes = poisson(rng, change_rate);
    let overrun = profile.overrun * (0.35 + 0.65 * f64::from(changes) / profile.changes)
        + overrun_shift
        + 0.03 * size_z
        + normal(rng, 0.0, 0.07);
    let stretch =
        (profile.delay + delay_shift + 0.03 * f64::from(changes) + normal(rng, 0.0, 0.08))
            .max(-0.05);
    let actual_months = (f64::from(planned_months) * (1.0 + stretch)).round() as i32;
    let slip = between(rng, 0, 2 + slip_extra);
    let actual_start = day_in(shift(planned_month, slip), planned_start.day());

    let unit_cost = uniform(
        rng,
        variant.quantity.unit_cost_wan.0,
        variant.quantity.unit_cost_wan.1,
    );
    let quantity = size_yi * 10_000.0 / unit_cost;

    let mut sketch = Sketch {
        profile,
        variant,
        region,
        name,
        owner: owner_code(variant.owner, region),
        planned_start,
        planned_months,
        actual_start,
        actual_months,
        suspended_on: None,
        original_total,
        overrun,
        changes,
        quantity,
    };
    let (first, last) = suspension_months();
    let running = YearMonth::of(sketch.actual_start) < first && sketch.actual_finish() > AS_OF;
    let suspend_chance = if region.management == Management::Poor {
        0.15
    } else {
        0.04
    };
    if running && chance(rng, suspend_chance) {
        // At least half a year of works before the stop.
        let earliest = index(shift(YearMonth::of(sketch.actual_start), 6)).max(index(first));
        let month = from_index(between(rng, earliest, index(last).max(earliest)));
        sketch.suspended_on = Some(day_in(month, between(rng, 1, 28) as u32));
    }
    sketch
}

impl Sketch {
    /// Planned finish (计划完工): the last day of the last planned month.
    pub(crate) fn planned_finish(&self) -> NaiveDate {
        shift(YearMonth::of(self.planned_start), self.planned_months - 1).last_day()
    }

    /// The finish construction had or will have.
    pub(crate) fn actual_finish(&self) -> NaiveDate {
        shift(YearMonth::of(self.actual_start), self.actual_months - 1).last_day()
    }

    /// Where the project stands on [`AS_OF`].
    pub(crate) fn status(&self) -> ProjectStatus {
        if self.actual_start > AS_OF {
            ProjectStatus::Planned
        } else if self.suspended_on.is_some() {
            ProjectStatus::Suspended
        } else if self.actual_finish() <= AS_OF {
            ProjectStatus::Completed
        } else {
            ProjectStatus::InProgress
        }
    }

    /// The last day anything is paid or measured: the as-of date, or the suspension.
    pub(crate) fn last_day(&self) -> NaiveDate {
        self.suspended_on.map_or(AS_OF, |day| day.min(AS_OF))
    }

    /// The project as the domain records it.
    pub(crate) fn project(&self, code: ProjectCode) -> Project {
        let status = self.status();
        Project {
            code,
            name: self.name.clone(),
            project_type: self.profile.kind,
            organization: self.owner.clone(),
            region: self.region.name.to_owned(),
            planned_start: self.planned_start,
            planned_finish: self.planned_finish(),
            actual_start: (status != ProjectStatus::Planned).then_some(self.actual_start),
            actual_finish: (status == ProjectStatus::Completed).then(|| self.actual_finish()),
            status,
        }
    }
}

/// The months suspensions fall in: only 2025, so that a suspended project's last budget is the
/// year it stopped in.
fn suspension_months() -> (YearMonth, YearMonth) {
    let month = |m| YearMonth::new(2025, m).expect("a month of 2025");
    (month(3), month(10))
}

/// The planned start month: spread over 2021–2025, a few in early 2026 (approved, not yet
/// started), never so early that the project would be finished before budgets begin in 2022.
fn start_month(planned_months: i32, rng: &mut Stream) -> YearMonth {
    let month = if chance(rng, 0.06) {
        between(rng, 2026 * 12, 2026 * 12 + 5)
    } else {
        between(rng, 2021 * 12, 2025 * 12 + 11)
    };
    // Finishing in mid-2022 at the earliest leaves every project a budget with real work.
    let earliest = 2022 * 12 + 5 - planned_months + 1 + between(rng, 0, 6);
    from_index(month.max(earliest))
}

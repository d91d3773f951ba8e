//! Traffic the finished works of each project type are expected to carry, in the range a
//! typical 绩效目标申报表 of that type states.

use jixiao_core::ProjectType;

/// The range of annual average daily traffic (年平均日交通量, vehicles a day) a project of
/// `kind` targets.
pub(crate) fn daily_traffic(kind: ProjectType) -> (f64, f64) {
    match kind {
        ProjectType::Bridge => (15_000.0, 50_000.0),
        ProjectType::Tunnel => (8_000.0, 25_000.0),
        _ => (8_000.0, 30_000.0),
    }
}

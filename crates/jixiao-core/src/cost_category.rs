//! The cost breakdown of a construction project (建设项目总投资构成), DOMAIN.md §2.
//!
//! The breakdown is data, not an enum, because a deployment may extend it; this module supplies
//! the standard tree that a new database starts with.

use serde::{Deserialize, Serialize};

use crate::code::CategoryCode;

/// One node of the cost breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostCategory {
    /// Its code, such as `building_works`.
    pub code: CategoryCode,
    /// Its Chinese name, such as 建筑工程费.
    pub name_zh: String,
    /// Its English name.
    pub name_en: String,
    /// The category above it.
    pub parent: Option<CategoryCode>,
    /// Position among its siblings, for display.
    pub sort_order: i32,
}

/// `(code, Chinese, English, parent)` of the standard breakdown, parents before children.
const DEFAULT_TREE: &[(&str, &str, &str, Option<&str>)] = &[
    ("engineering", "工程费用", "Engineering costs", None),
    (
        "building_works",
        "建筑工程费",
        "Building works",
        Some("engineering"),
    ),
    (
        "installation_works",
        "安装工程费",
        "Installation works",
        Some("engineering"),
    ),
    (
        "equipment",
        "设备及工器具购置费",
        "Equipment and tools",
        Some("engineering"),
    ),
    (
        "other_construction",
        "工程建设其他费用",
        "Other construction costs",
        None,
    ),
    (
        "land_and_resettlement",
        "土地使用及征地拆迁费",
        "Land use and resettlement",
        Some("other_construction"),
    ),
    (
        "owner_management",
        "建设单位管理费",
        "Owner's management",
        Some("other_construction"),
    ),
    (
        "survey_and_design",
        "勘察设计费",
        "Survey and design",
        Some("other_construction"),
    ),
    (
        "supervision",
        "工程监理费",
        "Construction supervision",
        Some("other_construction"),
    ),
    (
        "research_and_testing",
        "研究试验费",
        "Research and testing",
        Some("other_construction"),
    ),
    (
        "commissioning",
        "联合试运转费",
        "Commissioning",
        Some("other_construction"),
    ),
    (
        "preparation",
        "生产准备费",
        "Production preparation",
        Some("other_construction"),
    ),
    ("contingency", "预备费", "Contingency", None),
    (
        "basic_contingency",
        "基本预备费",
        "Basic contingency",
        Some("contingency"),
    ),
    (
        "price_contingency",
        "价差预备费",
        "Price contingency",
        Some("contingency"),
    ),
    (
        "interest",
        "建设期利息",
        "Interest during construction",
        None,
    ),
    ("working_capital", "流动资金", "Working capital", None),
    ("other", "其他支出", "Other spending", None),
];

/// The standard cost breakdown, parents listed before their children.
pub fn default_categories() -> Vec<CostCategory> {
    DEFAULT_TREE
        .iter()
        .enumerate()
        .map(|(i, (code, zh, en, parent))| CostCategory {
            code: CategoryCode::new(*code).expect("built-in category codes are valid"),
            name_zh: (*zh).to_owned(),
            name_en: (*en).to_owned(),
            parent: parent.map(|p| CategoryCode::new(p).expect("built-in codes are valid")),
            sort_order: i32::try_from(i).expect("the tree is small"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tree_lists_parents_before_children_and_has_unique_codes() {
        let tree = default_categories();
        let mut seen = std::collections::BTreeSet::new();
        for category in &tree {
            if let Some(parent) = &category.parent {
                assert!(
                    seen.contains(parent),
                    "{} listed before its parent",
                    category.code
                );
            }
            assert!(
                seen.insert(category.code.clone()),
                "{} repeated",
                category.code
            );
        }
        assert_eq!(tree.len(), 18);
    }
}

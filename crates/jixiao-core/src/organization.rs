//! Organizations (单位) and the tree they form.
//!
//! A provincial department sits above its bureaus and project owners; a user of an organization
//! sees the projects of its whole subtree. The tree is plain data here; the store keeps it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::code::OrgCode;

/// An organization (单位) that owns or supervises projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    /// Its code (单位编码).
    pub code: OrgCode,
    /// Its full name, such as 省交通运输厅.
    pub name: String,
    /// The organization directly above it, if any.
    pub parent: Option<OrgCode>,
}

/// The codes of `root` and every organization below it in `organizations`.
///
/// Cycles in bad data cannot loop forever: each organization is visited once.
pub fn subtree(organizations: &[Organization], root: &OrgCode) -> BTreeSet<OrgCode> {
    let mut children: BTreeMap<&OrgCode, Vec<&OrgCode>> = BTreeMap::new();
    for org in organizations {
        if let Some(parent) = &org.parent {
            children.entry(parent).or_default().push(&org.code);
        }
    }
    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(code) = stack.pop() {
        if seen.insert(code.clone()) {
            stack.extend(children.get(code).into_iter().flatten().copied());
        }
    }
    seen
}

/// `start` followed by the organizations above it, nearest first. Each organization is visited
/// once, so a cycle in bad data cannot loop forever.
pub fn with_ancestors(organizations: &[Organization], start: &OrgCode) -> Vec<OrgCode> {
    let mut chain = vec![start.clone()];
    let mut current = start;
    while let Some(parent) = organizations
        .iter()
        .find(|o| &o.code == current)
        .and_then(|o| o.parent.as_ref())
    {
        if chain.contains(parent) {
            break;
        }
        chain.push(parent.clone());
        current = parent;
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(code: &str, parent: Option<&str>) -> Organization {
        Organization {
            code: OrgCode::new(code).unwrap(),
            name: code.to_owned(),
            parent: parent.map(|p| OrgCode::new(p).unwrap()),
        }
    }

    #[test]
    fn subtree_includes_root_and_all_descendants_only() {
        let orgs = [
            org("dept", None),
            org("bureau-a", Some("dept")),
            org("owner-a1", Some("bureau-a")),
            org("bureau-b", Some("dept")),
            org("other", None),
        ];
        let codes = |root: &str| -> Vec<String> {
            subtree(&orgs, &OrgCode::new(root).unwrap())
                .iter()
                .map(|c| c.to_string())
                .collect()
        };
        assert_eq!(codes("dept"), ["bureau-a", "bureau-b", "dept", "owner-a1"]);
        assert_eq!(codes("bureau-a"), ["bureau-a", "owner-a1"]);
        assert_eq!(codes("owner-a1"), ["owner-a1"]);
        assert_eq!(codes("other"), ["other"]);
    }

    #[test]
    fn subtree_survives_a_cycle() {
        let orgs = [org("a", Some("b")), org("b", Some("a"))];
        assert_eq!(subtree(&orgs, &OrgCode::new("a").unwrap()).len(), 2);
    }

    fn codes(chain: Vec<OrgCode>) -> Vec<String> {
        chain.into_iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn ancestors_run_from_the_organization_up_to_the_root() {
        let orgs = [
            org("dept", None),
            org("bureau", Some("dept")),
            org("owner", Some("bureau")),
            org("other", Some("dept")),
        ];
        let start = OrgCode::new("owner").unwrap();
        assert_eq!(
            codes(with_ancestors(&orgs, &start)),
            ["owner", "bureau", "dept"]
        );
        let root = OrgCode::new("dept").unwrap();
        assert_eq!(codes(with_ancestors(&orgs, &root)), ["dept"]);
    }

    #[test]
    fn ancestors_stop_at_a_cycle_and_at_an_unknown_organization() {
        let orgs = [org("a", Some("b")), org("b", Some("a"))];
        let a = OrgCode::new("a").unwrap();
        assert_eq!(codes(with_ancestors(&orgs, &a)), ["a", "b"]);
        let lost = OrgCode::new("lost").unwrap();
        assert_eq!(codes(with_ancestors(&orgs, &lost)), ["lost"]);
    }
}

//! Demo accounts and who answers for what: one user per role, posts (岗位) in every organization
//! that owns projects, and an owner for every cost line and indicator of the demo province.
//!
//! Every demo account has the same published password, so these accounts are for
//! demonstrations only and must never reach a production database.

use std::collections::BTreeSet;

use jixiao_core::access::{ItemRef, Owner, Post, Role};
use jixiao_core::{CategoryCode, OrgCode, ProjectCode};

use crate::Demo;

/// The password of every demo account; published in the README, so demo-only.
pub const DEMO_PASSWORD: &str = "jixiao-demo";

/// The organization of the demo engineer: 江城市交通运输局.
pub(crate) const ENGINEER_ORGANIZATION: &str = "JT-GL-JC";

/// A demo account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoUser {
    /// The login name, the same as its role's code.
    pub username: &'static str,
    /// The name shown in the interface.
    pub display_name: &'static str,
    /// The organization it belongs to.
    pub organization: OrgCode,
    /// Its roles.
    pub roles: Vec<Role>,
}

/// One account per role: the engineer works for a city bureau, everyone else for the department.
pub fn users() -> Vec<DemoUser> {
    let at = |code: &str| OrgCode::new(code).expect("demo organization codes are valid");
    let user = |username, display_name, organization: &str, role| DemoUser {
        username,
        display_name,
        organization: at(organization),
        roles: vec![role],
    };
    vec![
        user("admin", "系统管理员", "JT", Role::Admin),
        user("finance", "陈会计（财务处）", "JT", Role::Finance),
        user(
            "engineer",
            "李工（江城市交通运输局）",
            ENGINEER_ORGANIZATION,
            Role::Engineer,
        ),
        user("auditor", "王审计（内审处）", "JT", Role::Auditor),
        user("leader", "赵厅长", "JT", Role::Leader),
        user("expert", "周教授（评审专家）", "JT", Role::Expert),
    ]
}

/// Posts, their holders and the owner of every item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoResponsibilities {
    /// Two posts per project-owning organization: engineering (工程管理岗) and finance (财务岗).
    pub posts: Vec<Post>,
    /// `(post code, username)`: the demo engineer holds the engineering post of their bureau.
    pub holders: Vec<(String, &'static str)>,
    /// The owner of each cost line and indicator, per project.
    pub assignments: Vec<(ProjectCode, Vec<(ItemRef, Owner)>)>,
}

/// Categories whose lines the engineering post answers for; the rest go to the finance post.
const ENGINEERING_CATEGORIES: &[&str] = &[
    "building_works",
    "installation_works",
    "equipment",
    "survey_and_design",
    "supervision",
];

/// Owners for every cost line and indicator of `demo`. In the demo engineer's bureau the works
/// lines belong to the engineer by name, so that "my items" shows direct and post duties.
pub fn responsibilities(demo: &Demo) -> DemoResponsibilities {
    let owning: BTreeSet<&OrgCode> = demo
        .dossiers
        .iter()
        .map(|d| &d.project.organization)
        .collect();
    let engineering_post = |org: &OrgCode| format!("{org}-ENG");
    let finance_post = |org: &OrgCode| format!("{org}-FIN");
    let posts = owning
        .iter()
        .flat_map(|org| {
            [
                Post {
                    code: engineering_post(org),
                    name: "工程管理岗".into(),
                    organization: (*org).clone(),
                },
                Post {
                    code: finance_post(org),
                    name: "财务岗".into(),
                    organization: (*org).clone(),
                },
            ]
        })
        .collect();
    let engineer_org = OrgCode::new(ENGINEER_ORGANIZATION).expect("valid code");
    let holders = vec![(engineering_post(&engineer_org), "engineer")];

    let assignments = demo
        .dossiers
        .iter()
        .map(|dossier| {
            let org = &dossier.project.organization;
            let in_engineer_bureau = *org == engineer_org;
            let mut items = Vec::new();
            let mut seen = BTreeSet::new();
            for line in dossier.budgets.iter().flat_map(|budget| &budget.lines) {
                if !seen.insert(line.code.clone()) {
                    continue;
                }
                let owner = if is_works(&line.category) && in_engineer_bureau {
                    Owner::User("engineer".into())
                } else if is_engineering(&line.category) {
                    Owner::Post(engineering_post(org))
                } else {
                    Owner::Post(finance_post(org))
                };
                items.push((ItemRef::CostLine(line.code.clone()), owner));
            }
            for indicator in &dossier.indicators {
                items.push((
                    ItemRef::Indicator(indicator.code.clone()),
                    Owner::Post(engineering_post(org)),
                ));
            }
            (dossier.project.code.clone(), items)
        })
        .collect();
    DemoResponsibilities {
        posts,
        holders,
        assignments,
    }
}

fn is_engineering(category: &CategoryCode) -> bool {
    ENGINEERING_CATEGORIES.contains(&category.as_str())
}

fn is_works(category: &CategoryCode) -> bool {
    matches!(
        category.as_str(),
        "building_works" | "installation_works" | "equipment"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DemoConfig, generate};

    #[test]
    fn there_is_one_demo_account_per_role() {
        let roles: Vec<Role> = users().iter().flat_map(|u| u.roles.clone()).collect();
        assert_eq!(roles.len(), Role::ALL.len());
        for role in Role::ALL {
            assert!(roles.contains(role), "no demo account for {role}");
        }
    }

    #[test]
    fn every_line_and_indicator_has_exactly_one_owner_and_the_engineer_owns_some() {
        let demo = generate(&DemoConfig::default());
        let duties = responsibilities(&demo);
        let post_codes: BTreeSet<&str> = duties.posts.iter().map(|p| p.code.as_str()).collect();
        let mut engineer_items = 0;
        for (dossier, (code, items)) in demo.dossiers.iter().zip(&duties.assignments) {
            assert_eq!(&dossier.project.code, code);
            let lines: BTreeSet<_> = dossier
                .budgets
                .iter()
                .flat_map(|b| &b.lines)
                .map(|l| l.code.clone())
                .collect();
            let expected = lines.len() + dossier.indicators.len();
            let distinct: BTreeSet<&ItemRef> = items.iter().map(|(item, _)| item).collect();
            assert_eq!(
                distinct.len(),
                expected,
                "{code}: an item has no owner or two"
            );
            for (_, owner) in items {
                match owner {
                    Owner::Post(post) => assert!(post_codes.contains(post.as_str()), "{post}"),
                    Owner::User(user) => {
                        assert_eq!(user, "engineer");
                        engineer_items += 1;
                    }
                }
            }
        }
        assert!(
            engineer_items > 0,
            "the demo engineer answers for nothing directly"
        );
    }
}

//! Tests of the permission rules: every role, action and place of the target, spelled out.

use std::collections::{BTreeSet, HashSet};

use super::*;
use crate::organization::{Organization, subtree};

/// The target lies in the user's subtree.
const INSIDE: bool = true;
/// The target lies outside the user's subtree.
const OUTSIDE: bool = false;
const ALLOW: Result<(), DeniedReason> = Ok(());
const MISSING_ROLE: Result<(), DeniedReason> = Err(DeniedReason::MissingRole);
const OUT_OF_SCOPE: Result<(), DeniedReason> = Err(DeniedReason::OutOfScope);

/// The expected decision of every cell, written from the requirement rather than from
/// [`PERMISSIONS`], so that a wrong row in the table fails here.
#[rustfmt::skip]
const EXPECTED: &[(Role, Action, bool, Result<(), DeniedReason>)] = &[
        (Admin, ViewPortfolio, INSIDE, ALLOW),
        (Admin, ViewPortfolio, OUTSIDE, ALLOW),
        (Admin, ViewProject, INSIDE, ALLOW),
        (Admin, ViewProject, OUTSIDE, ALLOW),
        (Admin, EditProject, INSIDE, ALLOW),
        (Admin, EditProject, OUTSIDE, ALLOW),
        (Admin, RecordReading, INSIDE, ALLOW),
        (Admin, RecordReading, OUTSIDE, ALLOW),
        (Admin, ViewAudit, INSIDE, ALLOW),
        (Admin, ViewAudit, OUTSIDE, ALLOW),
        (Admin, ManageUsers, INSIDE, ALLOW),
        (Admin, ManageUsers, OUTSIDE, ALLOW),
        (Admin, ApproveBudget, INSIDE, ALLOW),
        (Admin, ApproveBudget, OUTSIDE, ALLOW),
        (Finance, ViewPortfolio, INSIDE, ALLOW),
        (Finance, ViewPortfolio, OUTSIDE, OUT_OF_SCOPE),
        (Finance, ViewProject, INSIDE, ALLOW),
        (Finance, ViewProject, OUTSIDE, OUT_OF_SCOPE),
        (Finance, EditProject, INSIDE, ALLOW),
        (Finance, EditProject, OUTSIDE, OUT_OF_SCOPE),
        (Finance, RecordReading, INSIDE, MISSING_ROLE),
        (Finance, RecordReading, OUTSIDE, MISSING_ROLE),
        (Finance, ViewAudit, INSIDE, MISSING_ROLE),
        (Finance, ViewAudit, OUTSIDE, MISSING_ROLE),
        (Finance, ManageUsers, INSIDE, MISSING_ROLE),
        (Finance, ManageUsers, OUTSIDE, MISSING_ROLE),
        (Finance, ApproveBudget, INSIDE, ALLOW),
        (Finance, ApproveBudget, OUTSIDE, OUT_OF_SCOPE),
        (Engineer, ViewPortfolio, INSIDE, ALLOW),
        (Engineer, ViewPortfolio, OUTSIDE, OUT_OF_SCOPE),
        (Engineer, ViewProject, INSIDE, ALLOW),
        (Engineer, ViewProject, OUTSIDE, OUT_OF_SCOPE),
        (Engineer, EditProject, INSIDE, ALLOW),
        (Engineer, EditProject, OUTSIDE, OUT_OF_SCOPE),
        (Engineer, RecordReading, INSIDE, ALLOW),
        (Engineer, RecordReading, OUTSIDE, OUT_OF_SCOPE),
        (Engineer, ViewAudit, INSIDE, MISSING_ROLE),
        (Engineer, ViewAudit, OUTSIDE, MISSING_ROLE),
        (Engineer, ManageUsers, INSIDE, MISSING_ROLE),
        (Engineer, ManageUsers, OUTSIDE, MISSING_ROLE),
        (Engineer, ApproveBudget, INSIDE, MISSING_ROLE),
        (Engineer, ApproveBudget, OUTSIDE, MISSING_ROLE),
        (Auditor, ViewPortfolio, INSIDE, ALLOW),
        (Auditor, ViewPortfolio, OUTSIDE, OUT_OF_SCOPE),
        (Auditor, ViewProject, INSIDE, ALLOW),
        (Auditor, ViewProject, OUTSIDE, OUT_OF_SCOPE),
        (Auditor, EditProject, INSIDE, MISSING_ROLE),
        (Auditor, EditProject, OUTSIDE, MISSING_ROLE),
        (Auditor, RecordReading, INSIDE, MISSING_ROLE),
        (Auditor, RecordReading, OUTSIDE, MISSING_ROLE),
        (Auditor, ViewAudit, INSIDE, ALLOW),
        (Auditor, ViewAudit, OUTSIDE, OUT_OF_SCOPE),
        (Auditor, ManageUsers, INSIDE, MISSING_ROLE),
        (Auditor, ManageUsers, OUTSIDE, MISSING_ROLE),
        (Auditor, ApproveBudget, INSIDE, MISSING_ROLE),
        (Auditor, ApproveBudget, OUTSIDE, MISSING_ROLE),
        (Leader, ViewPortfolio, INSIDE, ALLOW),
        (Leader, ViewPortfolio, OUTSIDE, OUT_OF_SCOPE),
        (Leader, ViewProject, INSIDE, ALLOW),
        (Leader, ViewProject, OUTSIDE, OUT_OF_SCOPE),
        (Leader, EditProject, INSIDE, MISSING_ROLE),
        (Leader, EditProject, OUTSIDE, MISSING_ROLE),
        (Leader, RecordReading, INSIDE, MISSING_ROLE),
        (Leader, RecordReading, OUTSIDE, MISSING_ROLE),
        (Leader, ViewAudit, INSIDE, ALLOW),
        (Leader, ViewAudit, OUTSIDE, OUT_OF_SCOPE),
        (Leader, ManageUsers, INSIDE, MISSING_ROLE),
        (Leader, ManageUsers, OUTSIDE, MISSING_ROLE),
        (Leader, ApproveBudget, INSIDE, ALLOW),
        (Leader, ApproveBudget, OUTSIDE, OUT_OF_SCOPE),
        (Expert, ViewPortfolio, INSIDE, MISSING_ROLE),
        (Expert, ViewPortfolio, OUTSIDE, MISSING_ROLE),
        (Expert, ViewProject, INSIDE, ALLOW),
        (Expert, ViewProject, OUTSIDE, OUT_OF_SCOPE),
        (Expert, EditProject, INSIDE, MISSING_ROLE),
        (Expert, EditProject, OUTSIDE, MISSING_ROLE),
        (Expert, RecordReading, INSIDE, MISSING_ROLE),
        (Expert, RecordReading, OUTSIDE, MISSING_ROLE),
        (Expert, ViewAudit, INSIDE, MISSING_ROLE),
        (Expert, ViewAudit, OUTSIDE, MISSING_ROLE),
        (Expert, ManageUsers, INSIDE, MISSING_ROLE),
        (Expert, ManageUsers, OUTSIDE, MISSING_ROLE),
        (Expert, ApproveBudget, INSIDE, MISSING_ROLE),
        (Expert, ApproveBudget, OUTSIDE, MISSING_ROLE),
];

fn org(code: &str) -> OrgCode {
    OrgCode::new(code).unwrap()
}

/// A bureau user: the department above and the unrelated authority are outside its subtree.
fn principal(roles: &[Role]) -> Principal {
    let orgs = [
        Organization {
            code: org("dept"),
            name: "省交通运输厅".into(),
            parent: None,
        },
        Organization {
            code: org("bureau"),
            name: "成都交通局".into(),
            parent: Some(org("dept")),
        },
        Organization {
            code: org("owner"),
            name: "项目法人".into(),
            parent: Some(org("bureau")),
        },
        Organization {
            code: org("water"),
            name: "绵阳水务局".into(),
            parent: None,
        },
    ];
    Principal {
        username: "zhang".into(),
        organization: org("bureau"),
        roles: roles.to_vec(),
        subtree: subtree(&orgs, &org("bureau")),
    }
}

#[test]
fn the_expected_table_names_every_cell_exactly_once() {
    let cells: HashSet<(Role, Action, bool)> = EXPECTED
        .iter()
        .map(|(r, a, inside, _)| (*r, *a, *inside))
        .collect();
    assert_eq!(EXPECTED.len(), Role::ALL.len() * Action::ALL.len() * 2);
    assert_eq!(cells.len(), EXPECTED.len());
}

#[test]
fn every_role_action_and_place_gets_the_expected_decision() {
    for (role, action, inside, expected) in EXPECTED {
        let user = principal(&[*role]);
        for target in ["owner", "bureau", "dept", "water"] {
            if user.subtree.contains(&org(target)) != *inside {
                continue;
            }
            let decision = authorize(&user, *action, &org(target)).map_err(|denied| {
                assert_eq!(denied.action, *action);
                denied.reason
            });
            assert_eq!(&decision, expected, "{role} {action} on {target}");
        }
    }
}

#[test]
fn visibility_follows_the_widest_scope_of_the_roles() {
    let bureau: BTreeSet<OrgCode> = [org("bureau"), org("owner")].into();
    let cases: &[(&[Role], Action, Visibility)] = &[
        (&[Admin], ViewPortfolio, Visibility::All),
        (&[Engineer], ViewPortfolio, Visibility::Only(bureau.clone())),
        (&[Expert], ViewPortfolio, Visibility::None),
        (&[], ViewProject, Visibility::None),
        (&[Expert, Admin], ManageUsers, Visibility::All),
        (
            &[Auditor, Leader],
            ViewAudit,
            Visibility::Only(bureau.clone()),
        ),
    ];
    for (roles, action, expected) in cases {
        assert_eq!(
            &visible_organizations(&principal(roles), *action),
            expected,
            "{roles:?} {action}"
        );
    }
}

#[test]
fn several_roles_grant_the_union_of_their_permissions() {
    let cases: &[(&[Role], Action, Option<Scope>)] = &[
        (&[], ViewProject, None),
        (&[Expert], EditProject, None),
        (&[Expert, Engineer], EditProject, Some(Subtree)),
        (&[Engineer, Admin], EditProject, Some(Everywhere)),
        (&[Finance, Leader, Auditor], RecordReading, None),
        (&[Auditor, Engineer], RecordReading, Some(Subtree)),
    ];
    for (roles, action, expected) in cases {
        assert_eq!(scope(roles, *action), *expected, "{roles:?} {action}");
    }
}

#[test]
fn a_refusal_names_the_missing_permission_or_the_scope() {
    let missing = authorize(&principal(&[Expert]), EditProject, &org("owner")).unwrap_err();
    assert_eq!(missing.to_string(), "missing permission \"edit_project\"");
    let outside = authorize(&principal(&[Engineer]), EditProject, &org("water")).unwrap_err();
    assert_eq!(outside.to_string(), "project outside your organization");
}

#[test]
fn role_and_action_codes_round_trip_in_text_and_json() {
    for role in Role::ALL {
        assert_eq!(role.code().parse::<Role>().unwrap(), *role);
        assert_eq!(serde_json::to_string(role).unwrap(), format!("\"{role}\""));
    }
    for action in Action::ALL {
        assert_eq!(action.code().parse::<Action>().unwrap(), *action);
        assert_eq!(
            serde_json::to_string(action).unwrap(),
            format!("\"{action}\"")
        );
    }
    assert!(
        "root"
            .parse::<Role>()
            .unwrap_err()
            .to_string()
            .contains("expert")
    );
}

#[test]
fn item_references_serialise_with_their_kind() {
    let line = ItemRef::CostLine(crate::LineCode::new("L01").unwrap());
    assert_eq!((line.kind(), line.code()), ("cost_line", "L01"));
    assert_eq!(
        serde_json::to_string(&line).unwrap(),
        r#"{"kind":"cost_line","code":"L01"}"#
    );
    let owner = Owner::Post("cost-engineer".into());
    assert_eq!(
        serde_json::to_string(&owner).unwrap(),
        r#"{"kind":"post","code":"cost-engineer"}"#
    );
}

#[test]
fn owner_references_read_back_and_anything_else_is_refused() {
    let cases = [
        ("user:engineer", Some(Owner::User("engineer".into()))),
        (
            "post:JT-GL-JC-ENG",
            Some(Owner::Post("JT-GL-JC-ENG".into())),
        ),
        (
            " post:site:manager ",
            Some(Owner::Post("site:manager".into())),
        ),
        ("user:", None),
        ("post:", None),
        ("engineer", None),
        ("team:roads", None),
        ("", None),
    ];
    for (reference, expected) in cases {
        assert_eq!(Owner::parse(reference), expected, "{reference:?}");
        if let Some(owner) = &expected {
            assert_eq!(Owner::parse(&owner.reference()).as_ref(), Some(owner));
        }
    }
}

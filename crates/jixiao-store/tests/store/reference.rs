//! Migrations, organizations and cost categories.

use jixiao_core::{OrgCode, Organization, default_categories};

use crate::expect;
use crate::fixtures::stamp;
use crate::fixtures::{highway, organizations, with_organizations};
use crate::harness::for_each_store;

#[tokio::test]
async fn migrating_again_changes_nothing_and_keeps_the_default_categories() {
    for_each_store("migrate_idempotent", |store| async move {
        let before = store.table_counts().await.unwrap();
        store.migrate().await.unwrap();
        store.migrate().await.unwrap();
        assert_eq!(store.table_counts().await.unwrap(), before);
        assert_eq!(before["cost_category"], 18);
        assert_eq!(before["project"], 0);
        assert_eq!(store.cost_categories().await.unwrap(), default_categories());
    })
    .await;
}

#[tokio::test]
async fn a_new_store_is_empty_until_a_project_is_imported() {
    for_each_store("is_empty", |store| async move {
        assert!(store.is_empty().await.unwrap());
        with_organizations(&store).await;
        assert!(
            store.is_empty().await.unwrap(),
            "organizations are not projects"
        );
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        assert!(!store.is_empty().await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn ensuring_organizations_creates_only_the_missing_ones() {
    for_each_store("ensure_organizations", |store| async move {
        // Children come before their parent in the fixture: the order must not matter.
        assert_eq!(
            store.ensure_organizations(&organizations()).await.unwrap(),
            4
        );
        assert_eq!(
            store.ensure_organizations(&organizations()).await.unwrap(),
            0
        );
        let mut expected = organizations();
        expected.sort_by(|a, b| a.code.cmp(&b.code));
        assert_eq!(store.organizations().await.unwrap(), expected);

        let mut renamed = organizations();
        renamed[0].name = "改名不生效".to_owned();
        assert_eq!(store.ensure_organizations(&renamed).await.unwrap(), 0);
        assert_eq!(
            store.organizations().await.unwrap(),
            expected,
            "existing rows are kept"
        );
    })
    .await;
}

#[tokio::test]
async fn an_organization_under_an_unknown_parent_is_refused_and_nothing_is_created() {
    for_each_store("orphan_organization", |store| async move {
        let orphan = Organization {
            code: OrgCode::new("NEW-01").unwrap(),
            name: "新单位".to_owned(),
            parent: Some(OrgCode::new("NOWHERE").unwrap()),
        };
        let fine = Organization {
            code: OrgCode::new("NEW-02").unwrap(),
            name: "另一新单位".to_owned(),
            parent: None,
        };
        let error = store
            .ensure_organizations(&[fine, orphan])
            .await
            .unwrap_err();
        assert!(
            expect::not_found(&error, "organization", "NOWHERE"),
            "{error:?}"
        );
        assert!(store.organizations().await.unwrap().is_empty());
    })
    .await;
}

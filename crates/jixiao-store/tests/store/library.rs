//! The target library in storage: the default library seeded once, templates edited by
//! administrators, and quartiles of the actual values of completed projects.

use jixiao_core::preparation::library::{default_library, percentiles};
use jixiao_core::{IndicatorCode, ProjectStatus, ProjectType, ReadingValue};
use jixiao_store::StoreError;
use rust_decimal::Decimal;

use crate::fixtures::{code, dec, highway, reading, stamp, with_organizations};
use crate::harness::for_each_store;

#[tokio::test]
async fn the_default_library_is_seeded_once_and_edits_are_kept() {
    for_each_store("library_seeded", |store| async move {
        let mut expected = default_library();
        // Listed by the stored type code, each type in the library's order.
        expected.sort_by_key(|template| template.project_type.code());
        assert_eq!(store.indicator_templates(None).await.unwrap(), expected);
        let highway_templates = store
            .indicator_templates(Some(ProjectType::Highway))
            .await
            .unwrap();
        assert!(highway_templates.len() >= 5);
        assert!(
            highway_templates
                .iter()
                .all(|t| t.project_type == ProjectType::Highway)
        );

        let mut edited = highway_templates[0].clone();
        edited.name = "新建及改建里程".into();
        edited.default_weight = Decimal::from(15);
        store.save_template(&edited).await.unwrap();
        let mut added = highway_templates[1].clone();
        added.code = IndicatorCode::new("OUT-99").unwrap();
        store.save_template(&added).await.unwrap();
        store.migrate().await.unwrap();
        let after = store
            .indicator_templates(Some(ProjectType::Highway))
            .await
            .unwrap();
        assert_eq!(after.len(), highway_templates.len() + 1);
        assert_eq!(after[0], edited, "replaced in place");
        assert_eq!(after.last(), Some(&added), "added at the end");

        store
            .delete_template(ProjectType::Highway, &added.code)
            .await
            .unwrap();
        let again = store
            .delete_template(ProjectType::Highway, &added.code)
            .await;
        assert!(
            matches!(again, Err(StoreError::NotFound { .. })),
            "{again:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn statistics_are_the_quartiles_of_the_latest_values_of_completed_projects() {
    // (code, type, status, OUT-01 readings in date order)
    let projects: [(&str, ProjectType, ProjectStatus, &[&str]); 6] = [
        (
            "C-1",
            ProjectType::Highway,
            ProjectStatus::Completed,
            &["3", "10"],
        ),
        (
            "C-2",
            ProjectType::Highway,
            ProjectStatus::Completed,
            &["20"],
        ),
        (
            "C-3",
            ProjectType::Highway,
            ProjectStatus::Completed,
            &["12.5"],
        ),
        (
            "C-4",
            ProjectType::Highway,
            ProjectStatus::Completed,
            &["7", "40"],
        ),
        (
            "R-1",
            ProjectType::Highway,
            ProjectStatus::InProgress,
            &["1000"],
        ),
        ("B-1", ProjectType::Bridge, ProjectStatus::Completed, &["5"]),
    ];
    let projects = &projects;
    for_each_store("library_statistics", |store| async move {
        with_organizations(&store).await;
        for (project, project_type, status, values) in projects {
            let mut dossier = highway();
            dossier.project.code = code(project);
            dossier.project.project_type = *project_type;
            dossier.project.status = *status;
            dossier.readings = values
                .iter()
                .enumerate()
                .map(|(n, value)| {
                    reading(
                        "OUT-01",
                        &format!("2024-0{}-28", n + 1),
                        ReadingValue::Value { value: dec(value) },
                    )
                })
                .collect();
            store
                .import_dossier(&dossier, false, &stamp())
                .await
                .unwrap();
        }
        let stats = store
            .library_statistics(ProjectType::Highway)
            .await
            .unwrap();
        let out01 = IndicatorCode::new("OUT-01").unwrap();
        // Worked by hand: the latest values 10, 20, 12.5 and 40, sorted 10, 12.5, 20, 40;
        // h = 3p gives 0.75, 1.5 and 2.25.
        let expected = percentiles(&[dec("10"), dec("20"), dec("12.5"), dec("40")]).unwrap();
        assert_eq!(stats.get(&out01), Some(&expected));
        assert_eq!(
            (expected.count, expected.p25, expected.p50, expected.p75),
            (4, dec("11.875"), dec("16.25"), dec("25"))
        );
        assert_eq!(
            stats.len(),
            1,
            "graded and unmeasured indicators have no statistics"
        );
        let bridges = store.library_statistics(ProjectType::Bridge).await.unwrap();
        assert_eq!(bridges.get(&out01).map(|p| p.count), Some(1));
        assert!(
            store
                .library_statistics(ProjectType::Tunnel)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

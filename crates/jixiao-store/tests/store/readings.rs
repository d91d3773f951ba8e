//! Recording single indicator readings after import: where they go, and what is refused.

use jixiao_core::{Grade, ProjectDossier, ReadingValue};

use crate::expect;
use crate::fixtures::stamp;
use crate::fixtures::{code, dec, highway, reading, with_organizations};
use crate::harness::for_each_store;

#[tokio::test]
async fn an_added_reading_comes_after_the_others_in_readings_and_the_export() {
    for_each_store("add_reading", |store| async move {
        with_organizations(&store).await;
        let mut dossier = highway();
        store
            .import_dossier(&dossier, false, &stamp())
            .await
            .unwrap();
        // A second project without readings, so that positions are seen to be per project.
        let mut bare: ProjectDossier = highway();
        bare.project.code = code("G15-002");
        bare.readings.clear();
        store.import_dossier(&bare, false, &stamp()).await.unwrap();

        // Dated before the imported readings: the order is that of recording, not of dates.
        let added = [
            reading(
                "OUT-01",
                "2023-06-30",
                ReadingValue::Value { value: dec("3.50") },
            ),
            reading(
                "OUT-02",
                "2024-12-31",
                ReadingValue::Graded {
                    grade: Grade::Achieved,
                    score: dec("10"),
                },
            ),
        ];
        for new in &added {
            store
                .add_reading(&dossier.project.code, new, &stamp())
                .await
                .unwrap();
            dossier.readings.push(new.clone());
        }
        store
            .add_reading(&bare.project.code, &added[1], &stamp())
            .await
            .unwrap();
        bare.readings.push(added[1].clone());

        for expected in [&dossier, &bare] {
            let code = &expected.project.code;
            assert_eq!(store.readings(code).await.unwrap(), expected.readings);
            assert_eq!(&store.export_dossier(code).await.unwrap(), expected);
        }
        assert_eq!(store.table_counts().await.unwrap()["reading"], 4 + 2 + 1);

        // The export, imported again in place of the project, gives the same export.
        let exported = store.export_dossier(&dossier.project.code).await.unwrap();
        store
            .import_dossier(&exported, true, &stamp())
            .await
            .unwrap();
        assert_eq!(
            store.export_dossier(&dossier.project.code).await.unwrap(),
            dossier
        );
    })
    .await;
}

#[tokio::test]
async fn a_refused_reading_writes_nothing() {
    let value = || ReadingValue::Value { value: dec("1") };
    let graded = || ReadingValue::Graded {
        grade: Grade::NotAchieved,
        score: dec("0"),
    };
    let cases: Vec<(&str, &str, ReadingValue, expect::Check)> = vec![
        ("NO-SUCH", "OUT-01", value(), |e| {
            expect::not_found(e, "project", "NO-SUCH")
        }),
        ("G15-001", "NO-SUCH", value(), |e| {
            expect::not_found(e, "indicator", "NO-SUCH")
        }),
        ("G15-001", "OUT-01", graded(), |e| {
            expect::invalid(
                e,
                "indicator \"OUT-01\": a graded reading belongs to a qualitative indicator",
            )
        }),
        ("G15-001", "OUT-02", value(), |e| {
            expect::invalid(
                e,
                "indicator \"OUT-02\": a qualitative indicator is read with a grade and a score",
            )
        }),
    ];
    let cases = &cases;
    for_each_store("add_reading_refused", |store| async move {
        with_organizations(&store).await;
        store
            .import_dossier(&highway(), false, &stamp())
            .await
            .unwrap();
        let before = store.table_counts().await.unwrap();
        for (project, indicator, value, check) in cases {
            let new = reading(indicator, "2024-12-31", value.clone());
            let error = store
                .add_reading(&code(project), &new, &stamp())
                .await
                .unwrap_err();
            assert!(check(&error), "{project} {indicator}: {error:?}");
            assert_eq!(store.table_counts().await.unwrap(), before, "{indicator}");
        }
        assert_eq!(
            store.readings(&code("G15-001")).await.unwrap(),
            highway().readings
        );
    })
    .await;
}

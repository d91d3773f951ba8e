//! Posts, their holders, and who answers for each cost line and indicator.

use jixiao_core::{IndicatorCode, ItemRef, LineCode, OwnedItem, Owner, Responsibility, Role};
use jixiao_store::Store;

use crate::expect;
use crate::fixtures::stamp;
use crate::fixtures::{code, highway, with_organizations};
use crate::harness::for_each_store;
use crate::people::{add_user, post};

fn line(code: &str) -> ItemRef {
    ItemRef::CostLine(LineCode::new(code).unwrap())
}

fn indicator(code: &str) -> ItemRef {
    ItemRef::Indicator(IndicatorCode::new(code).unwrap())
}

fn user(name: &str) -> Owner {
    Owner::User(name.to_owned())
}

fn by_post(code: &str) -> Owner {
    Owner::Post(code.to_owned())
}

/// The highway project, three users and a cost-engineer post held by two of them.
async fn with_people(store: &Store) {
    with_organizations(store).await;
    store
        .import_dossier(&highway(), false, &stamp())
        .await
        .unwrap();
    add_user(store, "li", "JT-01", &[Role::Engineer]).await;
    add_user(store, "wang", "JT-01", &[Role::Finance]).await;
    add_user(store, "zhao", "JT-01", &[Role::Engineer]).await;
    let posts = [
        post("cost-engineer", "造价工程师", "JT-01"),
        post("site-manager", "现场负责人", "JT-01"),
    ];
    assert_eq!(store.ensure_posts(&posts).await.unwrap(), 2);
    store
        .add_post_holder("cost-engineer", "zhao")
        .await
        .unwrap();
    store
        .add_post_holder("cost-engineer", "wang")
        .await
        .unwrap();
}

fn responsibility(item: ItemRef, owner: Owner, name: &str, holders: &[&str]) -> Responsibility {
    Responsibility {
        item,
        owner,
        owner_name: name.to_owned(),
        holders: holders.iter().map(|h| (*h).to_owned()).collect(),
    }
}

#[tokio::test]
async fn posts_are_created_once_and_held_once() {
    for_each_store("posts", |store| async move {
        with_people(&store).await;
        let again = [
            post("cost-engineer", "改名不生效", "JT-01"),
            post("auditor", "内审岗", "JT"),
        ];
        assert_eq!(store.ensure_posts(&again).await.unwrap(), 1);
        let names: Vec<(String, String)> = store
            .posts()
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.code, p.name))
            .collect();
        assert_eq!(
            names,
            [
                ("auditor".into(), "内审岗".into()),
                ("cost-engineer".into(), "造价工程师".into()),
                ("site-manager".into(), "现场负责人".into()),
            ]
        );
        store
            .add_post_holder("cost-engineer", "zhao")
            .await
            .unwrap();
        assert_eq!(store.table_counts().await.unwrap()["post_holder"], 2);

        let before = store.table_counts().await.unwrap();
        let error = store
            .ensure_posts(&[post("new", "新岗", "JT"), post("lost", "无主", "NOWHERE")])
            .await
            .unwrap_err();
        assert!(
            expect::not_found(&error, "organization", "NOWHERE"),
            "{error}"
        );
        let error = store.add_post_holder("nothing", "li").await.unwrap_err();
        assert!(expect::not_found(&error, "post", "nothing"), "{error}");
        let error = store
            .add_post_holder("site-manager", "nobody")
            .await
            .unwrap_err();
        assert!(expect::not_found(&error, "user", "nobody"), "{error}");
        assert_eq!(store.table_counts().await.unwrap(), before);
    })
    .await;
}

#[tokio::test]
async fn owners_are_listed_with_the_holders_of_their_posts() {
    for_each_store("responsibilities", |store| async move {
        with_people(&store).await;
        let project = code("G15-001");
        assert!(store.responsibilities(&project).await.unwrap().is_empty());
        let assignments = [
            (indicator("OUT-01"), user("li")),
            (line("L03"), by_post("site-manager")),
            (line("L01"), user("li")),
            (line("L02"), by_post("cost-engineer")),
        ];
        store.assign_owners(&project, &assignments).await.unwrap();
        let expected = vec![
            responsibility(line("L01"), user("li"), "LI", &[]),
            responsibility(
                line("L02"),
                by_post("cost-engineer"),
                "造价工程师",
                &["WANG", "ZHAO"],
            ),
            responsibility(line("L03"), by_post("site-manager"), "现场负责人", &[]),
            responsibility(indicator("OUT-01"), user("li"), "LI", &[]),
        ];
        assert_eq!(store.responsibilities(&project).await.unwrap(), expected);

        // Assigning again replaces the owner of the item rather than adding one.
        let again = [
            (line("L01"), by_post("cost-engineer")),
            (line("L03"), user("wang")),
        ];
        store.assign_owners(&project, &again).await.unwrap();
        let listed = store.responsibilities(&project).await.unwrap();
        assert_eq!(listed.len(), 4);
        assert_eq!(
            listed[0],
            responsibility(
                line("L01"),
                by_post("cost-engineer"),
                "造价工程师",
                &["WANG", "ZHAO"]
            )
        );
        assert_eq!(
            listed[2],
            responsibility(line("L03"), user("wang"), "WANG", &[])
        );

        let error = store.responsibilities(&code("NONE")).await.unwrap_err();
        assert!(expect::not_found(&error, "project", "NONE"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn an_assignment_naming_anything_unknown_writes_nothing() {
    for_each_store("assign_refused", |store| async move {
        with_people(&store).await;
        let project = code("G15-001");
        store
            .assign_owners(&project, &[(line("L01"), user("li"))])
            .await
            .unwrap();
        let before = store.responsibilities(&project).await.unwrap();
        let counts = store.table_counts().await.unwrap();
        let cases: [(ItemRef, Owner, expect::Check); 4] = [
            (line("L99"), user("li"), |e| {
                expect::not_found(e, "cost line", "L99")
            }),
            (indicator("L01"), user("li"), |e| {
                expect::not_found(e, "indicator", "L01")
            }),
            (line("L02"), user("nobody"), |e| {
                expect::not_found(e, "user", "nobody")
            }),
            (indicator("OUT-02"), by_post("none"), |e| {
                expect::not_found(e, "post", "none")
            }),
        ];
        for (item, owner, expected) in cases {
            // A valid assignment comes first, so a partial write would show.
            let assignments = [(line("L01"), user("wang")), (item.clone(), owner)];
            let error = store
                .assign_owners(&project, &assignments)
                .await
                .unwrap_err();
            assert!(expected(&error), "{item:?}: {error}");
            assert_eq!(store.responsibilities(&project).await.unwrap(), before);
            assert_eq!(store.table_counts().await.unwrap(), counts);
        }
        let error = store
            .assign_owners(&code("NONE"), &[(line("L01"), user("li"))])
            .await
            .unwrap_err();
        assert!(expect::not_found(&error, "project", "NONE"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_users_items_include_those_of_the_posts_it_holds() {
    for_each_store("items_of", |store| async move {
        with_people(&store).await;
        let project = code("G15-001");
        let assignments = [
            (line("L01"), user("li")),
            (line("L02"), by_post("cost-engineer")),
            (indicator("SAT-01"), user("zhao")),
            (indicator("OUT-01"), by_post("site-manager")),
        ];
        store.assign_owners(&project, &assignments).await.unwrap();
        let item = |item: ItemRef, name: &str, via: Option<&str>| OwnedItem {
            project: project.clone(),
            project_name: "G15 成都至雅安高速公路改扩建".to_owned(),
            item,
            item_name: name.to_owned(),
            via_post: via.map(str::to_owned),
        };
        let cases = [
            ("li", vec![item(line("L01"), "路基土石方工程", None)]),
            (
                "wang",
                vec![item(line("L02"), "征地拆迁", Some("造价工程师"))],
            ),
            (
                "zhao",
                vec![
                    item(line("L02"), "征地拆迁", Some("造价工程师")),
                    item(indicator("SAT-01"), "沿线群众满意度", None),
                ],
            ),
        ];
        for (username, expected) in cases {
            assert_eq!(
                store.items_of(username).await.unwrap(),
                expected,
                "{username}"
            );
        }
        let error = store.items_of("nobody").await.unwrap_err();
        assert!(expect::not_found(&error, "user", "nobody"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn replacing_a_project_keeps_the_owners_of_the_items_it_still_has() {
    for_each_store("replace_keeps_owners", |store| async move {
        with_people(&store).await;
        let project = code("G15-001");
        let assignments = [
            (line("L01"), user("li")),
            (line("L03"), user("li")),
            (indicator("OUT-01"), by_post("cost-engineer")),
            (indicator("SAT-01"), user("zhao")),
        ];
        store.assign_owners(&project, &assignments).await.unwrap();

        // The new version drops cost line L03 (only in 2024) and indicator SAT-01.
        let mut replacement = highway();
        let budget = &mut replacement.budgets[1];
        budget.lines.retain(|l| l.code.as_str() != "L03");
        budget.adjustments.retain(|a| a.line.as_str() != "L03");
        replacement
            .expenditures
            .retain(|e| e.line.as_str() != "L03");
        replacement.progress.retain(|p| p.line.as_str() != "L03");
        replacement
            .indicators
            .retain(|i| i.code.as_str() != "SAT-01");
        replacement
            .readings
            .retain(|r| r.indicator.as_str() != "SAT-01");
        store
            .import_dossier(&replacement, true, &stamp())
            .await
            .unwrap();

        let expected = vec![
            responsibility(line("L01"), user("li"), "LI", &[]),
            responsibility(
                indicator("OUT-01"),
                by_post("cost-engineer"),
                "造价工程师",
                &["WANG", "ZHAO"],
            ),
        ];
        assert_eq!(store.responsibilities(&project).await.unwrap(), expected);
        assert!(
            store
                .items_of("zhao")
                .await
                .unwrap()
                .iter()
                .all(|i| i.via_post.is_some())
        );
        assert_eq!(store.table_counts().await.unwrap()["responsibility"], 2);
    })
    .await;
}

#[tokio::test]
async fn setting_owners_clears_the_items_given_none_and_replaces_the_others() {
    for_each_store("set_owners", |store| async move {
        with_people(&store).await;
        let project = code("G15-001");
        let first = [
            (line("L01"), user("li")),
            (line("L02"), by_post("cost-engineer")),
        ];
        store.assign_owners(&project, &first).await.unwrap();
        let changes = [
            (line("L01"), None),
            (line("L02"), Some(user("wang"))),
            // Clearing an item nobody owns is no error.
            (indicator("OUT-01"), None),
        ];
        store.set_owners(&project, &changes).await.unwrap();
        assert_eq!(
            store.responsibilities(&project).await.unwrap(),
            vec![responsibility(line("L02"), user("wang"), "WANG", &[])]
        );

        // A refused change leaves the earlier clearing undone as well.
        let refused = [(line("L02"), None), (line("L99"), Some(user("li")))];
        let error = store.set_owners(&project, &refused).await.unwrap_err();
        assert!(expect::not_found(&error, "cost line", "L99"), "{error}");
        assert_eq!(store.responsibilities(&project).await.unwrap().len(), 1);
    })
    .await;
}

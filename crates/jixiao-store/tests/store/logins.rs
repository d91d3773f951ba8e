//! The login record: recording attempts, counting recent failures for throttling, and listing
//! the latest attempts, all of them or those of some organizations' accounts.

use jixiao_core::{LoginEvent, OrgCode, Role};
use jixiao_store::Store;

use crate::fixtures::with_organizations;
use crate::harness::for_each_store;
use crate::people::{add_user, at};

fn attempt(time: &str, username: &str, address: &str, success: bool) -> LoginEvent {
    LoginEvent {
        at: at(time),
        username: username.to_owned(),
        address: address.to_owned(),
        success,
        reason: if success {
            "password"
        } else {
            "wrong_password"
        }
        .to_owned(),
    }
}

async fn record(store: &Store, events: &[LoginEvent]) {
    for event in events {
        store.record_login(event).await.unwrap();
    }
}

#[tokio::test]
async fn failed_logins_are_counted_per_account_and_per_address_within_the_window() {
    for_each_store("login_throttling", |store| async move {
        with_organizations(&store).await;
        add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        record(
            &store,
            &[
                attempt("2025-03-01T07:59:59Z", "li", "10.0.0.1", false),
                attempt("2025-03-01T08:00:00Z", "li", "10.0.0.1", false),
                attempt("2025-03-01T08:00:30Z", "li", "10.0.0.2", false),
                attempt("2025-03-01T08:00:40Z", "li", "10.0.0.1", true),
                attempt("2025-03-01T08:00:50Z", "nobody", "10.0.0.1", false),
                attempt("2025-03-01T08:00:55Z", "wang", "10.0.0.3", false),
            ],
        )
        .await;
        let since = at("2025-03-01T08:00:00Z");
        let per_user = [("li", 2), ("nobody", 1), ("wang", 1), ("zhao", 0)];
        for (username, count) in per_user {
            assert_eq!(
                store
                    .failed_logins_for_user_since(username, since)
                    .await
                    .unwrap(),
                count,
                "{username}"
            );
        }
        let per_address = [("10.0.0.1", 2), ("10.0.0.2", 1), ("10.0.0.9", 0)];
        for (address, count) in per_address {
            assert_eq!(
                store
                    .failed_logins_from_address_since(address, since)
                    .await
                    .unwrap(),
                count,
                "{address}"
            );
        }
        let earlier = at("2025-03-01T07:00:00Z");
        assert_eq!(
            store
                .failed_logins_for_user_since("li", earlier)
                .await
                .unwrap(),
            3
        );
        let later = at("2025-03-01T09:00:00Z");
        assert_eq!(
            store
                .failed_logins_from_address_since("10.0.0.1", later)
                .await
                .unwrap(),
            0
        );
    })
    .await;
}

#[tokio::test]
async fn login_events_are_listed_newest_first() {
    for_each_store("login_events", |store| async move {
        with_organizations(&store).await;
        add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        let events = [
            attempt("2025-03-01T08:00:10Z", "li", "10.0.0.1", true),
            attempt("2025-03-01T08:00:00Z", "李四", "10.0.0.1", false),
            attempt("2025-03-01T08:00:20Z", "li", "::1", false),
        ];
        record(&store, &events).await;
        assert_eq!(
            store.login_events(10).await.unwrap(),
            vec![events[2].clone(), events[0].clone(), events[1].clone()]
        );
        assert_eq!(
            store.login_events(1).await.unwrap(),
            vec![events[2].clone()]
        );
        assert_eq!(store.table_counts().await.unwrap()["login_event"], 3);
    })
    .await;
}

#[tokio::test]
async fn login_events_of_some_organizations_are_chosen_before_the_limit() {
    for_each_store("login_events_of", |store| async move {
        with_organizations(&store).await;
        add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        add_user(&store, "zhao", "JT-02", &[Role::Engineer]).await;
        add_user(&store, "sun", "SL-01", &[Role::Auditor]).await;
        // The oldest record is li's; every newer one belongs to another organization or to no
        // account at all, so filtering after the limit would find nothing for JT-01.
        let events = [
            attempt("2025-03-01T08:00:00Z", "li", "10.0.0.1", true),
            attempt("2025-03-01T08:00:05Z", "li", "10.0.0.1", false),
            attempt("2025-03-01T08:00:10Z", "zhao", "10.0.0.2", true),
            attempt("2025-03-01T08:00:20Z", "sun", "10.0.0.3", true),
            attempt("2025-03-01T08:00:30Z", "nobody", "10.0.0.4", false),
        ];
        record(&store, &events).await;
        let org = |code: &str| OrgCode::new(code).unwrap();
        let cases: &[(&[&str], u32, &[usize])] = &[
            (&["JT-01"], 1, &[1]),
            (&["JT-01"], 10, &[1, 0]),
            (&["JT-01", "SL-01"], 2, &[3, 1]),
            (&["JT", "JT-01", "JT-02"], 10, &[2, 1, 0]),
            (&["JT"], 10, &[]),
            (&[], 10, &[]),
        ];
        for (codes, limit, expected) in cases {
            let organizations: Vec<OrgCode> = codes.iter().map(|c| org(c)).collect();
            let listed = store.login_events_of(&organizations, *limit).await.unwrap();
            let expected: Vec<LoginEvent> = expected.iter().map(|i| events[*i].clone()).collect();
            assert_eq!(
                listed,
                expected,
                "{codes:?} limit {limit} on {:?}",
                store.backend()
            );
        }
    })
    .await;
}

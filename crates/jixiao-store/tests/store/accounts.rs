//! Users, passwords, sessions and API tokens; the login record is in `logins`.

use jixiao_core::{OrgCode, Role, User};
use jixiao_store::Stamp;

use crate::expect;
use crate::fixtures::stamp;
use crate::fixtures::with_organizations;
use crate::harness::for_each_store;
use crate::people::{add_user, at};

#[tokio::test]
async fn users_are_created_with_their_roles_and_read_back() {
    for_each_store("users_created", |store| async move {
        with_organizations(&store).await;
        let li = store
            .create_user(
                "li",
                "李工",
                &OrgCode::new("JT-01").unwrap(),
                &[Role::Expert, Role::Engineer, Role::Expert],
                "argon2-hash-li",
                &Stamp::new("admin", at("2025-03-01T08:00:00Z")),
            )
            .await
            .unwrap();
        let expected = User {
            id: li.id,
            username: "li".into(),
            display_name: "李工".into(),
            organization: OrgCode::new("JT-01").unwrap(),
            roles: vec![Role::Engineer, Role::Expert],
            active: true,
        };
        assert_eq!(li, expected, "roles come back once each, in role order");
        let admin = add_user(&store, "admin", "JT", &[Role::Admin]).await;
        let nobody = add_user(&store, "guest", "SL-01", &[]).await;
        assert!(nobody.roles.is_empty());
        assert_eq!(store.user("li").await.unwrap(), expected);
        assert_eq!(
            store.users().await.unwrap(),
            vec![admin, nobody, expected.clone()],
            "ordered by name"
        );
        assert_eq!(
            store.credentials("li").await.unwrap(),
            Some((expected, "argon2-hash-li".to_owned()))
        );
        assert_eq!(store.credentials("wang").await.unwrap(), None);
        let error = store.user("wang").await.unwrap_err();
        assert!(expect::not_found(&error, "user", "wang"), "{error}");
        let counts = store.table_counts().await.unwrap();
        assert_eq!((counts["app_user"], counts["user_role"]), (3, 3));
    })
    .await;
}

#[tokio::test]
async fn a_refused_user_writes_nothing() {
    for_each_store("user_refused", |store| async move {
        with_organizations(&store).await;
        add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        let before = store.table_counts().await.unwrap();
        let cases: &[(&str, &str, expect::Check)] = &[
            ("li", "JT-02", |e| {
                expect::conflict(e, "app_user_username_key")
            }),
            ("wang", "NOWHERE", |e| {
                expect::not_found(e, "organization", "NOWHERE")
            }),
            ("", "JT-01", |e| expect::invalid(e, "user name")),
            ("wang wu", "JT-01", |e| expect::invalid(e, "whitespace")),
        ];
        for (username, organization, expected) in cases {
            let error = store
                .create_user(
                    username,
                    "王工",
                    &OrgCode::new(*organization).unwrap(),
                    &[Role::Admin],
                    "hash",
                    &Stamp::new("admin", at("2025-03-01T08:00:00Z")),
                )
                .await
                .unwrap_err();
            assert!(expected(&error), "{username:?}: {error}");
            assert_eq!(store.table_counts().await.unwrap(), before, "{username:?}");
        }
        assert!(!store.has_admin().await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn an_administrator_exists_only_once_an_active_admin_is_created() {
    for_each_store("has_admin", |store| async move {
        with_organizations(&store).await;
        assert!(!store.has_admin().await.unwrap());
        add_user(&store, "li", "JT-01", &[Role::Engineer, Role::Leader]).await;
        assert!(!store.has_admin().await.unwrap());
        add_user(&store, "root", "JT", &[Role::Admin]).await;
        assert!(store.has_admin().await.unwrap());
        store
            .set_user_active("root", false, &stamp())
            .await
            .unwrap();
        assert!(!store.has_admin().await.unwrap());
        assert!(!store.user("root").await.unwrap().active);
        let error = store
            .set_user_active("nobody", true, &stamp())
            .await
            .unwrap_err();
        assert!(expect::not_found(&error, "user", "nobody"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_password_change_replaces_the_hash_and_ends_that_users_sessions_only() {
    for_each_store("set_password", |store| async move {
        with_organizations(&store).await;
        add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        add_user(&store, "wang", "JT-01", &[Role::Finance]).await;
        let (now, later) = (at("2025-03-01T08:00:00Z"), at("2025-03-01T20:00:00Z"));
        for (hash, user) in [("s-li-1", "li"), ("s-li-2", "li"), ("s-wang", "wang")] {
            store
                .create_session(hash, user, "csrf", now, later)
                .await
                .unwrap();
        }
        store.set_password("li", "new-hash").await.unwrap();
        assert_eq!(
            store.credentials("li").await.unwrap().unwrap().1,
            "new-hash"
        );
        assert!(store.session("s-li-1", now).await.unwrap().is_none());
        assert!(store.session("s-li-2", now).await.unwrap().is_none());
        assert!(store.session("s-wang", now).await.unwrap().is_some());
        let error = store.set_password("nobody", "x").await.unwrap_err();
        assert!(expect::not_found(&error, "user", "nobody"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_session_is_found_until_it_expires_or_ends() {
    for_each_store("sessions", |store| async move {
        with_organizations(&store).await;
        let li = add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        let opened = at("2025-03-01T08:00:00Z");
        let expires = at("2025-03-01T20:00:00Z");
        store
            .create_session("hash-1", "li", "csrf-1", opened, expires)
            .await
            .unwrap();
        let cases = [
            ("2025-03-01T08:00:00Z", true),
            ("2025-03-01T19:59:59.999999Z", true),
            ("2025-03-01T20:00:00Z", false),
            ("2025-03-02T08:00:00Z", false),
        ];
        for (now, found) in cases {
            let session = store.session("hash-1", at(now)).await.unwrap();
            let expected = found.then(|| (li.clone(), "csrf-1".to_owned()));
            assert_eq!(session, expected, "at {now}");
        }
        assert_eq!(store.session("hash-2", opened).await.unwrap(), None);

        let error = store
            .create_session("hash-1", "li", "csrf", opened, expires)
            .await
            .unwrap_err();
        assert!(expect::conflict(&error, "session_pkey"), "{error}");
        let error = store
            .create_session("hash-3", "wang", "csrf", opened, expires)
            .await
            .unwrap_err();
        assert!(expect::not_found(&error, "user", "wang"), "{error}");

        store.delete_session("hash-1").await.unwrap();
        assert_eq!(store.session("hash-1", opened).await.unwrap(), None);
        store.delete_session("hash-1").await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn sessions_of_an_inactive_user_end_and_expired_ones_can_be_swept() {
    for_each_store("sessions_swept", |store| async move {
        with_organizations(&store).await;
        add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        add_user(&store, "wang", "JT-01", &[Role::Engineer]).await;
        let opened = at("2025-03-01T08:00:00Z");
        let sessions = [
            ("a", "li", "2025-03-01T09:00:00Z"),
            ("b", "wang", "2025-03-01T09:00:00Z"),
            ("c", "wang", "2025-03-01T12:00:00Z"),
        ];
        for (hash, user, expires) in sessions {
            store
                .create_session(hash, user, "csrf", opened, at(expires))
                .await
                .unwrap();
        }
        store.set_user_active("li", false, &stamp()).await.unwrap();
        assert_eq!(store.session("a", opened).await.unwrap(), None);
        assert_eq!(store.table_counts().await.unwrap()["session"], 2);
        let swept = store
            .delete_expired_sessions(at("2025-03-01T10:00:00Z"))
            .await
            .unwrap();
        assert_eq!(swept, 1);
        assert!(store.session("c", opened).await.unwrap().is_some());
    })
    .await;
}

#[tokio::test]
async fn an_api_token_works_until_it_is_revoked_or_expires() {
    for_each_store("api_tokens", |store| async move {
        with_organizations(&store).await;
        let li = add_user(&store, "li", "JT-01", &[Role::Engineer]).await;
        add_user(&store, "wang", "JT-01", &[Role::Finance]).await;
        let created = at("2025-03-01T08:00:00.123456789Z");
        let expires = at("2025-06-01T00:00:00Z");
        let report = store
            .create_api_token("li", "月报脚本", "t-report", created, expires)
            .await
            .unwrap();
        let sync = store
            .create_api_token("li", "同步", "t-sync", created, expires)
            .await
            .unwrap();
        assert_eq!(
            report.created_at,
            at("2025-03-01T08:00:00.123456Z"),
            "times are kept to the microsecond"
        );
        assert_eq!(
            (report.name.as_str(), report.revoked_at),
            ("月报脚本", None)
        );
        assert_eq!(
            store.api_tokens("li").await.unwrap(),
            vec![report.clone(), sync.clone()]
        );
        assert!(store.api_tokens("wang").await.unwrap().is_empty());

        let now = at("2025-04-01T00:00:00Z");
        assert_eq!(
            store.token_user("t-report", now).await.unwrap(),
            Some(li.clone())
        );
        assert_eq!(store.token_user("t-report", expires).await.unwrap(), None);
        assert_eq!(store.token_user("t-unknown", now).await.unwrap(), None);

        let error = store
            .revoke_api_token("wang", report.id, now)
            .await
            .unwrap_err();
        assert!(
            expect::not_found(&error, "api token", &report.id.to_string()),
            "{error}"
        );
        assert_eq!(
            store.token_user("t-report", now).await.unwrap(),
            Some(li.clone())
        );
        let error = store.revoke_api_token("li", 9_999, now).await.unwrap_err();
        assert!(expect::not_found(&error, "api token", "9999"), "{error}");

        store.revoke_api_token("li", report.id, now).await.unwrap();
        store
            .revoke_api_token("li", report.id, at("2025-05-01T00:00:00Z"))
            .await
            .unwrap();
        assert_eq!(store.token_user("t-report", now).await.unwrap(), None);
        assert_eq!(store.token_user("t-sync", now).await.unwrap(), Some(li));
        let tokens = store.api_tokens("li").await.unwrap();
        assert_eq!(
            tokens[0].revoked_at,
            Some(now),
            "the first revocation is kept"
        );
        assert_eq!(tokens[1].revoked_at, None);

        store.set_user_active("li", false, &stamp()).await.unwrap();
        assert_eq!(store.token_user("t-sync", now).await.unwrap(), None);

        let error = store
            .create_api_token("wang", "x", "t-sync", created, expires)
            .await
            .unwrap_err();
        assert!(
            expect::conflict(&error, "api_token_token_hash_key"),
            "{error}"
        );
        let error = store
            .create_api_token("zhao", "x", "t-new", created, expires)
            .await
            .unwrap_err();
        assert!(expect::not_found(&error, "user", "zhao"), "{error}");
    })
    .await;
}

//! `TestApp`: a server on an ephemeral port with two societies' worth of people.

use chrono::{TimeZone, Utc};
use kallos_domain::audit::AuditContext;
use kallos_domain::clock::FixedClock;
use kallos_domain::member::{MemberProfile, MembershipStatus, MembershipType, NewMembership};
use kallos_domain::policy::Role;
use kallos_domain::society::alliance_seed;
use kallos_domain::{MemberId, SocietyId};
use kallos_store::{Change, MemberRef, NewApiToken, NewMemberRecord, NewUser, Store};
use kallos_store_sqlite::SqliteStore;
use kallos_web::{AppState, WebConfig};
use std::sync::Arc;

pub const PASSWORD: &str = "correct horse battery";
pub const SBCP_ADMIN: &str = "admin.sbcp@example.org";
pub const TAS_ADMIN: &str = "admin.tas@example.org";
pub const ALLIANCE_ADMIN: &str = "alliance@example.org";
pub const MEMBER: &str = "member@example.org";
pub const TAS_TOKEN: &str = "kallos_test_token_for_tas_admin";

pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub clock: Arc<FixedClock>,
    /// The served application's state, to build its router again.
    pub state: AppState,
    pub sbcp_member: MemberId,
    pub tas_member: MemberId,
    _dir: tempfile::TempDir,
}

fn member(given: &str, family: &str, society: SocietyId) -> NewMemberRecord {
    NewMemberRecord {
        profile: MemberProfile {
            given_name: given.to_owned(),
            family_name: family.to_owned(),
            country_iso2: "BR".to_owned(),
            city: "Recife".to_owned(),
            languages: vec!["pt".to_owned()],
            offers_follow_up: false,
            directory_opt_in: true,
        },
        email: Some(format!("{}@example.org", given.to_ascii_lowercase())),
        memberships: vec![NewMembership {
            society_id: society,
            membership_type: MembershipType::Active,
            status: MembershipStatus::Active,
            since: chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
        }],
        certifications: vec![],
        facilities: vec![],
    }
}

impl TestApp {
    pub async fn spawn() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store: Arc<dyn Store> = Arc::new(
            SqliteStore::open(&dir.path().join("kallos.db"))
                .await
                .expect("open store"),
        );
        let clock = Arc::new(FixedClock::new(
            Utc.with_ymd_and_hms(2026, 5, 4, 10, 0, 0).unwrap(),
        ));
        let ctx = AuditContext::system("test", Utc.with_ymd_and_hms(2026, 5, 4, 9, 0, 0).unwrap());
        store
            .apply(
                &ctx,
                alliance_seed()
                    .into_iter()
                    .map(Change::EnsureSociety)
                    .collect(),
            )
            .await
            .expect("societies");
        let sbcp = store.society_by_slug("SBCP").await.unwrap().unwrap().id;
        let tas = store.society_by_slug("TAS").await.unwrap().unwrap().id;
        let hash = kallos_web::hash_password(PASSWORD).expect("hash");
        let user = |email: &str, roles: Vec<Role>, member: Option<MemberRef>| {
            Change::CreateUser(NewUser {
                email: email.to_owned(),
                display_name: email.split('@').next().unwrap().to_owned(),
                password_hash: hash.clone(),
                member,
                roles,
            })
        };
        let outcomes = store
            .apply(
                &ctx,
                vec![
                    Change::CreateMember(Box::new(member("Ana", "Souza", sbcp))),
                    Change::CreateMember(Box::new(member("Taylor", "Brooks", tas))),
                    user(SBCP_ADMIN, vec![Role::SocietyAdmin(sbcp)], None),
                    user(TAS_ADMIN, vec![Role::SocietyAdmin(tas)], None),
                    user(ALLIANCE_ADMIN, vec![Role::AllianceAdmin], None),
                    user(MEMBER, vec![], Some(MemberRef::Batch(0))),
                ],
            )
            .await
            .expect("people");
        let tas_admin = kallos_domain::UserId(outcomes[3].created_id().unwrap());
        store
            .apply(
                &ctx,
                vec![Change::CreateApiToken(NewApiToken {
                    token_hash: kallos_web::token_hash(TAS_TOKEN),
                    user_id: tas_admin,
                    name: "test".to_owned(),
                    expires_at: None,
                })],
            )
            .await
            .expect("token");
        let state =
            AppState::new(Arc::clone(&store), clock.clone(), WebConfig::default()).expect("state");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(kallos_web::serve(
            listener,
            state.clone(),
            std::future::pending(),
        ));
        Self {
            base,
            store,
            clock,
            state,
            sbcp_member: MemberId(outcomes[0].created_id().unwrap()),
            tas_member: MemberId(outcomes[1].created_id().unwrap()),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, does not follow redirects.
    pub fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    /// The CSRF token of the forms on a page.
    pub async fn csrf(&self, client: &reqwest::Client, path: &str) -> String {
        let html = client
            .get(self.url(path))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("body");
        csrf_in(&html)
    }

    /// A client signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let client = Self::browser();
        let token = self.csrf(&client, "/sign-in").await;
        let response = client
            .post(self.url("/sign-in"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", email),
                ("password", PASSWORD),
                ("next", "/"),
            ])
            .send()
            .await
            .expect("sign in");
        assert_eq!(response.status(), 303, "sign-in of {email} redirects");
        client
    }

    pub async fn audit_count(&self) -> i64 {
        self.store
            .audit_head()
            .await
            .unwrap()
            .map_or(0, |(seq, _)| seq)
    }
}

pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    html[start..start + 64].to_owned()
}

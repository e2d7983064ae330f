//! `kallos credential verify`: offline checks of a signed membership credential.

use crate::{kallos, run, text};
use chrono::{TimeZone, Utc};
use kallos_credentials::{
    Jwk, Jwks, MembershipClaims, Signer, key_material, membership_credential,
    status_list_credential, urn_uuid,
};

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn write(&self, name: &str, content: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }
}

#[test]
fn verify_checks_signature_dates_and_status_offline() {
    let files = Files {
        dir: tempfile::tempdir().unwrap(),
    };
    let (kid, public, private) = key_material([5; 32]);
    let signer = Signer::from_stored(&kid, &private).unwrap();
    let jwks = Jwks {
        keys: vec![Jwk::ed25519(&kid, &public)],
    };
    let jwks = files.write("jwks.json", &serde_json::to_string(&jwks).unwrap());
    let at = |y, m, d| Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().unwrap();
    let claims = MembershipClaims {
        credential_id: urn_uuid([1; 16]),
        issuer_id: "https://kallos.example/societies/SBCP".into(),
        issuer_name: "Sociedade Brasileira de Cirurgia Plástica".into(),
        society_acronym: "SBCP".into(),
        subject_id: "https://kallos.example/verify/abc".into(),
        subject_name: "Ana Souza".into(),
        membership_type: "active".into(),
        valid_from: at(2026, 1, 1),
        valid_until: at(2027, 1, 1),
        status_list: "https://kallos.example/credentials/status/SBCP".into(),
        status_index: 3,
    };
    let token = files.write("ana.jwt", &signer.sign(&membership_credential(&claims)));
    let list = |purpose: &str, set: &[usize]| {
        signer.sign(&status_list_credential(
            &format!("https://kallos.example/credentials/status/SBCP/{purpose}"),
            "https://kallos.example/societies/SBCP",
            purpose,
            set,
            at(2026, 6, 1),
        ))
    };
    let revocation = files.write("revocation.jwt", &list("revocation", &[]));
    let suspension = files.write("suspension.jwt", &list("suspension", &[]));
    let verify = |extra: &[&str]| {
        let mut command = kallos(files.dir.path());
        command.args(["credential", "verify", &token, "--jwks", &jwks]);
        command.args(extra);
        run(&mut command)
    };

    let ok = verify(&[
        "--at",
        "2026-06-01T00:00:00Z",
        "--status-list",
        &revocation,
        "--status-list",
        &suspension,
    ]);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let out = text(&ok.stdout);
    assert!(out.starts_with("valid: Ana Souza (active)"), "{out}");
    assert!(out.contains("neither revoked nor suspended"));

    let expired = verify(&["--at", "2027-02-01T00:00:00Z"]);
    assert_eq!(expired.status.code(), Some(1));
    assert!(text(&expired.stderr).contains("invalid: expired on 2027-01-01"));

    let revoked = files.write("revoked.jwt", &list("revocation", &[3]));
    let refused = verify(&[
        "--at",
        "2026-06-01T00:00:00Z",
        "--status-list",
        &revoked,
        "--status-list",
        &suspension,
    ]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains("revoked"),
        "{}",
        text(&refused.stderr)
    );

    let missing = verify(&["--at", "2026-06-01T00:00:00Z", "--status-list", &revocation]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("was not given"));

    let (other_kid, other_public, _) = key_material([6; 32]);
    let wrong = files.write(
        "other.json",
        &serde_json::to_string(&Jwks {
            keys: vec![Jwk {
                kid: kid.clone(),
                ..Jwk::ed25519(&other_kid, &other_public)
            }],
        })
        .unwrap(),
    );
    let mut command = kallos(files.dir.path());
    command.args(["credential", "verify", &token, "--jwks", &wrong]);
    let forged = run(&mut command);
    assert_eq!(forged.status.code(), Some(1));
    assert!(text(&forged.stderr).contains("signature does not match"));
}

//! The report from the store: which margin rows count (only approved data for the
//! public), which disclosure rule applies, and publishing a year.

use crate::cellkey::CellKey;
use crate::publish::{canonical_json, parse, sha256_hex};
use crate::report::{Report, Scope, TREND_YEARS, build, build_public};
use kallos_domain::SocietyId;
use kallos_domain::audit::AuditContext;
use kallos_domain::registry::{MarginKey, MarginKind, Measures};
use kallos_domain::statistics::{Disclosure, DisclosureScope};
use kallos_store::statistics::{Publication, approved_quarter};
use kallos_store::{Change, NewPublication, Outcome, Store, StoreError, StoreResult};

/// The disclosure rule of a scope: its own, else the default one set by
/// an administrator, else the built-in default (threshold 11).
pub async fn rule_for(store: &dyn Store, scope: &Scope) -> StoreResult<Disclosure> {
    let rules = store.disclosure_rules().await?;
    let find = |wanted: &DisclosureScope| rules.iter().find(|(s, _)| s == wanted).map(|(_, r)| *r);
    let own = match scope {
        Scope::Global => None,
        Scope::Society(s) => find(&DisclosureScope::Society(s.clone())),
        Scope::Country(c) => find(&DisclosureScope::Country(c.clone())),
    };
    Ok(own
        .or_else(|| find(&DisclosureScope::Default))
        .unwrap_or_default())
}

async fn society_id(store: &dyn Store, scope: &Scope) -> StoreResult<Option<SocietyId>> {
    let Scope::Society(acronym) = scope else {
        return Ok(None);
    };
    let societies = store.list_societies().await?;
    societies
        .iter()
        .find(|s| s.acronym.eq_ignore_ascii_case(acronym))
        .map(|s| Some(s.id))
        .ok_or_else(|| StoreError::NotFound(format!("society {acronym}")))
}

/// The margin rows a report of `year` reads: every kind for the year, the
/// procedure rows (all the trend table needs) for the four years before.
async fn report_margins(store: &dyn Store, year: i32) -> StoreResult<Vec<(MarginKey, Measures)>> {
    let mut margins = store
        .margins_in_years(
            year - TREND_YEARS + 1,
            year - 1,
            Some(MarginKind::Procedure),
        )
        .await?;
    margins.extend(store.margins_in_years(year, year, None).await?);
    Ok(margins)
}

/// The installation's statistics key: derived from its secret (the one
/// patient pseudonyms use, made on first use), never stored apart.
pub async fn cell_key(store: &dyn Store, ctx: &AuditContext) -> StoreResult<CellKey> {
    Ok(CellKey::derive(&store.pseudonym_secret(ctx).await?))
}

/// The public report: approved data only, under disclosure control (the
/// cell-key method under `key`, see [`crate::cellkey`]).
pub async fn public_report(
    store: &dyn Store,
    key: &CellKey,
    year: i32,
    scope: Scope,
) -> StoreResult<Report> {
    let society = society_id(store, &scope).await?;
    let approvals = store.approvals(None).await?;
    let mut margins = report_margins(store, year).await?;
    margins.retain(|(k, _)| {
        approved_quarter(&approvals, SocietyId(k.society_id), k.year, k.quarter).is_some()
    });
    let rule = rule_for(store, &scope).await?;
    Ok(build_public(year, scope, society.map(|s| s.0), &margins).protect(rule, key))
}

/// A society's own report: all its data, approved or not, unsuppressed.
pub async fn society_report(store: &dyn Store, year: i32, acronym: &str) -> StoreResult<Report> {
    let scope = Scope::Society(acronym.to_owned());
    let society = society_id(store, &scope).await?;
    let margins = report_margins(store, year).await?;
    Ok(build(year, scope, society.map(|s| s.0), &margins))
}

/// Freezes the global public report of `year` as its next publication;
/// unchanged when the latest one has the same content (a year published
/// before the cell-key method gets a new version with it). Refused when no
/// society has approved any of the year's data.
pub async fn publish(
    store: &dyn Store,
    ctx: &AuditContext,
    year: i32,
) -> StoreResult<(Outcome, Report)> {
    if !store
        .approvals(None)
        .await?
        .iter()
        .any(|a| a.period.year == year)
    {
        return Err(StoreError::Conflict(format!(
            "no society has approved data for {year}: nothing to publish"
        )));
    }
    let key = cell_key(store, ctx).await?;
    let report = public_report(store, &key, year, Scope::Global).await?;
    let body = canonical_json(&report);
    let sha256 = sha256_hex(&body);
    let outcomes = store
        .apply(
            ctx,
            vec![Change::PublishStatistics(NewPublication {
                year,
                body,
                sha256,
            })],
        )
        .await?;
    Ok((
        outcomes.first().copied().unwrap_or(Outcome::Unchanged),
        report,
    ))
}

/// A stored publication's report.
pub fn report_of(publication: &Publication) -> StoreResult<Report> {
    parse(&publication.body).map_err(StoreError::Backend)
}

/// The latest version of each published year, newest year first.
pub async fn latest_publications(store: &dyn Store) -> StoreResult<Vec<Publication>> {
    let mut latest: Vec<Publication> = Vec::new();
    for p in store.publications(None).await? {
        match latest.iter_mut().find(|l| l.year == p.year) {
            Some(l) if l.version < p.version => *l = p,
            Some(_) => {}
            None => latest.push(p),
        }
    }
    latest.sort_by_key(|p| std::cmp::Reverse(p.year));
    Ok(latest)
}

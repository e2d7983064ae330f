//! Statistics pages: the public annual report (`/statistics`,
//! `/statistics/{year}`) with its charts, tables and downloads; a society's
//! own unsuppressed view with its approvals; the alliance's desk (approvals
//! of every society, disclosure rules, publishing a year).

use crate::AppState;
use crate::auth::RequestMeta;
use crate::charts;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::input::FormInput;
use crate::pages::Frame;
use crate::tenancy::Tenant;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use kallos_domain::policy::{Action, authorize};
use kallos_domain::society::Society;
use kallos_domain::statistics::{Disclosure, DisclosureMode, DisclosureScope, Period};
use kallos_statistics::publish::{Restatement, restatements};
use kallos_statistics::report::{Report, Scope, Table};
use kallos_statistics::service;
use kallos_store::Change;
use kallos_store::statistics::{Approval, Publication};
use serde::Deserialize;

/// The filters of every report page, a plain GET form.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct Filters {
    pub year: Option<String>,
    pub country: Option<String>,
    pub category: Option<String>,
    pub society: Option<String>,
    pub version: Option<String>,
}

impl Filters {
    fn clean(value: &Option<String>) -> Option<String> {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    fn year(&self) -> AppResult<Option<i32>> {
        Self::clean(&self.year)
            .map(|y| {
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1900..=2999).contains(y))
                    .ok_or_else(|| AppError::BadRequest(format!("year: '{y}' is not a year")))
            })
            .transpose()
    }

    fn country(&self) -> AppResult<Option<String>> {
        Self::clean(&self.country)
            .map(|c| {
                let c = c.to_ascii_uppercase();
                if kallos_domain::country::is_known(&c) {
                    Ok(c)
                } else {
                    Err(AppError::BadRequest(format!(
                        "country: '{c}' is not an ISO 3166-1 alpha-2 code"
                    )))
                }
            })
            .transpose()
    }

    fn category(&self) -> Option<String> {
        Self::clean(&self.category)
    }

    /// The query string of the filters other than the year, for links.
    fn query(&self) -> String {
        let mut parts = Vec::new();
        for (name, value) in [
            ("country", &self.country),
            ("category", &self.category),
            ("society", &self.society),
        ] {
            if let Some(v) = Self::clean(value) {
                parts.push(format!(
                    "{name}={}",
                    form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                ));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// A table on a page, formatted.
pub struct Section {
    pub id: String,
    pub title: String,
    pub chart: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<ViewRow>,
    /// Where its CSV is, if it can be downloaded.
    pub csv: Option<String>,
}

pub struct ViewRow {
    pub label: String,
    pub level: u8,
    pub cells: Vec<String>,
}

fn cell(value: Option<i64>, tr: &Tr) -> String {
    value.map_or_else(
        || tr.t("stat-suppressed-mark").into_owned(),
        charts::grouped,
    )
}

fn percent(value: f64) -> String {
    format!("{:.1}", value * 100.0)
}

/// The message naming a procedure of the taxonomy.
fn procedure_message(code: &str) -> String {
    format!("stat-procedure-{}", code.to_ascii_lowercase())
}

/// Translated label of a row where there is one, else the report's own.
fn row_label(tr: &Tr, key: &str, label: &str) -> String {
    const TRANSLATED: [&str; 14] = [
        "total",
        "kind:surgical",
        "kind:non_surgical",
        "sex:F",
        "sex:M",
        "sex:X",
        "setting:office",
        "setting:ambulatory_surgery_centre",
        "setting:hospital",
        "smoker:yes",
        "smoker:no",
        "combined:yes",
        "combined:no",
        "bmi:0",
    ];
    if TRANSLATED.contains(&key) {
        tr.t(format!("stat-row-{}", key.replace([':', '_'], "-")))
            .into_owned()
    } else if let Some(category) = key.strip_prefix("category:") {
        tr.t(format!("stat-category-{}", category.replace('_', "-")))
            .into_owned()
    } else if let Some(code) = key.strip_prefix("procedure:")
        && kallos_domain::registry::codes::procedure_index(code).is_some()
    {
        tr.t(procedure_message(code)).into_owned()
    } else if let Some(code) = key.strip_prefix("country:")
        && kallos_domain::country::is_known(code)
    {
        tr.country(code)
    } else {
        label.to_owned()
    }
}

/// Rows of a table, ranked by their published value within each parent
/// (suppressed rows last), so that order reveals nothing about hidden counts.
fn ranked_children(table: &Table, column: usize, level: u8) -> Vec<(String, String, i64)> {
    let mut items: Vec<(String, String, i64)> = table
        .rows
        .iter()
        .filter(|r| r.level == level)
        .filter_map(|r| {
            r.values
                .get(column)
                .copied()
                .flatten()
                .filter(|v| *v > 0)
                .map(|v| (r.key.clone(), r.label.clone(), v))
        })
        .collect();
    items.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    items
}

/// Builds the sections of a report page, with charts.
pub fn sections(
    report: &Report,
    tr: &Tr,
    category: Option<&str>,
    csv_base: Option<&str>,
) -> Vec<Section> {
    let mut out = Vec::new();
    let csv = |id: &str| csv_base.map(|b| format!("{b}/{id}.csv"));
    let rate_text = |table: &Table, row: &kallos_statistics::TableRow, events: &str| {
        table.rate(row, events, "procedures").map_or_else(
            || tr.t("stat-suppressed-mark").into_owned(),
            |r| {
                format!(
                    "{} ({}–{})",
                    percent(r.rate),
                    percent(r.low),
                    percent(r.high)
                )
            },
        )
    };
    if let Some(t) = report.table("procedures") {
        let in_category = |key: &str, level: u8| -> bool {
            let Some(category) = category else {
                return true;
            };
            if level <= 1 {
                return true;
            }
            let code = key.split_once(':').map_or("", |(_, c)| c);
            if level == 2 {
                return code == category;
            }
            kallos_domain::registry::codes::procedures()
                .iter()
                .any(|p| p.code == code && p.category == category)
        };
        let ranked: Vec<(String, i64)> = ranked_children(t, 0, 3)
            .into_iter()
            .filter(|(key, _, _)| in_category(key, 3))
            .take(15)
            .map(|(key, label, v)| (row_label(tr, &key, &label), v))
            .collect();
        let mut columns = vec![tr.t("stat-procedure").into_owned()];
        columns.extend(
            t.columns
                .iter()
                .map(|c| tr.t(format!("stat-col-{c}")).into_owned()),
        );
        columns.insert(3, tr.t("stat-col-rate").into_owned());
        let rows = t
            .rows
            .iter()
            .filter(|r| in_category(&r.key, r.level))
            .map(|r| {
                let mut cells: Vec<String> = r.values.iter().map(|v| cell(*v, tr)).collect();
                cells.insert(2, rate_text(t, r, "complicated"));
                ViewRow {
                    label: row_label(tr, &r.key, &r.label),
                    level: r.level,
                    cells,
                }
            })
            .collect();
        out.push(Section {
            id: "procedures".to_owned(),
            title: tr.t("stat-table-procedures").into_owned(),
            chart: (!ranked.is_empty()).then(|| {
                charts::bars(
                    "chart-procedures",
                    &tr.t("stat-chart-top"),
                    &tr.t("stat-chart-top-desc"),
                    &ranked,
                )
            }),
            columns,
            rows,
            csv: csv("procedures"),
        });
        // Complication rates by category, with their intervals.
        let rates: Vec<(String, f64, f64, f64)> = t
            .rows
            .iter()
            .filter(|r| r.level == 2 && in_category(&r.key, 2))
            .filter_map(|r| {
                t.rate(r, "complicated", "procedures")
                    .map(|x| (row_label(tr, &r.key, &r.label), x.rate, x.low, x.high))
            })
            .collect();
        if !rates.is_empty() {
            out.push(Section {
                id: "complication-rates".to_owned(),
                title: tr.t("stat-chart-rates").into_owned(),
                chart: Some(charts::rates(
                    "chart-rates",
                    &tr.t("stat-chart-rates"),
                    &tr.t("stat-chart-rates-desc"),
                    &rates,
                )),
                columns: vec![
                    tr.t("stat-category").into_owned(),
                    tr.t("stat-col-rate").into_owned(),
                ],
                rows: rates
                    .iter()
                    .map(|(label, rate, low, high)| ViewRow {
                        label: label.clone(),
                        level: 1,
                        cells: vec![format!(
                            "{} ({}–{})",
                            percent(*rate),
                            percent(*low),
                            percent(*high)
                        )],
                    })
                    .collect(),
                csv: None,
            });
        }
    }
    if let Some(t) = report.table("years") {
        let total = t.row("total");
        let points: Vec<(String, i64)> = t
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, y)| Some((y.clone(), total?.values.get(i).copied().flatten()?)))
            .collect();
        let mut rows: Vec<ViewRow> = t
            .rows
            .iter()
            .map(|r| ViewRow {
                label: row_label(tr, &r.key, &r.label),
                level: r.level,
                cells: r.values.iter().map(|v| cell(*v, tr)).collect(),
            })
            .collect();
        if let Some(total) = total {
            let change = (0..t.columns.len())
                .map(|i| {
                    let now = total.values.get(i).copied().flatten();
                    let before = i
                        .checked_sub(1)
                        .and_then(|j| total.values.get(j).copied().flatten());
                    match (before, now) {
                        (Some(b), Some(n)) if b > 0 => {
                            format!("{:+.1} %", (n - b) as f64 / b as f64 * 100.0)
                        }
                        _ => "–".to_owned(),
                    }
                })
                .collect();
            rows.push(ViewRow {
                label: tr.t("stat-change").into_owned(),
                level: 1,
                cells: change,
            });
        }
        out.push(Section {
            id: "years".to_owned(),
            title: tr.t("stat-table-years").into_owned(),
            chart: (!points.is_empty()).then(|| {
                charts::trend(
                    "chart-years",
                    &tr.t("stat-table-years"),
                    &tr.t("stat-chart-years-desc"),
                    &points,
                )
            }),
            columns: std::iter::once(String::new())
                .chain(t.columns.iter().cloned())
                .collect(),
            rows,
            csv: csv("years"),
        });
    }
    for id in [
        "countries",
        "tourism_destination",
        "tourism_origin",
        "sex",
        "age",
        "setting",
        "grades",
    ] {
        let Some(t) = report.table(id) else { continue };
        let items: Vec<(String, i64)> = if matches!(id, "age" | "grades" | "sex" | "setting") {
            t.rows
                .iter()
                .filter(|r| r.level == 1)
                .filter_map(|r| {
                    Some((
                        row_label(tr, &r.key, &r.label),
                        r.values.first().copied().flatten()?,
                    ))
                })
                .collect()
        } else {
            ranked_children(t, 0, 1)
                .into_iter()
                .take(20)
                .map(|(_, label, v)| (label, v))
                .collect()
        };
        let mut columns = vec![String::new()];
        columns.extend(
            t.columns
                .iter()
                .map(|c| tr.t(format!("stat-col-{c}")).into_owned()),
        );
        let with_rate = t.column("complicated").is_some();
        if with_rate {
            columns.push(tr.t("stat-col-rate").into_owned());
        }
        let rows = t
            .rows
            .iter()
            .map(|r| {
                let mut cells: Vec<String> = r.values.iter().map(|v| cell(*v, tr)).collect();
                if with_rate {
                    cells.push(rate_text(t, r, "complicated"));
                }
                ViewRow {
                    label: row_label(tr, &r.key, &r.label),
                    level: r.level,
                    cells,
                }
            })
            .collect();
        out.push(Section {
            id: id.replace('_', "-"),
            title: tr
                .t(format!("stat-table-{}", id.replace('_', "-")))
                .into_owned(),
            chart: (!items.is_empty()).then(|| {
                charts::bars(
                    &format!("chart-{id}"),
                    &tr.t(format!("stat-table-{}", id.replace('_', "-"))),
                    &tr.t("stat-chart-bars-desc"),
                    &items,
                )
            }),
            columns,
            rows,
            csv: csv(id),
        });
    }
    if let Some(t) = report.table("risk_factors") {
        let rates: Vec<(String, f64, f64, f64)> = t
            .rows
            .iter()
            .filter_map(|r| {
                t.rate(r, "complicated", "procedures")
                    .map(|x| (row_label(tr, &r.key, &r.label), x.rate, x.low, x.high))
            })
            .collect();
        let mut columns = vec![String::new()];
        columns.extend(
            t.columns
                .iter()
                .map(|c| tr.t(format!("stat-col-{c}")).into_owned()),
        );
        columns.push(tr.t("stat-col-rate").into_owned());
        columns.push(tr.t("stat-col-major-rate").into_owned());
        let rows = t
            .rows
            .iter()
            .map(|r| {
                let mut cells: Vec<String> = r.values.iter().map(|v| cell(*v, tr)).collect();
                cells.push(rate_text(t, r, "complicated"));
                cells.push(rate_text(t, r, "major"));
                ViewRow {
                    label: row_label(tr, &r.key, &r.label),
                    level: r.level,
                    cells,
                }
            })
            .collect();
        out.push(Section {
            id: "risk-factors".to_owned(),
            title: tr.t("stat-table-risk-factors").into_owned(),
            chart: (!rates.is_empty()).then(|| {
                charts::rates(
                    "chart-risk",
                    &tr.t("stat-table-risk-factors"),
                    &tr.t("stat-chart-rates-desc"),
                    &rates,
                )
            }),
            columns,
            rows,
            csv: csv("risk_factors"),
        });
    }
    out
}

fn same(value: &str, current: &Option<String>) -> bool {
    current
        .as_deref()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case(value))
}

fn categories() -> Vec<&'static str> {
    let mut seen = Vec::new();
    for p in kallos_domain::registry::codes::procedures() {
        if !seen.contains(&p.category) {
            seen.push(p.category);
        }
    }
    seen
}

#[derive(Template, WebTemplate)]
#[template(path = "statistics.html")]
pub struct StatisticsPage {
    frame: Frame,
    heading: String,
    /// What the numbers are: a publication (version, hash) or a live view.
    note: String,
    years: Vec<i32>,
    year: Option<i32>,
    filters: Filters,
    categories: Vec<&'static str>,
    societies: Vec<Society>,
    sections: Vec<Section>,
    publications: Vec<Publication>,
    restated: Vec<Restatement>,
    previous_version: Option<i64>,
    downloads: Option<String>,
}

impl StatisticsPage {
    fn category_selected(&self, value: &str) -> bool {
        same(value, &self.filters.category)
    }

    fn society_selected(&self, value: &str) -> bool {
        same(value, &self.filters.society)
    }

    fn year_selected(&self, y: &i32) -> bool {
        self.year == Some(*y)
    }

    fn value_text(&self, value: &Option<i64>) -> String {
        cell(*value, &self.frame.tr)
    }

    /// A restated cell's table, row and column, in the reader's language.
    fn restated_names(&self, r: &Restatement) -> [String; 3] {
        restated_names(&self.frame.tr, r)
    }
}

fn restated_names(tr: &Tr, r: &Restatement) -> [String; 3] {
    [
        tr.t(format!("stat-table-{}", r.table.replace('_', "-")))
            .into_owned(),
        row_label(tr, &r.row, &r.label),
        tr.t(format!("stat-col-{}", r.column.replace('_', "-")))
            .into_owned(),
    ]
}

fn latest_of(
    publications: &[Publication],
    year: i32,
    version: Option<i64>,
) -> Option<&Publication> {
    publications
        .iter()
        .filter(|p| p.year == year && version.is_none_or(|v| p.version == v))
        .max_by_key(|p| p.version)
}

/// Which report a public page shows, and what it is.
async fn public_view(
    state: &AppState,
    year: i32,
    filters: &Filters,
    tr: &Tr,
) -> AppResult<(
    Report,
    String,
    Vec<Restatement>,
    Option<i64>,
    Vec<Publication>,
)> {
    let country = filters.country()?;
    let society = Filters::clean(&filters.society);
    let publications = state.store.publications(Some(year)).await?;
    if country.is_none() && society.is_none() {
        let version = Filters::clean(&filters.version)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| AppError::BadRequest(format!("version: '{v}' is not a number")))
            })
            .transpose()?;
        let publication = latest_of(&publications, year, version).ok_or(AppError::NotFound)?;
        let report = service::report_of(publication)?;
        let previous = latest_of(&publications, year, Some(publication.version - 1));
        let restated = match previous {
            Some(p) => restatements(&service::report_of(p)?, &report),
            None => Vec::new(),
        };
        let published = chrono::DateTime::from_timestamp_micros(publication.published_at_micros)
            .map_or_else(String::new, |t| t.format("%Y-%m-%d").to_string());
        let note = format!(
            "{} {} · {} · SHA-256 {}",
            tr.t1("stat-version", "version", publication.version),
            tr.t1("stat-published-on", "date", published),
            disclosure_text(&report, tr),
            publication.sha256
        );
        return Ok((
            report,
            note,
            restated,
            previous.map(|p| p.version),
            publications,
        ));
    }
    if publications.is_empty() {
        return Err(AppError::NotFound);
    }
    let scope = match (country, society) {
        (Some(c), _) => Scope::Country(c),
        (None, Some(s)) => Scope::Society(s),
        (None, None) => Scope::Global,
    };
    let key = cell_key(state).await?;
    let report = service::public_report(&*state.store, &key, year, scope).await?;
    let note = format!(
        "{} · {}",
        tr.t("stat-live-note"),
        disclosure_text(&report, tr)
    );
    Ok((report, note, Vec::new(), None, publications))
}

/// The installation's statistics key (see `kallos_statistics::cellkey`).
pub(crate) async fn cell_key(state: &AppState) -> AppResult<kallos_statistics::cellkey::CellKey> {
    let ctx = kallos_domain::audit::AuditContext::system("statistics", state.clock.now());
    Ok(service::cell_key(&*state.store, &ctx).await?)
}

/// Which protection a report's numbers have: the cell-key method, or (in
/// publications made before it) suppression alone.
fn disclosure_text(report: &Report, tr: &Tr) -> String {
    match (report.disclosure.as_ref(), report.noise) {
        (Some(r), Some(noise)) => {
            let shown_from = Report::shown_from(r);
            let args = std::collections::BTreeMap::from([
                ("threshold".to_owned(), shown_from.to_string()),
                ("bound".to_owned(), noise.bound.to_string()),
            ]);
            let text = tr.args("stat-rule-cell-key", &args);
            if r.mode == DisclosureMode::RedactRound {
                format!("{text} {}", tr.t("stat-rule-cell-key-round"))
            } else {
                text
            }
        }
        (None, None) => suppression_text(None, tr),
        (Some(rule), None) => format!(
            "{} · {}",
            suppression_text(Some(rule), tr),
            tr.t("stat-rule-before-cell-key")
        ),
        (None, Some(_)) => tr.t("stat-unsuppressed").into_owned(),
    }
}

fn suppression_text(rule: Option<&Disclosure>, tr: &Tr) -> String {
    match rule {
        None => tr.t("stat-unsuppressed").into_owned(),
        Some(r) if r.mode == DisclosureMode::RedactRound => {
            tr.t("stat-rule-redact-round").into_owned()
        }
        Some(r) => tr.t1("stat-rule-threshold", "threshold", r.threshold),
    }
}

async fn published_years(state: &AppState) -> AppResult<Vec<i32>> {
    Ok(service::latest_publications(&*state.store)
        .await?
        .iter()
        .map(|p| p.year)
        .collect())
}

/// `/statistics`: the latest published year, or the one the filters name.
pub async fn index(
    State(state): State<AppState>,
    frame: Frame,
    Query(filters): Query<Filters>,
) -> AppResult<Response> {
    let years = published_years(&state).await?;
    let year = match filters.year()? {
        Some(y) => Some(y),
        None => years.first().copied(),
    };
    match year {
        Some(year) => year_page(&state, frame, year, filters, years).await,
        None => Ok(StatisticsPage {
            heading: frame.tr.t("stat-title").into_owned(),
            note: frame.tr.t("stat-nothing-published").into_owned(),
            frame,
            years,
            year: None,
            filters,
            categories: categories(),
            societies: state.store.list_societies().await?,
            sections: Vec::new(),
            publications: Vec::new(),
            restated: Vec::new(),
            previous_version: None,
            downloads: None,
        }
        .into_response()),
    }
}

/// `/statistics/{year}`.
pub async fn year(
    State(state): State<AppState>,
    frame: Frame,
    Path(year): Path<i32>,
    Query(filters): Query<Filters>,
) -> AppResult<Response> {
    let years = published_years(&state).await?;
    year_page(&state, frame, year, filters, years).await
}

async fn year_page(
    state: &AppState,
    frame: Frame,
    year: i32,
    filters: Filters,
    years: Vec<i32>,
) -> AppResult<Response> {
    let (report, note, restated, previous_version, publications) =
        public_view(state, year, &filters, &frame.tr).await?;
    let query = filters.query();
    let base = format!("/statistics/{year}/download");
    let sections = sections(
        &report,
        &frame.tr,
        filters.category().as_deref(),
        Some(&base),
    )
    .into_iter()
    .map(|mut s| {
        s.csv = s.csv.map(|c| format!("{c}{query}"));
        s
    })
    .collect();
    Ok(StatisticsPage {
        heading: frame.tr.t1("stat-year-title", "year", year),
        note,
        years,
        year: Some(year),
        categories: categories(),
        societies: state.store.list_societies().await?,
        sections,
        publications,
        restated,
        previous_version,
        downloads: Some(format!("{base}/report.xlsx{query}")),
        filters,
        frame,
    }
    .into_response())
}

/// CSV of one table, or the XLSX workbook, of what the year's page shows.
pub async fn download(
    State(state): State<AppState>,
    frame: Frame,
    Path((year, file)): Path<(i32, String)>,
    Query(filters): Query<Filters>,
) -> AppResult<Response> {
    let (report, ..) = public_view(&state, year, &filters, &frame.tr).await?;
    file_response(&report, &file)
}

/// A table as CSV (`{table}.csv`) or the workbook (`report.xlsx`).
pub fn file_response(report: &Report, file: &str) -> AppResult<Response> {
    if file == "report.xlsx" {
        let bytes = kallos_statistics::export::report_xlsx(report).map_err(AppError::Internal)?;
        let disposition = format!(
            "attachment; filename=\"kallos-statistics-{}.xlsx\"",
            report.year
        );
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            bytes,
        )
            .into_response());
    }
    let id = file.strip_suffix(".csv").ok_or(AppError::NotFound)?;
    let table = report.table(id).ok_or(AppError::NotFound)?;
    let disposition = format!(
        "attachment; filename=\"kallos-statistics-{}-{id}.csv\"",
        report.year
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        kallos_statistics::export::table_csv(table),
    )
        .into_response())
}

// ---- A society's own statistics and approvals ----

#[derive(Template, WebTemplate)]
#[template(path = "statistics_society.html")]
pub struct SocietyStatisticsPage {
    frame: Frame,
    society: Society,
    year: i32,
    approvals: Vec<Approval>,
    sections: Vec<Section>,
    filters: Filters,
    categories: Vec<&'static str>,
}

impl SocietyStatisticsPage {
    fn approved_on(&self, approval: &Approval) -> String {
        chrono::DateTime::from_timestamp_micros(approval.approved_at_micros)
            .map_or_else(String::new, |t| t.format("%Y-%m-%d").to_string())
    }

    fn category_selected(&self, value: &str) -> bool {
        same(value, &self.filters.category)
    }
}

pub async fn society_page(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Query(filters): Query<Filters>,
) -> AppResult<SocietyStatisticsPage> {
    authorize(&frame.principal, Action::ViewSocietyStatistics(society.id))?;
    let year = filters
        .year()?
        .unwrap_or_else(|| state.clock.now().year() - 1);
    let report = service::society_report(&*state.store, year, &society.acronym).await?;
    let base = format!("/societies/{}/statistics/{year}", society.slug);
    let sections = sections(
        &report,
        &frame.tr,
        filters.category().as_deref(),
        Some(&base),
    );
    Ok(SocietyStatisticsPage {
        approvals: state.store.approvals(Some(society.id)).await?,
        frame,
        society,
        year,
        sections,
        filters,
        categories: categories(),
    })
}

/// A society's own table as CSV or its workbook, unsuppressed.
pub async fn society_download(
    State(state): State<AppState>,
    frame: Frame,
    Tenant(society): Tenant,
    Path((_, year, file)): Path<(String, i32, String)>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ViewSocietyStatistics(society.id))?;
    let report = service::society_report(&*state.store, year, &society.acronym).await?;
    file_response(&report, &file)
}

#[derive(Debug, Deserialize)]
pub struct PeriodForm {
    pub period: String,
    /// `approve` or `withdraw`.
    pub action: String,
}

pub fn parse_period(text: &str) -> AppResult<Period> {
    Period::parse(text).ok_or_else(|| {
        AppError::Validation(vec![kallos_domain::validation::FieldError::with_code(
            "period",
            "format",
            format!("'{text}' is not a period: write a year (2025) or a quarter (2025-Q2)"),
        )])
    })
}

pub async fn society_approval(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    Tenant(society): Tenant,
    FormInput(form): FormInput<PeriodForm>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ApproveSocietyData(society.id))?;
    let period = parse_period(&form.period)?;
    let change = match form.action.as_str() {
        "approve" => Change::ApprovePeriod {
            society: society.id,
            period,
        },
        "withdraw" => Change::WithdrawApproval {
            society: society.id,
            period,
        },
        other => {
            return Err(AppError::BadRequest(format!(
                "action: '{other}' is neither 'approve' nor 'withdraw'"
            )));
        }
    };
    state
        .store
        .apply(
            &meta.audit(&frame.principal, state.clock.now()),
            vec![change],
        )
        .await?;
    Ok(Redirect::to(&format!(
        "/societies/{}/statistics?year={}&done=saved",
        society.slug, period.year
    ))
    .into_response())
}

// ---- The alliance's statistics desk ----

#[derive(Template, WebTemplate)]
#[template(path = "statistics_admin.html")]
pub struct AdminPage {
    frame: Frame,
    years: Vec<i32>,
    societies: Vec<Society>,
    approvals: Vec<Approval>,
    publications: Vec<Publication>,
    rules: Vec<(DisclosureScope, Disclosure)>,
}

impl AdminPage {
    /// The approval state of a society for a year: the whole year, the
    /// quarters approved, or nothing.
    fn state(&self, society: &Society, year: &i32) -> String {
        let mine: Vec<&Approval> = self
            .approvals
            .iter()
            .filter(|a| a.society_id == society.id && a.period.year == *year)
            .collect();
        if mine.iter().any(|a| a.period.quarter.is_none()) {
            self.frame.tr.t("stat-approved").into_owned()
        } else if mine.is_empty() {
            self.frame.tr.t("stat-not-approved").into_owned()
        } else {
            mine.iter()
                .map(|a| {
                    a.period
                        .quarter
                        .map_or_else(String::new, |q| format!("Q{q}"))
                })
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    fn is_approved(&self, society: &Society, year: &i32) -> bool {
        self.approvals
            .iter()
            .any(|a| a.society_id == society.id && a.period.year == *year)
    }

    fn scope_text(&self, scope: &DisclosureScope) -> String {
        scope.key()
    }
}

pub async fn admin_page(State(state): State<AppState>, frame: Frame) -> AppResult<AdminPage> {
    authorize(&frame.principal, Action::ManageStatistics)?;
    let this_year = state.clock.now().year();
    let approvals = state.store.approvals(None).await?;
    let earliest = approvals
        .iter()
        .map(|a| a.period.year)
        .min()
        .unwrap_or(this_year - 3)
        .min(this_year - 3);
    Ok(AdminPage {
        years: (earliest..=this_year).rev().collect(),
        societies: state.store.list_societies().await?,
        approvals,
        publications: state.store.publications(None).await?,
        rules: state.store.disclosure_rules().await?,
        frame,
    })
}

#[derive(Debug, Deserialize)]
pub struct PublishForm {
    pub year: i32,
}

pub async fn admin_publish(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(form): FormInput<PublishForm>,
) -> AppResult<Response> {
    authorize(&frame.principal, Action::ManageStatistics)?;
    let ctx = meta.audit(&frame.principal, state.clock.now());
    service::publish(&*state.store, &ctx, form.year).await?;
    Ok(Redirect::to(&format!("/statistics/{}?done=saved", form.year)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct DisclosureForm {
    pub scope: String,
    pub threshold: i64,
    pub mode: String,
}

pub async fn admin_disclosure(
    State(state): State<AppState>,
    frame: Frame,
    meta: RequestMeta,
    FormInput(form): FormInput<DisclosureForm>,
) -> AppResult<Response> {
    use kallos_domain::validation::FieldError;
    authorize(&frame.principal, Action::ManageStatistics)?;
    let mut errors = Vec::new();
    let scope = DisclosureScope::parse(form.scope.trim());
    if scope.is_none() {
        errors.push(FieldError::with_code(
            "scope",
            "format",
            "write default, society:ACRONYM or country:CC",
        ));
    }
    if !(1..=1000).contains(&form.threshold) {
        errors.push(FieldError::with_code(
            "threshold",
            "range",
            "must be between 1 and 1000",
        ));
    }
    let mode = DisclosureMode::parse(&form.mode);
    if mode.is_none() {
        errors.push(FieldError::with_code(
            "mode",
            "choice",
            "must be threshold or redact_round",
        ));
    }
    let (Some(scope), Some(mode), true) = (scope, mode, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    state
        .store
        .apply(
            &meta.audit(&frame.principal, state.clock.now()),
            vec![Change::SetDisclosure {
                scope,
                rule: Disclosure {
                    threshold: form.threshold,
                    mode,
                },
            }],
        )
        .await?;
    Ok(Redirect::to("/statistics/admin?done=saved").into_response())
}

/// A report as one standalone HTML page (English), charts and tables, for
/// `kallos report --format html`.
pub fn report_html(report: &Report) -> String {
    use crate::charts::esc;
    let Ok(i18n) = crate::I18n::load() else {
        return String::new();
    };
    let tr = i18n.english();
    let scope = match &report.scope {
        Scope::Global => String::new(),
        Scope::Society(s) | Scope::Country(s) => format!(" · {s}"),
    };
    let title = format!("{}{scope}", tr.t1("stat-year-title", "year", report.year));
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p class=\"note\">{}</p>\n",
        esc(&title),
        include_str!("../static/kallos.css"),
        esc(&title),
        esc(&disclosure_text(report, &tr))
    );
    for s in sections(report, &tr, None, None) {
        html.push_str(&format!(
            "<section class=\"statistic\" id=\"{}\">\n<h2>{}</h2>\n",
            esc(&s.id),
            esc(&s.title)
        ));
        if let Some(svg) = &s.chart {
            html.push_str(&format!("<figure class=\"chart\">{svg}</figure>\n"));
        }
        html.push_str(&format!(
            "<table class=\"data\"><caption>{}</caption><thead><tr>",
            esc(&s.title)
        ));
        for (i, c) in s.columns.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"num\"" };
            html.push_str(&format!("<th scope=\"col\"{class}>{}</th>", esc(c)));
        }
        html.push_str("</tr></thead><tbody>\n");
        for r in &s.rows {
            html.push_str(&format!(
                "<tr class=\"level-{}\"><th scope=\"row\">{}</th>",
                r.level,
                esc(&r.label)
            ));
            for v in &r.cells {
                html.push_str(&format!("<td class=\"num\">{}</td>", esc(v)));
            }
            html.push_str("</tr>\n");
        }
        html.push_str("</tbody></table>\n</section>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::I18n;

    #[test]
    fn procedure_rows_are_named_in_the_reader_s_language() {
        let i18n = I18n::load().expect("locales parse");
        let en = i18n.negotiate(Some("en"), None);
        for p in kallos_domain::registry::codes::procedures() {
            assert_eq!(en.t(procedure_message(p.code)), p.name, "{}", p.code);
        }
        let fr = i18n.negotiate(Some("fr"), None);
        let ar = i18n.negotiate(Some("ar"), None);
        assert_eq!(
            row_label(&fr, "procedure:BE-LIPO", "Liposuction"),
            "Liposuccion"
        );
        assert_eq!(
            row_label(&ar, "procedure:BE-LIPO", "Liposuction"),
            "شفط الدهون"
        );
        // A code outside the taxonomy keeps the report's own label.
        assert_eq!(row_label(&fr, "procedure:XX-NEW", "New"), "New");
        for (code, name) in kallos_domain::country::all() {
            assert_eq!(en.country(code), name, "{code}");
        }
        assert_eq!(row_label(&fr, "country:BR", "Brazil"), "Brésil");
        assert_eq!(row_label(&ar, "country:BR", "Brazil"), "البرازيل");
        assert_eq!(row_label(&fr, "country:XK", "XK"), "XK");
        let restated = Restatement {
            table: "procedures".to_owned(),
            row: "procedure:BE-LIPO".to_owned(),
            label: "Liposuction".to_owned(),
            column: "complicated".to_owned(),
            before: Some(12),
            after: Some(14),
        };
        assert_eq!(
            restated_names(&fr, &restated),
            [
                fr.t("stat-table-procedures").into_owned(),
                "Liposuccion".to_owned(),
                fr.t("stat-col-complicated").into_owned(),
            ]
        );
        assert_ne!(fr.t("stat-table-procedures"), en.t("stat-table-procedures"));
    }
}

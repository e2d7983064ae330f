//! Prometheus metrics: requests by route and status, latency histograms by
//! route, and the database pool. Routes are the matched templates
//! (`/societies/{slug}`), never raw paths, so the label set stays bounded.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// What is counted of one route.
#[derive(Debug, Default)]
struct RouteStats {
    /// Requests by method and status: a handful per route, scanned.
    requests: Vec<(String, u16, u64)>,
    latency: Histogram,
}

#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

impl Metrics {
    /// Counts a request; allocates only the first time a route, method and
    /// status are seen.
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        if !routes.contains_key(route) {
            routes.insert(route.to_owned(), RouteStats::default());
        }
        let Some(stats) = routes.get_mut(route) else {
            return;
        };
        match stats
            .requests
            .iter_mut()
            .find(|(m, s, _)| m == method && *s == status)
        {
            Some((_, _, n)) => *n += 1,
            None => stats.requests.push((method.to_owned(), status, 1)),
        }
        let histogram = &mut stats.latency;
        histogram.count += 1;
        histogram.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                histogram.counts[i] += 1;
            }
        }
    }

    /// The Prometheus text exposition format.
    pub fn render(&self, pool: kallos_store::PoolStats, backend: &str) -> String {
        let mut out = String::new();
        let routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str("# HELP kallos_http_requests_total HTTP requests handled.\n# TYPE kallos_http_requests_total counter\n");
        for (route, stats) in routes.iter() {
            let mut requests: Vec<_> = stats.requests.iter().collect();
            requests.sort();
            for (method, status, n) in requests {
                let _ = writeln!(
                    out,
                    "kallos_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP kallos_http_request_duration_seconds Time to answer an HTTP request.\n# TYPE kallos_http_request_duration_seconds histogram\n");
        for (route, stats) in routes.iter() {
            let h = &stats.latency;
            let route = escape(route);
            for (bound, count) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(
                    out,
                    "kallos_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "kallos_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "kallos_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "kallos_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count
            );
        }
        let _ = write!(
            out,
            "# HELP kallos_db_pool_connections Open database connections.\n# TYPE kallos_db_pool_connections gauge\nkallos_db_pool_connections{{backend=\"{backend}\"}} {}\n\
             # HELP kallos_db_pool_idle Idle database connections.\n# TYPE kallos_db_pool_idle gauge\nkallos_db_pool_idle{{backend=\"{backend}\"}} {}\n\
             # HELP kallos_db_pool_max Largest number of database connections.\n# TYPE kallos_db_pool_max gauge\nkallos_db_pool_max{{backend=\"{backend}\"}} {}\n",
            pool.connections, pool.idle, pool.max
        );
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let route = req.extensions().get::<MatchedPath>().cloned();
    let response = next.run(req).await;
    state.metrics.observe(
        method.as_str(),
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

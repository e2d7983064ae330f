//! The paths a router serves, read from the router itself (axum keeps no
//! public list; its `Debug` form names every path it matches), so that a
//! test holds every route to the API document or an access rule and a new
//! route cannot slip past it.

/// Every path `router` matches, in order, without axum's own fallback and
/// nesting captures.
pub fn served_paths<S>(router: &axum::Router<S>) -> Vec<String> {
    let text = format!("{router:?}");
    let mut paths = Vec::new();
    // Each route appears as `RouteId(N): "/path"` in a `paths` map.
    for piece in text.split("RouteId(").skip(1) {
        let Some(rest) = piece.split_once("): \"").map(|(_, rest)| rest) else {
            continue;
        };
        let Some((path, _)) = rest.split_once('"') else {
            continue;
        };
        if path.starts_with('/') && !path.contains("__private__axum") {
            paths.push(path.to_owned());
        }
    }
    paths.sort();
    paths.dedup();
    paths
}

#[cfg(test)]
mod tests {
    use super::served_paths;
    use axum::Router;
    use axum::routing::get;

    #[test]
    fn names_routes_and_nested_routes() {
        let api = Router::<()>::new()
            .route("/things/{id}", get(|| async { "" }))
            .route("/things", get(|| async { "" }));
        let router = Router::new()
            .route("/", get(|| async { "" }))
            .nest("/api", api)
            .fallback(|| async { "" });
        assert_eq!(
            served_paths(&router),
            ["/", "/api/things", "/api/things/{id}"]
        );
    }
}

//! Server-rendered SVG charts: ranked bars, a trend over years and rates
//! with their interval whiskers. Each chart is an image with a title and a
//! description for assistive technology (`role="img"`); the page puts the
//! table it is drawn from beside it, so nothing depends on seeing it.

use std::fmt::Write;

pub(crate) fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn open(id: &str, title: &str, desc: &str, width: u32, height: u32) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    )
}

/// A number with thin-space thousands.
pub fn grouped(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202f}');
        }
        out.push(c);
    }
    if value < 0 { format!("−{out}") } else { out }
}

/// Horizontal bars, in the order given (rank them before).
pub fn bars(id: &str, title: &str, desc: &str, items: &[(String, i64)]) -> String {
    let row = 24u32;
    let height = 8 + row * u32::try_from(items.len()).unwrap_or(0);
    let (label_w, bar_w) = (230.0, 330.0);
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let mut svg = open(id, title, desc, 660, height.max(32));
    for (i, (label, value)) in items.iter().enumerate() {
        let y = 4 + row * u32::try_from(i).unwrap_or(0);
        let w = (*value as f64 / max * bar_w).max(1.0);
        let short: String = label.chars().take(34).collect();
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text><rect x="{label_w}" y="{}" width="{w:.1}" height="{}" class="bar"><title>{}: {}</title></rect><text x="{:.1}" y="{}" class="value">{}</text>"#,
            label_w - 6.0,
            y + 16,
            esc(&short),
            y + 3,
            row - 6,
            esc(label),
            grouped(*value),
            label_w + w + 5.0,
            y + 16,
            grouped(*value)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Columns over years, with the value above each.
pub fn trend(id: &str, title: &str, desc: &str, points: &[(String, i64)]) -> String {
    let (width, height, base, top) = (660.0, 220.0, 190.0, 24.0);
    let max = points.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1) as f64;
    let slot = (width - 40.0) / points.len().max(1) as f64;
    let mut svg = open(id, title, desc, 660, 220);
    let _ = write!(
        svg,
        r#"<line x1="20" y1="{base}" x2="{}" y2="{base}" class="axis"/>"#,
        width - 20.0
    );
    for (i, (label, value)) in points.iter().enumerate() {
        let h = *value as f64 / max * (base - top);
        let x = 20.0 + slot * i as f64 + slot * 0.2;
        let w = slot * 0.6;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" class="bar"><title>{}: {}</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle" class="value">{}</text><text x="{:.1}" y="{}" text-anchor="middle" class="label">{}</text>"#,
            base - h,
            esc(label),
            grouped(*value),
            x + w / 2.0,
            base - h - 5.0,
            grouped(*value),
            x + w / 2.0,
            height - 12.0,
            esc(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Rates as dots with their 95 % interval as whiskers, in percent.
pub fn rates(id: &str, title: &str, desc: &str, items: &[(String, f64, f64, f64)]) -> String {
    let row = 24u32;
    let height = 30 + row * u32::try_from(items.len()).unwrap_or(0);
    let (label_w, plot_w) = (230.0, 360.0);
    let max = items
        .iter()
        .map(|(_, _, _, high)| *high)
        .fold(0.0f64, f64::max)
        .max(0.01)
        * 1.1;
    let x = |v: f64| label_w + v / max * plot_w;
    let mut svg = open(id, title, desc, 660, height);
    let axis_y = height - 22;
    let _ = write!(
        svg,
        r#"<line x1="{label_w}" y1="{axis_y}" x2="{}" y2="{axis_y}" class="axis"/><text x="{label_w}" y="{}" class="label">0 %</text><text x="{}" y="{}" text-anchor="end" class="label">{:.1} %</text>"#,
        label_w + plot_w,
        axis_y + 16,
        label_w + plot_w,
        axis_y + 16,
        max * 100.0
    );
    for (i, (label, rate, low, high)) in items.iter().enumerate() {
        let y = 4 + row * u32::try_from(i).unwrap_or(0) + 12;
        let short: String = label.chars().take(34).collect();
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text><line x1="{:.1}" y1="{y}" x2="{:.1}" y2="{y}" class="whisker"/><line x1="{:.1}" y1="{}" x2="{:.1}" y2="{}" class="whisker"/><line x1="{:.1}" y1="{}" x2="{:.1}" y2="{}" class="whisker"/><circle cx="{:.1}" cy="{y}" r="4" class="dot"><title>{}: {:.1} % ({:.1}–{:.1} %)</title></circle><text x="{:.1}" y="{}" class="value">{:.1} %</text>"#,
            label_w - 6.0,
            y + 4,
            esc(&short),
            x(*low),
            x(*high),
            x(*low),
            y - 5,
            x(*low),
            y + 5,
            x(*high),
            y - 5,
            x(*high),
            y + 5,
            x(*rate),
            esc(label),
            rate * 100.0,
            low * 100.0,
            high * 100.0,
            x(*high) + 6.0,
            y + 4,
            rate * 100.0
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_accessible_images_with_escaped_text() {
        let svg = bars(
            "c1",
            "Top <procedures>",
            "Ranked",
            &[("A & B".to_owned(), 1200), ("C".to_owned(), 40)],
        );
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="c1-title c1-desc""#));
        assert!(svg.contains("<title id=\"c1-title\">Top &lt;procedures&gt;</title>"));
        assert!(svg.contains("A &amp; B"));
        assert!(svg.ends_with("</svg>"));
        let r = rates(
            "c2",
            "Rates",
            "With intervals",
            &[("X".to_owned(), 0.05, 0.03, 0.08)],
        );
        assert!(r.contains("5.0 %") && r.contains("3.0–8.0 %"));
        assert_eq!(grouped(1234567), "1\u{202f}234\u{202f}567");
    }
}

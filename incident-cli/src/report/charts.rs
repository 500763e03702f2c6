//! The HTML report's charts, drawn as inline SVG by plotters (SVG backend only): incidents per
//! bucket stacked by severity, the severity mix, the median time to resolve over time.
//!
//! Each chart is `None` when there is nothing to draw, and an error text when plotters fails
//! (which drawing into a string should never do).

use incident_core::{Report, Severity};
use plotters::prelude::*;

use super::mermaid::severity_color;
use super::text::{bucket_label, per_bucket, resolve_points};

/// Chart size in SVG units; CSS scales it to the page.
const SIZE: (u32, u32) = (720, 320);

/// The most x-axis labels a chart shows.
const MAX_X_LABELS: usize = 8;

/// A chart: its SVG text, or why it could not be drawn.
pub type Chart = Result<String, String>;

/// `#b91c1c` to a plotters colour.
fn rgb(hex: &str) -> RGBColor {
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    RGBColor(byte(1), byte(3), byte(5))
}

/// Draws into a string with `draw`, turning plotters' errors into text.
fn svg(
    draw: impl FnOnce(DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> Result<(), String>,
) -> Chart {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(root.clone())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Incidents per bucket, one bar per bucket stacked by severity (`CRITICAL` at the bottom): one
/// `<rect>` in a severity colour per bucket and severity with incidents.
pub fn incidents_chart(r: &Report) -> Option<Chart> {
    let series = &r.series;
    if series.buckets.is_empty() {
        return None;
    }
    let labels: Vec<String> = series
        .buckets
        .iter()
        .map(|b| bucket_label(b, series.granularity))
        .collect();
    let n = labels.len() as u32;
    let max = series
        .buckets
        .iter()
        .map(|b| b.counts.total())
        .max()
        .unwrap_or(0)
        .max(1) as u32;
    let title = per_bucket("Incidents", series.granularity);
    let step = labels.len().div_ceil(MAX_X_LABELS).max(1);
    Some(svg(|root| {
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d((0..n).into_segmented(), 0..max)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(labels.len())
            .x_label_formatter(&|v| match v {
                // Every `step`-th label, so that they do not run into each other.
                SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(step) => {
                    labels.get(*i as usize).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .y_desc("Incidents")
            .label_style(("sans-serif", 16))
            .axis_desc_style(("sans-serif", 16))
            .y_labels(max.min(10) as usize + 1)
            .y_label_formatter(&|v| v.to_string())
            .draw()
            .map_err(|e| e.to_string())?;
        for (i, bucket) in series.buckets.iter().enumerate() {
            let i = i as u32;
            let mut base = 0u32;
            for level in Severity::ALL {
                let count = bucket.counts.get(level) as u32;
                if count == 0 {
                    continue;
                }
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), base),
                        (SegmentValue::Exact(i + 1), base + count),
                    ],
                    rgb(severity_color(level)).filled(),
                );
                // A little gap between neighbouring bars.
                bar.set_margin(0, 0, 4, 4);
                chart
                    .draw_series(std::iter::once(bar))
                    .map_err(|e| e.to_string())?;
                base += count;
            }
        }
        Ok(())
    }))
}

/// The severity mix as a pie, levels without incidents left out.
pub fn severity_chart(r: &Report) -> Option<Chart> {
    let slices: Vec<(Severity, f64)> = r
        .by_severity
        .iter()
        .filter(|(_, s)| s.count > 0)
        .map(|(l, s)| (l, s.count as f64))
        .collect();
    if slices.is_empty() {
        return None;
    }
    Some(svg(|root| {
        let root = root
            .titled("Severity mix", ("sans-serif", 22))
            .map_err(|e| e.to_string())?;
        let (w, h) = root.dim_in_pixel();
        let center = (w as i32 / 2, h as i32 / 2);
        let radius = f64::from(h.min(w)) * 0.36;
        let sizes: Vec<f64> = slices.iter().map(|s| s.1).collect();
        let colors: Vec<RGBColor> = slices.iter().map(|s| rgb(severity_color(s.0))).collect();
        let labels: Vec<String> = slices.iter().map(|(l, n)| format!("{l} ({n})")).collect();
        let mut pie = Pie::new(&center, &radius, &sizes, &colors, &labels);
        pie.start_angle(-90.0);
        pie.label_style(("sans-serif", 16).into_font().color(&BLACK));
        root.draw(&pie).map_err(|e| e.to_string())
    }))
}

/// The median time to resolve per bucket in hours, over the buckets with resolved incidents.
pub fn resolve_chart(r: &Report) -> Option<Chart> {
    let points = resolve_points(r);
    if points.is_empty() {
        return None;
    }
    let max = points.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0) * 1.1;
    let n = points.len();
    let title = format!("Median time to resolve per {}", r.series.granularity);
    let teal = RGBColor(0x0f, 0x76, 0x6e);
    Some(svg(|root| {
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(48)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..max)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(MAX_X_LABELS) + 1)
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 1e-6 || i < 0.0 {
                    return String::new();
                }
                points
                    .get(i as usize)
                    .map(|p| p.0.clone())
                    .unwrap_or_default()
            })
            .y_desc("Hours")
            .label_style(("sans-serif", 16))
            .axis_desc_style(("sans-serif", 16))
            .draw()
            .map_err(|e| e.to_string())?;
        let xy: Vec<(f64, f64)> = points
            .iter()
            .enumerate()
            .map(|(i, p)| (i as f64, p.1))
            .collect();
        chart
            .draw_series(LineSeries::new(xy.clone(), teal.stroke_width(2)))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(xy.into_iter().map(|p| Circle::new(p, 4, teal.filled())))
            .map_err(|e| e.to_string())?;
        Ok(())
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{mixed, report};
    use incident_core::Window;

    #[test]
    fn one_bar_per_bucket_and_severity_with_incidents() {
        let r = report(&mixed(), Window::ALL);
        let svg = incidents_chart(&r).unwrap().unwrap();
        let expected: usize = r
            .series
            .buckets
            .iter()
            .map(|b| {
                Severity::ALL
                    .iter()
                    .filter(|l| b.counts.get(**l) > 0)
                    .count()
            })
            .sum();
        let bars: usize = Severity::ALL
            .iter()
            .map(|l| {
                let fill = format!("fill=\"{}\"", severity_color(*l).to_uppercase());
                svg.matches(&fill).count()
            })
            .sum();
        assert!(expected > 0);
        assert_eq!(bars, expected, "{svg}");
        assert!(svg.starts_with("<svg"), "{svg}");
    }

    #[test]
    fn nothing_to_draw_without_incidents() {
        let r = report(&[], Window::ALL);
        assert!(incidents_chart(&r).is_none());
        assert!(severity_chart(&r).is_none());
        assert!(resolve_chart(&r).is_none());
    }

    #[test]
    fn colours_parse() {
        assert_eq!(rgb("#b91c1c"), RGBColor(0xb9, 0x1c, 0x1c));
    }
}

/// Small inline SVG charts for the review report. They reference nothing outside the file,
/// take their colours from the report's style sheet (classes), and write coordinates with at
/// most one decimal, so the same figures always give the same bytes.
enum SVGChart {
    /// One column of ``columns(_:label:summary:)``: a value drawn as a bar, a reference drawn
    /// as a marker across it.
    struct Column {
        var label: String
        var value: Int64?
        var reference: Int64?
        /// Written above the column (an attainment, say).
        var note: String?
        /// The tooltip and the accessible text of the column.
        var title: String
        var emphasized = false
    }

    /// Columns with a marker for each reference and a dashed line through the references:
    /// actual revenue against the target, month by month.
    ///
    /// - Parameter label: the text of a gridline's value.
    static func columns(_ columns: [Column], label: (Int64) -> String, summary: String) -> Markup {
        let (width, height, left, right, top, bottom) = (760.0, 290.0, 96.0, 12.0, 34.0, 28.0)
        let ticks = niceTicks(upTo: columns.flatMap { [$0.value, $0.reference].compactMap { $0 } }.max() ?? 0)
        let plot = (width: width - left - right, height: height - top - bottom)
        let y = { (v: Int64) in top + plot.height * (1 - Double(v) / Double(ticks.last!)) }
        let band = plot.width / Double(max(columns.count, 1))
        let center = { (i: Int) in left + band * (Double(i) + 0.5) }

        var grid: [Markup] = []
        for tick in ticks {
            grid.append(
                .tag("line", ["class": "grid", "x1": n(left), "x2": n(width - right), "y1": n(y(tick)), "y2": n(y(tick))]))
            grid.append(
                .tag("text", ["class": "axis", "x": n(left - 8), "y": n(y(tick) + 4), "text-anchor": "end"], "\(label(tick))"))
        }
        // The targets' dashed line breaks at a month without a target.
        var path: [String] = []
        var paths: [[String]] = []
        var groups: [Markup] = []
        for (i, column) in columns.enumerated() {
            let x = center(i)
            var shapes: [Markup] = [.tag("title", "\(column.title)")]
            if let value = column.value {
                shapes.append(
                    .tag(
                        "rect",
                        [
                            "class": column.emphasized ? "actual current" : "actual", "x": n(x - band * 0.28), "y": n(y(value)),
                            "width": n(band * 0.56), "height": n(y(0) - y(value)),
                        ]))
            }
            if let reference = column.reference {
                shapes.append(
                    .tag(
                        "line",
                        [
                            "class": "target", "x1": n(x - band * 0.4), "x2": n(x + band * 0.4), "y1": n(y(reference)),
                            "y2": n(y(reference)),
                        ]))
                path.append("\(n(x)),\(n(y(reference)))")
            } else if !path.isEmpty {
                paths.append(path)
                path = []
            }
            if let note = column.note {
                let above = min(column.value.map(y) ?? y(0), column.reference.map(y) ?? y(0))
                shapes.append(.tag("text", ["class": "note", "x": n(x), "y": n(above - 6), "text-anchor": "middle"], "\(note)"))
            }
            shapes.append(
                .tag(
                    "text",
                    [
                        "class": column.emphasized ? "axis current" : "axis", "x": n(x), "y": n(height - 8),
                        "text-anchor": "middle",
                    ],
                    "\(column.label)"))
            groups.append(.tag("g", [:], shapes))
        }
        paths.append(path)
        let lines = paths.filter { $0.count > 1 }.map { path in
            Markup.tag("polyline", ["class": "target-path", "points": path.joined(separator: " ")])
        }
        let baseline = Markup.tag(
            "line", ["class": "baseline", "x1": n(left), "x2": n(width - right), "y1": n(y(0)), "y2": n(y(0))])
        let parts = [.tag("title", "\(summary)")] + grid + lines + groups + [baseline, legend(x: width - right - 190, y: 14)]
        return .tag(
            "svg",
            ["class": "chart", "viewBox": "0 0 \(n(width)) \(n(height))", "role": "img", "aria-label": summary],
            parts)
    }

    private static func legend(x: Double, y: Double) -> Markup {
        .tag(
            "g", [:],
            .tag("rect", ["class": "actual", "x": n(x), "y": n(y - 9), "width": "14", "height": "10"]),
            .tag("text", ["class": "axis", "x": n(x + 20), "y": n(y)], "Actual"),
            .tag("line", ["class": "target", "x1": n(x + 86), "x2": n(x + 106), "y1": n(y - 4), "y2": n(y - 4)]),
            .tag("text", ["class": "axis", "x": n(x + 112), "y": n(y)], "Target"))
    }

    /// A trend of values from 0 to `maximum` (report-card points, A=4 … F=0), earliest first;
    /// the last point is the current one. One point is drawn as a dot.
    static func sparkline(_ values: [Int], maximum: Int = 4, title: String) -> Markup {
        let (width, height, pad) = (96.0, 28.0, 5.0)
        let step = values.count > 1 ? (width - 2 * pad) / Double(values.count - 1) : 0
        let points = values.enumerated().map { i, v in
            (
                x: values.count > 1 ? pad + step * Double(i) : width / 2,
                y: pad + (height - 2 * pad) * Double(maximum - v) / Double(maximum)
            )
        }
        var parts: [Markup] = [
            .tag("title", "\(title)"),
            .tag("line", ["class": "grid", "x1": n(pad), "x2": n(width - pad), "y1": n(height - pad), "y2": n(height - pad)]),
        ]
        if points.count > 1 {
            parts.append(
                .tag("polyline", ["class": "spark", "points": points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")]))
        }
        for (i, point) in points.enumerated() {
            let last = i == points.count - 1
            parts.append(
                .tag(
                    "circle",
                    [
                        "class": last ? "spark-dot last" : "spark-dot", "cx": n(point.x), "cy": n(point.y),
                        "r": last ? "3.5" : "2.5",
                    ]))
        }
        return .tag(
            "svg",
            [
                "class": "sparkline", "width": n(width), "height": n(height), "viewBox": "0 0 \(n(width)) \(n(height))",
                "role": "img", "aria-label": title,
            ],
            parts)
    }

    /// A horizontal meter: the value as a bar on a track that spans `scale`, the reference as a tick.
    static func meter(value: Int64?, reference: Int64?, scale: Int64, title: String) -> Markup {
        let (width, height) = (200.0, 16.0)
        let x = { (v: Int64) in scale > 0 ? width * min(1, max(0, Double(v) / Double(scale))) : 0 }
        var parts: [Markup] = [
            .tag("title", "\(title)"),
            .tag("rect", ["class": "meter-track", "x": "0", "y": "3", "width": n(width), "height": n(height - 6)]),
        ]
        if let value {
            parts.append(
                .tag("rect", ["class": "meter-value", "x": "0", "y": "3", "width": n(x(value)), "height": n(height - 6)]))
        }
        if let reference {
            parts.append(
                .tag(
                    "line",
                    ["class": "meter-reference", "x1": n(x(reference)), "x2": n(x(reference)), "y1": "0", "y2": n(height)]))
        }
        return .tag(
            "svg",
            [
                "class": "meter", "width": n(width), "height": n(height), "viewBox": "0 0 \(n(width)) \(n(height))",
                "role": "img", "aria-label": title,
            ],
            parts)
    }

    /// Gridline values from 0 to at least `maximum` in 1, 2, 2.5 or 5 × 10ⁿ steps, at most five steps.
    static func niceTicks(upTo maximum: Int64) -> [Int64] {
        guard maximum > 0 else { return [0, 1] }
        var magnitude: Int64 = 1
        while magnitude <= maximum / 10 { magnitude *= 10 }
        // maximum / magnitude is in [1, 10): one of these steps gives at most five.
        let step =
            [magnitude / 5, magnitude / 4, magnitude / 2, magnitude, magnitude * 2, magnitude * 5 / 2]
            .first { $0 > 0 && maximum <= $0 * 5 } ?? magnitude * 5
        let count = (maximum + step - 1) / step
        return (0...count).map { $0 * step }
    }

    /// A coordinate with at most one decimal: `12`, `12.5`.
    static func n(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = tenths.magnitude
        return sign + (magnitude % 10 == 0 ? "\(magnitude / 10)" : "\(magnitude / 10).\(magnitude % 10)")
    }
}

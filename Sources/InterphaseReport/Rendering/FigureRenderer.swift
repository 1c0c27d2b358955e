// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Lays out a ``Figure`` and draws it on a ``Canvas``. Text in DejaVu Sans (chosen by the canvas).
public struct FigureRenderer: Sendable {
    /// Point size of tick labels, axis titles and legends.
    public var fontSize: Double = 11
    /// Point size of panel titles.
    public var titleSize: Double = 13

    /// A renderer with the default sizes.
    public init() {}

    /// Draws every panel of `figure` on `canvas`, in a grid of the figure's rows and columns.
    public func render(_ figure: Figure, on canvas: Canvas) {
        canvas.setColor(.white)
        canvas.rectangle(0, 0, figure.width, figure.height)
        canvas.fill()
        var top = 0.0
        if let title = figure.title {
            canvas.setColor(.black)
            canvas.text(title, x: figure.width / 2, y: 8, size: titleSize + 1, horizontal: .center, vertical: .top, rotation: 0, bold: true)
            top = titleSize + 16
        }
        let cols = figure.columns
        let rows = max(1, (figure.panels.count + cols - 1) / cols)
        let cellW = figure.width / Double(cols), cellH = (figure.height - top) / Double(rows)
        for (i, panel) in figure.panels.enumerated() {
            let cx = Double(i % cols) * cellW, cy = top + Double(i / cols) * cellH
            draw(panel, in: (cx, cy, cellW, cellH), on: canvas, colorOffset: 0)
        }
    }

    /// Data limits of a panel: fixed ranges or the union of its layers, padded for lines.
    func limits(_ p: Panel) -> (ClosedRange<Double>, ClosedRange<Double>) {
        var xs: [Double] = [], ys: [Double] = []
        var hasHistogram = false, hasImage = false
        for layer in p.layers {
            switch layer {
            case .line(let s):
                // The extent of the drawn points only: a non-finite value is a gap, not a limit.
                for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite { xs.append(x); ys.append(y) }
            case .markers(let s): xs += [s.x.min(), s.x.max()].compactMap { $0 }; ys += [s.y.min(), s.y.max()].compactMap { $0 }
            case .area(let a): xs += [a.x.min(), a.x.max()].compactMap { $0 }; ys += [a.lower.min(), a.upper.max()].compactMap { $0 }
            case .histogram(let h):
                hasHistogram = true
                xs += [h.histogram.edges.first!, h.histogram.edges.last!]; ys += [0, h.histogram.counts.max() ?? 1]
            case .image(let im):
                hasImage = true
                xs += [im.origin.x, im.origin.x + Double(im.raster.width) * im.pixelSize]
                ys += [im.origin.y, im.origin.y + Double(im.raster.height) * im.pixelSize]
            case .overlay: break
            }
        }
        func span(_ v: [Double], pad: Double) -> ClosedRange<Double> {
            let finite = v.filter(\.isFinite)
            guard var lo = finite.min(), var hi = finite.max() else { return 0...1 }
            if hi <= lo { lo -= 0.5; hi += 0.5 }
            let d = (hi - lo) * pad
            return (lo - d)...(hi + d)
        }
        let xr = p.x.range ?? span(xs, pad: 0)
        var yr = p.y.range ?? span(ys, pad: hasImage ? 0 : 0.05)
        if hasHistogram && p.y.range == nil { yr = 0...(yr.upperBound) }
        return (xr, yr)
    }

    func draw(_ panel: Panel, in cell: (x: Double, y: Double, w: Double, h: Double), on c: Canvas, colorOffset: Int) {
        let f = fontSize
        let left = cell.x + (panel.y.hidden ? 12 : 6 * f), right = cell.x + cell.w - 14
        let topY = cell.y + (panel.title == nil ? 12 : titleSize + 18), bottom = cell.y + cell.h - (panel.x.hidden ? 12 : 4.2 * f)
        let (xr, yr) = limits(panel)
        var plot = (x: left, y: topY, w: max(right - left, 10), h: max(bottom - topY, 10))
        if panel.equalAspect {
            let sx = plot.w / (xr.upperBound - xr.lowerBound), sy = plot.h / (yr.upperBound - yr.lowerBound)
            let s = min(sx, sy)
            let w = s * (xr.upperBound - xr.lowerBound), h = s * (yr.upperBound - yr.lowerBound)
            plot = (plot.x + (plot.w - w) / 2, plot.y + (plot.h - h) / 2, w, h)
        }
        let map = Mapping(xr: xr, yr: yr, plot: plot, xReversed: panel.x.reversed, yReversed: panel.y.reversed, imageRowsDown: panel.layers.contains { if case .image = $0 { true } else { false } })
        if let t = panel.title {
            c.setColor(.black)
            c.text(t, x: plot.x + plot.w / 2, y: cell.y + 6, size: titleSize, horizontal: .center, vertical: .top, rotation: 0, bold: true)
        }
        let xt = NiceTicks(range: xr, target: max(3, Int(plot.w / 80)))
        let yt = NiceTicks(range: yr, target: max(3, Int(plot.h / 60)))
        if panel.grid {
            c.setColor(.lightGray); c.setLineWidth(0.6); c.setDash([])
            for v in xt.values { c.moveTo(map.px(v), plot.y); c.lineTo(map.px(v), plot.y + plot.h) }
            for v in yt.values { c.moveTo(plot.x, map.py(v)); c.lineTo(plot.x + plot.w, map.py(v)) }
            c.stroke()
        }
        // Data, clipped to the plot area.
        c.save()
        c.rectangle(plot.x, plot.y, plot.w, plot.h)
        c.clip()
        var legend: [(String, Color, LegendKind)] = []
        var colorIndex = colorOffset
        func nextColor(_ explicit: Color?) -> Color {
            if let explicit { return explicit }
            defer { colorIndex += 1 }
            return Color.cycle[colorIndex % Color.cycle.count]
        }
        for layer in panel.layers {
            switch layer {
            case .image(let im):
                let x0 = map.px(im.origin.x), x1 = map.px(im.origin.x + Double(im.raster.width) * im.pixelSize)
                let y0 = map.py(im.origin.y), y1 = map.py(im.origin.y + Double(im.raster.height) * im.pixelSize)
                c.image(im.raster, x: min(x0, x1), y: min(y0, y1), width: abs(x1 - x0), height: abs(y1 - y0))
            case .histogram(let h):
                let col = nextColor(h.color)
                let hist = h.histogram
                for i in hist.counts.indices where hist.counts[i] > 0 {
                    let xa = map.px(hist.edges[i]), xb = map.px(hist.edges[i + 1])
                    let ya = map.py(0), yb = map.py(hist.counts[i])
                    c.rectangle(min(xa, xb), min(ya, yb), abs(xb - xa), abs(yb - ya))
                }
                c.setColor(col.withAlpha(0.55)); c.fill()
                for i in hist.counts.indices where hist.counts[i] > 0 {
                    let xa = map.px(hist.edges[i]), xb = map.px(hist.edges[i + 1])
                    let ya = map.py(0), yb = map.py(hist.counts[i])
                    c.rectangle(min(xa, xb), min(ya, yb), abs(xb - xa), abs(yb - ya))
                }
                c.setColor(col); c.setLineWidth(0.8); c.setDash([]); c.stroke()
                if let l = h.label { legend.append((l, col, .patch)) }
            case .area(let a):
                let col = nextColor(a.color)
                guard !a.x.isEmpty else { continue }
                c.moveTo(map.px(a.x[0]), map.py(a.upper[0]))
                for i in 1..<a.x.count { c.lineTo(map.px(a.x[i]), map.py(a.upper[i])) }
                for i in stride(from: a.x.count - 1, through: 0, by: -1) { c.lineTo(map.px(a.x[i]), map.py(a.lower[i])) }
                c.closePath()
                c.setColor(col.withAlpha(a.opacity)); c.fill()
                if let l = a.label { legend.append((l, col.withAlpha(max(a.opacity, 0.4)), .patch)) }
            case .line(let s):
                let col = nextColor(s.color)
                guard !s.x.isEmpty else { continue }
                // A non-finite point is a gap: the line stops there and starts again after it.
                var penDown = false
                for i in s.x.indices {
                    guard s.x[i].isFinite && s.y[i].isFinite else { penDown = false; continue }
                    if penDown { c.lineTo(map.px(s.x[i]), map.py(s.y[i])) } else { c.moveTo(map.px(s.x[i]), map.py(s.y[i])); penDown = true }
                }
                c.setColor(col); c.setLineWidth(s.width); c.setDash(dash(s.style, s.width)); c.stroke(); c.setDash([])
                if let l = s.label { legend.append((l, col, .line(s.style))) }
            case .markers(let m):
                let col = nextColor(m.color)
                for i in m.x.indices { marker(m.shape, map.px(m.x[i]), map.py(m.y[i]), m.size, on: c) }
                c.setColor(col); c.setLineWidth(1.2); c.setDash([])
                if m.shape == .cross { c.stroke() } else { c.fill() }
                if let ann = m.annotations {
                    c.setColor(.black)
                    for i in m.x.indices where i < ann.count {
                        c.text(ann[i], x: map.px(m.x[i]), y: map.py(m.y[i]) - m.size - 3, size: f * 0.8, horizontal: .center, vertical: .bottom, rotation: 0, bold: false)
                    }
                }
                if let l = m.label { legend.append((l, col, .marker(m.shape))) }
            case .overlay(let o):
                overlay(o, map: map, on: c, legend: &legend)
            }
        }
        c.restore()
        // Frame, ticks and labels.
        c.setColor(.black); c.setLineWidth(1); c.setDash([])
        c.rectangle(plot.x, plot.y, plot.w, plot.h); c.stroke()
        if !panel.x.hidden {
            for v in xt.values { c.moveTo(map.px(v), plot.y + plot.h); c.lineTo(map.px(v), plot.y + plot.h + 4) }
            c.stroke()
            for (v, s) in zip(xt.values, xt.labels) {
                c.text(s, x: map.px(v), y: plot.y + plot.h + 6, size: f, horizontal: .center, vertical: .top, rotation: 0, bold: false)
            }
            c.text(panel.x.label, x: plot.x + plot.w / 2, y: plot.y + plot.h + 2.3 * f, size: f, horizontal: .center, vertical: .top, rotation: 0, bold: false)
        }
        if !panel.y.hidden {
            for v in yt.values { c.moveTo(plot.x, map.py(v)); c.lineTo(plot.x - 4, map.py(v)) }
            c.stroke()
            var widest = 0.0
            for (v, s) in zip(yt.values, yt.labels) {
                widest = max(widest, c.textWidth(s, size: f, bold: false))
                c.text(s, x: plot.x - 6, y: map.py(v), size: f, horizontal: .right, vertical: .middle, rotation: 0, bold: false)
            }
            c.text(panel.y.label, x: max(plot.x - 10 - widest - 0.4 * f, cell.x + 2), y: plot.y + plot.h / 2, size: f, horizontal: .center, vertical: .bottom, rotation: -Double.pi / 2, bold: false)
        }
        if panel.legend != .none && !legend.isEmpty { drawLegend(legend, plot: plot, placement: panel.legend, on: c) }
    }

    enum LegendKind { case line(LineStyle), marker(MarkerShape), patch }

    func drawLegend(_ items: [(String, Color, LegendKind)], plot: (x: Double, y: Double, w: Double, h: Double), placement: LegendPlacement, on c: Canvas) {
        let f = fontSize * 0.9
        let rowH = f * 1.5
        let width = (items.map { c.textWidth($0.0, size: f, bold: false) }.max() ?? 0) + 40
        let height = rowH * Double(items.count) + 8
        let x0 = placement == .topLeft ? plot.x + 8 : plot.x + plot.w - width - 8
        let y0 = plot.y + 8
        c.setColor(Color.white.withAlpha(0.85)); c.rectangle(x0, y0, width, height); c.fill()
        c.setColor(.gray); c.setLineWidth(0.6); c.rectangle(x0, y0, width, height); c.stroke()
        for (i, item) in items.enumerated() {
            let y = y0 + 4 + rowH * (Double(i) + 0.5)
            c.setColor(item.1)
            switch item.2 {
            case .line(let style):
                c.setLineWidth(1.6); c.setDash(dash(style, 1.6)); c.moveTo(x0 + 6, y); c.lineTo(x0 + 28, y); c.stroke(); c.setDash([])
            case .marker(let shape):
                marker(shape, x0 + 17, y, 5, on: c)
                if shape == .cross { c.stroke() } else { c.fill() }
            case .patch:
                c.rectangle(x0 + 7, y - f * 0.4, 20, f * 0.8); c.fill()
            }
            c.setColor(.black)
            c.text(item.0, x: x0 + 34, y: y, size: f, horizontal: .left, vertical: .middle, rotation: 0, bold: false)
        }
    }

    func dash(_ s: LineStyle, _ w: Double) -> [Double] {
        switch s {
        case .solid: []
        case .dashed: [5 * max(w, 1), 3 * max(w, 1)]
        case .dotted: [1 * max(w, 1), 2.5 * max(w, 1)]
        }
    }

    func marker(_ shape: MarkerShape, _ x: Double, _ y: Double, _ size: Double, on c: Canvas) {
        let r = size / 2
        switch shape {
        case .circle: c.circle(x, y, radius: r)
        case .square: c.rectangle(x - r, y - r, size, size)
        case .triangle: c.moveTo(x, y - r); c.lineTo(x + r, y + r); c.lineTo(x - r, y + r); c.closePath()
        case .cross: c.moveTo(x - r, y - r); c.lineTo(x + r, y + r); c.moveTo(x - r, y + r); c.lineTo(x + r, y - r)
        }
    }

    func overlay(_ o: Overlay, map: Mapping, on c: Canvas, legend: inout [(String, Color, LegendKind)]) {
        switch o {
        case .polyline(let xs, let ys, let col, let w):
            guard !xs.isEmpty else { return }
            c.moveTo(map.px(xs[0]), map.py(ys[0]))
            for i in 1..<xs.count { c.lineTo(map.px(xs[i]), map.py(ys[i])) }
            c.setColor(col); c.setLineWidth(w); c.stroke()
        case .circle(let x, let y, let r, let col, let w):
            c.circle(map.px(x), map.py(y), radius: abs(map.px(x + r) - map.px(x)))
            c.setColor(col); c.setLineWidth(w); c.stroke()
        case .text(let s, let x, let y, let col, let size):
            c.setColor(col)
            c.text(s, x: map.px(x), y: map.py(y), size: size, horizontal: .center, vertical: .middle, rotation: 0, bold: false)
        case .leftText(let s, let x, let y, let col, let size, let bold):
            c.setColor(col)
            c.text(s, x: map.px(x), y: map.py(y), size: size, horizontal: .left, vertical: .middle, rotation: 0, bold: bold)
        case .verticalLine(let x, let col, let style, let label):
            c.setColor(col); c.setLineWidth(0.9); c.setDash(dash(style, 0.9))
            c.moveTo(map.px(x), map.plot.y); c.lineTo(map.px(x), map.plot.y + map.plot.h); c.stroke(); c.setDash([])
            if let label {
                c.text(label, x: map.px(x) + 3, y: map.plot.y + 4, size: fontSize * 0.8, horizontal: .left, vertical: .top, rotation: 0, bold: false)
            }
        case .scaleBar(let length, let label, let col):
            let px = abs(map.px(map.xr.lowerBound + length) - map.px(map.xr.lowerBound))
            let x0 = map.plot.x + 14, y0 = map.plot.y + map.plot.h - 14
            c.setColor(Color.black.withAlpha(0.6))
            c.rectangle(x0 - 6, y0 - fontSize * 1.6 - 6, max(px, c.textWidth(label, size: fontSize, bold: true)) + 12, fontSize * 1.6 + 12); c.fill()
            c.setColor(col); c.rectangle(x0, y0 - 3, px, 4); c.fill()
            c.text(label, x: x0 + px / 2, y: y0 - 6, size: fontSize, horizontal: .center, vertical: .bottom, rotation: 0, bold: true)
        }
    }
}

/// Data → canvas coordinates for one panel.
struct Mapping {
    let xr: ClosedRange<Double>, yr: ClosedRange<Double>
    let plot: (x: Double, y: Double, w: Double, h: Double)
    let xReversed: Bool, yReversed: Bool
    /// Image panels put row 0 (y = 0) at the top, as images are stored.
    let imageRowsDown: Bool

    func px(_ v: Double) -> Double {
        let t = (v - xr.lowerBound) / (xr.upperBound - xr.lowerBound)
        return plot.x + (xReversed ? 1 - t : t) * plot.w
    }

    func py(_ v: Double) -> Double {
        let t = (v - yr.lowerBound) / (yr.upperBound - yr.lowerBound)
        let up = imageRowsDown ? !yReversed : yReversed
        return plot.y + (up ? t : 1 - t) * plot.h
    }
}

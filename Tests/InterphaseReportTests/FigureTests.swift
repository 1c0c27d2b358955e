// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import InterphaseReport

@Suite("Figures")
struct FigureTests {
    static func spectrumFigure() -> Figure {
        let x = stride(from: 4000.0, through: 400, by: -2).map { $0 }
        let y = x.map { 0.8 * Foundation.exp(-($0 - 1726) * ($0 - 1726) / 200) + 0.3 * Foundation.exp(-($0 - 1171) * ($0 - 1171) / 800) + 0.05 }
        var p = Panel(title: "PMMA", x: Axis("Wavenumber (cm⁻¹)", reversed: true), y: Axis("Absorbance"))
        p.add(.line(LineSeries(x: x, y: y, label: "pristine")))
        p.add(.markers(MarkerSeries(x: [1726, 1171], y: [0.85, 0.35], label: "bands", shape: .triangle, annotations: ["1726", "1171"])))
        p.add(.overlay(.verticalLine(x: 1640, color: .gray, style: .dashed, label: "keto 1640")))
        return Figure(panels: [p])
    }

    static func histogramFigure() throws -> Figure {
        var rng = SplitMix64(seed: 3)
        let d = (0..<2000).map { _ in 1.6 + 0.35 * rng.normal() }
        var p = Panel(x: Axis("Fibre diameter (µm)"), y: Axis("Count"))
        p.add(.histogram(HistogramLayer(try Histogram(d, binCount: 30), label: "diameters")))
        return Figure(width: 500, height: 360, panels: [p])
    }

    @Test("nice ticks follow Heckbert's 1-2-5 steps")
    func ticks() {
        #expect(NiceTicks(range: 0...100, target: 6).values == [0, 20, 40, 60, 80, 100])
        #expect(NiceTicks(range: 400...4000, target: 8).values == [500, 1000, 1500, 2000, 2500, 3000, 3500, 4000])
        #expect(NiceTicks(range: 684...690, target: 7).values == [684, 685, 686, 687, 688, 689, 690])
        #expect(NiceTicks(range: 0...0.01, target: 6).labels == ["0.000", "0.002", "0.004", "0.006", "0.008", "0.010"])
        #expect(NiceTicks(range: -1...1, target: 5).labels == ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
    }

    @Test("a spectrum plot draws frame, ticks, Unicode labels, and a reversed axis high-to-low")
    func recordedSpectrum() {
        let canvas = RecordingCanvas()
        FigureRenderer().render(Self.spectrumFigure(), on: canvas)
        let texts = canvas.texts
        #expect(texts.contains("Wavenumber (cm⁻¹)") && texts.contains("Absorbance") && texts.contains("PMMA"))
        #expect(texts.contains("pristine") && texts.contains("keto 1640") && texts.contains("1726"))
        // x tick labels run 4000 → 500 from left to right on a reversed axis.
        let ticks: [(Double, Double)] = canvas.operations.compactMap {
            if case .text(let s, let x, _, let rot) = $0, rot == 0, let v = Double(s), v >= 500, v.truncatingRemainder(dividingBy: 500) == 0 { return (v, x) }
            return nil
        }
        let xs = ticks.sorted { $0.1 < $1.1 }.map(\.0)
        #expect(xs.first == 4000 && xs.last == 500)
        #expect(canvas.strokeCount >= 4)
        // The y label is drawn rotated.
        #expect(canvas.operations.contains { if case .text("Absorbance", _, _, let r) = $0 { abs(r + Double.pi / 2) < 1e-12 } else { false } })
    }

    @Test("cairo writes a non-blank PNG of the right size with the axes drawn, plus SVG and PDF")
    func cairoOutput() throws {
        let dir = TestData.temporaryDirectory()
        let path = dir + "/spectrum.png"
        try Self.spectrumFigure().write(to: path)
        guard case .uint8(let r) = try PNGCodec.read(path) else { Issue.record("8-bit PNG expected"); return }
        #expect(r.width == 1440 && r.height == 880)
        let gray = r.grayFloat()
        let dark = gray.samples.filter { $0 < 100 }.count
        #expect(dark > r.width * r.height / 400, "too few dark pixels: \(dark)")
        #expect(Set(gray.samples.map { Int($0 / 8) }).count > 10) // not a flat image: lines, text, anti-aliasing
        // The left frame edge is a long dark vertical run.
        var bestRun = 0
        for x in 0..<(r.width / 3) {
            var run = 0, best = 0
            for y in 0..<r.height { if gray[x, y] < 80 { run += 1; best = max(best, run) } else { run = 0 } }
            bestRun = max(bestRun, best)
        }
        #expect(bestRun > r.height / 2)
        try Self.histogramFigure().write(to: dir + "/histogram.png")
        guard case .uint8(let h) = try PNGCodec.read(dir + "/histogram.png") else { Issue.record("histogram PNG"); return }
        #expect(h.width == 1000 && h.height == 720)
        // Histogram bars are filled with the first cycle colour (blue-ish) at 55 % alpha on white.
        let bluish = (0..<(h.width * h.height)).filter { i in Int(h.samples[3 * i + 2]) > Int(h.samples[3 * i]) + 60 }.count
        #expect(bluish > h.width * h.height / 50)
        try Self.spectrumFigure().write(to: dir + "/spectrum.svg")
        try Self.spectrumFigure().write(to: dir + "/spectrum.pdf")
        let svg = try String(contentsOfFile: dir + "/spectrum.svg", encoding: .utf8)
        #expect(svg.contains("<svg"))
        let pdf = try Data(contentsOf: URL(fileURLWithPath: dir + "/spectrum.pdf"))
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(throws: FigureError.unknownFormat(path: dir + "/x.bmp")) { try Self.spectrumFigure().write(to: dir + "/x.bmp") }
        print("figures written to \(dir)")
    }

    @Test("an image layer with overlays: pixels placed row 0 at top, circle, polyline and scale bar drawn")
    func imageWithOverlays() throws {
        // A 64×48 gradient image with a bright block in its top-left corner.
        var img = Raster<UInt8>(width: 64, height: 48, repeating: 40)
        for y in 0..<8 { for x in 0..<8 { img[x, y] = 250 } }
        var p = Panel(title: "fibres", x: Axis("x (µm)", range: 0...64), y: Axis("y (µm)", range: 0...48), legend: .none, equalAspect: true)
        p.add(.image(ImageLayer(img)))
        p.add(.overlay(.circle(x: 40, y: 30, radius: 6, color: Color(hex: 0xFF0000), width: 3)))
        p.add(.overlay(.polyline(x: [10, 50], y: [40, 40], color: Color(hex: 0x00FF00), width: 3)))
        p.add(.overlay(.scaleBar(length: 10, label: "10 µm", color: .white)))
        let canvas = RecordingCanvas()
        FigureRenderer().render(Figure(width: 400, height: 320, panels: [p]), on: canvas)
        #expect(canvas.operations.contains(.image(width: 64, height: 48)))
        #expect(canvas.texts.contains("10 µm"))
        let path = TestData.temporaryDirectory() + "/overlay.png"
        try Figure(width: 400, height: 320, panels: [p]).write(to: path, scale: 1)
        guard case .uint8(let r) = try PNGCodec.read(path) else { Issue.record("PNG"); return }
        // Find the drawn image: the bright block must be at the top-left of the dark image area.
        let bright = (0..<(r.width * r.height)).filter { i in r.samples[3 * i] > 240 && r.samples[3 * i + 1] > 240 && r.samples[3 * i + 2] > 240 }
        let dark = (0..<(r.width * r.height)).filter { i in r.samples[3 * i] == 40 && r.samples[3 * i + 1] == 40 }
        let darkTop = dark.map { $0 / r.width }.min()!, darkLeft = dark.map { $0 % r.width }.min()!
        let blockRows = bright.map { $0 / r.width }.filter { $0 >= darkTop - 2 }, blockCols = bright.map { $0 % r.width }.filter { $0 >= darkLeft - 2 }
        #expect(blockRows.min()! <= darkTop + 2 && blockCols.min()! <= darkLeft + 2)
        let red = (0..<(r.width * r.height)).filter { i in r.samples[3 * i] > 200 && r.samples[3 * i + 1] < 60 && r.samples[3 * i + 2] < 60 }.count
        let green = (0..<(r.width * r.height)).filter { i in r.samples[3 * i + 1] > 200 && r.samples[3 * i] < 60 }.count
        #expect(red > 50 && green > 50)
        print("overlay figure: \(path)")
    }

    @Test("a line through non-finite values is drawn in stretches, with no point at NaN")
    func gapsInLines() {
        // Fixed ranges, so the empty panel has the same frame and ticks.
        let empty = Panel(x: Axis("x", range: 0...6), y: Axis("y", range: 0...5), legend: .none)
        var p = empty
        p.add(.line(LineSeries(x: [0, 1, 2, 3, 4, 5, 6], y: [0, 1, .nan, .nan, 4, 5, .infinity])))
        let blank = RecordingCanvas()
        FigureRenderer().render(Figure(panels: [empty]), on: blank)
        let canvas = RecordingCanvas()
        FigureRenderer().render(Figure(panels: [p]), on: canvas)
        // Two stretches (0–1 and 4–5): two subpaths more than the empty panel, four points in all.
        #expect(canvas.moves - blank.moves == 2)
        let strokes = canvas.operations.compactMap { if case .stroke(let n, _, _) = $0 { n } else { nil } }
        #expect(strokes.contains(4))
        // Without fixed ranges the axis spans the drawn points (0–5), not NaN or infinity.
        var free = Panel(x: Axis("x"), y: Axis("y"), legend: .none)
        free.add(.line(LineSeries(x: [0, 1, 2, 3, 4, 5, 6], y: [0, 1, .nan, .nan, 4, 5, .infinity])))
        let (xr, yr) = FigureRenderer().limits(free)
        #expect(xr == 0...5 && yr.lowerBound < 0 && yr.upperBound > 5 && yr.upperBound < 6, "\(xr) \(yr)")
    }
}

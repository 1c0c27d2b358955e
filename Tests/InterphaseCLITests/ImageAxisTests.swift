// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import Interphase
import InterphaseCore
import InterphaseReport

@Suite("SEM figure axes")
struct ImageAxisTests {
    /// An image panel shows row 0 at the top, so its y ticks must read 0 at the top and grow downwards:
    /// a bar drawn in rows 10–20 must sit beside the y ticks near 10–20, not beside height − 15.
    @Test("the micrograph panel's y axis runs downwards from 0 at the top, as the pixels are drawn")
    func yTicksDown() throws {
        let w = 200, h = 120
        var px = [Float](repeating: 20, count: w * h)
        for y in 10..<20 { for x in 0..<w { px[y * w + x] = 220 } }
        for x in 60..<70 { for y in 0..<h { px[y * w + x] = 220 } }
        let m = Micrograph(image: Raster(width: w, height: h, colorModel: .gray, samples: px), calibration: nil)
        let d = try FiberAnalysis().detailed(m)
        let figure = SEMFigures.fibers(m, d.result, skeleton: d.skeleton, title: "bars")
        let canvas = RecordingCanvas()
        FigureRenderer().render(figure, on: canvas)
        // The first panel's y tick labels: unrotated numbers drawn left of the x-axis ticks' start.
        var ticks: [(value: Double, y: Double, x: Double)] = []
        for op in canvas.operations {
            if case .text(let s, let x, let y, let r) = op, r == 0, let v = Double(s) { ticks.append((v, y, x)) }
        }
        let leftmost = ticks.map(\.x).min()!
        // The image panel is the upper one: its ticks lie above the figure's middle.
        let yTicks = ticks.filter { abs($0.x - leftmost) < 1 && $0.y < figure.height / 2 }.sorted { $0.y < $1.y }
        #expect(yTicks.count >= 3, "\(ticks)")
        // Canvas y grows downwards: the label drawn highest is the smallest value.
        #expect(yTicks.first!.value == 0 && yTicks.last!.value >= 100, "\(yTicks)")
        #expect(zip(yTicks, yTicks.dropFirst()).allSatisfy { $0.value < $1.value }, "\(yTicks)")
    }
}

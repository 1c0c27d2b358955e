// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
@testable import XPS

/// The grid evaluation a fit uses, against the closed-form profile point by point (the formula of
/// XPS.md §3.2, evaluated with libm's exp at every point).
@Suite("Line-shape grid evaluation")
struct LineShapeBatchTests {
    static func grid(from lo: Double, step: Double, count: Int) -> [Double] {
        // Parsed from text, as a reader produces it (not lo + i·step computed in binary).
        (0..<count).map { Double(String(format: "%.2f", lo + step * Double($0)))! }
    }

    @Test("GL(m) on an even grid (exp recurrence) and on an uneven one matches the profile and its derivative")
    func matchesProfile() {
        let even = Self.grid(from: 680, step: 0.05, count: 301)
        #expect(XPSLineShape.evenStep(even) != nil)
        var uneven = even
        uneven[150] += 0.01
        #expect(XPSLineShape.evenStep(uneven) == nil)
        for m in [0.0, 0.3, 0.7, 1.0] {
            let shape = XPSLineShape.glProduct(m: m)
            for (center, fwhm) in [(685.1, 1.7), (686.93, 0.4), (691.0, 3.5), (679.0, 0.12)] {
                for x in [even, uneven] {
                    var v = [Double](repeating: .nan, count: x.count), d = v
                    let step = XPSLineShape.evenStep(x)
                    x.withUnsafeBufferPointer { xs in
                        shape.fill(x: xs.baseAddress!, count: x.count, center: center, fwhm: fwhm, scale: 2.5, step: step,
                                   value: &v, derivative: &d)
                    }
                    var worst = 0.0
                    for i in x.indices {
                        let (s, ds) = shape.profile((x[i] - center) / fwhm)
                        // Values below e^-40 of the height may be 0. Elsewhere the recurrence follows the
                        // even grid, which text-parsed energies miss by ~1e-13 eV: agreement to 1e-10.
                        if s < 1e-17 { #expect(abs(v[i]) <= 2.5 * 1e-17); continue }
                        worst = max(worst, abs(v[i] - 2.5 * s) / (2.5 * s))
                        #expect(abs(d[i] - 2.5 * ds) <= 1e-10 * 2.5 * max(abs(ds), s), "m=\(m) c=\(center) F=\(fwhm) i=\(i)")
                    }
                    #expect(worst < 1e-10, "m=\(m) centre \(center) FWHM \(fwhm) \(step == nil ? "uneven" : "even"): \(worst)")
                }
            }
        }
    }
}

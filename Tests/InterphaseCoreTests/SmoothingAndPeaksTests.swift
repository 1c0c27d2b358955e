// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import InterphaseCore

@Suite("Savitzky–Golay and peak finding")
struct SmoothingAndPeaksTests {
    /// Savitzky & Golay (1964) tables as corrected by Steinier et al. (1972).
    @Test("coefficients equal the published convolution tables",
          arguments: [
              (5, 2, 0, [-3.0, 12, 17, 12, -3], 35.0),
              (7, 2, 0, [-2.0, 3, 6, 7, 6, 3, -2], 21.0),
              (9, 4, 0, [15.0, -55, 30, 135, 179, 135, 30, -55, 15], 429.0),
              (5, 2, 1, [-2.0, -1, 0, 1, 2], 10.0),
              (5, 3, 1, [1.0, -8, 0, 8, -1], 12.0),
              (5, 2, 2, [2.0, -1, -2, -1, 2], 7.0),
          ])
    func tables(window: Int, order: Int, derivative: Int, numerators: [Double], norm: Double) throws {
        let c = try SavitzkyGolay(window: window, order: order, derivative: derivative).coefficients()
        for (a, b) in zip(c, numerators.map { $0 / norm }) { #expect(abs(a - b) < 1e-13) }
    }

    @Test("a polynomial of the filter's order passes unchanged, edges included; derivatives are exact")
    func polynomialExactness() throws {
        let x = (0..<40).map { Double($0) * 0.25 }
        let p: (Double) -> Double = { 0.3 * $0 * $0 * $0 - 2 * $0 * $0 + $0 - 4 }
        let y = x.map(p)
        let smooth = try SavitzkyGolay(window: 11, order: 3).apply(y)
        for i in y.indices { #expect(abs(smooth[i] - y[i]) < 1e-9) }
        let d1 = try SavitzkyGolay(window: 11, order: 3, derivative: 1).apply(y, spacing: 0.25)
        for i in x.indices { #expect(abs(d1[i] - (0.9 * x[i] * x[i] - 4 * x[i] + 1)) < 1e-8) }
        let d2 = try SavitzkyGolay(window: 9, order: 4, derivative: 2).apply(y, spacing: 0.25)
        for i in x.indices { #expect(abs(d2[i] - (1.8 * x[i] - 4)) < 1e-7) }
    }

    @Test("smoothing lowers white noise by the predicted factor")
    func noiseReduction() throws {
        var rng = SplitMix64(seed: 1)
        let y = (0..<20000).map { _ in rng.normal() }
        let s = try SavitzkyGolay(window: 21, order: 2).apply(y)
        let c = try SavitzkyGolay(window: 21, order: 2).coefficients()
        let predicted = c.reduce(0) { $0 + $1 * $1 }.squareRoot() // output SD for unit white noise
        let measured = Statistics.standardDeviation(Array(s[100..<19900]))
        #expect(abs(measured / predicted - 1) < 0.03)
    }

    @Test("invalid windows and uneven axes are refused with a reason")
    func errors() throws {
        #expect(throws: SignalError.self) { try SavitzkyGolay(window: 10, order: 2) }
        #expect(throws: SignalError.self) { try SavitzkyGolay(window: 5, order: 5) }
        #expect(throws: SignalError.tooShort(points: 3, needed: 5)) { try SavitzkyGolay(window: 5, order: 2).apply([1, 2, 3]) }
        let s = try Spectrum(name: "u", x: [1, 2, 3, 5, 6, 7, 8], y: [1, 2, 3, 4, 5, 6, 7], xKind: .wavenumber, yKind: .absorbance)
        #expect(throws: SignalError.unevenSpacing(index: 1, step: 1, expected: 7.0 / 6.0)) { try s.savitzkyGolay(window: 5, order: 2) }
    }

    @Test("peaks: sub-grid positions, prominence and width of known Gaussians, on ascending and descending axes")
    func knownPeaks() throws {
        let truth: [(c: Double, h: Double, fwhm: Double)] = [(1726.37, 1.0, 18), (1640.81, 0.35, 22), (1171.19, 0.8, 30)]
        let asc = stride(from: 1000.0, through: 1900, by: 0.964).map { $0 }
        for x in [asc, Array(asc.reversed())] {
            let y = x.map { xi in truth.reduce(0.0) { $0 + $1.h * Foundation.exp(-4 * Foundation.log(2) * (xi - $1.c) * (xi - $1.c) / ($1.fwhm * $1.fwhm)) } }
            let peaks = PeakFinder(minimumProminence: 0.1).find(x: x, y: y).sorted { $0.position > $1.position }
            #expect(peaks.count == 3)
            for (p, t) in zip(peaks, truth) {
                #expect(abs(p.position - t.c) < 0.05 * 0.964, "position \(p.position) vs \(t.c)")
                #expect(abs(p.height - t.h) < 2e-3 * t.h)
                // Prominence is measured on samples (scipy's definition): the sampled top lies up to half a
                // step off the true centre, 4 ln2 (0.482/18)² = 0.2 % below the true height.
                #expect(abs(p.prominence - t.h) < 2.5e-3 * t.h)
                #expect(abs(p.width - t.fwhm) < 0.01 * t.fwhm, "width \(p.width) vs \(t.fwhm)")
            }
        }
    }

    @Test("plateaus, noise thresholds and minimum distance")
    func plateauAndFiltering() {
        let x = (0..<9).map(Double.init)
        let flat = PeakFinder().find(x: x, y: [0, 1, 3, 3, 3, 1, 0, 2, 0])
        #expect(flat.map(\.index) == [3, 7])
        #expect(flat[0].prominence == 3 && flat[1].prominence == 2)
        #expect(PeakFinder(minimumProminence: 2.5).find(x: x, y: [0, 1, 3, 3, 3, 1, 0, 2, 0]).map(\.index) == [3])
        #expect(PeakFinder(minimumDistance: 5).find(x: x, y: [0, 1, 3, 3, 3, 1, 0, 2, 0]).map(\.index) == [3])
        #expect(PeakFinder().find(x: [0, 1], y: [1, 2]).isEmpty)
    }
}

@Suite("Noise mask")
struct NoiseMaskTests {
    @Test("a saturated, noisy stretch is masked; clean bands around it are kept")
    func saturatedStretch() throws {
        var rng = SplitMix64(seed: 8)
        let x = stride(from: 4000.0, to: 400, by: -1.0).map { $0 }
        let y = x.map { xi -> Double in
            let bands = 1.0 * Foundation.exp(-(xi - 1726) * (xi - 1726) / 150) + 0.5 * Foundation.exp(-(xi - 2950) * (xi - 2950) / 300)
            let saturated = (1000...1250).contains(xi) ? 18 + 3 * rng.normal() : 0
            return bands + saturated + 0.002 * rng.normal()
        }
        let s = try Spectrum(name: "t", x: x, y: y, xKind: .wavenumber, yKind: .absorbance)
        let clean = try s.cleanPeaks(PeakFinder(minimumProminence: 0.1))
        let (peaks, noisy) = (clean.peaks, clean.noisy)
        let maskedX = x.indices.filter { noisy[$0] }.map { x[$0] }
        #expect(maskedX.min()! > 980 && maskedX.max()! < 1270)
        #expect(maskedX.count > 230)
        #expect(Set(peaks.map { ($0.position / 10).rounded() * 10 }) == [1730, 2950])
    }
}

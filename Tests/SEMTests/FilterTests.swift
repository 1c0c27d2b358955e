// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

@Suite("SEM preprocessing")
struct FilterTests {
    static func image(_ n: Int, _ f: (Double, Double) -> Double) -> Raster<Float> {
        var px = [Float](repeating: 0, count: n * n)
        for y in 0..<n { for x in 0..<n { px[y * n + x] = Float(f(Double(x), Double(y))) } }
        return Raster(width: n, height: n, colorModel: .gray, samples: px)
    }

    /// Amplitude of cos(2π(fx·x + fy·y)) in the central half of the image (least-squares projection).
    static func amplitude(_ img: Raster<Float>, fx: Double, fy: Double) -> Double {
        let n = img.width
        var c = 0.0, s = 0.0, cc = 0.0, ss = 0.0
        for y in (n / 4)..<(3 * n / 4) { for x in (n / 4)..<(3 * n / 4) {
            let ph = 2 * Double.pi * (fx * Double(x) + fy * Double(y))
            let v = Double(img.samples[y * n + x])
            c += v * cos(ph); s += v * sin(ph); cc += cos(ph) * cos(ph); ss += sin(ph) * sin(ph)
        } }
        return ((c / cc) * (c / cc) + (s / ss) * (s / ss)).squareRoot()
    }

    @Test("FFT bandpass passes each sinusoid by ImageJ's factor (1 − e^(−4L²/p²))·e^(−4S²/p²) and keeps the mean")
    func bandpass() throws {
        let n = 256
        let img = Self.image(n) { x, y in 100 + 10 * cos(2 * .pi * x / 4) + 10 * cos(2 * .pi * y / 64) + 10 * cos(2 * .pi * (x + y) / 20) }
        let out = try Bandpass.filter(img, largeStructures: 40, smallStructures: 3)
        func expected(_ p: Double) -> Double { 10 * (1 - exp(-4 * 40 * 40 / (p * p))) * exp(-4 * 3 * 3 / (p * p)) }
        #expect(abs(Self.amplitude(out, fx: 0.25, fy: 0) - expected(4)) < 0.3)
        #expect(abs(Self.amplitude(out, fx: 0, fy: 1.0 / 64) - expected(64)) < 0.5)
        // The diagonal wave's period is 20/√2 along its normal.
        #expect(abs(Self.amplitude(out, fx: 0.05, fy: 0.05) - expected(20 / 2.0.squareRoot())) < 0.3)
        let mean = out.samples.reduce(0.0) { $0 + Double($1) } / Double(n * n)
        #expect(abs(mean - 100) < 0.5)
    }

    @Test("stripe suppression removes horizontal stripes and keeps diagonal structure")
    func stripes() throws {
        let n = 128
        let img = Self.image(n) { x, y in 50 + 20 * cos(2 * .pi * y / 16) + 10 * cos(2 * .pi * (x - y) / 12) }
        let out = try Bandpass.filter(img, largeStructures: 60, smallStructures: 1, stripes: .horizontal)
        #expect(Self.amplitude(out, fx: 0, fy: 1.0 / 16) < 0.5)
        #expect(Self.amplitude(out, fx: 1.0 / 12, fy: -1.0 / 12) > 8)
        #expect(throws: SEMError.self) { try Bandpass.filter(img, largeStructures: 2, smallStructures: 3) }
    }

    @Test("sliding paraboloid returns a gently curved background exactly and removes it from small bright discs")
    func rollingBall() throws {
        let n = 128
        let centres = [(30.0, 30.0), (90.0, 40.0), (60.0, 100.0)]
        func onDisc(_ x: Double, _ y: Double) -> Bool { centres.contains { ($0.0 - x) * ($0.0 - x) + ($0.1 - y) * ($0.1 - y) <= 9 } }
        func bg(_ x: Double, _ y: Double) -> Double { 50 + 0.002 * ((x - 64) * (x - 64) + (y - 50) * (y - 50)) }
        let img = Self.image(n) { x, y in bg(x, y) + (onDisc(x, y) ? 100 : 0) }
        let r = try BackgroundSubtraction.rollingParaboloid(img, radius: 20)
        var worst = 0.0, at = (0, 0)
        // Within ~10 px of the border the dilation's maximiser falls outside the image (as in ImageJ).
        for y in 12..<(n - 12) { for x in 12..<(n - 12) where !onDisc(Double(x), Double(y)) {
            let e = abs(Double(r.background.samples[y * n + x]) - bg(Double(x), Double(y)))
            if e > worst { worst = e; at = (x, y) }
        } }
        #expect(worst < 1e-3, "background error \(worst) at \(at)")
        // Under a disc of radius 3 the paraboloid reaches only to depth ≈ 13/(2R) (nearest outside pixels at d² = 13).
        #expect(abs(Double(r.corrected.samples[30 * n + 30]) - 100) < 13 / 40.0)
        #expect(throws: SEMError.self) { try BackgroundSubtraction.rollingParaboloid(img, radius: 0) }
    }

    @Test("median removes isolated outliers and keeps a step edge in place")
    func median() {
        let n = 40
        var img = Self.image(n) { x, _ in x < 20 ? 10 : 200 }
        for (x, y) in [(5, 5), (30, 12), (8, 33)] { img.samples[y * n + x] = 255 - img.samples[y * n + x] }
        let m = Filters.median(img, radius: 2)
        for y in 0..<n { for x in 0..<n { #expect(m.samples[y * n + x] == (x < 20 ? 10 : 200), "(\(x),\(y))") } }
    }

    /// out(x, y) = Σ_i Σ_j c_i·r_j·in(clamp(x + j − R), clamp(y + i − C)) in Double, term by term.
    static func bruteForce(_ v: [Float], _ w: Int, _ h: Int, _ rk: [Float], _ ck: [Float]) -> [Double] {
        let rr = rk.count / 2, rc = ck.count / 2
        var out = [Double](repeating: 0, count: w * h)
        for y in 0..<h { for x in 0..<w {
            var acc = 0.0
            for i in 0..<ck.count { for j in 0..<rk.count {
                let yy = min(max(y + i - rc, 0), h - 1), xx = min(max(x + j - rr, 0), w - 1)
                acc += Double(ck[i]) * Double(rk[j]) * Double(v[yy * w + xx])
            } }
            out[y * w + x] = acc
        } }
        return out
    }

    @Test("separable correlation with mirrored (Gaussian), opposite (derivative) and plain kernels matches a direct sum",
          arguments: [(1.0, false, 2.0, false), (1.0, true, 1.0, false), (2.0, false, 1.0, true), (0.7, true, 0.7, true)])
    func separableMatchesDirectSum(rowSigma: Double, rowDerivative: Bool, columnSigma: Double, columnDerivative: Bool) {
        let w = 37, h = 23
        var rng = SplitMix64(seed: 9)
        let v = (0..<(w * h)).map { _ in Float(Int.random(in: 0...255, using: &rng)) }
        let rk = Filters.gaussianKernel(sigma: rowSigma, derivative: rowDerivative)
        let ck = Filters.gaussianKernel(sigma: columnSigma, derivative: columnDerivative)
        rk.withUnsafeBufferPointer { #expect(Filters.symmetry($0) == (rowDerivative ? .odd : .even)) }
        // A lopsided kernel takes the plain route.
        let lopsided: [Float] = [0.1, 0.5, 0.2, 0.15, 0.05]
        lopsided.withUnsafeBufferPointer { #expect(Filters.symmetry($0) == .none) }
        for (r, c) in [(rk, ck), (lopsided, ck), (rk, lopsided)] {
            let got = Filters.separable(v, width: w, height: h, rowKernel: r, columnKernel: c)
            let want = Self.bruteForce(v, w, h, r, c)
            let worst = zip(got, want).map { abs(Double($0) - $1) }.max()!
            #expect(worst < 2e-4, "largest difference \(worst) (values up to 255)")
        }
    }

    @Test("the derivative-of-Gaussian gradient of a ramp is its slope")
    func gradient() {
        let img = Self.image(64) { x, y in 3 * x - 2 * y }
        let (gx, gy) = Filters.gaussianGradient(img, sigma: 1.5)
        #expect(abs(gx[32 * 64 + 32] - 3) < 1e-4 && abs(gy[32 * 64 + 32] + 2) < 1e-4)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// The forward model of a core-level fit and its analytic Jacobian.
///
/// Each component j is A_j/(F_j·k_j)·s((E − E_j)/F_j), with s the unit-height profile of its line
/// shape and k_j = ∫s du, so the area A_j is a parameter (fractions and their errors come straight
/// from the covariance). The background is either a fixed array (a static Shirley, Tougaard or
/// linear background computed from the data) or the **active** peak-based Shirley form
///
///     B(E) = c₀ + c₁·(E − E_low) + k·Σ_j ∫_{E_low}^{E} p_j(E′) dE′
///
/// whose three parameters are fitted with the peaks (Herrera-Gomez et al., JESRP 189 (2013) 76;
/// ASTM E995 §5.4). Parameter layout: (center, fwhm, area) per component, then (c₀, c₁, k) if active.
struct XPSPeakModel: Sendable {
    let x: [Double]
    let shapes: [XPSLineShape]
    let unitAreas: [Double]
    let fixedBackground: [Double]?
    let active: Bool
    /// The energy step when the grid is evenly spaced (the profiles then use a recurrence for exp).
    let step: Double?

    var componentCount: Int { shapes.count }
    var parameterCount: Int { 3 * shapes.count + (active ? 3 : 0) }

    init(x: [Double], shapes: [XPSLineShape], fixedBackground: [Double]?, active: Bool) {
        self.x = x
        self.shapes = shapes
        self.unitAreas = shapes.map(\.unitArea)
        self.fixedBackground = fixedBackground
        self.active = active
        self.step = XPSLineShape.evenStep(x)
    }

    /// One component on the grid.
    func component(_ j: Int, _ p: UnsafeBufferPointer<Double>, into out: inout [Double]) {
        let c = p[3 * j], f = p[3 * j + 1], a = p[3 * j + 2]
        let h = a / (f * unitAreas[j])
        x.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBufferPointer { o in
                shapes[j].fill(x: xs.baseAddress!, count: xs.count, center: c, fwhm: f, scale: h, step: step, value: o.baseAddress!, derivative: nil)
            }
        }
    }

    /// Sum of all components on the grid.
    func peakSum(_ p: UnsafeBufferPointer<Double>) -> [Double] {
        let m = x.count
        var total = [Double](repeating: 0, count: m), tmp = [Double](repeating: 0, count: m)
        for j in 0..<componentCount {
            component(j, p, into: &tmp)
            for i in 0..<m { total[i] += tmp[i] }
        }
        return total
    }

    /// The background given the peak sum: the fixed array, or the active Shirley form.
    func background(_ p: UnsafeBufferPointer<Double>, peaks: [Double]) -> [Double] {
        var b = fixedBackground ?? [Double](repeating: 0, count: x.count)
        guard active else { return b }
        let base = 3 * componentCount
        let cum = Self.cumulative(peaks, x)
        for i in 0..<x.count { b[i] += p[base] + p[base + 1] * (x[i] - x[0]) + p[base + 2] * cum[i] }
        return b
    }

    /// The background alone.
    func background(_ p: UnsafeBufferPointer<Double>) -> [Double] { background(p, peaks: peakSum(p)) }

    func evaluate(_ p: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        let peaks = peakSum(p)
        let b = background(p, peaks: peaks)
        for i in 0..<x.count { out[i] = peaks[i] + b[i] }
    }

    /// Column-major m × P Jacobian.
    func jacobian(_ p: UnsafeBufferPointer<Double>, _ jac: UnsafeMutableBufferPointer<Double>) {
        let m = x.count
        x.withUnsafeBufferPointer { xs in
            let jb = jac.baseAddress!
            for j in 0..<componentCount {
                let c = p[3 * j], f = p[3 * j + 1], a = p[3 * j + 2], k = unitAreas[j]
                let invF = 1 / f
                let oc = 3 * j * m, of = oc + m, oa = of + m
                // With s and ds the unit profile and its slope at u = (E − E_j)/F, both divided by F k:
                // ∂/∂A = s, ∂/∂E = −A·ds/F, ∂/∂F = −A/F·(s + u·ds), written as each point is computed.
                let centre = jb + oc, width = jb + of, area = jb + oa
                shapes[j].forEachPoint(x: xs.baseAddress!, count: m, center: c, fwhm: f, scale: 1 / (f * k), step: step) { i, u, s, ds in
                    area[i] = s
                    centre[i] = -a * ds * invF
                    width[i] = -a * invF * (s + u * ds)
                }
            }
        }
        guard active else { return }
        let base = 3 * componentCount, k = p[base + 2]
        // Shirley term: k · cumulative(Σ p_j); its derivative w.r.t. a peak parameter is k · cumulative(∂p_j/∂θ).
        var total = [Double](repeating: 0, count: m)
        for col in 0..<(3 * componentCount) {
            let o = col * m
            if col % 3 == 2 { // area column = p_j / A_j
                let a = p[col]
                for i in 0..<m { total[i] += jac[o + i] * a }
            }
            var acc = 0.0, prev = jac[o]
            var cumPrev = 0.0
            for i in 0..<m {
                let v = jac[o + i]
                if i > 0 { acc = cumPrev + 0.5 * (v + prev) * (x[i] - x[i - 1]) }
                cumPrev = acc
                prev = v
                jac[o + i] = v + k * acc
            }
        }
        let cum = Self.cumulative(total, x)
        for i in 0..<m {
            jac[base * m + i] = 1
            jac[(base + 1) * m + i] = x[i] - x[0]
            jac[(base + 2) * m + i] = cum[i]
        }
    }

    static func cumulative(_ y: [Double], _ x: [Double]) -> [Double] {
        var c = [Double](repeating: 0, count: y.count)
        for i in 1..<y.count { c[i] = c[i - 1] + 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]) }
        return c
    }
}

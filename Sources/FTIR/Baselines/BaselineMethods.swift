// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore
import RealModule

/// Baseline estimators for spectra with positive bands (absorbance-like). Each returns the baseline
/// on the spectrum's own grid; ``BaselineMethod/corrected(_:)`` subtracts it and records the step.
///
///     let base = try BaselineMethod.asls(lambda: 1e7, p: 0.001).baseline(of: spectrum)
///     let flat = try BaselineMethod.arpls(lambda: 1e7).corrected(spectrum)
public enum BaselineMethod: Sendable, Hashable {
    /// Asymmetric least squares (Eilers & Boelens 2005): weights p above, 1 − p below the baseline.
    case asls(lambda: Double, p: Double = 0.001, iterations: Int = 50)
    /// Asymmetrically reweighted penalised least squares (Baek et al., Analyst 140 (2015) 250).
    case arpls(lambda: Double, tolerance: Double = 1e-3, iterations: Int = 100)
    /// Adaptive iteratively reweighted PLS (Zhang et al., Analyst 135 (2010) 1138).
    case airpls(lambda: Double, iterations: Int = 50)
    /// Modified polynomial (Lieber & Mahadevan-Jansen, Appl. Spectrosc. 57 (2003) 1363).
    case modpoly(order: Int, tolerance: Double = 1e-3, iterations: Int = 250)
    /// Lower convex hull through the points (x-aware: works on uneven axes).
    case rubberband
    /// Statistics-sensitive non-linear iterative peak clipping (Ryan et al., NIM B 34 (1988) 396),
    /// half-window in points.
    case snip(halfWindow: Int)

    /// The method's name as `--baseline` takes it.
    public var name: String {
        switch self {
        case .asls: "asls"
        case .arpls: "arpls"
        case .airpls: "airpls"
        case .modpoly: "modpoly"
        case .rubberband: "rubberband"
        case .snip: "snip"
        }
    }

    /// The baseline under `y` over `x`, one value per point.
    public func baseline(x: [Double], y: [Double]) throws(BaselineError) -> [Double] {
        let n = y.count
        guard n >= 4, x.count == n else { throw .tooShort(points: n, needed: 4) }
        switch self {
        case .asls(let lambda, let p, let iterations):
            guard p > 0, p < 1 else { throw .invalidParameter("AsLS p must lie in (0, 1)") }
            // Converged when no weight changes (pybaselines' relative weight change is then 0 too).
            let sys = WhittakerSystem(x: x)
            var w = [Double](repeating: 1, count: n)
            var z = [Double](repeating: 0, count: n)
            var scratch = WhittakerSystem.Scratch(n: n)
            y.withUnsafeBufferPointer { yb in
                w.withUnsafeMutableBufferPointer { wb in
                    z.withUnsafeMutableBufferPointer { zb in
                        let yp = yb.baseAddress!, wp = wb.baseAddress!, zp = zb.baseAddress!
                        for _ in 0..<iterations {
                            sys.solve(y: yp, w: wp, lambda: lambda, into: zp, scratch: &scratch)
                            var changed = false
                            for i in 0..<n {
                                let v = yp[i] > zp[i] ? p : 1 - p
                                changed = changed || v != wp[i]
                                wp[i] = v
                            }
                            if !changed { return }
                        }
                    }
                }
            }
            return z
        case .arpls(let lambda, let tolerance, let iterations):
            let sys = WhittakerSystem(x: x)
            var w = [Double](repeating: 1, count: n)
            var z = y
            for _ in 0..<iterations {
                z = sys.solve(y: y, w: w, lambda: lambda)
                let d = (0..<n).map { y[$0] - z[$0] }
                let neg = d.filter { $0 < 0 }
                guard neg.count >= 2 else { return z }
                let m = Statistics.mean(neg), s = Statistics.standardDeviation(neg)
                guard s > 0 else { return z }
                let wNew = d.map { 1 / (1 + Double.exp(min(2 * ($0 - (2 * s - m)) / s, 700))) }
                var change = 0.0, norm = 0.0
                for i in 0..<n { change += (wNew[i] - w[i]) * (wNew[i] - w[i]); norm += w[i] * w[i] }
                w = wNew
                if (change / norm).squareRoot() < tolerance { return z }
            }
            return z
        case .airpls(let lambda, let iterations):
            let sys = WhittakerSystem(x: x)
            var w = [Double](repeating: 1, count: n)
            var z = y
            let total = y.reduce(0) { $0 + abs($1) }
            for t in 1...iterations {
                z = sys.solve(y: y, w: w, lambda: lambda)
                let d = (0..<n).map { y[$0] - z[$0] }
                let negSum = d.reduce(0) { $0 + ($1 < 0 ? -$1 : 0) }
                if negSum < 1e-3 * total || negSum == 0 { return z }
                for i in 0..<n {
                    w[i] = d[i] >= 0 ? 0 : Double.exp(min(Double(t) * -d[i] / negSum, 700))
                }
                // End points keep a weight below 1 (the original's exp(t·max(d<0)/|Σd<0|), max < 0).
                w[0] = Double.exp(Double(t) * (d.filter { $0 < 0 }.max() ?? 0) / negSum)
                w[n - 1] = w[0]
            }
            return z
        case .modpoly(let order, let tolerance, let iterations):
            guard order >= 0, order < n else { throw .invalidParameter("polynomial order \(order) for \(n) points") }
            // Factorise the normal equations once; each iteration is then O(n·k).
            let poly = try PolynomialFit(x: x, order: order)
            // Converged when successive baselines differ by less than `tolerance` (relative L2 norm),
            // pybaselines' criterion.
            var current = y
            var fit = poly.fit(current)
            for _ in 1..<max(iterations, 2) {
                for i in 0..<n { current[i] = min(current[i], fit[i]) }
                let next = poly.fit(current)
                var change = 0.0, norm = 0.0
                for i in 0..<n { change += (next[i] - fit[i]) * (next[i] - fit[i]); norm += fit[i] * fit[i] }
                fit = next
                if (change / max(norm, 1e-300)).squareRoot() < tolerance { break }
            }
            return fit
        case .rubberband:
            // Lower convex hull (monotone chain) on ascending x, then linear interpolation.
            let order = x[n - 1] >= x[0] ? Array(0..<n) : Array((0..<n).reversed())
            var hull: [Int] = []
            for i in order {
                while hull.count >= 2 {
                    let a = hull[hull.count - 2], b = hull[hull.count - 1]
                    let cross = (x[b] - x[a]) * (y[i] - y[a]) - (y[b] - y[a]) * (x[i] - x[a])
                    if cross <= 0 { hull.removeLast() } else { break }
                }
                hull.append(i)
            }
            var z = [Double](repeating: 0, count: n)
            for k in 0..<(hull.count - 1) {
                let a = hull[k], b = hull[k + 1]
                let lo = min(a, b), hi = max(a, b)
                for i in lo...hi { z[i] = y[a] + (y[b] - y[a]) * (x[i] - x[a]) / (x[b] - x[a]) }
            }
            return z
        case .snip(let halfWindow):
            guard halfWindow >= 1, halfWindow < n / 2 else { throw .invalidParameter("SNIP half-window \(halfWindow) for \(n) points") }
            var z = y
            var next = z
            for k in 1...halfWindow {
                for i in k..<(n - k) { next[i] = min(z[i], (z[i - k] + z[i + k]) / 2) }
                z = next
            }
            return z
        }
    }

    /// The baseline under a spectrum.
    public func baseline(of s: Spectrum) throws(BaselineError) -> [Double] { try baseline(x: s.x, y: s.y) }

    /// The spectrum minus its baseline, with the method and parameters in provenance.
    public func corrected(_ s: Spectrum) throws(BaselineError) -> Spectrum {
        let b = try baseline(of: s)
        do {
            return try s.replacingY(zip(s.y, b).map { $0 - $1 }, step: ProcessingStep("baseline." + name, ["parameters": "\(self)"]))
        } catch { throw .invalidParameter(error.description) }
    }

}

/// Least-squares polynomials of one order on one axis (x scaled to [-1, 1], well conditioned up to
/// high orders); the normal matrix is factorised once for any number of right-hand sides.
struct PolynomialFit {
    let k: Int
    let powers: [Double]   // n × k, row-major
    let cholesky: Cholesky

    init(x: [Double], order: Int) throws(BaselineError) {
        let lo = x.min()!, hi = x.max()!
        k = order + 1
        var p = [Double](repeating: 1, count: x.count * k)
        for i in x.indices {
            let t = hi > lo ? 2 * (x[i] - lo) / (hi - lo) - 1 : 0
            var c = 1
            while c < k { p[i * k + c] = p[i * k + c - 1] * t; c += 1 }
        }
        var ata = [Double](repeating: 0, count: k * k)
        for i in x.indices { for a in 0..<k { for b in 0..<k { ata[a * k + b] += p[i * k + a] * p[i * k + b] } } }
        guard let c = Cholesky(ata, n: k) else { throw .invalidParameter("polynomial of order \(order) is singular on this axis") }
        powers = p
        cholesky = c
    }

    func fit(_ y: [Double]) -> [Double] {
        let n = y.count
        var aty = [Double](repeating: 0, count: k)
        powers.withUnsafeBufferPointer { p in
            for i in 0..<n { for a in 0..<k { aty[a] += p[i * k + a] * y[i] } }
        }
        let c = cholesky.solve(aty)
        var out = [Double](repeating: 0, count: n)
        powers.withUnsafeBufferPointer { p in
            for i in 0..<n { var v = 0.0; for a in 0..<k { v += c[a] * p[i * k + a] }; out[i] = v }
        }
        return out
    }
}

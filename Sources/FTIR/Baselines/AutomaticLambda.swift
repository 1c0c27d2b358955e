// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore
import RealModule

/// Chooses the smoothing parameter λ of a Whittaker-family baseline by the extended-range method
/// (Zhang et al., Sensors 20 (2020) 2015; pybaselines `optimize_extended_range`): both ends are
/// padded with a known straight baseline carrying a Gaussian peak, and the λ whose baseline best
/// recovers that known baseline in the padding (RMSE) is chosen.
///
///     let (lambda, baseline) = try AutomaticLambda.extendedRange(x: x, y: y) { .arpls(lambda: $0) }
public enum AutomaticLambda {
    /// The λ (from `lambdas`, or a default grid of 10¹ to 10¹⁰) whose baseline best recovers the known padding, that baseline on the original points, and its RMSE in the padding.
    public static func extendedRange(x: [Double], y: [Double], lambdas: [Double]? = nil,
                                     method: (Double) -> BaselineMethod) throws(BaselineError) -> (lambda: Double, baseline: [Double], rmse: Double) {
        let n = x.count
        guard n >= 20, y.count == n else { throw .tooShort(points: n, needed: 20) }
        let ascending = x[n - 1] > x[0]
        let xs = ascending ? x : x.reversed(), ys = ascending ? y : y.reversed()
        let step = (xs[n - 1] - xs[0]) / Double(n - 1)
        let pad = max(n / 5, 10)
        let edge = max(n / 20, 5)
        // Straight lines fitted to each edge, continued outward; a Gaussian peak of 50 % of the data range.
        func line(_ idx: Range<Int>) -> (Double, Double) {
            let mx = Statistics.mean(idx.map { xs[$0] }), my = Statistics.mean(idx.map { ys[$0] })
            var sxy = 0.0, sxx = 0.0
            for i in idx { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) * (xs[i] - mx) }
            let slope = sxx > 0 ? sxy / sxx : 0
            return (my - slope * mx, slope)
        }
        let (l0, l1) = line(0..<edge), (r0, r1) = line((n - edge)..<n)
        let height = 0.5 * ((ys.max() ?? 1) - (ys.min() ?? 0))
        let width = Double(pad) * step / 6
        var ex: [Double] = [], ey: [Double] = [], truth: [Double] = [], isPad: [Bool] = []
        for k in stride(from: pad, to: 0, by: -1) {
            let xv = xs[0] - Double(k) * step, centre = xs[0] - Double(pad) * step / 2
            let base = l0 + l1 * xv
            ex.append(xv); truth.append(base); isPad.append(true)
            ey.append(base + height * Double.exp(-0.5 * (xv - centre) * (xv - centre) / (width * width)))
        }
        for i in 0..<n { ex.append(xs[i]); ey.append(ys[i]); truth.append(0); isPad.append(false) }
        for k in 1...pad {
            let xv = xs[n - 1] + Double(k) * step, centre = xs[n - 1] + Double(pad) * step / 2
            let base = r0 + r1 * xv
            ex.append(xv); truth.append(base); isPad.append(true)
            ey.append(base + height * Double.exp(-0.5 * (xv - centre) * (xv - centre) / (width * width)))
        }
        let grid = lambdas ?? stride(from: 1.0, through: 13.0, by: 0.5).map { Double.pow(10, $0) }
        var best: (Double, [Double], Double)? = nil
        for lam in grid {
            let b = try method(lam).baseline(x: ex, y: ey)
            var s = 0.0, c = 0
            for i in b.indices where isPad[i] { s += (b[i] - truth[i]) * (b[i] - truth[i]); c += 1 }
            let rmse = (s / Double(c)).squareRoot()
            if best == nil || rmse < best!.2 { best = (lam, Array(b[pad..<(pad + n)]), rmse) }
        }
        var (lam, base, rmse) = best!
        if !ascending { base.reverse() }
        return (lam, base, rmse)
    }
}

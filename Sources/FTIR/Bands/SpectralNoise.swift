// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Noise of a spectrum, for detection thresholds.
///
/// Two estimates, both medians so that bands do not count as noise:
/// - ``local(_:step:window:floor:)``: σ at each point from the residual of a 7-point cubic
///   Savitzky–Golay smooth, which follows resolved bands, within a window. It sets the detection
///   threshold.
/// - `beside(_:step:center:width:)`: σ at the scale of one candidate (differences at a lag of
///   its half width) in the stretches on either side of it. FTIR spectra are zero-filled, sampled
///   several times finer than they resolve, so their noise is correlated over a resolution element
///   and point-wise estimates see only part of it: on an OMNIC diffuse-reflectance recording
///   sampled every 0.48 cm⁻¹ the point-wise estimate is 5× and the smoothing residual 90× below
///   the scatter of its noisy near-infrared hump. A candidate must stand out from the scatter at
///   its own scale.
public enum SpectralNoise {
    static let differenceScale = 1 / (2.0.squareRoot() * 0.6745)

    /// σ of white noise from the median absolute first difference (σ√2 per difference).
    public static func pointwise(_ y: [Double]) -> Double {
        guard y.count > 8 else { return 0 }
        return Statistics.median((1..<y.count).map { abs(y[$0] - y[$0 - 1]) }) * differenceScale
    }

    /// σ at each point: the median absolute residual of a 7-point cubic Savitzky–Golay smooth
    /// within ±`window` cm⁻¹, scaled by 0.6745 and √(1 − 7/21) (the residual's share of
    /// white-noise variance), never below `floor`.
    public static func local(_ y: [Double], step: Double, window: Double, floor: Double) throws -> [Double] {
        let n = y.count
        guard n > 16 else { return [Double](repeating: floor, count: n) }
        let smooth = try SavitzkyGolay(window: 7, order: 3).apply(y)
        let residual = (0..<n).map { abs(y[$0] - smooth[$0]) }
        let scale = 1 / (0.6745 * (1 - 7.0 / 21).squareRoot())
        let half = max(8, Int((window / step).rounded()))
        // Medians on a coarse grid (every quarter window), linearly interpolated between.
        let stride = max(1, half / 4)
        var knots: [(Int, Double)] = []
        var i = 0
        while true {
            let lo = max(0, i - half), hi = min(n, i + half + 1)
            knots.append((i, max(floor, Statistics.median(Array(residual[lo..<hi])) * scale)))
            if i >= n - 1 { break }
            i = min(i + stride, n - 1)
        }
        var out = [Double](repeating: knots.last!.1, count: n)
        for k in 0..<(knots.count - 1) {
            let (a, va) = knots[k], (b, vb) = knots[k + 1]
            for j in a...b { out[j] = va + (vb - va) * Double(j - a) / Double(max(b - a, 1)) }
        }
        return out
    }

    /// σ at the scale of a feature `width` cm⁻¹ wide at index `center`: the median absolute
    /// difference at a lag of half its width (at most `maximumLag` cm⁻¹) over the stretches from
    /// 2.5 to 10 widths away on either side (at least 16 points each), clear of the feature's own
    /// tails. For white noise it equals the point-wise σ; for correlated noise or baseline wander
    /// it grows with the lag, so a broad weak hump must stand out from the scatter at its own
    /// scale. Returns 0 where there are too few points.
    ///
    /// Points inside other candidates (`exclude`) are left out, so that the flanks of neighbouring
    /// bands do not count as scatter, unless they are two thirds or more of the stretch: then the
    /// "candidates" are the scatter itself (a noisy hump), and every point counts.
    public static func beside(_ y: [Double], step: Double, center: Int, width: Double, maximumLag: Double = 8, exclude: [Bool]? = nil) -> Double {
        let n = y.count
        let lag = max(1, Int((0.5 * min(width, 2 * maximumLag) / step).rounded()))
        let near = max(1, Int((2.5 * width / step).rounded()))
        let far = max(near + 16, Int((10 * width / step).rounded()))
        var all: [Double] = [], kept: [Double] = []
        func take(_ i: Int) {
            let v = abs(y[i + lag] - y[i])
            all.append(v)
            if exclude.map({ !$0[i] && !$0[i + lag] }) ?? true { kept.append(v) }
        }
        for i in Swift.stride(from: center - far, through: center - near - lag, by: 1) where i >= 0 { take(i) }
        for i in Swift.stride(from: center + near, through: center + far - lag, by: 1) where i + lag < n { take(i) }
        let d = 3 * kept.count >= all.count ? kept : all
        guard d.count >= 8 else { return 0 }
        return Statistics.median(d) * differenceScale
    }

    /// Marks the extent of each peak: its half-prominence crossings widened by one width.
    public static func extents(_ peaks: [Peak], x: [Double]) -> [Bool] {
        var mask = [Bool](repeating: false, count: x.count)
        for p in peaks {
            let lo = min(p.leftX, p.rightX) - p.width, hi = max(p.leftX, p.rightX) + p.width
            for j in x.indices where x[j] >= lo && x[j] <= hi { mask[j] = true }
        }
        return mask
    }
}

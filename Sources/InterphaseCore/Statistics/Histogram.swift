// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule

/// Counts of values in contiguous bins (`edges.count == counts.count + 1`), optionally weighted.
///
///     let h = try Histogram(diameters, binCount: 30)
public struct Histogram: Sendable, Codable, Hashable {
    /// Bin edges, ascending; one more than ``counts``.
    public var edges: [Double]
    /// The (weighted) count in each bin.
    public var counts: [Double]

    /// A histogram from its edges and counts.
    public init(edges: [Double], counts: [Double]) {
        precondition(edges.count == counts.count + 1, "Histogram: edges must be one more than counts")
        self.edges = edges
        self.counts = counts
    }

    /// Bins `values` into `binCount` equal bins over `range` (default: min…max of the values).
    /// With `binCount` nil, the Freedman–Diaconis rule chooses the bin width (2·IQR·n^(−1/3)).
    /// Values outside the range are ignored; the last bin includes its right edge.
    public init(_ values: [Double], binCount: Int? = nil, range: ClosedRange<Double>? = nil, weights: [Double]? = nil) throws(SignalError) {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { throw .invalidParameter("a histogram needs at least one finite value") }
        if let weights, weights.count != values.count { throw .invalidParameter("histogram weights: \(weights.count) for \(values.count) values") }
        let lo = range?.lowerBound ?? finite.min()!
        var hi = range?.upperBound ?? finite.max()!
        if hi <= lo { hi = lo + 1 }
        var bins = binCount ?? {
            let sorted = finite.sorted()
            let iqr = Statistics.quantile(sorted: sorted, 0.75) - Statistics.quantile(sorted: sorted, 0.25)
            let width = 2 * iqr / Double.pow(Double(sorted.count), 1.0 / 3.0)
            return width > 0 ? Int(((hi - lo) / width).rounded(.up)) : 10
        }()
        bins = min(max(bins, 1), 10_000)
        let step = (hi - lo) / Double(bins)
        edges = (0...bins).map { lo + Double($0) * step }
        edges[bins] = hi
        counts = [Double](repeating: 0, count: bins)
        for (i, v) in values.enumerated() where v.isFinite && v >= lo && v <= hi {
            let k = min(Int((v - lo) / step), bins - 1)
            counts[k] += weights?[i] ?? 1
        }
    }

    /// The middle of each bin.
    public var centers: [Double] { (0..<counts.count).map { (edges[$0] + edges[$0 + 1]) / 2 } }
    /// The sum of the counts.
    public var total: Double { counts.reduce(0, +) }
}

/// Summary statistics used across analyses.
public enum Statistics {
    /// The arithmetic mean (NaN for no values).
    public static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

    /// Sample standard deviation (n − 1 denominator).
    public static func standardDeviation(_ v: [Double]) -> Double {
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(v.count - 1, 1))).squareRoot()
    }

    /// Linear-interpolation quantile (numpy's default "linear" method) of sorted values.
    public static func quantile(sorted v: [Double], _ q: Double) -> Double {
        guard !v.isEmpty else { return .nan }
        let pos = q * Double(v.count - 1)
        let i = Int(pos.rounded(.down)), f = pos - Double(i)
        return i + 1 < v.count ? v[i] + f * (v[i + 1] - v[i]) : v[i]
    }

    /// The median (the mean of the two middle values for an even count).
    public static func median(_ v: [Double]) -> Double { quantile(sorted: v.sorted(), 0.5) }
}

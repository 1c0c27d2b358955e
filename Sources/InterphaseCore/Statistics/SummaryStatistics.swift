// SPDX-License-Identifier: GPL-3.0-or-later

/// Mean, median, spread and range of a set of measurements: the one summary type of every analysis
/// (fibre diameters, deposit thickness, pore sizes).
///
/// Values are in the unit of the measurement that made them (pixels, µm); ``scaled(by:)`` converts.
/// In JSON the fields are written `mean`, `median`, `sd`, `min`, `max` and `count`.
public struct SummaryStatistics: Sendable, Codable, Hashable {
    /// Arithmetic mean (weighted when the values carry weights).
    public var mean: Double
    /// Median: the middle value, the mean of the two middle values for an even count; for weighted
    /// values, the first value at which the cumulative weight reaches half the total.
    public var median: Double
    /// Standard deviation: sample (n − 1) for unweighted values, the weighted population spread for
    /// weighted ones (weights are lengths or areas, not counts).
    public var standardDeviation: Double
    /// Smallest value.
    public var minimum: Double
    /// Largest value.
    public var maximum: Double
    /// Number of values summarised.
    public var count: Int

    /// Statistics from their parts.
    public init(mean: Double, median: Double, standardDeviation: Double, minimum: Double, maximum: Double, count: Int) {
        self.mean = mean
        self.median = median
        self.standardDeviation = standardDeviation
        self.minimum = minimum
        self.maximum = maximum
        self.count = count
    }

    /// Statistics of unweighted values; nil when there are none. Non-finite values are left out.
    public init?(_ values: [Double]) {
        let v = values.filter(\.isFinite).sorted()
        guard let first = v.first, let last = v.last else { return nil }
        self.init(mean: Statistics.mean(v), median: Statistics.quantile(sorted: v, 0.5),
                  standardDeviation: Statistics.standardDeviation(v), minimum: first, maximum: last, count: v.count)
    }

    /// Statistics of values weighted by, for example, the centre-line length each stands for; nil when
    /// no value has a positive weight. Non-finite values and non-positive weights are left out.
    public init?(_ values: [Double], weights: [Double]) {
        precondition(values.count == weights.count, "one weight per value")
        let kept = zip(values, weights).filter { $0.0.isFinite && $0.1 > 0 }
        let total = kept.reduce(0) { $0 + $1.1 }
        let mean = kept.reduce(0) { $0 + $1.0 * $1.1 } / total
        let variance = kept.reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) } / total
        let sorted = kept.sorted { $0.0 < $1.0 }
        guard let first = sorted.first, let last = sorted.last else { return nil }
        var acc = 0.0, median = first.0
        for (v, w) in sorted { acc += w; if acc >= total / 2 { median = v; break } }
        self.init(mean: mean, median: median, standardDeviation: variance.squareRoot(),
                  minimum: first.0, maximum: last.0, count: kept.count)
    }

    /// The same statistics in another unit: every location and spread multiplied by `factor`.
    public func scaled(by factor: Double) -> SummaryStatistics {
        SummaryStatistics(mean: mean * factor, median: median * factor, standardDeviation: standardDeviation * factor,
                          minimum: minimum * factor, maximum: maximum * factor, count: count)
    }

    enum CodingKeys: String, CodingKey {
        case mean, median, count
        case standardDeviation = "sd", minimum = "min", maximum = "max"
    }
}

/// Summary statistics with their unit, as every JSON record writes them: `mean`, `median`, `sd`,
/// `min`, `max`, `count`, `unit` and, when a segmentation sweep measured it, `segmentationUncertainty`.
/// The statistics' fields read through: `d.mean` is `d.statistics.mean`.
@dynamicMemberLookup
public struct ReportedStatistics: Sendable, Encodable, Hashable {
    /// The statistics.
    public var statistics: SummaryStatistics
    /// Their unit: "px", "µm", "nm".
    public var unit: String
    /// Half the spread of the mean over a segmentation sweep, same unit; nil when not measured.
    public var segmentationUncertainty: Double?

    /// Statistics in their unit, optionally with the sweep's uncertainty.
    public init(_ statistics: SummaryStatistics, unit: String, segmentationUncertainty: Double? = nil) {
        self.statistics = statistics
        self.unit = unit
        self.segmentationUncertainty = segmentationUncertainty
    }

    /// A field of ``statistics``.
    public subscript<T>(dynamicMember keyPath: KeyPath<SummaryStatistics, T>) -> T { statistics[keyPath: keyPath] }

    /// A field of ``statistics`` as a length, when ``unit`` is a unit of length (`"µm"`, `"nm"`);
    /// nil for pixels or any other unit: `output.diameter?.length(\.mean)?.value(in: .nanometre)`.
    public func length(_ keyPath: KeyPath<SummaryStatistics, Double>) -> Length? {
        LengthUnit(rawValue: unit).map { Length(statistics[keyPath: keyPath], $0) }
    }

    enum Keys: String, CodingKey { case unit, segmentationUncertainty }

    public func encode(to encoder: Encoder) throws {
        try statistics.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(unit, forKey: .unit)
        try c.encodeIfPresent(segmentationUncertainty, forKey: .segmentationUncertainty)
    }
}

extension ClosedRange where Bound == Double {
    /// The interval between two bounds in either order. A range cannot hold NaN: a bound that could
    /// not be estimated (NaN) becomes unbounded on its side (−∞ below, +∞ above) instead of the trap
    /// `a...b` would raise.
    public static func interval(_ a: Double, _ b: Double) -> ClosedRange<Double> {
        switch (a.isNaN, b.isNaN) {
        case (true, true): return -Double.infinity...Double.infinity
        case (true, false): return -Double.infinity...b
        case (false, true): return a...Double.infinity
        case (false, false): return Swift.min(a, b)...Swift.max(a, b)
        }
    }

    /// The smallest interval holding both.
    public func hull(_ other: ClosedRange<Double>) -> ClosedRange<Double> {
        .interval(Swift.min(lowerBound, other.lowerBound), Swift.max(upperBound, other.upperBound))
    }
}

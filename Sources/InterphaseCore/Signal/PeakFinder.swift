// SPDX-License-Identifier: GPL-3.0-or-later

/// A detected peak.
public struct Peak: Sendable, Codable, Hashable {
    /// Index of the sample maximum (the middle of a flat top).
    public var index: Int
    /// Sub-grid position: vertex of the parabola through the maximum and its two neighbours (honours uneven x).
    public var position: Double
    /// The parabola's value at ``position``.
    public var height: Double
    /// Height above the higher of the two bases (topographic prominence, as scipy.signal.peak_prominences).
    public var prominence: Double
    /// Index of the lowest point between the peak and the nearest higher sample on the left (or the window's edge).
    public var leftBase: Int
    /// The same on the right.
    public var rightBase: Int
    /// Width in x units at `height − relativeHeight · prominence`, with linearly interpolated crossings.
    public var width: Double
    /// x of the left and right crossings used for ``width``.
    public var leftX: Double
    /// x of the right crossing used for ``width``.
    public var rightX: Double

    /// A peak with every field given.
    public init(index: Int, position: Double, height: Double, prominence: Double, leftBase: Int, rightBase: Int,
                width: Double, leftX: Double, rightX: Double) {
        self.index = index
        self.position = position
        self.height = height
        self.prominence = prominence
        self.leftBase = leftBase
        self.rightBase = rightBase
        self.width = width
        self.leftX = leftX
        self.rightX = rightX
    }
}

/// The vertex of the parabola through three points (any spacing): the sub-grid maximum of a
/// sampled peak. nil when the parabola is not concave or its vertex lies outside the points.
public enum ParabolaVertex {
    /// The vertex of the parabola through (x0, y0), (x1, y1), (x2, y2), with y1 the largest; nil when there is none between x0 and x2.
    public static func through(_ x0: Double, _ x1: Double, _ x2: Double, _ y0: Double, _ y1: Double, _ y2: Double) -> (position: Double, height: Double)? {
        let d1 = (y1 - y0) / (x1 - x0), d2 = (y2 - y1) / (x2 - x1)
        let a = (d2 - d1) / (x2 - x0)
        guard a < 0 else { return nil }
        let b = d1 - a * (x0 + x1)
        let v = -b / (2 * a)
        guard v >= min(x0, x2) && v <= max(x0, x2) else { return nil }
        return (v, y0 + d1 * (v - x0) + a * (v - x0) * (v - x1))
    }
}

/// Finds local maxima with their prominence and width (the definitions of scipy.signal.find_peaks,
/// peak_prominences and peak_widths), plus sub-grid positions.
///
///     let peaks = PeakFinder(minimumProminence: 0.05).find(x: wavenumber, y: absorbance)
///
/// - Complexity: O(n · k) for k peaks in the worst case; O(n) for typical spectra.
public struct PeakFinder: Sendable, Hashable, Codable {
    /// Peaks less prominent than this are dropped.
    public var minimumProminence: Double
    /// Peaks lower than this are dropped.
    public var minimumHeight: Double?
    /// Peaks closer than this (in x units) to a higher peak are dropped.
    public var minimumDistance: Double?
    /// Width is measured this fraction of the prominence below the top (0.5: at half prominence).
    public var relativeHeight: Double
    /// Limits the prominence search to this many samples around each peak (scipy's `wlen`).
    public var window: Int?

    /// A finder with the given limits; the defaults keep every local maximum.
    public init(minimumProminence: Double = 0, minimumHeight: Double? = nil, minimumDistance: Double? = nil,
                relativeHeight: Double = 0.5, window: Int? = nil) {
        self.minimumProminence = minimumProminence
        self.minimumHeight = minimumHeight
        self.minimumDistance = minimumDistance
        self.relativeHeight = relativeHeight
        self.window = window
    }

    /// The peaks of `y` over `x` (equal lengths, any monotonic spacing), in order of x.
    public func find(x: [Double], y: [Double]) -> [Peak] {
        precondition(x.count == y.count, "PeakFinder: x and y differ in length")
        let n = y.count
        guard n >= 3 else { return [] }
        var peaks: [Peak] = []
        var i = 1
        while i < n - 1 {
            if y[i - 1] < y[i] {
                var ahead = i + 1
                while ahead < n - 1 && y[ahead] == y[i] { ahead += 1 }
                if y[ahead] < y[i] {
                    let p = (i + ahead - 1) / 2
                    if let peak = describe(p, x: x, y: y) { peaks.append(peak) }
                    i = ahead
                    continue
                }
                i = ahead
                continue
            }
            i += 1
        }
        peaks = peaks.filter { pk in pk.prominence >= minimumProminence && (minimumHeight.map { h in y[pk.index] >= h } ?? true) }
        if let d = minimumDistance, d > 0 {
            let order = peaks.indices.sorted { y[peaks[$0].index] > y[peaks[$1].index] }
            var keep = [Bool](repeating: true, count: peaks.count)
            for a in order where keep[a] {
                for b in peaks.indices where b != a && keep[b] && abs(peaks[b].position - peaks[a].position) < d {
                    keep[b] = false
                }
            }
            peaks = peaks.indices.filter { keep[$0] }.map { peaks[$0] }
        }
        return peaks
    }

    func describe(_ p: Int, x: [Double], y: [Double]) -> Peak? {
        let n = y.count
        var lo = 0, hi = n - 1
        if let w = window, w > 1 { lo = max(0, p - w / 2); hi = min(n - 1, p + w / 2) }
        var leftMin = y[p], leftBase = p
        var i = p
        while i >= lo && y[i] <= y[p] {
            if y[i] < leftMin { leftMin = y[i]; leftBase = i }
            i -= 1
        }
        var rightMin = y[p], rightBase = p
        i = p
        while i <= hi && y[i] <= y[p] {
            if y[i] < rightMin { rightMin = y[i]; rightBase = i }
            i += 1
        }
        let prominence = y[p] - max(leftMin, rightMin)
        // Width at y[p] − relativeHeight · prominence, crossings interpolated in index space.
        let level = y[p] - relativeHeight * prominence
        var l = p
        while l > leftBase && y[l] > level { l -= 1 }
        var leftIdx = Double(l)
        if y[l] < level { leftIdx += (level - y[l]) / (y[l + 1] - y[l]) }
        var r = p
        while r < rightBase && y[r] > level { r += 1 }
        var rightIdx = Double(r)
        if y[r] < level { rightIdx -= (level - y[r]) / (y[r - 1] - y[r]) }
        let lx = interpolateX(x, leftIdx), rx = interpolateX(x, rightIdx)
        let vertex = ParabolaVertex.through(x[p - 1], x[p], x[p + 1], y[p - 1], y[p], y[p + 1])
        let position = vertex?.position ?? x[p], height = vertex?.height ?? y[p]
        return Peak(index: p, position: position, height: height, prominence: prominence, leftBase: leftBase,
                    rightBase: rightBase, width: abs(rx - lx), leftX: lx, rightX: rx)
    }

    func interpolateX(_ x: [Double], _ fi: Double) -> Double {
        let i = min(max(Int(fi.rounded(.down)), 0), x.count - 1)
        let f = fi - Double(i)
        return i + 1 < x.count ? x[i] + f * (x[i + 1] - x[i]) : x[i]
    }
}

extension Spectrum {
    /// Peaks of this spectrum (maxima of y; negate y first to find minima of transmittance).
    public func peaks(_ finder: PeakFinder = PeakFinder()) -> [Peak] { finder.find(x: x, y: y) }
}

// SPDX-License-Identifier: GPL-3.0-or-later

/// Marks stretches of a trace dominated by noise, such as an FTIR detector saturating above
/// absorbance ~4, so that peak picking and fitting can skip them.
///
/// A point is noisy when the RMS of (y − smooth) over a centred window exceeds `factor` times the
/// median of that RMS over the whole trace.
///
///     let smooth = try s.savitzkyGolay(window: 9, order: 3)
///     let noisy = NoiseMask.compute(y: s.y, smooth: smooth.y)
/// - Complexity: O(n).
public enum NoiseMask {
    /// One flag per point: true where the local RMS of `y − smooth` over `window` points exceeds `factor` times its median.
    public static func compute(y: [Double], smooth: [Double], window: Int = 31, factor: Double = 8) -> [Bool] {
        precondition(y.count == smooth.count, "NoiseMask: y and smooth differ in length")
        let n = y.count
        guard n > 0 else { return [] }
        let half = max(window / 2, 1)
        var prefix = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { let d = y[i] - smooth[i]; prefix[i + 1] = prefix[i] + d * d }
        var rms = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let lo = max(0, i - half), hi = min(n - 1, i + half)
            rms[i] = (max(prefix[hi + 1] - prefix[lo], 0) / Double(hi - lo + 1)).squareRoot()
        }
        let typical = Statistics.median(rms)
        return rms.map { $0 > factor * max(typical, 1e-300) }
    }
}

extension Spectrum {
    /// What ``cleanPeaks(_:smoothingWindow:order:)`` found.
    public struct CleanPeaks: Sendable {
        /// The peaks away from noisy stretches, strongest (most prominent) first.
        public var peaks: [Peak]
        /// Whether each point lies in a noisy stretch (``NoiseMask``).
        public var noisy: [Bool]
        /// The Savitzky–Golay smoothed spectrum the peaks were found on.
        public var smooth: Spectrum
    }

    /// Peaks of the smoothed spectrum that do not touch a noisy stretch (see ``NoiseMask``),
    /// strongest first.
    public func cleanPeaks(_ finder: PeakFinder, smoothingWindow: Int = 9, order: Int = 3) throws(SignalError) -> CleanPeaks {
        let smooth = try savitzkyGolay(window: smoothingWindow, order: order)
        let noisy = NoiseMask.compute(y: y, smooth: smooth.y)
        let peaks = smooth.peaks(finder).filter { p in
            !noisy[max(p.leftBase, p.index - 5)...min(p.rightBase, p.index + 5)].contains(true)
        }
        return CleanPeaks(peaks: peaks.sorted { $0.prominence > $1.prominence }, noisy: noisy, smooth: smooth)
    }
}

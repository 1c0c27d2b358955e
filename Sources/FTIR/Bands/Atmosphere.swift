// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Recognises atmospheric water vapour and CO₂ in a baseline-corrected spectrum by their pattern,
/// so that a background ratio taken at another humidity does not flood a band list.
///
/// - Water vapour: the rotational lines of the bending (1300–2000 cm⁻¹) and stretching
///   (3500–3900 cm⁻¹) fundamentals are a comb of narrow lines of one or both signs. A window is
///   taken as vapour when it holds at least ``minimumLines`` narrow lines (FWHM ≤ ``narrowWidth``
///   cm⁻¹ or 3 sample steps, whichever is larger) above the detection threshold; its narrow lines
///   are then reported as H₂O, its wider bands stay bands.
/// - CO₂: the antisymmetric stretch near 2349 cm⁻¹ shows as its P and R branches (about 2340 and
///   2360 cm⁻¹). When features of either sign stand on both sides of 2349 cm⁻¹, everything found in
///   2280–2400 cm⁻¹ is reported as CO₂, and so are the P/R doublets of its combination bands at
///   3716 and 3609 cm⁻¹ (within 40 cm⁻¹ of each, when both branches are there).
///
/// Positions: Herzberg, Molecular Spectra and Molecular Structure II (1945); HITRAN (Rothman et
/// al., JQSRT 130 (2013) 4) for the extent of the H₂O ν₂ and ν₁/ν₃ rotational structure.
public enum Atmosphere {
    /// The H₂O ν₂ bending and ν₁/ν₃ stretching windows (cm⁻¹).
    public static let waterWindows: [ClosedRange<Double>] = [1300...2000, 3500...3900]
    /// The CO₂ antisymmetric-stretch window (cm⁻¹).
    public static let carbonDioxideWindow: ClosedRange<Double> = 2280...2400
    /// CO₂ combination bands ν₁+ν₃ and 2ν₂+ν₃ (cm⁻¹; Herzberg 1945), reported with the fundamental.
    public static let combinationBands: [Double] = [3716, 3609]
    /// Narrow lines a water window must hold to be taken as vapour.
    public static let minimumLines = 8
    /// The largest FWHM (cm⁻¹) of a vapour line, unless 3 sample steps are wider.
    public static let narrowWidth = 6.0

    /// A peak list split into the sample's bands and the atmosphere's lines.
    public struct Separation: Sendable {
        /// The sample's bands.
        public var bands: [Peak]
        /// The water-vapour and CO₂ lines.
        public var lines: [AtmosphericLine]
    }

    /// Full width at half height of the line at `index`, its height taken above the median of the
    /// trace within ±25 cm⁻¹ (the comb's own baseline), crossings linearly interpolated.
    static func lineWidth(_ s: Spectrum, index k: Int, step: Double, sign: Double) -> Double {
        let n = s.count
        let half = max(4, Int((25 / step).rounded()))
        let local = Statistics.median(Array(s.y[max(0, k - half)..<min(n, k + half + 1)].map { sign * $0 }))
        let top = sign * s.y[k]
        guard top > local else { return .infinity }
        let level = (top + local) / 2
        func crossing(_ direction: Int) -> Double? {
            var i = k
            while i + direction >= 0 && i + direction < n {
                let a = sign * s.y[i], b = sign * s.y[i + direction]
                if b <= level { return s.x[i] + (s.x[i + direction] - s.x[i]) * (a - level) / (a - b) }
                i += direction
                if abs(i - k) > half { return nil }
            }
            return nil
        }
        guard let l = crossing(-1), let r = crossing(1) else { return .infinity }
        return abs(r - l)
    }

    /// Splits `peaks` (candidates found in `s`) into bands and atmospheric lines.
    /// `carbonDioxideSaturated`: the CO₂ fundamental is a saturated stretch (total absorption in
    /// the beam path), which is as sure a sign of CO₂ as its two branches.
    public static func separate(_ peaks: [Peak], in s: Spectrum, step: Double, threshold: [Double], carbonDioxideSaturated: Bool = false) -> Separation {
        let narrow = max(narrowWidth, 3 * step)
        let finder = PeakFinder(minimumProminence: threshold.min() ?? 0)
        // Widths at half height above the local median: a line between lines of the other sign has
        // a half-prominence width far above its own.
        func narrowLine(_ p: Peak, _ sign: Double) -> Bool {
            let w = lineWidth(s, index: p.index, step: step, sign: sign)
            return w >= 1.5 * step && w <= narrow
        }
        let up = finder.find(x: s.x, y: s.y).filter { $0.prominence >= threshold[$0.index] && narrowLine($0, 1) }
        let down = finder.find(x: s.x, y: s.y.map { -$0 }).filter { $0.prominence >= threshold[$0.index] && narrowLine($0, -1) }
        var isLine = [Bool](repeating: false, count: peaks.count)
        var lines: [AtmosphericLine] = []
        for w in waterWindows {
            let ups = up.filter { w.contains($0.position) }
            let downs = down.filter { w.contains($0.position) }
            guard ups.count + downs.count >= minimumLines else { continue }
            for (k, p) in peaks.enumerated() where w.contains(p.position) && lineWidth(s, index: p.index, step: step, sign: 1) <= narrow { isLine[k] = true }
            lines += ups.map { AtmosphericLine(gas: "H₂O", position: $0.position, height: s.y[$0.index]) }
            lines += downs.map { AtmosphericLine(gas: "H₂O", position: $0.position, height: s.y[$0.index]) }
        }
        let co2 = (up + down).filter { carbonDioxideWindow.contains($0.position) }
        let r = co2.contains { $0.position > 2349 && $0.position <= 2385 }, pBranch = co2.contains { $0.position < 2349 && $0.position >= 2315 }
        if (r && pBranch) || carbonDioxideSaturated {
            for (k, p) in peaks.enumerated() where carbonDioxideWindow.contains(p.position) { isLine[k] = true }
            lines += co2.map { AtmosphericLine(gas: "CO₂", position: $0.position, height: s.y[$0.index]) }
            // With the fundamental present, its combination bands ν₁+ν₃ (3716 cm⁻¹) and 2ν₂+ν₃
            // (3609 cm⁻¹) show as P/R doublets too; a doublet on both sides of its centre is CO₂.
            for centre in combinationBands {
                // The branches are rotational envelopes, not narrow lines: take the candidates.
                let side = peaks.indices.filter { abs(peaks[$0].position - centre) <= 40 }
                guard side.contains(where: { peaks[$0].position < centre - 3 }) && side.contains(where: { peaks[$0].position > centre + 3 }) else { continue }
                for k in side { isLine[k] = true }
                lines += side.map { AtmosphericLine(gas: "CO₂", position: peaks[$0].position, height: s.y[peaks[$0].index]) }
            }
        }
        let bands = peaks.indices.filter { !isLine[$0] }.map { peaks[$0] }
        return Separation(bands: bands, lines: lines.sorted { $0.position > $1.position })
    }
}

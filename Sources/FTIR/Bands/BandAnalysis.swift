// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import RealModule

/// A band found, fitted and assigned.
public struct AnalysedBand: Sendable, Codable {
    /// The fitted band.
    public var band: FittedBand
    /// Candidate species, best first.
    public var assignments: [BandAssignment]
    /// What the user should know about this band (overlaps, a poor fit, a saturated region).
    public var warnings: [String]
    /// Why no species was assigned, when ``assignments`` is empty.
    public var unassigned: String?
    /// The band's maximum in the baseline-corrected spectrum (the local maximum nearest the fitted
    /// centre, within a quarter FWHM, refined by the parabola through it and its neighbours): the
    /// position pharmacopoeia and reference tables quote; nil for a shoulder, which has no maximum
    /// of its own.
    public var apex: Double? = nil
}

/// A narrow line of atmospheric water vapour or CO₂ left by an imperfect background ratio,
/// reported apart from the sample's bands.
public struct AtmosphericLine: Sendable, Codable, Hashable {
    /// "H2O" or "CO2".
    public var gas: String
    /// Position (cm⁻¹).
    public var position: Double
    /// Signed height in the baseline-corrected spectrum (vapour lines may point either way).
    public var height: Double
}

/// How ``BandAnalysis`` treats atmospheric water vapour and CO₂ lines.
public enum AtmosphereHandling: String, Sendable, Codable, CaseIterable {
    /// Recognise the rotational H₂O lines (1300–2000, 3500–3900 cm⁻¹) and the CO₂ doublet
    /// (2300–2400 cm⁻¹) by their pattern and report them apart, not as bands.
    case mask
    /// Treat every line as a band.
    case off
}

/// The FTIR band pipeline: absorbance → (range) → baseline → peaks → fit → assignment.
///
/// A band is reported when its prominence exceeds both ``minimumSNR`` times the local noise and
/// ``relativeThreshold`` of the strongest band; its fitted values carry standard errors, and a
/// band whose area the fit cannot separate from its neighbours keeps its place with a warning
/// (a sharp band with a modest area is still a band).
///
///     let result = try BandAnalysis().run(spectrum)
///     for b in result.bands { print(b.band.position, b.assignments.first?.species ?? "?") }
public struct BandAnalysis: Sendable {
    /// nil: arPLS with λ = (100 cm⁻¹ / step)⁴, stiff over ~100 cm⁻¹ whatever the point spacing.
    public var baseline: BaselineMethod?
    /// Choose arPLS's λ by the extended-range method (``AutomaticLambda``) instead of the spacing rule.
    public var automaticLambda = false
    /// Corrections applied before anything else (ATR, Kubelka–Munk, ordinate).
    public var corrections = SpectrumCorrections()
    /// Analyse only this wavenumber range (cm⁻¹); nil: the whole spectrum.
    public var range: ClosedRange<Double>?
    /// Also seed bands at significant minima of the second derivative that have no maximum of their
    /// own (shoulders, e.g. PMMA 750 cm⁻¹ under PVDF 763 cm⁻¹).
    public var detectShoulders = true
    /// A band's prominence must exceed this many times the local noise (``SpectralNoise/local(_:step:window:floor:)``
    /// within ±``noiseWindow`` cm⁻¹, never below the global estimate) and this many times the noise
    /// at its own width beside it (``SpectralNoise/beside(_:step:center:width:maximumLag:exclude:)``).
    public var minimumSNR: Double = 10
    /// ... and this fraction of the strongest band's height.
    public var relativeThreshold: Double = 0.005
    /// Half-width (cm⁻¹) of the window of the local noise estimate.
    public var noiseWindow: Double = 50
    /// Narrowest band taken (cm⁻¹, width at half prominence): 4 cm⁻¹, the usual resolution of
    /// condensed-phase FTIR. Zero-filled spectra sample far finer than they resolve; features
    /// narrower than the resolution are noise or instrument ringing. Lower it for high-resolution
    /// spectra.
    public var minimumWidth: Double = 4
    /// nil: the rule above. Otherwise an absolute prominence threshold (absorbance units). Peaks
    /// narrower than ``minimumWidth`` or two sample steps are dropped as unresolved either way.
    public var minimumProminence: Double?
    /// Atmospheric water vapour and CO₂ lines reported apart (`.mask`) or treated as bands.
    public var atmosphere: AtmosphereHandling = .mask
    /// Leave out noise-dominated stretches (a saturated detector) from peak picking and fitting.
    public var maskNoise = true
    /// Absorbance above which the measurement is taken as saturated (1 % transmitted: stray
    /// light and detector non-linearity dominate; the tops of such bands carry instrument ringing,
    /// not bands). Applies to absorbance spectra when ``maskNoise`` is on.
    public var saturationAbsorbance = 2.0
    /// How bands are fitted (shape, windows, bounds).
    public var fitter = BandFitter()
    /// How fitted bands are assigned to species (the reference library).
    public var assigner = BandAssigner()

    /// The defaults of `interphase ftir peaks`.
    public init() {}

    /// What the analysis found in one spectrum.
    public struct Result: Sendable {
        /// The spectrum as analysed: converted to absorbance and cropped, before the baseline.
        public var absorbance: Spectrum
        /// The baseline subtracted, at each point of ``absorbance``.
        public var baseline: [Double]
        /// ``absorbance`` minus the baseline.
        public var corrected: Spectrum
        /// Global noise (σ of white noise from the median absolute first difference).
        public var noise: Double
        /// The detection threshold applied at each point (absorbance units).
        public var threshold: [Double]
        /// The fitted and assigned bands, by position.
        public var bands: [AnalysedBand]
        /// The linear backgrounds fitted under each group of bands (part of the fitted model).
        public var localBackgrounds: [BandFitter.LocalBackground]
        /// Noise-dominated (saturated) stretches where no band is taken or fitted.
        public var saturatedStretches: [ClosedRange<Double>]
        /// Lines recognised as atmospheric (``AtmosphereHandling/mask``), not counted as bands.
        public var atmosphericLines: [AtmosphericLine]
        /// What the user should know about the spectrum and its bands.
        public var warnings: [String]

        /// β-phase fraction of PVDF from the fitted heights at ~840 and ~763 cm⁻¹ (Gregorio & Cestari),
        /// when both bands were found.
        public var pvdfBetaFraction: Double? {
            let b840 = bands.first { abs($0.band.position - 840) <= 5 }, b763 = bands.first { abs($0.band.position - 763) <= 5 }
            guard let b840, let b763 else { return nil }
            return BandAssigner.pvdfBetaFraction(absorbance840: b840.band.height, absorbance763: b763.band.height)
        }
    }

    /// Minima of the Savitzky–Golay second derivative (window ≈ 9 cm⁻¹, cubic) deeper than 8× its
    /// noise, on a band above the detection threshold, with no detected maximum within half a width.
    func shoulders(of s: Spectrum, besides peaks: [Peak], step: Double, threshold: [Double]) throws -> [Peak] {
        var window = max(7, Int((9 / step).rounded()))
        if window % 2 == 0 { window += 1 }
        guard s.count > 3 * window else { return [] }
        let d2 = try SavitzkyGolay(window: window, order: 3, derivative: 2).apply(s.y, spacing: step).map { -$0 }
        // The smoothed derivative is correlated over its window: differences one window apart.
        let diffs = (window..<d2.count).map { abs(d2[$0] - d2[$0 - window]) }
        let noise = Statistics.median(diffs) / (2.0.squareRoot() * 0.6745)
        var out: [Peak] = []
        for c in PeakFinder(minimumProminence: 8 * noise).find(x: s.x, y: d2) where d2[c.index] > 0 && s.y[c.index] > threshold[c.index] {
            // The lobe must also stand out from the derivative's scatter at its own scale beside it.
            guard c.prominence >= 4 * SpectralNoise.beside(d2, step: step, center: c.index, width: c.width) else { continue }
            let near = peaks.contains { abs($0.position - c.position) < max(0.5 * $0.width, 3 * step) }
            if near { continue }
            // A shoulder sits on the flank of a resolved band: within two of that band's widths plus
            // its own, and no broader than the band (a broad hump far from any band is baseline).
            // The −y'' lobe of a Gaussian spans about half its FWHM at half depth: width ≈ 2 × lobe width.
            let width = max(2 * c.width, 2 * step)
            guard let host = peaks.min(by: { abs($0.position - c.position) < abs($1.position - c.position) }),
                  abs(host.position - c.position) <= 2 * host.width + width else { continue }
            out.append(Peak(index: c.index, position: c.position, height: s.y[c.index], prominence: s.y[c.index],
                            leftBase: c.leftBase, rightBase: c.rightBase, width: min(width, 1.5 * host.width), leftX: c.leftX, rightX: c.rightX))
        }
        return out
    }

    /// Points of a saturated stretch, where the trace is noise: within ±15 cm⁻¹ the local noise
    /// exceeds 8 × the global noise and is large in absolute terms (absorbance: σ above 0.05, no
    /// longer a measurement; other ordinates: 1 % of the range), and more than 40 % of the
    /// consecutive first differences change sign or stay flat (white noise: two thirds; a clipped
    /// plateau: all; a resolved band: one change at its top); or the trace is clipped, or (smoothed)
    /// above the absorbance `ceiling`. Sharp bands
    /// are smooth, and the noisier low-wavenumber end of a detector still measures strong bands, so
    /// neither is masked.
    static func saturated(_ y: [Double], step: Double, noise: Double, isAbsorbance: Bool, ceiling absorbanceCeiling: Double = .infinity) throws -> [Bool] {
        let n = y.count
        guard n > 18, noise > 0 else { return [Bool](repeating: false, count: n) }
        let local = try SpectralNoise.local(y, step: step, window: 15, floor: 0)
        let large = isAbsorbance ? 0.05 : 0.01 * ((y.max() ?? 0) - (y.min() ?? 0))
        let smooth = try SavitzkyGolay(window: 15, order: 2).apply(y)
        // Prefix count of sign changes between consecutive first differences.
        var prefix = [Int](repeating: 0, count: n + 1)
        for i in 0..<n {
            let a = i >= 1 ? y[i] - y[i - 1] : 1, b = i + 1 < n ? y[i + 1] - y[i] : 1
            let change = i >= 1 && i + 1 < n && (a * b < 0 || (a == 0 && b == 0))
            prefix[i + 1] = prefix[i] + (change ? 1 : 0)
        }
        let half = max(4, Int((15 / step).rounded()))
        // Clipped: a run of at least 5 equal points in the top 5 % of the trace's range (vendors
        // clip absorbance at one value, e.g. OPUS at 6; a noisy point beside the plateau can lie
        // above it, so the plateau need not be the maximum; a band's top is never flat to 1e-9).
        let top = y.max() ?? 0, bottom = y.min() ?? 0
        let plateauFloor = top - 0.05 * (top - bottom)
        var clipped = [Bool](repeating: false, count: n)
        var runStart = 0
        for i in 1...n {
            let same = i < n && abs(y[i] - y[i - 1]) <= 1e-9 * max(1, abs(y[i]))
            if same { continue }
            if i - runStart >= 5 && y[runStart] >= plateauFloor { for j in runStart..<i { clipped[j] = true } }
            runStart = i
        }
        var mask = (0..<n).map { i in
            let lo = max(0, i - half), hi = min(n - 1, i + half)
            let rate = Double(prefix[hi + 1] - prefix[lo]) / Double(hi - lo + 1)
            return clipped[i] || (isAbsorbance && smooth[i] > absorbanceCeiling) || (local[i] > 8 * noise && local[i] > large && rate > 0.4)
        }
        // A stretch extends over its neighbours at the clip level (smoothed, in the top 5 % of the
        // range): a trace pinned at the detector's limit is no measurement even where it is quiet.
        for i in 1..<n where mask[i - 1] && !mask[i] && smooth[i] >= plateauFloor { mask[i] = true }
        for i in stride(from: n - 2, through: 0, by: -1) where mask[i + 1] && !mask[i] && smooth[i] >= plateauFloor { mask[i] = true }
        // Close gaps shorter than the window: a saturated stretch is one stretch.
        var last: Int? = nil
        for i in 0..<n where mask[i] {
            if let l = last, i - l > 1, i - l <= 2 * half { for j in l..<i { mask[j] = true } }
            last = i
        }
        return mask
    }

    static func nearestIndex(_ x: [Double], _ value: Double) -> Int {
        x.indices.min { abs(x[$0] - value) < abs(x[$1] - value) } ?? 0
    }

    /// The x extent of each run of `true`.
    static func runs(_ flags: [Bool], x: [Double]) -> [ClosedRange<Double>] {
        var out: [ClosedRange<Double>] = []
        var start: Int? = nil
        for i in 0...flags.count {
            let on = i < flags.count && flags[i]
            if on && start == nil { start = i }
            if !on, let a = start {
                out.append(min(x[a], x[i - 1])...max(x[a], x[i - 1]))
                start = nil
            }
        }
        return out
    }

    /// The local maximum of `s` nearest to `center` within ±`halfWidth`, refined by the parabola
    /// through it and its neighbours; nil when there is none (a shoulder).
    static func apex(of s: Spectrum, near center: Double, halfWidth: Double) -> Double? {
        let maxima = s.x.indices.filter { k in
            k > 0 && k < s.count - 1 && abs(s.x[k] - center) <= halfWidth && s.y[k] > s.y[k - 1] && s.y[k] >= s.y[k + 1]
        }
        guard let k = maxima.min(by: { abs(s.x[$0] - center) < abs(s.x[$1] - center) }) else { return nil }
        return ParabolaVertex.through(s.x[k - 1], s.x[k], s.x[k + 1], s.y[k - 1], s.y[k], s.y[k + 1])?.position ?? s.x[k]
    }

    /// Runs the pipeline on a spectrum (transmittance, reflectance or absorbance; converted first).
    public func run(_ input: Spectrum) throws -> Result {
        guard minimumSNR > 0 else { throw BaselineError.invalidParameter("the minimum signal-to-noise ratio must be positive, got \(minimumSNR)") }
        // Wavenumbers first: a wavelength axis is converted, an interferogram refused (``AxisCheck``).
        let (onWavenumbers, axisNote) = try AxisCheck.wavenumbers(input)
        var s = corrections.isEmpty ? onWavenumbers : try corrections.apply(to: onWavenumbers)
        var warnings: [String] = axisNote.map { [$0] } ?? []
        if let range {
            let kept = s.x.filter { range.contains($0) }.count
            guard kept >= 16 else {
                throw BaselineError.invalidParameter(String(format: "the range %g–%g cm⁻¹ holds %d points of %@ (at least 16 needed)", range.lowerBound, range.upperBound, kept, s.name))
            }
            s = try s.cropped(to: range)
        }
        if s.yKind == .transmittance {
            s = try IntensityConversion.absorbance(fromTransmittance: s)
        } else if s.yKind != .absorbance {
            warnings.append("y is \(s.yKind.rawValue), not absorbance: bands are taken as maxima")
        }
        if let w = IntensityKindCheck.transmittanceWarning(s.y, kind: input.yKind) { warnings.append(w) }
        let step = abs(s.x[s.count - 1] - s.x[0]) / Double(s.count - 1)
        var method = baseline ?? .arpls(lambda: Double.pow(100 / step, 4))
        var base: [Double]
        if automaticLambda && baseline == nil {
            let auto = try AutomaticLambda.extendedRange(x: s.x, y: s.y) { .arpls(lambda: $0) }
            method = .arpls(lambda: auto.lambda)
            base = auto.baseline
        } else {
            base = try method.baseline(of: s)
        }
        let corrected = try s.replacingY(zip(s.y, base).map { $0 - $1 }, step: ProcessingStep("baseline." + method.name, ["parameters": "\(method)"]))
        // Noise (``SpectralNoise``): the point-wise σ, its local values for the threshold, and
        // each candidate's σ at its own scale beside it.
        let noise = SpectralNoise.pointwise(corrected.y)
        let threshold: [Double]
        if let minimumProminence {
            threshold = [Double](repeating: minimumProminence, count: corrected.count)
        } else {
            let local = try SpectralNoise.local(corrected.y, step: step, window: noiseWindow, floor: noise)
            let relative = relativeThreshold * max(corrected.yMax, 0)
            threshold = local.map { max(minimumSNR * $0, relative) }
        }
        func significant(_ p: Peak, among others: [Bool]) -> Bool {
            guard minimumProminence == nil else { return true }
            return p.prominence >= minimumSNR * SpectralNoise.beside(corrected.y, step: step, center: p.index, width: p.width, maximumLag: 0.5 * minimumWidth, exclude: others)
        }
        // Stretches where the trace is noise (a saturated detector: no light transmitted, the
        // absorbance a ratio of noise) hold no measurable band: no peak is taken and no point fitted there.
        let noisy = maskNoise ? try Self.saturated(s.y, step: step, noise: noise, isAbsorbance: s.yKind == .absorbance, ceiling: saturationAbsorbance) : [Bool](repeating: false, count: s.count)
        let stretches = Self.runs(noisy, x: s.x)
        if !stretches.isEmpty {
            warnings.append("no bands taken in \(stretches.count) noise-dominated (saturated) stretch\(stretches.count == 1 ? "" : "es"): " +
                            stretches.map { String(format: "%.0f–%.0f cm⁻¹", $0.lowerBound, $0.upperBound) }.joined(separator: ", "))
        }
        // A band narrower than two sample steps or than the resolution is not resolved by the
        // measurement: it is noise or instrument ringing (the fringes on a saturated band's top).
        let finder = PeakFinder(minimumProminence: threshold.min() ?? 0)
        let narrowest = max(2 * step, minimumWidth)
        let candidates = corrected.peaks(finder).filter { $0.width >= narrowest && $0.prominence >= threshold[$0.index] }
        let extents = SpectralNoise.extents(candidates, x: corrected.x)
        var peaks = candidates.filter { significant($0, among: extents) }
        if detectShoulders { peaks += try shoulders(of: corrected, besides: peaks, step: step, threshold: threshold) }
        peaks = peaks.filter { p in !noisy[max(0, p.index - 3)...min(s.count - 1, p.index + 3)].contains(true) }
        // A band within one width of either end of the range is cut by it: not measurable.
        let ends = (min(s.x[0], s.x[s.count - 1]), max(s.x[0], s.x[s.count - 1]))
        let atEdge = peaks.filter { $0.position - ends.0 < $0.width || ends.1 - $0.position < $0.width }
        if !atEdge.isEmpty {
            warnings.append("candidates cut by the end of the range left out: " + atEdge.map { String(format: "%.0f", $0.position) }.joined(separator: ", ") + " cm⁻¹")
            peaks = peaks.filter { p in !atEdge.contains(p) }
        }
        var lines: [AtmosphericLine] = []
        if atmosphere == .mask {
            let split = Atmosphere.separate(peaks, in: corrected, step: step, threshold: threshold,
                                            carbonDioxideSaturated: stretches.contains { $0.overlaps(2335...2365) })
            peaks = split.bands
            lines = split.lines
            if !lines.isEmpty {
                let gases = Set(lines.map(\.gas)).sorted().joined(separator: " and ")
                warnings.append("\(lines.count) atmospheric \(gases) lines recognised by their pattern and reported apart (--atmosphere off to treat them as bands)")
            }
        }
        let clean = corrected.x.indices.filter { !noisy[$0] }
        let fitted = try fitter.fit(x: clean.map { corrected.x[$0] }, y: clean.map { corrected.y[$0] }, peaks: peaks)
        warnings += fitted.warnings
        // A centre outside the measured range is an edge artefact (a baseline end), not a band; a
        // component fitted below the detection threshold (a shoulder seed the fit emptied) is not
        // a detected band either. Both are named in the warnings.
        let xRange = min(s.x[0], s.x[s.count - 1])...max(s.x[0], s.x[s.count - 1])
        var inside: [FittedBand] = []
        var faint: [Double] = []
        for b in fitted.bands {
            if !xRange.contains(b.position) {
                warnings.append(String(format: "a band fitted at %.1f cm⁻¹, outside the measured range, was left out (edge artefact)", b.position))
            } else if stretches.contains(where: { $0.contains(b.position) }) {
                // Its top is in a saturated stretch: the fit extrapolated it from its wings.
                warnings.append(String(format: "a band fitted at %.1f cm⁻¹ from its wings, its top saturated, was left out", b.position))
            } else if b.height < threshold[Self.nearestIndex(corrected.x, b.position)] {
                faint.append(b.position)
            } else { inside.append(b) }
        }
        if !faint.isEmpty {
            warnings.append("fitted components below the detection threshold left out: " + faint.map { String(format: "%.1f", $0) }.joined(separator: ", ") + " cm⁻¹")
        }
        let assigned = assigner.assign(inside.map(\.position), heights: inside.map(\.height), widths: inside.map(\.fwhm))
        var bands: [AnalysedBand] = []
        for (b, a) in zip(inside, assigned) {
            var notes = a.warnings
            // Report, never drop: an area the fit cannot separate from its neighbours says so.
            if let e = b.areaError, e > 0.5 * b.area {
                notes.append(String(format: "area poorly determined (%.3g ± %.2g): it overlaps its neighbours", b.area, e))
            } else if b.areaError == nil {
                notes.append("area error undetermined (singular covariance)")
            }
            bands.append(AnalysedBand(band: b, assignments: a.candidates, warnings: notes, unassigned: a.unassigned,
                                      apex: Self.apex(of: corrected, near: b.position, halfWidth: max(0.25 * b.fwhm, 1.5 * step))))
        }
        return Result(absorbance: s, baseline: base, corrected: corrected, noise: noise, threshold: threshold,
                      bands: bands.sorted { $0.band.position > $1.band.position }, localBackgrounds: fitted.backgrounds, saturatedStretches: stretches, atmosphericLines: lines, warnings: warnings)
    }
}

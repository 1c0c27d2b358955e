// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule
import InterphaseCore

/// Sample (and background) interferograms with the transform settings their file prescribes:
/// OPUS `LWN`, `SSP`, `APF`, `ZFF`, `PHR`, `LFQ`/`HFQ`; OMNIC laser, sample spacing, ZPD, FFT
/// size and gains.
///
///     let acq = try InterferogramAcquisition(opus: try OPUSReader().read("sample.0"))
///     let (sample, background) = try acq.singleBeams()
///     let absorbance = try acq.absorbance()
public struct InterferogramAcquisition: Sendable {
    public var sample: Spectrum
    public var background: Spectrum?
    public var transform: InterferogramTransform
    public var sampleGain: Double
    public var backgroundGain: Double
    /// Output range in cm⁻¹ (the file's FT range when stored).
    public var range: ClosedRange<Double>?

    public init(sample: Spectrum, background: Spectrum?, transform: InterferogramTransform,
                sampleGain: Double = 1, backgroundGain: Double = 1, range: ClosedRange<Double>? = nil) {
        self.sample = sample
        self.background = background
        self.transform = transform
        self.sampleGain = sampleGain
        self.backgroundGain = backgroundGain
        self.range = range
    }

    /// From an OPUS file with an IgSm block (and IgRf as background when present).
    public init(opus: OPUSDocument) throws(InterferogramError) {
        guard let ig = opus.blocks.first(where: { $0.name == "IgSm" })?.spectrum else {
            throw .invalidParameter("\(opus.path): no sample interferogram (IgSm block); it has \(opus.blocks.map(\.name).joined(separator: ", "))")
        }
        guard let laser = opus.parameters["instrument.LWN"].flatMap(Double.init), laser > 0 else {
            throw .invalidParameter("\(opus.path): no laser wavenumber (instrument LWN); cannot build a wavenumber axis")
        }
        let p = opus.parameters
        var t = InterferogramTransform(laserWavenumber: laser, sampleSpacing: p["instrument.SSP"].flatMap(Double.init) ?? 1)
        if let apf = p["fourierTransform.APF"], let a = Apodization(code: apf) { t.apodization = a }
        if let zff = p["fourierTransform.ZFF"].flatMap(Int.init), zff >= 1 { t.zeroFilling = zff }
        if let phr = p["fourierTransform.PHR"].flatMap(Double.init), phr > 0 {
            t.phase = .mertz(halfWidth: Int(2 * laser / (t.sampleSpacing * phr)))
        }
        var range: ClosedRange<Double>? = nil
        if let a = p["fourierTransform.LFQ"].flatMap(Double.init), let b = p["fourierTransform.HFQ"].flatMap(Double.init), a != b {
            range = min(a, b)...max(a, b)
        }
        self.init(sample: ig, background: opus.blocks.first(where: { $0.name == "IgRf" })?.spectrum, transform: t, range: range)
    }

    /// From an OMNIC .spa holding an interferogram (the spectrum itself, or embedded keys 102/103).
    public init(omnic spa: OMNICDocument) throws(InterferogramError) {
        let ig: Spectrum
        if spa.spectrum.yKind == .interferogram { ig = spa.spectrum } else if let s = spa.sampleInterferogram { ig = s } else {
            throw .invalidParameter("\(spa.path): holds a \(spa.spectrum.yKind.rawValue) spectrum and no interferogram")
        }
        guard spa.laserWavenumber > 0 else { throw .invalidParameter("\(spa.path): no laser wavenumber in the header") }
        var t = InterferogramTransform(laserWavenumber: spa.laserWavenumber, sampleSpacing: spa.sampleSpacing ?? 1)
        t.fftSize = spa.fftSize
        t.zpdIndex = spa.zpdIndex.flatMap { $0 < ig.count ? $0 : nil }
        self.init(sample: ig, background: spa.backgroundInterferogram, transform: t,
                  sampleGain: spa.sampleGain > 0 ? spa.sampleGain : 1,
                  backgroundGain: spa.backgroundGain > 0 ? spa.backgroundGain : 1)
    }

    /// Single-beam spectra of the sample and (when present) the background.
    public func singleBeams() throws(InterferogramError) -> (sample: Spectrum, background: Spectrum?) {
        var t = transform
        let s = try t.singleBeam(sample, range: range)
        t.zpdIndex = nil // the background's centre burst is found on its own
        return (s, try background.map { b throws(InterferogramError) in try t.singleBeam(b, range: range) })
    }

    /// Absorbance against the embedded background, or `background` when given (a single beam or
    /// an interferogram transformed with the same settings).
    public func absorbance(background external: Spectrum? = nil, clip: Double = 6) throws(InterferogramError) -> Spectrum {
        let (s, embedded) = try singleBeams()
        var b = embedded
        if let external {
            b = external.yKind == .interferogram ? try transform.singleBeam(external, range: range) : external
        }
        guard let b else { throw .invalidParameter("no background: the file has none; pass one") }
        return try BeamRatio.absorbance(sample: s, background: b, sampleGain: sampleGain, backgroundGain: backgroundGain, clip: clip)
    }
}

/// Ratios of single-beam spectra.
public enum BeamRatio {
    /// T = (S/g_S)/(B/g_B) and A = −log10 T on the sample's grid. The background is linearly
    /// interpolated when the grids differ (recorded in provenance). Where T ≤ 10^−clip (or B ≤ 0)
    /// A is set to `clip`, as OPUS does at 6.0; the count is recorded in metadata `clippedPoints`.
    public static func absorbance(sample: Spectrum, background: Spectrum, sampleGain: Double = 1, backgroundGain: Double = 1, clip: Double = 6) throws(InterferogramError) -> Spectrum {
        let bx = background.isAscending ? background.x : background.x.reversed()
        let by = background.isAscending ? background.y : background.y.reversed()
        let sameGrid = sample.x == background.x
        var a = [Double](repeating: clip, count: sample.count)
        var clipped = 0
        var j = 0
        for (i, x) in sample.x.enumerated() {
            var bv: Double
            if sameGrid { bv = background.y[i] } else {
                guard x >= bx.first!, x <= bx.last! else { a[i] = clip; clipped += 1; continue }
                while j > 0 && bx[j] > x { j -= 1 }
                while j + 1 < bx.count - 1 && bx[j + 1] < x { j += 1 }
                let k = min(j + 1, bx.count - 1)
                let f = bx[k] == bx[j] ? 0 : (x - bx[j]) / (bx[k] - bx[j])
                bv = by[j] + f * (by[k] - by[j])
            }
            let t = (sample.y[i] / sampleGain) / (bv / backgroundGain)
            if bv > 0, t > Double.pow(10, -clip) { a[i] = -Double.log10(t) } else { a[i] = clip; clipped += 1 }
        }
        var s: Spectrum
        do {
            s = try sample.replacingY(a, kind: .absorbance, unit: .absorbanceUnits, step: ProcessingStep("absorbance", [
                "sampleGain": "\(sampleGain)", "backgroundGain": "\(backgroundGain)", "clip": "\(clip)",
                "background": background.name, "interpolated": "\(!sameGrid)",
            ]))
        } catch { throw .invalidParameter(error.description) }
        s.metadata["clippedPoints"] = "\(clipped)"
        return s
    }
}

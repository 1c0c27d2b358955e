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
    /// How the scans of one acquisition are stored in an interferogram block.
    public enum ScanLayout: String, Sendable, Codable {
        /// One scan direction (or scans coadded as interferograms).
        case single
        /// Forward and backward scans concatenated, N points each (Bruker AQM = SD or DD): each is
        /// transformed on its own, with its own centre burst, and the single beams averaged, as
        /// OPUS does (the two directions differ in phase, so their interferograms cannot be added).
        case forwardBackward
    }

    /// The sample interferogram.
    public var sample: Spectrum
    /// The background interferogram, when the file stores one.
    public var background: Spectrum?
    /// The transform both are put through.
    public var transform: InterferogramTransform
    /// How the sample and background blocks store their scans.
    public var layout: ScanLayout = .single
    /// Why the layout was chosen (the acquisition parameter, or the data), for provenance.
    public var layoutNote: String?
    /// The sample's detector gain; its single beam is divided by it.
    public var sampleGain: Double
    /// The background's detector gain; its single beam is divided by it.
    public var backgroundGain: Double
    /// Output range in cm⁻¹ (the file's FT range when stored).
    public var range: ClosedRange<Double>?

    /// An acquisition of one layout (set ``layout`` after for forward-backward scans).
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
        // AQM: S/D = single/double sided, then N (normal), F (fast return) or D (forward/backward).
        let aqm = p["acquisition.AQM"] ?? ""
        if aqm.count == 2 && aqm.hasSuffix("D") {
            layout = .forwardBackward
            layoutNote = "AQM=\(aqm): forward and backward scans"
        } else if Self.hasTwoCentreBursts(ig.y) {
            layout = .forwardBackward
            layoutNote = "two centre bursts one half-block apart although AQM=\(aqm.isEmpty ? "absent" : aqm): taken as forward and backward scans"
        }
        if layout == .forwardBackward && ig.count % 2 != 0 {
            throw .invalidParameter("\(opus.path): \(layoutNote ?? "forward/backward"), but IgSm holds an odd number of points (\(ig.count))")
        }
    }

    /// Whether each half of `y` holds a centre burst of comparable size (forward/backward scans
    /// stored end to end, the backward one in either direction), rather than one burst and its wings.
    public static func hasTwoCentreBursts(_ y: [Double]) -> Bool {
        let n = y.count
        guard n >= 64, n % 2 == 0 else { return false }
        let mean = y.reduce(0, +) / Double(n)
        func peak(_ r: Range<Int>) -> (index: Int, size: Double) {
            let i = r.max { abs(y[$0] - mean) < abs(y[$1] - mean) }!
            return (i, abs(y[i] - mean))
        }
        let a = peak(0..<(n / 2)), b = peak((n / 2)..<n)
        // Wings fall to a few per cent of the burst within a few dozen points; a second burst of
        // more than half the first, away from the first, is another scan.
        return min(a.size, b.size) > 0.5 * max(a.size, b.size) && abs(b.index - a.index) > n / 8
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

    /// The single-beam spectra of an acquisition.
    public struct SingleBeams: Sendable {
        /// The sample's single beam.
        public var sample: Spectrum
        /// The background's, when the file holds its interferogram.
        public var background: Spectrum?
    }

    /// The two scans of a forward/backward block, each in the forward direction.
    public struct Scans: Sendable {
        /// The first half of the block.
        public var forward: Spectrum
        /// The second half, reversed into the forward direction.
        public var backward: Spectrum
    }

    /// Single-beam spectra of the sample and (when present) the background.
    public func singleBeams() throws(InterferogramError) -> SingleBeams {
        var t = transform
        let s = try beam(sample, t)
        t.zpdIndex = nil // the background's centre burst is found on its own
        return SingleBeams(sample: s, background: try background.map { b throws(InterferogramError) in try beam(b, t) })
    }

    /// One block's single beam: as is, or (forward/backward) the mean of its two halves' single
    /// beams, each half's centre burst found on its own.
    func beam(_ block: Spectrum, _ transform: InterferogramTransform) throws(InterferogramError) -> Spectrum {
        guard layout == .forwardBackward else { return try transform.singleBeam(block, range: range) }
        let scans = try Self.split(block)
        let (forward, backward) = (scans.forward, scans.backward)
        var t = transform
        t.zpdIndex = nil
        let f = try t.singleBeam(forward, range: range), b = try t.singleBeam(backward, range: range)
        guard f.x == b.x else { throw .invalidParameter("forward and backward scans of \(block.name) gave different axes") }
        do {
            var out = try f.replacingY(zip(f.y, b.y).map { ($0 + $1) / 2 }, step: ProcessingStep("forwardBackwardMean", [
                "scans": "2 × \(forward.count) points", "note": layoutNote ?? "forward and backward scans",
            ]))
            out.name = block.name
            return out
        } catch { throw .invalidParameter(error.description) }
    }

    /// The forward scan (first half) and the backward scan (second half, reversed into the
    /// forward direction) of a forward/backward block.
    public static func split(_ block: Spectrum) throws(InterferogramError) -> Scans {
        let n = block.count
        guard n >= 32, n % 2 == 0 else { throw .invalidParameter("\(block.name): \(n) points cannot hold two scans of equal length") }
        let h = n / 2
        let axis = (0..<h).map(Double.init)
        do {
            let f = try Spectrum(name: block.name + " (forward)", x: axis, y: Array(block.y[0..<h]), xKind: block.xKind, xUnit: block.xUnit,
                                 yKind: block.yKind, yUnit: block.yUnit, metadata: block.metadata, provenance: block.provenance)
            let b = try Spectrum(name: block.name + " (backward)", x: axis, y: Array(block.y[h..<n].reversed()), xKind: block.xKind, xUnit: block.xUnit,
                                 yKind: block.yKind, yUnit: block.yUnit, metadata: block.metadata, provenance: block.provenance)
            return Scans(forward: f, backward: b)
        } catch { throw .invalidParameter(error.description) }
    }

    /// Absorbance against the embedded background, or `background` when given (a single beam or
    /// an interferogram transformed with the same settings).
    public func absorbance(background external: Spectrum? = nil, clip: Double = 6) throws(InterferogramError) -> Spectrum {
        let beams = try singleBeams()
        let (s, embedded) = (beams.sample, beams.background)
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

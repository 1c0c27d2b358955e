// SPDX-License-Identifier: GPL-3.0-or-later
import ComplexModule
import InterphaseCore
import RealModule

/// Errors from transforming interferograms.
public enum InterferogramError: InterphaseError, Equatable {
    /// The spectrum's ordinate is `kind`, not an interferogram.
    case notAnInterferogram(kind: String)
    /// The interferogram has `points` points, too few to transform.
    case tooShort(points: Int)
    /// A parameter outside its range (the text names it).
    case invalidParameter(String)

    public var category: ErrorCategory { .invalidRequest }
    public var description: String {
        switch self {
        case .notAnInterferogram(let k): "the spectrum is \(k), not an interferogram"
        case .tooShort(let n): "an interferogram of \(n) points is too short to transform"
        case .invalidParameter(let s): s
        }
    }
}

/// How the phase error of a transformed interferogram is removed.
public enum PhaseCorrection: Sendable, Hashable, Codable {
    /// Mertz (Infrared Phys. 7 (1967) 17): the phase of a short, triangle-apodised double-sided
    /// piece of `halfWidth` points around ZPD (nil: the shorter wing, at most 256 points), then
    /// B = Re F cos φ + Im F sin φ.
    case mertz(halfWidth: Int?)
    /// The modulus |F| (no phase, no sign).
    case powerSpectrum
}

/// Interferogram → single-beam spectrum (FTIR.md §3): DC removal, ZPD search, Mertz ramp for
/// single-sided acquisitions, apodization, zero filling to a power of two, rotation so that ZPD is
/// index 0, real FFT (FFTW), phase correction, and the wavenumber axis ν_k = k·2ν_L/(SSP·N_fft).
///
///     var t = InterferogramTransform(laserWavenumber: 15798.26, sampleSpacing: 2)
///     t.fftSize = 16384
///     let singleBeam = try t.singleBeam(ifg, range: 400...4000)
public struct InterferogramTransform: Sendable {
    /// The reference laser's wavenumber (cm⁻¹; 15798 for a HeNe laser).
    public var laserWavenumber: Double
    /// Laser fringes per sample (1 or 2); the OPD step is SSP/(2ν_L) cm.
    public var sampleSpacing: Double
    /// The apodization function (Happ–Genzel by default, as OMNIC and OPUS use).
    public var apodization: Apodization = .happGenzel
    /// The phase correction (Mertz by default).
    public var phase: PhaseCorrection = .mertz(halfWidth: nil)
    /// Zero-filling factor applied after rounding the length up to a power of two.
    public var zeroFilling: Int = 2
    /// Explicit FFT length (overrides `zeroFilling`), e.g. the value stored by the instrument.
    public var fftSize: Int?
    /// Index of zero path difference; nil to take the largest |I − mean|.
    public var zpdIndex: Int?

    /// A transform for a laser of `laserWavenumber` and `sampleSpacing` fringes per sample.
    public init(laserWavenumber: Double, sampleSpacing: Double = 1) {
        self.laserWavenumber = laserWavenumber
        self.sampleSpacing = sampleSpacing
    }

    /// The spacing of the output axis in cm⁻¹ for an FFT of `n` points.
    public func wavenumberStep(fftSize n: Int) -> Double { 2 * laserWavenumber / (sampleSpacing * Double(n)) }

    /// Whether n has no prime factor above 7 (FFTW plans such sizes quickly).
    static func isSmooth(_ n: Int) -> Bool {
        var m = n
        for p in [2, 3, 5, 7] { while m % p == 0 && m > 1 { m /= p } }
        return m == 1
    }

    /// A transformed interferogram: the single-beam spectrum on bins 0…N/2.
    public struct Transformed: Sendable {
        /// The wavenumber of each bin, cm⁻¹.
        public var wavenumber: [Double]
        /// The magnitude (or phase-corrected) spectrum at each bin.
        public var intensity: [Double]
        /// The FFT size N after zero filling.
        public var fftSize: Int
        /// The sample index taken as zero path difference.
        public var zpd: Int
    }

    /// Transforms raw interferogram samples; returns the wavenumbers of bins 0…N/2 and the spectrum.
    public func transform(_ samples: [Double]) throws(InterferogramError) -> Transformed {
        let n = samples.count
        guard n >= 16 else { throw .tooShort(points: n) }
        guard laserWavenumber > 0, sampleSpacing > 0 else { throw .invalidParameter("laser wavenumber and sample spacing must be positive") }
        let mean = samples.reduce(0, +) / Double(n)
        let y = samples.map { $0 - mean }
        let zpd = zpdIndex ?? y.indices.max { abs(y[$0]) < abs(y[$1]) }!
        guard zpd >= 0, zpd < n else { throw .invalidParameter("ZPD index \(zpd) is outside the \(n) samples") }
        let left = zpd, right = n - 1 - zpd
        let longWing = Double(max(left, right))
        let shortWing = min(left, right)
        var size = fftSize ?? 0
        if size == 0 {
            var p = 1
            while p < n { p <<= 1 }
            size = p * max(zeroFilling, 1)
        }
        guard size >= n else { throw .invalidParameter("FFT size \(size) is shorter than the \(n) samples") }
        // A stored size from a damaged header could be huge or a large prime (slow to plan): refuse it.
        guard size <= max(64 * n, 1 << 16), size <= 1 << 26, Self.isSmooth(size) else {
            throw .invalidParameter("FFT size \(size) for \(n) samples is not usable (more than 64× the samples, above 2^26, or a prime factor above 7)")
        }
        // Weights: apodization over the long wing, times the Mertz ramp across the doubly measured part.
        var rotated = [Double](repeating: 0, count: size)
        for i in 0..<n {
            let x = Double(i - zpd)
            var w = apodization.weight(abs(x) / longWing)
            if shortWing < Int(longWing) {
                // Mertz ramp: w(x) + w(−x) = 1 over the doubly measured part, 1 on the long wing.
                let ls = Double(max(shortWing, 1))
                let ramp = right >= left ? (x + ls) / (2 * ls) : (ls - x) / (2 * ls)
                w *= min(max(ramp, 0), 1)
            }
            let j = i >= zpd ? i - zpd : size - (zpd - i)
            rotated[j] = y[i] * w
        }
        let plan: RealFFTPlan<Double>
        do { plan = try RealFFTPlan<Double>(shape: [size]) } catch { throw .invalidParameter(error.description) }
        let F = plan.forward(rotated)
        var out = [Double](repeating: 0, count: F.count)
        switch phase {
        case .powerSpectrum:
            for k in F.indices { out[k] = F[k].length }
        case .mertz(let requested):
            let p = max(min(requested ?? min(shortWing, 256), shortWing), 1)
            var piece = [Double](repeating: 0, count: size)
            for i in max(zpd - p, 0)...min(zpd + p, n - 1) {
                let x = i - zpd
                let w = 1 - Double(abs(x)) / Double(p + 1)
                let j = i >= zpd ? i - zpd : size - (zpd - i)
                piece[j] = y[i] * w
            }
            let P = plan.forward(piece)
            for k in F.indices {
                let phi = Double.atan2(y: P[k].imaginary, x: P[k].real)
                out[k] = F[k].real * Double.cos(phi) + F[k].imaginary * Double.sin(phi)
            }
        }
        let step = wavenumberStep(fftSize: size)
        return Transformed(wavenumber: (0..<F.count).map { Double($0) * step }, intensity: out, fftSize: size, zpd: zpd)
    }

    /// The single-beam spectrum of an interferogram `Spectrum`, cropped to `range` (cm⁻¹),
    /// ascending, with every parameter in its provenance.
    public func singleBeam(_ interferogram: Spectrum, range: ClosedRange<Double>? = nil) throws(InterferogramError) -> Spectrum {
        guard interferogram.yKind == .interferogram else { throw .notAnInterferogram(kind: interferogram.yKind.rawValue) }
        let r = try transform(interferogram.y)
        var idx = Array(r.wavenumber.indices.dropFirst())
        // Keep one bin beyond each end of the range, as vendors do (OPUS's 700 cm⁻¹ limit ends at 699.39).
        let step = r.wavenumber[1]
        if let range { idx = idx.filter { r.wavenumber[$0] > range.lowerBound - step && r.wavenumber[$0] < range.upperBound + step } }
        guard idx.count >= 2 else { throw .invalidParameter("no bins inside \(String(describing: range))") }
        let record = ProcessingStep("interferogramTransform", [
            "laserWavenumber": "\(laserWavenumber)", "sampleSpacing": "\(sampleSpacing)", "apodization": apodization.rawValue,
            "phase": "\(phase)", "fftSize": "\(r.fftSize)", "zpdIndex": "\(r.zpd)",
        ])
        do {
            return try Spectrum(name: interferogram.name, x: idx.map { r.wavenumber[$0] }, y: idx.map { r.intensity[$0] },
                                xKind: .wavenumber, yKind: .singleBeam, metadata: interferogram.metadata,
                                provenance: interferogram.provenance + [record])
        } catch {
            throw .invalidParameter(error.description)
        }
    }
}

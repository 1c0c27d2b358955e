// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import RealModule

/// Errors from optical corrections.
public enum CorrectionError: InterphaseError, Equatable {
    /// The spectrum's kind is `found`; the correction needs `expected`.
    case wrongKind(expected: String, found: String)
    /// A value the correction cannot take (the text says which and where).
    case outOfRange(String)
    /// A parameter outside its range (the text names it).
    case invalidParameter(String)

    public var category: ErrorCategory { .invalidRequest }
    public var description: String {
        switch self {
        case .wrongKind(let e, let f): "this correction needs \(e), the spectrum is \(f)"
        case .outOfRange(let s), .invalidParameter(let s): s
        }
    }
}

/// Conversions between absorbance, transmittance, reflectance and Kubelka–Munk units.
public enum IntensityConversion {
    /// A = −log10 T (T as a fraction; percent is converted). T ≤ 0 is refused, not clipped.
    public static func absorbance(fromTransmittance s: Spectrum) throws(CorrectionError) -> Spectrum {
        guard s.yKind == .transmittance else { throw .wrongKind(expected: "transmittance", found: s.yKind.rawValue) }
        let f = s.yUnit == .percent ? 0.01 : 1
        if let i = s.y.firstIndex(where: { $0 * f <= 0 }) { throw .outOfRange("transmittance \(s.y[i]) at \(s.x[i]) has no absorbance") }
        do { return try s.replacingY(s.y.map { -Double.log10($0 * f) }, kind: .absorbance, step: ProcessingStep("absorbance", ["from": "transmittance"])) } catch { throw .invalidParameter(error.description) }
    }

    /// T = 10^−A as a fraction.
    public static func transmittance(fromAbsorbance s: Spectrum) throws(CorrectionError) -> Spectrum {
        guard s.yKind == .absorbance else { throw .wrongKind(expected: "absorbance", found: s.yKind.rawValue) }
        do { return try s.replacingY(s.y.map { Double.pow(10, -$0) }, kind: .transmittance, unit: .fraction, step: ProcessingStep("transmittance", ["from": "absorbance"])) } catch { throw .invalidParameter(error.description) }
    }

    /// Kubelka–Munk f(R∞) = (1 − R∞)² / (2R∞) of diffuse reflectance (fraction or percent).
    public static func kubelkaMunk(fromReflectance s: Spectrum) throws(CorrectionError) -> Spectrum {
        guard s.yKind == .reflectance else { throw .wrongKind(expected: "reflectance", found: s.yKind.rawValue) }
        let f = s.yUnit == .percent ? 0.01 : 1
        if let i = s.y.firstIndex(where: { $0 * f <= 0 }) { throw .outOfRange("reflectance \(s.y[i]) at \(s.x[i]) has no Kubelka-Munk value") }
        do { return try s.replacingY(s.y.map { let r = $0 * f; return (1 - r) * (1 - r) / (2 * r) }, kind: .kubelkaMunk, step: ProcessingStep("kubelkaMunk")) } catch { throw .invalidParameter(error.description) }
    }
}

/// ATR correction by the penetration depth d_p = 1 / (2π ν n_c √(sin²θ − (n_s/n_c)²))
/// (Harrick, Internal Reflection Spectroscopy, 1967): A_corr(ν) = A(ν) · d_p(ν_ref) / d_p(ν),
/// which puts every band on the footing of the reference wavenumber.
///
///     let corrected = try ATRCorrection(crystalIndex: 2.4).apply(to: atrAbsorbance)
public struct ATRCorrection: Sendable, Hashable, Codable {
    /// Refractive index of the ATR crystal.
    public var crystalIndex: Double
    /// Refractive index of the sample.
    public var sampleIndex: Double
    /// Angle of incidence in degrees.
    public var angleDegrees: Double
    /// The wavenumber (cm⁻¹) whose penetration depth every band is referred to.
    public var referenceWavenumber: Double

    /// Defaults: diamond (2.4), an organic sample (1.5), 45°, referred to 1000 cm⁻¹.
    public init(crystalIndex: Double = 2.4, sampleIndex: Double = 1.5, angleDegrees: Double = 45, referenceWavenumber: Double = 1000) {
        self.crystalIndex = crystalIndex
        self.sampleIndex = sampleIndex
        self.angleDegrees = angleDegrees
        self.referenceWavenumber = referenceWavenumber
    }

    /// Penetration depth at wavenumber ν (cm⁻¹), in micrometres.
    public func penetrationDepth(at nu: Double) throws(CorrectionError) -> Double {
        let s = Double.sin(angleDegrees * Double.pi / 180)
        let q = s * s - (sampleIndex / crystalIndex) * (sampleIndex / crystalIndex)
        guard q > 0 else { throw .invalidParameter("no total internal reflection: sin²θ ≤ (n_sample/n_crystal)² for θ = \(angleDegrees)°, n = \(sampleIndex)/\(crystalIndex)") }
        guard nu > 0 else { throw .outOfRange("wavenumber \(nu) must be positive") }
        return 1e4 / (2 * Double.pi * nu * crystalIndex * q.squareRoot())
    }

    /// The corrected absorbance spectrum (a wavenumber axis is required).
    public func apply(to s: Spectrum) throws(CorrectionError) -> Spectrum {
        guard s.xKind == .wavenumber else { throw .wrongKind(expected: "a wavenumber axis", found: s.xKind.rawValue) }
        let ref = try penetrationDepth(at: referenceWavenumber)
        var y = s.y
        for i in y.indices { y[i] *= ref / (try penetrationDepth(at: s.x[i])) }
        do {
            return try s.replacingY(y, step: ProcessingStep("atrCorrection", ["crystalIndex": "\(crystalIndex)", "sampleIndex": "\(sampleIndex)",
                                                                               "angleDegrees": "\(angleDegrees)", "referenceWavenumber": "\(referenceWavenumber)"]))
        } catch { throw .invalidParameter(error.description) }
    }
}

/// Kramers–Kronig analysis of specular reflectance at normal incidence by Maclaurin's formula
/// (Ohta & Ishida, Appl. Spectrosc. 42 (1988) 952): the phase
/// θ(νᵢ) = −(4νᵢΔν/π) Σ_{j−i odd} ln√R(νⱼ) / (νⱼ² − νᵢ²), then with r = √R e^{iθ} = (N−1)/(N+1),
/// n = (1 − R)/(1 + R − 2√R cos θ) and k = 2√R sin θ/(1 + R − 2√R cos θ).
/// Below the first and above the last point R is extrapolated as a constant (analytic tails), as
/// the truncated sum alone biases θ by ln√R × the log-ratio of the range ends.
public enum KramersKronig {
    /// The optical constants on the spectrum's axis.
    public struct Result: Sendable {
        /// The abscissa (cm⁻¹).
        public var wavenumber: [Double]
        /// Refractive index n.
        public var n: [Double]
        /// Extinction coefficient k.
        public var k: [Double]
        /// The reflection phase θ (radians).
        public var phase: [Double]
    }

    /// - Complexity: O(n²).
    public static func opticalConstants(reflectance s: Spectrum) throws(CorrectionError) -> Result {
        guard s.xKind == .wavenumber else { throw .wrongKind(expected: "a wavenumber axis", found: s.xKind.rawValue) }
        let f: Double = s.yUnit == .percent || (s.yKind != .reflectance && s.yMax > 1.5) ? 0.01 : 1
        let x = s.isAscending ? s.x : s.x.reversed()
        let r = (s.isAscending ? s.y : s.y.reversed()).map { $0 * f }
        if let i = r.firstIndex(where: { !($0 > 0 && $0 < 1) }) { throw .outOfRange("reflectance \(r[i]) at \(x[i]) cm⁻¹ is outside (0, 1)") }
        let n = x.count
        guard n >= 8 else { throw .outOfRange("Kramers–Kronig needs at least 8 points") }
        let h = (x[n - 1] - x[0]) / Double(n - 1)
        let lnRho = r.map { 0.5 * Double.log($0) }
        var theta = [Double](repeating: 0, count: n), nOut = theta, kOut = theta
        for i in 0..<n {
            var sum = 0.0
            var j = (i % 2 == 0) ? 1 : 0
            let xi2 = x[i] * x[i]
            while j < n { sum += lnRho[j] / (x[j] * x[j] - xi2); j += 2 }
            // Constant-R extrapolation below the first and above the last point: the principal-value
            // integrals of c/(ν'² − ν²) over [0, a] and [b, ∞) are (c/2ν)·ln|(a−ν)/(a+ν)| and (c/2ν)·ln((b+ν)/(b−ν)).
            let a = x[0] - h / 2, b = x[n - 1] + h / 2
            let tails = lnRho[0] * Double.log(abs((a - x[i]) / (a + x[i]))) + lnRho[n - 1] * Double.log((b + x[i]) / (b - x[i]))
            theta[i] = -4 * x[i] * h / Double.pi * sum - tails / Double.pi
            let rho = r[i].squareRoot()
            let d = 1 + r[i] - 2 * rho * Double.cos(theta[i])
            nOut[i] = (1 - r[i]) / d
            kOut[i] = 2 * rho * Double.sin(theta[i]) / d
        }
        return Result(wavenumber: x, n: nOut, k: kOut, phase: theta)
    }
}

/// ATR settings from their text form `crystal=diamond,angle=45,sample-index=1.5,reflections=1`
/// (`reference=1000` sets the reference wavenumber).
public struct ATRSettings: Sendable, Hashable, Codable {
    /// The penetration-depth correction.
    public var correction: ATRCorrection
    /// Number of internal reflections: the measured absorbance is that many single reflections.
    public var reflections: Int

    /// Refractive indices of ATR crystals in the mid-infrared (Harrick, Internal Reflection
    /// Spectroscopy, 1967; Milosevic, Internal Reflection and ATR Spectroscopy, 2012).
    public static let crystals: [String: Double] = ["diamond": 2.4, "znse": 2.4, "ge": 4.0, "germanium": 4.0, "si": 3.4, "silicon": 3.4, "krs-5": 2.37, "amtir": 2.5]

    /// Settings from their text form; an unknown key, a bad value or a geometry without total internal reflection is an error.
    public init(_ text: String) throws(CorrectionError) {
        var c = ATRCorrection()
        var n = 1
        for item in text.split(separator: ",") where !item.isEmpty {
            let kv = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces).lowercased() }
            guard kv.count == 2 else { throw .invalidParameter("ATR setting '\(item)': expected KEY=VALUE") }
            switch kv[0] {
            case "crystal":
                if let index = Self.crystals[kv[1]] { c.crystalIndex = index } else if let v = Double(kv[1]), v > 1 { c.crystalIndex = v } else {
                    throw .invalidParameter("ATR crystal '\(kv[1])': use diamond, ZnSe, Ge, Si, KRS-5, AMTIR or a refractive index")
                }
            case "angle":
                guard let v = Double(kv[1]), v > 0, v < 90 else { throw .invalidParameter("ATR angle '\(kv[1])': degrees between 0 and 90") }
                c.angleDegrees = v
            case "sample-index", "sampleindex":
                guard let v = Double(kv[1]), v >= 1 else { throw .invalidParameter("ATR sample-index '\(kv[1])': a refractive index ≥ 1") }
                c.sampleIndex = v
            case "reflections":
                guard let v = Int(kv[1]), v >= 1 else { throw .invalidParameter("ATR reflections '\(kv[1])': a whole number ≥ 1") }
                n = v
            case "reference":
                guard let v = Double(kv[1]), v > 0 else { throw .invalidParameter("ATR reference '\(kv[1])': a wavenumber in cm⁻¹") }
                c.referenceWavenumber = v
            default:
                throw .invalidParameter("unknown ATR setting '\(kv[0])'; use crystal, angle, sample-index, reflections, reference")
            }
        }
        _ = try c.penetrationDepth(at: c.referenceWavenumber) // total internal reflection must hold
        correction = c
        reflections = n
    }
}

/// The corrections a spectrum gets before band analysis or export, in a fixed order:
/// transmittance → absorbance (for ATR), ATR penetration depth (per reflection), Kubelka–Munk for
/// diffuse reflectance, then the requested ordinate.
public struct SpectrumCorrections: Sendable, Hashable {
    /// The ordinate the corrected spectrum is given in.
    public enum Ordinate: String, Sendable, CaseIterable {
        /// Decadic absorbance.
        case absorbance
        /// Transmittance, as a fraction.
        case transmittance
    }
    /// The ATR correction, if any.
    public var atr: ATRSettings?
    /// Convert diffuse reflectance to Kubelka–Munk units.
    public var kubelkaMunk = false
    /// The ordinate asked for; nil keeps the spectrum's own.
    public var ordinate: Ordinate?

    /// The corrections to apply (none by default).
    public init(atr: ATRSettings? = nil, kubelkaMunk: Bool = false, ordinate: Ordinate? = nil) {
        self.atr = atr
        self.kubelkaMunk = kubelkaMunk
        self.ordinate = ordinate
    }

    /// Whether no correction is asked for.
    public var isEmpty: Bool { atr == nil && !kubelkaMunk && ordinate == nil }

    /// The spectrum with the corrections applied in order, each recorded in its provenance.
    public func apply(to input: Spectrum) throws(CorrectionError) -> Spectrum {
        var s = input
        if let atr {
            if s.yKind == .transmittance { s = try IntensityConversion.absorbance(fromTransmittance: s) }
            guard s.yKind == .absorbance else { throw .wrongKind(expected: "absorbance or transmittance for the ATR correction", found: s.yKind.rawValue) }
            s = try atr.correction.apply(to: s)
            if atr.reflections > 1 {
                do {
                    s = try s.replacingY(s.y.map { $0 / Double(atr.reflections) }, step: ProcessingStep("perReflection", ["reflections": "\(atr.reflections)"]))
                } catch { throw .invalidParameter(error.description) }
            }
        }
        if kubelkaMunk { s = try IntensityConversion.kubelkaMunk(fromReflectance: s) }
        switch ordinate {
        case .absorbance where s.yKind == .transmittance: s = try IntensityConversion.absorbance(fromTransmittance: s)
        case .transmittance where s.yKind == .absorbance: s = try IntensityConversion.transmittance(fromAbsorbance: s)
        case .absorbance where s.yKind != .absorbance, .transmittance where s.yKind != .transmittance:
            throw .wrongKind(expected: "absorbance or transmittance to convert", found: s.yKind.rawValue)
        default: break
        }
        return s
    }
}

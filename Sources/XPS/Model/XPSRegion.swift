// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// One core-level (or survey) region ready for analysis: a binding-energy axis in ascending order,
/// the intensity as measured, and what is needed to weight it by counting statistics.
///
/// Binding energy is hν − KE; the work function stored by some instruments is never subtracted.
/// Charge referencing is an explicit, recorded shift (``chargeShift``), never applied silently.
public struct XPSRegion: Sendable {
    /// The region's name (`F 1s`).
    public var name: String
    /// Binding energies (eV), strictly ascending, after ``chargeShift``.
    public var bindingEnergy: [Double]
    /// Intensity in ``intensityKind`` units, aligned with ``bindingEnergy``.
    public var intensity: [Double]
    /// Counts or counts per second.
    public var intensityKind: IntensityKind
    /// Multiply an intensity by this to get detected counts (dwell × scans for counts per second,
    /// 1 for counts); nil when the file does not say (weights then cannot be Poisson).
    public var countsPerUnit: Double?
    /// Photon energy hν (eV), when the file gives it.
    public var photonEnergy: Double?
    /// Analyser pass energy (eV), when the file gives it.
    public var passEnergy: Double?
    /// Transmission per channel (same order as ``bindingEnergy``), when the file stores it.
    public var transmission: [Double]?
    /// Per-channel factor on ``countsPerUnit`` (nil: 1 everywhere). ``transmissionCorrected()``
    /// divides the intensity by T and sets this to T, so detected counts stay
    /// intensity × countsPerUnit × factor and the Poisson weights stay right.
    public var channelCountsFactor: [Double]?
    /// Shift (eV) added to the measured binding energies (charge referencing); 0 when none.
    public var chargeShift: Double
    /// Processing steps from reading onward.
    public var provenance: [ProcessingStep]
    /// Where the data came from (`file#block`).
    public var source: String

    /// A region, checked: equal lengths, strictly ascending finite energies, finite intensities.
    public init(name: String, bindingEnergy: [Double], intensity: [Double], intensityKind: IntensityKind,
                countsPerUnit: Double?, photonEnergy: Double? = nil, passEnergy: Double? = nil,
                transmission: [Double]? = nil, source: String, provenance: [ProcessingStep] = []) throws(XPSError) {
        guard bindingEnergy.count == intensity.count else {
            throw .invalidData(source, "\(bindingEnergy.count) energies but \(intensity.count) intensities")
        }
        guard bindingEnergy.count >= 3 else { throw .invalidData(source, "only \(bindingEnergy.count) points") }
        if let i = bindingEnergy.firstIndex(where: { !$0.isFinite }) { throw .invalidData(source, "non-finite energy at point \(i)") }
        if let i = intensity.firstIndex(where: { !$0.isFinite }) { throw .invalidData(source, "non-finite intensity at point \(i)") }
        var be = bindingEnergy, y = intensity, t = transmission
        if be[0] > be[be.count - 1] { be.reverse(); y.reverse(); t?.reverse() }
        for i in 1..<be.count where !(be[i] > be[i - 1]) {
            throw .invalidData(source, "binding energy is not monotonic at point \(i) (\(be[i - 1]) then \(be[i]))")
        }
        self.name = name
        self.bindingEnergy = be
        self.intensity = y
        self.intensityKind = intensityKind
        self.countsPerUnit = countsPerUnit
        self.photonEnergy = photonEnergy
        self.passEnergy = passEnergy
        self.transmission = t
        self.chargeShift = 0
        self.source = source
        self.provenance = provenance
    }

    /// The number of channels.
    public var count: Int { bindingEnergy.count }

    /// Builds a region from a spectrum on a binding- or kinetic-energy axis. Kinetic energies need
    /// the photon energy. `countsPerUnit` follows from the intensity kind when it is counts.
    public init(_ s: Spectrum, photonEnergy: Double? = nil, countsPerUnit: Double? = nil,
                transmission: [Double]? = nil, source: String? = nil) throws(XPSError) {
        let src = source ?? s.name
        var be: [Double]
        switch s.xKind {
        case .bindingEnergy: be = s.x
        case .kineticEnergy:
            guard let hv = photonEnergy else { throw .invalidData(src, "kinetic-energy axis without a photon energy: binding energy cannot be formed") }
            be = s.x.map { hv - $0 }
        default:
            throw .invalidData(src, "the x axis is \(s.xKind.rawValue), not a binding or kinetic energy")
        }
        let cpu = countsPerUnit ?? (s.yKind == .counts ? 1 : nil)
        try self.init(name: s.name, bindingEnergy: be, intensity: s.y, intensityKind: s.yKind, countsPerUnit: cpu,
                      photonEnergy: photonEnergy, transmission: transmission, source: src, provenance: s.provenance)
        if s.xKind == .kineticEnergy {
            provenance.append(ProcessingStep("bindingEnergy", ["photonEnergy_eV": "\(photonEnergy!)"]))
        }
    }

    /// From a VAMAS block: counts per second when dwell and scans are known (Poisson weights kept
    /// through ``countsPerUnit``), transmission carried along.
    public init(_ block: VAMASBlock, source: String) throws(XPSError) {
        let hv = block.photonEnergy
        var cpu: Double? = nil
        var s = block.spectrum
        if s.yKind == .counts {
            cpu = 1
            if let dwell = block.dwell, dwell > 0, let scans = block.scans, scans > 0 {
                do { if let cps = try block.countsPerSecond() { s = cps; cpu = dwell * Double(scans) } }
                catch { throw .invalidData(source, "\(error)") }
            }
        } else if s.yKind == .countsPerSecond, let dwell = block.dwell, dwell > 0, let scans = block.scans, scans > 0 {
            cpu = dwell * Double(scans)
        }
        try self.init(s, photonEnergy: hv, countsPerUnit: cpu, transmission: block.transmission, source: source)
        self.passEnergy = block.passEnergy
        let label = [block.species, block.transition].filter { !$0.isEmpty }.joined(separator: " ")
        if !label.isEmpty { self.name = label }
    }

    /// Shifts binding energies by `shift` eV (charge referencing), recording it.
    public func shifted(by shift: Double, reason: String) -> XPSRegion {
        var r = self
        r.bindingEnergy = bindingEnergy.map { $0 + shift }
        r.chargeShift += shift
        r.provenance.append(ProcessingStep("chargeShift", ["shift_eV": "\(shift)", "reason": reason]))
        return r
    }

    /// Detected counts per unit of intensity at each channel; nil when the file does not say.
    public var countsPerUnitPerChannel: [Double]? {
        guard let c = countsPerUnit else { return nil }
        guard let f = channelCountsFactor else { return [Double](repeating: c, count: count) }
        return f.map { c * $0 }
    }

    /// The intensity divided by the stored transmission function, channel by channel, so that
    /// intensities at different kinetic energies compare (ISO 18118; XPS.md §3.3). Poisson weights
    /// follow through ``channelCountsFactor``. Throws when the file stores no transmission or it is
    /// not positive: a correction is never invented.
    public func transmissionCorrected() throws(XPSError) -> XPSRegion {
        guard let t = transmission else {
            throw .invalidData(source, "no transmission function is stored in the file: the intensity cannot be transmission-corrected")
        }
        guard t.count == count else { throw .invalidData(source, "\(t.count) transmission values for \(count) channels") }
        if let i = t.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
            throw .invalidData(source, "transmission at point \(i) is \(t[i]), not a positive number")
        }
        var r = self
        r.intensity = zip(intensity, t).map { $0 / $1 }
        r.channelCountsFactor = zip(channelCountsFactor ?? t.map { _ in 1 }, t).map { $0 * $1 }
        r.transmission = t.map { _ in 1 }
        let mean = t.reduce(0, +) / Double(t.count)
        r.provenance.append(ProcessingStep("transmissionCorrection", ["meanTransmission": "\(mean)",
                                                                   "min": "\(t.min()!)", "max": "\(t.max()!)"]))
        return r
    }

    /// The sub-range lo...hi (binding energy, eV).
    public func cropped(to range: ClosedRange<Double>) throws(XPSError) -> XPSRegion {
        let idx = bindingEnergy.indices.filter { range.contains(bindingEnergy[$0]) }
        guard idx.count >= 3, let a = idx.first, let b = idx.last else {
            let lo = bindingEnergy.min() ?? .nan, hi = bindingEnergy.max() ?? .nan
            // Kinetic energies read as binding energies: hν − E of the region covers the window
            // for an Al or Mg Kα source.
            let anode = [(1486.6, "Al Kα"), (1253.6, "Mg Kα")].first { hv, _ in
                let a = max(hv - hi, range.lowerBound), b = min(hv - lo, range.upperBound)
                return b - a >= 0.5 * (range.upperBound - range.lowerBound)
            }
            let hint = anode.map { hv, name in
                String(format: "; as kinetic energies from %@ (hν %g eV) they would be binding energies %g–%g eV: export binding energies (hν − KE)",
                       name, hv, hv - hi, hv - lo)
            } ?? ""
            throw .invalidData(source, String(format: "fewer than 3 points between %g and %g eV: the region spans %g–%g eV%@",
                                              range.lowerBound, range.upperBound, lo, hi, hint))
        }
        var r = self
        r.bindingEnergy = Array(bindingEnergy[a...b])
        r.intensity = Array(intensity[a...b])
        r.transmission = transmission.map { Array($0[a...b]) }
        r.channelCountsFactor = channelCountsFactor.map { Array($0[a...b]) }
        r.provenance.append(ProcessingStep("crop", ["from_eV": "\(range.lowerBound)", "to_eV": "\(range.upperBound)"]))
        return r
    }

    /// The region as a `Spectrum` on an ascending binding-energy axis.
    public func spectrum() throws(XPSError) -> Spectrum {
        do {
            let unit = intensityKind.allowedUnits.first ?? .arbitrary
            return try Spectrum(name: name, x: bindingEnergy, y: intensity, xKind: .bindingEnergy, xUnit: .electronvolt,
                                yKind: intensityKind, yUnit: unit, provenance: provenance)
        } catch { throw .invalidData(source, "\(error)") }
    }
}

/// Errors from XPS analysis (readers have their own).
public enum XPSError: InterphaseError, Equatable {
    /// The data at the source (first) cannot be analysed, for the reason given (second).
    case invalidData(String, String)
    /// A component, link, bound or model file that does not make a model (the message says which).
    case invalidModel(String)
    /// A line shape the fitter does not support.
    case unsupportedShape(String)
    /// The fit ran and gave no usable result (the message says why).
    case fitFailed(String)
    /// A file of several regions where one is needed: the file and the regions' names.
    case severalRegions(String, [String])
    /// Comparing with the analyst's fit needs a CasaXPS CSV export: the file and its format.
    case notACasaExport(String, String)

    public var category: ErrorCategory {
        switch self {
        case .invalidData: .unreadableInput
        case .invalidModel, .unsupportedShape, .severalRegions, .notACasaExport: .invalidRequest
        case .fitFailed: .analysisFailed
        }
    }

    public var description: String {
        switch self {
        case .invalidData(let src, let what): "\(src): \(what)"
        case .invalidModel(let what): "invalid XPS model: \(what)"
        case .unsupportedShape(let what): "line shape \(what) cannot be fitted (GL, SGL and LA without Gaussian can)"
        case .fitFailed(let what): "XPS fit failed: \(what)"
        case .notACasaExport(let path, let format): "\(path): comparing with the analyst's fit needs a CasaXPS CSV export; this is \(format)"
        case .severalRegions(let path, let names): "\(path) has \(names.count) regions (\(names.joined(separator: ", "))): name one (by block number or region name)"
        }
    }
}

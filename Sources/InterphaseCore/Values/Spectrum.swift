// SPDX-License-Identifier: GPL-3.0-or-later

/// Why a ``Spectrum`` could not be built.
public enum SpectrumError: InterphaseError, Equatable {
    /// The abscissa has `x` values and the ordinate `y`.
    case lengthMismatch(x: Int, y: Int)
    /// The spectrum has no points.
    case empty
    /// A NaN or infinite value on `axis` ("x" or "y") at `index`.
    case nonFiniteValue(axis: String, index: Int)
    /// The abscissa changes direction, or repeats a value, at `index`.
    case notMonotonic(index: Int)
    /// A unit that this kind of axis may not carry.
    case unitNotAllowed(kind: String, unit: String)
    /// An analysis needs an abscissa of kind `expected` and was given `found`.
    case wrongAxis(expected: AxisKind, found: AxisKind)

    public var category: ErrorCategory {
        switch self {
        case .wrongAxis: .invalidRequest
        default: .analysisFailed
        }
    }

    public var description: String {
        switch self {
        case .lengthMismatch(let x, let y): "x has \(x) values but y has \(y)"
        case .empty: "a spectrum needs at least one point"
        case .nonFiniteValue(let axis, let i): "\(axis) value at index \(i) is not finite"
        case .notMonotonic(let i): "x is not strictly monotonic at index \(i)"
        case .unitNotAllowed(let k, let u): "unit \(u) is not a unit of \(k)"
        case .wrongAxis(let e, let f): "this step needs a \(e.rawValue) axis, the spectrum has \(f.rawValue)"
        }
    }
}

/// A one-dimensional spectrum: abscissa, ordinate, their kinds and units, metadata and provenance.
///
/// The abscissa is strictly monotonic (ascending or descending, as the file stored it) and every value
/// is finite; the initializer checks this so that no analysis meets a silent NaN.
///
///     let s = try Spectrum(name: "PMMA", x: [1800, 1700], y: [0.1, 0.8],
///                          xKind: .wavenumber, yKind: .absorbance)
public struct Spectrum: Sendable, Codable, Equatable {
    /// The spectrum's name (the file's title, or the file name).
    public var name: String
    /// The abscissa, strictly monotonic, in the file's order.
    public private(set) var x: [Double]
    /// The ordinate, one value per abscissa value.
    public private(set) var y: [Double]
    /// What the abscissa measures.
    public private(set) var xKind: AxisKind
    /// The abscissa's unit.
    public private(set) var xUnit: AxisUnit
    /// What the ordinate measures.
    public private(set) var yKind: IntensityKind
    /// The ordinate's unit.
    public private(set) var yUnit: IntensityUnit
    /// Free-form metadata from the file (instrument, date, parameters), keyed as the file names them.
    public var metadata: [String: String]
    /// Every step that produced this value, oldest first, starting with the read.
    public private(set) var provenance: [ProcessingStep]

    /// A spectrum, checked: equal lengths, at least one point, finite values, a strictly monotonic abscissa, units allowed for the kinds (the kind's default unit when nil).
    public init(name: String, x: [Double], y: [Double],
                xKind: AxisKind, xUnit: AxisUnit? = nil,
                yKind: IntensityKind, yUnit: IntensityUnit? = nil,
                metadata: [String: String] = [:], provenance: [ProcessingStep] = []) throws(SpectrumError) {
        guard x.count == y.count else { throw .lengthMismatch(x: x.count, y: y.count) }
        guard !x.isEmpty else { throw .empty }
        let xu = xUnit ?? xKind.defaultUnit
        let yu = yUnit ?? yKind.defaultUnit
        guard xKind.allowedUnits.contains(xu) else { throw .unitNotAllowed(kind: xKind.rawValue, unit: xu.rawValue) }
        guard yKind.allowedUnits.contains(yu) else { throw .unitNotAllowed(kind: yKind.rawValue, unit: yu.rawValue) }
        if let i = x.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(axis: "x", index: i) }
        if let i = y.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteValue(axis: "y", index: i) }
        if x.count > 1 {
            let ascending = x[1] > x[0]
            for i in 1..<x.count where ascending ? !(x[i] > x[i - 1]) : !(x[i] < x[i - 1]) {
                throw .notMonotonic(index: i)
            }
        }
        self.name = name
        self.x = x
        self.y = y
        self.xKind = xKind
        self.xUnit = xu
        self.yKind = yKind
        self.yUnit = yu
        self.metadata = metadata
        self.provenance = provenance
    }

    /// The number of points.
    public var count: Int { x.count }
    /// Whether the abscissa increases.
    public var isAscending: Bool { x.count < 2 || x[1] > x[0] }
    /// The abscissa's smallest to largest value.
    public var xRange: ClosedRange<Double> { Swift.min(x.first!, x.last!)...Swift.max(x.first!, x.last!) }
    /// The smallest ordinate value.
    public var yMin: Double { y.min()! }
    /// The largest ordinate value.
    public var yMax: Double { y.max()! }

    /// The same spectrum with new ordinate values, recording `step`.
    /// Fails if the new values are not finite or not as many as x.
    public func replacingY(_ newY: [Double], kind: IntensityKind? = nil, unit: IntensityUnit? = nil,
                           step: ProcessingStep) throws(SpectrumError) -> Spectrum {
        let k = kind ?? yKind
        return try Spectrum(name: name, x: x, y: newY, xKind: xKind, xUnit: xUnit, yKind: k,
                            yUnit: unit ?? (kind == nil ? yUnit : k.defaultUnit),
                            metadata: metadata, provenance: provenance + [step])
    }

    /// The same spectrum with a new abscissa (same length, strictly monotonic), recording `step`.
    public func replacingX(_ newX: [Double], kind: AxisKind, unit: AxisUnit? = nil,
                           step: ProcessingStep) throws(SpectrumError) -> Spectrum {
        try Spectrum(name: name, x: newX, y: y, xKind: kind, xUnit: unit, yKind: yKind, yUnit: yUnit,
                     metadata: metadata, provenance: provenance + [step])
    }

    /// Appends a provenance record without changing data.
    public func recording(_ step: ProcessingStep) -> Spectrum {
        var s = self
        s.provenance.append(step)
        return s
    }

    /// The points with x inside `range`, in stored order.
    public func cropped(to range: ClosedRange<Double>) throws(SpectrumError) -> Spectrum {
        let idx = x.indices.filter { range.contains(x[$0]) }
        return try Spectrum(name: name, x: idx.map { x[$0] }, y: idx.map { y[$0] }, xKind: xKind, xUnit: xUnit,
                            yKind: yKind, yUnit: yUnit, metadata: metadata,
                            provenance: provenance + [ProcessingStep("crop", ["from": "\(range.lowerBound)", "to": "\(range.upperBound)"])])
    }

    /// Converts a kinetic-energy axis to binding energy, BE = hν − KE. Throws if the axis is not kinetic energy.
    public func toBindingEnergy(photonEnergy: Energy) throws(SpectrumError) -> Spectrum {
        guard xKind == .kineticEnergy else { throw .wrongAxis(expected: .kineticEnergy, found: xKind) }
        let hv = photonEnergy.value(in: .electronvolt)
        // Rounded to 1e-10 eV so that hν − KE prints as the instrument's grid (1350, not 1349.9999999999998).
        return try replacingX(x.map { ((hv - $0) * 1e10).rounded() / 1e10 }, kind: .bindingEnergy, unit: .electronvolt,
                              step: ProcessingStep("bindingEnergy", ["photonEnergy_eV": "\(hv)"]))
    }

    /// Converts transmittance in percent to a fraction, or a fraction to percent.
    public func transmittance(in unit: IntensityUnit) throws(SpectrumError) -> Spectrum {
        guard yKind == .transmittance || yKind == .reflectance else {
            throw .unitNotAllowed(kind: yKind.rawValue, unit: unit.rawValue)
        }
        guard unit != yUnit else { return self }
        let k = unit == .percent ? 100.0 : 0.01
        return try replacingY(y.map { $0 * k }, unit: unit, step: ProcessingStep("convertUnit", ["to": unit.rawValue]))
    }
}

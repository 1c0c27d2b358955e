// SPDX-License-Identifier: GPL-3.0-or-later

/// What the abscissa of a spectrum measures.
public enum AxisKind: String, Sendable, Codable, CaseIterable {
    case wavenumber, bindingEnergy, kineticEnergy, wavelength, opticalPathDifference, time, dataPoint, unknown

    /// Units this kind of axis may carry.
    public var allowedUnits: [AxisUnit] {
        switch self {
        case .wavenumber: [.reciprocalCentimetre]
        case .bindingEnergy, .kineticEnergy: [.electronvolt]
        case .wavelength: [.nanometre, .micrometre]
        case .opticalPathDifference: [.centimetre, .micrometre, .dataPoint]
        case .time: [.second]
        case .dataPoint: [.dataPoint]
        case .unknown: AxisUnit.allCases
        }
    }

    /// The unit a reader uses when the file does not say.
    public var defaultUnit: AxisUnit { allowedUnits[0] }

    /// Whether plots conventionally draw this axis high-to-low (wavenumber, binding energy).
    public var isConventionallyReversed: Bool { self == .wavenumber || self == .bindingEnergy }

    /// Axis title with its unit, for figures.
    public func label(unit: AxisUnit) -> String {
        let name: String = switch self {
        case .wavenumber: "Wavenumber"
        case .bindingEnergy: "Binding energy"
        case .kineticEnergy: "Kinetic energy"
        case .wavelength: "Wavelength"
        case .opticalPathDifference: "Optical path difference"
        case .time: "Time"
        case .dataPoint: "Data point"
        case .unknown: "x"
        }
        return unit == .arbitrary || unit == .dataPoint ? name : "\(name) (\(unit.rawValue))"
    }
}

/// The unit of a spectrum's abscissa.
public enum AxisUnit: String, Sendable, Codable, CaseIterable {
    case reciprocalCentimetre = "cm⁻¹"
    case electronvolt = "eV"
    case nanometre = "nm"
    case micrometre = "µm"
    case centimetre = "cm"
    case second = "s"
    case dataPoint = "point"
    case arbitrary = "arbitrary"
}

/// What the ordinate of a spectrum measures.
public enum IntensityKind: String, Sendable, Codable, CaseIterable {
    case absorbance, transmittance, reflectance, singleBeam, interferogram, counts, countsPerSecond,
         kubelkaMunk, intensity

    public var allowedUnits: [IntensityUnit] {
        switch self {
        case .absorbance: [.absorbanceUnits]
        case .transmittance, .reflectance: [.fraction, .percent]
        case .counts: [.counts]
        case .countsPerSecond: [.countsPerSecond]
        case .singleBeam, .interferogram, .kubelkaMunk, .intensity: [.arbitrary]
        }
    }

    public var defaultUnit: IntensityUnit { allowedUnits[0] }

    public func label(unit: IntensityUnit) -> String {
        let name: String = switch self {
        case .absorbance: "Absorbance"
        case .transmittance: "Transmittance"
        case .reflectance: "Reflectance"
        case .singleBeam: "Single beam"
        case .interferogram: "Interferogram"
        case .counts: "Intensity"
        case .countsPerSecond: "Intensity"
        case .kubelkaMunk: "Kubelka-Munk"
        case .intensity: "Intensity"
        }
        return unit == .arbitrary || unit == .absorbanceUnits ? name : "\(name) (\(unit.rawValue))"
    }
}

/// The unit of a spectrum's ordinate.
public enum IntensityUnit: String, Sendable, Codable, CaseIterable {
    case absorbanceUnits = "AU"
    case fraction = "fraction"
    case percent = "%"
    case counts = "counts"
    case countsPerSecond = "counts·s⁻¹"
    case arbitrary = "a.u."
}

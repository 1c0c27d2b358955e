// SPDX-License-Identifier: GPL-3.0-or-later

/// What the abscissa of a spectrum measures.
public enum AxisKind: String, Sendable, Codable, CaseIterable {
    /// Wavenumber, binding or kinetic energy, wavelength, optical path difference (interferograms), time, data-point index, or not known.
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
    /// Reciprocal centimetre, for wavenumbers.
    case reciprocalCentimetre = "cm⁻¹"
    /// Electronvolt, for binding and kinetic energies.
    case electronvolt = "eV"
    /// Nanometre, for wavelengths.
    case nanometre = "nm"
    /// Micrometre, for wavelengths and optical path differences.
    case micrometre = "µm"
    /// Centimetre, for optical path differences.
    case centimetre = "cm"
    /// Second, for time axes.
    case second = "s"
    /// The index of a data point (interferograms stored without a retardation axis).
    case dataPoint = "point"
    /// A unit the file does not name.
    case arbitrary = "arbitrary"
}

/// What the ordinate of a spectrum measures.
public enum IntensityKind: String, Sendable, Codable, CaseIterable {
    /// Absorbance, transmittance, reflectance, single-beam intensity, interferogram, XPS counts or counts per second, Kubelka–Munk, or a generic intensity.
    case absorbance, transmittance, reflectance, singleBeam, interferogram, counts, countsPerSecond,
         kubelkaMunk, intensity

    /// Units this kind of ordinate may carry.
    public var allowedUnits: [IntensityUnit] {
        switch self {
        case .absorbance: [.absorbanceUnits]
        case .transmittance, .reflectance: [.fraction, .percent]
        case .counts: [.counts]
        case .countsPerSecond: [.countsPerSecond]
        case .singleBeam, .interferogram, .kubelkaMunk, .intensity: [.arbitrary]
        }
    }

    /// The unit a reader uses when the file does not say.
    public var defaultUnit: IntensityUnit { allowedUnits[0] }

    /// Axis title with its unit, for figures.
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
    /// Absorbance units (decadic).
    case absorbanceUnits = "AU"
    /// A fraction between 0 and 1.
    case fraction = "fraction"
    /// Percent.
    case percent = "%"
    /// Counts per channel.
    case counts = "counts"
    /// Counts per second.
    case countsPerSecond = "counts·s⁻¹"
    /// Arbitrary units.
    case arbitrary = "a.u."
}

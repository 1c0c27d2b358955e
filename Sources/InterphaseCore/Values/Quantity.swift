// SPDX-License-Identifier: GPL-3.0-or-later

/// A unit of one physical dimension, with its factor to the dimension's base unit.
///
/// Each dimension is its own enum, so `Quantity<LengthUnit>` and `Quantity<EnergyUnit>` are
/// different types: adding a length to an energy, or reading an energy in nanometres, does not compile.
public protocol PhysicalUnit: Hashable, Codable, Sendable, CaseIterable, RawRepresentable where RawValue == String {
    /// Multiply a value in this unit by this factor to get the value in the base unit.
    var factorToBase: Double { get }
    /// The printable symbol (`"µm"`, `"cm⁻¹"`, `"eV"`).
    var symbol: String { get }
}

extension PhysicalUnit {
    public var symbol: String { rawValue }
}

/// A value with a unit. Stored in the dimension's base unit; read back in any unit of that dimension.
///
///     let pixel = Length(9.766, .nanometre)
///     pixel.value(in: .micrometre)   // 0.009766
@frozen
public struct Quantity<Unit: PhysicalUnit>: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The value in the base unit of the dimension (metre, electronvolt, reciprocal centimetre, second).
    public var baseValue: Double

    /// The quantity `value` expressed in `unit`.
    @inlinable
    public init(_ value: Double, _ unit: Unit) { baseValue = value * unit.factorToBase }

    /// The quantity whose value in the dimension's base unit is `baseValue`.
    @inlinable
    public init(baseValue: Double) { self.baseValue = baseValue }

    /// The value expressed in `unit`.
    @inlinable
    public func value(in unit: Unit) -> Double { baseValue / unit.factorToBase }

    @inlinable public static func < (a: Self, b: Self) -> Bool { a.baseValue < b.baseValue }
    /// The sum of two quantities of the same dimension.
    @inlinable public static func + (a: Self, b: Self) -> Self { Self(baseValue: a.baseValue + b.baseValue) }
    /// The difference of two quantities of the same dimension.
    @inlinable public static func - (a: Self, b: Self) -> Self { Self(baseValue: a.baseValue - b.baseValue) }
    /// The quantity scaled by a dimensionless factor.
    @inlinable public static func * (a: Self, k: Double) -> Self { Self(baseValue: a.baseValue * k) }
    /// The quantity scaled by a dimensionless factor.
    @inlinable public static func * (k: Double, a: Self) -> Self { Self(baseValue: a.baseValue * k) }
    /// The quantity divided by a dimensionless factor.
    @inlinable public static func / (a: Self, k: Double) -> Self { Self(baseValue: a.baseValue / k) }
    /// The dimensionless ratio of two quantities of the same dimension.
    @inlinable public static func / (a: Self, b: Self) -> Double { a.baseValue / b.baseValue }

    public var description: String {
        let unit = Unit.allCases.first { $0.factorToBase == 1 } ?? Unit.allCases.first!
        return "\(value(in: unit)) \(unit.symbol)"
    }
}

/// Units of length. Base: metre. Pixels are deliberately not a length: a pixel becomes a length only
/// through a calibration.
public enum LengthUnit: String, PhysicalUnit {
    /// Metre, centimetre, millimetre, micrometre, nanometre, ångström; the raw value is the printed symbol.
    case metre = "m", centimetre = "cm", millimetre = "mm", micrometre = "µm", nanometre = "nm", angstrom = "Å"
    public var factorToBase: Double {
        switch self {
        case .metre: 1
        case .centimetre: 1e-2
        case .millimetre: 1e-3
        case .micrometre: 1e-6
        case .nanometre: 1e-9
        case .angstrom: 1e-10
        }
    }
}

/// Units of energy. Base: electronvolt.
public enum EnergyUnit: String, PhysicalUnit {
    /// Electronvolt, millielectronvolt, kiloelectronvolt, joule; the raw value is the printed symbol.
    case electronvolt = "eV", millielectronvolt = "meV", kiloelectronvolt = "keV", joule = "J"
    public var factorToBase: Double {
        switch self {
        case .electronvolt: 1
        case .millielectronvolt: 1e-3
        case .kiloelectronvolt: 1e3
        case .joule: 1 / 1.602176634e-19
        }
    }
}

/// Units of wavenumber (spatial frequency). Base: reciprocal centimetre.
public enum WavenumberUnit: String, PhysicalUnit {
    /// Reciprocal centimetre (the spectroscopist's wavenumber) and reciprocal metre.
    case reciprocalCentimetre = "cm⁻¹", reciprocalMetre = "m⁻¹"
    public var factorToBase: Double { self == .reciprocalCentimetre ? 1 : 1e-2 }
}

/// Units of time. Base: second.
public enum TimeUnit: String, PhysicalUnit {
    /// Second, millisecond, microsecond; the raw value is the printed symbol.
    case second = "s", millisecond = "ms", microsecond = "µs"
    public var factorToBase: Double {
        switch self {
        case .second: 1
        case .millisecond: 1e-3
        case .microsecond: 1e-6
        }
    }
}

/// A length (pixel sizes, fibre diameters, deposit thicknesses).
public typealias Length = Quantity<LengthUnit>
/// An energy (binding, kinetic and photon energies).
public typealias Energy = Quantity<EnergyUnit>
/// A wavenumber (FTIR abscissae, laser lines).
public typealias Wavenumber = Quantity<WavenumberUnit>
/// A time (acquisition and dwell times).
public typealias Duration = Quantity<TimeUnit>

extension Quantity where Unit == WavenumberUnit {
    /// The wavenumber of light of vacuum wavelength `wavelength` (ν̃ = 1/λ).
    ///
    ///     Wavenumber(wavelength: Length(632.8, .nanometre)).value(in: .reciprocalCentimetre) // 15802.8
    @inlinable
    public init(wavelength: Length) { self.init(1 / wavelength.value(in: .centimetre), .reciprocalCentimetre) }

    /// The vacuum wavelength of light of this wavenumber.
    @inlinable
    public var wavelength: Length { Length(1 / value(in: .reciprocalCentimetre), .centimetre) }
}

extension Quantity where Unit == EnergyUnit {
    /// Binding energy from photon and kinetic energy, BE = hν − KE.
    /// The analyser work function is never subtracted (CasaXPS convention; see XPS.md).
    @inlinable
    public static func bindingEnergy(photon: Energy, kinetic: Energy) -> Energy { photon - kinetic }
}

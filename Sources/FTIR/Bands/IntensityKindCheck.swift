// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Whether a trace given as absorbance (or of unknown kind) has the shape of a transmittance
/// spectrum, whose bands point down.
///
/// An absorbance spectrum lies mostly near the bottom of its range, its bands rising from the
/// baseline; a transmittance spectrum lies mostly near the top (100 % or 1), its bands dipping from
/// it. Taken as absorbance, a transmittance trace gives the gaps between its bands as bands, with
/// positions, widths and assignments that look plausible. So the band analysis warns when the
/// median lies above 85 % of the range (1st to 99th percentile) and the range is that of a
/// transmittance, a fraction (within −0.05 … 1.1) or a percentage (within −5 … 110, reaching above
/// 5). On the real recordings in the fixtures, absorbance spectra put their median at 0–29 % of the
/// range and transmittance spectra at 88–93 % (`IntensityKindCheckTests`). Not lower: an absorbance
/// spectrum on a raised baseline with an over-compensated CO₂ doublet dipping well below it can put
/// its median near 80 % of its range.
public enum IntensityKindCheck {
    /// Where the median lies in the range (0 bottom, 1 top), and the range; nil for fewer than 16
    /// finite points or a flat trace.
    public static func medianPosition(_ y: [Double]) -> (position: Double, low: Double, high: Double)? {
        let v = y.filter { $0.isFinite }.sorted()
        guard v.count >= 16 else { return nil }
        let lo = Statistics.quantile(sorted: v, 0.01), hi = Statistics.quantile(sorted: v, 0.99)
        guard hi > lo else { return nil }
        return ((Statistics.quantile(sorted: v, 0.5) - lo) / (hi - lo), lo, hi)
    }

    /// The warning for a trace of kind `kind` (absorbance, or intensity of unknown kind) that looks
    /// like transmittance; nil when it does not.
    public static func transmittanceWarning(_ y: [Double], kind: IntensityKind) -> String? {
        guard kind == .absorbance || kind == .intensity, let (m, lo, hi) = medianPosition(y), m > 0.85 else { return nil }
        let fraction = lo >= -0.05 && hi <= 1.1, percent = lo >= -5 && hi <= 110 && hi > 5
        guard fraction || percent else { return nil }
        return String(format: "y (%@) looks like transmittance: most of it lies near the top of its range (the median at %.0f %% of %.3g … %.3g), "
                      + "so its bands point down, and the bands reported are maxima of y as given (the gaps between real bands). "
                      + "If it is transmittance, declare its kind as transmittance.", kind.rawValue, 100 * m, lo, hi)
    }

    /// The unit of values `y` of kind `kind`: a transmittance or reflectance is a percentage when its
    /// 99th percentile exceeds 1.5, else a fraction; other kinds have one unit.
    public static func unit(of y: [Double], as kind: IntensityKind) -> IntensityUnit {
        guard kind == .transmittance || kind == .reflectance else { return kind.defaultUnit }
        let v = y.filter { $0.isFinite }.sorted()
        return !v.isEmpty && Statistics.quantile(sorted: v, 0.99) > 1.5 ? .percent : .fraction
    }

    /// The kinds a user may declare a spectrum's y to be.
    public static let declarable: [IntensityKind] = [.absorbance, .transmittance, .reflectance, .kubelkaMunk, .singleBeam, .intensity]

    /// `s` with its y declared to be of `kind`, when the file does not say or says wrongly: the same
    /// values, relabelled, in the unit ``unit(of:as:)`` gives. Returns the spectrum and a note for
    /// the record (nil when the kind and unit were already these).
    public static func declaring(_ s: Spectrum, as kind: IntensityKind) throws -> (spectrum: Spectrum, note: String?) {
        guard declarable.contains(kind) else {
            throw CorrectionError.invalidParameter("y kind '\(kind.rawValue)' cannot be declared; one of \(declarable.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
        }
        let unit = Self.unit(of: s.y, as: kind)
        guard kind != s.yKind || unit != s.yUnit else { return (s, nil) }
        let declared: Spectrum
        do {
            declared = try s.replacingY(s.y, kind: kind, unit: unit, step: ProcessingStep("declare y kind", ["from": s.yKind.rawValue, "to": kind.rawValue]))
        } catch {
            throw CorrectionError.invalidParameter(error.description)
        }
        let was = s.yKind == kind ? "" : " (the file gives \(s.yKind.rawValue))"
        return (declared, "y declared \(kind.rawValue)\(unit == .percent ? " in percent" : unit == .fraction ? " as a fraction" : "")\(was)")
    }
}

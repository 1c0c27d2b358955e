// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// How a band changed between a reference state and another state.
public enum BandStatus: String, Sendable, Codable, CaseIterable {
    /// New in the compared state, gone from it, moved, or the same.
    case appeared, disappeared, shifted, unchanged
}

/// One band's fate between two states.
public struct BandChange: Sendable, Codable {
    /// What happened to the band.
    public var status: BandStatus
    /// Position in the compared state (the reference position for disappeared bands), cm⁻¹.
    public var position: Double
    /// Position in the reference state, cm⁻¹ (nil for appeared bands).
    public var referencePosition: Double?
    /// Compared − reference position, cm⁻¹.
    public var shift: Double?
    /// Standard error of ``shift`` from both fits, cm⁻¹.
    public var shiftError: Double?
    /// Height in the compared state / height in the reference.
    public var heightRatio: Double?
    /// The best assignment's species, when any.
    public var species: String?
    /// What the user should know about the match.
    public var notes: [String]
}

/// Matches bands between a reference state and another and classifies each.
///
///     let changes = StateComparison().compare(reference: pristine.bands, with: soaked.bands)
public struct StateComparison: Sendable {
    /// Bands match when closer than max(`minimumTolerance`, `widthFraction` × FWHM) cm⁻¹.
    public var minimumTolerance = 4.0
    /// See ``minimumTolerance``.
    public var widthFraction = 0.5
    /// A matched band has shifted when |shift| exceeds both this and 3 combined standard errors.
    public var minimumShift = 2.0

    /// The defaults `interphase ftir compare` uses.
    public init() {}

    /// One change per band of either state: matched pairs (shifted or unchanged), then the unmatched (appeared or disappeared).
    public func compare(reference: [AnalysedBand], with other: [AnalysedBand]) -> [BandChange] {
        // Greedy matching, closest pairs first.
        var pairs: [(Int, Int, Double)] = []
        for (i, a) in reference.enumerated() {
            for (j, b) in other.enumerated() {
                let d = abs(a.band.position - b.band.position)
                let tol = max(minimumTolerance, widthFraction * max(a.band.fwhm, b.band.fwhm))
                if d <= tol { pairs.append((i, j, d)) }
            }
        }
        pairs.sort { $0.2 < $1.2 }
        var usedA = Set<Int>(), usedB = Set<Int>()
        var changes: [BandChange] = []
        for (i, j, _) in pairs where !usedA.contains(i) && !usedB.contains(j) {
            usedA.insert(i); usedB.insert(j)
            let a = reference[i].band, b = other[j].band
            let shift = b.position - a.position
            let err = ((a.positionError ?? 0) * (a.positionError ?? 0) + (b.positionError ?? 0) * (b.positionError ?? 0)).squareRoot()
            let moved = abs(shift) > max(minimumShift, 3 * err)
            changes.append(BandChange(status: moved ? .shifted : .unchanged, position: b.position, referencePosition: a.position,
                                      shift: shift, shiftError: err, heightRatio: a.height > 0 ? b.height / a.height : nil,
                                      species: other[j].assignments.first?.species, notes: []))
        }
        let gone = reference.indices.filter { !usedA.contains($0) }
        for i in gone {
            changes.append(BandChange(status: .disappeared, position: reference[i].band.position, referencePosition: reference[i].band.position,
                                      shift: nil, shiftError: nil, heightRatio: 0, species: reference[i].assignments.first?.species, notes: []))
        }
        for j in other.indices where !usedB.contains(j) {
            let p = other[j].band.position
            var notes: [String] = []
            // A new band between two that disappeared may be their merger (e.g. 1148/1191 → 1171).
            let lower = gone.map { reference[$0].band.position }.filter { $0 < p }.max()
            let upper = gone.map { reference[$0].band.position }.filter { $0 > p }.min()
            if let lo = lower, let hi = upper, hi - lo < 3 * other[j].band.fwhm {
                notes.append(String(format: "may be the merger of the %.0f and %.0f cm⁻¹ bands that disappeared", lo, hi))
            }
            changes.append(BandChange(status: .appeared, position: p, referencePosition: nil, shift: nil, shiftError: nil,
                                      heightRatio: nil, species: other[j].assignments.first?.species, notes: notes + other[j].warnings))
        }
        return changes.sorted { $0.position > $1.position }
    }
}

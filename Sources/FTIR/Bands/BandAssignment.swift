// SPDX-License-Identifier: GPL-3.0-or-later
import RealModule

/// A candidate explanation of an observed band.
public struct BandAssignment: Sendable, Codable, Hashable {
    /// The species (`PMMA`, `β-PVDF`, `Li2CO3`).
    public var species: String
    /// The vibration (`ester C=O stretching`).
    public var mode: String
    /// Crystalline phase or state where it matters, else nil.
    public var phase: String?
    /// The literature position (cm⁻¹).
    public var referenceCenter: Double
    /// In [0, 1]: closeness to the reference position exp(−2(Δ/tolerance)²), times
    /// 0.4 + 0.6 × the fraction of the species' other marker bands also observed.
    public var confidence: Double
    /// The reference for the position.
    public var source: String
}

/// Assigns observed band positions to the ``BandLibrary``.
///
///     let result = BandAssigner().assign([1726.4, 1148.8, 1191.5, 877.2, 841.0, 1275.3])
///     result[0].candidates.first?.species   // "PMMA"
public struct BandAssigner: Sendable {
    /// The reference bands searched.
    public var library: [ReferenceBand]
    /// Marker sets a species needs before any of its bands is assigned (``BandLibrary/evidence``).
    public var evidence: [SpeciesEvidence]
    /// Observed bands this close to a marker band count as finding it (cm⁻¹, on top of its tolerance).
    public var markerSlack: Double

    /// An assigner over a library (the built-in one by default).
    public init(library: [ReferenceBand] = BandLibrary.bands, evidence: [SpeciesEvidence] = BandLibrary.evidence, markerSlack: Double = 0) {
        self.library = library
        self.evidence = evidence
        self.markerSlack = markerSlack
    }

    /// The candidates for one observed position.
    public struct Result: Sendable, Codable {
        /// The observed position (cm⁻¹).
        public var position: Double
        /// Ranked, best first.
        public var candidates: [BandAssignment]
        /// Known ambiguities in this region, to be reported with the assignment.
        public var warnings: [String]
        /// When ``candidates`` is empty: why (no reference band near, or the species' marker bands
        /// are missing).
        public var unassigned: String?
    }

    /// Assigns each observed band, ranking the candidates by closeness and co-occurring marker bands.
    /// - Complexity: O(bands × library).
    /// - Parameters:
    ///   - positions: the observed band positions (cm⁻¹).
    ///   - heights: the bands' heights, for requirements on a marker's strength; nil skips them.
    ///   - widths: the bands' FWHMs, for requirements on a marker's width; nil skips them.
    public func assign(_ positions: [Double], heights: [Double]? = nil, widths: [Double]? = nil) -> [Result] {
        // Co-occurrence: the fraction of the species' (and phase's) *other* marker bands that are
        // observed; a band never supports itself, and a species with no other marker is neutral (0.5).
        func observed(_ b: ReferenceBand) -> Bool {
            positions.contains { abs($0 - b.center) <= b.tolerance + markerSlack }
        }
        let markersByGroup = Dictionary(grouping: library.filter(\.isMarker)) { $0.species + "|" + ($0.phase ?? "") }
        func support(for b: ReferenceBand) -> Double {
            let key = b.species + "|" + (b.phase ?? "")
            let others = (markersByGroup[key] ?? markersByGroup[b.species + "|"] ?? []).filter { $0 != b }
            guard !others.isEmpty else { return 0.5 }
            return Double(others.filter(observed).count) / Double(others.count)
        }
        let rules = Dictionary(evidence.map { ($0.species, $0) }, uniquingKeysWith: { a, _ in a })
        // The first requirement of a species that no observed band meets, if any.
        func missing(_ species: String) -> SpeciesEvidence.Requirement? {
            let strongest = heights?.max() ?? 0
            return rules[species]?.requires.first { r in
                !positions.indices.contains { i in
                    r.windows.contains { $0.contains(positions[i]) }
                        && (r.minimumRelativeHeight.map { f in heights.map { $0[i] >= f * strongest } ?? true } ?? true)
                        && (r.minimumWidth.map { w in widths.map { $0[i] >= w } ?? true } ?? true)
                }
            }
        }
        return positions.map { p in
            var candidates: [BandAssignment] = []
            var rejected: [String] = []
            for b in library where b.window.contains(p) {
                if let m = missing(b.species) {
                    rejected.append("no \(m.name) for \(b.species)")
                    continue
                }
                let d = (p - b.center) / b.tolerance
                let closeness = Double.exp(-2 * d * d)
                let s = support(for: b)
                candidates.append(BandAssignment(species: b.species, mode: b.mode, phase: b.phase, referenceCenter: b.center,
                                                 confidence: closeness * (0.4 + 0.6 * s), source: b.source))
            }
            candidates.sort { $0.confidence > $1.confidence }
            if candidates.isEmpty {
                let reason = rejected.isEmpty ? "no reference band of the library within its tolerance" : Array(Set(rejected)).sorted().joined(separator: "; ")
                return Result(position: p, candidates: [], warnings: [], unassigned: reason)
            }
            let warnings = BandLibrary.knownOverlaps.filter { $0.window.contains(p) }.map(\.note)
            return Result(position: p, candidates: candidates, warnings: warnings, unassigned: nil)
        }
    }

    /// Fraction of β-phase PVDF from the absorbances at 840 (β) and 763 (α) cm⁻¹:
    /// F(β) = A₈₄₀ / (1.26·A₇₆₃ + A₈₄₀) (Gregorio & Cestari 1994; 1.26 = K₈₄₀/K₇₆₃).
    public static func pvdfBetaFraction(absorbance840 a840: Double, absorbance763 a763: Double) -> Double? {
        guard a840 >= 0, a763 >= 0, a840 + a763 > 0 else { return nil }
        return a840 / (1.26 * a763 + a840)
    }
}

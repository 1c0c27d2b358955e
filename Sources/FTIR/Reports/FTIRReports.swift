// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// JSON of `interphase ftir peaks`: positions in cm⁻¹, heights and areas in absorbance units
/// (area: absorbance × cm⁻¹), one-sigma errors beside each value.
public struct FTIRPeaksReport: Codable, Sendable {
    /// A candidate assignment of a band (at most four per band, best first).
    public struct Assignment: Codable, Sendable {
        /// The species ("PMMA", "PVDF", "Li2CO3"…).
        public var species: String
        /// The vibrational mode ("C=O stretch"…).
        public var mode: String
        /// The crystal phase, for polymorphs (PVDF α, β, γ), else nil.
        public var phase: String?
        /// In [0, 1]: closeness to the reference position, weighted by the species' other marker bands
        /// also observed (``BandAssignment/confidence``), to three decimals.
        public var confidence: Double
        /// The reference position, cm⁻¹.
        public var referencePosition: Double
        /// The literature or library the reference comes from.
        public var source: String
    }

    /// One fitted band.
    public struct Band: Codable, Sendable {
        /// The fitted centre.
        public var position: Double
        /// Its one-sigma error.
        public var positionError: Double?
        /// The band's maximum in the corrected spectrum (nil for a shoulder).
        public var apex: Double?
        /// The fitted height above the baseline, absorbance.
        public var height: Double
        /// Its one-sigma error.
        public var heightError: Double?
        /// The fitted full width at half maximum, cm⁻¹.
        public var fwhm: Double
        /// Its one-sigma error.
        public var fwhmError: Double?
        /// The integrated area, absorbance × cm⁻¹.
        public var area: Double
        /// Its one-sigma error.
        public var areaError: Double?
        /// The Lorentzian share of the pseudo-Voigt (0: Gaussian, 1: Lorentzian).
        public var lorentzianFraction: Double
        /// Candidate assignments, best first.
        public var assignments: [Assignment]
        /// Why no species is assigned (empty ``assignments``).
        public var unassigned: String?
        /// What the user should know about this band (saturated top, parameter on a bound).
        public var warnings: [String]
    }

    /// The file as given.
    public var file: String
    /// The spectrum's name inside the file.
    public var spectrum: String
    /// The unit of each quantity ("position": "cm⁻¹"…).
    public var units: [String: String]
    /// The global noise of the corrected spectrum (σ of white noise from the median absolute first
    /// difference), absorbance.
    public var noise: Double
    /// The fitted bands, by position.
    public var peaks: [Band]
    /// Lines recognised as atmospheric water vapour or CO₂ and kept out of ``peaks``.
    public var atmosphericLines: [AtmosphericLine]
    /// Noise-dominated (saturated) stretches, [low, high] in cm⁻¹, where no band is taken.
    public var saturatedStretches: [[Double]]
    /// F(β) = A₈₄₀/(1.26·A₇₆₃ + A₈₄₀) when both PVDF bands were fitted.
    public var pvdfBetaFraction: Double?
    /// What the user should know about the spectrum (conversions, clipping, atmosphere).
    public var warnings: [String]
    /// Every processing step from the file to the corrected spectrum, with its parameters.
    public var provenance: [ProcessingStep]
    /// The arrays (``BandCurves``), only when asked for (`--curves`).
    public var curves: BandCurves?

    /// The record of an analysis; `curves` adds the arrays.
    public init(file: String, result: BandAnalysis.Result, curves: Bool = false) {
        self.curves = curves ? result.curves() : nil
        pvdfBetaFraction = result.pvdfBetaFraction
        self.file = file
        spectrum = result.absorbance.name
        units = ["position": "cm⁻¹", "height": "absorbance", "fwhm": "cm⁻¹", "area": "absorbance·cm⁻¹"]
        noise = result.noise
        peaks = result.bands.map { b in
            Band(position: b.band.position, positionError: b.band.positionError, apex: b.apex, height: b.band.height, heightError: b.band.heightError,
                 fwhm: b.band.fwhm, fwhmError: b.band.fwhmError, area: b.band.area, areaError: b.band.areaError,
                 lorentzianFraction: b.band.lorentzianFraction,
                 assignments: b.assignments.prefix(4).map {
                     Assignment(species: $0.species, mode: $0.mode, phase: $0.phase, confidence: ($0.confidence * 1000).rounded() / 1000,
                                referencePosition: $0.referenceCenter, source: $0.source)
                 },
                 unassigned: b.unassigned, warnings: b.warnings)
        }
        atmosphericLines = result.atmosphericLines
        saturatedStretches = result.saturatedStretches.map { [$0.lowerBound, $0.upperBound] }
        warnings = result.warnings
        provenance = result.corrected.provenance
    }

}

/// JSON of `interphase ftir compare`: every band of every state against the first (reference) state.
public struct FTIRCompareReport: Codable, Sendable {
    /// One band of one state: the state's name and the band's ``BandChange``, written flat in JSON
    /// (`state`, `position`, `status`, `referencePosition`, `shift`, …). The change's fields read
    /// through: `entry.position` is `entry.change.position`.
    @dynamicMemberLookup
    public struct Entry: Codable, Sendable {
        /// The compared state (its file).
        public var state: String
        /// What happened to the band against the reference.
        public var change: BandChange

        /// A field of ``change``.
        public subscript<T>(dynamicMember keyPath: KeyPath<BandChange, T>) -> T { change[keyPath: keyPath] }

        enum Keys: String, CodingKey { case state }

        init(state: String, change: BandChange) {
            self.state = state
            self.change = change
        }

        public init(from decoder: Decoder) throws {
            change = try BandChange(from: decoder)
            state = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .state)
        }

        public func encode(to encoder: Encoder) throws {
            try change.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(state, forKey: .state)
        }
    }

    /// The reference state (the first file).
    public var reference: String
    /// The compared states (the other files), in order.
    public var states: [String]
    /// Every band of every compared state against the reference.
    public var bands: [Entry]

    /// The report of `analyses` (one per file, the reference first), compared by `comparison`.
    public init(files: [String], analyses: [BandAnalysis.Result], comparison: StateComparison = StateComparison()) {
        reference = files[0]
        states = Array(files.dropFirst())
        var entries: [Entry] = []
        for (file, result) in zip(files.dropFirst(), analyses.dropFirst()) {
            for c in comparison.compare(reference: analyses[0].bands, with: result.bands) {
                entries.append(Entry(state: file, change: c))
            }
        }
        bands = entries
    }

}

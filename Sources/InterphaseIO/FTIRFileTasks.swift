// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import FTIR

extension FTIRBandMeasurement {
    /// The spectra of a file as `interphase ftir peaks` takes them: the `block` named or numbered
    /// (from 1, group members first), else every member of a group (OMNIC .spg), else the file's
    /// absorbance (OPUS AB) or its first spectrum. The reader's warnings for each come first in its
    /// record.
    public func measure(path: String, block: String? = nil, lenient: Bool = false) throws -> [Outcome] {
        try measure(try SpectrumFile(path: path, lenient: lenient), block: block)
    }

    /// The same for a file already read (``SpectrumFile/init(bytes:path:lenient:)`` for bytes in
    /// memory); the records carry the file's `path`.
    public func measure(_ file: SpectrumFile, block: String? = nil) throws -> [Outcome] {
        let spectra = try block == nil ? (file.groupMembers ?? [file.spectrum(named: nil)]) : [file.spectrum(named: block)]
        return try spectra.map { try measure($0, file: file.path, warnings: file.warnings[$0.name] ?? []) }
    }
}

extension FTIRStateComparison {
    /// One spectrum from each file (a file holding several must be narrowed first), the first the
    /// reference state; the record names the states by their paths.
    public func compare(paths: [String]) throws -> Outcome {
        try compare(try paths.map { try SpectrumFile(path: $0).singleSpectrum(named: nil) }, names: paths)
    }
}

/// Interferogram(s) to a single-beam or absorbance spectrum as `interphase ftir transform` does:
/// the settings the file stores (OPUS LWN/SSP/APF/ZFF/PHR; OMNIC laser, spacing, ZPD, FFT size)
/// unless given, Mertz phase correction, forward and backward scans each on their own; absorbance
/// against the file's background interferogram unless another background is given.
public struct FTIRInterferogramTransform: Sendable {
    /// What to compute.
    public enum Target: String, Sendable, CaseIterable {
        /// The sample's single-beam spectrum.
        case singleBeam = "single-beam"
        /// Absorbance against the background's single beam, gains corrected.
        case absorbance
    }

    /// What to compute.
    public var target: Target
    /// nil: the file's (or the transform's default).
    public var apodization: Apodization? = nil
    /// Required for files that store none (SPC, CSV interferograms).
    public var laserWavenumber: Double? = nil
    /// Laser fringes per sample point; nil: the file's.
    public var sampleSpacing: Double? = nil
    /// A file holding the background: its interferogram if it has one, else its single beam,
    /// else its first spectrum. nil: the sample file's own background.
    public var backgroundPath: String? = nil

    /// A transform to `target` with the file's settings.
    public init(target: Target) { self.target = target }

    /// What a transform gives.
    public struct Outcome: Sendable {
        /// The single beam or absorbance.
        public var spectrum: Spectrum
        /// The interferograms and settings as read (the figure draws them).
        public var acquisition: InterferogramAcquisition
        /// What the transform did that the user should know (forward/backward scans, clipped points).
        public var notes: [String]
    }

    /// Reads the interferograms of a file and transforms them.
    public func transform(path: String) throws -> Outcome {
        var acq = try InterferogramAcquisition.load(path: path, laserWavenumber: laserWavenumber, sampleSpacing: sampleSpacing)
        if let apodization { acq.transform.apodization = apodization }
        let result: Spectrum
        switch target {
        case .singleBeam:
            result = try acq.singleBeams().sample
        case .absorbance:
            var external: Spectrum? = nil
            if let backgroundPath {
                let b = try SpectrumFile(path: backgroundPath)
                external = b.spectra.first { $0.yKind == .interferogram } ?? b.spectra.first { $0.yKind == .singleBeam } ?? b.spectra[0]
            }
            result = try acq.absorbance(background: external)
        }
        var notes: [String] = []
        if let note = acq.layoutNote { notes.append("\(note); each direction transformed on its own and the single beams averaged") }
        if let clipped = result.metadata["clippedPoints"], clipped != "0" {
            notes.append("\(clipped) points with no transmitted signal were set to A = 6 (as OPUS does)")
        }
        return Outcome(spectrum: result, acquisition: acq, notes: notes)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The bands of a spectrum as `interphase ftir peaks` measures them, with its defaults
/// (``BandAnalysis``: transmittance to absorbance, arPLS baseline, band finding at 10 × the local
/// noise, pseudo-Voigt fits, assignment), returning the command's JSON record.
///
///     let outcome = try FTIRBandMeasurement().measure(path: "film.spa")[0]   // InterphaseIO
///     for band in outcome.report.peaks { print(band.position, band.assignments.first?.species ?? "-") }
///
/// Files are read by `measure(path:block:lenient:)` in InterphaseIO; a spectrum in memory by
/// ``measure(_:file:warnings:)``.
public struct FTIRBandMeasurement: Sendable {
    /// The pipeline and its settings (baseline, band shape, range, noise threshold, atmosphere,
    /// corrections, band library).
    public var analysis = BandAnalysis()
    /// Put the arrays (x, absorbance, baseline, corrected, fit, each band) into the record.
    public var curves = false
    /// What y is, when the file does not say (CSV, JCAMP without units: `intensity`) or says wrongly:
    /// the values are taken as this kind (``IntensityKindCheck/declaring(_:as:)``), and the record
    /// says so. nil: the file's own kind.
    public var yKind: IntensityKind? = nil

    /// The command's defaults.
    public init() {}

    /// What a measurement gives: the record and the analysis behind it.
    public struct Outcome: Sendable {
        /// `Codable`: exactly the command's JSON record.
        public var report: FTIRPeaksReport
        /// The analysis with its spectra, baseline and fits (`FTIRFigures` draws from it).
        public var result: BandAnalysis.Result
    }

    /// One spectrum. `file`: the name the record carries; `warnings`: the reader's, put first.
    public func measure(_ spectrum: Spectrum, file: String, warnings: [String] = []) throws -> Outcome {
        var s = spectrum, notes: [String] = []
        if let yKind {
            let declared = try IntensityKindCheck.declaring(spectrum, as: yKind)
            s = declared.spectrum
            notes = declared.note.map { [$0] } ?? []
        }
        let result = try analysis.run(s)
        var report = FTIRPeaksReport(file: file, result: result, curves: curves)
        report.warnings = warnings + notes + report.warnings
        return Outcome(report: report, result: result)
    }
}

/// States compared band by band (pristine, soaked, cycled) as `interphase ftir compare` does: each
/// spectrum through ``BandAnalysis`` with its defaults, every band matched against the first state.
public struct FTIRStateComparison: Sendable {
    /// The band analysis each state goes through.
    public var analysis = BandAnalysis()
    /// How bands are matched and classified (appeared, disappeared, shifted, unchanged).
    public var comparison = StateComparison()

    /// The command's defaults.
    public init() {}

    /// What a comparison gives: the record and the analysis of each state.
    public struct Outcome: Sendable {
        /// `Codable`: exactly the command's JSON record.
        public var report: FTIRCompareReport
        /// Each state's band analysis, in input order.
        public var analyses: [BandAnalysis.Result]
        /// Each state's name, in input order.
        public var names: [String]
    }

    /// `names`: what the record calls each state (the file paths for the command).
    public func compare(_ spectra: [Spectrum], names: [String]) throws -> Outcome {
        guard spectra.count >= 2, spectra.count == names.count else {
            throw CorrectionError.invalidParameter("a comparison needs at least two spectra, each with a name")
        }
        let analyses = try spectra.map { try analysis.run($0) }
        return Outcome(report: FTIRCompareReport(files: names, analyses: analyses, comparison: comparison), analyses: analyses, names: names)
    }
}

extension KramersKronig.Result {
    /// The optical constants as CSV: a comment line naming the spectrum, then wavenumber, k, n.
    public func csv(name: String) -> String {
        var text = "# Kramers-Kronig of \(name): wavenumber (cm⁻¹), k, n\n"
        text.reserveCapacity(text.utf8.count + wavenumber.count * 48)
        for i in wavenumber.indices { text += "\(wavenumber[i]),\(k[i]),\(n[i])\n" }
        return text
    }
}

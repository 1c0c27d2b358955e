// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct FTIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftir",
        abstract: "FTIR: bands (find, fit, assign) and interferogram transforms.",
        subcommands: [FTIRPeaksCommand.self, FTIRCompareCommand.self, FTIRTransformCommand.self, FTIRCorrectCommand.self, FTIRKramersKronigCommand.self]
    )
}

struct FTIRTransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Interferogram(s) → single-beam or absorbance spectrum, as x,y CSV.",
        discussion: """
        Settings come from the file (OPUS LWN/SSP/APF/ZFF/PHR; OMNIC laser, sample spacing, ZPD, FFT size, gains) \
        unless overridden. Absorbance uses the file's background interferogram (OPUS IgRf, OMNIC key 103) or --background.
        """
    )

    @Argument(help: "OPUS or OMNIC file with an interferogram (or SPC/CSV with --laser).")
    var file: String

    @Option(help: "What to compute.")
    var to: FTIRInterferogramTransform.Target

    @Option(help: "Background: a single-beam spectrum or an interferogram file.")
    var background: String?

    @Option(help: "Apodization (default: the file's, else happGenzel).")
    var apodization: Apodization?

    @Option(help: "Laser wavenumber in cm⁻¹ (required when the file stores none).")
    var laser: Double?

    @Option(help: "Sample spacing (laser fringes per point).")
    var sampleSpacing: Double?

    @Option(help: "Output CSV path ('-' for standard output).")
    var output: String

    @Option(help: "Write a figure of the interferogram and the result (PNG, SVG or PDF).")
    var report: String?

    func run() throws {
        var task = FTIRInterferogramTransform(target: to)
        task.apodization = apodization
        task.laserWavenumber = laser
        task.sampleSpacing = sampleSpacing
        task.backgroundPath = background
        let outcome = try FileError.naming(file) { try task.transform(path: file) }
        for note in outcome.notes { FileHandle.standardError.write(Data("interphase: \(file): \(note)\n".utf8)) }
        try Output.write(SpectrumWriter.csv(outcome.spectrum), to: output)
        if let report { try FTIRFigures.transform(outcome.acquisition, result: outcome.spectrum, target: to.rawValue).write(to: report) }
    }
}

struct FTIRPeaksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peaks",
        abstract: "Find, fit and assign the bands of a spectrum (transmittance is converted to absorbance).",
        discussion: """
        A band is reported when its prominence exceeds --min-snr times the local noise (and at its own width) and \
        0.5 % of the strongest band; saturated stretches and atmospheric H₂O/CO₂ lines are reported apart. \
        Baseline arPLS (λ scaled to the point spacing) unless --baseline; pseudo-Voigt fits with standard errors; \
        assignment to PMMA, PVDF, PMMA–Li products, carbonates and water only when each species' marker bands are all present. \
        A group file (OMNIC .spg) without --block gives one JSON Lines record per member.
        """
    )

    @Argument(help: "Spectrum file (OPUS, OMNIC .spa/.spg, SPC, JCAMP-DX, CSV).")
    var file: String

    @Option(help: "Block or spectrum: a name, or a number from 1 (group members first). Default: AB, else the first; every member of a group.")
    var block: String?

    @Option(name: .long, help: ArgumentHelp("Write JSON to PATH, or to standard output with '-'.", valueName: "PATH"))
    var json: String?

    @Option(help: "Write the figure (PNG, SVG or PDF by extension).")
    var report: String?

    @Flag(help: "Choose the baseline's λ by the extended-range method (slower).")
    var autoLambda = false

    @Option(help: "Band shape.")
    var shape: BandShape = .pseudoVoigt

    @Option(help: ArgumentHelp("Baseline: asls[:lambda=1e7,p=0.001], arpls[:lambda=...], airpls[:lambda=1e6], modpoly[:order=3], rubberband, snip[:window=40].", valueName: "NAME[:PARAM=VALUE,...]"))
    var baseline: String?

    @Option(help: ArgumentHelp("Analyse only this wavenumber range.", valueName: "LOW:HIGH"), transform: Arguments.wavenumberRange)
    var range: ClosedRange<Double>?

    @Option(help: "Minimum band prominence over the local noise.")
    var minSnr: Double = 10

    @Option(help: "Atmospheric H₂O and CO₂ lines: mask (recognise and report apart) or off.")
    var atmosphere: AtmosphereHandling = .mask

    @Option(help: ArgumentHelp("A band library (JSON) to assign against instead of the built-in one.", valueName: "FILE.json"))
    var library: String?

    @Flag(help: "Read truncated or inconsistent files with warnings instead of refusing them.")
    var lenient = false

    @Flag(help: "Add the arrays to the JSON: x, absorbance, baseline, corrected, fit, and each band's profile.")
    var curves = false

    @Option(help: ArgumentHelp("What y is, when the file does not say (CSV, JCAMP without units) or says wrongly: absorbance, transmittance (percent or fraction, by its range), reflectance, kubelkaMunk, singleBeam, intensity.", valueName: "KIND"))
    var yKind: String?

    @OptionGroup var correction: CorrectionOptions

    func validate() throws {
        guard minSnr > 0 else { throw ValidationError("--min-snr must be positive") }
        if let yKind, !IntensityKindCheck.declarable.contains(where: { $0.rawValue == yKind }) {
            throw ValidationError("--y-kind must be one of \(IntensityKindCheck.declarable.map(\.rawValue).joined(separator: ", ")); got '\(yKind)'")
        }
    }

    func run() throws {
        var task = FTIRBandMeasurement()
        task.curves = curves
        task.yKind = yKind.flatMap(IntensityKind.init(rawValue:))
        task.analysis.automaticLambda = autoLambda
        task.analysis.fitter = BandFitter(shape: shape)
        task.analysis.minimumSNR = minSnr
        task.analysis.corrections = try correction.corrections(ordinate: nil)
        task.analysis.atmosphere = atmosphere
        if let range { task.analysis.range = range }
        if let baseline { task.analysis.baseline = try BaselineMethod(specification: baseline) }
        if let library {
            let lib = try BandLibraryFile.load(library)
            task.analysis.assigner = BandAssigner(library: lib.bands, evidence: lib.evidence)
        }
        let outcomes = try FileError.naming(file) { try task.measure(path: file, block: block, lenient: lenient) }
        let reports = outcomes.map(\.report)
        if let path = self.report {
            for (k, o) in outcomes.enumerated() {
                try FTIRFigures.peaks(o.result, title: o.report.spectrum).write(to: outcomes.count > 1 ? Output.memberPath(path, member: k + 1) : path)
            }
        }
        if let json {
            try Output.writeJSONRecords(reports, to: json)
        } else {
            for report in reports {
                if reports.count > 1 { print("== \(report.spectrum)") }
                for b in report.peaks {
                    let a = b.assignments.first.map { "\($0.species), \($0.mode) (\(String(format: "%.2f", $0.confidence)))" } ?? "unassigned"
                    print(String(format: "%8.2f ± %.2f cm⁻¹  height %.4f  FWHM %5.1f  area %.3g   %@", b.position, b.positionError ?? .nan, b.height, b.fwhm, b.area, a))
                    if let why = b.unassigned { print("           (\(why))") }
                    for w in b.warnings { print("           note: \(w)") }
                }
                if !report.atmosphericLines.isEmpty {
                    print("atmospheric lines (not bands): " + report.atmosphericLines.map { String(format: "%@ %.1f", $0.gas, $0.position) }.joined(separator: ", "))
                }
                if let f = report.pvdfBetaFraction { print(String(format: "PVDF β fraction F(β) = %.3f (840/763 cm⁻¹)", f)) }
                for w in report.warnings { print("warning: \(w)") }
            }
        }
    }
}

struct FTIRCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the bands of states (pristine, soaked, cycled): appeared, disappeared, shifted or unchanged against the first file."
    )

    @Argument(help: "Two or more spectrum files; the first is the reference state.")
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("Write JSON to PATH, or to standard output with '-'.", valueName: "PATH"))
    var json: String?

    @Option(help: "Write the stacked comparison figure (PNG, SVG or PDF).")
    var report: String?

    func validate() throws {
        guard files.count >= 2 else { throw ValidationError("compare needs at least two files") }
    }

    func run() throws {
        let outcome = try FTIRStateComparison().compare(paths: files)
        let result = outcome.report
        if let report { try FTIRFigures.compare(files: files, analyses: outcome.analyses, report: result).write(to: report) }
        if let json {
            try Output.writeJSON(result, to: json)
        } else {
            for b in result.bands where b.status != .unchanged {
                let shift = b.shift.map { String(format: " (%+.1f cm⁻¹)", $0) } ?? ""
                print(String(format: "%@  %8.1f cm⁻¹  %@%@  %@", (b.state as NSString).lastPathComponent, b.position, b.status.rawValue, shift, b.species ?? ""))
                for n in b.notes { print("      note: \(n)") }
            }
        }
    }
}

/// The correction options shared by `ftir correct` and `ftir peaks`.
struct CorrectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("ATR penetration-depth correction, e.g. crystal=diamond,angle=45,sample-index=1.5,reflections=1 (crystal: diamond, ZnSe, Ge, Si, KRS-5, AMTIR or an index; reference=1000 cm⁻¹).", valueName: "SETTINGS"))
    var atr: String?

    @Flag(help: "Kubelka–Munk units from diffuse reflectance.")
    var kubelkaMunk = false

    func corrections(ordinate: SpectrumCorrections.Ordinate?) throws -> SpectrumCorrections {
        SpectrumCorrections(atr: try atr.map { try ATRSettings($0) }, kubelkaMunk: kubelkaMunk, ordinate: ordinate)
    }
}

struct FTIRCorrectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct",
        abstract: "ATR, Kubelka–Munk and absorbance/transmittance corrections, written as x,y CSV (and a figure).",
        discussion: "Order: transmittance → absorbance (for ATR), ATR per reflection, Kubelka–Munk, then --to."
    )

    @Argument(help: "Spectrum file.")
    var file: String

    @Option(help: "Block or spectrum: a name, or a number from 1.")
    var block: String?

    @OptionGroup var correction: CorrectionOptions

    @Option(help: "Final ordinate.")
    var to: SpectrumCorrections.Ordinate?

    @Option(help: "Output CSV path ('-' for standard output).")
    var output: String

    @Option(help: "Write a figure of the spectrum before and after (PNG, SVG or PDF).")
    var report: String?

    @Flag(help: "Read truncated or inconsistent files with warnings instead of refusing them.")
    var lenient = false

    func validate() throws {
        if correction.atr == nil && !correction.kubelkaMunk && to == nil { throw ValidationError("nothing to do: give --atr, --kubelka-munk or --to") }
    }

    func run() throws {
        let input = try SpectrumFile(path: file, lenient: lenient).singleSpectrum(named: block)
        let corrected = try correction.corrections(ordinate: to).apply(to: input)
        try Output.write(SpectrumWriter.csv(corrected), to: output)
        if let report { try FTIRFigures.correction(input, corrected).write(to: report) }
    }
}

struct FTIRKramersKronigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kramers-kronig",
        abstract: "Specular reflectance → optical constants: CSV of wavenumber, k, n (Maclaurin KK, constant-R tails)."
    )

    @Argument(help: "Reflectance spectrum (fraction or percent).")
    var file: String

    @Option(help: "Block or spectrum name.")
    var block: String?

    @Option(help: "Output CSV path ('-' for standard output).")
    var output: String

    @Option(help: "Write a figure of n and k (PNG, SVG or PDF).")
    var report: String?

    func run() throws {
        let s = try SpectrumFile(path: file).singleSpectrum(named: block)
        let r = try KramersKronig.opticalConstants(reflectance: s)
        try Output.write(r.csv(name: s.name), to: output)
        if let report { try FTIRFigures.opticalConstants(r, name: s.name).write(to: report) }
    }
}

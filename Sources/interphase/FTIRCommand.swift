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

    @Option(help: "single-beam or absorbance.")
    var to: String

    @Option(help: "Background: a single-beam spectrum or an interferogram file.")
    var background: String?

    @Option(help: "Apodization: boxcar, triangular, happGenzel, blackmanHarris3, blackmanHarris4, nortonBeerWeak, nortonBeerMedium, nortonBeerStrong, cosine.")
    var apodization: String?

    @Option(help: "Laser wavenumber in cm⁻¹ (required when the file stores none).")
    var laser: Double?

    @Option(help: "Sample spacing (laser fringes per point).")
    var sampleSpacing: Double?

    @Option(help: "Output CSV path ('-' for standard output).")
    var output: String

    @Option(help: "Write a figure of the interferogram and the result (PNG, SVG or PDF).")
    var report: String?

    func validate() throws {
        guard ["single-beam", "absorbance"].contains(to) else { throw ValidationError("--to must be single-beam or absorbance, not '\(to)'") }
        if let apodization, Apodization(rawValue: apodization) == nil { throw ValidationError("unknown apodization '\(apodization)'") }
    }

    func run() throws {
        var acq = try InterferogramAcquisition.load(path: file, laserWavenumber: laser, sampleSpacing: sampleSpacing)
        if let apodization { acq.transform.apodization = Apodization(rawValue: apodization)! }
        let result: Spectrum
        if to == "single-beam" {
            result = try acq.singleBeams().sample
        } else {
            var external: Spectrum? = nil
            if let background {
                let bfile = try SpectrumFile(path: background)
                external = bfile.spectra.first { $0.yKind == .interferogram } ?? bfile.spectra.first { $0.yKind == .singleBeam } ?? bfile.spectra[0]
            }
            result = try acq.absorbance(background: external)
        }
        if let note = acq.layoutNote {
            FileHandle.standardError.write(Data("interphase: \(file): \(note); each direction transformed on its own and the single beams averaged\n".utf8))
        }
        try Output.write(SpectrumWriter.csv(result), to: output)
        if let report {
            var ig = Panel(title: "Interferogram (\(acq.sample.count) points)", x: Axis("Data point"), y: Axis("Signal"))
            ig.add(.line(LineSeries(x: acq.sample.x, y: acq.sample.y, color: Color(hex: 0x0072B2), width: 0.8)))
            var out = Panel(title: "\(to) (\(acq.transform.apodization.rawValue), Mertz phase)", x: Axis("Wavenumber (cm⁻¹)", reversed: true),
                            y: Axis(result.yKind.label(unit: result.yUnit)))
            out.add(.line(LineSeries(x: result.x, y: result.y, color: Color(hex: 0xD55E00), width: 1)))
            try Figure(width: 900, height: 640, panels: [ig, out]).write(to: report)
        }
        if let clipped = result.metadata["clippedPoints"], clipped != "0" {
            FileHandle.standardError.write(Data("interphase: \(clipped) points with no transmitted signal were set to A = 6 (as OPUS does)\n".utf8))
        }
    }
}

struct FTIRPeaksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peaks",
        abstract: "Find, fit and assign the bands of a spectrum (transmittance is converted to absorbance).",
        discussion: """
        A band is reported when its prominence exceeds --min-snr times the local noise (and at its own width) and         0.5 % of the strongest band; saturated stretches and atmospheric H₂O/CO₂ lines are reported apart.         Baseline arPLS (λ scaled to the point spacing) unless --baseline; pseudo-Voigt fits with standard errors;         assignment to PMMA, PVDF, PMMA–Li products, carbonates and water only when each species' marker bands are all present.         A group file (OMNIC .spg) without --block gives one JSON Lines record per member.
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

    @Option(help: "Band shape: pseudoVoigt (default), gaussian, lorentzian or voigt.")
    var shape: String = "pseudoVoigt"

    @Option(help: ArgumentHelp("Baseline: asls[:lambda=1e7,p=0.001], arpls[:lambda=...], airpls[:lambda=1e6], modpoly[:order=3], rubberband, snip[:window=40].", valueName: "NAME[:PARAM=VALUE,...]"))
    var baseline: String?

    @Option(help: ArgumentHelp("Analyse only this wavenumber range.", valueName: "LOW:HIGH"))
    var range: String?

    @Option(help: "Minimum band prominence over the local noise.")
    var minSnr: Double = 10

    @Option(help: "Atmospheric H₂O and CO₂ lines: mask (recognise and report apart) or off.")
    var atmosphere: String = "mask"

    @Option(help: ArgumentHelp("A band library (JSON) to assign against instead of the built-in one.", valueName: "FILE.json"))
    var library: String?

    @Flag(help: "Read truncated or inconsistent files with warnings instead of refusing them.")
    var lenient = false

    @Flag(help: "Add the arrays to the JSON: x, absorbance, baseline, corrected, fit, and each band's profile.")
    var curves = false

    @OptionGroup var correction: CorrectionOptions

    func validate() throws {
        guard BandShape(rawValue: shape) != nil else { throw ValidationError("--shape must be pseudoVoigt, gaussian, lorentzian or voigt") }
        guard AtmosphereHandling(rawValue: atmosphere) != nil else { throw ValidationError("--atmosphere must be mask or off") }
        guard minSnr > 0 else { throw ValidationError("--min-snr must be positive") }
        if let range, RangeText.parse(range) == nil { throw ValidationError("--range must be LOW:HIGH in cm⁻¹, e.g. 600:4000") }
    }

    func run() throws {
        let file = try SpectrumFile(path: self.file, lenient: lenient)
        var analysis = BandAnalysis()
        analysis.automaticLambda = autoLambda
        analysis.fitter = BandFitter(shape: BandShape(rawValue: shape)!)
        analysis.minimumSNR = minSnr
        analysis.corrections = try correction.corrections(ordinate: nil)
        analysis.atmosphere = AtmosphereHandling(rawValue: atmosphere)!
        if let range { analysis.range = RangeText.parse(range)! }
        if let baseline { analysis.baseline = try BaselineMethod(specification: baseline) }
        if let library {
            let lib = try BandLibraryFile.load(library)
            analysis.assigner = BandAssigner(library: lib.bands, evidence: lib.evidence)
        }
        let spectra = try block == nil ? (file.groupMembers ?? [file.spectrum(named: nil)]) : [file.spectrum(named: block)]
        var reports: [FTIRPeaksReport] = []
        for (k, spectrum) in spectra.enumerated() {
            let result = try analysis.run(spectrum)
            var report = FTIRPeaksReport(file: self.file, result: result, curves: curves)
            report.warnings = (file.warnings[spectrum.name] ?? []) + report.warnings
            if let path = self.report {
                try FTIRFigures.peaks(result, title: spectrum.name).write(to: spectra.count > 1 ? Output.memberPath(path, member: k + 1) : path)
            }
            reports.append(report)
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
        let analyses = try files.map { try BandAnalysis().run(try SpectrumFile(path: $0).singleSpectrum(named: nil)) }
        let result = FTIRCompareReport(files: files, analyses: analyses)
        if let report { try FTIRFigures.compare(files: files, analyses: analyses, report: result).write(to: report) }
        if let json {
            try Output.writeJSON(result, to: json)
        } else {
            for b in result.bands where b.status != "unchanged" {
                let shift = b.shift.map { String(format: " (%+.1f cm⁻¹)", $0) } ?? ""
                print(String(format: "%@  %8.1f cm⁻¹  %@%@  %@", (b.state as NSString).lastPathComponent, b.position, b.status, shift, b.species ?? ""))
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

    @Option(help: "Final ordinate: absorbance or transmittance.")
    var to: String?

    @Option(help: "Output CSV path ('-' for standard output).")
    var output: String

    @Option(help: "Write a figure of the spectrum before and after (PNG, SVG or PDF).")
    var report: String?

    @Flag(help: "Read truncated or inconsistent files with warnings instead of refusing them.")
    var lenient = false

    func validate() throws {
        if let to, SpectrumCorrections.Ordinate(rawValue: to) == nil { throw ValidationError("--to must be absorbance or transmittance") }
        if correction.atr == nil && !correction.kubelkaMunk && to == nil { throw ValidationError("nothing to do: give --atr, --kubelka-munk or --to") }
    }

    func run() throws {
        let input = try SpectrumFile(path: file, lenient: lenient).singleSpectrum(named: block)
        let corrected = try correction.corrections(ordinate: to.flatMap(SpectrumCorrections.Ordinate.init(rawValue:))).apply(to: input)
        try Output.write(SpectrumWriter.csv(corrected), to: output)
        if let report {
            let axis = Axis(input.xKind.label(unit: input.xUnit), reversed: input.xKind == .wavenumber)
            var before = Panel(title: "\(input.name): as read", x: axis, y: Axis(input.yKind.label(unit: input.yUnit)))
            before.add(.line(LineSeries(x: input.x, y: input.y, color: Color(hex: 0x0072B2), width: 1)))
            let steps = corrected.provenance.dropFirst(input.provenance.count).map(\.name).joined(separator: " → ")
            var after = Panel(title: "corrected (\(steps))", x: axis, y: Axis(corrected.yKind.label(unit: corrected.yUnit)))
            after.add(.line(LineSeries(x: corrected.x, y: corrected.y, color: Color(hex: 0xD55E00), width: 1)))
            try Figure(width: 900, height: 640, panels: [before, after]).write(to: report)
        }
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
        var text = "# Kramers-Kronig of \(s.name): wavenumber (cm⁻¹), k, n\n"
        for i in r.wavenumber.indices { text += "\(r.wavenumber[i]),\(r.k[i]),\(r.n[i])\n" }
        try Output.write(text, to: output)
        if let report {
            var p = Panel(title: "Optical constants of \(s.name)", x: Axis("Wavenumber (cm⁻¹)", reversed: true), y: Axis("n, k"))
            p.add(.line(LineSeries(x: r.wavenumber, y: r.n, label: "n")))
            p.add(.line(LineSeries(x: r.wavenumber, y: r.k, label: "k")))
            try Figure(panels: [p]).write(to: report)
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct FTIRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftir",
        abstract: "FTIR: bands (find, fit, assign) and interferogram transforms.",
        subcommands: [FTIRPeaksCommand.self, FTIRCompareCommand.self, FTIRTransformCommand.self, FTIRKramersKronigCommand.self]
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
        discussion: "Baseline arPLS (λ scaled to the point spacing), peaks above 5× noise, pseudo-Voigt fits with standard errors, assignment to PMMA, PVDF, PMMA–Li products, carbonates and water."
    )

    @Argument(help: "Spectrum file (OPUS, OMNIC, SPC, JCAMP-DX, CSV).")
    var file: String

    @Option(help: "Block or spectrum name (default: AB, else the first).")
    var block: String?

    @Option(name: .long, help: ArgumentHelp("Write JSON to PATH, or to standard output with '-'.", valueName: "PATH"))
    var json: String?

    @Option(help: "Write the figure (PNG, SVG or PDF by extension).")
    var report: String?

    @Flag(help: "Choose the baseline's λ by the extended-range method (slower).")
    var autoLambda = false

    @Option(help: "Band shape: pseudoVoigt (default), gaussian, lorentzian or voigt.")
    var shape: String = "pseudoVoigt"

    func validate() throws {
        guard BandShape(rawValue: shape) != nil else { throw ValidationError("--shape must be pseudoVoigt, gaussian, lorentzian or voigt") }
    }

    func run() throws {
        let spectrum = try SpectrumFile(path: file).spectrum(named: block)
        var analysis = BandAnalysis()
        analysis.automaticLambda = autoLambda
        analysis.fitter = BandFitter(shape: BandShape(rawValue: shape)!)
        let result = try analysis.run(spectrum)
        let report = FTIRPeaksReport(file: file, result: result)
        if let path = self.report { try FTIRPeaksReport.figure(result, title: spectrum.name).write(to: path) }
        if let json {
            try Output.writeJSON(report, to: json)
        } else {
            for b in report.peaks {
                let a = b.assignments.first.map { "\($0.species), \($0.mode) (\(String(format: "%.2f", $0.confidence)))" } ?? "unassigned"
                print(String(format: "%8.2f ± %.2f cm⁻¹  height %.4f  FWHM %5.1f  area %.3g   %@", b.position, b.positionError ?? .nan, b.height, b.fwhm, b.area, a))
                for w in b.warnings { print("           note: \(w)") }
            }
            if let f = report.pvdfBetaFraction { print(String(format: "PVDF β fraction F(β) = %.3f (840/763 cm⁻¹)", f)) }
            for w in report.warnings { print("warning: \(w)") }
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
        let analyses = try files.map { try BandAnalysis().run(try SpectrumFile(path: $0).spectrum(named: nil)) }
        let result = FTIRCompareReport(files: files, analyses: analyses)
        if let report { try FTIRCompareReport.figure(files: files, analyses: analyses, report: result).write(to: report) }
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
        let s = try SpectrumFile(path: file).spectrum(named: block)
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

// SPDX-License-Identifier: GPL-3.0-or-later
import ArgumentParser
import Foundation
import Interphase

struct XPSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xps",
        abstract: "XPS: fit core levels (LiF fraction of F 1s with its interval), read CasaXPS fits.",
        subcommands: [XPSFitCommand.self, XPSCasaCommand.self, XPSQuantifyCommand.self]
    )
}

struct XPSFitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a core-level region: components, background, fractions with 95 % intervals.",
        discussion: """
        Files: VAMAS, SPECS .xy, SpecsLab XML, PHI .spe, Scienta text and .ibw, CasaXPS CSV, two-column CSV. Binding energy is hν − KE; the \
        work function is never subtracted. Fits weight by counting statistics in detected counts when the \
        file gives dwell and scans. With several files and --json -, one JSON object per line, in input order.
        Components: --preset, or --component NAME=CENTER[,FWHM[,SHAPE]] (repeatable; SHAPE in CasaXPS \
        notation, e.g. GL(30)). Without either, the preset whose window covers the region is used.
        """
    )

    @Argument(help: "One or more XPS files.")
    var files: [String]

    @Option(help: "Block number (1-based) in a multi-block file.")
    var block: Int?

    @Option(help: "Region (block) name, e.g. 'F 1s' or F1s.")
    var region: String?

    @Option(help: "Component preset: \(XPSPreset.all.map(\.name).joined(separator: ", ")).", transform: XPSArguments.preset)
    var preset: XPSPreset?

    @Option(name: .customLong("component"), help: "A component NAME=CENTER[,FWHM[,SHAPE]]; repeat for several.", transform: XPSArguments.component)
    var components: [XPSComponent] = []

    @Option(help: ArgumentHelp("A model file (JSON: components, doublets, links, background, range, endPoints); command-line components are added to it, command-line background and range take precedence.", valueName: "FILE.json"))
    var model: String?

    @Option(name: .customLong("link"), help: ArgumentHelp("A constraint: B.fwhm=A.fwhm, B.fwhm=1.2*A.fwhm, B.area=0.5*A.area, B.center=A.center+1.2 (repeatable).", valueName: "LINK"),
            transform: XPSArguments.link)
    var links: [XPSModelText.LinkSpec] = []

    @Option(name: .customLong("bound"), help: ArgumentHelp("A bound: NAME.center=LOW:HIGH, NAME.fwhm=LOW:HIGH, or NAME.center=VALUE to fix it (repeatable; applied after presets, model files and links).", valueName: "BOUND"),
            transform: XPSArguments.bound)
    var bounds: [XPSModelText.BoundSpec] = []

    @Option(name: .customLong("doublet"), help: ArgumentHelp("A spin–orbit doublet NAME=CENTER,SPLIT,RATIO[,FWHM[,SHAPE]], e.g. S2p=168.3,1.18,2:1 or Au4f=84.0,3.67,4:3; repeat for several.", valueName: "SPEC"),
            transform: XPSArguments.doublet)
    var doublets: [XPSDoublet] = []

    @Option(help: "Background (active: fitted with the peaks).")
    var background: XPSBackgroundChoice?

    @Option(help: "Tougaard cross-section: u2:B,C (default u2:2866,1643), u3:B,C,D or u4:B,C,C',D; B is then scaled to meet the data at the high-BE end.",
            transform: XPSArguments.tougaard)
    var tougaard: TougaardBackground.Kernel?

    @Option(help: "Channels averaged at each end of the region.")
    var endPoints: Int?

    @Option(help: "Binding-energy range to fit, LOW:HIGH in eV.", transform: XPSArguments.range)
    var range: ClosedRange<Double>?

    @Option(help: "Charge-referencing shift in eV added to every binding energy (recorded in the result).")
    var shift: Double?

    @Option(help: ArgumentHelp("Charge referencing: EV puts the adventitious C-C/C-H of the file's C 1s region at EV (e.g. 284.8); COMPONENT=EV puts a component of this region's model there (e.g. LiF=685.0, C-C/C-H=284.8).", valueName: "EV|COMPONENT=EV"),
            transform: XPSArguments.chargeReference)
    var chargeReference: XPSCoreLevelFit.ChargeReferencing?

    @Flag(help: "Divide the intensity by the transmission function stored in the file before fitting (an error when there is none).")
    var transmissionCorrection = false

    @Flag(help: "Keep every component of the preset (no BIC selection).")
    var noSelect = false

    @Flag(help: "Report the fitted model's fractions and intervals only, without averaging over backgrounds, windows, GL mixing and optional components.")
    var singleModel = false

    @Option(help: "Monte Carlo refits of Poisson replicas for the intervals (0: covariance only).")
    var monteCarlo: Int = 0

    @Option(help: "Seed of the Monte Carlo replicas.")
    var seed: UInt64 = 1

    @Option(help: "Write the result as JSON ('-' for standard output).")
    var json: String?

    @Option(help: "Write a figure (PNG, SVG or PDF) of the fit; with several files, the file name is added.")
    var report: String?

    @Flag(help: "CasaXPS CSV exports: put the analyst's components beside the refit's (in-window areas and fractions).")
    var compareCasa = false

    @Flag(help: "Add the fit's arrays to the JSON: bindingEnergy, intensity, background, envelope, residuals, and each component.")
    var curves = false

    func validate() throws {
        if block != nil && region != nil { throw ValidationError("give --block or --region, not both") }
        guard XPSFitOptions.monteCarloLimits.contains(monteCarlo) else { throw ValidationError("--monte-carlo must be between 0 and 100000") }
        if let endPoints, endPoints < 1 { throw ValidationError("--end-points must be at least 1") }
        if shift != nil && chargeReference != nil { throw ValidationError("give --shift or --charge-reference, not both") }
    }

    /// The library task these options describe (the CLI holds no analysis of its own).
    func task() throws -> XPSCoreLevelFit {
        var task = XPSCoreLevelFit()
        if let model {
            task = try XPSCoreLevelFit(model: try XPSModelFile.load(model), path: model)
        }
        task.preset = preset
        task.components += components
        task.components += doublets.flatMap(\.components)
        task.links += links
        task.bounds += bounds
        if let background { task.options.background = background }
        if let endPoints { task.options.endPoints = endPoints }
        if let tougaard { task.options.tougaardKernel = tougaard }
        if let range { task.range = range }
        task.options.monteCarlo = monteCarlo
        task.options.seed = seed
        task.options.transmissionCorrection = transmissionCorrection
        if singleModel { task.options.modelSpace = nil }
        task.selectComponents = !noSelect
        task.compareWithCasa = compareCasa
        task.shift = shift
        task.chargeReference = chargeReference
        return task
    }

    func run() throws {
        let task = try task()
        var outputs: [XPSFitOutput] = []
        for file in files {
            let outcome = try FileError.naming(file) { try task.fit(try XPSFile(path: file), block: block, region: self.region) }
            let result = outcome.result, region = outcome.region, comparison = outcome.casaComparison
            outputs.append(XPSFitOutput(file: file, result: result, casaComparison: comparison, curves: curves))
            if let report {
                let path = Output.reportPath(report, for: file, inputs: files.count)
                try XPSFigures.fit(result, title: "\(URL(fileURLWithPath: file).lastPathComponent): \(region.name)",
                                   countsPerUnit: region.countsPerUnit).write(to: path)
            }
            if json == nil {
                print(Self.summary(file: file, result))
                for c in comparison ?? [] {
                    print(String(format: "  analyst %@ %.2f eV fraction %.4f   refit %@ %@ fraction %@", c.analyst, c.analystCenter, c.analystFraction,
                                 c.refit ?? "none", c.refitCenter.map { String(format: "%.2f eV", $0) } ?? "", c.refitFraction.map { String(format: "%.4f", $0) } ?? "–"))
                }
            }
        }
        if let json { try Output.writeJSONRecords(outputs, to: json) }
    }

    static func summary(file: String, _ r: XPSFitResult) -> String {
        var lines = ["\(file): \(r.region), background \(r.background.type), reduced χ² \(String(format: "%.3f", r.reducedChiSquare)) (\(r.weighting) weights)"]
        for c in r.components {
            lines.append("  " + c.name + String(format: "  BE %.2f eV  FWHM %.2f  area %.4g  fraction %.3f ± %.3f", c.center, c.fwhm, c.area,
                                                  c.areaFraction, c.areaFractionUncertainty ?? .nan))
        }
        if let f = r.lifFraction {
            lines.append(String(format: "  LiF fraction %.3f ± %.3f (95%% interval %.3f–%.3f, ", f.value, f.uncertainty, f.ci95.lowerBound, f.ci95.upperBound) + f.method.rawValue + ")")
        }
        if let a = r.modelAverage {
            let kept = a.groups.filter { $0.rejected == nil }
            lines.append("  model average: \(kept.map(\.averaged).reduce(0, +)) models averaged in \(kept.count) of \(a.groups.count) background/window groups (\(a.models.count) fitted; table in the JSON's modelAverage)")
            for g in a.groups where g.rejected != nil { lines.append("    left out: \(g.background) \(String(format: "%.2f–%.2f eV", g.window[0], g.window[1])): \(g.rejected!)") }
            for s in a.shares {
                lines.append("    " + s.name + String(format: " fraction %.3f, 95%% interval %.3f–%.3f over noise and models", s.value, s.ci95.lowerBound, s.ci95.upperBound))
            }
        }
        for s in r.selection where !s.kept { lines.append("  dropped \(s.component): ΔBIC \(String(format: "%.1f", s.deltaBIC)) below the threshold") }
        for w in r.warnings { lines.append("  warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}

struct XPSCasaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "casa",
        abstract: "Read the analyst's CasaXPS fit: from a VAMAS file's block comments, or from a CasaXPS CSV export.",
        discussion: """
        VAMAS: positions are converted to binding energy (hν − KE); areas are CasaXPS's full line-shape areas. \
        CSV exports hold sampled curves only: each component's centre and FWHM are measured from its curve above the \
        exported background, and areaInWindow (and fraction) is its area above that background over the exported range.
        """
    )

    @Argument(help: "A VAMAS file processed in CasaXPS, or a CasaXPS CSV export.")
    var file: String

    @Option(help: "Write JSON ('-' for standard output).")
    var json: String?

    func run() throws {
        try report(try CasaImport.read(path: file))
    }

    func report(_ blocks: [CasaImport.Block]) throws {
        if let json { try Output.writeJSON(["blocks": blocks], to: json); return }
        for b in blocks {
            print("block \(b.index) \(b.name): \(b.regions.count) region(s), \(b.components.count) component(s)")
            for r in b.regions { print(String(format: "  region %.2f–%.2f eV, background ", r.low, r.high) + r.background) }
            for c in b.components {
                print("  " + c.name + " " + c.shape + String(format: "  BE %.3f  FWHM %.3f  area %.6g", c.center, c.fwhm, c.area)
                      + (c.fraction.map { String(format: "  fraction %.4f (in window)", $0) } ?? ""))
            }
        }
    }
}

struct XPSQuantifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantify",
        abstract: "Atomic percentages from several core-level regions (areas above a Shirley background, RSF-corrected).",
        discussion: """
        Each region's element comes from its name ('F 1s', 'C1s', 'Au 4f'); its sensitivity factor from the preset of \
        that core level unless --rsf gives one. Areas over the whole region above a Shirley background; errors from \
        counting statistics when the file gives counts.
        """
    )

    @Argument(help: "One or more XPS files; every region of each is used unless --region names some.")
    var files: [String]

    @Option(name: .customLong("region"), help: "A region to use (repeatable), e.g. 'F 1s'.")
    var regions: [String] = []

    @Option(name: .customLong("rsf"), help: ArgumentHelp("A sensitivity factor ELEMENT=VALUE (repeatable), e.g. F=1.0.", valueName: "EL=VALUE"),
            transform: XPSArguments.sensitivityFactor)
    var sensitivityFactors: [XPSArguments.SensitivityFactor] = []

    @Option(help: "Mean-free-path exponent x in KE^x (0: none).")
    var mfpExponent: Double = 0

    @Option(help: "Write JSON ('-' for standard output).")
    var json: String?

    func run() throws {
        var q = RegionQuantification()
        q.mfpExponent = mfpExponent
        for r in sensitivityFactors { q.sensitivityFactors[r.element] = r.value }
        let report = try q.report(paths: files, regions: regions)
        if let json { try Output.writeJSON(report, to: json); return }
        for l in report.lines {
            print(String(format: "%-8@ %-3@ area %.5g  RSF %.3f (%@)  %.2f ± %@ at.%%", l.region, l.element, l.area, l.sensitivityFactor, l.sensitivitySource,
                         l.atomicPercent, l.atomicPercentError.map { String(format: "%.2f", $0) } ?? "?"))
        }
    }
}

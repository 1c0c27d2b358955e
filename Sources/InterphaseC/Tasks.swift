// SPDX-License-Identifier: GPL-3.0-or-later
// Each task: the request's options onto the library's task value (the same defaults as the CLI,
// whose option names the keys mirror), one call of the library entry point the CLI calls, and the
// records, arrays and figures of what it returned. No analysis here.
import Foundation
import Interphase

enum Tasks {
    static func run(_ task: String, _ r: inout Request) throws -> ResultHandle {
        let handle: ResultHandle
        switch task {
        case "read": handle = try read(&r)
        case "ftir.peaks": handle = try ftirPeaks(&r)
        case "ftir.compare": handle = try ftirCompare(&r)
        case "ftir.correct": handle = try ftirCorrect(&r)
        case "ftir.transform": handle = try ftirTransform(&r)
        case "ftir.kramers_kronig": handle = try ftirKramersKronig(&r)
        case "xps.fit": handle = try xpsFit(&r)
        case "xps.casa": handle = try xpsCasa(&r)
        case "xps.quantify": handle = try xpsQuantify(&r)
        case "sem.fibers": handle = try semFibers(&r)
        case "sem.porosity": handle = try semPorosity(&r)
        case "sem.orientation": handle = try semOrientation(&r)
        case "sem.thickness": handle = try semThickness(&r)
        default: throw RequestError(message: "unknown task '\(task)'")
        }
        return handle
    }

    /// The records as one pickled list, each with the values of the CLI's JSON (``PickleRecord``).
    static func records<T: Encodable>(_ values: [T]) throws -> [UInt8] { try PickleRecord.encode(values) }

    static func name(of path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }

    // MARK: read

    static func read(_ r: inout Request) throws -> ResultHandle {
        guard let (bytes, path) = try r.file() else { throw RequestError(message: "read: give a path or the file's bytes") }
        let lenient = try r.bool("lenient") ?? false
        try r.finish(task: "read")
        var arrays: [ResultArray] = []
        var items: [[String: Any]] = []
        switch try InstrumentFile.read(bytes: bytes, path: path, lenient: lenient) {
        case .regions(let file):
            for (k, region) in file.regions.enumerated() {
                var item: [String: Any] = ["kind": "region", "name": region.name, "format": file.format, "source": region.source,
                                           "intensityKind": region.intensityKind.rawValue, "chargeShift": region.chargeShift]
                if let v = region.photonEnergy { item["photonEnergy"] = v }
                if let v = region.passEnergy { item["passEnergy"] = v }
                if let v = region.countsPerUnit { item["countsPerUnit"] = v }
                items.append(item)
                arrays.append(.doubles("\(k).binding_energy", region.bindingEnergy))
                arrays.append(.doubles("\(k).intensity", region.intensity))
            }
        case .spectra(let file):
            for (k, s) in file.spectra.enumerated() {
                items.append(spectrumItem(s, format: file.format, warnings: file.warnings[s.name] ?? []))
                arrays.append(.doubles("\(k).x", s.x))
                arrays.append(.doubles("\(k).y", s.y))
            }
        case .micrograph(let m):
            var item: [String: Any] = ["kind": "micrograph", "width": m.width, "height": m.height, "databarRows": m.databarRows,
                                       "databarSource": m.databarSource, "warnings": m.warnings]
            if let c = m.calibration {
                item["pixelSize"] = ["width": c.pixelWidthNM, "height": c.pixelHeightNM, "unit": "nm", "source": c.source]
            }
            if let t = m.metadata?.tiltDegrees { item["tiltDegrees"] = t }
            if let v = m.metadata?.vendor { item["vendor"] = v }
            items.append(item)
            arrays.append(.floats("0.pixels", m.image.samples, shape: [m.height, m.width]))
        }
        return ResultHandle(record: try Self.items(items), arrays: arrays)
    }

    // MARK: FTIR

    static func bandMeasurement(_ r: inout Request) throws -> FTIRBandMeasurement {
        var task = FTIRBandMeasurement()
        task.curves = try r.bool("curves") ?? false
        if let v = try r.bool("auto_lambda") { task.analysis.automaticLambda = v }
        if let v = try r.choice("shape", BandShape.self) { task.analysis.fitter = BandFitter(shape: v) }
        if let v = try r.double("min_snr") { task.analysis.minimumSNR = v }
        if let v = try r.choice("atmosphere", AtmosphereHandling.self) { task.analysis.atmosphere = v }
        if let v = try r.range("range") { task.analysis.range = v }
        if let v = try r.string("baseline") { task.analysis.baseline = try BaselineMethod(specification: v) }
        task.analysis.corrections = SpectrumCorrections(atr: try r.string("atr").map { try ATRSettings($0) },
                                                        kubelkaMunk: try r.bool("kubelka_munk") ?? false, ordinate: nil)
        if let v = try r.string("library") {
            let lib = try BandLibraryFile.load(v)
            task.analysis.assigner = BandAssigner(library: lib.bands, evidence: lib.evidence)
        }
        return task
    }

    static func ftirPeaks(_ r: inout Request) throws -> ResultHandle {
        var task = try bandMeasurement(&r)
        let asked = task.curves
        task.curves = true // the arrays are always returned; the record carries them only when asked
        let outcomes: [FTIRBandMeasurement.Outcome]
        if let (bytes, path) = try r.file() {
            let block = try r.string("block"), lenient = try r.bool("lenient") ?? false
            task.yKind = try r.choice("y_kind", IntensityKind.self)
            try r.finish(task: "ftir.peaks")
            outcomes = try task.measure(try SpectrumFile(bytes: bytes, path: path, lenient: lenient), block: block)
        } else if let s = try arraySpectrum(&r) {
            try r.finish(task: "ftir.peaks")
            outcomes = [try task.measure(s, file: s.name)]
        } else {
            throw RequestError(message: "ftir.peaks: give a path, or x and y arrays")
        }
        var reports: [FTIRPeaksReport] = []
        var arrays: [ResultArray] = []
        var figures: [@Sendable () throws -> Figure] = []
        for (k, o) in outcomes.enumerated() {
            var report = o.report
            if let c = report.curves {
                arrays += [.doubles("\(k).x", c.x), .doubles("\(k).absorbance", c.absorbance), .doubles("\(k).baseline", c.baseline),
                           .doubles("\(k).corrected", c.corrected), .doubles("\(k).fit", c.fit),
                           .doubles("\(k).bands", c.bands.flatMap { $0 }, shape: [c.bands.count, c.x.count])]
            }
            if !asked { report.curves = nil }
            reports.append(report)
            let result = o.result, title = o.report.spectrum
            figures.append { FTIRFigures.peaks(result, title: title) }
        }
        return ResultHandle(record: try records(reports), arrays: arrays, figures: figures)
    }

    /// States from files (`paths`), or from arrays `x.0`, `y.0`, `x.1`, ... (cm⁻¹; `y_kinds`, absorbance
    /// unless given) called `names`.
    static func ftirCompare(_ r: inout Request) throws -> ResultHandle {
        let paths = try r.strings("paths"), names = try r.strings("names"), kinds = try r.strings("y_kinds")
        try r.finish(task: "ftir.compare")
        let outcome: FTIRStateComparison.Outcome
        if !paths.isEmpty {
            guard names.isEmpty && kinds.isEmpty else { throw RequestError(message: "ftir.compare: names and y_kinds go with arrays, not files") }
            guard paths.count >= 2 else { throw RequestError(message: "ftir.compare: give two or more files; the first is the reference state") }
            outcome = try FTIRStateComparison().compare(paths: paths)
        } else {
            guard names.count >= 2 else { throw RequestError(message: "ftir.compare: give two or more files, or two or more spectra; the first is the reference state") }
            guard kinds.isEmpty || kinds.count == names.count else { throw RequestError(message: "ftir.compare: give one y_kind per spectrum") }
            let spectra = try names.indices.map { i -> Spectrum in
                guard let x = r.array("x.\(i)"), let y = r.array("y.\(i)") else { throw RequestError(message: "ftir.compare: spectrum \(i + 1) has no x and y arrays") }
                var kind = IntensityKind.absorbance
                if !kinds.isEmpty {
                    guard let k = IntensityKind(rawValue: kinds[i]) else {
                        throw RequestError(message: "ftir.compare: y_kind '\(kinds[i])' must be one of \(IntensityKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))")
                    }
                    kind = k
                }
                return try Spectrum(name: names[i], x: x, y: y, xKind: .wavenumber, yKind: kind)
            }
            outcome = try FTIRStateComparison().compare(spectra, names: names)
        }
        let analyses = outcome.analyses, report = outcome.report, files = outcome.names
        return ResultHandle(record: try records([report]), figures: [{ FTIRFigures.compare(files: files, analyses: analyses, report: report) }])
    }

    // MARK: XPS

    static func xpsFit(_ r: inout Request) throws -> ResultHandle {
        var task = XPSCoreLevelFit()
        if let model = try r.string("model") { task = try XPSCoreLevelFit(model: try XPSModelFile.load(model), path: model) }
        if let p = try r.string("preset") {
            guard let preset = XPSPreset.named(p) else {
                throw RequestError(message: "unknown preset '\(p)'; known presets: \(XPSPreset.all.map(\.name).joined(separator: ", "))")
            }
            task.preset = preset
        }
        for text in try r.strings("component") {
            guard let c = XPSModelText.component(text) else { throw RequestError(message: "component '\(text)': expected NAME=CENTER[,FWHM[,SHAPE]]") }
            task.components.append(c)
        }
        for text in try r.strings("doublet") {
            guard let d = XPSModelText.doublet(text) else { throw RequestError(message: "doublet '\(text)': expected NAME=CENTER,SPLIT,RATIO[,FWHM[,SHAPE]]") }
            task.components += d.components
        }
        for text in try r.strings("link") {
            guard let l = XPSModelText.link(text) else { throw RequestError(message: "link '\(text)': expected B.fwhm=[SCALE*]A.fwhm, B.area=[SCALE*]A.area or B.center=A.center[±OFFSET]") }
            task.links.append(l)
        }
        for text in try r.strings("bound") {
            guard let b = XPSModelText.bound(text) else { throw RequestError(message: "bound '\(text)': expected NAME.center=LOW:HIGH, NAME.fwhm=LOW:HIGH or NAME.center=VALUE") }
            task.bounds.append(b)
        }
        if let v = try r.choice("background", XPSBackgroundChoice.self) { task.options.background = v }
        if let v = try r.int("end_points") { task.options.endPoints = v }
        if let text = try r.string("tougaard") {
            guard let k = TougaardBackground.Kernel(text) else { throw RequestError(message: "tougaard '\(text)': expected u2:B,C, u3:B,C,D or u4:B,C,C',D") }
            task.options.tougaardKernel = k
        }
        if let v = try r.range("range") { task.range = v }
        task.shift = try r.double("shift")
        if let text = try r.string("charge_reference") {
            guard let c = XPSCoreLevelFit.ChargeReferencing(text: text) else { throw RequestError(message: "charge_reference '\(text)': expected EV or COMPONENT=EV") }
            task.chargeReference = c
        }
        task.options.monteCarlo = try r.int("monte_carlo") ?? 0
        if let seed = try r.int("seed") {
            guard seed >= 0 else { throw RequestError(message: "seed must not be negative") }
            task.options.seed = UInt64(seed)
        }
        task.options.transmissionCorrection = try r.bool("transmission_correction") ?? false
        if try r.bool("single_model") ?? false { task.options.modelSpace = nil }
        task.selectComponents = try r.bool("select") ?? true
        task.compareWithCasa = try r.bool("compare_casa") ?? false
        let curves = try r.bool("curves") ?? false
        let file: String, outcomes: [XPSCoreLevelFit.Outcome]
        if let (bytes, path) = try r.file() {
            let block = try r.int("block"), region = try r.string("region")
            if block != nil && region != nil { throw RequestError(message: "give block or region, not both") }
            try r.finish(task: "xps.fit")
            file = path
            outcomes = [try task.fit(try XPSFile(bytes: bytes, path: path), block: block, region: region)]
        } else if let be = r.array("binding_energy"), let counts = r.array("intensity") {
            let name = try r.string("region") ?? "region"
            let countsPerUnit = try r.double("counts_per_unit") ?? 1
            // A stack of spectra on one energy axis (a depth profile, a map): `spectra` rows of
            // intensity one after the other, each fitted as a call with that row alone would be.
            let rows = try r.int("spectra") ?? 1
            try r.finish(task: "xps.fit")
            guard rows >= 1 else { throw RequestError(message: "spectra must be at least 1") }
            guard be.count * rows == counts.count else {
                throw RequestError(message: rows == 1 ? "binding_energy has \(be.count) values and intensity \(counts.count)"
                                   : "\(rows) spectra of \(be.count) values need \(rows * be.count) intensities, not \(counts.count)")
            }
            // The library's regions are ascending in binding energy; arrays may come either way.
            let ascending = be.count < 2 || be[1] > be[0]
            file = name
            outcomes = try (0..<rows).map { k in
                let row = Array(counts[(k * be.count)..<((k + 1) * be.count)])
                do {
                    let region = try XPSRegion(name: name, bindingEnergy: ascending ? be : be.reversed(), intensity: ascending ? row : row.reversed(),
                                               intensityKind: .counts, countsPerUnit: countsPerUnit, source: "<memory>")
                    return try task.fit(region)
                } catch {
                    throw rows > 1 ? StackError(row: k, rows: rows, error: error) : error
                }
            }
        } else {
            throw RequestError(message: "xps.fit: give a path, or binding_energy and intensity arrays")
        }
        var outputs: [XPSFitOutput] = [], arrays: [ResultArray] = [], figures: [@Sendable () throws -> Figure] = []
        for (k, outcome) in outcomes.enumerated() {
            let result = outcome.result, region = outcome.region
            outputs.append(XPSFitOutput(file: file, result: result, casaComparison: outcome.casaComparison, curves: curves))
            let c = result.curveArrays()
            arrays += [.doubles("\(k).binding_energy", c.bindingEnergy), .doubles("\(k).intensity", c.intensity),
                       .doubles("\(k).background", c.background), .doubles("\(k).envelope", c.envelope),
                       .doubles("\(k).residuals", c.residuals)]
            for comp in c.components { arrays.append(.doubles("\(k).component/" + comp.name, comp.values)) }
            let title = "\(name(of: file)): \(region.name)" + (outcomes.count > 1 ? " \(k + 1)" : ""), countsPerUnit = region.countsPerUnit
            figures.append { XPSFigures.fit(result, title: title, countsPerUnit: countsPerUnit) }
        }
        return ResultHandle(record: try records(outputs), arrays: arrays, figures: figures)
    }
}

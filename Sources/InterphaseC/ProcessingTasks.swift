// SPDX-License-Identifier: GPL-3.0-or-later
// The tasks of the C ABI that turn one spectrum or file into another, and the XPS file tasks:
// `interphase ftir correct|transform|kramers-kronig` and `interphase xps casa|quantify`, each the
// library call the command makes, with its defaults. No analysis here.
import Foundation
import Interphase

extension Tasks {
    /// A spectrum's description, as `read` gives it (the arrays travel beside it).
    static func spectrumItem(_ s: Spectrum, format: String, warnings: [String]) -> [String: Any] {
        ["kind": "spectrum", "name": s.name, "format": format, "xKind": s.xKind.rawValue, "xUnit": s.xUnit.rawValue,
         "yKind": s.yKind.rawValue, "yUnit": s.yUnit.rawValue, "metadata": s.metadata, "warnings": warnings]
    }

    /// Plain items as the records (pickled: ``PickleRecord``).
    static func items(_ items: [[String: Any]]) throws -> [UInt8] { try PickleRecord.encode(items: items) }

    /// The one spectrum a command reads: `path` (or the bytes) with `block` and `lenient`, or the
    /// arrays `x` (cm⁻¹) and `y` of kind `y_kind` (absorbance unless given), called `name`.
    static func inputSpectrum(_ r: inout Request, task: String) throws -> (spectrum: Spectrum, format: String) {
        if let (bytes, path) = try r.file() {
            let block = try r.string("block"), lenient = try r.bool("lenient") ?? false
            let file = try SpectrumFile(bytes: bytes, path: path, lenient: lenient)
            return (try file.singleSpectrum(named: block), file.format)
        }
        if let s = try arraySpectrum(&r) { return (s, "arrays") }
        throw RequestError(message: "\(task): give a path, or x and y arrays")
    }

    /// The spectrum of the arrays `x` (cm⁻¹) and `y` of kind `y_kind` (absorbance unless given),
    /// called `name`; nil when the request has no such arrays.
    static func arraySpectrum(_ r: inout Request) throws -> Spectrum? {
        guard let x = r.array("x"), let y = r.array("y") else { return nil }
        let name = try r.string("name") ?? "<memory>"
        let kind = try r.choice("y_kind", IntensityKind.self) ?? .absorbance
        // A transmittance or reflectance in percent or as a fraction, by its range.
        return try Spectrum(name: name, x: x, y: y, xKind: .wavenumber, yKind: kind, yUnit: IntensityKindCheck.unit(of: y, as: kind))
    }

    /// `interphase ftir correct`: ATR, Kubelka–Munk and ordinate conversions.
    static func ftirCorrect(_ r: inout Request) throws -> ResultHandle {
        let corrections = SpectrumCorrections(atr: try r.string("atr").map { try ATRSettings($0) },
                                              kubelkaMunk: try r.bool("kubelka_munk") ?? false,
                                              ordinate: try r.choice("to", SpectrumCorrections.Ordinate.self))
        let (input, format) = try inputSpectrum(&r, task: "ftir.correct")
        try r.finish(task: "ftir.correct")
        guard corrections.atr != nil || corrections.kubelkaMunk || corrections.ordinate != nil else {
            throw RequestError(message: "ftir.correct: nothing to do: give atr, kubelka_munk or to")
        }
        let corrected = try corrections.apply(to: input)
        return ResultHandle(record: try items([spectrumItem(corrected, format: format, warnings: [])]),
                            arrays: [.doubles("0.x", corrected.x), .doubles("0.y", corrected.y)],
                            figures: [{ FTIRFigures.correction(input, corrected) }])
    }

    /// `interphase ftir transform`: interferograms to a single beam or an absorbance spectrum.
    static func ftirTransform(_ r: inout Request) throws -> ResultHandle {
        guard let target = try r.choice("to", FTIRInterferogramTransform.Target.self) else {
            throw RequestError(message: "ftir.transform: give to ('single-beam' or 'absorbance')")
        }
        var task = FTIRInterferogramTransform(target: target)
        task.apodization = try r.choice("apodization", Apodization.self)
        task.laserWavenumber = try r.double("laser")
        task.sampleSpacing = try r.double("sample_spacing")
        task.backgroundPath = try r.string("background")
        guard let path = try r.string("path") else { throw RequestError(message: "ftir.transform: give the path of a file with an interferogram") }
        try r.finish(task: "ftir.transform")
        let outcome = try task.transform(path: path)
        let s = outcome.spectrum, acquisition = outcome.acquisition
        return ResultHandle(record: try items([spectrumItem(s, format: "transform", warnings: outcome.notes)]),
                            arrays: [.doubles("0.x", s.x), .doubles("0.y", s.y)],
                            figures: [{ FTIRFigures.transform(acquisition, result: s, target: target.rawValue) }])
    }

    /// `interphase ftir kramers-kronig`: optical constants from a specular reflectance spectrum.
    static func ftirKramersKronig(_ r: inout Request) throws -> ResultHandle {
        let (input, _) = try inputSpectrum(&r, task: "ftir.kramers_kronig")
        try r.finish(task: "ftir.kramers_kronig")
        let result = try KramersKronig.opticalConstants(reflectance: input)
        let name = input.name
        return ResultHandle(record: try items([["name": name, "points": result.wavenumber.count]]),
                            arrays: [.doubles("0.wavenumber", result.wavenumber), .doubles("0.n", result.n),
                                     .doubles("0.k", result.k), .doubles("0.phase", result.phase)],
                            figures: [{ FTIRFigures.opticalConstants(result, name: name) }])
    }

    /// `interphase xps casa --json`: the analyst's CasaXPS fit, as the command's record.
    static func xpsCasa(_ r: inout Request) throws -> ResultHandle {
        guard let path = try r.string("path") else { throw RequestError(message: "xps.casa: give the path of a VAMAS file or CasaXPS CSV export") }
        try r.finish(task: "xps.casa")
        return ResultHandle(record: try records([["blocks": try CasaImport.read(path: path)]]))
    }

    /// `interphase xps quantify --json`: atomic percentages from several regions.
    static func xpsQuantify(_ r: inout Request) throws -> ResultHandle {
        let paths = try r.strings("paths"), regions = try r.strings("region")
        var q = RegionQuantification()
        if let v = try r.double("mfp_exponent") { q.mfpExponent = v }
        for text in try r.strings("rsf") {
            guard let f = RegionQuantification.sensitivityFactor(text: text) else {
                throw RequestError(message: "rsf '\(text)': expected ELEMENT=VALUE with a positive value, e.g. F=1.0")
            }
            q.sensitivityFactors[f.element] = f.value
        }
        try r.finish(task: "xps.quantify")
        guard !paths.isEmpty else { throw RequestError(message: "xps.quantify: give one or more files") }
        return ResultHandle(record: try records([try q.report(paths: paths, regions: regions)]))
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// What `interphase demo` did, written as `demo-summary.json` beside the figures.
public struct DemoSummary: Codable, Sendable {
    /// A bundled spectrum file read and analysed as `interphase ftir peaks` does.
    public struct SpectrumResult: Codable, Sendable {
        /// The file, relative to the data folder.
        public var file: String
        /// Number of points read.
        public var points: Int
        /// What `interphase ftir peaks` reports for the file.
        public var bands: FTIRPeaksReport
        /// The figure written, relative to the output folder.
        public var figure: String
    }

    /// A bundled micrograph: its layout and grey levels, and the figure of its power spectrum.
    public struct ImageResult: Codable, Sendable {
        /// The file, relative to the data folder.
        public var file: String
        /// Width in pixels.
        public var width: Int
        /// Height in pixels.
        public var height: Int
        /// Bits per sample as stored.
        public var bitsPerSample: Int
        /// Sample format as stored ("uint", "float").
        public var sampleFormat: String
        /// Mean grey level.
        public var meanIntensity: Double
        /// The figure written, relative to the output folder.
        public var figure: String
    }

    /// A bundled interferogram or spectrum file transformed or analysed, with what the figure shows.
    public struct FTIRResult: Codable, Sendable {
        /// The file, relative to the data folder.
        public var file: String
        /// What was done and compared (e.g. the transform against the vendor's absorbance).
        public var note: String
        /// The bands, when the result was analysed.
        public var peaks: FTIRPeaksReport?
        /// The figure written, relative to the output folder.
        public var figure: String
    }

    /// The synthetic F 1s spectrum generated with a known LiF fraction and its fit.
    public struct XPSResult: Codable, Sendable {
        /// The spectrum written as CSV.
        public var file: String
        /// The result in words.
        public var note: String
        /// The LiF fraction the spectrum was generated with.
        public var trueLiFFraction: Double
        /// The fitted fraction with its interval.
        public var lifFraction: XPSFitResult.Fraction?
        /// The components the fit kept.
        public var components: [String]
        /// The figure written, relative to the output folder.
        public var figure: String
    }

    /// The bundled nanofibre micrograph measured as `interphase sem fibers` does.
    public struct FibreResult: Codable, Sendable {
        /// The file, relative to the data folder.
        public var file: String
        /// Length-weighted mean diameter in pixels.
        public var meanDiameterPixels: Double
        /// Its standard deviation in pixels.
        public var sdDiameterPixels: Double
        /// Void fraction of the mask.
        public var porosity: Double
        /// The figure written, relative to the output folder.
        public var figure: String
    }

    /// The spectra analysed.
    public var spectra: [SpectrumResult] = []
    /// The XPS fits.
    public var xps: [XPSResult] = []
    /// The fibre mats measured.
    public var fibres: [FibreResult] = []
    /// The interferograms transformed and spectra analysed.
    public var ftir: [FTIRResult] = []
    /// The micrographs described.
    public var images: [ImageResult] = []
    /// Every figure written, relative to the output folder.
    public var figures: [String] = []
}

/// Runs every analysis that exists so far on the bundled `Spectra/` and `Images/` and writes PNG
/// figures plus `demo-summary.json` into `output`.
public struct DemoRunner: Sendable {
    /// The folder holding `Spectra/` and `Images/`.
    public var dataRoot: String
    /// The folder the figures and summary are written to (created if missing).
    public var output: String

    /// A demo of the data in `dataRoot`, written to `output`.
    public init(dataRoot: String, output: String) {
        self.dataRoot = dataRoot
        self.output = output
    }

    /// Runs every pipeline, calling `log` with one line per step, and returns the summary it wrote.
    public func run(log: (String) -> Void = { _ in }) throws -> DemoSummary {
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var summary = DemoSummary()
        let fm = FileManager.default
        let spectraDir = dataRoot + "/Spectra", imagesDir = dataRoot + "/Images"
        for name in ((try? fm.contentsOfDirectory(atPath: spectraDir)) ?? []).sorted() {
            let path = spectraDir + "/" + name
            let bytes = try readFileBytes(path)
            guard SpectrumFile.isSpectrumFormat(bytes) else { continue }
            let figure = try ftir(path)
            log("FTIR \(name): \(figure.note)")
            summary.ftir.append(figure)
            summary.figures.append(figure.figure)
        }
        for name in ((try? fm.contentsOfDirectory(atPath: spectraDir)) ?? []).sorted()
        where [".csv", ".tsv", ".txt"].contains(where: { name.lowercased().hasSuffix($0) }) && !name.hasPrefix("NOTICE") {
            let r = try spectrum(spectraDir + "/" + name)
            log("spectrum \(name): \(r.points) points, \(r.bands.peaks.count) bands fitted")
            summary.spectra.append(r)
            summary.figures.append(r.figure)
        }
        let f1s = try xpsF1s()
        log("XPS \(f1s.note)")
        summary.xps.append(f1s)
        summary.figures.append(f1s.figure)
        for name in ((try? fm.contentsOfDirectory(atPath: imagesDir)) ?? []).sorted()
        where [".tif", ".tiff", ".png"].contains(where: { name.lowercased().hasSuffix($0) }) {
            let r = try image(imagesDir + "/" + name)
            log("image \(name): \(r.width)×\(r.height), \(r.bitsPerSample)-bit \(r.sampleFormat)")
            summary.images.append(r)
            summary.figures.append(r.figure)
            // Fibre diameters on the real (uncalibrated) nanofibre micrograph: results in pixels.
            if name.lowercased().contains("fiber") || name.lowercased().contains("fibre") {
                // The library's task with the command's defaults (`interphase sem fibers --layer top`),
                // without the sweep and the orientation, which the figure does not show. The mat has
                // out-of-focus layers below its top one: only the top layer is measured.
                var fibres = SEMFiberMeasurement()
                fibres.sweep = false
                fibres.orientation = false
                fibres.layer = .top
                let measured = try fibres.measure(path: imagesDir + "/" + name)
                let m = measured.micrograph, fr = measured.result, skeleton = measured.skeleton
                let fig = output + "/\(stem(name))-fibres.png"
                try SEMFigures.fibers(m, fr, skeleton: skeleton, title: "\(name) (uncalibrated)").write(to: fig)
                log(String(format: "fibres %@: diameter %.2f ± %.2f px, porosity %.3f", name, fr.diameterPixels.mean, fr.diameterPixels.standardDeviation, fr.porosity))
                summary.fibres.append(.init(file: name, meanDiameterPixels: fr.diameterPixels.mean, sdDiameterPixels: fr.diameterPixels.standardDeviation,
                                            porosity: fr.porosity, figure: fig))
                summary.figures.append(fig)
                // Orientation (both routes) and porosity of the same mat.
                let orientation = try SEMOrientationMeasurement().measure(m).summary
                let ofig = output + "/\(stem(name))-orientation.png"
                try SEMFigures.orientation(orientation, title: name).write(to: ofig)
                let porosity = try SEMPorosityMeasurement().measure(m)
                let pr = porosity.result, sizes = porosity.poreSize
                let pfig = output + "/\(stem(name))-porosity.png"
                try SEMFigures.porosity(m, pr, poreSize: sizes, title: name).write(to: pfig)
                log(String(format: "orientation %@: order parameter %.2f, dominant %@; void fraction %.3f, pore size median %.1f px", name,
                           orientation.orderParameter, orientation.dominantAngles.prefix(2).map { String(format: "%.1f°", $0.angle) }.joined(separator: ", "),
                           pr.voidFraction, pr.poreSizePixels.median))
                summary.figures += [ofig, pfig]
            } else if name.lowercased().contains("wave") {
                // OrientationJ's test image: fringes at +60° under a −30° envelope.
                let o = try SEMOrientationMeasurement().measure(path: imagesDir + "/" + name).summary
                let ofig = output + "/\(stem(name))-orientation.png"
                try SEMFigures.orientation(o, title: name + " (truth: +60° and −30°)").write(to: ofig)
                log("orientation \(name): dominant " + o.dominantAngles.map { String(format: "%.1f°", $0.angle) }.joined(separator: ", ") + " (truth +60°, −30°)")
                summary.figures.append(ofig)
            }
        }
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        try e.encode(summary).write(to: URL(fileURLWithPath: output + "/demo-summary.json"))
        return summary
    }

    /// F 1s with known truth: written as CSV (so `interphase xps fit` can be tried on it), fitted with
    /// the f1s-sei preset, Monte Carlo intervals, figure.
    func xpsF1s() throws -> DemoSummary.XPSResult {
        let truth = SyntheticSpectrum.f1sSEI
        let csv = output + "/f1s-synthetic.csv"
        try truth.csv(seed: 2026).write(toFile: csv, atomically: true, encoding: .utf8)
        // `interphase xps fit f1s-synthetic.csv --preset f1s-sei --monte-carlo 200`.
        var task = XPSCoreLevelFit()
        task.preset = .f1sSEI
        task.options.monteCarlo = 200
        let outcome = try task.fit(try XPSFile(path: csv))
        let r = outcome.result, region = outcome.region
        let figure = output + "/xps-f1s.png"
        try XPSFigures.fit(r, title: "F 1s (synthetic, true LiF fraction \(String(format: "%.2f", truth.lifFraction)))",
                           countsPerUnit: region.countsPerUnit).write(to: figure)
        let f = r.lifFraction
        let note = "F 1s synthetic: LiF fraction " + (f.map { String(format: "%.3f, 95%% interval %.3f–%.3f", $0.value, $0.ci95.lowerBound, $0.ci95.upperBound) } ?? "n/a")
            + String(format: " (truth %.2f)", truth.lifFraction)
        return .init(file: csv, note: note, trueLiFFraction: truth.lifFraction, lifFraction: f,
                     components: r.components.map(\.name), figure: figure)
    }

    func stem(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.split(separator: ".").dropLast().joined(separator: ".")
    }

    /// Instrument files: interferograms are transformed (and ratioed where the file holds a
    /// background) and compared with the vendor's own spectrum; absorbance spectra get the band pipeline.
    func ftir(_ path: String) throws -> DemoSummary.FTIRResult {
        let file = try SpectrumFile(path: path)
        let figurePath = output + "/\(stem(path))-ftir.png"
        if file.spectra.contains(where: { $0.yKind == .interferogram }) {
            let acq = try InterferogramAcquisition.load(path: path)
            let beams = try acq.singleBeams()
            var note = "interferogram → single beam (\(beams.sample.count) points)"
            var absorbance: Spectrum? = nil
            let stored = beams.background == nil ? nil : file.spectra.first(where: { $0.name == "AB" })
            if stored != nil {
                let a = try acq.absorbance()
                absorbance = a
                note += ", absorbance against the stored background (\(a.metadata["clippedPoints"] ?? "0") points clipped)"
            }
            try FTIRFigures.acquisition(acq, beams: beams, absorbance: absorbance, stored: stored).write(to: figurePath)
            return .init(file: path, note: note, peaks: nil, figure: figurePath)
        }
        let spectrum = try file.spectrum(named: nil)
        let result = try BandAnalysis().run(spectrum)
        try FTIRFigures.peaks(result, title: stem(path)).write(to: figurePath)
        return .init(file: path, note: "\(result.bands.count) bands fitted and assigned", peaks: FTIRPeaksReport(file: path, result: result), figure: figurePath)
    }

    /// Bundled spectra are FTIR exports: x is wavenumber. The band analysis of `interphase ftir
    /// peaks` (the library's `BandAnalysis` with its defaults), and its figure.
    func spectrum(_ path: String) throws -> DemoSummary.SpectrumResult {
        let raw = try DelimitedSpectrumReader(xKind: .wavenumber).read(path)[0]
        let result = try BandAnalysis().run(raw)
        let figurePath = output + "/\(stem(path))-spectrum.png"
        try FTIRFigures.peaks(result, title: stem(path) + " (x read as wavenumber)").write(to: figurePath)
        return .init(file: path, points: raw.count, bands: FTIRPeaksReport(file: path, result: result), figure: figurePath)
    }

    func image(_ path: String) throws -> DemoSummary.ImageResult {
        let decoded: AnyRaster
        if path.lowercased().hasSuffix(".png") { decoded = try PNGCodec.read(path) } else { decoded = try TIFFDocument(path: path).decode(page: 0) }
        let gray = decoded.grayFloat()
        let mean = Statistics.mean(gray.samples.map(Double.init))
        let figurePath = output + "/\(stem(path))-image.png"
        try ImageFigures.overview(decoded, title: stem(path)).write(to: figurePath)
        return .init(file: path, width: gray.width, height: gray.height, bitsPerSample: decoded.bitsPerSample,
                     sampleFormat: decoded.sampleFormat, meanIntensity: mean, figure: figurePath)
    }
}

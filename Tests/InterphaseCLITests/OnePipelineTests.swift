// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import Interphase

/// The Swift API and the command line run the same library entry point with the same defaults, so
/// they give the same numbers (issue: one pipeline per task).
@Suite("one pipeline: Swift API = CLI")
struct OnePipelineTests {
    static func json(_ s: String) throws -> [String: Any] { try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any] }

    /// Equal to 1e-12: the JSON text and the two processes' summation orders can move the last bit.
    static func same(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) <= 1e-12 * max(1, abs(b)) } ?? false }

    static func compare(_ cli: [String: Any], _ r: XPSFitResult) throws {
        let comps = try #require(cli["components"] as? [[String: Any]])
        #expect(comps.map { $0["name"] as! String } == r.components.map(\.name))
        for (a, b) in zip(comps, r.components) {
            #expect(same(a["center"] as? Double, b.center) && same(a["areaFraction"] as? Double, b.areaFraction), "\(b.name)")
        }
        if let lif = r.lifFraction {
            let c = try #require(cli["lifFraction"] as? [String: Any])
            #expect(same(c["value"] as? Double, lif.value))
            let ci = try #require(c["ci95"] as? [Double])
            #expect(same(ci[0], lif.ci95.lowerBound) && same(ci[1], lif.ci95.upperBound))
            #expect(c["method"] as? String == lif.method.rawValue)
        }
        #expect((cli["modelAverage"] as? [String: Any] != nil) == (r.modelAverage != nil))
    }

    @Test("xps fit: XPSCoreLevelFit gives the CLI's LiF fraction and interval, with a named preset and with the preset chosen by window")
    func lifFraction() throws {
        let path = TestData.temporaryDirectory() + "/f1s.csv"
        try SyntheticF1s.threeSeparated.csv(seed: 21).write(toFile: path, atomically: true, encoding: .utf8)
        let named = try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--json", "-"])
        #expect(named.code == 0, "\(named.stderr)")
        var task = XPSCoreLevelFit()
        task.preset = .f1sSEI
        try Self.compare(try Self.json(named.stdout), try task.fit(XPSFile(path: path)).result)
        let auto = try runCLI(["xps", "fit", path, "--json", "-"])
        try Self.compare(try Self.json(auto.stdout), try XPSCoreLevelFit().fit(XPSFile(path: path)).result)
        // In memory: the same region as arrays.
        let region = try XPSFile(path: path).region(block: nil, named: nil)
        let again = try XPSRegion(name: region.name, bindingEnergy: region.bindingEnergy, intensity: region.intensity, intensityKind: .counts,
                                  countsPerUnit: 1, source: "memory")
        try Self.compare(try Self.json(auto.stdout), try XPSCoreLevelFit().fit(again).result)
    }

    @Test("xps fit on real CasaXPS exports: the API equals the CLI", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func realExports() throws {
        for name in ["20240220_Au_MPPipTFSI4AMSIol3_N_1s.csv", "20240228_Au_MPPipTFSIIol3_S_2p.csv"] {
            let path = TestData.sharedPath("xps/il_pitfalls/" + name)
            let cli = try runCLI(["xps", "fit", path, "--json", "-"])
            #expect(cli.code == 0, "\(cli.stderr)")
            try Self.compare(try Self.json(cli.stdout), try XPSCoreLevelFit().fit(XPSFile(path: path)).result)
        }
    }

    /// The CLI's JSON text for one file, and the library task's record encoded the same way: byte for byte.
    static func sameBytes(_ args: [String], _ output: some Encodable) throws {
        let cli = try runCLI(args)
        #expect(cli.code == 0, "\(cli.stderr)")
        let api = String(decoding: try JSONOutput.encode(output, pretty: true), as: UTF8.self) + "\n"
        #expect(api == cli.stdout, "\(args)")
    }

    @Test("sem fibers, porosity, orientation: the library tasks' records are the CLI's JSON byte for byte (bundled mat, with options)")
    func semTasks() throws {
        let mat = TestData.packageRoot + "/Images/nanofiber_diameterj.tif"
        try Self.sameBytes(["sem", "fibers", mat, "--json", "-"], try SEMFiberMeasurement().measure(path: mat).output)
        var fibres = SEMFiberMeasurement()
        fibres.loading.pixelSize = SEMCalibration(text: "50nm")
        fibres.segmentation.method = .otsuTop
        fibres.orientation = false
        let calibrated = try fibres.measure(path: mat).output
        try Self.sameBytes(["sem", "fibers", mat, "--pixel-size", "50nm", "--threshold-method", "otsu-top", "--no-orientation", "--json", "-"],
                           calibrated)
        // Calibrated values as lengths: 50 nm per pixel times the mean in pixels, whatever the unit read in.
        let mean = try #require(calibrated.meanDiameter)
        #expect(abs(mean.value(in: .nanometre) - 50 * calibrated.diameterPixels.mean) < 1e-9 * mean.value(in: .nanometre))
        #expect(abs(mean.value(in: .micrometre) - calibrated.diameter!.mean) < 1e-12)
        #expect(calibrated.result.meanDiameter == calibrated.result.diameterNM.map { Length($0.mean, .nanometre) })
        #expect(calibrated.result.pixelSize == Length(50, .nanometre))
        #expect(calibrated.diameterPixels.length(\.mean) == nil, "pixels are not a length")
        try Self.sameBytes(["sem", "porosity", mat, "--json", "-"], try SEMPorosityMeasurement().measure(path: mat).output)
        try Self.sameBytes(["sem", "orientation", mat, "--json", "-"], try SEMOrientationMeasurement().measure(path: mat).output)
        // In memory: the same pixels as a raster give the same numbers.
        let m = try Micrograph(path: mat)
        let again = Micrograph(grey: m.grey, calibration: nil, path: mat)
        let a = try SEMFiberMeasurement().measure(again).output, b = try SEMFiberMeasurement().measure(m).output
        #expect(a.diameterPixels.mean == b.diameterPixels.mean && a.diameterPixels.standardDeviation == b.diameterPixels.standardDeviation)
    }

    @Test("sem thickness and a calibrated fibre mat: the library tasks' records are the CLI's JSON", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func semCalibrated() throws {
        let zeiss = TestData.sharedPath("sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif")
        try Self.sameBytes(["sem", "fibers", zeiss, "--json", "-"], try SEMFiberMeasurement().measure(path: zeiss).output)
        try Self.sameBytes(["sem", "thickness", zeiss, "--json", "-"], try SEMThicknessMeasurement().measure(path: zeiss).output)
    }

    @Test("ftir peaks and compare: the library tasks' records are the CLI's JSON byte for byte (bundled spectra, with options)")
    func ftirTasks() throws {
        let spc = TestData.packageRoot + "/Spectra/polystyrene_film.SPC", opus = TestData.packageRoot + "/Spectra/opus_test.0000"
        try Self.sameBytes(["ftir", "peaks", spc, "--json", "-"], try FTIRBandMeasurement().measure(path: spc)[0].report)
        var task = FTIRBandMeasurement()
        task.analysis.baseline = try BaselineMethod(specification: "asls:lambda=1e6")
        task.analysis.range = 600...3200
        task.curves = true
        try Self.sameBytes(["ftir", "peaks", opus, "--baseline", "asls:lambda=1e6", "--range", "600:3200", "--curves", "--json", "-"],
                           try task.measure(path: opus)[0].report)
        try Self.sameBytes(["ftir", "compare", spc, opus, "--json", "-"], try FTIRStateComparison().compare(paths: [spc, opus]).report)
    }

    @Test("xps quantify: RegionQuantification.report gives the CLI's JSON byte for byte, with regions, sensitivity factors and an exponent",
          .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func quantify() throws {
        let files = ["C_1s", "N_1s", "S_2p"].map { TestData.sharedPath("xps/il_pitfalls/20240220_Au_MPPipTFSI4AMSIol3_\($0).csv") }
        try Self.sameBytes(["xps", "quantify"] + files + ["--json", "-"], try RegionQuantification().report(paths: files))
        let multiplex = TestData.sharedPath("xps/cheminfo-vamas/multiplex.vms")
        var q = RegionQuantification()
        let ta = try #require(RegionQuantification.sensitivityFactor(text: "Ta=2.5"))
        q.sensitivityFactors[ta.element] = ta.value
        q.mfpExponent = 0.6
        try Self.sameBytes(["xps", "quantify", multiplex, "--region", "O 1s", "--region", "Ta 4f", "--rsf", "Ta=2.5", "--mfp-exponent", "0.6", "--json", "-"],
                           try q.report(paths: [multiplex], regions: ["O 1s", "Ta 4f"]))
        for bad in ["Ta", "=2", "Ta=0", "Ta=-1", "Ta=x", "Ta==2"] { #expect(RegionQuantification.sensitivityFactor(text: bad) == nil, "\(bad)") }
    }

    @Test("xps casa: CasaImport gives the CLI's JSON byte for byte, for a VAMAS file's comments and a CasaXPS CSV export", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func casaImport() throws {
        for path in [TestData.sharedPath("xps/pynxtools-xps/FeO_analyzed.vms"), TestData.sharedPath("xps/il_pitfalls/20240228_Au_MPPipTFSIIol3_Au_4f.csv")] {
            try Self.sameBytes(["xps", "casa", path, "--json", "-"], ["blocks": try CasaImport.read(path: path)])
        }
    }

    @Test("xps fit --compare-casa: XPSCoreLevelFit.compareWithCasa gives the CLI's record byte for byte; a VAMAS file is refused as an invalid request",
          .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func compareCasa() throws {
        let au = TestData.sharedPath("xps/il_pitfalls/20240228_Au_MPPipTFSIIol3_Au_4f.csv")
        var task = XPSCoreLevelFit()
        task.components = [try #require(XPSModelText.component("4f7=84")), try #require(XPSModelText.component("4f5=87.7"))]
        task.compareWithCasa = true
        let outcome = try task.fit(XPSFile(path: au))
        #expect(outcome.casaComparison?.count == 2)
        try Self.sameBytes(["xps", "fit", au, "--component", "4f7=84", "--component", "4f5=87.7", "--compare-casa", "--json", "-"],
                           XPSFitOutput(file: au, result: outcome.result, casaComparison: outcome.casaComparison, curves: false))
        let vms = TestData.sharedPath("xps/pynxtools-xps/FeO_analyzed.vms")
        do {
            _ = try task.fit(XPSFile(path: vms))
            Issue.record("a VAMAS file was compared with a CasaXPS export")
        } catch let e as XPSError {
            #expect(e.category == .invalidRequest && e.description.contains("CasaXPS CSV export"), "\(e)")
        }
    }
}

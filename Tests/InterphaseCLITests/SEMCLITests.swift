// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import Interphase
import InterphaseCore

@Suite("interphase sem")
struct SEMCLITests {
    static func object(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    @Test("sem fibers --json follows the contract: calibration, diameter (µm) or null, diameterPixels, orientation, voidFraction", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func fibers() throws {
        guard let tif = TestData.shared("sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif") else { return }
        let r = try runCLI(["sem", "fibers", tif, "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try Self.object(r.stdout)
        let cal = j["calibration"] as! [String: Any]
        #expect(abs((cal["pixelWidth"] as! Double) - 11.649976) < 1e-5 && cal["unit"] as? String == "nm" && j["databarRows"] as? Int == 34)
        let d = j["diameter"] as! [String: Any], dp = j["diameterPixels"] as! [String: Any]
        #expect(d["unit"] as? String == "µm" && abs((d["mean"] as! Double) - (dp["mean"] as! Double) * 0.011649976) < 1e-9)
        for key in ["mean", "median", "sd", "count"] { #expect(d[key] != nil && dp[key] != nil, "\(key)") }
        #expect(j["voidFraction"] is Double && (j["orientation"] as? [String: Any])?["dominantAngles"] != nil)
        let o = try runCLI(["sem", "fibers", tif, "--pixel-size", "50nm", "--json", "-", "--no-sweep"])
        let jo = try Self.object(o.stdout)
        #expect((jo["calibration"] as! [String: Any])["pixelWidth"] as? Double == 50)
        let dir = TestData.temporaryDirectory()
        let u = try runCLI(["sem", "fibers", TestData.packageRoot + "/Images/nanofiber_diameterj.tif", "--json", "-", "--report", dir + "/f.png"])
        #expect(u.code == 0, "\(u.stderr)")
        let ju = try Self.object(u.stdout)
        #expect(ju["diameter"] is NSNull && ju["calibration"] is NSNull && (ju["warnings"] as! [String]).contains { $0.contains("pixels only") })
        #expect(FileManager.default.fileExists(atPath: dir + "/f.png"))
        #expect(try runCLI(["sem", "fibers", tif, "--pixel-size", "50"]).code == 2)
        #expect(try runCLI(["sem", "fibers", tif, "--threshold-method", "magic"]).code == 2)
    }

    @Test("fibers --no-orientation: the same diameters, void fraction and sweep as the full command, no orientation", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func fibersWithoutOrientation() throws {
        guard let tif = TestData.shared("sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif") else { return }
        let full = try Self.object(try runCLI(["sem", "fibers", tif, "--json", "-"]).stdout)
        let r = try runCLI(["sem", "fibers", tif, "--json", "-", "--no-orientation"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try Self.object(r.stdout)
        #expect(j["orientation"] == nil && full["orientation"] != nil)
        for key in ["diameter", "diameterPixels", "voidFraction", "thresholdSweep", "calibration"] {
            #expect(full[key] != nil && (j[key] as? NSObject) == (full[key] as? NSObject), "\(key)")
        }
        let text = try runCLI(["sem", "fibers", tif, "--no-orientation"])
        #expect(text.code == 0 && text.stdout.contains("diameter") && !text.stdout.contains("orientation"))
    }

    @Test("info on images: pixelSize {value, unit, source} or null, dataBarStartRow or null", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func info() throws {
        guard let fei = TestData.shared("sem/rosettasciio/FEI-Helios-Ebeam-8bits.tif"),
              let zeiss = TestData.shared("sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif"),
              let wave = TestData.shared("sem/orientationj/images_synthetic_wave_512.tif") else { return }
        let f = try Self.object(try runCLI(["info", fei, "--json", "-"]).stdout)
        let fp = f["pixelSize"] as! [String: Any]
        #expect(abs((fp["value"] as! Double) - 3.3724) < 1e-9 && fp["unit"] as? String == "µm" && f["dataBarStartRow"] as? Int == 442)
        let z = try Self.object(try runCLI(["info", zeiss, "--json", "-"]).stdout)
        #expect(abs(((z["pixelSize"] as! [String: Any])["value"] as! Double) - 11.649976) < 1e-6 && z["dataBarStartRow"] as? Int == 350)
        let w = try Self.object(try runCLI(["info", wave, "--json", "-"]).stdout)
        #expect(w["pixelSize"] is NSNull && w["dataBarStartRow"] is NSNull)
    }

    @Test("sem orientation on OrientationJ's wave lists +60° and −30°; porosity and thickness give their JSON", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func orientationPorosityThickness() throws {
        guard let wave = TestData.shared("sem/orientationj/images_synthetic_wave_512.tif") else { return }
        let r = try runCLI(["sem", "orientation", wave, "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let angles = (try Self.object(r.stdout)["dominantAngles"] as! [[String: Any]]).map { $0["angle"] as! Double }
        #expect(angles.contains { abs($0 - 60) <= 1 } && angles.contains { abs($0 + 30) <= 1 }, "\(angles)")
        let nano = TestData.packageRoot + "/Images/nanofiber_diameterj.tif"
        let p = try runCLI(["sem", "porosity", nano, "--pixel-size", "20nm", "--json", "-"])
        #expect(p.code == 0, "\(p.stderr)")
        let jp = try Self.object(p.stdout)
        let ps = jp["poreSize"] as! [String: Any]
        #expect((jp["voidFraction"] as! Double) > 0.2 && (jp["voidFraction"] as! Double) < 0.8 && ps["unit"] as? String == "µm")
        let t = try runCLI(["sem", "thickness", nano, "--phase", "bright", "--json", "-"])
        #expect(t.code == 0, "\(t.stderr)")
        #expect((try Self.object(t.stdout)["thicknessPixels"] as? [String: Any])?["mean"] != nil)
        #expect(try runCLI(["sem", "thickness", nano, "--tilt", "0"]).code == 2)
    }
}

@Suite("interphase sem fibers exports")
struct SEMExportCLITests {
    /// The bundled nanofibre image (uncalibrated), analysed with a pixel size so the exports carry it.
    @Test("--save-mask, --save-skeleton, --save-diameter-map: TIFFs that read back as the analysis's mask, centre lines and diameters, with the pixel size")
    func exports() throws {
        let image = TestData.packageRoot + "/Images/nanofiber_diameterj.tif"
        let dir = TestData.temporaryDirectory()
        let r = try runCLI(["sem", "fibers", image, "--pixel-size", "50nm", "--no-orientation", "--json", "-",
                            "--save-mask", dir + "/mask.tif", "--save-skeleton", dir + "/skeleton.tif", "--save-diameter-map", dir + "/map.tif"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try SEMCLITests.object(r.stdout)
        let fibreFraction = j["fibreFraction"] as! Double
        let diameter = j["diameter"] as! [String: Any]

        // The mask: 0 and 255 only, its foreground the reported fibre fraction, the pixel size kept
        // the way ImageJ reads it.
        func page(_ name: String) throws -> (AnyRaster, TIFFPage) {
            let doc = try TIFFDocument(path: dir + "/" + name)
            return (try doc.decode(page: 0), try #require(doc.pages.first))
        }
        let (maskRaster, maskPage) = try page("mask.tif")
        guard case .uint8(let mr) = maskRaster else { Issue.record("mask is not 8-bit"); return }
        #expect(Set(mr.samples).isSubset(of: [0, 255]))
        #expect(abs(Double(mr.samples.filter { $0 == 255 }.count) / Double(mr.samples.count) - fibreFraction) < 1e-12)
        #expect(abs(try #require(SEMMetadata.imageJ(page: maskPage)).pixelWidthNM - 50) < 1e-3)
        #expect(abs(try #require(try Micrograph(path: dir + "/mask.tif").calibration).pixelWidthNM - 50) < 1e-3)

        // The centre lines lie inside the mask.
        let (skeletonRaster, _) = try page("skeleton.tif")
        guard case .uint8(let sr) = skeletonRaster else { Issue.record("skeleton is not 8-bit"); return }
        let onLine = sr.samples.indices.filter { sr.samples[$0] == 255 }
        #expect(!onLine.isEmpty && onLine.allSatisfy { mr.samples[$0] == 255 })

        // The map: finite only on centre-line pixels, in µm; its values span the reported range and
        // there are at least as many as the measured samples.
        let (mapRaster, mapPage) = try page("map.tif")
        guard case .float32(let dr) = mapRaster else { Issue.record("map is not float"); return }
        let finite = dr.samples.indices.filter { dr.samples[$0].isFinite }
        #expect(finite.allSatisfy { sr.samples[$0] == 255 })
        let values = finite.map { Double(dr.samples[$0]) }
        #expect(abs(values.min()! - (diameter["min"] as! Double)) < 1e-6 && abs(values.max()! - (diameter["max"] as! Double)) < 1e-6)
        #expect(finite.count >= diameter["count"] as! Int)
        #expect(abs(try #require(SEMMetadata.imageJ(page: mapPage)).pixelWidthNM - 50) < 1e-3)

        // An unwritable path is a usage error that names it.
        let bad = try runCLI(["sem", "fibers", image, "--no-orientation", "--no-sweep", "--save-mask", "/nonexistent-dir/m.tif"])
        #expect(bad.code == 2 && bad.stderr.contains("/nonexistent-dir/m.tif"), "\(bad.code) \(bad.stderr)")
    }

    @Test("an analysis that fails on one of several images names that image (exit 1), once; the other images' results come first")
    func failureNamesTheFile() throws {
        let dir = TestData.temporaryDirectory()
        let uniform = dir + "/uniform.tif"
        try TIFFWriter.write(Raster(width: 64, height: 64, colorModel: .gray, samples: [UInt8](repeating: 90, count: 64 * 64)), to: uniform)
        let good = TestData.packageRoot + "/Images/nanofiber_diameterj.tif"
        for command in [["sem", "fibers"], ["sem", "porosity"], ["sem", "orientation"]] {
            let r = try runCLI(command + [good, uniform, "--pixel-size", "50nm"])
            #expect(r.code == 1, "\(command): \(r.code) \(r.stderr)")
            #expect(r.stderr.contains(uniform + ": "), "\(command): \(r.stderr)")
            #expect(r.stderr.components(separatedBy: uniform).count == 2, "named once: \(r.stderr)")
            #expect(r.stdout.contains(good), "\(command): the first image's line: \(r.stdout)")
        }
    }

    @Test("every sem command reads JPEG and BMP; a truncated JPEG exits 3 naming the byte; info names the format")
    func jpegAndBMPInputs() throws {
        let fixtures = TestData.packageRoot + "/Tests/Fixtures/"
        for file in ["nanofiber_crop_q95.jpg", "nanofiber_crop_palette8.bmp"] {
            for command in [["sem", "fibers"], ["sem", "porosity"], ["sem", "orientation"]] {
                let r = try runCLI(command + [fixtures + file, "--pixel-size", "50nm", "--json", "-"])
                #expect(r.code == 0, "\(command) \(file): \(r.stderr)")
            }
        }
        let info = try runCLI(["info", fixtures + "rgb_64_q100.jpg"])
        #expect(info.code == 0 && info.stdout.contains("JPEG"), "\(info.stdout)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixtures + "nanofiber_crop_q95.jpg"))
        let cut = TestData.temporaryDirectory() + "/cut.jpg"
        try bytes.prefix(20000).write(to: URL(fileURLWithPath: cut))
        let bad = try runCLI(["sem", "fibers", cut])
        #expect(bad.code == 3 && bad.stderr.contains("byte 20000"), "\(bad.code) \(bad.stderr)")
    }
}

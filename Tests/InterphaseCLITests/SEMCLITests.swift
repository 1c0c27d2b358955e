// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

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

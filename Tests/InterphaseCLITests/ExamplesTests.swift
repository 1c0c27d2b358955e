// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// The three example programs (Examples/) print the same keys with the same numbers as the CLI
/// for the same file: they call the library entry points the CLI calls, with its defaults.
@Suite("examples = CLI")
struct ExamplesTests {
    static func json(_ s: String) throws -> [String: Any] { try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any] }

    /// Every number in `a` equals the one at the same place in `b` (to 1e-12: JSON text round trips).
    static func same(_ a: Any?, _ b: Any?, _ at: String) {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            #expect(Set(x.keys) == Set(y.keys), "\(at): keys \(x.keys.sorted()) vs \(y.keys.sorted())")
            for k in x.keys { same(x[k], y[k], at + "." + k) }
        case let (x as [Any], y as [Any]):
            #expect(x.count == y.count, "\(at): \(x.count) vs \(y.count) elements")
            for (i, (u, v)) in zip(x, y).enumerated() { same(u, v, at + "[\(i)]") }
        case let (x as Double, y as Double):
            #expect(abs(x - y) <= 1e-12 * max(1, abs(y)), "\(at): \(x) vs \(y)")
        case let (x as String, y as String):
            #expect(x == y, "\(at)")
        case (nil, nil), (is NSNull, is NSNull):
            break
        default:
            #expect(Bool(false), "\(at): \(String(describing: a)) vs \(String(describing: b))")
        }
    }

    static func check(example: String, file: String, cli: [String], keys: [String]) throws {
        let e = try runProduct(example, [file])
        #expect(e.code == 0, "\(e.stderr)")
        let c = try runCLI(cli)
        #expect(c.code == 0, "\(c.stderr)")
        let ej = try json(e.stdout), cj = try json(c.stdout)
        #expect(Set(ej.keys) == Set(keys))
        for k in keys { same(ej[k] ?? NSNull(), cj[k] ?? NSNull(), k) }
    }

    @Test("lif-fraction FILE = xps fit FILE --preset f1s-sei (lifFraction)")
    func lifFraction() throws {
        let path = TestData.temporaryDirectory() + "/f1s.csv"
        try SyntheticF1s.threeSeparated.csv(seed: 8).write(toFile: path, atomically: true, encoding: .utf8)
        try Self.check(example: "lif-fraction", file: path, cli: ["xps", "fit", path, "--preset", "f1s-sei", "--json", "-"], keys: ["lifFraction"])
    }

    @Test("fibre-diameters IMAGE = sem fibers IMAGE (diameterPixels, diameter), uncalibrated and calibrated")
    func fibreDiameters() throws {
        var images = [TestData.packageRoot + "/Images/nanofiber_diameterj.tif"]
        if TestData.hasSharedFixtures { images.append(TestData.sharedPath("sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif")) }
        for image in images {
            try Self.check(example: "fibre-diameters", file: image, cli: ["sem", "fibers", image, "--json", "-"], keys: ["diameterPixels", "diameter"])
        }
    }

    @Test("ftir-bands FILE = ftir peaks FILE (peaks)")
    func ftirBands() throws {
        for file in ["Spectra/opus_test.0000", "Spectra/polystyrene_film.SPC"] {
            let path = TestData.packageRoot + "/" + file
            try Self.check(example: "ftir-bands", file: path, cli: ["ftir", "peaks", path, "--json", "-"], keys: ["peaks"])
        }
        // An interferogram has no bands: both refuse it.
        let ig = TestData.packageRoot + "/Spectra/omnic_interferogram.SPA"
        let e = try runProduct("ftir-bands", [ig]), c = try runCLI(["ftir", "peaks", ig, "--json", "-"])
        #expect(e.code != 0 && c.code == 2 && c.stderr.contains("ftir transform"), "\(e.stderr) / \(c.stderr)")
    }
}

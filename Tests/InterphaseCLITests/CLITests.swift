// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import FTIR
import InterphaseCore
import Testing
import _TestSupport

/// Runs the built `interphase` binary (built beside this test bundle).
func runCLI(_ args: [String], cwd: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
    try runProduct("interphase", args, cwd: cwd)
}

/// Runs an executable product built beside the tests (the CLI or an example).
func runProduct(_ name: String, _ args: [String], cwd: String? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    var binary = dir.appendingPathComponent(name).path
    if !FileManager.default.fileExists(atPath: binary) {
        binary = dir.deletingLastPathComponent().appendingPathComponent(name).path
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binary)
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite("interphase command line", .serialized)
struct CLITests {
    @Test("info --json - follows the spectrum contract")
    func infoSpectrum() throws {
        let r = try runCLI(["info", TestData.packageRoot + "/Spectra/IR.CSV", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(json["format"] as? String == "CSV")
        let s = (json["spectra"] as! [[String: Any]])[0]
        for key in ["name", "points", "firstX", "lastX", "xUnit", "yUnit", "minY", "maxY"] { #expect(s[key] != nil, "missing \(key)") }
        #expect(s["points"] as? Int == 3736 && s["firstX"] as? Double == 399.1926 && s["lastX"] as? Double == 4000.605)
        #expect(s["minY"] as? Double == -0.09079)
    }

    @Test("info --json follows the image contract for TIFF and PNG, and writes to a file")
    func infoImages() throws {
        let r = try runCLI(["info", TestData.local("multipage_uint8.tif"), "--json", "-"])
        #expect(r.code == 0)
        let t = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(t["format"] as? String == "TIFF" && t["width"] as? Int == 37 && t["height"] as? Int == 23)
        #expect(t["pages"] as? Int == 3 && t["bitsPerSample"] as? Int == 8)
        let out = TestData.temporaryDirectory() + "/info.json"
        let p = try runCLI(["info", TestData.local("gray16.png"), "--json", out])
        #expect(p.code == 0)
        let j = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as! [String: Any]
        #expect(j["format"] as? String == "PNG" && j["bitsPerSample"] as? Int == 16 && j["pages"] as? Int == 1)
    }

    @Test("info reads JCAMP-DX (with header warnings) and SPC", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func infoFTIRFormats() throws {
        guard let jdx = TestData.shared("ftir/nzhagen_jcamp/lancashire/jtpolysd.jdx"),
              let spc = TestData.shared("ftir/spectrochempy_data/galacticdata/SINGLE_POLYMER_FILM.SPC") else { return }
        let j = try runCLI(["info", jdx, "--json", "-"])
        #expect(j.code == 0, "\(j.stderr)")
        let jj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as! [String: Any]
        let js = (jj["spectra"] as! [[String: Any]])[0]
        #expect(jj["format"] as? String == "JCAMP-DX" && js["points"] as? Int == 1844 && js["xUnit"] as? String == "cm⁻¹")
        #expect((js["warnings"] as? [String])?.contains { $0.contains("FIRSTY") } == true)
        let s = try runCLI(["info", spc, "--json", "-"])
        let sj = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as! [String: Any]
        let ss = (sj["spectra"] as! [[String: Any]])[0]
        #expect(sj["format"] as? String == "SPC" && ss["points"] as? Int == 1844 && ss["yUnit"] as? String == "AU")
        #expect(abs((ss["firstX"] as! Double) - 447.48) < 0.01 && abs((ss["lastX"] as! Double) - 4002.28) < 0.01)
        guard let opus = TestData.shared("ftir/spectrochempy_data/irdata/OPUS/test.0000") else { return }
        let o = try runCLI(["info", opus, "--json", "-"])
        let oj = try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as! [String: Any]
        let blocks = oj["spectra"] as! [[String: Any]]
        #expect(oj["format"] as? String == "OPUS" && Set(blocks.map { $0["name"] as! String }) == ["AB", "ScSm", "ScRf", "IgSm", "IgRf", "PhSm"])
        let ab = blocks.first { $0["name"] as? String == "AB" }!
        #expect(ab["points"] as? Int == 2567 && ab["maxY"] as? Double == 6.0 && ab["xUnit"] as? String == "cm⁻¹")
    }

    @Test("convert writes x,y CSV and JCAMP-DX from an OPUS block, and refuses unknown blocks", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func convert() throws {
        guard let opus = TestData.shared("ftir/spectrochempy_data/irdata/OPUS/test.0000") else { return }
        let dir = TestData.temporaryDirectory()
        let r = try runCLI(["convert", opus, "--block", "ScSm", "--to", "csv", "--output", dir + "/scsm.csv"])
        #expect(r.code == 0, "\(r.stderr)")
        let rows = try String(contentsOfFile: dir + "/scsm.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rows.count == 2567 && rows[0].split(separator: ",").count == 2)
        #expect(abs(Double(rows[0].split(separator: ",")[0])! - 3998.3449) < 1e-4)
        let j = try runCLI(["convert", opus, "--to", "jcamp", "--output", "-"])
        #expect(j.code == 0 && j.stdout.hasPrefix("##TITLE=AB") && j.stdout.contains("##NPOINTS=2567"))
        let bad = try runCLI(["convert", opus, "--block", "XX", "--to", "csv", "--output", dir + "/x.csv"])
        #expect(bad.code == 2 && bad.stderr.contains("no spectrum or block named XX") && bad.stderr.contains("AB"))
        #expect(try runCLI(["convert", opus, "--to", "xml", "--output", "-"]).code == 2)
    }

    @Test("ftir transform: OMNIC interferogram to single beam, OPUS interferograms to absorbance", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func ftirTransform() throws {
        guard let spa = TestData.shared("ftir/spectrochempy_data/irdata/interferogram/interfero.SPA"),
              let opus = TestData.shared("ftir/spectrochempy_data/irdata/OPUS/test.0000") else { return }
        let dir = TestData.temporaryDirectory()
        let sb = try runCLI(["ftir", "transform", spa, "--to", "single-beam", "--output", dir + "/sb.csv", "--report", dir + "/sb.png"])
        #expect(FileManager.default.fileExists(atPath: dir + "/sb.png"))
        #expect(sb.code == 0, "\(sb.stderr)")
        let rows = try String(contentsOfFile: dir + "/sb.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let x = rows.map { Double($0.split(separator: ",")[0])! }
        #expect(abs(x[1] - x[0] - 0.9642493) < 1e-6 && x.last! > 7000) // OMNIC's bins, up to ν_L/SSP
        let ab = try runCLI(["ftir", "transform", opus, "--to", "absorbance", "--output", "-"])
        #expect(ab.code == 0 && ab.stderr.contains("set to A = 6"))
        let values = ab.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: ",").map { Double($0)! } }
        // Against OPUS's own AB block where light got through (A < 1.5).
        let stored = try OPUSReader().read(opus).block("AB").spectrum
        var diffs: [Double] = []
        for (x, a) in zip(stored.x, stored.y) where a < 1.5 {
            let row = values.min { abs($0[0] - x) < abs($1[0] - x) }!
            diffs.append(abs(row[1] - a))
        }
        #expect(Statistics.median(diffs) < 0.002)
        let noBackground = try runCLI(["ftir", "transform", spa, "--to", "absorbance", "--output", "-"])
        #expect(noBackground.code == 2 && noBackground.stderr.contains("no background"))
    }

    @Test("ftir peaks --json follows the contract: positions in cm⁻¹, height, fwhm, area, assignments")
    func ftirPeaks() throws {
        let dir = TestData.temporaryDirectory()
        // A synthetic soaked PMMA/PVDF film written as JCAMP-DX: truth known by construction.
        let bands: [(Double, Double, Double)] = [(1726, 0.7, 20), (1640, 0.3, 28), (1400, 0.35, 16), (1275, 0.3, 16), (1171, 0.6, 30), (877, 0.3, 12), (841, 0.28, 12)]
        let x = stride(from: 4000.0, through: 450, by: -0.964).map { $0 }
        let y = x.map { xi in bands.reduce(0.1) { $0 + $1.1 * Foundation.exp(-4 * Foundation.log(2) * (xi - $1.0) * (xi - $1.0) / ($1.2 * $1.2)) } }
        let s = try Spectrum(name: "soaked film", x: x, y: y, xKind: .wavenumber, yKind: .absorbance)
        try SpectrumWriter.jcamp(s).write(toFile: dir + "/soaked.jdx", atomically: true, encoding: .utf8)
        let r = try runCLI(["ftir", "peaks", dir + "/soaked.jdx", "--json", "-", "--report", dir + "/peaks.png"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let peaks = json["peaks"] as! [[String: Any]]
        #expect(peaks.count == bands.count)
        for p in peaks { for key in ["position", "height", "fwhm", "area", "assignments"] { #expect(p[key] != nil, "missing \(key)") } }
        let keto = peaks.first { abs(($0["position"] as! Double) - 1640) < 2 }!
        let best = (keto["assignments"] as! [[String: Any]])[0]
        #expect(best["species"] as? String == "keto (reduced PMMA)" && (best["confidence"] as! Double) > 0.5 && best["mode"] != nil)
        let co = peaks.first { abs(($0["position"] as! Double) - 1726) < 2 }!
        #expect(abs((co["fwhm"] as! Double) - 20) < 0.5 && abs((co["height"] as! Double) - 0.7) < 0.01)
        guard case .uint8(let png) = try PNGCodec.read(dir + "/peaks.png") else { Issue.record("report PNG"); return }
        #expect(png.width == 1800)
    }

    @Test("ftir compare --json: appeared and disappeared bands between pristine and soaked films")
    func ftirCompare() throws {
        let dir = TestData.temporaryDirectory()
        func film(_ bands: [(Double, Double, Double)], _ name: String) throws -> String {
            let x = stride(from: 4000.0, through: 450, by: -0.964).map { $0 }
            let y = x.map { xi in bands.reduce(0.1) { $0 + $1.1 * Foundation.exp(-4 * Foundation.log(2) * (xi - $1.0) * (xi - $1.0) / ($1.2 * $1.2)) } }
            let path = dir + "/" + name + ".csv"
            try SpectrumWriter.csv(try Spectrum(name: name, x: x, y: y, xKind: .wavenumber, yKind: .absorbance)).write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let common: [(Double, Double, Double)] = [(1726, 0.8, 20), (1400, 0.35, 16), (877, 0.3, 12)]
        let a = try film(common + [(1148, 0.5, 22), (1191, 0.4, 22)], "pristine")
        let b = try film(common + [(1171, 0.6, 30), (1640, 0.3, 28), (510, 0.2, 12)], "soaked")
        let r = try runCLI(["ftir", "compare", a, b, "--json", "-", "--report", dir + "/compare.png"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let bands = json["bands"] as! [[String: Any]]
        func status(_ p: Double) -> String? { bands.first { abs(($0["position"] as! Double) - p) < 3 }?["status"] as? String }
        #expect(status(1640) == "appeared" && status(510) == "appeared" && status(1171) == "appeared")
        #expect(status(1148) == "disappeared" && status(1191) == "disappeared")
        #expect(status(1726) == "unchanged" && status(1400) == "unchanged" && status(877) == "unchanged")
        #expect(FileManager.default.fileExists(atPath: dir + "/compare.png"))
        #expect(try runCLI(["ftir", "compare", a]).code == 2)
    }

    @Test("ftir kramers-kronig writes wavenumber, k, n with k in the second column")
    func kramersKronig() throws {
        let dir = TestData.temporaryDirectory()
        // Reflectance of a Lorentz oscillator at 1730 cm⁻¹ (ε∞ 2.2), in percent.
        let x = stride(from: 400.0, through: 4000, by: 2).map { $0 }
        var r: [Double] = []
        for nu in x {
            let re = 2.2 + 0.08 * 1730 * 1730 * (1730 * 1730 - nu * nu) / ((1730 * 1730 - nu * nu) * (1730 * 1730 - nu * nu) + 18 * 18 * nu * nu)
            let im = 0.08 * 1730 * 1730 * 18 * nu / ((1730 * 1730 - nu * nu) * (1730 * 1730 - nu * nu) + 18 * 18 * nu * nu)
            let mod = (re * re + im * im).squareRoot()
            let n = ((mod + re) / 2).squareRoot(), k = ((mod - re) / 2).squareRoot()
            r.append(100 * ((n - 1) * (n - 1) + k * k) / ((n + 1) * (n + 1) + k * k))
        }
        try SpectrumWriter.csv(try Spectrum(name: "R", x: x, y: r, xKind: .wavenumber, yKind: .reflectance, yUnit: .percent)).write(toFile: dir + "/r.csv", atomically: true, encoding: .utf8)
        let out = try runCLI(["ftir", "kramers-kronig", dir + "/r.csv", "--output", "-"])
        #expect(out.code == 0, "\(out.stderr)")
        let rows = out.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: ",").map { Double($0)! } }
        #expect(rows.count == x.count && rows[0].count == 3)
        let kPeak = rows.max { $0[1] < $1[1] }!
        #expect(abs(kPeak[0] - 1730) <= 4 && kPeak[2] > 0.5)
    }

    @Test("info reads VAMAS: one spectrum per block with its energy axis", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func infoVAMAS() throws {
        guard let vms = TestData.shared("xps/cheminfo-vamas/multiplex.vms") else { return }
        let r = try runCLI(["info", vms, "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let spectra = json["spectra"] as! [[String: Any]]
        #expect(json["format"] as? String == "VAMAS" && spectra.count == 3)
        #expect(spectra[0]["points"] as? Int == 1206 && spectra[0]["xUnit"] as? String == "eV" && spectra[0]["maxY"] != nil)
        // Binding energies (hν − KE): the wide scan runs 1200 → −5 eV.
        #expect(spectra[0]["xKind"] as? String == "bindingEnergy")
        #expect(spectra[0]["firstX"] as? Double == 1200 && spectra[0]["lastX"] as? Double == -5)
    }

    @Test("exit codes: 3 unreadable input, 2 usage, with the file named on stderr")
    func exitCodes() throws {
        let dir = TestData.temporaryDirectory()
        let missing = try runCLI(["info", dir + "/nope.csv"])
        #expect(missing.code == 3 && missing.stderr.contains("nope.csv") && missing.stderr.contains("no such file"))
        FileManager.default.createFile(atPath: dir + "/words.csv", contents: Data("wavenumber,absorbance\n1000,0.5\n999,zero\n".utf8))
        let words = try runCLI(["info", dir + "/words.csv"])
        #expect(words.code == 3 && words.stderr.contains("line 3") && words.stderr.contains("'zero' is not a number"))
        FileManager.default.createFile(atPath: dir + "/empty.tif", contents: Data())
        #expect(try runCLI(["info", dir + "/empty.tif"]).code == 3)
        let png = try Data(contentsOf: URL(fileURLWithPath: TestData.local("gray16.png")))
        FileManager.default.createFile(atPath: dir + "/cut.png", contents: png.prefix(300))
        let cut = try runCLI(["info", dir + "/cut.png"])
        #expect(cut.code == 3 && cut.stderr.contains("cut.png"))
        let bare = try runCLI([])
        #expect(bare.code == 0 && bare.stdout.contains("OVERVIEW") && bare.stdout.contains("Exit codes"))
        let noFile = try runCLI(["info"])
        #expect(noFile.code == 2 && noFile.stderr.contains("Missing expected argument"))
        #expect(try runCLI(["frobnicate"]).code == 2)
        #expect(try runCLI(["info", "a", "--no-such-option"]).code == 2)
    }

    @Test("demo writes real, non-blank PNG figures and a JSON summary")
    func demo() throws {
        let out = TestData.temporaryDirectory() + "/demo"
        let r = try runCLI(["demo", "--output", out, "--data", TestData.packageRoot])
        #expect(r.code == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        let pngs = files.filter { $0.hasSuffix(".png") }
        #expect(pngs.count >= 6 && files.contains("demo-summary.json"))
        for f in pngs {
            guard case .uint8(let img) = try PNGCodec.read(out + "/" + f) else { Issue.record("\(f) not 8-bit"); continue }
            let g = img.grayFloat().samples
            let nonWhite = g.filter { $0 < 240 }.count
            #expect(nonWhite > g.count / 50, "\(f) looks blank")
        }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/demo-summary.json"))) as! [String: Any]
        #expect((summary["spectra"] as! [Any]).count == 1 && (summary["images"] as! [Any]).count == 2 && (summary["ftir"] as! [Any]).count == 3)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

@Suite("interphase xps")
struct XPSCLITests {
    static func json(_ s: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(s.utf8)) as! [String: Any]
    }

    @Test("xps fit --preset f1s-sei --json: components, LiF fraction with a 95 % interval containing the truth")
    func fitF1s() throws {
        let dir = TestData.temporaryDirectory()
        let path = dir + "/f1s.csv"
        try SyntheticF1s.twoComponents.csv(seed: 5).write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--json", "-", "--report", dir + "/f1s.png"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        let comps = j["components"] as! [[String: Any]]
        #expect(comps.count == 2) // CF2 is not supported by these data and is dropped
        for key in ["name", "center", "fwhm", "area", "areaFraction", "areaFractionUncertainty"] { #expect(comps[0][key] != nil, "\(key)") }
        let lif = j["lifFraction"] as! [String: Any]
        let ci = lif["ci95"] as! [Double]
        #expect(ci[0] <= 0.6 && 0.6 <= ci[1], "\(ci)")
        #expect(abs((lif["value"] as! Double) - 0.6) < 0.03)
        #expect(j["reducedChiSquare"] != nil && j["warnings"] != nil && j["background"] != nil)
        #expect(abs((comps[0]["center"] as! Double) - 685.1) < 0.1) // binding energy
        #expect(FileManager.default.fileExists(atPath: dir + "/f1s.png"))
        // By default the interval covers the model choice; the table of models is in the JSON.
        #expect(lif["method"] as? String == "modelAverage")
        let average = try #require(j["modelAverage"] as? [String: Any])
        let models = try #require(average["models"] as? [[String: Any]])
        let groups = try #require(average["groups"] as? [[String: Any]])
        #expect(groups.count == 8 && models.count >= 8 * 3)
        for key in ["background", "window", "shape", "components", "fractions", "bic", "deltaBIC", "weight", "averaged"] { #expect(models[0][key] != nil, "\(key)") }
        // --single-model: the fitted model's covariance interval, no table.
        let single = try Self.json(try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--single-model", "--json", "-"]).stdout)
        #expect((single["lifFraction"] as? [String: Any])?["method"] as? String == "covariance")
        #expect(single["modelAverage"] == nil)
        let sci = (single["lifFraction"] as! [String: Any])["ci95"] as! [Double]
        #expect(ci[1] - ci[0] >= sci[1] - sci[0])
    }

    @Test("several files: one JSON object per line, in input order, each with its file")
    func jsonLines() throws {
        let dir = TestData.temporaryDirectory()
        var paths: [String] = []
        for (k, truth) in [SyntheticF1s.threeSeparated, .twoComponents].enumerated() {
            let p = dir + "/s\(k).csv"
            try truth.csv(seed: UInt64(k + 1)).write(toFile: p, atomically: true, encoding: .utf8)
            paths.append(p)
        }
        let r = try runCLI(["xps", "fit"] + paths + ["--preset", "f1s-sei", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for (line, p) in zip(lines, paths) { #expect(try Self.json(String(line))["file"] as? String == p) }
    }

    @Test("xps casa: the CasaXPS components of FeO_analyzed.vms in binding energy", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func casa() throws {
        guard let vms = TestData.shared("xps/pynxtools-xps/FeO_analyzed.vms") else { return }
        let r = try runCLI(["xps", "casa", vms, "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let blocks = try Self.json(r.stdout)["blocks"] as! [[String: Any]]
        let comps = blocks[0]["components"] as! [[String: Any]]
        let centers = comps.map { $0["center"] as! Double }
        for (c, want) in zip(centers, [709.047, 716.00, 722.128, 729.888]) { #expect(abs(c - want) < 0.001, "\(c)") }
        #expect(comps.map { $0["shape"] as! String } == ["LF(0.54,10,80,100,6)", "SGL(30)", "LF(0.54,10,80,100,6)", "SGL(30)"])
        #expect(abs((comps[0]["area"] as! Double) - 63507.374) < 1e-3 && abs((comps[1]["fwhm"] as! Double) - 8) < 1e-9)
    }

    @Test("charge referencing: C 1s of a charged Kratos file is moved to 284.8 eV and the shift recorded", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func chargeReference() throws {
        guard let vms = TestData.shared("xps/LG4X/0-150W.vms") else { return }
        let r = try runCLI(["xps", "fit", vms, "--region", "C1s", "--charge-reference", "284.8", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        let cc = (j["components"] as! [[String: Any]]).first { $0["name"] as? String == "C-C/C-H" }!
        #expect(abs((cc["center"] as! Double) - 284.8) < 0.01)
        #expect(abs((j["chargeShift"] as! Double) - 2.5) < 0.3)
        #expect((j["warnings"] as! [String]).contains { $0.contains("charging potential") })
    }

    @Test("bad requests: unknown preset, missing block, unreadable file", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func errors() throws {
        guard let vms = TestData.shared("xps/cheminfo-vamas/multiplex.vms") else { return }
        #expect(try runCLI(["xps", "fit", vms, "--preset", "nope"]).code == 2)
        let many = try runCLI(["xps", "fit", vms])
        #expect(many.code == 2 && many.stderr.contains("--block"), "\(many.stderr)")
        let dir = TestData.temporaryDirectory()
        try "Binding Energy (eV),Counts\n685,x\n".write(toFile: dir + "/bad.csv", atomically: true, encoding: .utf8)
        let bad = try runCLI(["xps", "fit", dir + "/bad.csv"])
        #expect(bad.code == 3 && bad.stderr.contains("bad.csv"), "\(bad.stderr)")
    }

    @Test("CasaXPS CSV: xps casa imports the analyst's components, xps fit fits the measured column and --compare-casa sets them side by side",
          .enabled(if: TestData.hasShared("xps/il_pitfalls/20240228_Au_MPPipTFSIIol3_Au_4f.csv")))
    func casaCSV() throws {
        let au = TestData.sharedPath("xps/il_pitfalls/20240228_Au_MPPipTFSIIol3_Au_4f.csv")
        let casa = try runCLI(["xps", "casa", au, "--json", "-"])
        #expect(casa.code == 0, "\(casa.stderr)")
        let blocks = try #require((try JSONSerialization.jsonObject(with: Data(casa.stdout.utf8)) as? [String: Any])?["blocks"] as? [[String: Any]])
        let comps = try #require(blocks.first?["components"] as? [[String: Any]])
        #expect(comps.count == 2 && comps.allSatisfy { $0["areaInWindow"] is Double && $0["center"] is Double && $0["fwhm"] is Double })
        let fit = try runCLI(["xps", "fit", au, "--component", "4f7=84", "--component", "4f5=87.7", "--compare-casa", "--json", "-"])
        #expect(fit.code == 0, "\(fit.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(fit.stdout.utf8)) as? [String: Any])
        let cmp = try #require(j["casaComparison"] as? [[String: Any]])
        #expect(cmp.count == 2)
        for c in cmp {
            let a = try #require(c["analystFraction"] as? Double), r = try #require(c["refitFraction"] as? Double)
            #expect(abs(a - r) < 0.01, "analyst \(a) refit \(r)")
            #expect(abs((c["analystCenter"] as! Double) - (c["refitCenter"] as! Double)) < 0.05)
        }
        // A file that is not an export has nothing to compare with.
        let vms = TestData.sharedPath("xps/pynxtools-xps/FeO_analyzed.vms")
        if FileManager.default.fileExists(atPath: vms) {
            let r = try runCLI(["xps", "fit", vms, "--component", "A=710", "--compare-casa"])
            #expect(r.code == 2)
        }
    }

    /// Truth by construction: an F 1s with every line 0.8 eV too high (charging), referenced to its
    /// own LiF component.
    @Test("--charge-reference COMPONENT=EV shifts the region so that component sits at EV; the others follow")
    func componentChargeReference() throws {
        var f = SyntheticF1s.threeSeparated
        for i in f.lines.indices { f.lines[i].center += 0.8 }
        f.start += 0.8
        f.end += 0.8
        let dir = TestData.temporaryDirectory(), path = dir + "/charged.csv"
        try f.csv(seed: 3).write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--no-select", "--charge-reference", "LiF=685.1", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(abs((j["chargeShift"] as! Double) + 0.8) < 0.05, "\(j["chargeShift"] ?? "?")")
        let comps = try #require(j["components"] as? [[String: Any]])
        let centres = Dictionary(uniqueKeysWithValues: comps.map { ($0["name"] as! String, $0["center"] as! Double) })
        #expect(abs(centres["LiF"]! - 685.1) < 0.01)
        #expect(abs(centres["LixPOyFz/C-F"]! - 686.9) < 0.2 && abs(centres["CF2"]! - 688.7) < 0.2, "\(centres)") // their own fit accuracy on one Poisson draw
        #expect((j["warnings"] as? [String])?.contains { $0.contains("charge referenced to LiF") } == true)
        for bad in ["LiF=", "=685", "685,1"] {
            #expect(try runCLI(["xps", "fit", path, "--charge-reference", bad]).code == 2, "\(bad)")
        }
        #expect(try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--charge-reference", "Au=84"]).code == 2)
    }

    @Test("--model FILE.json gives the same fit as the same components and links on the command line; a bad model is a usage error",
          .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func modelFile() throws {
        let csv = TestData.sharedPath("xps/il_pitfalls/20240220_Au_MPPipTFSI4AMSIol3_S_2p.csv")
        let dir = TestData.temporaryDirectory(), path = dir + "/s2p.json"
        try #"{"components": ["A=168.3,1.2", "B=169.5,1.2"], "links": ["B.fwhm=A.fwhm", "B.area=0.5*A.area", "B.center=A.center+1.18"], "background": "shirley", "endPoints": 5}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let viaFile = try runCLI(["xps", "fit", csv, "--model", path, "--json", "-"])
        let viaFlags = try runCLI(["xps", "fit", csv, "--component", "A=168.3,1.2", "--component", "B=169.5,1.2", "--link", "B.fwhm=A.fwhm",
                                   "--link", "B.area=0.5*A.area", "--link", "B.center=A.center+1.18", "--background", "shirley", "--end-points", "5", "--json", "-"])
        #expect(viaFile.code == 0 && viaFlags.code == 0, "\(viaFile.stderr) \(viaFlags.stderr)")
        #expect(viaFile.stdout == viaFlags.stdout)
        let j = try #require(try JSONSerialization.jsonObject(with: Data(viaFile.stdout.utf8)) as? [String: Any])
        #expect((j["background"] as? [String: Any])?["type"] as? String == "shirley")
        try #"{"links": ["B.fwhm=C.fwhm"], "components": ["B=169.5"]}"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        #expect(try runCLI(["xps", "fit", csv, "--model", dir + "/bad.json"]).code == 2)
        try #"{"background": "spline"}"#.write(toFile: dir + "/bad2.json", atomically: true, encoding: .utf8)
        #expect(try runCLI(["xps", "fit", csv, "--model", dir + "/bad2.json"]).code == 2)
    }

    @Test("--bound and model-file bounds: a centre held in its range, a width fixed; unknown names and bad texts are usage errors")
    func bounds() throws {
        let dir = TestData.temporaryDirectory()
        let path = dir + "/f1s.csv"
        try SyntheticF1s.twoComponents.csv(seed: 5).write(toFile: path, atomically: true, encoding: .utf8)
        // LiF is at 685.1 eV: bounded to 685.5–685.9 it sits at the lower bound; its FWHM fixed at 1.5.
        let r = try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--single-model", "--bound", "LiF.center=685.5:685.9",
                            "--bound", "LiF.fwhm=1.5", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let lif = try #require((try Self.json(r.stdout)["components"] as! [[String: Any]]).first { $0["name"] as? String == "LiF" })
        let c = lif["center"] as! Double, w = lif["fwhm"] as! Double
        #expect(c >= 685.5 - 1e-9 && c < 685.52, "\(c)")
        #expect(abs(w - 1.5) < 1e-12, "\(w)")
        // The same from a model file.
        try #"{"components": ["LiF=685.2,1.6", "CF=687.5,1.8"], "bounds": ["LiF.center=685.5:685.9", "LiF.fwhm=1.5"]}"#
            .write(toFile: dir + "/m.json", atomically: true, encoding: .utf8)
        let m = try runCLI(["xps", "fit", path, "--model", dir + "/m.json", "--single-model", "--json", "-"])
        #expect(m.code == 0, "\(m.stderr)")
        let mlif = try #require((try Self.json(m.stdout)["components"] as! [[String: Any]]).first { $0["name"] as? String == "LiF" })
        #expect(abs((mlif["fwhm"] as! Double) - 1.5) < 1e-12 && (mlif["center"] as! Double) >= 685.5 - 1e-9)
        #expect(try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--bound", "Nope.center=1:2"]).code == 2)
        #expect(try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--bound", "LiF.fwhm=-1:2"]).code == 2)
        #expect(try runCLI(["xps", "fit", path, "--preset", "f1s-sei", "--bound", "LiF.width=1:2"]).code == 2)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `ftir peaks`, `info` and `convert` on real recordings, through the command line.
@Suite("FTIR command line on real recordings", .serialized)
struct FTIRRecordingCLITests {
    static let group = "ftir/spectrochempy_data/irdata/omnic_group/CO@Mo_Al2O3.SPG"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("ftir peaks on the bundled polystyrene film: the seven pharmacopoeia bands within 1.0 cm⁻¹, no battery species")
    func polystyrene() throws {
        let r = try runCLI(["ftir", "peaks", TestData.packageRoot + "/Spectra/polystyrene_film.SPC", "--json", "-"])
        #expect(r.code == 0, "\(r.stderr)")
        let peaks = try #require(try Self.json(r.stdout)["peaks"] as? [[String: Any]])
        for p in [3060.0, 2849.5, 1942.9, 1601.2, 1583.0, 1154.5, 1028.3] {
            let d = peaks.compactMap { $0["apex"] as? Double }.map { abs($0 - p) }.min() ?? .infinity
            #expect(d <= 1.0, "\(p) cm⁻¹: nearest band maximum \(d) away")
        }
        for p in peaks { #expect((p["assignments"] as? [Any])?.isEmpty == true, "\(p["position"] ?? "?") labelled \(p["assignments"] ?? "?")") }
        #expect(try Self.json(r.stdout)["atmosphericLines"] != nil)
    }

    @Test("--range, --baseline, --min-snr and --atmosphere change the analysis; bad values are usage errors")
    func options() throws {
        let file = TestData.packageRoot + "/Spectra/polystyrene_film.SPC"
        let ranged = try runCLI(["ftir", "peaks", file, "--range", "1400:1700", "--baseline", "asls:lambda=1e6,p=0.01", "--json", "-"])
        #expect(ranged.code == 0, "\(ranged.stderr)")
        let positions = try #require(try Self.json(ranged.stdout)["peaks"] as? [[String: Any]]).compactMap { $0["position"] as? Double }
        #expect(!positions.isEmpty && positions.allSatisfy { $0 > 1400 && $0 < 1700 })
        #expect(positions.contains { abs($0 - 1601) < 1.5 } && positions.contains { abs($0 - 1493) < 1.5 })
        let strict = try runCLI(["ftir", "peaks", file, "--min-snr", "200", "--json", "-"])
        let loose = try runCLI(["ftir", "peaks", file, "--json", "-"])
        let n = { (s: String) in ((try? Self.json(s))?["peaks"] as? [Any])?.count ?? -1 }
        #expect(n(strict.stdout) > 0 && n(strict.stdout) < n(loose.stdout))
        for bad in [["--baseline", "spline"], ["--range", "1700:1400"], ["--atmosphere", "maybe"], ["--min-snr", "-1"]] {
            let r = try runCLI(["ftir", "peaks", file] + bad)
            #expect(r.code == 2, "\(bad): exit \(r.code) \(r.stderr)")
        }
    }

    @Test("an OMNIC group: info lists 19 members first, peaks gives one JSON line per member, --block picks one",
          .enabled(if: TestData.hasShared(group)))
    func omnicGroup() throws {
        let path = TestData.sharedPath(Self.group)
        let info = try runCLI(["info", path, "--json", "-"])
        #expect(info.code == 0, "\(info.stderr)")
        let j = try Self.json(info.stdout)
        #expect(j["format"] as? String == "OMNIC SPG")
        let spectra = try #require(j["spectra"] as? [[String: Any]])
        #expect(spectra.prefix(19).allSatisfy { $0["points"] as? Int == 3112 && $0["yKind"] as? String == "absorbance" })
        #expect(spectra.count == 19 * 3) // each member's sample and background interferograms follow
        #expect((spectra[1]["name"] as? String)?.contains("0.905torr") == true)

        let all = try runCLI(["ftir", "peaks", path, "--json", "-"])
        #expect(all.code == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.count == 19)
        let names = try lines.map { try Self.json(String($0))["spectrum"] as? String ?? "" }
        #expect(names[0].contains("1.004torr") && names[18] != names[0])

        let one = try runCLI(["ftir", "peaks", path, "--block", "2", "--json", "-"])
        #expect(try Self.json(one.stdout)["spectrum"] as? String == names[1])

        let refused = try runCLI(["convert", path, "--to", "csv", "--output", "-"])
        #expect(refused.code == 2 && refused.stderr.contains("--block"))
        let csv = try runCLI(["convert", path, "--block", "19", "--to", "csv", "--output", "-"])
        #expect(csv.code == 0 && csv.stdout.split(separator: "\n").filter { !$0.hasPrefix("#") }.count == 3112)
        let outOfRange = try runCLI(["convert", path, "--block", "99", "--to", "csv", "--output", "-"])
        #expect(outOfRange.code == 2, "\(outOfRange.stderr)")
    }

    @Test("an OMNIC series (.srs) is refused as not supported (exit 3)",
          .enabled(if: TestData.hasShared("ftir/spectrochempy_data/irdata/interferogram/spectre.SPA")))
    func series() throws {
        let dir = TestData.temporaryDirectory()
        let srs = dir + "/run.srs"
        try FileManager.default.copyItem(atPath: TestData.sharedPath("ftir/spectrochempy_data/irdata/interferogram/spectre.SPA"), toPath: srs)
        let r = try runCLI(["info", srs])
        #expect(r.code == 3 && r.stderr.contains("not supported"), "\(r.code) \(r.stderr)")
    }

    @Test("a truncated JCAMP-DX file is unreadable input (exit 3) unless --lenient",
          .enabled(if: TestData.hasShared("ftir/nzhagen_jcamp/lancashire/jtpolys.jdx")))
    func truncated() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: TestData.sharedPath("ftir/nzhagen_jcamp/lancashire/jtpolys.jdx")))
        let path = TestData.temporaryDirectory() + "/cut.jdx"
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: path))
        let strict = try runCLI(["info", path])
        #expect(strict.code == 3 && strict.stderr.contains("line") && strict.stderr.contains("--lenient"), "\(strict.stderr)")
        let lenient = try runCLI(["info", path, "--lenient", "--json", "-"])
        #expect(lenient.code == 0, "\(lenient.stderr)")
        let peaks = try runCLI(["ftir", "peaks", path])
        #expect(peaks.code == 3)
    }

    static func csv(_ text: String) -> [(Double, Double)] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
            let p = line.split(separator: ",").compactMap { Double($0) }
            return p.count == 2 ? (p[0], p[1]) : nil
        }
    }

    /// Harrick: d_p ∝ 1/ν at fixed indices, so the corrected absorbance is A·ν/ν_ref per reflection.
    @Test("ftir correct --atr scales A by ν/ν_ref per reflection; --to transmittance is 10^−A; impossible settings are usage errors")
    func corrections() throws {
        let file = TestData.packageRoot + "/Spectra/polystyrene_film.SPC"
        let raw = Self.csv(try runCLI(["convert", file, "--to", "csv", "--output", "-"]).stdout)
        let one = try runCLI(["ftir", "correct", file, "--atr", "crystal=diamond,angle=45,sample-index=1.5,reflections=1", "--output", "-"])
        #expect(one.code == 0, "\(one.stderr)")
        let two = Self.csv(try runCLI(["ftir", "correct", file, "--atr", "crystal=Ge,angle=45,reflections=2,reference=1500", "--output", "-"]).stdout)
        let a1 = Self.csv(one.stdout)
        #expect(a1.count == raw.count && two.count == raw.count)
        for i in stride(from: 0, to: raw.count, by: 97) {
            #expect(abs(a1[i].1 - raw[i].1 * raw[i].0 / 1000) <= 1e-12 * max(1, abs(raw[i].1)))
            #expect(abs(two[i].1 - raw[i].1 * raw[i].0 / 1500 / 2) <= 1e-12 * max(1, abs(raw[i].1)))
        }
        let t = Self.csv(try runCLI(["ftir", "correct", file, "--to", "transmittance", "--output", "-"]).stdout)
        for i in stride(from: 0, to: raw.count, by: 97) { #expect(abs(t[i].1 - Foundation.pow(10, -raw[i].1)) < 1e-12) }
        for bad in [["--atr", "crystal=znse,angle=20"], ["--atr", "crystal=glass"], ["--kubelka-munk"], ["--to", "reflectance"], []] {
            let r = try runCLI(["ftir", "correct", file, "--output", "-"] + bad)
            #expect(r.code == 2, "\(bad): exit \(r.code)")
        }
        // The same corrections run before band finding in ftir peaks.
        let peaks = try runCLI(["ftir", "peaks", file, "--atr", "crystal=diamond", "--json", "-"])
        #expect(peaks.code == 0, "\(peaks.stderr)")
        let h = try #require(try Self.json(peaks.stdout)["peaks"] as? [[String: Any]])
        let plain = try #require(try Self.json(try runCLI(["ftir", "peaks", file, "--json", "-"]).stdout)["peaks"] as? [[String: Any]])
        func height(_ list: [[String: Any]], near x: Double) -> Double? {
            list.min { abs(($0["position"] as! Double) - x) < abs(($1["position"] as! Double) - x) }?["height"] as? Double
        }
        // 3025 cm⁻¹ is weighted by 3.0 against 698 cm⁻¹'s 0.7: their ratio grows by about 3025/698.
        let ratio = (height(h, near: 3025)! / height(h, near: 698)!) / (height(plain, near: 3025)! / height(plain, near: 698)!)
        #expect(abs(ratio - 3025.0 / 698.0) < 0.1 * 3025.0 / 698.0, "\(ratio)")
    }

    static let polyethylene = "ftir/nzhagen_jcamp/isas_official/SPECFILE.DX"

    @Test("a %T recording saved as bare x,y CSV: warned as looking like transmittance, and with --y-kind transmittance it gives the bands of the JCAMP-DX original",
          .enabled(if: TestData.hasShared(polyethylene), "needs ../shared/fixtures"))
    func declaredKind() throws {
        let dir = TestData.temporaryDirectory()
        let original = TestData.sharedPath(Self.polyethylene), csv = dir + "/polyethylene.csv"
        let converted = try runCLI(["convert", original, "--to", "csv", "--output", dir + "/with-header.csv"])
        #expect(converted.code == 0, "\(converted.stderr)")
        // The bare numbers, as a spreadsheet or another program would save them: the kind is unknown.
        let rows = try String(contentsOfFile: dir + "/with-header.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        try rows.joined(separator: "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        func run(_ args: [String]) throws -> [String: Any] {
            let r = try runCLI(["ftir", "peaks"] + args + ["--json", "-"])
            #expect(r.code == 0, "\(r.stderr)")
            return try Self.json(r.stdout)
        }
        let positions = { (d: [String: Any]) in (d["peaks"] as? [[String: Any]] ?? []).compactMap { $0["position"] as? Double } }
        let warnings = { (d: [String: Any]) in d["warnings"] as? [String] ?? [] }
        let reference = try run([original]), bare = try run([csv]), declared = try run([csv, "--y-kind", "transmittance"])
        #expect(warnings(bare).contains { $0.contains("looks like transmittance") }, "\(warnings(bare))")
        #expect(!warnings(reference).contains { $0.contains("looks like transmittance") })
        #expect(warnings(declared).contains("y declared transmittance in percent (the file gives intensity)"), "\(warnings(declared))")
        #expect(!warnings(declared).contains { $0.contains("looks like transmittance") })
        let ref = positions(reference), got = positions(declared)
        #expect(ref.count >= 8 && got.count == ref.count, "\(got) against \(ref)")
        for (a, b) in zip(ref, got) { #expect(abs(a - b) < 0.01, "\(b) against \(a)") }
        // Taken as intensity, the maxima between the dips are not the polyethylene bands.
        #expect(!positions(bare).contains { abs($0 - 2935.4) < 3 } || !positions(bare).contains { abs($0 - 721.0) < 3 }, "\(positions(bare))")
        let bad = try runCLI(["ftir", "peaks", csv, "--y-kind", "counts"])
        #expect(bad.code != 0 && bad.stderr.contains("--y-kind"))
    }
}

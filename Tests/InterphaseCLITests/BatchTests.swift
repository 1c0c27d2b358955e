// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport

/// `interphase batch`: records per file in input order, bad files recorded not fatal, resumable,
/// shardable, and byte-identical output whatever the number of jobs (issue 6).
@Suite("batch", .serialized)
struct BatchTests {
    /// Five synthetic F 1s spectra with different truths and one file that is not a spectrum.
    static func inputs() throws -> String {
        let dir = TestData.temporaryDirectory() + "/in"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (k, share) in [0.3, 0.4, 0.5, 0.6, 0.7].enumerated() {
            var truth = SyntheticF1s.twoComponents
            truth.lines[0].areaShare = share
            truth.lines[1].areaShare = 1 - share
            try truth.csv(seed: UInt64(40 + k)).write(toFile: dir + "/f1s-\(k).csv", atomically: true, encoding: .utf8)
        }
        try "Binding Energy (eV),Counts\n685,abc\n".write(toFile: dir + "/broken.csv", atomically: true, encoding: .utf8)
        try "not an input".write(toFile: dir + "/notes.md", atomically: true, encoding: .utf8)
        return dir
    }

    static func records(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func recordsInInputOrderWithBadFilesRecordedAndJobsIrrelevant() throws {
        let dir = try Self.inputs()
        let one = dir + "/../one.jsonl", three = dir + "/../three.jsonl"
        let a = try runCLI(["batch", dir, "--ext", "csv", "--jobs", "1", "--output", one, "--", "xps", "fit", "--preset", "f1s-sei"])
        let b = try runCLI(["batch", "--jobs", "3", "--output", three, dir, "--ext", "csv", "--", "xps", "fit", "--preset", "f1s-sei"])
        #expect(a.code == 1 && b.code == 1, "one file is broken: \(a.stderr)")
        let textA = try String(contentsOfFile: one, encoding: .utf8), textB = try String(contentsOfFile: three, encoding: .utf8)
        #expect(textA == textB, "results depend on --jobs")
        let r = try Self.records(textA)
        #expect(r.map { URL(fileURLWithPath: $0["file"] as! String).lastPathComponent }
                == ["broken.csv", "f1s-0.csv", "f1s-1.csv", "f1s-2.csv", "f1s-3.csv", "f1s-4.csv"])
        #expect(r[0]["status"] as? String == "error" && (r[0]["error"] as? String)?.contains("line 2") == true && r[0]["exitCode"] as? Int == 3)
        // Each record is the single-file analysis: its LiF fraction tracks the truth it was made with.
        for (k, share) in [0.3, 0.4, 0.5, 0.6, 0.7].enumerated() {
            let lif = try #require(r[k + 1]["lifFraction"] as? [String: Any])
            #expect(r[k + 1]["status"] as? String == "ok")
            #expect(abs((lif["value"] as! Double) - share) < 0.03, "f1s-\(k): \(lif["value"]!) vs \(share)")
        }
        #expect(a.stdout.contains("1 failed") && a.stdout.contains("broken.csv"))
    }

    @Test func resumeSkipsDoneFilesAndRetriesFailures() throws {
        let dir = try Self.inputs()
        let out = dir + "/../out.jsonl"
        _ = try runCLI(["batch", dir, "--ext", "csv", "--output", out, "--", "xps", "fit", "--preset", "f1s-sei"])
        let first = try String(contentsOfFile: out, encoding: .utf8)
        // Fix the broken file; a second run analyses only it.
        try SyntheticF1s.twoComponents.csv(seed: 99).write(toFile: dir + "/broken.csv", atomically: true, encoding: .utf8)
        let again = try runCLI(["batch", dir, "--ext", "csv", "--output", out, "--", "xps", "fit", "--preset", "f1s-sei"])
        #expect(again.code == 0, "\(again.stderr)")
        #expect(again.stdout.contains("1 analysed") && again.stdout.contains("5 already done"), "\(again.stdout)")
        let second = try String(contentsOfFile: out, encoding: .utf8)
        let r = try Self.records(second)
        #expect(r.count == 6 && r.allSatisfy { $0["status"] as? String == "ok" })
        // The five earlier results are kept byte for byte.
        let kept = first.split(separator: "\n").filter { $0.contains("\"status\":\"ok\"") }
        #expect(kept.count == 5 && kept.allSatisfy { second.contains($0) })
    }

    @Test func shardsPartitionTheInputs() throws {
        let dir = try Self.inputs()
        var seen: [String] = []
        for i in 1...3 {
            let r = try runCLI(["batch", dir, "--ext", "csv", "--shard", "\(i)/3", "--", "info"])
            seen += try Self.records(r.stdout).map { $0["file"] as! String }
        }
        #expect(seen.count == 6 && Set(seen).count == 6)
        #expect(try runCLI(["batch", dir, "--shard", "4/3", "--", "info"]).code == 2)
        #expect(try runCLI(["batch", dir]).code == 2) // no analysis
    }
}

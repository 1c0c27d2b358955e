// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
import Interphase
import _TestSupport

/// Every format, damaged in the ways files are damaged in practice (issue 7): truncated at many
/// offsets, bytes flipped, the magic replaced, digits replaced by letters, emptied. `info` reads
/// each mutant through the same content router as the CLI. Each must either read or throw a typed
/// ``InterphaseError`` that names the file and says where (line, byte or part); none may trap or hang.
@Suite("malformed input", .serialized)
struct MalformedInputTests {
    /// Real files of every format: bundled, generated, and the shared fixtures when present.
    static let seeds: [String] = {
        let root = TestData.packageRoot
        var paths = ["Spectra/IR.CSV", "Spectra/omnic_interferogram.SPA", "Spectra/opus_test.0000", "Spectra/polystyrene_film.SPC",
                     "Images/nanofiber_diameterj.tif", "Tests/Fixtures/tiled_uint8.tif", "Tests/Fixtures/float32_deflate.tif",
                     "Tests/Fixtures/palette_rgb.tif", "Tests/Fixtures/rgb8.png", "Tests/Fixtures/gray16.png",
                     "Fuzz/corpus/tiny.jdx", "Fuzz/corpus/semicolon.csv"].map { root + "/" + $0 }
        let shared = ["xps/pynxtools-xps/regular.vms", "xps/pynxtools-xps/irregular.vms", "xps/pynxtools-xps/FeO_analyzed.vms",
                      "xps/cheminfo-vamas/multiplex.vms", "xps/LG4X/0-150W.vms", "xps/pynxtools-xps/MgFe2O4_small.xy",
                      "xps/pynxtools-xps/SnO2_10nm.spe", "xps/pynxtools-xps/Ag_0001.txt", "xps/LG4X/C1s_sample.csv",
                      "ftir/nzhagen_jcamp/isas_official/PE1800.DX", "ftir/nzhagen_jcamp/lancashire/pacdec1.jdx",
                      "ftir/nzhagen_jcamp/edge_cases/difdup_example.jdx",
                      "ftir/spectrochempy_data/galacticdata/TOLUENE.SPC", "ftir/spectrochempy_data/irdata/interferogram/spectre.SPA"]
        paths += shared.compactMap { p in
            let full = TestData.sharedFixtures + "/" + p
            return FileManager.default.fileExists(atPath: full) ? full : nil
        }
        return paths
    }()

    /// Deterministic mutants of one file: (label, bytes).
    static func mutants(of bytes: [UInt8], seed: UInt64) -> [(String, [UInt8])] {
        var out: [(String, [UInt8])] = [("empty", [])]
        let n = bytes.count
        var cuts = Set([1, 2, 3, 4, 7, 8, 12, 16, 31, 64, 100, 128, 256, 512])
        for k in 1..<16 { cuts.insert(n * k / 16) }
        cuts.insert(n - 1)
        for c in cuts.sorted() where c > 0 && c < n { out.append(("truncated-at-\(c)", Array(bytes[0..<c]))) }
        var rng = SplitMix64(seed: seed)
        for k in 0..<16 {
            var b = bytes
            // Half the flips in the first 512 bytes, where headers and counts live.
            let limit = k % 2 == 0 ? min(n, 512) : n
            let i = Int(rng.next() % UInt64(limit))
            b[i] ^= UInt8(truncatingIfNeeded: 1 &+ rng.next() % 255)
            out.append(("flip-\(i)", b))
        }
        if n >= 4 { var b = bytes; b.replaceSubrange(0..<4, with: Array("XXXX".utf8)); out.append(("bad-magic", b)) }
        // Text where numbers belong: the first digit after the middle, and one in the header.
        for start in [n / 2, min(n, 40)] {
            if let i = bytes[start...].firstIndex(where: { (48...57).contains($0) }) {
                var b = bytes; b[i] = UInt8(ascii: "x"); out.append(("letter-at-\(i)", b))
            }
        }
        // Doubled content and a block repeated out of place.
        out.append(("garbage-tail", bytes + Array(repeating: 0xFF, count: 64)))
        return out
    }

    @Test(arguments: seeds)
    func everyMutantReadsOrFailsWithALocatedTypedError(seed path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let dir = TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = URL(fileURLWithPath: path).lastPathComponent
        var read = 0, refused = 0
        var problems: [String] = []
        for (k, (label, b)) in Self.mutants(of: bytes, seed: UInt64(bytes.count)).enumerated() {
            let name = "m\(k)-\(label)-\(base)"
            let file = dir + "/" + name
            FileManager.default.createFile(atPath: file, contents: Data(b))
            let started = Date()
            do {
                let info = try FileInfo.inspect(path: file)
                read += 1
                // What reads must still be finite: a spectrum with NaN is a silently wrong value.
                for s in info.spectra ?? [] where !(s.firstX.isFinite && s.lastX.isFinite) {
                    problems.append("\(label): read with non-finite axis ends")
                }
            } catch let e as any InterphaseError {
                refused += 1
                let text = e.description
                if !text.contains(name) { problems.append("\(label): error does not name the file: \(text)") }
                if !(text.contains("line ") || text.contains("byte") || text.contains("offset") || text.contains("page")
                     || text.contains("block") || text.contains("empty") || text.contains("whole file") || text.contains("strip")
                     || text.contains("tile") || text.contains("header") || text.contains("chunk")) {
                    problems.append("\(label): error does not say where: \(text)")
                }
            } catch {
                problems.append("\(label): untyped error \(type(of: error)): \(error)")
            }
            if Date().timeIntervalSince(started) > 20 { problems.append("\(label): took \(Date().timeIntervalSince(started)) s") }
        }
        print("malformed \(base): \(read) read, \(refused) refused, \(problems.count) problems")
        #expect(problems.isEmpty, Comment(rawValue: "\(base):\n" + problems.prefix(12).joined(separator: "\n")))
    }

    /// The contract external checks use: `interphase info FILE --json -` on a malformed file exits
    /// with a code in 1..<128 and prints an error naming the file.
    @Test(arguments: seeds)
    func cliExitsCleanlyNamingTheFile(seed path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let dir = TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = URL(fileURLWithPath: path).lastPathComponent
        let cases: [(String, [UInt8])] = [("half", Array(bytes.prefix(bytes.count / 2))), ("empty", []),
                                          ("nomagic", [0x21, 0x21, 0x21, 0x21] + bytes.dropFirst(4))]
        for (label, b) in cases {
            let name = "\(label)-\(base)"
            FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(b))
            let r = try runCLI(["info", dir + "/" + name, "--json", "-"])
            if r.code == 0 { continue } // some truncations still read (CSV rows, a JCAMP block): checked above
            #expect(r.code > 0 && r.code < 128, "\(name): exit \(r.code)")
            #expect(r.stderr.contains(name), "\(name): \(r.stderr)")
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import InterphaseCore

/// Seeded mutation of real files: every decode must end in a value or a typed error, never a crash.
@Suite("Robustness against corrupt input")
struct RobustnessTests {
    static func mutations(of bytes: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var b = bytes
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: // flip a few bytes anywhere
                for _ in 0..<Int.random(in: 1...8, using: &rng) { b[Int.random(in: 0..<b.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
            case 1: // corrupt the header region, where sizes and offsets live
                for _ in 0..<Int.random(in: 1...4, using: &rng) { b[Int.random(in: 0..<min(256, b.count), using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            case 2: // truncate
                b = Array(b.prefix(Int.random(in: 0..<b.count, using: &rng)))
            default: // insert garbage in the middle
                let at = Int.random(in: 0..<b.count, using: &rng)
                b.insert(contentsOf: (0..<Int.random(in: 1...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }, at: at)
            }
            return b
        }
    }

    @Test("mutated TIFF files decode or fail with TIFFError", arguments: ["be_uint16.tif", "palette_rgb.tif", "tiled_uint8.tif", "planar_rgb.tif", "float32_deflate.tif", "multipage_uint8.tif", "bilevel.tif"])
    func tiff(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.local(name))))
        var outcomes = (ok: 0, failed: 0)
        for m in Self.mutations(of: bytes, count: 150, seed: UInt64(name.utf8.count)) {
            do {
                let d = try TIFFDocument(bytes: m, path: name)
                for p in d.pages.indices { _ = try d.decode(page: p) }
                outcomes.ok += 1
            } catch let e as TIFFError {
                #expect(!e.description.isEmpty)
                outcomes.failed += 1
            }
        }
        // Truncations and header damage must be caught: a reader that accepted everything would fail here.
        #expect(outcomes.failed >= 30, "only \(outcomes.failed) of 150 mutations were rejected")
    }

    @Test("mutated PNG files decode or fail with PNGError", arguments: ["gray16.png", "rgb8.png"])
    func png(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.local(name))))
        var failed = 0
        for m in Self.mutations(of: bytes, count: 200, seed: 7) {
            do { _ = try PNGCodec.decode(m, path: name) } catch { failed += 1 }
        }
        #expect(failed > 50) // CRCs catch most corruption
    }

    @Test("mutated CSV text parses or fails with DelimitedTextError")
    func csv() throws {
        let text = Array("wavenumber (cm-1),absorbance\n1800.5,0.125\n1799.5,0.25\n1798.5,0.5\n1797.5,0.25\n".utf8)
        for m in Self.mutations(of: text, count: 300, seed: 3) {
            do { _ = try DelimitedSpectrumReader().parse(m, path: "m.csv") } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }

    @Test("a header claiming a gigantic image is refused before allocation")
    func giantHeader() throws {
        // Little-endian TIFF, one IFD with ImageWidth = ImageLength = 2^20 + 5 and a 1-byte strip.
        var b: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        func entry(_ tag: UInt16, _ type: UInt16, _ value: UInt32) -> [UInt8] {
            [UInt8(tag & 0xFF), UInt8(tag >> 8), UInt8(type), 0, 1, 0, 0, 0, UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
        }
        let n: UInt32 = (1 << 20) + 5
        let entries = [entry(256, 4, n), entry(257, 4, n), entry(258, 3, 8), entry(262, 3, 1), entry(273, 4, 100), entry(277, 3, 1), entry(278, 4, n), entry(279, 4, 1)]
        b += [UInt8(entries.count), 0] + entries.flatMap { $0 } + [0, 0, 0, 0]
        b += [UInt8](repeating: 7, count: 120)
        let doc = try TIFFDocument(bytes: b, path: "giant.tif")
        #expect(doc.pages[0].width == Int(n))
        #expect(throws: TIFFError.self) { try doc.decode() }
    }

    /// Found by libFuzzer (scripts/fuzz.sh): an unknown RATIONAL tag is held by libtiff as a 4-byte
    /// float, and copying 8 bytes per value (its size in the file) read past libtiff's buffer.
    @Test("regression: anonymous RATIONAL tags are copied at libtiff's storage size")
    func rationalTagRegression() throws {
        let doc = try TIFFDocument(path: TestData.local("fuzz-crash-rational-tag.tif"))
        let tag = try #require(doc.pages[0].tag(9499))
        #expect(tag.dataType == 5 && tag.count == 1 && tag.bytes.count == MemoryLayout<Float>.size)
        #expect(throws: TIFFError.self) { try doc.decode() } // its strip is also truncated
    }

    /// Found by libFuzzer: TileLength corrupted to 4·10⁹ made the tile buffer 64 GB.
    @Test("regression: an implausible tile size is refused before allocating")
    func tileSizeRegression() throws {
        let doc = try TIFFDocument(path: TestData.local("fuzz-oom-tile.tif"))
        #expect {
            try doc.decode()
        } throws: { error in
            (error as? TIFFError)?.description.contains("TileWidth/TileLength") == true
        }
    }

    /// Found by libFuzzer (a 14 s timeout): a 2 kB file claims 37 × 524 398 RGB pixels, planar, in
    /// 68 400 strips, but lists 3 StripOffsets. libtiff padded the list with zeros and estimated byte
    /// counts, so the header was read as 58 MB of pixels. Strips outside the file are now refused.
    @Test("regression: strips outside the file are refused, not read as pixels")
    func shortStripOffsetsRegression() throws {
        let doc = try TIFFDocument(path: TestData.local("fuzz-timeout-short-stripoffsets.tif"))
        #expect {
            try doc.decode()
        } throws: { error in
            (error as? TIFFError)?.description.contains("StripOffsets/StripByteCounts") == true
        }
    }
}

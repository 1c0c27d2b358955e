// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
import Interphase
import _TestSupport

/// Headers that claim absurd sizes are refused before anything that size is allocated (issue 7),
/// with an error naming the file and saying what was claimed.
@Suite("hostile sizes")
struct HostileSizeTests {
    static func write(_ bytes: [UInt8], _ name: String) -> String {
        let dir = TestData.temporaryDirectory()
        let path = dir + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
    static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xFF) } }
    static func be32(_ v: Int) -> [UInt8] { (0..<4).reversed().map { UInt8(v >> (8 * $0) & 0xFF) } }

    /// A baseline little-endian TIFF whose one directory claims `width` × `height` 8-bit pixels in a
    /// single 16-byte strip.
    static func tiff(width: Int, height: Int) -> [UInt8] {
        var b: [UInt8] = Array("II".utf8) + le16(42) + le32(8)
        let entries: [(Int, Int, Int, Int)] = [ // tag, type (3 SHORT, 4 LONG), count, value
            (256, 4, 1, width), (257, 4, 1, height), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
            (273, 4, 1, 8 + 2 + 12 * 10 + 4), (277, 3, 1, 1), (278, 4, 1, height), (279, 4, 1, 16), (284, 3, 1, 1),
        ]
        b += le16(entries.count)
        for (tag, type, count, value) in entries {
            b += le16(tag) + le16(type) + le32(count) + (type == 3 ? le16(value) + [0, 0] : le32(value))
        }
        b += le32(0) + [UInt8](repeating: 128, count: 16)
        return b
    }

    @Test func tiffOfAMillionByAMillionPixelsIsRefused() throws {
        let path = Self.write(Self.tiff(width: 1_000_000, height: 1_000_000), "huge.tif")
        do { _ = try FileInfo.inspect(path: path); Issue.record("a 10^12-pixel TIFF was accepted") }
        catch let e as any InterphaseError {
            #expect(e.description.contains("huge.tif") && e.description.contains("1000000x1000000"), "\(e)")
        }
        // The same builder with a sane size reads: the refusal is about the size, not the file.
        let ok = Self.write(Self.tiff(width: 4, height: 4), "small.tif")
        #expect(try FileInfo.inspect(path: ok).width == 4)
    }

    static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(data.count) + body + be32(Int(crc(body)))
    }

    @Test func pngOfAMillionByAMillionPixelsIsRefused() throws {
        // IHDR: 10^6 × 10^6, 8-bit RGB; an empty IDAT and IEND. libpng accepts the header (its own
        // limit is 2^20 per side); our decoder refuses the 3 TB it would need.
        let ihdr = Self.be32(1_000_000) + Self.be32(1_000_000) + [8, 2, 0, 0, 0]
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Self.chunk("IHDR", ihdr)
            + Self.chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) + Self.chunk("IEND", [])
        let path = Self.write(png, "huge.png")
        do { _ = try FileInfo.inspect(path: path); Issue.record("a 10^12-pixel PNG was accepted") }
        catch let e as any InterphaseError {
            #expect(e.description.contains("huge.png") && e.description.contains("1000000 x 1000000"), "\(e)")
        }
    }

    @Test(.enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"), arguments: [1_000_000_000, 99_999_998])
    func vamasBlockOfAbsurdValueCountIsRefused(count: Int) throws {
        guard let fixture = TestData.shared("xps/pynxtools-xps/regular.vms") else { return }
        var lines = try String(contentsOfFile: fixture, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n")
        let k = try #require(lines.firstIndex(of: "2702"))
        lines[k] = String(count)
        let path = Self.write(Array(lines.joined(separator: "\n").utf8), "huge-\(count).vms")
        do { _ = try FileInfo.inspect(path: path); Issue.record("\(count) values accepted") }
        catch let e as any InterphaseError {
            #expect(e.description.contains("huge-\(count).vms") && e.description.contains("line"), "\(e)")
        }
    }

    @Test func spcClaimingAHundredMillionPointsIsRefused() throws {
        let fixture = TestData.packageRoot + "/Spectra/polystyrene_film.SPC"
        var b = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixture)))
        b.replaceSubrange(4..<8, with: Self.le32(99_000_000)) // fnpts
        let path = Self.write(b, "huge.spc")
        do { _ = try FileInfo.inspect(path: path); Issue.record("10^8 points accepted") }
        catch let e as any InterphaseError { #expect(e.description.contains("huge.spc") && e.description.contains("byte"), "\(e)") }
    }
}

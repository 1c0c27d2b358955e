// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
@testable import InterphaseCore

/// Pixel formulas of scripts/make_test_fixtures.py (files written by Python zlib and tifffile).
enum FixtureFormula {
    static let width = 37, height = 23
    static func gray16(_ x: Int, _ y: Int) -> UInt16 { UInt16((x * 4099 + y * 257) % 65536) }
    static func gray8(_ x: Int, _ y: Int) -> UInt8 { UInt8((x * 7 + y * 11) % 256) }
}

@Suite("PNG and TIFF through libpng and libtiff")
struct ImageIOTests {
    @Test("16-bit PNG written by an independent encoder decodes to the known values, and round-trips")
    func png16() throws {
        guard case .uint16(let r) = try PNGCodec.read(TestData.local("gray16.png")) else { Issue.record("expected 16-bit"); return }
        #expect(r.width == 37 && r.height == 23 && r.colorModel == .gray)
        for y in 0..<r.height { for x in 0..<r.width { #expect(r[x, y] == FixtureFormula.gray16(x, y)) } }
        let bytes = try PNGCodec.encode(r)
        // IHDR: bit depth 16, colour type 0 (gray), big-endian width and height.
        #expect(Array(bytes[16..<26]) == [0, 0, 0, 37, 0, 0, 0, 23, 16, 0])
        guard case .uint16(let back) = try PNGCodec.decode(bytes) else { Issue.record("expected 16-bit"); return }
        #expect(back == r)
    }

    @Test("8-bit RGB, RGBA and gray PNG round trips")
    func png8() throws {
        guard case .uint8(let rgb) = try PNGCodec.read(TestData.local("rgb8.png")) else { Issue.record("expected 8-bit"); return }
        #expect(rgb.colorModel == .rgb)
        for y in 0..<23 { for x in 0..<37 {
            #expect(rgb[x, y, 0] == FixtureFormula.gray8(x, y) && rgb[x, y, 1] == 255 - FixtureFormula.gray8(x, y) && rgb[x, y, 2] == UInt8(x * 3))
        } }
        var rng = SplitMix64(seed: 1)
        for model in [ColorModel.gray, .grayAlpha, .rgb, .rgba] {
            let r = Raster<UInt8>(width: 19, height: 7, colorModel: model, samples: (0..<(19 * 7 * model.channels)).map { _ in UInt8.random(in: 0...255, using: &rng) })
            #expect(try PNGCodec.decode(try PNGCodec.encode(r)) == .uint8(r))
            let r16 = Raster<UInt16>(width: 5, height: 9, colorModel: model, samples: (0..<(45 * model.channels)).map { _ in UInt16.random(in: 0...65535, using: &rng) })
            #expect(try PNGCodec.decode(try PNGCodec.encode(r16)) == .uint16(r16))
        }
    }

    @Test("TIFF variants written by tifffile decode to the known pixels")
    func tiffVariants() throws {
        func doc(_ n: String) throws -> TIFFDocument { try TIFFDocument(path: TestData.local(n)) }
        let be = try doc("be_uint16.tif")
        #expect(be.byteOrder == "big-endian")
        guard case .uint16(let b) = try be.decode() else { Issue.record("be"); return }
        #expect(b[36, 22] == FixtureFormula.gray16(36, 22) && b[1, 0] == 4099)
        // WhiteIsZero: stored value v means 255 − v of signal.
        guard case .uint8(let wz) = try doc("whiteiszero_uint8.tif").decode() else { Issue.record("wiz"); return }
        #expect(wz[5, 3] == 255 - FixtureFormula.gray8(5, 3))
        guard case .float32(let f) = try doc("float32_deflate.tif").decode() else { Issue.record("float"); return }
        #expect(f[10, 4] == Float(FixtureFormula.gray16(10, 4)) / 65535 - 0.25)
        guard case .float32(let s16) = try doc("int16.tif").decode() else { Issue.record("int16"); return }
        #expect(s16[7, 2] == Float(Int(FixtureFormula.gray16(7, 2)) - 32768))
        guard case .uint32(let u32) = try doc("uint32.tif").decode() else { Issue.record("u32"); return }
        #expect(u32[3, 3] == UInt32(FixtureFormula.gray16(3, 3)) * 65537)
        guard case .uint8(let tiled) = try doc("tiled_uint8.tif").decode() else { Issue.record("tiled"); return }
        #expect(tiled.width == 74 && tiled.height == 69 && tiled[40, 30] == FixtureFormula.gray8(40 % 37, 30 % 23))
        guard case .uint8(let planar) = try doc("planar_rgb.tif").decode() else { Issue.record("planar"); return }
        #expect(planar.colorModel == .rgb && planar[6, 9, 0] == FixtureFormula.gray8(6, 9) && planar[6, 9, 1] == 255 - FixtureFormula.gray8(6, 9) && planar[6, 9, 2] == 18)
        let multi = try doc("multipage_uint8.tif")
        #expect(multi.pages.count == 3)
        guard case .uint8(let p2) = try multi.decode(page: 2) else { Issue.record("page"); return }
        #expect(p2[8, 8] == UInt8((Int(FixtureFormula.gray8(8, 8)) + 100) % 256))
        #expect(throws: TIFFError.noSuchPage(path: TestData.local("multipage_uint8.tif"), page: 3, pages: 3)) { try multi.decode(page: 3) }
        // Palette with a colour map: R = i, G = 255 − i, B = 3i mod 256 for index i.
        guard case .uint8(let pal) = try doc("palette_rgb.tif").decode() else { Issue.record("palette"); return }
        let i = Int(FixtureFormula.gray8(12, 5))
        #expect(pal.colorModel == .rgb && pal[12, 5, 0] == UInt8(i) && pal[12, 5, 1] == UInt8(255 - i) && pal[12, 5, 2] == UInt8((3 * i) % 256))
        guard case .uint8(let bilevel) = try doc("bilevel.tif").decode() else { Issue.record("bilevel"); return }
        #expect(bilevel[4, 4] == (FixtureFormula.gray8(4, 4) > 127 ? 255 : 0))
    }

    @Test("every SEM fixture decodes to its documented size; palette, tags and float32 are honoured", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func semFixtures() throws {
        if let p = TestData.shared("sem/fibresem/sample.01_img08.tif") {
            let d = try TIFFDocument(path: p)
            #expect(d.pages[0].photometric == .palette)
            let img = try d.decode()
            #expect(img.width == 2048 && img.height == 1536)
            #expect(img.colorModel == .gray) // a gray colour map becomes gray samples
            #expect(d.pages[0].tag(34118)?.text?.contains("Image Pixel Size") == true)
        }
        if let p = TestData.shared("sem/rosettasciio/FEI-Helios-Ebeam-8bits.tif") {
            let d = try TIFFDocument(path: p)
            let img = try d.decode()
            #expect(img.width == 512 && img.height == 471) // 442 image rows + 29-row data bar (FEI ResolutionY, DatabarHeight)
            let fei = d.pages[0].tag(34682)?.text ?? ""
            #expect(fei.contains("PixelWidth=3.3724e-006") || fei.contains("PixelWidth=3.3724e-06"))
        }
        if let p = TestData.shared("sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif") {
            let img = try TIFFDocument(path: p).decode()
            #expect(img.width == 512 && img.height == 384)
        }
        if let p = TestData.shared("sem/orientationj/images_synthetic_wave_512.tif") {
            guard case .float32(let r) = try TIFFDocument(path: p).decode() else { Issue.record("float32 expected"); return }
            #expect(r.width == 512 && r.height == 512)
            #expect(r.samples.allSatisfy { $0.isFinite && $0 >= -0.001 && $0 <= 1.001 })
        }
        if let p = TestData.shared("sem/orientationj/images_nanofiber_fiji_diameterj.tif") {
            let img = try TIFFDocument(path: p).decode()
            #expect(img.width == 512 && img.height == 512 && img.bitsPerSample == 8)
        }
    }

    @Test("bad input gives typed errors, never a crash")
    func badInput() throws {
        let dir = TestData.temporaryDirectory()
        let empty = dir + "/empty.png"
        FileManager.default.createFile(atPath: empty, contents: Data())
        #expect(throws: PNGError.unreadable(.empty(path: empty))) { try PNGCodec.read(empty) }
        #expect(throws: TIFFError.unreadable(.empty(path: empty))) { try TIFFDocument(path: empty) }
        #expect(throws: PNGError.unreadable(.cannotOpen(path: dir + "/missing.png", reason: "no such file"))) { try PNGCodec.read(dir + "/missing.png") }
        let png = try Data(contentsOf: URL(fileURLWithPath: TestData.local("gray16.png")))
        for cut in [8, 20, 40, png.count / 2, png.count - 13] {
            #expect(throws: PNGError.self) { try PNGCodec.decode([UInt8](png.prefix(cut)), path: "cut.png") }
        }
        #expect(throws: PNGError.notPNG(path: "x")) { try PNGCodec.decode(Array("hello, world".utf8), path: "x") }
        let tif = [UInt8](try Data(contentsOf: URL(fileURLWithPath: TestData.local("be_uint16.tif"))))
        var failures = 0
        for cut in [4, 8, 16, 100, tif.count / 2, tif.count - 40] {
            do { _ = try TIFFDocument(bytes: Array(tif.prefix(cut)), path: "cut.tif").decode() } catch { failures += 1 }
        }
        #expect(failures == 6)
        #expect(throws: TIFFError.notTIFF(path: "t")) { try TIFFDocument(bytes: Array("not a tiff at all".utf8), path: "t") }
        // A TIFF header pointing past the end of the file.
        #expect(throws: TIFFError.self) { try TIFFDocument(bytes: [0x49, 0x49, 42, 0, 0xFF, 0xFF, 0, 0], path: "h") }
    }
}

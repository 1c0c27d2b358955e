// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import _TestSupport
import InterphaseCore
@testable import SEM

/// JPEG (libjpeg-turbo) and BMP (stb_image) micrographs. The files in Tests/Fixtures were written
/// by Pillow from the bundled `Images/nanofiber_diameterj.tif` (the 256 × 256 pixels at x 256, y 96):
/// `nanofiber_crop_palette8.bmp` (8-bit grey palette, lossless), `nanofiber_crop_q95.jpg` (quality
/// 95), and, from the first 64 × 64 of them, `rgb24_64.bmp` / `rgb_64_q100.jpg` with R = g,
/// G = 255 − g, B = ⌊g/2⌋.
@Suite struct ImageFormatTests {
    static func fixture(_ name: String) -> String { TestData.packageRoot + "/Tests/Fixtures/" + name }

    /// The TIFF's crop at x 256, y 96 (where scripts/make_test_fixtures.py cut the JPEG and BMP files),
    /// as 8-bit samples.
    static func tiffCrop(_ size: Int) throws -> [UInt8] {
        let x0 = 256, y0 = 96
        let doc = try TIFFDocument(bytes: try readFileBytes(TestData.packageRoot + "/Images/nanofiber_diameterj.tif"), path: "tif")
        guard case .uint8(let r) = try doc.decode(page: 0) else { Issue.record("not 8-bit"); return [] }
        var out: [UInt8] = []
        for y in 0..<size {
            let start: Int = (y0 + y) * r.width + x0
            out += r.samples[start..<(start + size)]
        }
        return out
    }

    static func samples(_ g: GreyLevels) -> [Float] { g.float().samples }

    @Test func paletteBMPHoldsTheTIFFsPixelsExactly() throws {
        let truth = try Self.tiffCrop(256)
        let bmp = try BMPCodec.decode(try readFileBytes(Self.fixture("nanofiber_crop_palette8.bmp")))
        guard case .uint8(let r) = bmp else { Issue.record("not 8-bit"); return }
        #expect(r.colorModel == .gray && r.width == 256 && r.height == 256)
        #expect(r.samples == truth)
    }

    @Test func theSamePixelsAsBMPAndJPEGGiveTheSameFibreAnalysis() throws {
        let truth = try Self.tiffCrop(256)
        let reference = Micrograph(grey: .uint8(Raster(width: 256, height: 256, samples: truth)), calibration: nil)
        let bmp = try Micrograph(path: Self.fixture("nanofiber_crop_palette8.bmp"))
        let jpeg = try Micrograph(path: Self.fixture("nanofiber_crop_q95.jpg"))
        #expect(!jpeg.warnings.contains { $0.contains("colour") })
        // JPEG at quality 95 stays within a few grey levels of the original.
        let a = Self.samples(reference.grey), b = Self.samples(jpeg.grey)
        let meanAbs = zip(a, b).map { abs($0 - $1) }.reduce(0, +) / Float(a.count)
        #expect(meanAbs < 2.5, "mean |Δ| \(meanAbs)")
        let ra = try FiberAnalysis().analyse(reference), rb = try FiberAnalysis().analyse(bmp), rj = try FiberAnalysis().analyse(jpeg)
        #expect(rb.diameterPixels == ra.diameterPixels)
        #expect(abs(rj.diameterPixels.mean / ra.diameterPixels.mean - 1) < 0.03, "\(rj.diameterPixels.mean) vs \(ra.diameterPixels.mean)")
    }

    /// Colour files become grey by Rec. 601, and the output says so.
    @Test(arguments: ["rgb24_64.bmp", "rgb_64_q100.jpg"]) func colourIsConvertedByRec601(_ name: String) throws {
        let g = try Self.tiffCrop(256)
        let m = try Micrograph(path: Self.fixture(name))
        #expect(m.width == 64 && m.height == 64)
        #expect(m.warnings.contains { $0.contains("Rec. 601") })
        let got = Self.samples(m.grey)
        var worst: Float = 0
        for y in 0..<64 { for x in 0..<64 {
            let v = Double(g[y * 256 + x])
            let want = 0.299 * v + 0.587 * (255 - v) + 0.114 * (v / 2).rounded(.down)
            worst = max(worst, abs(got[y * 64 + x] - Float(want)))
        } }
        // BMP is lossless; JPEG at quality 100 without subsampling rounds through YCbCr.
        #expect(worst < (name.hasSuffix(".bmp") ? 1e-3 : 4), "\(name): worst \(worst)")
    }

    @Test func truncatedFilesAreRefusedWithTheByte() throws {
        let jpeg = try readFileBytes(Self.fixture("nanofiber_crop_q95.jpg"))
        #expect {
            _ = try JPEGCodec.decode(Array(jpeg.prefix(jpeg.count * 6 / 10)), path: "cut.jpg")
        } throws: { e in
            guard let e = e as? ImageDecodeError, case .corrupt(_, _, let m) = e else { return false }
            return m.contains("byte")
        }
        let bmp = try readFileBytes(Self.fixture("nanofiber_crop_palette8.bmp"))
        #expect {
            _ = try BMPCodec.decode(Array(bmp.prefix(bmp.count - 1000)), path: "cut.bmp")
        } throws: { e in
            guard let e = e as? ImageDecodeError, case .corrupt(_, _, let m) = e else { return false }
            return m.contains("truncated") && m.contains("\(bmp.count - 1000)")
        }
        #expect(throws: SEMError.self) { _ = try Micrograph(path: Self.fixture("nanofiber_crop_q95.jpg"), page: 1) }
    }

    /// Hitachi and JEOL save JPEG or BMP with a `<stem>.txt` sidecar (SEM.md §3.1 keys).
    @Test func sidecarsCalibrateJPEGAndBMP() throws {
        let dir = TestData.temporaryDirectory()
        try FileManager.default.copyItem(atPath: Self.fixture("nanofiber_crop_q95.jpg"), toPath: dir + "/hitachi.jpg")
        try "[SemImageFile]\r\nInstructName=S-4700\r\nPixelSize=66.15\r\nDataDisplayCombine=1\r\n".write(toFile: dir + "/hitachi.txt", atomically: true, encoding: .utf8)
        let h = try Micrograph(path: dir + "/hitachi.jpg")
        #expect(h.metadata?.vendor == "Hitachi")
        #expect(abs((h.calibration?.pixelWidthNM ?? 0) - 66.15) < 1e-9)
        try FileManager.default.copyItem(atPath: Self.fixture("nanofiber_crop_palette8.bmp"), toPath: dir + "/jeol.bmp")
        try "$CM_FORMAT JEOL-SEM\n$CM_MAG 5000\n$$SM_MICRON_BAR 120\n$$SM_MICRON_MARKER 5um\n".write(toFile: dir + "/jeol.txt", atomically: true, encoding: .utf8)
        let j = try Micrograph(path: dir + "/jeol.bmp")
        #expect(j.metadata?.vendor == "JEOL")
        #expect(abs((j.calibration?.pixelWidthNM ?? 0) - 5000.0 / 120) < 1e-9)
    }
}

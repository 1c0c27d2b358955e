// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
import _TestSupport

@Suite("TIFF writer")
struct TIFFWriterTests {
    @Test("8-bit and float grey pages read back through libtiff unchanged; a pixel size becomes ImageJ's resolution and unit; none: no resolution tags")
    func roundTrip() throws {
        let dir = TestData.temporaryDirectory()
        let w = 37, h = 23
        var rng = SplitMix64(seed: 4)
        let bytes = (0..<(w * h)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        var floats = (0..<(w * h)).map { _ in Float.random(in: -1e3...1e3, using: &rng) }
        floats[5] = .nan
        try TIFFWriter.write(Raster(width: w, height: h, colorModel: .gray, samples: bytes), to: dir + "/a.tif", pixelSizeNM: (x: 9.766, y: 9.766))
        try TIFFWriter.write(Raster(width: w, height: h, colorModel: .gray, samples: floats), to: dir + "/b.tif")

        let a = try TIFFDocument(path: dir + "/a.tif")
        guard case .uint8(let ra) = try a.decode(page: 0) else { Issue.record("not 8-bit"); return }
        #expect(ra.width == w && ra.height == h && ra.samples == bytes)
        let page = try #require(a.pages.first)
        let res = try #require(page.resolution)
        // 9.766 nm per pixel = 102.396… pixels per micron (stored as a float rational).
        #expect(abs(res.x - 1000 / 9.766) < 1e-3 && abs(res.y - 1000 / 9.766) < 1e-3 && res.unit == 1)
        #expect(page.tag(270)?.text?.hasPrefix("ImageJ=") == true && page.tag(270)?.text?.contains("unit=micron") == true)

        let b = try TIFFDocument(path: dir + "/b.tif")
        guard case .float32(let rb) = try b.decode(page: 0) else { Issue.record("not float"); return }
        #expect(rb.samples[5].isNaN)
        #expect(zip(rb.samples, floats).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
        #expect(b.pages.first?.resolution == nil && b.pages.first?.tag(270) == nil)

        #expect(throws: TIFFError.self) { try TIFFWriter.write(Raster(width: w, height: h, colorModel: .gray, samples: bytes), to: dir + "/no/such/dir/c.tif") }
    }
}

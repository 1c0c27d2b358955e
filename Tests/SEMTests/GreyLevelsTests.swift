// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

/// 8- and 16-bit micrographs are analysed from their stored grey levels, each row converted to Float
/// as a kernel reads it. The Float route is the one checked against references elsewhere; these
/// tests require the stored-width route to give exactly its numbers.
@Suite("SEM grey levels kept at their stored width")
struct GreyLevelsTests {
    /// Bright fibres of random angle on a darker background, with pixel noise, as whole grey levels 0–255.
    static func noisyFibres(size: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        let base = SEMFiberTests.fibres(width: 9, size: size, seed: seed).samples
        return base.map { v in UInt8(max(0, min(255, Double(v) + Double.random(in: -40...40, using: &rng))).rounded()) }
    }

    static func encoded<T: Encodable>(_ v: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return try e.encode(v)
    }

    @Test("an 8-bit grey PNG stays 8-bit; its Float image is the decoder's grayFloat()")
    func pngStaysEightBit() throws {
        let samples = Self.noisyFibres(size: 96, seed: 3)
        let png = try PNGCodec.encode(Raster(width: 96, height: 96, colorModel: .gray, samples: samples))
        let path = TestData.temporaryDirectory() + "/mat.png"
        try Data(png).write(to: URL(fileURLWithPath: path))
        let m = try Micrograph(path: path, databar: 0)
        guard case .uint8(let r) = m.grey else { Issue.record("expected 8-bit grey levels, got \(m.grey)"); return }
        #expect(r.samples == samples)
        #expect(m.image.samples == samples.map(Float.init))
        #expect(m.width == 96 && m.height == 96)
    }

    @Test("the Gaussian of 8- and 16-bit rows equals the Gaussian of their Float copy, bit for bit")
    func gaussianMatchesFloat() {
        let w = 77, h = 53
        let bytes = Self.noisyFibres(size: 96, seed: 5).prefix(w * h)
        let u8 = Raster(width: w, height: h, colorModel: .gray, samples: Array(bytes))
        let u16 = Raster(width: w, height: h, colorModel: .gray, samples: bytes.map { UInt16($0) * 257 })
        for sigma in [0.7, 1.0, 2.5] {
            #expect(Filters.gaussian(grey: u8, sigma: sigma).samples == Filters.gaussian(u8.grayFloat(), sigma: sigma).samples)
            #expect(Filters.gaussian(grey: u16, sigma: sigma).samples == Filters.gaussian(u16.grayFloat(), sigma: sigma).samples)
        }
    }

    @Test("the grey range of 8-bit, 16-bit and Float levels is the Float image's min and max")
    func rangeMatchesFloat() {
        let bytes = Self.noisyFibres(size: 67, seed: 8)
        let u8 = Raster(width: 67, height: 67, colorModel: .gray, samples: bytes)
        let u16 = Raster(width: 67, height: 67, colorModel: .gray, samples: bytes.map { UInt16($0) * 257 + 3 })
        for grey in [GreyLevels.uint8(u8), .uint16(u16), .float(u16.grayFloat())] {
            let f = grey.float().samples
            #expect(grey.range?.lo == f.min() && grey.range?.hi == f.max(), "\(grey)")
        }
        #expect(GreyLevels.uint8(Raster(width: 0, height: 0, colorModel: .gray, samples: [])).range == nil)
    }

    @Test("fibre diameters, threshold sweep and both orientation routes are identical from 8-bit and Float levels")
    func pipelineMatchesFloat() throws {
        let size = 256
        let raster = Raster(width: size, height: size, colorModel: .gray, samples: Self.noisyFibres(size: size, seed: 11))
        let cal = SEMCalibration(pixelWidthNM: 50, source: "test", raw: "")
        let eight = Micrograph(grey: .uint8(raster), calibration: cal)
        let float = Micrograph(image: raster.grayFloat(), calibration: cal)
        guard case .uint8 = eight.grey else { Issue.record("expected 8-bit grey levels"); return }
        let analysis = FiberAnalysis()
        let a = try analysis.analyseWithSweep(eight, sweep: true), b = try analysis.analyseWithSweep(float, sweep: true)
        #expect(try Self.encoded(a.result) == Self.encoded(b.result))
        #expect(try Self.encoded(#require(a.sweep)) == Self.encoded(#require(b.sweep)))
        #expect(a.mask.pixels == b.mask.pixels)
        var o = OrientationAnalysis.Options()
        o.mask = a.mask
        #expect(try Self.encoded(OrientationAnalysis.structureTensor(eight.grey, options: o))
                == Self.encoded(OrientationAnalysis.structureTensor(float.grey, options: o)))
        #expect(try Self.encoded(OrientationAnalysis.fourier(eight.grey)) == Self.encoded(OrientationAnalysis.fourier(float.grey)))
    }
}

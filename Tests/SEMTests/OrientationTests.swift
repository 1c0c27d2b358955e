// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

@Suite("SEM orientation")
struct OrientationTests {
    /// Parallel bright lines at `angle` degrees (counter-clockwise, y down), period `period` px.
    static func lines(angle: Double, period: Double, size: Int = 256) -> Raster<Float> {
        let t = angle * .pi / 180
        // Normal to the lines in image coordinates (y down): the line direction is (cos t, −sin t).
        let nx = sin(t), ny = cos(t)
        var px = [Float](repeating: 0, count: size * size)
        for y in 0..<size { for x in 0..<size {
            px[y * size + x] = Float(100 + 50 * cos(2 * .pi * (Double(x) * nx + Double(y) * ny) / period))
        } }
        return Raster(width: size, height: size, colorModel: .gray, samples: px)
    }

    /// The wave is 60° fringes of period 8 px under a −30° envelope of period 64 px (equal amplitudes,
    /// so the envelope's gradient is 8× weaker). The power spectrum separates both; the structure
    /// tensor sees the 60° fringes at every pixel (its gradient energy is 64× larger), so its
    /// histogram has the one peak, and `combined` lists both.
    @Test("OrientationJ's synthetic wave: peaks at +60° and −30° within 1° (Fourier and combined); the tensor reads 60°", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func wave() throws {
        guard let p = TestData.shared("sem/orientationj/images_synthetic_wave_512.tif") else { return }
        let m = try Micrograph(path: p)
        #expect(m.image.width == 512 && m.image.height == 512)
        let f = try OrientationAnalysis.fourier(m.image)
        let t = try OrientationAnalysis.structureTensor(m.image)
        let both = OrientationAnalysis.combined(t, f)
        for angles in [f.dominantAngles.prefix(2).map(\.angle), both.prefix(2).map(\.angle)] {
            #expect(angles.contains { abs($0 - 60) <= 1 } && angles.contains { abs($0 + 30) <= 1 }, "\(angles)")
        }
        #expect(abs(t.dominantAngles[0].angle - 60) <= 0.2, "\(t.dominantAngles)")
    }

    @Test("lines at a known angle: dominant angle within 0.5°, order parameter near 1, coherency high",
          arguments: [-75.0, -45.0, 0.0, 20.0, 45.0, 89.0])
    func knownAngle(angle: Double) throws {
        let img = Self.lines(angle: angle, period: 9)
        for r in [try OrientationAnalysis.structureTensor(img), try OrientationAnalysis.fourier(img)] {
            let a = r.dominantAngles[0].angle
            let d = abs(a - angle)
            #expect(min(d, 180 - d) <= 0.5, "\(r.method) \(angle): \(a)")
            #expect(r.orderParameter > 0.9, "\(r.method): \(r.orderParameter)")
        }
        #expect(try OrientationAnalysis.structureTensor(img).meanCoherency! > 0.9)
    }

    @Test("Fourier route with Welch tiles (image larger than the tile, overlapping tiles): the known angle within 0.5°",
          arguments: [-45.0, 20.0, 89.0])
    func welchTiles(angle: Double) throws {
        // 3 × 3 overlapping tiles of 256², each as large as the single image of `knownAngle`.
        let img = Self.lines(angle: angle, period: 9, size: 600)
        var o = OrientationAnalysis.Options()
        o.fourierTile = 256
        #expect(OrientationAnalysis.tileOrigins(600, 256) == [0, 172, 344])
        let r = try OrientationAnalysis.fourier(img, options: o)
        let d = abs(r.dominantAngles[0].angle - angle)
        #expect(min(d, 180 - d) <= 0.5, "\(angle): \(r.dominantAngles[0].angle)")
        #expect(r.orderParameter > 0.9)
    }

    @Test("isotropic noise has no preferred direction: order parameter near 0")
    func isotropic() throws {
        var rng = SplitMix64(seed: 7)
        let n = 256
        let noise = Raster<Float>(width: n, height: n, colorModel: .gray, samples: (0..<(n * n)).map { _ in Float.random(in: 0..<1, using: &rng) })
        let smooth = Filters.gaussian(noise, sigma: 1.5)
        let r = try OrientationAnalysis.structureTensor(smooth)
        #expect(r.orderParameter < 0.1, "\(r.orderParameter)")
        let f = try OrientationAnalysis.fourier(smooth)
        #expect(f.orderParameter < 0.1, "\(f.orderParameter)")
    }

    @Test("a mask restricts the tensor histogram to its pixels; the energy gate is relative to the whole image's largest energy")
    func maskedTensor() throws {
        // Left half: lines at 20°; right half: lines at −60° (weakened by `scale`).
        func halves(scale: Float) -> Raster<Float> {
            let a = Self.lines(angle: 20, period: 9), b = Self.lines(angle: -60, period: 9)
            var px = a.samples
            for y in 0..<256 { for x in 128..<256 { px[y * 256 + x] = 100 + scale * (b.samples[y * 256 + x] - 100) } }
            return Raster(width: 256, height: 256, colorModel: .gray, samples: px)
        }
        func mask(left: Bool) -> BinaryMask {
            // The half's interior: 16 px away from the seam and the edges.
            BinaryMask(width: 256, height: 256, pixels: (0..<(256 * 256)).map { i in
                let x = i % 256, y = i / 256, inside = y >= 16 && y < 240 && (left ? (x >= 16 && x < 112) : (x >= 144 && x < 240))
                return inside ? 1 : 0
            })
        }
        var o = OrientationAnalysis.Options()
        for (left, angle) in [(true, 20.0), (false, -60.0)] {
            o.mask = mask(left: left)
            let r = try OrientationAnalysis.structureTensor(halves(scale: 1), options: o)
            #expect(abs(r.dominantAngles[0].angle - angle) <= 0.5 && r.dominantAngles.count == 1, "\(r.dominantAngles)")
            #expect(r.countedFraction! > 0.99 && r.orderParameter > 0.95, "\(r.countedFraction!) \(r.orderParameter)")
        }
        // At 5 % contrast the right half's energy is 0.25 % of the left's largest: under the 1 % gate.
        o.mask = mask(left: false)
        #expect(throws: SEMError.self) { try OrientationAnalysis.structureTensor(halves(scale: 0.05), options: o) }
        // At 15 % contrast (2.25 %) it passes.
        #expect(try OrientationAnalysis.structureTensor(halves(scale: 0.15), options: o).countedFraction! > 0.99)
    }

    @Test("a uniform image is refused with a reason")
    func uniform() {
        let img = Raster<Float>(width: 32, height: 32, colorModel: .gray, samples: [Float](repeating: 3, count: 1024))
        #expect(throws: SEMError.self) { try OrientationAnalysis.structureTensor(img) }
        #expect(throws: SEMError.self) { try OrientationAnalysis.fourier(img) }
    }
}

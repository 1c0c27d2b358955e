// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
import _TestSupport
@testable import SEM

/// The contrast clean-up (``Segmentation/shallowCleanUp``) on an image whose truth is known by
/// construction: two wide bright fibres (level 200 on a background of 30, edges anti-aliased, blurred
/// by the default σ 1 and noisy), one with a shallow dip inside it (noise or a darker fibre core: the
/// mask gets a hole), a real gap between the fibres where they nearly touch (reaching the background),
/// a faint speck in the background and a small bright particle.
@Suite("SEM clean-up by contrast")
struct ShallowCleanUpTests {
    static let w = 160, h = 120

    static func image(seed: UInt64) -> Raster<Float> {
        var rng = SplitMix64(seed: seed)
        var px = [Float](repeating: 30, count: w * h)
        func cover(_ d: Double) -> Float { Float(min(1, max(0, 0.5 - d))) }   // area of a unit pixel inside a half-plane
        for y in 0..<h { for x in 0..<w {
            let fy = Double(y)
            // Fibres: rows 20–40 and 46–66 (width 20), anti-aliased edges at half-pixel offsets.
            let a = min(cover(19.7 - fy), cover(fy - 40.3)), b = min(cover(45.6 - fy), cover(fy - 66.4))
            px[y * w + x] = 30 + 170 * max(a, b)
        } }
        // The real gap: where the fibres are 5 px apart, a 9 px stretch of background stays dark (it
        // is background already). Close the gap elsewhere: join the fibres over x 0–60 and 80–160.
        for y in 41..<46 { for x in 0..<w where x < 60 || x >= 80 { px[y * w + x] = 200 } }
        // The shallow dip inside the upper fibre: 8 × 8 px at 100 (below the threshold, well above the background).
        for y in 26..<34 { for x in 98..<106 { px[y * w + x] = 100 } }
        // A faint speck (just over the threshold) and a bright particle, in the background below.
        for y in 89..<95 { for x in 29..<35 { px[y * w + x] = 125 } }
        for y in 90..<95 { for x in 100..<105 { px[y * w + x] = 200 } }
        var blurred = Filters.gaussian(Raster(width: w, height: h, colorModel: .gray, samples: px), sigma: 1.0)
        for i in blurred.samples.indices { blurred.samples[i] += Float(rng.normal() * 6) }
        return blurred
    }

    @Test("a shallow hole inside a fibre is filled and a faint speck removed; a real gap and a bright particle are kept", arguments: [1, 2, 3] as [UInt64])
    func holesAndSpecks(seed: UInt64) throws {
        let img = Self.image(seed: seed)
        var s = Segmentation()
        let plain = try s.mask(img).mask
        s.shallowCleanUp = true
        let clean = try s.mask(img).mask
        func at(_ m: BinaryMask, _ x: Int, _ y: Int) -> Bool { m.pixels[y * m.width + x] != 0 }
        // Without the clean-up the dip is a hole and the speck is foreground: the test can fail.
        let pre = try s.preprocess(img), level = try s.mask(img).level ?? .nan, clean0 = try s.mask(img).mask
        #expect(!at(plain, 102, 30) && at(plain, 32, 92), "level \(level), fibre fraction \(clean0.foregroundFraction), dip \(pre.samples[30 * Self.w + 102]), speck \(pre.samples[92 * Self.w + 32])")
        #expect(at(clean, 102, 30), "the shallow hole is filled")
        #expect(!at(clean, 32, 92), "the faint speck is removed")
        #expect(!at(clean, 70, 43), "the gap between the fibres reaches the background and stays open")
        #expect(at(clean, 102, 92), "the bright particle stays")
        // Nothing else changes: the masks differ only at the hole and the speck.
        var changed = 0
        for i in plain.pixels.indices where plain.pixels[i] != clean.pixels[i] {
            let x = i % Self.w, y = i / Self.w
            let inHole = (24...36).contains(y) && (96...110).contains(x), inSpeck = (86...98).contains(y) && (26...38).contains(x)
            if !(inHole || inSpeck) { changed += 1 }
        }
        #expect(changed == 0)
    }

    @Test("dark fibres: the negated image with darkForeground gives the same cleaned mask")
    func darkFibres() throws {
        let img = Self.image(seed: 4)
        var bright = Segmentation()
        bright.shallowCleanUp = true
        var dark = bright
        dark.darkForeground = true
        let negated = Raster(width: img.width, height: img.height, colorModel: .gray, samples: img.samples.map { 255 - $0 })
        let a = try bright.mask(img).mask, b = try dark.mask(negated).mask
        var plain = dark
        plain.shallowCleanUp = false
        #expect(try plain.mask(negated).mask.pixels != b.pixels, "the clean-up changes the dark mask too")
        #expect(a.pixels == b.pixels)
    }
}

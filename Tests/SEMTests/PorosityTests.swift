// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

@Suite("SEM labelling, morphology, local thickness and porosity")
struct PorosityTests {
    /// Components by breadth-first flood fill (the independent oracle).
    static func floodCount(_ m: BinaryMask, eight: Bool) -> (count: Int, label: [Int]) {
        var label = [Int](repeating: 0, count: m.pixels.count)
        var n = 0
        for start in m.pixels.indices where m.pixels[start] != 0 && label[start] == 0 {
            n += 1
            var queue = [start]
            label[start] = n
            while let p = queue.popLast() {
                let x = p % m.width, y = p / m.width
                for dy in -1...1 { for dx in -1...1 where (dx != 0 || dy != 0) && (eight || dx == 0 || dy == 0) {
                    let xx = x + dx, yy = y + dy
                    guard xx >= 0, xx < m.width, yy >= 0, yy < m.height else { continue }
                    let q = yy * m.width + xx
                    if m.pixels[q] != 0 && label[q] == 0 { label[q] = n; queue.append(q) }
                } }
            }
        }
        return (n, label)
    }

    @Test("labelling agrees with flood fill (same partition), 4- and 8-connected", arguments: [false, true])
    func labelling(eight: Bool) {
        for seed in UInt64(1)...5 {
            let m = SEMKernelTests.randomMask(53, 41, density: 0.45, seed: seed)
            let c = Components(m, eightConnected: eight)
            let f = Self.floodCount(m, eight: eight)
            #expect(c.count == f.count)
            var map: [Int: Int32] = [:]
            var consistent = true
            for i in m.pixels.indices where m.pixels[i] != 0 {
                if let l = map[f.label[i]] { if l != c.labels[i] { consistent = false } } else { map[f.label[i]] = c.labels[i] }
            }
            #expect(consistent && c.components.reduce(0) { $0 + $1.area } == m.pixels.reduce(0) { $0 + Int($1) })
        }
    }

    @Test("background labelling agrees with flood fill of the inverted mask, also on a checkerboard (a run per two pixels)", arguments: [false, true])
    func backgroundLabelling(eight: Bool) {
        var masks = (UInt64(1)...4).map { SEMKernelTests.randomMask(53, 41, density: 0.55, seed: $0) }
        var checker = [UInt8](repeating: 0, count: 37 * 29)
        for i in checker.indices where (i % 37 + i / 37) % 2 == 1 { checker[i] = 1 }
        masks.append(BinaryMask(width: 37, height: 29, pixels: checker))
        for m in masks {
            let c = Components(m, eightConnected: eight, background: true)
            let inverted = m.inverted()
            let f = Self.floodCount(inverted, eight: eight)
            #expect(c.count == f.count)
            var map: [Int: Int32] = [:]
            var consistent = true
            for i in m.pixels.indices {
                if m.pixels[i] != 0 { if c.labels[i] != 0 { consistent = false }; continue }
                if let l = map[f.label[i]] { if l != c.labels[i] { consistent = false } } else { map[f.label[i]] = c.labels[i] }
            }
            #expect(consistent && c.components.reduce(0) { $0 + $1.area } == inverted.pixels.reduce(0) { $0 + Int($1) })
        }
    }

    @Test("typical strip width: a band of width d averaged over directions reads d within 5 %; one column and a mask without columns do not fail")
    func stripWidth() throws {
        let n = 300, d = 12.0
        var estimates: [Double] = []
        for degrees in stride(from: 0.0, to: 90.0, by: 5.0) {
            let t = degrees * Double.pi / 180
            var px = [UInt8](repeating: 0, count: n * n)
            for y in 0..<n { for x in 0..<n where abs(-(Double(x) - 150) * sin(t) + (Double(y) - 150) * cos(t)) <= d / 2 { px[y * n + x] = 1 } }
            estimates.append(try #require(Morphology.typicalStripWidth(BinaryMask(width: n, height: n, pixels: px))))
        }
        let mean = estimates.reduce(0, +) / Double(estimates.count)
        #expect(abs(mean / d - 1) < 0.05, "\(mean) \(estimates)")
        // One column: 2 foreground pixels, one side between them and the background below.
        #expect(Morphology.typicalStripWidth(BinaryMask(width: 1, height: 3, pixels: [1, 1, 0])) == 16 / Double.pi)
        #expect(Morphology.typicalStripWidth(BinaryMask(width: 0, height: 3, pixels: [])) == nil)
        #expect(Components(BinaryMask(width: 0, height: 3, pixels: [])).count == 0)
        #expect(Components(BinaryMask(width: 0, height: 3, pixels: []), background: true).count == 0)
    }

    @Test("exact local thickness equals the brute-force definition (largest inscribed disc containing the pixel)")
    func localThickness() {
        for seed in UInt64(1)...3 {
            // Blobby shapes: thresholded smoothed noise.
            var rng = SplitMix64(seed: seed)
            let w = 48, h = 36
            let noise = Raster<Float>(width: w, height: h, colorModel: .gray, samples: (0..<(w * h)).map { _ in Float.random(in: 0..<1, using: &rng) })
            let s = Filters.gaussian(noise, sigma: 2.5)
            let m = Threshold.apply(s.samples, width: w, height: h, level: Threshold.otsu(s.samples))
            let edt = DistanceTransform.euclidean(m)
            let lt = LocalThickness.map(m)
            for y in 0..<h { for x in 0..<w {
                var best: Float = 0
                if m[x, y] {
                    for qy in 0..<h { for qx in 0..<w where m[qx, qy] {
                        let r = edt[qy * w + qx], dx = Float(x - qx), dy = Float(y - qy)
                        if dx * dx + dy * dy < (r * r).rounded() { best = max(best, 2 * r) }
                    } }
                }
                #expect(abs(lt[y * w + x] - best) < 1e-4, "(\(x),\(y)) \(lt[y * w + x]) vs \(best) fg \(m[x, y]) edt \(edt[y * w + x])")
            } }
        }
    }

    @Test("morphology: a dilated point is the digital disc; opening removes small discs and keeps large ones; holes fill")
    func morphology() {
        var px = [UInt8](repeating: 0, count: 41 * 41)
        px[20 * 41 + 20] = 1
        let d = Morphology.dilate(BinaryMask(width: 41, height: 41, pixels: px), radius: 3)
        #expect(d.pixels.reduce(0) { $0 + Int($1) } == 29) // lattice points with x² + y² ≤ 9
        let n = 80
        var m = [UInt8](repeating: 0, count: n * n)
        for y in 0..<n { for x in 0..<n {
            if (x - 20) * (x - 20) + (y - 20) * (y - 20) <= 4 { m[y * n + x] = 1 }   // radius 2
            if (x - 55) * (x - 55) + (y - 50) * (y - 50) <= 144 { m[y * n + x] = 1 } // radius 12
        } }
        let mask = BinaryMask(width: n, height: n, pixels: m)
        let o = Morphology.open(mask, radius: 3)
        #expect(!o[20, 20] && o[55, 50] && o.pixels.reduce(0) { $0 + Int($1) } > 400)
        let small = Morphology.removeSmall(mask, minArea: 20)
        #expect(!small[20, 20] && small[55, 50])
        var ring = mask
        for y in 0..<n { for x in 0..<n where (x - 55) * (x - 55) + (y - 50) * (y - 50) <= 36 { ring.pixels[y * n + x] = 0 } }
        #expect(Morphology.fillHoles(ring) == mask)
    }

    /// Solid with `pores` circular holes of radius r at known centres.
    static func poreImage(n: Int, r: Int, centres: [(Int, Int)]) -> BinaryMask {
        var px = [UInt8](repeating: 1, count: n * n)
        for (cx, cy) in centres { for y in 0..<n { for x in 0..<n where (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r { px[y * n + x] = 0 } } }
        return BinaryMask(width: n, height: n, pixels: px)
    }

    @Test("circular pores of known radius: count, area, pore size 2r within a pixel, void fraction exact")
    func pores() throws {
        let centres = [(30, 30), (90, 40), (150, 30), (40, 120), (120, 130), (170, 170), (60, 180)]
        let solid = Self.poreImage(n: 210, r: 10, centres: centres)
        let cal = SEMCalibration(pixelWidthNM: 100, source: "test", raw: "")
        let r = try PorosityAnalysis().analyse(solid: solid, calibration: cal).result
        let truthVoid = Double(solid.pixels.filter { $0 == 0 }.count) / Double(210 * 210)
        #expect(r.voidFraction == truthVoid)
        #expect(r.pores.count == 7 && r.pores.interiorCount == 7)
        let digitalArea = Double(solid.pixels.filter { $0 == 0 }.count) / 7
        #expect(abs(r.pores.meanArea! - digitalArea) < 1e-9 && abs(digitalArea / (Double.pi * 100) - 1) < 0.03)
        #expect(abs(r.poreSizePixels.median - 20) <= 1.0, "\(r.poreSizePixels)")
        #expect(abs(r.poreSizePhysical!.median - 2.0) <= 0.1 && r.poreSizePhysical!.unit == "µm")
    }

    @Test("chords: void stripes 10 px wide give horizontal chords of exactly 10; border-cut runs are left out")
    func chords() throws {
        let n = 100
        var px = [UInt8](repeating: 1, count: n * n)
        for y in 0..<n { for x in 0..<n where (x % 15) >= 5 && x < 95 { px[y * n + x] = 0 } }
        let r = try PorosityAnalysis().analyse(solid: BinaryMask(width: n, height: n, pixels: px), calibration: nil).result
        #expect(r.chordLengthPixels.horizontalMean == 10 && r.chordLengthPixels.verticalMean == nil)
        #expect(r.poreSizePhysical == nil)
    }

    @Test("index of dispersion: 0 for an even fine pattern, 0.5 for half the cells full and half empty")
    func dispersion() throws {
        let n = 256
        var fine = [UInt8](repeating: 0, count: n * n), blocks = fine
        for y in 0..<n { for x in 0..<n {
            fine[y * n + x] = (x + y) % 2 == 0 ? 1 : 0
            blocks[y * n + x] = ((x / 32) + (y / 32)) % 2 == 0 ? 1 : 0
        } }
        let a = try PorosityAnalysis.dispersionIndex(BinaryMask(width: n, height: n, pixels: fine), cells: 8)
        let b = try PorosityAnalysis.dispersionIndex(BinaryMask(width: n, height: n, pixels: blocks), cells: 8)
        #expect(a.index < 1e-12 && abs(a.mean - 0.5) < 1e-12)
        #expect(abs(b.index - 0.5) < 1e-12)
        #expect(throws: SEMError.self) { try PorosityAnalysis.dispersionIndex(BinaryMask(width: n, height: n, pixels: fine), cells: 1) }
    }
}

@Suite("SEM Lee thinning")
struct LeeTests {
    /// Euler number of an 8-connected foreground: components − holes (4-connected background regions not touching the border).
    static func euler(_ m: BinaryMask) -> Int {
        let fg = Components(m).count
        let holes = Components(m.inverted(), eightConnected: false).components.filter { !$0.touchesEdge }.count
        return fg - holes
    }

    @Test("Lee thins to one pixel, keeps every component and hole, and centres a bar")
    func lee() {
        // Bar, ring and cross.
        let w = 90, h = 60
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 6...14 { for x in 5...54 { px[y * w + x] = 1 } }
        for y in 20...55 { for x in 60...85 {
            let d = (x - 72) * (x - 72) + (y - 37) * (y - 37)
            if d <= 144 && d >= 36 { px[y * w + x] = 1 }
        } }
        for y in 25...55 { for x in 20...24 { px[y * w + x] = 1 } }
        for y in 38...42 { for x in 5...45 { px[y * w + x] = 1 } }
        let m = BinaryMask(width: w, height: h, pixels: px)
        let s = Skeleton.lee(m)
        #expect(Self.euler(s) == Self.euler(m))
        #expect(Components(s).count == Components(m).count)
        // One pixel wide: no 2×2 block of skeleton pixels.
        var blocks = 0
        for y in 0..<(h - 1) { for x in 0..<(w - 1) where s[x, y] && s[x + 1, y] && s[x, y + 1] && s[x + 1, y + 1] { blocks += 1 } }
        #expect(blocks == 0)
        // The bar's centre line is row 10 along its middle.
        for x in 15...45 { #expect(s[x, 10], "x \(x)") }
        // Every skeleton pixel lies in the original.
        #expect(zip(s.pixels, m.pixels).allSatisfy { $0 == 0 || $1 != 0 })
    }
}

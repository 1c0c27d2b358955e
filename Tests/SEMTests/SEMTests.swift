// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

@Suite("SEM kernels")
struct SEMKernelTests {
    static func randomMask(_ w: Int, _ h: Int, density: Double, seed: UInt64) -> BinaryMask {
        var rng = SplitMix64(seed: seed)
        return BinaryMask(width: w, height: h, pixels: (0..<(w * h)).map { _ in Double.random(in: 0..<1, using: &rng) < density ? 1 : 0 })
    }

    @Test("exact EDT equals brute force on random masks, square and anisotropic pixels", arguments: [(1.0, 1.0), (1.0, 2.5)])
    func edt(pixel: (Double, Double)) {
        // Seeds 1–4: random; seed 5: one background pixel, so most columns have none.
        for seed in UInt64(1)...5 {
            var m = Self.randomMask(37, 23, density: 0.85, seed: seed)
            if seed == 5 { m = BinaryMask(width: 37, height: 23, pixels: (0..<(37 * 23)).map { $0 == 5 * 37 + 30 ? 0 : 1 }) }
            let d = DistanceTransform.euclidean(m, pixelWidth: pixel.0, pixelHeight: pixel.1)
            var background: [(Int, Int)] = []
            for y in 0..<23 { for x in 0..<37 where !m[x, y] { background.append((x, y)) } }
            for y in 0..<23 {
                for x in 0..<37 {
                    let truth = m[x, y] ? background.map { b in
                        let dx = Double(b.0 - x) * pixel.0, dy = Double(b.1 - y) * pixel.1
                        return (dx * dx + dy * dy).squareRoot()
                    }.min()! : 0
                    #expect(abs(Double(d[y * 37 + x]) - truth) < 1e-4 * max(truth, 1), "(\(x),\(y))")
                }
            }
        }
    }

    /// The distances at chosen pixels only, against the definition (nearest background pixel centre,
    /// by brute force): random masks, a mask with a single background pixel (most columns have none,
    /// so the search must cross the whole row), and pixels given out of order (the row is then found
    /// by division). Background pixels in the list get 0.
    @Test("EDT at chosen pixels equals brute force, whatever the order of the pixels")
    func edtAtPixels() {
        for seed in UInt64(1)...5 {
            let w = 41, h = 29
            var m = Self.randomMask(w, h, density: seed == 4 ? 0.97 : 0.8, seed: seed)
            if seed == 5 { m = BinaryMask(width: w, height: h, pixels: (0..<(w * h)).map { $0 == 3 * w + 39 ? 0 : 1 }) }
            var rng = SplitMix64(seed: seed + 100)
            var pixels = (0..<(w * h)).filter { _ in Double.random(in: 0..<1, using: &rng) < 0.3 }
            if seed == 3 { pixels.reverse() }
            Self.expectBruteForceEDT(m, at: pixels, pixelSize: 0.5, "seed \(seed)")
        }
        #expect(DistanceTransform.euclidean(Self.randomMask(5, 5, density: 0.5, seed: 1), at: []).isEmpty)
    }

    /// The 16-bit column distances need w + h < 65 535; wider images take the full transform. Both
    /// sides of that limit against brute force, on masks of 65 531–65 533 columns and 3 rows.
    @Test("EDT at chosen pixels equals brute force on both sides of the 16-bit limit (w + h = 65 534, 65 535, 65 536)")
    func edtAtPixelsBeyondSixteenBits() {
        for (k, w) in [65_531, 65_532, 65_533].enumerated() {
            let h = 3
            let m = Self.randomMask(w, h, density: 0.9, seed: UInt64(20 + k))
            var rng = SplitMix64(seed: UInt64(30 + k))
            let pixels = (0..<(w * h)).filter { _ in Double.random(in: 0..<1, using: &rng) < 0.002 }
            Self.expectBruteForceEDT(m, at: pixels, pixelSize: 2, "w + h = \(w + h)")
        }
    }

    /// `DistanceTransform.euclidean(m, at: pixels)` against the definition: the distance from each
    /// pixel's centre to the nearest background pixel centre, by brute force (0 on background).
    static func expectBruteForceEDT(_ m: BinaryMask, at pixels: [Int], pixelSize: Double, _ label: String) {
        let w = m.width
        var background: [(Int, Int)] = []
        for y in 0..<m.height { for x in 0..<w where !m[x, y] { background.append((x, y)) } }
        let d = DistanceTransform.euclidean(m, at: pixels, pixelSize: pixelSize)
        #expect(d.count == pixels.count)
        for (k, p) in pixels.enumerated() {
            let x = p % w, y = p / w
            let truth = m[x, y] ? pixelSize * background.map { b in Double((b.0 - x) * (b.0 - x) + (b.1 - y) * (b.1 - y)).squareRoot() }.min()! : 0
            #expect(abs(Double(d[k]) - truth) < 1e-5 * max(truth, 1), "\(label) (\(x),\(y)): \(d[k]) against \(truth)")
        }
    }

    @Test("Zhang–Suen thins a bar to its centre line and keeps a cross connected with one junction region")
    func skeleton() {
        let w = 60, h = 21
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 6...14 { for x in 5...54 { px[y * w + x] = 1 } } // 9-pixel-wide bar, centre row 10
        let s = Skeleton.zhangSuen(BinaryMask(width: w, height: h, pixels: px))
        for x in 12...47 {
            let column = (0..<h).filter { s[x, $0] }
            #expect(column == [10], "column \(x): \(column)")
        }
        // Every skeleton pixel has at most 2 neighbours on a bar.
        #expect(Skeleton.neighbourCounts(s).allSatisfy { $0 <= 2 })
    }

    @Test("skeleton graph: end points, junction clusters and branches of a hand-drawn figure, spur pruning, the image border")
    func skeletonGraph() {
        let w = 32, h = 20
        var px = [UInt8](repeating: 0, count: w * h)
        func set(_ x: Int, _ y: Int) { px[y * w + x] = 1 }
        for x in 2...30 { set(x, 10) }      // horizontal line
        for y in 2...18 { set(15, y) }      // vertical line crossing it at (15, 10)
        for y in 11...13 { set(20, y) }     // a 3-pixel spur hanging below (20, 10)
        for x in 0...8 { set(x, 0) }        // a line along the top edge from the corner
        let g = SkeletonGraph(BinaryMask(width: w, height: h, pixels: px))
        // By 8-connectivity the crossing's cluster is its centre and four arms; the spur's base is
        // (19…21, 10) and (20, 11), all with three or more neighbours.
        #expect(Set(g.endPoints) == Set([10 * w + 2, 10 * w + 30, 2 * w + 15, 18 * w + 15, 0, 8, 13 * w + 20]))
        #expect(g.junctions.count == 2)
        let cross = g.junctions.first { $0.pixels.contains(10 * w + 15) }, base = g.junctions.first { $0.pixels.contains(10 * w + 20) }
        #expect(Set(cross?.pixels ?? []) == Set([10 * w + 15, 10 * w + 14, 10 * w + 16, 9 * w + 15, 11 * w + 15]))
        #expect(cross?.branches == 4 && cross?.x == 15 && cross?.y == 10)
        #expect(Set(base?.pixels ?? []) == Set([10 * w + 19, 10 * w + 20, 10 * w + 21, 11 * w + 20]))
        #expect(base?.branches == 3 && base?.x == 20 && base?.y == 10.25)
        #expect(g.neighbourCount(0) == 1 && g.neighbourCount(10 * w + 15) == 4 && g.neighbourCount(5 * w + 15) == 2)
        // The spur walk from (20, 13) reaches the cluster after 2 steps: removed when 2 < maxLength.
        let kept = g.pruningSpurs(longest: 10) { _ in 1 }
        #expect(kept.pixels == g.pixels)
        let pruned = g.pruningSpurs(longest: 10) { _ in 5 }
        #expect(Set(g.pixels).subtracting(pruned.pixels) == Set([13 * w + 20, 12 * w + 20]))
        #expect(pruned.endPoints.count == 6 && pruned.junctions.count == 2)
        #expect(pruned.junctions.first { $0.pixels.contains(10 * w + 20) }?.branches == 2)
        #expect(pruned.mask().pixels == px.enumerated().map { $0.offset == 13 * w + 20 || $0.offset == 12 * w + 20 ? 0 : $0.element })
    }

    /// Zhang & Suen's algorithm as the paper states it: every pixel, every sub-iteration, until a
    /// whole pass deletes nothing. The reference for the boundary-list, table-driven kernel.
    static func textbookZhangSuen(_ m: BinaryMask) -> [UInt8] {
        let w = m.width, h = m.height
        var p = m.pixels
        func at(_ x: Int, _ y: Int) -> Int { x < 0 || y < 0 || x >= w || y >= h ? 0 : Int(p[y * w + x]) }
        var changed = true
        while changed {
            changed = false
            for step in 0..<2 {
                var delete: [Int] = []
                for y in 0..<h {
                    for x in 0..<w where p[y * w + x] != 0 {
                        let n = [at(x, y - 1), at(x + 1, y - 1), at(x + 1, y), at(x + 1, y + 1),
                                 at(x, y + 1), at(x - 1, y + 1), at(x - 1, y), at(x - 1, y - 1)]
                        let b = n.reduce(0, +)
                        let a = (0..<8).filter { n[$0] == 0 && n[($0 + 1) % 8] == 1 }.count
                        let c1 = step == 0 ? n[0] * n[2] * n[4] : n[0] * n[2] * n[6]
                        let c2 = step == 0 ? n[2] * n[4] * n[6] : n[0] * n[4] * n[6]
                        if (2...6).contains(b) && a == 1 && c1 == 0 && c2 == 0 { delete.append(y * w + x) }
                    }
                }
                for i in delete { p[i] = 0 }
                if !delete.isEmpty { changed = true }
            }
        }
        return p
    }

    @Test("Zhang–Suen kernel equals the paper's full-scan algorithm on random masks and blobs", arguments: [0.5, 0.7, 0.9])
    func skeletonMatchesTextbook(density: Double) {
        for seed in UInt64(1)...3 {
            let m = Self.randomMask(53, 41, density: density, seed: seed)
            #expect(Skeleton.zhangSuen(m).pixels == Self.textbookZhangSuen(m), "seed \(seed)")
        }
        // Thick discs and bars: many passes.
        var px = [UInt8](repeating: 0, count: 80 * 60)
        for y in 0..<60 { for x in 0..<80 where (x - 30) * (x - 30) + (y - 28) * (y - 28) < 400 || (y > 40 && y < 52) || (x > 60 && x < 75) { px[y * 80 + x] = 1 } }
        let blob = BinaryMask(width: 80, height: 60, pixels: px)
        #expect(Skeleton.zhangSuen(blob).pixels == Self.textbookZhangSuen(blob))
    }

    @Test("Zhang–Suen equals the full scan across word edges (widths 63–130) and across the two row bands of tall images")
    func skeletonBandsAndWords() {
        for (w, h) in [(63, 40), (64, 40), (65, 40), (130, 300)] {
            let m = Self.randomMask(w, h, density: 0.75, seed: UInt64(w))
            #expect(Skeleton.zhangSuen(m).pixels == Self.textbookZhangSuen(m), "random \(w)×\(h)")
        }
        // Thick shapes straddling the band boundary at row 150 and the word edges at x = 64 and 128.
        let w = 130, h = 300
        var px = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w where (x - 64) * (x - 64) + (y - 150) * (y - 150) < 900 || (y > 140 && y < 162) || (x > 120 && x < 130 && y > 20) {
                px[y * w + x] = 1
            }
        }
        let m = BinaryMask(width: w, height: h, pixels: px)
        #expect(Skeleton.zhangSuen(m).pixels == Self.textbookZhangSuen(m))
    }

    @Test("Otsu separates two populations")
    func otsu() {
        var rng = SplitMix64(seed: 3)
        let v = (0..<20000).map { i -> Float in Float((i % 3 == 0 ? 200 : 60) + 12 * rng.normal()) }
        let t = Threshold.otsu(v)
        #expect(t > 100 && t < 160, "\(t)")
    }
}

@Suite("SEM fibres")
struct SEMFiberTests {
    /// Straight fibres of known width at several angles: a pixel is fibre when its centre lies within
    /// width/2 of the fibre's axis (truth by construction).
    static func fibres(width: Double, size: Int = 512, seed: UInt64) -> Raster<Float> {
        var rng = SplitMix64(seed: seed)
        var img = [Float](repeating: 30, count: size * size)
        for _ in 0..<12 {
            let angle = Double.random(in: 0..<Double.pi, using: &rng)
            let cx = Double.random(in: 0..<Double(size), using: &rng), cy = Double.random(in: 0..<Double(size), using: &rng)
            let nx = -sin(angle), ny = cos(angle)
            for y in 0..<size {
                for x in 0..<size where abs((Double(x) - cx) * nx + (Double(y) - cy) * ny) <= width / 2 { img[y * size + x] = 200 }
            }
        }
        return Raster(width: size, height: size, colorModel: .gray, samples: img)
    }

    @Test("diameters of synthetic fibres of known width: mean within 5 %", arguments: [7.0, 12.0, 20.0])
    func knownWidth(width: Double) throws {
        var options = FiberAnalysis.Options()
        options.smoothing = 0
        let m = Micrograph(image: Self.fibres(width: width, seed: UInt64(width)), calibration: SEMCalibration(pixelWidthNM: 50, source: "test", raw: ""))
        let r = try FiberAnalysis(options: options).analyse(m)
        print(String(format: "width %.0f px: mean %.2f median %.2f SD %.2f, super pixel %.2f, %d junctions", width,
                     r.diameterPixels.mean, r.diameterPixels.median, r.diameterPixels.standardDeviation, r.superPixelDiameter, r.junctions))
        #expect(abs(r.diameterPixels.mean / width - 1) < 0.05)
        #expect(abs(try #require(r.diameterNM).mean - 50 * r.diameterPixels.mean) < 1e-9)
    }

    @Test("an uncalibrated image gives pixel results and no physical ones")
    func uncalibrated() throws {
        let m = Micrograph(image: Self.fibres(width: 9, seed: 1), calibration: nil)
        let r = try FiberAnalysis().analyse(m)
        #expect(r.diameterNM == nil && r.pixelSizeNM == nil && r.junctionDensityPerSquareMicron == nil)
        #expect(r.diameterPixels.mean > 5)
    }

    /// Edges blurred by σ = 2 px: the sweep's levels cut the blurred edges at different heights, so
    /// the mean moves, but by less than a pixel, and the method's own level reproduces the analysis.
    @Test("threshold sweep: five levels, the centre equals the single analysis, the spread stays under a pixel")
    func sweep() throws {
        let img = Filters.gaussian(Self.fibres(width: 12, seed: 5), sigma: 2)
        let m = Micrograph(image: img, calibration: nil)
        var o = FiberAnalysis.Options()
        o.smoothing = 0
        let analysis = FiberAnalysis(options: o)
        let single = try analysis.analyse(m)
        let s = try #require(try analysis.sweep(m))
        #expect(s.levels.count == 5)
        #expect(abs(s.meanDiametersPixels[2] - single.diameterPixels.mean) < 1e-12)
        #expect(s.halfRangePixels > 0 && s.halfRangePixels < 1, "\(s.meanDiametersPixels)")
        // Lower levels take in more of the blurred edge: wider fibres.
        #expect(s.meanDiametersPixels.first! > s.meanDiametersPixels.last!)
        let given = try #require(try analysis.sweep(m, centre: single.diameterPixels.mean))
        #expect(given.meanDiametersPixels == s.meanDiametersPixels)
    }

    /// A sweep window smaller than the image measures the central window: the same numbers as the
    /// sweep of that window cut out by hand (whose own window is the whole image).
    @Test("threshold sweep on a large image measures the central window")
    func sweepWindow() throws {
        let img = Filters.gaussian(Self.fibres(width: 12, seed: 9), sigma: 2)
        var o = FiberAnalysis.Options()
        o.smoothing = 0
        o.sweepWindow = 160
        // Levelling depends on the whole field, which the cut-out does not have: this test is about windows.
        o.segmentation.autoLevel = false
        let s = try #require(try FiberAnalysis(options: o).sweep(Micrograph(image: img, calibration: nil)))
        let x0 = (img.width - 160) / 2, y0 = (img.height - 160) / 2
        #expect(s.window == [x0, y0, 160, 160])
        var crop = [Float](repeating: 0, count: 160 * 160)
        for y in 0..<160 { for x in 0..<160 { crop[y * 160 + x] = img.samples[(y0 + y) * img.width + x0 + x] } }
        // Same global levels: the sweep's levels come from the whole image, so give the cut-out its centre level.
        o.sweepWindow = 40160
        o.threshold = s.levels[2]
        let cropped = try #require(try FiberAnalysis(options: o).sweep(Micrograph(image: Raster(width: 160, height: 160, colorModel: .gray, samples: crop), calibration: nil)))
        #expect(cropped.window == [0, 0, 160, 160])
        #expect(s.levels.count == 5 && s.halfRangePixels > 0)
        let k = try #require(cropped.levels.firstIndex(of: s.levels[2]))
        #expect(cropped.meanDiametersPixels[k] == s.meanDiametersPixels[2])
    }
}

@Suite("SEM calibration")
struct SEMCalibrationTests {
    @Test("Zeiss Auriga: Image Pixel Size 9.766 nm (not Pixel Size), data bar from row ~1374", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func zeissAuriga() throws {
        guard let p = TestData.shared("sem/fibresem/sample.01_img08.tif") else { return }
        let m = try Micrograph(path: p)
        #expect(m.calibration?.pixelWidthNM == 9.766 && m.calibration?.source == "Zeiss Image Pixel Size")
        #expect((1366...1374).contains(m.image.height), "\(m.image.height)")
    }

    @Test("Zeiss 512: 11.649976 nm from the reference pixel size, never 5.825; data bar from row 350", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func zeiss512() throws {
        guard let p = TestData.shared("sem/rosettasciio/test_tiff_Zeiss_SEM_512pix.tif") else { return }
        let m = try Micrograph(path: p)
        #expect(abs((m.calibration?.pixelWidthNM ?? 0) - 11.649976) < 1e-5)
        #expect(m.image.height == 350)
    }

    @Test("FEI Helios: [Scan] PixelWidth 3.3724e-6 m; 442 rows kept above the 29-row data bar", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func fei() throws {
        guard let p = TestData.shared("sem/rosettasciio/FEI-Helios-Ebeam-8bits.tif") else { return }
        let m = try Micrograph(path: p)
        #expect(abs((m.calibration?.pixelWidthNM ?? 0) - 3372.4) < 1e-6)
        #expect(m.image.height == 442 && m.databarRows == 29)
    }

    @Test("a micrograph made from bytes and pixels already decoded is the one read from the path (TIFF and PNG)", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func fromDecoded() throws {
        guard let tif = TestData.shared("sem/rosettasciio/FEI-Helios-Ebeam-8bits.tif") else { return }
        let bytes = try readFileBytes(tif)
        let doc = try TIFFDocument(bytes: bytes, path: tif)
        let a = try Micrograph(path: tif), b = try Micrograph(path: tif, bytes: bytes, decoded: try doc.decode(page: 0), document: doc)
        // The FEI reference values, reached by both routes.
        #expect(abs((b.calibration?.pixelWidthNM ?? 0) - 3372.4) < 1e-6 && b.databarRows == 29)
        #expect(a.image.samples == b.image.samples && a.calibration == b.calibration && a.databarSource == b.databarSource && a.warnings == b.warnings)
        let samples = (0..<(64 * 48)).map { UInt8(truncatingIfNeeded: $0 &* 37) }
        let png = TestData.temporaryDirectory() + "/m.png"
        try Data(try PNGCodec.encode(Raster(width: 64, height: 48, colorModel: .gray, samples: samples))).write(to: URL(fileURLWithPath: png))
        let pbytes = try readFileBytes(png)
        let c = try Micrograph(path: png), d = try Micrograph(path: png, bytes: pbytes, decoded: try PNGCodec.decode(pbytes, path: png))
        #expect(c.image.samples == d.image.samples && c.databarRows == d.databarRows && c.width == 64)
    }

    @Test("--pixel-size parsing: units required")
    func pixelSize() {
        #expect(SEMCalibration(text: "50nm")?.pixelWidthNM == 50)
        #expect(SEMCalibration(text: "0.05 µm")?.pixelWidthNM == 50)
        #expect(abs((SEMCalibration(text: "3.3724e-6m")?.pixelWidthNM ?? 0) - 3372.4) < 1e-9)
        #expect(SEMCalibration(text: "50") == nil && SEMCalibration(text: "-1nm") == nil)
    }

    @Test("fibresem sample.01_img08: mean diameter near SIMPoly's published 8.570 px (SD 1.786)", .enabled(if: TestData.hasSharedFixtures, "needs ../shared/fixtures"))
    func fibresem() throws {
        guard let p = TestData.shared("sem/fibresem/sample.01_img08.tif") else { return }
        let r = try FiberAnalysis().analyse(try Micrograph(path: p))
        print(String(format: "fibresem: edges mean %.3f px SD %.3f (SIMPoly 8.570, 1.786) = %.1f nm; 2·EDT %.3f SD %.3f; super pixel %.2f",
                     r.diameterPixels.mean, r.diameterPixels.standardDeviation, r.diameterNM?.mean ?? .nan,
                     r.diameterPixelsEDT.mean, r.diameterPixelsEDT.standardDeviation, r.superPixelDiameter))
        #expect(r.diameterMethod == "half-level edges")
        // SIMPoly is itself 2·EDT on its own mask (SEM.md §1.2); the goal is 5 %, met by neither route yet.
        #expect(abs(r.diameterPixels.mean / 8.570 - 1) < 0.1)
        #expect(abs(r.diameterPixels.standardDeviation / 1.786 - 1) < 0.15)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Testing
import InterphaseCore
@testable import SEM

/// The 8-thin centre lines the network's length, junctions and ends are read from
/// (``Skeleton/removingStaircases(_:width:height:)``), on figures whose topology and length are
/// known by construction.
@Suite("SEM staircase corners")
struct StaircaseTests {
    static func graph(_ points: [(Int, Int)], width w: Int, height h: Int, thin: Bool) -> SkeletonGraph {
        let pixels = Set(points.map { $0.1 * w + $0.0 }).sorted()
        return SkeletonGraph(width: w, height: h, pixels: thin ? Skeleton.removingStaircases(pixels, width: w, height: h) : pixels)
    }

    @Test("a 4-connected step is one pixel thinner and no junction; a T, a cross and a ring with a hole keep theirs")
    func handDrawn() {
        // A line down column 10 that steps to column 9 at row 11: (10, 10), (9, 11), (10, 11), (9, 12).
        let step = (2...11).map { (10, $0) } + (11...20).map { (9, $0) }
        let zs = Self.graph(step, width: 30, height: 30, thin: false)
        #expect(zs.junctions.count == 1 && zs.junctions[0].branches == 2, "the step reads as a junction of two branches")
        let thin = Self.graph(step, width: 30, height: 30, thin: true)
        #expect(thin.junctions.isEmpty && thin.endPoints.count == 2)
        #expect(thin.pixels.count == zs.pixels.count - 1)
        // A T and a plus: their centres have three or four 4-neighbours and stay.
        let t = (2...20).map { ($0, 5) } + (6...15).map { (11, $0) }
        #expect(Self.graph(t, width: 30, height: 30, thin: true).pixels.count == Set(t.map { $0.1 * 30 + $0.0 }).count)
        #expect(Self.graph(t, width: 30, height: 30, thin: true).junctions.count == 1)
        let plus = (2...20).map { ($0, 10) } + (2...20).map { (11, $0) }
        #expect(Self.graph(plus, width: 30, height: 30, thin: true).junctions.first?.branches == 4)
        // A square ring of eight pixels around one background pixel: its four corners are steps (the
        // background stays closed, 4-connected, without them); the four edge-middles have their two
        // 4-neighbours opposite and stay: a diamond around the hole, no junction, no end.
        let ring = [(4, 4), (5, 4), (6, 4), (6, 5), (6, 6), (5, 6), (4, 6), (4, 5)]
        let diamond = Self.graph(ring, width: 12, height: 12, thin: true)
        #expect(Set(diamond.pixels) == Set([4 * 12 + 5, 5 * 12 + 6, 6 * 12 + 5, 5 * 12 + 4]))
        #expect(diamond.junctions.isEmpty && diamond.endPoints.isEmpty)
    }

    /// A band `width` px across at `degrees` through the centre of a `size`² image, a pixel set when
    /// its centre lies within width/2 of the axis.
    static func band(degrees: Double, width: Double, size: Int) -> BinaryMask {
        let a = degrees * .pi / 180, c = Double(size - 1) / 2
        var px = [UInt8](repeating: 0, count: size * size)
        for y in 0..<size { for x in 0..<size where abs(-(Double(x) - c) * sin(a) + (Double(y) - c) * cos(a)) <= width / 2 { px[y * size + x] = 1 } }
        return BinaryMask(width: size, height: size, pixels: px)
    }

    @Test("the Zhang–Suen centre line of a straight band at any angle, made 8-thin, is the band's length: no junctions, two ends",
          arguments: [0.0, 10, 23, 37, 45, 61, 80])
    func bandLength(degrees: Double) {
        let size = 400, w = 7.0
        let mask = Self.band(degrees: degrees, width: w, size: size)
        let zs = Skeleton.zhangSuenPixels(mask)
        let thin = SkeletonGraph(width: size, height: size, pixels: Skeleton.removingStaircases(zs, width: size, height: size))
        // The axis inside the square, less about half a width at each end (thinning erodes the ends,
        // the border counting as background). Counting links as 1 and √2 reads a digital straight line
        // up to 8.2 % long (at 22.5°, Freeman's chain-code bias; Kulpa, CGIP 5 (1976) 211), so the
        // upper bound is 1.09 chords; Zhang–Suen's own skeleton reads up to three chords at 37°.
        let a = degrees * .pi / 180
        let chord = Double(size) / max(abs(cos(a)), abs(sin(a)))
        let length = FiberNetwork.length(thin)
        let raw = FiberNetwork.length(SkeletonGraph(width: size, height: size, pixels: zs))
        print(String(format: "%.0f°: chord %.1f, 8-thin %.1f, Zhang–Suen %.1f", degrees, chord, length, raw))
        #expect(thin.junctions.isEmpty, "\(thin.junctions.count) junctions")
        #expect(thin.endPoints.count == 2)
        #expect(length <= 1.09 * chord && length >= chord - 2 * w, "\(degrees)°: length \(length), chord \(chord)")
        #expect(thin.pixels.allSatisfy { thin.neighbourCount($0) <= 2 })
        #expect(raw >= length)
    }

    @Test("random straight fibres of 7, 12 and 20 px: DiameterJ's super-pixel diameter within 8 % of the width", arguments: [7.0, 12.0, 20.0])
    func superPixel(width: Double) throws {
        var options = FiberAnalysis.Options()
        options.smoothing = 0
        let m = Micrograph(image: SEMFiberTests.fibres(width: width, seed: UInt64(width)), calibration: nil)
        let r = try FiberAnalysis(options: options).analyse(m)
        print(String(format: "width %.0f: super pixel %.2f, length %.0f, %d junctions, %d ends", width, r.superPixelDiameter, r.centreLineLength, r.junctions, r.endPoints))
        #expect(abs(r.superPixelDiameter / width - 1) < 0.08)
        // Twelve lines across a 512² field cross at most 66 times.
        #expect(r.junctions <= 66)
    }
}

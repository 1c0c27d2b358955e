// SPDX-License-Identifier: GPL-3.0-or-later
import Testing
@testable import SEM

/// Fibre segments (``FiberAnalysis/segments(_:sampleIndex:samples:)``) on skeletons drawn by hand,
/// whose runs, lengths and sample means are known by construction.
@Suite("fibre segments between junctions")
struct FiberSegmentsTests {
    /// A T (horizontal y = 10, x = 5…25; vertical x = 15, y = 11…30), a diagonal from (30, 5) to
    /// (38, 13) and a lone pixel at (2, 35), on a 40 × 40 image.
    static let width = 40
    static func index(_ x: Int, _ y: Int) -> Int { y * width + x }
    static var pixels: [Int] {
        var p = (5...25).map { index($0, 10) } + (11...30).map { index(15, $0) } + (0...8).map { index(30 + $0, 5 + $0) } + [index(2, 35)]
        p.sort()
        return p
    }

    @Test("a T, a diagonal and a lone pixel give five runs with their lengths and sample means")
    func handDrawnSkeleton() {
        var graph = SkeletonGraph(width: Self.width, height: 40, pixels: Self.pixels)
        // The T's junction cluster: the crossing and the three pixels around it with 3+ neighbours.
        #expect(graph.junctions.count == 1)
        #expect(Set(graph.junctions.first?.pixels ?? []) == Set([Self.index(14, 10), Self.index(15, 10), Self.index(16, 10), Self.index(15, 11)]))
        // Samples: y on the vertical arm (mean 21), 2x on x = 5…9 of the left arm (mean 14), 7 on the
        // diagonal, none on the right arm or the lone pixel, and 1000 on a junction pixel (in no run).
        var sampled: [(Int, Double)] = (12...30).map { (Self.index(15, $0), Double($0)) }
        sampled += (5...9).map { (Self.index($0, 10), Double(2 * $0)) }
        sampled += (0...8).map { (Self.index(30 + $0, 5 + $0), 7) }
        sampled.append((Self.index(15, 10), 1000))
        sampled.sort { $0.0 < $1.0 }
        for (p, _) in sampled { graph.code[graph.padded(p)] |= FiberAnalysis.sampleFlag }
        let runs = FiberAnalysis.segments(graph, sampleIndex: sampled.map(\.0), samples: sampled.map(\.1)).list
        // In raster order of their first pixel: diagonal (30, 5), left arm (5, 10), right arm
        // (17, 10), vertical arm (15, 12), lone pixel (2, 35).
        let expected: [FiberAnalysis.Segment] = [
            .init(length: 8 * 2.0.squareRoot(), meanDiameter: 7, samples: 9),
            .init(length: 8, meanDiameter: 14, samples: 5),
            .init(length: 8, meanDiameter: nil, samples: 0),
            .init(length: 18, meanDiameter: 21, samples: 19),
            .init(length: 0, meanDiameter: nil, samples: 0),
        ]
        #expect(runs.count == expected.count)
        for (r, e) in zip(runs, expected) {
            #expect(abs(r.length - e.length) < 1e-12, "\(r) vs \(e)")
            #expect(r.samples == e.samples)
            #expect(r.meanDiameter.map { abs($0 - e.meanDiameter!) < 1e-12 } ?? (e.meanDiameter == nil), "\(r) vs \(e)")
        }
    }

    @Test("a staircase (diagonal and orthogonal links mixed) and a closed loop are one run each")
    func staircaseAndLoop() {
        let w = 30
        // Staircase: (2, 2) → (3, 2) → (4, 3) → (5, 3) → (6, 4) … : orthogonal and diagonal links alternate.
        var stair: [Int] = []
        for i in 0..<8 { stair.append((2 + i / 2) * w + 2 + i) }
        // A diamond loop around (20, 20): eight pixels, each with two neighbours, all links diagonal
        // or orthogonal as drawn.
        let loop = [(20, 17), (21, 18), (22, 19), (23, 20), (22, 21), (21, 22), (20, 23), (19, 22), (18, 21), (17, 20), (18, 19), (19, 18)]
            .map { $0.1 * w + $0.0 }
        let graph = SkeletonGraph(width: w, height: w, pixels: (stair + loop).sorted())
        #expect(graph.junctions.isEmpty)
        let runs = FiberAnalysis.segments(graph, sampleIndex: [], samples: []).list
        #expect(runs.count == 2)
        // Staircase: 4 orthogonal links (within each step) and 3 diagonal ones (between steps).
        #expect(abs(runs[0].length - (4 + 3 * 2.0.squareRoot())) < 1e-12)
        // Diamond: twelve diagonal links close the loop.
        #expect(abs(runs[1].length - 12 * 2.0.squareRoot()) < 1e-12)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

/// The parallel kernels split independent rows and columns, never a reduction, so 1 and 8 threads
/// must give the same bits (issue 7). Run under ThreadSanitizer too (README "Fuzzing and malformed input").
@Suite("thread-count determinism", .serialized)
struct ThreadDeterminismTests {
    static func withWorkers<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
        let saved = Parallelism.workers
        Parallelism.workers = n
        defer { Parallelism.workers = saved }
        return try body()
    }

    @Test func kernelsAndTheFibrePipelineAreBitIdenticalFor1And8Threads() throws {
        let image = Filters.gaussian(SEMFiberTests.fibres(width: 11, size: 384, seed: 3), sigma: 1.5)
        let mask = SEMKernelTests.randomMask(301, 207, density: 0.7, seed: 9)
        func run() throws -> (maps: [[Float]], fibres: SummaryStatistics, junctions: Int) {
            let m = Micrograph(image: image, calibration: SEMCalibration(pixelWidthNM: 50, source: "test", raw: ""))
            let fibres = try FiberAnalysis().analyse(m)
            return ([DistanceTransform.euclidean(mask, pixelWidth: 1, pixelHeight: 1.7),
                    LocalThickness.map(mask),
                    Filters.gaussian(image, sigma: 2.5).samples,
                    Filters.median(image, radius: 2).samples,
                    try BackgroundSubtraction.rollingParaboloid(image, radius: 25).background.samples], fibres.diameterPixels, fibres.junctions)
        }
        let one = try Self.withWorkers(1) { try run() }
        let eight = try Self.withWorkers(8) { try run() }
        #expect(one.fibres == eight.fibres && one.junctions == eight.junctions)
        for (k, (a, b)) in zip(one.maps, eight.maps).enumerated() {
            #expect(a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }, "output \(k) differs")
        }
    }
}

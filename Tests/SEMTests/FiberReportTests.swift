// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

/// `sem fibers` runs the diameter analysis, the sweep and both orientation routes over two threads
/// (``FiberAnalysis/analyseWithOrientation(_:sweep:orientation:)``). Each stage is checked against
/// references elsewhere; these tests require the scheduled report to be exactly the stages run one
/// after the other, for one worker and for several, and a failed segmentation to end in its error.
@Suite("the fibre report's two-thread schedule", .serialized)
struct FiberReportTests {
    @Test("the report equals the stages run one by one, with 1 and 4 workers")
    func reportEqualsStages() throws {
        let size = 320
        let raster = Raster(width: size, height: size, colorModel: .gray, samples: GreyLevelsTests.noisyFibres(size: size, seed: 21))
        let m = Micrograph(grey: .uint8(raster), calibration: SEMCalibration(pixelWidthNM: 50, source: "test", raw: ""))
        let analysis = FiberAnalysis()
        let staged = try analysis.analyseWithSweep(m, sweep: true)
        var o = OrientationAnalysis.Options()
        o.mask = staged.mask
        let tensor = try GreyLevelsTests.encoded(OrientationAnalysis.structureTensor(m.grey, options: o))
        let fourier = try GreyLevelsTests.encoded(OrientationAnalysis.fourier(m.grey))
        for workers in [1, 4] {
            let report = try ThreadDeterminismTests.withWorkers(workers) { try analysis.analyseWithOrientation(m, sweep: true) }
            #expect(try GreyLevelsTests.encoded(report.result) == GreyLevelsTests.encoded(staged.result), "\(workers) workers")
            #expect(try GreyLevelsTests.encoded(#require(report.sweep)) == GreyLevelsTests.encoded(#require(staged.sweep)))
            #expect(report.mask.pixels == staged.mask.pixels && report.skeleton.pixels == staged.skeleton.pixels)
            #expect(try GreyLevelsTests.encoded(report.structureTensor) == tensor)
            #expect(try GreyLevelsTests.encoded(report.fourier) == fourier)
        }
    }

    @Test("the sweep run beside the analysis equals it run after, whole-image and windowed, with 1 and 4 workers")
    func concurrentSweepEqualsStaged() throws {
        let size = 320
        let raster = Raster(width: size, height: size, colorModel: .gray, samples: GreyLevelsTests.noisyFibres(size: size, seed: 33))
        let m = Micrograph(grey: .uint8(raster), calibration: SEMCalibration(pixelWidthNM: 50, source: "test", raw: ""))
        // 2048: the window is the whole image (the centre level's mean is the analysis's own);
        // 160: a central window, where every level is measured in the window.
        for window in [2048, 160] {
            var options = FiberAnalysis.Options()
            options.sweepWindow = window
            let analysis = FiberAnalysis(options: options)
            let staged = try analysis.analyseWithSweep(m, sweep: true)
            let stagedSweep = try #require(staged.sweep)
            #expect(stagedSweep.levels.count == 5, "window \(window): every level measured")
            #expect((stagedSweep.window[2] == size) == (window >= size))
            for workers in [1, 4] {
                let both = try ThreadDeterminismTests.withWorkers(workers) { try analysis.analyseWithSweep(m, sweep: true, concurrently: true) }
                #expect(try GreyLevelsTests.encoded(both.result) == GreyLevelsTests.encoded(staged.result), "window \(window), \(workers) workers")
                #expect(try GreyLevelsTests.encoded(#require(both.sweep)) == GreyLevelsTests.encoded(stagedSweep), "window \(window), \(workers) workers")
                #expect(both.skeleton.pixels == staged.skeleton.pixels)
            }
        }
    }

    @Test("a segmentation that fails throws its own error (the orientation thread does not wait for ever)")
    func failedSegmentationThrows() {
        // A uniform image has no threshold; the mask is never made.
        let flat = Micrograph(grey: .uint8(Raster(width: 128, height: 128, colorModel: .gray, samples: [UInt8](repeating: 90, count: 128 * 128))),
                              calibration: nil)
        let stagedError: SEMError? = { () -> SEMError? in
            do throws(SEMError) { _ = try FiberAnalysis().analyseWithSweep(flat, sweep: true); return nil } catch { return error }
        }()
        #expect(stagedError != nil)
        for workers in [1, 2] {
            do {
                _ = try ThreadDeterminismTests.withWorkers(workers) { try FiberAnalysis().analyseWithOrientation(flat, sweep: true) }
                Issue.record("a uniform image was analysed")
            } catch {
                #expect(error as? SEMError == stagedError, "\(workers) workers: \(error)")
            }
            do {
                _ = try ThreadDeterminismTests.withWorkers(workers) { try FiberAnalysis().analyseWithSweep(flat, sweep: true, concurrently: true) }
                Issue.record("a uniform image was analysed (sweep beside the analysis)")
            } catch {
                #expect(error as? SEMError == stagedError, "\(workers) workers, concurrent sweep: \(error)")
            }
        }
    }
}

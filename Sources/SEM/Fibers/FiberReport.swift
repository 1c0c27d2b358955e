// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

extension FiberAnalysis {
    /// Everything `interphase sem fibers` reports for one micrograph: the diameter analysis with its
    /// mask and pruned skeleton, the threshold sweep, and the orientation by both routes (the
    /// structure tensor over the fibre mask, the Fourier route over the whole image).
    public struct Report: Sendable {
        /// The diameter analysis.
        public var result: Result
        /// The fibre mask it measured.
        public var mask: BinaryMask
        /// The pruned centre lines.
        public var skeleton: BinaryMask
        /// The threshold sweep (nil when not asked for or not possible).
        public var sweep: SweepResult?
        /// The orientation by the structure tensor, over the fibre mask.
        public var structureTensor: OrientationAnalysis.Result
        /// The orientation by the Fourier route, over the whole image.
        public var fourier: OrientationAnalysis.Result
    }

    /// The analysis, its sweep (unless `sweep` is false) and both orientation routes, over two threads.
    /// One smooths, segments and measures the diameters. The other runs the Fourier route (which
    /// needs no mask) while the first segments, then, once the first hands it the fibre mask and the
    /// sweep's window, the structure tensor and the sweep's levels. So the second core is busy during
    /// the segmentation's serial stretches, and the sweep runs beside the diameter analysis instead of
    /// after it. Every stage is deterministic, so the report is the same whatever the timing or the
    /// number of threads (one worker: the two run one after the other); `orientation.mask` is
    /// replaced by the fibre mask. The peak memory of a 4096² image stays under 200 MiB
    /// (Benchmarks/RESULTS.md).
    public func analyseWithOrientation(_ m: Micrograph, sweep: Bool, orientation: OrientationAnalysis.Options = OrientationAnalysis.Options()) throws(SEMError) -> Report {
        struct Ready: Sendable { var mask: BinaryMask; var plan: SweepPlan? }
        struct Beside: Sendable { var tensor: OrientationAnalysis.Result; var fourier: OrientationAnalysis.Result; var means: [Double]? }
        let ready = Handoff<Ready>()
        let analysis = self
        do {
            let (fibres, beside) = try Parallelism.both({ () throws -> (Detailed, SweepPlan?) in
                // A failure before the mask exists closes the handoff, so the other thread stops waiting.
                defer { ready.close() }
                let (mask, level, plan, warnings) = try analysis.maskAndPlan(m, sweep: sweep)
                ready.send(Ready(mask: mask, plan: plan))
                let d = try analysis.detailed(mask: mask, grey: m.grey, calibration: m.calibration, threshold: level ?? .nan, warnings: warnings)
                return (d, plan)
            }, { () throws -> Beside? in
                let fourier = try OrientationAnalysis.fourier(m.grey, options: orientation)
                // No mask: the segmentation failed, and its error is the one thrown.
                guard let r = ready.receive() else { return nil }
                var o = orientation
                o.mask = r.mask
                let tensor = try OrientationAnalysis.structureTensor(m.grey, options: o)
                // The centre level's mean is the analysis's own when the window is the whole image.
                let means = r.plan.map { analysis.sweepMeans($0, skippingCentre: $0.wholeImage) }
                return Beside(tensor: tensor, fourier: fourier, means: means)
            })
            guard let beside else { throw SEMError.analysisFailed("orientation: no fibre mask") }
            let (d, plan) = fibres
            // The sweep measures edges; an analysis that fell back to 2·EDT has no comparable sweep.
            var s: SweepResult? = nil
            if d.result.edgeSamples > 0, let plan, let means = beside.means {
                s = analysis.sweepResult(plan, means: means, centre: plan.wholeImage ? d.result.diameterPixels.mean : nil)
            }
            return Report(result: d.result, mask: d.mask, skeleton: d.skeleton, sweep: s, structureTensor: beside.tensor, fourier: beside.fourier)
        } catch let e as SEMError {
            throw e
        } catch {
            throw .analysisFailed("\(error)")
        }
    }
}

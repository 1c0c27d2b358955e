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
    /// One smooths, segments, measures the diameters, then runs the sweep; it hands the fibre mask
    /// to the other as soon as the mask exists. The other then runs the Fourier route and the
    /// structure tensor. The two fill each other's serial stretches (the skeleton graph, the
    /// statistics) while their own loops run in parallel too. The Fourier route waits for the mask
    /// although it does not need it, so its tile buffers never coexist with the smoothed Float image:
    /// that keeps the peak memory of a 4096² image under 200 MB. Every stage is deterministic, so
    /// the report is the same whatever the timing or the number of threads; `orientation.mask` is
    /// replaced by the fibre mask.
    public func analyseWithOrientation(_ m: Micrograph, sweep: Bool, orientation: OrientationAnalysis.Options = OrientationAnalysis.Options()) throws(SEMError) -> Report {
        let maskReady = Handoff<BinaryMask>()
        let analysis = self
        do {
            let (fibres, angles) = try Parallelism.both({ () throws -> Detailed in
                // A failure before the mask exists closes the handoff, so the other thread stops waiting.
                defer { maskReady.close() }
                return try analysis.analyseWithSweep(m, sweep: sweep) { maskReady.send($0) }
            }, { () throws -> (OrientationAnalysis.Result, OrientationAnalysis.Result)? in
                // No mask: the segmentation failed, and its error is the one thrown.
                guard let mask = maskReady.receive() else { return nil }
                let fourier = try OrientationAnalysis.fourier(m.grey, options: orientation)
                var o = orientation
                o.mask = mask
                let t = try OrientationAnalysis.structureTensor(m.grey, options: o)
                return (t, fourier)
            })
            guard let (tensor, fourier) = angles else { throw SEMError.analysisFailed("orientation: no fibre mask") }
            return Report(result: fibres.result, mask: fibres.mask, skeleton: fibres.skeleton, sweep: fibres.sweep, structureTensor: tensor, fourier: fourier)
        } catch let e as SEMError {
            throw e
        } catch {
            throw .analysisFailed("\(error)")
        }
    }
}

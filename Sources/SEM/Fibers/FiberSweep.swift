// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The threshold sweep of ``FiberAnalysis``: the mean diameter at ± 5 % and ± 10 % of the grey range
/// around the level, the segmentation part of the uncertainty (SEM.md §6.3).
extension FiberAnalysis {
    /// The analysis repeated at the sweep levels (global thresholds only; nil otherwise). The image is
    /// preprocessed once; `centre` is the mean diameter already measured at the method's own level.
    public func sweep(_ m: Micrograph, centre: Double? = nil) throws(SEMError) -> SweepResult? {
        try sweep(preprocessed: try options.segmentation.preprocess(m.grey), centre: centre)
    }

    /// The sweep on an image already preprocessed. Levels run concurrently, each measuring only the
    /// mean diameter (no segments, histogram or super-pixel estimate), inside ``Options/sweepWindow``.
    public func sweep(preprocessed img: Raster<Float>, centre: Double?) throws(SEMError) -> SweepResult? {
        guard let plan = sweepPlan(preprocessed: img) else { return nil }
        return sweep(plan, centre: centre)
    }

    /// What the sweep needs from the preprocessed image: its levels (from the whole image) and the
    /// window it measures, cut out so the full image can be released before the analysis runs.
    public struct SweepPlan: Sendable {
        var window: Raster<Float>
        var origin: (x: Int, y: Int)
        var wholeImage: Bool
        var levels: [Float]
        var centreLevel: Float
    }

    /// `centre`: the level the analysis's own segmentation used, when known.
    public func sweepPlan(preprocessed img: Raster<Float>, centre: Float? = nil) -> SweepPlan? {
        guard let (levels, centreLevel) = options.segmentation.sweepLevels(preprocessed: img, centre: centre), levels.count >= 3 else { return nil }
        let side = max(options.sweepWindow, 64)
        let ww = min(img.width, side), wh = min(img.height, side)
        let x0 = (img.width - ww) / 2, y0 = (img.height - wh) / 2
        var window = img
        if ww < img.width || wh < img.height {
            var samples = [Float](repeating: 0, count: ww * wh)
            for y in 0..<wh { for x in 0..<ww { samples[y * ww + x] = img.samples[(y0 + y) * img.width + x0 + x] } }
            window = Raster(width: ww, height: wh, colorModel: .gray, samples: samples)
        }
        return SweepPlan(window: window, origin: (x0, y0), wholeImage: ww == img.width && wh == img.height, levels: levels, centreLevel: centreLevel)
    }

    public func sweep(_ plan: SweepPlan, centre: Double?) -> SweepResult? {
        // The centre level is reused only when the window is the whole image.
        let reuse = plan.wholeImage && centre != nil
        return sweepResult(plan, means: sweepMeans(plan, skippingCentre: reuse), centre: reuse ? centre : nil)
    }

    /// The mean diameter at each sweep level (NaN where a level gives no measurement), in level
    /// order, leaving out the centre level when `skippingCentre`. Levels run concurrently.
    func sweepMeans(_ plan: SweepPlan, skippingCentre: Bool) -> [Double] {
        var seg = options.segmentation
        let window = plan.window, centreLevel = plan.centreLevel
        let todo = plan.levels.filter { !($0 == centreLevel && skippingCentre) }
        let means = UnsafeMutablePointer<Double>.allocate(capacity: todo.count)
        defer { means.deallocate() }
        means.initialize(repeating: .nan, count: todo.count)
        let out = UnsafeSendable(means)
        seg.level = nil
        let base = seg, frozen = window
        // The top-layer criterion's level on the image the sweep measures (preprocessed, like its masks).
        let layerLevel = options.layer == .top ? Self.topLayerLevel(.float(frozen), darkFibres: options.darkFibres) : nil
        DispatchQueue.concurrentPerform(iterations: todo.count) { k in
            var s = base
            s.level = todo[k]
            guard let mask = try? s.mask(preprocessed: frozen).mask else { return }
            let fraction = mask.foregroundFraction
            guard fraction > 0 && fraction < 1 else { return }
            // At most about `sweepEdgeSamples` edges per level, evenly along the raster: the sweep needs
            // how the mean moves, and the edges are its costly part on large images.
            let core = core(mask: mask, grey: .float(frozen), stride: nil, layerLevel: layerLevel)
            // Edges only: a level measured by 2·EDT instead would put the difference between the
            // routes into the spread.
            let measured = Self.edgeSelection(core)
            guard measured.values.count >= 10 else { return }
            out.pointer[k] = Self.statistics(measured.values, measured.weights).mean
        }
        return Array(UnsafeBufferPointer(start: means, count: todo.count))
    }

    /// The sweep's result from ``sweepMeans(_:skippingCentre:)``; `centre`: the centre level's mean
    /// when it was skipped there.
    func sweepResult(_ plan: SweepPlan, means: [Double], centre: Double?) -> SweepResult? {
        let window = plan.window, levels = plan.levels, centreLevel = plan.centreLevel
        var used: [Float] = [], found: [Double] = []
        var next = 0
        for l in levels {
            if l == centreLevel, let centre { used.append(l); found.append(centre); continue }
            let v = means[next]; next += 1
            if v.isFinite { used.append(l); found.append(v) }
        }
        guard found.count >= 2 else { return nil }
        let mean = found.reduce(0, +) / Double(found.count)
        let sd = (found.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(found.count - 1)).squareRoot()
        return SweepResult(window: [plan.origin.x, plan.origin.y, window.width, window.height], levels: used, meanDiametersPixels: found,
                           halfRangePixels: 0.5 * (found.max()! - found.min()!), sdPixels: sd)
    }
}

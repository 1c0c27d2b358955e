// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Fibre diameters of an electrospun mat, DiameterJ's "histogram" method (Hotaling et al.,
/// Biomaterials 61 (2015) 327; SEM.md §1.1) with sub-pixel widths: segment, skeletonise (Zhang–Suen,
/// made 8-thin: `Skeleton.removingStaircases`), leave out discs around junctions (twice the
/// junction's inscribed radius: there the distance is the junction's, and a profile across the fibre
/// runs into the other fibre), the end pixels, and the segments that are two fibres merged into one
/// band (`mergedSegments(_:excluded:ratio:divergence:diameter:)`), and at every other skeleton
/// pixel measure the width from the grey levels across the fibre
/// (`EdgeWidths`: the two half-level edges along the normal). Each skeleton pixel is weighted by
/// the centre-line length it stands for (1 or √2 per link), so the distribution is length-weighted.
///
/// The cross-check, ``Result/diameterPixelsEDT``, is 2·EDT at the same pixels (the DiameterJ and
/// SIMPoly convention), which is quantised and reads one pixel wide on grid-aligned bars. On fibres of
/// known width at random angles it reads the width within 1 % (tests); on a fibre aligned with the
/// pixel grid it reads one pixel more than the number of fibre pixels across. Skeleton pixels whose
/// inscribed disc crosses the image edge are left out, and spurs shorter than 1.5 local radii are
/// pruned. DiameterJ's super-pixel estimate (fibre area / centre-line length with the junction
/// correction L − ½·c·N₃ − c·N₄) is given for comparison.
public struct FiberAnalysis: Sendable {
    /// How the mat is segmented and what is measured.
    public struct Options: Sendable {
        /// Preprocessing, threshold (Otsu by default) and clean-up; the background is levelled
        /// when it varies across the field (``Segmentation/autoLevel``).
        /// Holes and specks that are noise (shallow against the threshold) are filled and removed
        /// (``Segmentation/shallowCleanUp``).
        public var segmentation: Segmentation = { var s = Segmentation(); s.autoLevel = true; s.shallowCleanUp = true; return s }()
        /// Gaussian pre-smoothing σ in pixels (0: none).
        public var smoothing: Double { get { segmentation.smoothing } set { segmentation.smoothing = newValue } }
        /// Threshold level in grey units; nil: the segmentation's method.
        public var threshold: Float? { get { segmentation.level } set { segmentation.level = newValue } }
        /// Fibres darker than the background (the usual SEM contrast has bright fibres).
        public var darkFibres: Bool { get { segmentation.darkForeground } set { segmentation.darkForeground = newValue } }
        /// Bins of the diameter histogram.
        public var histogramBins = 40
        /// The layer measured on a multi-layer mat (``Layer``): all segments the mask gives, or the
        /// top layer's only.
        public var layer = Layer.all
        /// The threshold sweep measures at most this many pixels on a side (the central window):
        /// how much the mean moves with the level is a property of the segmentation, which a 2048²
        /// window of a mat estimates as well as the whole of a larger image, at a fraction of the cost.
        public var sweepWindow = 2048
        /// A segment wider than this times every other branch at one of its junctions is two merged
        /// fibres and is not sampled (`mergedSegments(_:excluded:ratio:divergence:diameter:)`;
        /// tests set ∞ to measure what it leaves out).
        var mergedBandRatio = 1.35
        /// A segment whose width changes steadily along it by more than this share of its mean is two
        /// fibres overlapping nearly parallel, and is not sampled (∞: not judged).
        var mergedBandDivergence = 0.15
        /// The defaults of `interphase sem fibers`.
        public init() {}
    }

    /// How much the mean diameter moves when the threshold level moves by ±5 % and ±10 % of the grey
    /// range (SEM.md §6.3: the segmentation part of the uncertainty; analysts differ by up to 31 %).
    public struct SweepResult: Sendable, Codable {
        /// The region the sweep measured, pixels (x, y, width, height): the whole image up to
        /// `sweepWindow` on a side, else the central window of that size.
        public var window: [Int]
        /// The threshold levels measured (grey units), the analysis's own among them.
        public var levels: [Float]
        /// The length-weighted mean diameter at each level, pixels.
        public var meanDiametersPixels: [Double]
        /// Half the range of the means, pixels.
        public var halfRangePixels: Double
        /// The sample standard deviation of the means, pixels.
        public var sdPixels: Double
    }

    /// One fibre segment: centre-line length (pixels) and the mean of its diameter samples (pixels;
    /// nil when every pixel of it lies in a junction disc, at the edge or at an end).
    public struct Segment: Sendable, Codable, Hashable {
        /// Centre-line length, pixels.
        public var length: Double
        /// The mean of its diameter samples, pixels (nil: none measured).
        public var meanDiameter: Double?
        /// The diameter samples it holds.
        public var samples: Int

        /// A segment with every field given.
        public init(length: Double, meanDiameter: Double?, samples: Int) {
            self.length = length
            self.meanDiameter = meanDiameter
            self.samples = samples
        }
    }

    /// The diameters and network of one mat. Its `Codable` form is the record's analysis part; the
    /// sample arrays are for figures and maps.
    public struct Result: Sendable, Codable {
        /// Image width, pixels.
        public var width: Int
        /// Image height, pixels.
        public var height: Int
        /// The threshold level used (grey units; NaN for local methods and given masks).
        public var threshold: Float
        /// Fibre area fraction and its complement, the 2-D porosity.
        public var fibreFraction: Double
        /// 1 − ``fibreFraction``.
        public var porosity: Double
        /// Pixels on the pruned centre lines (the Zhang–Suen skeleton the samples are taken on).
        public var skeletonPixels: Int
        /// Junction clusters of the 8-thin centre lines (`FiberNetwork`):
        /// clusters of pixels with three or more neighbours, not the steps of a line.
        public var junctions: Int
        /// Free ends of the 8-thin centre lines.
        public var endPoints: Int
        /// Length of the 8-thin centre lines in pixels, each link 1 or √2.
        public var centreLineLength: Double
        /// Diameters in pixels, length-weighted: the sub-pixel half-level widths (`EdgeWidths`)
        /// when a grey image was measured, else 2·EDT on the skeleton (``diameterMethod`` says which).
        public var diameterPixels: SummaryStatistics
        /// 2·EDT on the skeleton (the DiameterJ and SIMPoly convention), length-weighted: the
        /// cross-check.
        public var diameterPixelsEDT: SummaryStatistics
        /// "half-level edges" or "2·EDT".
        public var diameterMethod: String
        /// DiameterJ super-pixel estimate in pixels.
        public var superPixelDiameter: Double
        /// Centre-line samples (skeleton pixels away from junctions, ends and the image edge).
        public var samples: Int
        /// Samples whose edges were measured (``diameterPixels`` uses these), 0 without a grey image.
        public var edgeSamples: Int
        /// Physical values when calibrated (nm), else nil.
        public var pixelSizeNM: Double?
        /// ``diameterPixels`` in nm (nil without calibration).
        public var diameterNM: SummaryStatistics?
        /// ``diameterPixelsEDT`` in nm (nil without calibration).
        public var diameterEDTNM: SummaryStatistics?
        /// Where the pixel size came from (file metadata, sidecar, given); nil without calibration.
        public var calibrationSource: String?
        /// Junctions per µm² (nil without calibration) and per 100×100 px.
        public var junctionDensityPerSquareMicron: Double?
        /// Junctions per 100 × 100 pixels.
        public var junctionsPer10kPixels: Double
        /// The length-weighted histogram of ``diameterPixels``'s samples, pixels.
        public var histogram: Histogram
        /// Fibre segments: the skeleton between junction clusters and end points (8-connected runs).
        public var segments: [Segment]
        /// What the top-layer criterion kept (nil unless ``Options/layer`` is `.top`).
        public var layer: LayerSelection? = nil
        /// What the user should know: calibration missing, levelling applied, edges unmeasurable.
        public var warnings: [String]
        /// The centre-line samples (row-major pixel indices, raster order) and the diameter each
        /// stands for in pixels, by ``diameterMethod`` (NaN where none was measured): what
        /// ``diameterMap()`` draws. Not part of the Codable form.
        public var samplePixels: [Int] = []
        /// The diameter at each of ``samplePixels``, pixels (NaN where none was measured).
        public var sampleDiameters: [Double] = []
        /// The skeleton pixels (row-major indices, raster order) the top-layer criterion left out.
        /// Not part of the Codable form.
        public var lowerLayerPixels: [Int] = []

        enum CodingKeys: String, CodingKey {
            case width, height, threshold, fibreFraction, porosity, skeletonPixels, junctions, endPoints, centreLineLength,
                 diameterPixels, diameterPixelsEDT, diameterMethod, superPixelDiameter, samples, edgeSamples, pixelSizeNM,
                 diameterNM, diameterEDTNM, calibrationSource, junctionDensityPerSquareMicron, junctionsPer10kPixels,
                 histogram, segments, layer, warnings
        }
    }

    /// The segmentation and measurement options.
    public var options: Options
    /// An analysis with these options (the command's defaults unless given).
    public init(options: Options = Options()) { self.options = options }

    /// The binary fibre mask of a grey image and the level used (nil for local thresholds).
    public func segment(_ image: Raster<Float>) throws(SEMError) -> Segmentation.Segmented {
        try options.segmentation.mask(image)
    }

    /// The mask and level of a micrograph's grey levels (8-bit images are not copied to Float).
    func segment(_ grey: GreyLevels) throws(SEMError) -> Segmentation.Segmented {
        try options.segmentation.mask(preprocessed: try options.segmentation.preprocess(grey))
    }

    /// The analysis with the result, the fibre mask and the pruned centre lines (for figures), and
    /// the threshold sweep when one was asked for.
    public struct Detailed: Sendable {
        /// The measurement.
        public var result: Result
        /// The fibre mask the diameters were measured on.
        public var mask: BinaryMask
        /// The pruned centre lines.
        public var skeleton: BinaryMask
        /// The threshold sweep (nil when not asked for, or not possible).
        public var sweep: SweepResult? = nil
    }

    /// Segments the micrograph and measures its fibres (no sweep).
    public func analyse(_ m: Micrograph) throws(SEMError) -> Result {
        try detailed(m).result
    }

    /// The mask, its level, the sweep's plan (when `sweep`), and the micrograph's warnings with what
    /// the segmentation did unasked (automatic levelling, from the same analysis of the background as
    /// the preprocessing).
    func maskAndPlan(_ m: Micrograph, sweep: Bool) throws(SEMError) -> (BinaryMask, Float?, SweepPlan?, [String]) {
        let levelling = options.segmentation.levelling(m.grey)
        let img = try options.segmentation.preprocess(m.grey, levelling: levelling)
        let s = try options.segmentation.mask(preprocessed: img)
        let warnings = m.warnings + [Segmentation.levellingNote(levelling)].compactMap { $0 }
        return (s.mask, s.level, sweep ? sweepPlan(preprocessed: img, centre: s.level) : nil, warnings)
    }

    /// The analysis and, unless `sweep` is false, the threshold sweep, preprocessing once.
    ///
    /// `concurrently`: the sweep's levels run beside the diameter analysis instead of after it, so
    /// they fill the cores its serial stretches (the skeleton graph, the statistics) leave idle. The
    /// result is the same; the peak memory is higher (both sets of buffers at once), so callers that
    /// already run other work beside the analysis (the orientation) leave it off.
    public func analyseWithSweep(_ m: Micrograph, sweep: Bool, concurrently: Bool = false) throws(SEMError) -> Detailed {
        // The preprocessed image lives only until the mask and the sweep's window are made.
        let (mask, level, plan, warnings) = try maskAndPlan(m, sweep: sweep)
        guard let plan, concurrently else {
            let d = try detailed(mask: mask, grey: m.grey, calibration: m.calibration, threshold: level ?? .nan, warnings: warnings)
            // The sweep measures edges; an analysis that fell back to 2·EDT has no comparable sweep.
            let s = d.result.edgeSamples == 0 ? nil : plan.flatMap { self.sweep($0, centre: d.result.diameterPixels.mean) }
            return Detailed(result: d.result, mask: d.mask, skeleton: d.skeleton, sweep: s)
        }
        // The centre level's mean is the analysis's own (skipped when the window is the whole image),
        // as in the sequential route.
        let analysis = self, calibration = m.calibration, grey = m.grey
        do {
            let (d, means) = try Parallelism.both({ () throws -> Detailed in
                try analysis.detailed(mask: mask, grey: grey, calibration: calibration, threshold: level ?? .nan, warnings: warnings)
            }, { () -> [Double] in
                analysis.sweepMeans(plan, skippingCentre: plan.wholeImage)
            })
            var detailed = d
            detailed.sweep = d.result.edgeSamples == 0 ? nil : sweepResult(plan, means: means, centre: plan.wholeImage ? d.result.diameterPixels.mean : nil)
            return detailed
        } catch let e as SEMError {
            throw e
        } catch {
            throw .analysisFailed("\(error)")
        }
    }

    /// `grey`: the image the mask was made from, for the sub-pixel widths (nil: the mask itself is
    /// read as the grey image, which puts each edge half-way between the pixels on either side).
    public func analyse(mask: BinaryMask, grey: GreyLevels? = nil, calibration: SEMCalibration?, threshold: Float = .nan, warnings: [String] = []) throws(SEMError) -> Result {
        try detailed(mask: mask, grey: grey, calibration: calibration, threshold: threshold, warnings: warnings).result
    }

    /// The result with the fibre mask and the pruned skeleton (for figures).
    public func detailed(_ m: Micrograph) throws(SEMError) -> Detailed {
        let (mask, level, _, warnings) = try maskAndPlan(m, sweep: false)
        return try detailed(mask: mask, grey: m.grey, calibration: m.calibration, threshold: level ?? .nan, warnings: warnings)
    }

    /// What every diameter statistic needs from one mask: the pruned skeleton's graph (its
    /// byte image flagging the pixels left out near junctions and those with a sample), the junction
    /// discs, and the diameter samples (skeleton pixel index, 2·EDT, length weight) in raster order.
    struct Core {
        var graph: SkeletonGraph
        var junctions: [(x: Int, y: Int, radius: Float)]
        var sampleIndex: [Int]
        /// 2·EDT at each sample.
        var values: [Double]
        var weights: [Double]
        /// The sub-pixel width at each sample (`EdgeWidths`; NaN where it could not be measured),
        /// empty when no grey image was given.
        var edges: [Double]
        /// For each sample, the sample whose edges stand for it (`edgeLeaders(_:width:stride:)`):
        /// itself where edges were tried, else the last one tried before it on the same centre line.
        var leader: [Int32]
        /// Skeleton pixels (raster order) left out as lower layers, and what the criterion kept
        /// (``Options/layer`` `.top` only).
        var lowerLayer: [Int] = []
        var layer: LayerSelection? = nil
    }

    /// Edges are measured at every second sample along each centre line: each profile averages ±3 px
    /// along the fibre, so neighbouring samples share most of their pixels and measuring both adds
    /// time, not information. A measured sample stands for the centre-line length of the samples up
    /// to the next one tried on the same line.
    static let edgeStride = 2
    /// The threshold sweep measures edges at about this many samples per level at most.
    static let sweepEdgeSamples = 4096

    /// Flags ``core(mask:)`` sets in the skeleton graph's byte image.
    static let excludedFlag: UInt8 = 0x20, sampleFlag: UInt8 = 0x40

    /// `grey`: the grey levels the sub-pixel widths are read from, at every `stride`-th sample (the
    /// others NaN; nil: the stride that measures at most ``sweepEdgeSamples``, and at least every
    /// ``edgeStride``-th); nil grey: none are measured. `layerLevel`: the top-layer criterion's level
    /// (``Layer/top``; with `grey`): segments below it are left out before any sample is taken.
    func core(mask: BinaryMask, grey: GreyLevels? = nil, stride: Int? = Self.edgeStride, layerLevel: Float? = nil) -> Core {
        let w = mask.width, h = mask.height
        // Zhang–Suen's centre lines made 8-thin (its staircase steps would read as junctions).
        let zhangSuen = Skeleton.zhangSuenPixels(mask)
        var graph = SkeletonGraph(width: w, height: h, pixels: Skeleton.removingStaircases(zhangSuen, width: w, height: h))
        // The distance transform is needed on the skeleton only: `radius[k]` belongs to the
        // unpruned skeleton's pixel k (raster order), found by binary search or, for the pruned
        // skeleton (a subsequence), by walking both lists together.
        let skeleton = graph.pixels
        let radius = DistanceTransform.euclidean(mask, at: skeleton)
        func edt(_ p: Int) -> Float {
            var lo = 0, hi = skeleton.count
            while lo < hi { let mid = (lo + hi) / 2; if skeleton[mid] < p { lo = mid + 1 } else { hi = mid } }
            return radius[lo]
        }
        // Skeleton, then spurs shorter than ~1.5 local radii removed (boundary noise, fibres cut by the
        // edge). Walks need not go beyond the longest spur any skeleton pixel allows.
        let maxRadius = radius.max() ?? 0
        graph.pruneSpurs(longest: 1.5 * Double(maxRadius) + 2) { 1.5 * Double(edt($0)) + 2 }
        var junctions: [(x: Int, y: Int, radius: Float)] = []
        for j in graph.junctions {
            let r = j.pixels.map { edt($0) }.max() ?? 0
            junctions.append((Int(j.x.rounded()), Int(j.y.rounded()), r))
        }
        var index: [Int] = [], values: [Double] = [], weights: [Double] = []
        var lowerLayer: [Int] = [], layer: LayerSelection? = nil
        if let layerLevel, let grey {
            (lowerLayer, layer) = Self.lowerLayer(graph, grey: grey, level: layerLevel, darkFibres: options.darkFibres)
        }
        let pw = graph.paddedWidth, offsets = graph.neighbourOffsets, pixels = graph.pixels
        graph.code.withUnsafeMutableBufferPointer { cb in
            let c = cb.baseAddress!
            for p in lowerLayer { c[SkeletonGraph.padded(p, width: w)] |= Self.excludedFlag }
            // Leave out skeleton pixels inside the inscribed disc of every junction (x² + y² ≤ rr²,
            // one row span at a time), and end pixels.
            for (jx, jy, r) in junctions {
                let rr = Int((EdgeWidths.junctionExclusion * Double(r)).rounded(.up)) + 1
                for y in max(0, jy - rr)...min(h - 1, jy + rr) {
                    let room = rr * rr - (y - jy) * (y - jy)
                    var dx = Int(Double(room).squareRoot())
                    while dx * dx > room { dx -= 1 }
                    while (dx + 1) * (dx + 1) <= room { dx += 1 }
                    let row = c + (y + 1) * pw + 1
                    for x in max(0, jx - dx)...min(w - 1, jx + dx) where row[x] != 0 { row[x] |= Self.excludedFlag }
                }
            }
        }
        // Bands of two merged fibres, told by the narrower branches they split into.
        let merged = Self.mergedSegments(graph, excluded: Self.excludedFlag, ratio: options.mergedBandRatio, divergence: options.mergedBandDivergence) { 2 * Double(edt($0)) }
        graph.code.withUnsafeMutableBufferPointer { cb in
            let c = cb.baseAddress!
            for p in merged.pixels { c[SkeletonGraph.padded(p, width: w)] |= Self.excludedFlag }
            var cursor = 0
            for p in pixels {
                while skeleton[cursor] < p { cursor += 1 }
                let q = SkeletonGraph.padded(p, width: w)
                let v = c[q]
                guard v & Self.excludedFlag == 0 && v & SkeletonGraph.countBits != 2 else { continue }
                // A disc that crosses the image edge is truncated: its distance is not a fibre radius.
                let x = p % w, y = p / w
                let r = Double(radius[cursor])
                if Double(x) < r || Double(y) < r || Double(w - 1 - x) < r || Double(h - 1 - y) < r { continue }
                // Weight: half of each link's length (orthogonal 1, diagonal √2).
                var wt = 0.0
                for (o, diagonal) in offsets where c[q + o] != 0 { wt += 0.5 * (diagonal ? 2.0.squareRoot() : 1) }
                c[q] |= Self.sampleFlag
                index.append(p)
                values.append(2 * Double(radius[cursor]))
                weights.append(max(wt, 0.5))
            }
        }
        var edges: [Double] = []
        let edgeStride = stride ?? max(Self.edgeStride, (index.count + Self.sweepEdgeSamples - 1) / Self.sweepEdgeSamples)
        let leader = Self.edgeLeaders(index, width: w, stride: edgeStride)
        if let grey {
            let tried = leader.indices.filter { Int(leader[$0]) == $0 }
            edges = EdgeWidths.measure(grey: grey, darkFibres: options.darkFibres, mask: mask, skeleton: graph.code,
                                       paddedWidth: pw, samples: index, diameters: values, tried: tried)
        }
        return Core(graph: graph, junctions: junctions, sampleIndex: index, values: values, weights: weights, edges: edges, leader: leader,
                    lowerLayer: lowerLayer, layer: layer)
    }

    /// The analysis of a fibre mask already made (1 = fibre), with the sub-pixel widths read from
    /// `grey` (nil: from the mask itself, edges half-way between pixels); `threshold` and `warnings`
    /// are carried into the result.
    public func detailed(mask: BinaryMask, grey: GreyLevels? = nil, calibration: SEMCalibration?, threshold: Float = .nan,
                         warnings: [String] = []) throws(SEMError) -> Detailed {
        let w = mask.width, h = mask.height
        let fraction = mask.foregroundFraction
        guard fraction > 0 && fraction < 1 else {
            throw .analysisFailed("the segmentation is \(fraction == 0 ? "empty" : "all foreground"): no fibres can be measured (check the threshold, and whether the fibres are darker than the background)")
        }
        if let grey, grey.width != w || grey.height != h {
            throw .invalidRequest("the grey image is \(grey.width)×\(grey.height) but the mask is \(w)×\(h)")
        }
        // Without a grey image the mask is read as one (0 and 1, bright fibres).
        let source = grey ?? .uint8(Raster(width: w, height: h, colorModel: .gray, samples: options.darkFibres ? mask.pixels.map { 1 - $0 } : mask.pixels))
        var layerLevel: Float? = nil
        if options.layer == .top {
            guard let grey else { throw .invalidRequest("the top-layer criterion reads the grey levels along the centre lines: give the grey image, not a mask alone") }
            guard let l = Self.topLayerLevel(grey, darkFibres: options.darkFibres) else {
                throw .analysisFailed("the image has fewer than three grey levels: no top layer can be told from the layers below")
            }
            layerLevel = l
        }
        let core = core(mask: mask, grey: source, layerLevel: layerLevel)
        // Junctions, ends and length of the 8-thin centre lines (`FiberNetwork`).
        let network = FiberNetwork(core.graph)
        let skeletonPixels = core.graph.pixels.count
        let length = network.length
        guard skeletonPixels > 0 else { throw .analysisFailed("the skeleton is empty: no fibres") }
        let edt = core.values, weights = core.weights
        var notes = warnings
        guard edt.count >= 10 else {
            throw .analysisFailed("only \(edt.count) skeleton pixels away from junctions" + (core.layer == nil ? "" : " on the top layer") + ": too few to measure diameters")
        }
        if let l = core.layer {
            notes.append(String(format: "top layer only: %d of %d centre-line segments kept (%.0f %% of the centre line), those whose median grey along the centre line reaches %.4g, the upper level of a three-class Otsu; the dimmer segments of the layers below are left out (drawn violet in the figure)",
                                l.keptSegments, l.segments, 100 * l.keptFraction, l.level))
        }
        let edtStatistics = Self.statistics(edt, weights)
        let measured = Self.edgeSelection(core)
        // On fibre mats nearly every profile tried finds two edges with background beside them: 94–97 %
        // of the centre line on the real mats tested, 96–100 % on exact-coverage synthetic ones. Grains,
        // pores and textures do not (77 % and 67 % on the two non-fibrous fixtures), nor do mats of
        // merged fibres.
        if measured.fraction < Self.fibreEdgeShare {
            notes.append(String(format: "the edges could be measured at only %.0f %% of the centre line tried (fibre mats give over 90 %%): the fibres touch or merge, or the image does not show fibres (grains, pores or a texture give such values) and the diameters describe the mask's widths, not fibres'; check the figure, which shows the unmeasured centre line in blue; on a multi-layer mat the top-layer threshold (otsu-top) keeps the fibres apart", 100 * measured.fraction)
                         + (measured.values.count < 10 ? "; diameters are 2·EDT on the skeleton, without a threshold sweep" : ""))
        }
        let useEdges = measured.values.count >= 10
        let values = useEdges ? measured.values : edt, valueWeights = useEdges ? measured.weights : weights
        let (segments, variation) = Self.segments(core.graph, sampleIndex: core.sampleIndex, samples: useEdges ? core.edges : edt)
        if useEdges, let variation, variation > Self.fibreWidthVariation {
            notes.append(String(format: "the widths vary by %.0f %% along the centre lines between junctions (the median segment; fibres keep their width, "
                                + "3.7–5.3 %% on the real mats tested): the mask holds the gaps between fibres rather than fibres, as when the fibres are "
                                + "darker than the background; if they are, measure dark fibres", 100 * variation))
        }
        let corrected = Self.statistics(values, valueWeights)
        let c = network.superPixelDiameter(area: Double(mask.foregroundCount))
        let hist: Histogram
        do { hist = try Histogram(values, binCount: options.histogramBins, weights: valueWeights) }
        catch { throw .analysisFailed("diameter histogram: \(error)") }
        var nm: SummaryStatistics? = nil, edtNM: SummaryStatistics? = nil, density: Double? = nil
        if let cal = calibration {
            if abs(cal.pixelWidthNM / cal.pixelHeightNM - 1) > 0.01 {
                notes.append("pixels are not square (\(cal.pixelWidthNM) × \(cal.pixelHeightNM) nm): diameters use the mean pixel size")
            }
            let s = 0.5 * (cal.pixelWidthNM + cal.pixelHeightNM)
            nm = corrected.scaled(by: s)
            edtNM = edtStatistics.scaled(by: s)
            density = Double(network.junctions) / (Double(w * h) * cal.pixelWidthNM * cal.pixelHeightNM * 1e-6)
        }
        if options.segmentation.level == nil && options.segmentation.method == .otsuTop {
            notes.append(String(format: "top layer only: pixels above %.4g, the upper level of a three-class Otsu; the dimmer layers below it are left out", threshold))
        }
        if corrected.mean < 3 {
            notes.append(String(format: "mean diameter %.1f px: fibres under ~4 px across are poorly resolved; image at higher magnification", corrected.mean))
        }
        let result = Result(width: w, height: h, threshold: threshold, fibreFraction: fraction, porosity: 1 - fraction,
                      skeletonPixels: skeletonPixels, junctions: network.junctions, endPoints: network.endPoints, centreLineLength: length,
                      diameterPixels: corrected, diameterPixelsEDT: edtStatistics, diameterMethod: useEdges ? "half-level edges" : "2·EDT",
                      superPixelDiameter: c, samples: edt.count, edgeSamples: useEdges ? measured.values.count : 0,
                      pixelSizeNM: calibration.map { 0.5 * ($0.pixelWidthNM + $0.pixelHeightNM) }, diameterNM: nm, diameterEDTNM: edtNM,
                      calibrationSource: calibration?.source, junctionDensityPerSquareMicron: density,
                      junctionsPer10kPixels: Double(network.junctions) / Double(w * h) * 1e4, histogram: hist, segments: segments, layer: core.layer, warnings: notes,
                      samplePixels: core.sampleIndex, sampleDiameters: useEdges ? Self.blockValues(core) : edt,
                      lowerLayerPixels: core.lowerLayer)
        return Detailed(result: result, mask: mask, skeleton: core.graph.mask())
    }

    /// Length-weighted statistics (``SummaryStatistics/init(_:weights:)``); NaN when nothing was measured.
    static func statistics(_ v: [Double], _ w: [Double]) -> SummaryStatistics {
        SummaryStatistics(v, weights: w)
            ?? SummaryStatistics(mean: .nan, median: .nan, standardDeviation: .nan, minimum: .nan, maximum: .nan, count: 0)
    }
}

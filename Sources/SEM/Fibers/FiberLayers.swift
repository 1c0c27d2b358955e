// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The top-layer criterion of ``FiberAnalysis``: which centre-line segments of a multi-layer mat
/// belong to the in-focus layer users measure.
///
/// An electrospun mat is deep. The secondary-electron yield falls with depth and the lower layers
/// lie out of the focal plane, so their fibres are dimmer and blurred; a global threshold low enough
/// to keep the top fibres whole takes parts of them in. A pixel-wise upper threshold (`otsu-top`)
/// cuts wide top fibres at their dimmer cores instead. This criterion works per segment: the
/// skeleton is cut at its junctions, and a segment is kept when the median grey along its centre
/// line (each pixel the mean of its 3×3 neighbourhood, against the noise) reaches the upper level
/// of a three-class Otsu of the image (Liao et al. 2001: background, lower layers, top layer).
/// The median over a whole segment is robust where a single pixel is not: a top fibre's dim core
/// or a noisy stretch does not drop it, and a lower fibre's brighter spot does not keep it.
/// Junction clusters are judged the same way. Left-out segments are not measured, and the figure
/// draws them apart.
extension FiberAnalysis {
    /// Which layer of a multi-layer mat the diameters are measured on.
    public enum Layer: String, Sendable, Codable, CaseIterable {
        /// Every centre-line segment the mask gives.
        case all
        /// The top layer only: the segments whose median centre-line grey reaches the upper level
        /// of a three-class Otsu (``LayerSelection``). For mats whose lower layers show through;
        /// on a single-layer mat it would leave out the dimmer half of the fibres.
        case top
    }

    /// What the top-layer criterion kept.
    public struct LayerSelection: Sendable, Codable, Hashable {
        /// The layer measured.
        public var layer: Layer
        /// The grey level a segment's median centre-line grey must reach (the upper level of a
        /// three-class Otsu of the image; for dark fibres, the lower level, and a segment must not
        /// exceed it).
        public var level: Float
        /// Centre-line segments (skeleton runs between junctions) in the mask.
        public var segments: Int
        /// The segments kept as the top layer.
        public var keptSegments: Int
        /// The share of the centre-line pixels on kept segments and junctions.
        public var keptFraction: Double

        /// A record with every field given.
        public init(layer: Layer, level: Float, segments: Int, keptSegments: Int, keptFraction: Double) {
            self.layer = layer
            self.level = level
            self.segments = segments
            self.keptSegments = keptSegments
            self.keptFraction = keptFraction
        }
    }

    /// The level ``Layer/top`` compares segments with: the upper level of a three-class Otsu of
    /// `grey` (the lower one for dark fibres); nil when the image has fewer than three grey levels.
    static func topLayerLevel(_ grey: GreyLevels, darkFibres: Bool) -> Float? {
        guard let levels = Threshold.multiOtsu3(grey.float().samples) else { return nil }
        return darkFibres ? levels.lower : levels.upper
    }

    /// The skeleton pixels (raster order) of the segments and junction clusters whose median
    /// centre-line grey falls short of `level`, and the record of what was kept.
    static func lowerLayer(_ graph: SkeletonGraph, grey: GreyLevels, level: Float, darkFibres: Bool) -> (pixels: [Int], selection: LayerSelection) {
        switch grey {
        case .uint8(let r): lowerLayer(graph, image: r, level: level, darkFibres: darkFibres)
        case .uint16(let r): lowerLayer(graph, image: r, level: level, darkFibres: darkFibres)
        case .float(let r): lowerLayer(graph, image: r, level: level, darkFibres: darkFibres)
        }
    }

    static func lowerLayer<T: GreySample>(_ graph: SkeletonGraph, image: Raster<T>, level: Float, darkFibres: Bool) -> (pixels: [Int], selection: LayerSelection) {
        let w = graph.width, h = graph.height
        precondition(image.width == w && image.height == h, "FiberAnalysis.lowerLayer: image and skeleton differ in size")
        /// The mean of the 3×3 neighbourhood inside the image.
        func local(_ p: Int) -> Float {
            let x = p % w, y = p / w
            var sum: Float = 0, n: Float = 0
            for yy in max(0, y - 1)...min(h - 1, y + 1) {
                for xx in max(0, x - 1)...min(w - 1, x + 1) { sum += image.samples[yy * w + xx].floatValue; n += 1 }
            }
            return sum / n
        }
        func median(_ v: inout [Float]) -> Float {
            v.sort()
            let m = v.count / 2
            return v.count % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m])
        }
        let s: Float = darkFibres ? -1 : 1
        func kept(_ v: inout [Float]) -> Bool { s * median(&v) >= s * level }
        // Segments: the skeleton without its junction clusters, as components.
        let (onP, _, segment, segmentCount) = segmentMembership(graph)
        var members = [[Int]](repeating: [], count: segmentCount)
        for k in onP.indices { members[Int(segment[k])].append(onP[k]) }
        var left: [Int] = []
        var keptCount = 0
        for ps in members {
            var v = ps.map(local)
            if kept(&v) { keptCount += 1 } else { left.append(contentsOf: ps) }
        }
        for j in graph.junctions {
            var v = j.pixels.map(local)
            if !kept(&v) { left.append(contentsOf: j.pixels) }
        }
        left.sort()
        let total = graph.pixels.count
        let selection = LayerSelection(layer: .top, level: level, segments: segmentCount, keptSegments: keptCount,
                                       keptFraction: total > 0 ? Double(total - left.count) / Double(total) : 0)
        return (left, selection)
    }
}

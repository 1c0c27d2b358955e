// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Connected components of a binary mask: union–find over the rows' runs (`LabelledRuns`), then
/// each run's label written to its pixels; 4- or 8-connectivity. Labels run 1…count in raster order
/// of each component's first pixel; 0 is background.
public struct Components: Sendable {
    /// One connected component.
    public struct Component: Sendable, Hashable, Codable {
        /// Its label in ``Components/labels`` (1…count).
        public var label: Int
        /// Its pixel count.
        public var area: Int
        /// The bounding box, inclusive pixel coordinates.
        public var minX: Int
        /// The bounding box's top row.
        public var minY: Int
        /// The bounding box's right column.
        public var maxX: Int
        /// The bounding box's bottom row.
        public var maxY: Int
        /// The centroid's column (pixel centres at integers).
        public var centroidX: Double
        /// The centroid's row.
        public var centroidY: Double
        /// True when the component touches the image border (its true size is unknown).
        public var touchesEdge: Bool
    }

    /// Mask width, pixels.
    public let width: Int
    /// Mask height, pixels.
    public let height: Int
    /// The label of each pixel, row-major (0: background).
    public var labels: [Int32]
    /// The components in label order.
    public var components: [Component]

    /// Labels the foreground (nonzero) pixels of `mask`, 8-connected unless `eightConnected` is false;
    /// with `background`, its background (zero) pixels instead, without an inverted copy of the mask.
    public init(_ mask: BinaryMask, eightConnected: Bool = true, background: Bool = false) {
        width = mask.width
        height = mask.height
        let runs = LabelledRuns(mask, eightConnected: eightConnected, background: background)
        let w = mask.width
        var lab = [Int32](repeating: 0, count: w * mask.height)
        lab.withUnsafeMutableBufferPointer { lb in
            for k in 0..<runs.count {
                let row = Int(runs.row[k]) * w
                lb[(row + Int(runs.first[k]))...(row + Int(runs.last[k]))].update(repeating: runs.label[k])
            }
        }
        labels = lab
        components = runs.components
    }

    /// The number of components.
    public var count: Int { components.count }
}

/// Binary morphology with exact Euclidean discs (through the distance transform, so any radius costs
/// the same linear time), hole filling and small-object removal.
public enum Morphology {
    /// Pixels within `radius` of the foreground (disc structuring element |d| ≤ radius).
    public static func dilate(_ m: BinaryMask, radius: Double) -> BinaryMask {
        let d = DistanceTransform.euclidean(m.inverted())
        return BinaryMask(width: m.width, height: m.height, pixels: d.map { Double($0) <= radius ? 1 : 0 })
    }

    /// Foreground pixels farther than `radius` from the background.
    public static func erode(_ m: BinaryMask, radius: Double) -> BinaryMask {
        let d = DistanceTransform.euclidean(m)
        return BinaryMask(width: m.width, height: m.height, pixels: d.map { Double($0) > radius ? 1 : 0 })
    }

    /// Erosion then dilation by a disc of `radius`: removes foreground narrower than the disc.
    public static func open(_ m: BinaryMask, radius: Double) -> BinaryMask { dilate(erode(m, radius: radius), radius: radius) }
    /// Dilation then erosion by a disc of `radius`: closes gaps and holes narrower than the disc.
    public static func close(_ m: BinaryMask, radius: Double) -> BinaryMask { erode(dilate(m, radius: radius), radius: radius) }

    /// Background regions not connected (4-connectivity) to the border become foreground.
    public static func fillHoles(_ m: BinaryMask) -> BinaryMask {
        let bg = Components(m, eightConnected: false, background: true)
        var out = m
        for i in out.pixels.indices where m.pixels[i] == 0 {
            if !bg.components[Int(bg.labels[i]) - 1].touchesEdge { out.pixels[i] = 1 }
        }
        return out
    }

    /// Shallow holes and specks: the mask's holes (background regions, 4-connectivity, not
    /// connected to the border) whose grey levels in `image` never fall below `fillAbove`
    /// become foreground, and foreground objects (8-connectivity) that never rise above `removeBelow`
    /// become background. For dark foreground pass `sign` −1 and the levels negated: the image is
    /// read negated, without a copy. Only holes and specks at most `maxExtent` pixels across
    /// (bounding box) are changed.
    public static func removeShallow(_ m: BinaryMask, image: Raster<Float>, sign: Float = 1, fillAbove: Float, removeBelow: Float, maxExtent: Int) -> BinaryMask {
        var out = m
        removeShallow(in: &out, image: image, sign: sign, fillAbove: fillAbove, removeBelow: removeBelow, maxExtent: maxExtent)
        return out
    }

    /// ``removeShallow(_:image:sign:fillAbove:removeBelow:maxExtent:)`` in place: a 4096² mask
    /// is not copied (the peak memory of the fibre command).
    public static func removeShallow(in out: inout BinaryMask, image: Raster<Float>, sign: Float = 1, fillAbove: Float, removeBelow: Float, maxExtent: Int) {
        precondition(image.width == out.width && image.height == out.height, "removeShallow: image and mask differ in size")
        let w = out.width
        func small(_ c: Components.Component) -> Bool { c.maxX - c.minX < maxExtent && c.maxY - c.minY < maxExtent }
        // By runs (`LabelledRuns`): no label image. Each hole's run is read before any is filled,
        // and each object's before any is cleared.
        image.samples.withUnsafeBufferPointer { img in
            let holes = LabelledRuns(out, eightConnected: false, background: true)
            var deepest = [Float](repeating: .infinity, count: holes.components.count)
            for k in 0..<holes.count {
                let l = Int(holes.label[k]) - 1, row = Int(holes.row[k]) * w
                var low = Float.infinity
                for i in (row + Int(holes.first[k]))...(row + Int(holes.last[k])) { low = min(low, sign * img[i]) }
                deepest[l] = min(deepest[l], low)
            }
            let fill = holes.components.indices.map { !holes.components[$0].touchesEdge && small(holes.components[$0]) && deepest[$0] > fillAbove }
            out.pixels.withUnsafeMutableBufferPointer { px in
                for k in 0..<holes.count where fill[Int(holes.label[k]) - 1] {
                    let row = Int(holes.row[k]) * w
                    px[(row + Int(holes.first[k]))...(row + Int(holes.last[k]))].update(repeating: 1)
                }
            }
            let objects = LabelledRuns(out, eightConnected: true, background: false)
            var highest = [Float](repeating: -.infinity, count: objects.components.count)
            for k in 0..<objects.count {
                let l = Int(objects.label[k]) - 1, row = Int(objects.row[k]) * w
                var high = -Float.infinity
                for i in (row + Int(objects.first[k]))...(row + Int(objects.last[k])) { high = max(high, sign * img[i]) }
                highest[l] = max(highest[l], high)
            }
            let drop = objects.components.indices.map { small(objects.components[$0]) && highest[$0] < removeBelow }
            out.pixels.withUnsafeMutableBufferPointer { px in
                for k in 0..<objects.count where drop[Int(objects.label[k]) - 1] {
                    let row = Int(objects.row[k]) * w
                    px[(row + Int(objects.first[k]))...(row + Int(objects.last[k]))].update(repeating: 0)
                }
            }
        }
    }

    /// The typical width of the elongated foreground objects of a mask, pixels: 8·A / (π·P) for
    /// foreground area A and P the count of foreground–background pixel sides (4-connected). A
    /// strip of width d and length L ≫ d has A = L·d and a perimeter of 2L, which the pixel sides
    /// count as 2L·(|cos θ| + |sin θ|), 2L·4/π on average over directions. Boundary noise adds to P,
    /// so the estimate errs low; merged fibres (a blob for a crossing) make it err high. Nil for an
    /// empty or full mask.
    public static func typicalStripWidth(_ m: BinaryMask) -> Double? {
        let w = m.width, h = m.height
        var area = 0, sides = 0
        // Branch-free counts per row (the compiler vectorises them).
        m.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let row = p.baseAddress! + y * w
                var a = 0, s = 0
                for x in 0..<w { a &+= row[x] != 0 ? 1 : 0 }
                for x in 0..<max(w - 1, 0) { s &+= (row[x] != 0) != (row[x + 1] != 0) ? 1 : 0 }
                if y + 1 < h {
                    let below = row + w
                    for x in 0..<w { s &+= (row[x] != 0) != (below[x] != 0) ? 1 : 0 }
                }
                area += a; sides += s
            }
        }
        guard area > 0 && sides > 0 else { return nil }
        return 8 * Double(area) / (Double.pi * Double(sides))
    }

    /// Foreground components (8-connectivity) smaller than `minArea` pixels are removed.
    public static func removeSmall(_ m: BinaryMask, minArea: Int) -> BinaryMask {
        let c = Components(m)
        var out = m
        for i in out.pixels.indices where m.pixels[i] != 0 {
            if c.components[Int(c.labels[i]) - 1].area < minArea { out.pixels[i] = 0 }
        }
        return out
    }
}

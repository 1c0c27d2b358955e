// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Connected components of a binary mask: two raster passes with union-find (Fiorio & Gustedt,
/// Theor. Comput. Sci. 154 (1996) 165; Wu, Otoo & Suzuki, Pattern Anal. Appl. 12 (2009) 117), 4- or
/// 8-connectivity. Labels run 1…count in raster order of each component's first pixel; 0 is background.
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
        let on: UInt8 = background ? 0 : 1
        width = mask.width
        height = mask.height
        let w = width, h = height
        // A provisional label starts only where a run of foreground pixels in a row starts, so
        // there are at most as many as runs (a fibre mat has a few hundred thousand at 4096²; a
        // bound of one per two pixels would take 34 MB there). Parent pointers in one buffer.
        var runs = 0
        mask.pixels.withUnsafeBufferPointer { px in
            for y in 0..<h {
                var previous: UInt8 = 0
                for x in 0..<w {
                    let v: UInt8 = (px[y * w + x] != 0) == (on != 0) ? 1 : 0
                    if v != 0 && previous == 0 { runs += 1 }
                    previous = v
                }
            }
        }
        var lab = [Int32](repeating: 0, count: w * h)
        var parent = [Int32](repeating: 0, count: runs + 2)
        var next: Int32 = 1
        mask.pixels.withUnsafeBufferPointer { px in
            lab.withUnsafeMutableBufferPointer { lb in
                parent.withUnsafeMutableBufferPointer { pp in
                    @inline(__always) func find(_ x: Int32) -> Int32 {
                        var r = x
                        while pp[Int(r)] != r { r = pp[Int(r)] }
                        var c = x
                        while pp[Int(c)] != r { let n = pp[Int(c)]; pp[Int(c)] = r; c = n }
                        return r
                    }
                    @inline(__always) func union(_ a: Int32, _ b: Int32) -> Int32 {
                        let ra = find(a), rb = find(b)
                        if ra == rb { return ra }
                        if ra < rb { pp[Int(rb)] = ra; return ra }
                        pp[Int(ra)] = rb
                        return rb
                    }
                    for y in 0..<h {
                        let row = y * w, up = row - w
                        for x in 0..<w where (px[row + x] != 0) == (on != 0) {
                            var l: Int32 = 0
                            if x > 0 && lb[row + x - 1] != 0 { l = lb[row + x - 1] }
                            if y > 0 {
                                let u = lb[up + x]
                                if u != 0 { l = l == 0 ? u : (l == u ? l : union(l, u)) }
                                else if eightConnected {
                                    // With the north pixel clear, NW and NE may belong to different components.
                                    if x > 0 { let nw = lb[up + x - 1]; if nw != 0 { l = l == 0 ? nw : union(l, nw) } }
                                    if x + 1 < w { let ne = lb[up + x + 1]; if ne != 0 { l = l == 0 ? ne : union(l, ne) } }
                                }
                            }
                            if l == 0 {
                                l = next
                                pp[Int(next)] = next
                                next += 1
                            }
                            lb[row + x] = l
                        }
                    }
                    // Flatten: every provisional label to its root.
                    if next > 1 { for i in 1..<Int(next) { pp[i] = find(Int32(i)) } }
                }
            }
        }
        parent.removeSubrange(Int(next)...)
        func find(_ x: Int32) -> Int32 { parent[Int(x)] }
        // Second pass: final labels in order of first appearance, with statistics.
        var final = [Int32](repeating: 0, count: parent.count)
        var comps: [Component] = []
        var sx: [Double] = [], sy: [Double] = []
        for y in 0..<h {
            for x in 0..<w {
                let l = lab[y * w + x]
                guard l != 0 else { continue }
                let root = Int(find(l))
                if final[root] == 0 {
                    comps.append(Component(label: comps.count + 1, area: 0, minX: x, minY: y, maxX: x, maxY: y, centroidX: 0, centroidY: 0, touchesEdge: false))
                    sx.append(0); sy.append(0)
                    final[root] = Int32(comps.count)
                }
                let f = Int(final[root])
                lab[y * w + x] = Int32(f)
                comps[f - 1].area += 1
                comps[f - 1].minX = min(comps[f - 1].minX, x); comps[f - 1].maxX = max(comps[f - 1].maxX, x)
                comps[f - 1].maxY = y
                sx[f - 1] += Double(x); sy[f - 1] += Double(y)
            }
        }
        for i in comps.indices {
            comps[i].centroidX = sx[i] / Double(comps[i].area)
            comps[i].centroidY = sy[i] / Double(comps[i].area)
            comps[i].touchesEdge = comps[i].minX == 0 || comps[i].minY == 0 || comps[i].maxX == w - 1 || comps[i].maxY == h - 1
        }
        labels = lab
        components = comps
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
        func small(_ c: Components.Component) -> Bool { c.maxX - c.minX < maxExtent && c.maxY - c.minY < maxExtent }
        do {
            // In a scope of its own: the holes' labels (4 bytes a pixel) are freed before the
            // objects' are made.
            // Each hole pixel is read once before it is written, so filling in place is safe.
            let bg = Components(out, eightConnected: false, background: true)
            var deepest = [Float](repeating: .infinity, count: bg.components.count)
            for i in out.pixels.indices where out.pixels[i] == 0 {
                let l = Int(bg.labels[i]) - 1
                deepest[l] = min(deepest[l], sign * image.samples[i])
            }
            let fill = bg.components.indices.map { !bg.components[$0].touchesEdge && small(bg.components[$0]) && deepest[$0] > fillAbove }
            for i in out.pixels.indices where out.pixels[i] == 0 && fill[Int(bg.labels[i]) - 1] { out.pixels[i] = 1 }
        }
        let fg = Components(out)
        var highest = [Float](repeating: -.infinity, count: fg.components.count)
        for i in out.pixels.indices where out.pixels[i] != 0 {
            let l = Int(fg.labels[i]) - 1
            highest[l] = max(highest[l], sign * image.samples[i])
        }
        let drop = fg.components.indices.map { small(fg.components[$0]) && highest[$0] < removeBelow }
        for i in out.pixels.indices where out.pixels[i] != 0 && drop[Int(fg.labels[i]) - 1] { out.pixels[i] = 0 }
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
        m.pixels.withUnsafeBufferPointer { p in
            for y in 0..<h {
                let row = p.baseAddress! + y * w
                for x in 0..<w {
                    let v = row[x]
                    if v != 0 { area += 1 }
                    if x + 1 < w && (v != 0) != (row[x + 1] != 0) { sides += 1 }
                    if y + 1 < h && (v != 0) != (row[x + w] != 0) { sides += 1 }
                }
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

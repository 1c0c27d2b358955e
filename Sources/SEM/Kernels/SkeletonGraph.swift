// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// A skeleton as a list of its pixels plus one byte per pixel of a padded image: end points,
/// junctions (clusters of 8-connected pixels with 3 or more neighbours, each with the number of
/// branches leaving it) and spur pruning.
///
/// A fibre skeleton covers a few per cent of the image, so everything here walks the pixel list
/// and reads neighbours from the byte image; nothing scans the whole image after it is built. The
/// byte image has a one-pixel zero border, so the eight neighbours of every pixel are at fixed
/// offsets without bounds tests (the border never holds a skeleton pixel, which is what the bounds
/// tests of a plain image decide). Per pixel: bits 0–3 hold 1 + the neighbour count (0: not on
/// the skeleton); the upper bits are flags the graph and its users set (`junctionFlag`, and
/// the free ones ``FiberAnalysis`` uses for excluded pixels, samples and visits).
public struct SkeletonGraph: Sendable {
    /// A cluster of touching junction pixels (pixels with three or more skeleton neighbours).
    public struct Junction: Sendable, Hashable {
        /// The cluster's pixels (row-major indices of the unpadded image).
        public var pixels: [Int]
        /// Skeleton pixels outside the cluster that touch it: the branch count.
        public var branches: Int
        /// Mean position (x, y).
        public var x: Double
        /// Mean row.
        public var y: Double
    }

    /// Pixels per row of the image.
    public let width: Int
    /// Rows of the image.
    public let height: Int
    /// Skeleton pixels (row-major indices of the unpadded image), in raster order.
    public private(set) var pixels: [Int]
    /// The junction clusters.
    public private(set) var junctions: [Junction]
    /// Skeleton pixels with exactly one neighbour (row-major indices of the unpadded image).
    public private(set) var endPoints: [Int]
    /// The padded byte image: (width + 2) × (height + 2).
    var code: [UInt8]

    static let countBits: UInt8 = 0x0F
    static let junctionFlag: UInt8 = 0x10
    /// Marks a branch pixel while a cluster's branches are counted (cleared straight after).
    static let countedFlag: UInt8 = 0x80

    /// Row stride of the padded image.
    var paddedWidth: Int { width + 2 }

    /// The padded index of unpadded pixel `p`.
    @inline(__always) func padded(_ p: Int) -> Int { Self.padded(p, width: width) }
    @inline(__always) static func padded(_ p: Int, width w: Int) -> Int { p + (p / w) * 2 + w + 3 }
    /// The unpadded index of padded pixel `q`.
    @inline(__always) func unpadded(_ q: Int) -> Int { Self.unpadded(q, width: width) }
    @inline(__always) static func unpadded(_ q: Int, width w: Int) -> Int { (q / (w + 2) - 1) * w + q % (w + 2) - 1 }

    /// The padded indices of `pixels` into `out`. Pixels in raster order (as every list here is)
    /// cost an addition each: the row is followed as the index grows, with no division; a pixel
    /// before the current row falls back to dividing.
    @inline(__always)
    static func paddedIndices(_ pixels: UnsafeBufferPointer<Int>, width w: Int, into out: UnsafeMutablePointer<Int>) {
        var row = 0, rowStart = 0
        for k in 0..<pixels.count {
            let p = pixels[k]
            if p < rowStart {
                row = p / w
                rowStart = row * w
            }
            while p >= rowStart + w { row += 1; rowStart += w }
            out[k] = p + 2 * row + w + 3
        }
    }

    /// The eight neighbour offsets in the padded image, row above first, each row left to right,
    /// with whether each is diagonal (the order every walk over the graph visits them in).
    var neighbourOffsets: [(offset: Int, diagonal: Bool)] {
        let s = paddedWidth
        return [(-s - 1, true), (-s, false), (-s + 1, true), (-1, false), (1, false), (s - 1, true), (s, false), (s + 1, true)]
    }

    /// The graph of a one-pixel-wide skeleton.
    public init(_ s: BinaryMask) {
        let on = s.pixels.withUnsafeBufferPointer { b in b.baseAddress.map { Skeleton.foreground($0, count: b.count) } ?? [] }
        self.init(width: s.width, height: s.height, pixels: on)
    }

    /// The graph of the skeleton whose pixels (raster order) are `pixels`.
    init(width: Int, height: Int, pixels: [Int]) {
        self.width = width
        self.height = height
        self.pixels = pixels
        code = HugePages.zeroed((width + 2) * (height + 2))
        junctions = []
        endPoints = []
        let w = width
        code.withUnsafeMutableBufferPointer { c in
            for p in pixels { c[Self.padded(p, width: w)] = 1 }
        }
        countAndCluster()
    }

    /// The skeleton as a mask.
    public func mask() -> BinaryMask {
        var out: [UInt8] = HugePages.zeroed(width * height)
        for p in pixels { out[p] = 1 }
        return BinaryMask(width: width, height: height, pixels: out)
    }

    /// 8-neighbour count of skeleton pixel `p` (unpadded index).
    public func neighbourCount(_ p: Int) -> Int { Int(code[padded(p)] & Self.countBits) - 1 }

    /// Fills in the neighbour counts of every pixel (the byte image holds 1 for skeleton pixels and
    /// 0 elsewhere), then the end points and junction clusters, in raster order.
    private mutating func countAndCluster() {
        let offsets = neighbourOffsets.map(\.offset)
        let w = width, pw = paddedWidth, n = pixels.count
        // Padded index and neighbour count of every pixel, the eight neighbours read at fixed
        // offsets (the byte image holds only 0 and 1 until the counts are written back).
        var pad = [Int](repeating: 0, count: n), cnt = [UInt8](repeating: 0, count: n)
        var found: [Junction] = [], ends: [Int] = []
        code.withUnsafeMutableBufferPointer { cb in
            let c = cb.baseAddress!
            pad.withUnsafeMutableBufferPointer { pb in
                cnt.withUnsafeMutableBufferPointer { nb in
                    pixels.withUnsafeBufferPointer { px in
                        Self.paddedIndices(px, width: w, into: pb.baseAddress!)
                        for k in 0..<n {
                            let q = pb[k]
                            let above = c + q - pw, below = c + q + pw
                            nb[k] = (above[-1] & 1) &+ (above[0] & 1) &+ (above[1] & 1) &+ (c[q - 1] & 1)
                                &+ (c[q + 1] & 1) &+ (below[-1] & 1) &+ (below[0] & 1) &+ (below[1] & 1)
                        }
                        for k in 0..<n { c[pb[k]] = 1 &+ nb[k] }
                    }
                }
            }
            var stack: [Int] = [], cluster: [Int] = [], touching: [Int] = []
            for (k, p) in pixels.enumerated() {
                if cnt[k] == 1 { ends.append(p) }
                let i = pad[k]
                guard cnt[k] >= 3, c[i] & Self.junctionFlag == 0 else { continue }
                stack.removeAll(keepingCapacity: true)
                cluster.removeAll(keepingCapacity: true)
                touching.removeAll(keepingCapacity: true)
                stack.append(i)
                c[i] |= Self.junctionFlag
                while let q = stack.popLast() {
                    cluster.append(q)
                    for o in offsets {
                        let v = c[q + o]
                        if v & Self.countBits >= 4 && v & Self.junctionFlag == 0 { c[q + o] |= Self.junctionFlag; stack.append(q + o) }
                    }
                }
                // Branches: distinct skeleton pixels touching the cluster that are not in it (every
                // pixel with 3 or more neighbours next to the cluster is in it), marked while counted.
                for q in cluster {
                    for o in offsets {
                        let v = c[q + o]
                        if v != 0 && v & Self.countBits < 4 && v & Self.countedFlag == 0 { c[q + o] |= Self.countedFlag; touching.append(q + o) }
                    }
                }
                for q in touching { c[q] &= ~Self.countedFlag }
                var sx = 0.0, sy = 0.0, members: [Int] = []
                members.reserveCapacity(cluster.count)
                for q in cluster {
                        let u = Self.unpadded(q, width: w)
                    sx += Double(u % w)
                    sy += Double(u / w)
                    members.append(u)
                }
                found.append(Junction(pixels: members, branches: touching.count, x: sx / Double(cluster.count), y: sy / Double(cluster.count)))
            }
        }
        junctions = found
        endPoints = ends
    }

    /// The graph with branches removed that run from an end point to a junction in fewer than
    /// `maxLength(junction pixel)` steps (spurs from boundary noise and from fibres cut by the image
    /// edge). Every walk runs on this skeleton, before any removal; walks stop after `longest` steps,
    /// the largest `maxLength` can return, so long fibres cost nothing.
    public func pruningSpurs(longest: Double, maxLength: (Int) -> Double) -> SkeletonGraph {
        var out = self
        out.pruneSpurs(longest: longest, maxLength: maxLength)
        return out
    }

    /// ``pruningSpurs(longest:maxLength:)`` in place.
    public mutating func pruneSpurs(longest: Double, maxLength: (Int) -> Double) {
        let offsets = neighbourOffsets
        var removed: [Int] = []
        var path: [Int] = []
        code.withUnsafeBufferPointer { cb in
            let c = cb.baseAddress!
            for e in endPoints {
                let start = padded(e)
                path.removeAll(keepingCapacity: true)
                path.append(start)
                var previous = -1, current = start, length = 0.0
                var reachedJunction = -1
                while length <= longest {
                    var next = -1, step = 0.0
                    // On a one-pixel-wide branch the only pixels to avoid are the last two visited;
                    // the last qualifying neighbour in visiting order is taken.
                    let beforePrevious = path.count < 2 ? -1 : path[path.count - 2]
                    for (o, diagonal) in offsets {
                        let q = current + o
                        if c[q] != 0 && q != previous && q != beforePrevious { next = q; step = diagonal ? 2.0.squareRoot() : 1 }
                    }
                    guard next >= 0 else { break }
                    length += step
                    if c[next] & Self.countBits >= 4 { reachedJunction = next; break }
                    previous = current
                    current = next
                    path.append(next)
                }
                if reachedJunction >= 0 && length < maxLength(unpadded(reachedJunction)) { removed += path }
            }
        }
        guard !removed.isEmpty else { return }
        var kept: [Int] = []
        kept.reserveCapacity(pixels.count)
        let w = width
        code.withUnsafeMutableBufferPointer { c in
            for q in removed { c[q] = 0 }
            for p in pixels {
                let q = Self.padded(p, width: w)
                if c[q] != 0 { c[q] = 1; kept.append(p) }
            }
        }
        pixels = kept
        countAndCluster()
    }
}

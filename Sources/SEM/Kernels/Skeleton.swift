// SPDX-License-Identifier: GPL-3.0-or-later

/// Zhang–Suen thinning (Zhang & Suen, CACM 27(3) (1984) 236): two sub-iterations that delete
/// boundary pixels whose 8-neighbourhood has 2–6 foreground pixels, exactly one 0→1 transition
/// around P2…P9, and (P2·P4·P6 = 0, P4·P6·P8 = 0) or (P2·P4·P8 = 0, P2·P6·P8 = 0). The image border
/// counts as background.
///
/// Each pixel's neighbourhood is packed into one byte and the two conditions are looked up in a
/// 256-entry table. Each sub-iteration tests only the pixels whose neighbourhood may have changed
/// since they were last tested at that sub-iteration: one work list per sub-iteration, seeded with
/// the foreground pixels that touch the background (a pixel with all 8 neighbours set has B = 8 and
/// cannot go), and fed with the neighbours of every deleted pixel. A pixel tested and kept stays
/// undeletable at that sub-iteration until a neighbour changes, so the result is the full-scan
/// algorithm's (the tests compare the two), at a cost proportional to the pixels removed.
public enum Skeleton {
    /// Bit 0: deletable in the first sub-iteration; bit 1: in the second. Index bits 0…7 are P2…P9.
    static let deletable: [UInt8] = (0..<256).map { code in
        let p = (0..<8).map { (code >> $0) & 1 } // p[0] = P2, p[1] = P3, …, p[7] = P9
        let b = p.reduce(0, +)
        guard b >= 2 && b <= 6 else { return 0 }
        let a = (0..<8).filter { p[$0] == 0 && p[($0 + 1) % 8] == 1 }.count
        guard a == 1 else { return 0 }
        let p2 = p[0], p4 = p[2], p6 = p[4], p8 = p[6]
        var bits: UInt8 = 0
        if p2 & p4 & p6 == 0 && p4 & p6 & p8 == 0 { bits |= 1 }
        if p2 & p4 & p8 == 0 && p2 & p6 & p8 == 0 { bits |= 2 }
        return bits
    }

    public static func zhangSuen(_ mask: BinaryMask) -> BinaryMask {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return mask }
        // Padded copy: one background pixel all round, so neighbours never leave the buffer.
        let pw = w + 2, count = pw * (h + 2)
        precondition(count < Int(Int32.max), "Zhang–Suen: image too large for 32-bit pixel indices")
        // Bit 0: foreground; bits 1 and 2: on work list 0, 1 (one byte, so one cache line holds both).
        let img = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256), offsets = UnsafeMutablePointer<Int>.allocate(capacity: 8)
        defer { img.deallocate(); table.deallocate(); offsets.deallocate() }
        for (k, o) in [-pw - 1, -pw, -pw + 1, -1, 1, pw - 1, pw, pw + 1].enumerated() { offsets[k] = o }
        img.initialize(repeating: 0, count: count)
        for (i, v) in Self.deletable.enumerated() { table[i] = v }
        mask.pixels.withUnsafeBufferPointer { m in
            for y in 0..<h {
                let src = m.baseAddress! + y * w, dst = img + (y + 1) * pw + 1
                for x in 0..<w { dst[x] = src[x] != 0 ? 1 : 0 }
            }
        }
        var lists: [[Int32]] = [[], []]
        for y in 1...h {
            for i in (y * pw + 1)...(y * pw + w) where img[i] != 0 && code(img, i, pw) != 255 {
                lists[0].append(Int32(i))
                img[i] = 7
            }
        }
        lists[1] = lists[0]
        var toDelete: [Int32] = [], current: [Int32] = []
        var step = 0
        while !lists[0].isEmpty || !lists[1].isEmpty {
            let bit = UInt8(1 << step), listBit = bit << 1
            swap(&current, &lists[step])
            lists[step].removeAll(keepingCapacity: true)
            toDelete.removeAll(keepingCapacity: true)
            for i32 in current {
                let i = Int(i32)
                img[i] &= ~listBit
                if img[i] & 1 != 0 && table[code(img, i, pw)] & bit != 0 { toDelete.append(i32) }
            }
            current.removeAll(keepingCapacity: true)
            for i32 in toDelete { img[Int(i32)] = 0 } // off both lists too
            // Neighbours of deleted pixels have a new neighbourhood: both sub-iterations test them again.
            for i32 in toDelete {
                let i = Int(i32)
                for k in 0..<8 {
                    let q = i + offsets[k]
                    let v = img[q]
                    guard v != 0, v != 7 else { continue }
                    if v & 2 == 0 { lists[0].append(Int32(q)) }
                    if v & 4 == 0 { lists[1].append(Int32(q)) }
                    img[q] = 7
                }
            }
            step ^= 1
        }
        var out = [UInt8](repeating: 0, count: w * h)
        out.withUnsafeMutableBufferPointer { o in
            for y in 0..<h {
                let src = img + (y + 1) * pw + 1, dst = o.baseAddress! + y * w
                for x in 0..<w { dst[x] = src[x] & 1 }
            }
        }
        return BinaryMask(width: w, height: h, pixels: out)
    }

    /// P2…P9 of padded pixel `i` as bits 0…7.
    @inline(__always)
    static func code(_ img: UnsafeMutablePointer<UInt8>, _ i: Int, _ pw: Int) -> Int {
        Int(img[i - pw] & 1) | Int(img[i - pw + 1] & 1) << 1 | Int(img[i + 1] & 1) << 2 | Int(img[i + pw + 1] & 1) << 3
            | Int(img[i + pw] & 1) << 4 | Int(img[i + pw - 1] & 1) << 5 | Int(img[i - 1] & 1) << 6 | Int(img[i - pw - 1] & 1) << 7
    }

    /// Number of 8-connected foreground neighbours of every pixel (0 for background): 1 marks an
    /// end point, 3 or more a junction.
    public static func neighbourCounts(_ s: BinaryMask) -> [UInt8] {
        let w = s.width, h = s.height
        var out = [UInt8](repeating: 0, count: w * h)
        guard w > 0, h > 0 else { return out }
        s.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let p = src.baseAddress!, o = dst.baseAddress!
                for y in 0..<h {
                    let row = p + y * w
                    for x in 0..<w where row[x] != 0 {
                        var c = 0
                        for dy in -1...1 where y + dy >= 0 && y + dy < h {
                            let line = row + dy * w
                            if x > 0 && line[x - 1] != 0 { c += 1 }
                            if line[x] != 0 { c += 1 }
                            if x + 1 < w && line[x + 1] != 0 { c += 1 }
                        }
                        o[y * w + x] = UInt8(c - 1)
                    }
                }
            }
        }
        return out
    }
}

/// Junctions of a skeleton as clusters of 8-connected pixels with 3 or more neighbours, each with
/// the number of branches leaving it; and spur pruning.
public struct SkeletonGraph: Sendable {
    public struct Junction: Sendable, Hashable {
        public var pixels: [Int]
        /// Skeleton pixels outside the cluster that touch it: the branch count.
        public var branches: Int
        /// Mean position (x, y).
        public var x: Double
        public var y: Double
    }

    public var junctions: [Junction]
    public var endPoints: [Int]
    /// 8-neighbour count of every skeleton pixel (``Skeleton/neighbourCounts(_:)``).
    public var counts: [UInt8]

    public init(_ s: BinaryMask) {
        let w = s.width, h = s.height
        counts = Skeleton.neighbourCounts(s)
        let counts = self.counts
        var seen = [Bool](repeating: false, count: w * h)
        junctions = []
        endPoints = []
        for i in 0..<(w * h) where s.pixels[i] != 0 {
            if counts[i] == 1 { endPoints.append(i) }
            guard counts[i] >= 3, !seen[i] else { continue }
            var stack = [i], cluster: [Int] = []
            seen[i] = true
            while let p = stack.popLast() {
                cluster.append(p)
                forEachNeighbour(of: p, width: w, height: h) { q, _ in
                    if s.pixels[q] != 0 && counts[q] >= 3 && !seen[q] { seen[q] = true; stack.append(q) }
                }
            }
            let members = Set(cluster)
            var touching = Set<Int>()
            for p in cluster {
                forEachNeighbour(of: p, width: w, height: h) { q, _ in
                    if s.pixels[q] != 0 && !members.contains(q) { touching.insert(q) }
                }
            }
            let sx = cluster.reduce(0.0) { $0 + Double($1 % w) }, sy = cluster.reduce(0.0) { $0 + Double($1 / w) }
            junctions.append(Junction(pixels: cluster, branches: touching.count, x: sx / Double(cluster.count), y: sy / Double(cluster.count)))
        }
    }

    /// Removes branches that run from an end point to a junction in fewer than `maxLength(junction
    /// pixel)` steps (spurs from boundary noise and from fibres cut by the image edge). Walks stop
    /// after `longest` steps, the largest `maxLength` can return, so long fibres cost nothing.
    public static func pruneSpurs(_ s: BinaryMask, longest: Double, maxLength: (Int) -> Double) -> BinaryMask {
        var out = s
        let w = s.width, h = s.height
        let graph = SkeletonGraph(s)
        let counts = graph.counts
        for e in graph.endPoints {
            var path = [e], previous = -1, current = e, length = 0.0
            var reachedJunction = -1
            while length <= longest {
                var next = -1, step = 0.0
                forEachNeighbour(of: current, width: w, height: h) { q, diagonal in
                    // On a one-pixel-wide branch the only pixels to avoid are the last two visited.
                    if s.pixels[q] != 0 && q != previous && q != current && (path.count < 2 || q != path[path.count - 2]) {
                        next = q; step = diagonal ? 2.0.squareRoot() : 1
                    }
                }
                guard next >= 0 else { break }
                length += step
                if counts[next] >= 3 { reachedJunction = next; break }
                previous = current
                current = next
                path.append(next)
            }
            if reachedJunction >= 0 && length < maxLength(reachedJunction) {
                for p in path { out.pixels[p] = 0 }
            }
        }
        return out
    }
}

/// Calls `body(q, diagonal)` for every 8-neighbour q of pixel p inside a `w`×`h` image, the row
/// above first, each row left to right (the one neighbourhood walk the skeleton code shares).
@inline(__always)
func forEachNeighbour(of p: Int, width w: Int, height h: Int, _ body: (Int, Bool) -> Void) {
    let px = p % w, py = p / w
    for dy in -1...1 where py + dy >= 0 && py + dy < h {
        for dx in -1...1 where (dx != 0 || dy != 0) && px + dx >= 0 && px + dx < w {
            body(p + dy * w + dx, dx != 0 && dy != 0)
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore
import Dispatch

extension Skeleton {
    /// Zhang–Suen thinning (Zhang & Suen, CACM 27(3) (1984) 236): two sub-iterations that delete
    /// boundary pixels whose 8-neighbourhood has 2–6 foreground pixels, exactly one 0→1 transition
    /// around P2…P9, and (P2·P4·P6 = 0, P4·P6·P8 = 0) or (P2·P4·P8 = 0, P2·P6·P8 = 0), until a whole
    /// iteration deletes nothing. The image border counts as background.
    ///
    /// Computed 64 pixels at a time on a bit-packed image: the eight neighbours of a word's pixels
    /// are eight words (shifted rows), the neighbour count is a bit-sliced adder, the transition
    /// count a running "seen once / seen twice" pair, so a word's 64 decisions take about ninety
    /// logical operations. Each sub-iteration decides every pixel from the image as it was before
    /// the sub-iteration (rows are updated in place behind a one-row copy), exactly as the paper's
    /// parallel rule; the tests compare it with a transcription of the paper's full scan. Rows far
    /// from any change since the last sub-iteration of the same kind are skipped, and large images
    /// are split into row bands that run on separate threads.
    public static func zhangSuen(_ mask: BinaryMask) -> BinaryMask {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return mask }
        var bits = BitImage(mask)
        bits.thin()
        return bits.mask()
    }

    /// The Zhang–Suen skeleton as its pixel indices in raster order (what a sparse graph needs,
    /// without a full-size byte image).
    static func zhangSuenPixels(_ mask: BinaryMask) -> [Int] {
        guard mask.width > 0, mask.height > 0 else { return [] }
        var bits = BitImage(mask)
        bits.thin()
        return bits.foregroundIndices()
    }
}

/// A binary image packed 64 pixels per word (pixel x of a row in bit x % 64 of word x / 64), with
/// one zero word either side of every row and one zero row above and below.
struct BitImage {
    let width: Int, height: Int
    /// Words per stored row, padding included.
    let stride: Int
    var words: [UInt64]

    init(_ mask: BinaryMask) {
        width = mask.width
        height = mask.height
        stride = (width + 63) / 64 + 2
        words = [UInt64](repeating: 0, count: stride * (height + 2))
        let w = width, s = stride
        mask.pixels.withUnsafeBufferPointer { src in
            words.withUnsafeMutableBufferPointer { dst in
                let raw = UnsafeRawPointer(src.baseAddress!)
                for y in 0..<height {
                    let row = dst.baseAddress! + (y + 1) * s + 1
                    let line = raw + y * w
                    var x = 0
                    // Eight pixels at a time: make each byte 0 or 1 (the OR of its bits), then gather
                    // byte k's bit into bit k with one multiplication (no two partial products meet).
                    while x + 8 <= w {
                        var v = line.loadUnaligned(fromByteOffset: x, as: UInt64.self)
                        v |= v >> 4; v |= v >> 2; v |= v >> 1
                        v &= 0x0101_0101_0101_0101
                        let byte = (v &* 0x0102_0408_1020_4080) >> 56
                        row[x >> 6] |= byte << UInt64(x & 63)
                        x += 8
                    }
                    while x < w {
                        if line.load(fromByteOffset: x, as: UInt8.self) != 0 { row[x >> 6] |= 1 << UInt64(x & 63) }
                        x += 1
                    }
                }
            }
        }
    }

    /// Row-major indices of the set pixels, in raster order.
    func foregroundIndices() -> [Int] {
        var out: [Int] = []
        let w = width, s = stride
        words.withUnsafeBufferPointer { src in
            for y in 0..<height {
                let row = src.baseAddress! + (y + 1) * s + 1
                for k in 0..<(s - 2) {
                    var word = row[k]
                    while word != 0 {
                        out.append(y * w + k * 64 + word.trailingZeroBitCount)
                        word &= word &- 1
                    }
                }
            }
        }
        return out
    }

    func mask() -> BinaryMask {
        var out: [UInt8] = HugePages.zeroed(width * height)
        // Byte → eight bytes of 0/1.
        var spread = [UInt64](repeating: 0, count: 256)
        for b in 0..<256 { for k in 0..<8 where b & (1 << k) != 0 { spread[b] |= 1 << UInt64(8 * k) } }
        let w = width, s = stride
        words.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                spread.withUnsafeBufferPointer { table in
                    let raw = UnsafeMutableRawPointer(dst.baseAddress!)
                    for y in 0..<height {
                        let row = src.baseAddress! + (y + 1) * s + 1
                        var x = 0
                        while x + 8 <= w {
                            let byte = Int((row[x >> 6] >> UInt64(x & 63)) & 0xFF)
                            raw.storeBytes(of: table[byte], toByteOffset: y * w + x, as: UInt64.self)
                            x += 8
                        }
                        while x < w {
                            raw.storeBytes(of: UInt8((row[x >> 6] >> UInt64(x & 63)) & 1), toByteOffset: y * w + x, as: UInt8.self)
                            x += 1
                        }
                    }
                }
            }
        }
        return BinaryMask(width: width, height: height, pixels: out)
    }

    /// Sub-iterations until two in a row delete nothing.
    mutating func thin() {
        let h = height, s = stride
        // lastChange[y]: the last sub-iteration that deleted a pixel in row y (−2: never).
        var lastChange = [Int](repeating: -2, count: h)
        let bands = h >= 256 ? 2 : 1
        let bounds = (0...bands).map { $0 * h / bands }
        var quiet = 0, step = 0
        // Per band: the row above it and the row below it as they were before the sub-iteration
        // (the neighbouring band rewrites them concurrently).
        var edges = [UInt64](repeating: 0, count: 2 * bands * s)
        var changed = [Bool](repeating: false, count: bands)
        // Rows to test this sub-iteration, decided before the bands start (no band reads another's
        // lastChange while it is being written).
        var active = [Bool](repeating: true, count: h)
        active.withUnsafeMutableBufferPointer { ab in
        let act = UnsafeSendable(ab.baseAddress!)
        words.withUnsafeMutableBufferPointer { wb in
            lastChange.withUnsafeMutableBufferPointer { lb in
                edges.withUnsafeMutableBufferPointer { eb in
                    changed.withUnsafeMutableBufferPointer { cb in
                        let img = UnsafeSendable(wb.baseAddress!), last = UnsafeSendable(lb.baseAddress!)
                        let edge = UnsafeSendable(eb.baseAddress!), flags = UnsafeSendable(cb.baseAddress!)
                        while quiet < 2 {
                            // A pixel kept at the last sub-iteration of this kind can only become
                            // deletable if its neighbourhood changed since: a row is tested again only if
                            // it or a neighbouring row lost pixels in the last two sub-iterations.
                            if step >= 2 {
                                for y in 0..<h {
                                    var recent = last.pointer[y]
                                    if y > 0 { recent = max(recent, last.pointer[y - 1]) }
                                    if y + 1 < h { recent = max(recent, last.pointer[y + 1]) }
                                    act.pointer[y] = recent >= step - 2
                                }
                            }
                            for b in 0..<bands {
                                (edge.pointer + 2 * b * s).update(from: img.pointer + bounds[b] * s, count: s)
                                (edge.pointer + (2 * b + 1) * s).update(from: img.pointer + (bounds[b + 1] + 1) * s, count: s)
                            }
                            let sub = step
                            let work: @Sendable (Int) -> Void = { b in
                                flags.pointer[b] = Self.subIteration(img.pointer, stride: s, rows: bounds[b]..<bounds[b + 1], height: h,
                                                                     step: sub, active: act.pointer, lastChange: last.pointer,
                                                                     above: edge.pointer + 2 * b * s, below: edge.pointer + (2 * b + 1) * s)
                            }
                            if bands == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: bands, execute: work) }
                            var any = false
                            for b in 0..<bands where flags.pointer[b] { any = true }
                            quiet = any ? 0 : quiet + 1
                            step += 1
                        }
                    }
                }
            }
        }
        }
    }

    /// One sub-iteration over `rows` (image rows, 0-based) of the padded image. `above` and `below`
    /// hold the stored rows just outside the band as they were before this sub-iteration. Returns
    /// whether anything was deleted.
    static func subIteration(_ img: UnsafeMutablePointer<UInt64>, stride s: Int, rows: Range<Int>, height h: Int, step: Int,
                             active: UnsafePointer<Bool>, lastChange: UnsafeMutablePointer<Int>,
                             above: UnsafePointer<UInt64>, below: UnsafePointer<UInt64>) -> Bool {
        let first = step % 2 == 0
        // The previous row before this sub-iteration changed it, and a spare for the current row.
        let old = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * s)
        defer { old.deallocate() }
        var prev = old, save = old + s
        prev.update(from: above, count: s)
        var deleted = false
        for y in rows {
            let row = img + (y + 1) * s
            let next: UnsafePointer<UInt64> = y + 1 == rows.upperBound ? below : UnsafePointer(row + s)
            save.update(from: row, count: s)
            if !active[y] {
                swap(&prev, &save)
                continue
            }
            var rowDeleted = false
            for j in 1..<(s - 1) {
                let c = row[j]
                if c == 0 { continue }
                let n = prev[j], so = next[j]
                // Neighbours x+1 (shift right) and x−1 (shift left) across word boundaries.
                let p2 = n, p6 = so
                let p3 = (n >> 1) | (prev[j + 1] << 63)
                let p4 = (c >> 1) | (row[j + 1] << 63)
                let p5 = (so >> 1) | (next[j + 1] << 63)
                let p9 = (n << 1) | (prev[j - 1] >> 63)
                let p8 = (c << 1) | (save[j - 1] >> 63)
                let p7 = (so << 1) | (next[j - 1] >> 63)
                // B = number of foreground neighbours, bit-sliced: b0 + 2 b1 + 4 b2 + 8 b3.
                let x1 = p2 ^ p3, s1 = x1 ^ p4, c1 = (p2 & p3) | (p4 & x1)
                let x2 = p5 ^ p6, s2 = x2 ^ p7, c2 = (p5 & p6) | (p7 & x2)
                let s3 = p8 ^ p9, c3 = p8 & p9
                let x4 = s1 ^ s2, b0 = x4 ^ s3, c4 = (s1 & s2) | (s3 & x4)
                let x5 = c1 ^ c2, u = x5 ^ c3, cu = (c1 & c2) | (c3 & x5)
                let b1 = u ^ c4, cv = u & c4
                let b2 = cu ^ cv, b3 = cu & cv
                let countOK = (b1 | b2 | b3) & ~b3 & ~(b2 & b1 & b0)   // 2 ≤ B ≤ 6
                // A = number of 0→1 transitions in P2, P3, …, P9, P2; must be exactly 1.
                var once = ~p2 & p3, twice: UInt64 = 0
                @inline(__always) func add(_ t: UInt64) { twice |= once & t; once |= t }
                add(~p3 & p4); add(~p4 & p5); add(~p5 & p6); add(~p6 & p7); add(~p7 & p8); add(~p8 & p9); add(~p9 & p2)
                let transitionOK = once & ~twice
                let sideOK = first ? ~(p2 & p4 & p6) & ~(p4 & p6 & p8) : ~(p2 & p4 & p8) & ~(p2 & p6 & p8)
                let del = c & countOK & transitionOK & sideOK
                if del != 0 {
                    row[j] = c & ~del
                    rowDeleted = true
                }
            }
            if rowDeleted {
                lastChange[y] = step
                deleted = true
            }
            swap(&prev, &save)
        }
        return deleted
    }
}

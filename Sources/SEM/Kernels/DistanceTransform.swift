// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// A binary image: `true` pixels (value 1) are the foreground (fibres, deposit).
public struct BinaryMask: Sendable, Equatable {
    /// Pixels per row.
    public let width: Int
    /// Rows.
    public let height: Int
    /// Row-major, 1 = foreground, 0 = background.
    public var pixels: [UInt8]

    /// A mask over `pixels` (row-major, 1 foreground, 0 background); their count must be `width × height`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "BinaryMask: \(pixels.count) pixels for \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Whether the pixel at column `x`, row `y` is foreground.
    public subscript(x: Int, y: Int) -> Bool { pixels[y * width + x] != 0 }

    /// The share of foreground pixels.
    public var foregroundFraction: Double {
        Double(foregroundCount) / Double(max(pixels.count, 1))
    }

    /// Number of foreground pixels (bytes are 0 or 1). Eight are added at once: multiplying the eight
    /// bytes by 0x0101…01 sums them into the top byte (at most 8, so nothing carries out), three
    /// instructions where a population count is a dozen on the baseline x86-64 target (no POPCNT).
    public var foregroundCount: Int {
        pixels.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return 0 }
            let raw = UnsafeRawPointer(base)
            var n = 0, i = 0
            while i + 8 <= b.count { n &+= Int(truncatingIfNeeded: (raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) &* 0x0101_0101_0101_0101) &>> 56); i += 8 }
            while i < b.count { n += Int(b[i]); i += 1 }
            return n
        }
    }

    /// The mask with foreground and background swapped.
    public func inverted() -> BinaryMask { BinaryMask(width: width, height: height, pixels: pixels.map { 1 - min($0, 1) }) }
}

/// Exact Euclidean distance transform in linear time. Each foreground pixel gets its distance to the
/// nearest background pixel centre (scipy's `distance_transform_edt` convention); background pixels
/// get 0. Pass 1 is the vertical distance to background, found by one downward and one upward scan
/// along rows of the image (cache-friendly and vectorisable, Meijster, Roerdink & Hesselink, Math.
/// Morphology and its Applications to Image and Signal Processing (2000) 331, phase 1). Pass 2 takes
/// the lower envelope of parabolas along every row (Felzenszwalb & Huttenlocher, Theory of Computing
/// 8 (2012) 415): in exact integer arithmetic for square pixels, in Double when the pixel width and
/// height differ. Both passes run in parallel over disjoint column or row bands.
public enum DistanceTransform {
    /// Distances in units of `pixelWidth` (x) and `pixelHeight` (y); pixels by default.
    public static func euclidean(_ mask: BinaryMask, pixelWidth: Double = 1, pixelHeight: Double = 1) -> [Float] {
        let w = mask.width, h = mask.height
        guard w > 0, h > 0 else { return [] }
        // A column without background: "infinitely" far, but small enough that its square cannot overflow.
        let infinity = Int32(w + h)
        // Pass 1 writes the vertical distances as Int32 into the result's own memory; pass 2 reads each
        // row out before writing its Floats back, so the transform needs no second image.
        // Every element is written by pass 1, so the array starts uninitialised.
        var result = [Float](unsafeUninitializedCapacity: w * h) { b, count in HugePages.advise(b); count = w * h }
        result.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: Int32.self) { dst in columnDistances(mask, into: dst.baseAddress!, infinity: infinity) }
        }
        let square = pixelWidth == pixelHeight
        result.withUnsafeMutableBufferPointer { buffer in
            let d = UnsafeSendable(buffer.baseAddress!)
            let rowChunks = Parallelism.chunks(h)
            DispatchQueue.concurrentPerform(iterations: rowChunks) { chunk in
                let y0 = chunk * h / rowChunks, y1 = (chunk + 1) * h / rowChunks
                if square {
                    let work = UnsafeMutablePointer<Int>.allocate(capacity: 3 * w + 1)
                    defer { work.deallocate() }
                    let f = work + 2 * w
                    for y in y0..<y1 {
                        let o = d.pointer + y * w
                        let any = o.withMemoryRebound(to: Int32.self, capacity: w) { g in
                            var any = false
                            for x in 0..<w { let v = Int(g[x]); f[x] = v * v; any = any || v != 0 }
                            return any
                        }
                        for x in 0..<w where f[x] == 0 { o[x] = 0 }
                        guard any else { continue }
                        // Each run of foreground needs only the parabolas between the background
                        // pixels that bound it: any farther pixel is farther than one of those, which
                        // are at distance 0. So the cost follows the foreground, not the width.
                        var x = 0
                        while x < w {
                            guard f[x] != 0 else { x += 1; continue }
                            let a = x
                            while x < w && f[x] != 0 { x += 1 }
                            let lo = a > 0 ? a - 1 : a, hi = x < w ? x : w - 1
                            integerRow(o + lo, f + lo, n: hi - lo + 1, scale: Float(pixelWidth), work: work)
                        }
                    }
                } else {
                    let f = UnsafeMutablePointer<Double>.allocate(capacity: 3 * w + 1), v = UnsafeMutablePointer<Int>.allocate(capacity: w)
                    defer { f.deallocate(); v.deallocate() }
                    let verticalScale = pixelHeight * pixelHeight
                    // No background in the column: farther than anything in the image.
                    let big = Double(w * w) * pixelWidth * pixelWidth + Double(h * h) * verticalScale + 1
                    for y in y0..<y1 {
                        let o = d.pointer + y * w
                        o.withMemoryRebound(to: Int32.self, capacity: w) { row in
                            for x in 0..<w { let g = Double(row[x]); f[x] = row[x] == infinity ? big : g * g * verticalScale }
                        }
                        lowerEnvelope(f, out: f + w, v: v, z: f + 2 * w, n: w, scale: pixelWidth * pixelWidth)
                        for x in 0..<w { o[x] = Float(f[w + x].squareRoot()) }
                    }
                }
            }
        }
        return result
    }

    /// Pass 1: each pixel's vertical distance (in pixels) to the nearest background pixel of its
    /// column, `infinity` when the column has none, into `g` (w·h values), by a downward and an
    /// upward scan along rows over parallel column bands.
    @inline(__always)
    static func columnDistances<T: FixedWidthInteger & Sendable>(_ mask: BinaryMask, into g: UnsafeMutablePointer<T>, infinity: T) {
        let w = mask.width, h = mask.height
        let columnChunks = Parallelism.chunks(w)
        mask.pixels.withUnsafeBufferPointer { src in
            let g = UnsafeSendable(g), m = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!))
            DispatchQueue.concurrentPerform(iterations: columnChunks) { chunk in
                let x0 = chunk * w / columnChunks, x1 = (chunk + 1) * w / columnChunks
                guard x1 > x0 else { return }
                for x in x0..<x1 { g.pointer[x] = m.pointer[x] != 0 ? infinity : 0 }
                guard h > 1 else { return }
                for y in 1..<h {
                    let row = m.pointer + y * w, out = g.pointer + y * w, above = out - w
                    for x in x0..<x1 { out[x] = row[x] != 0 ? min(above[x] &+ 1, infinity) : 0 }
                }
                for y in stride(from: h - 2, through: 0, by: -1) {
                    let out = g.pointer + y * w, below = out + w
                    for x in x0..<x1 { out[x] = min(out[x], below[x] &+ 1) }
                }
            }
        }
    }

    /// The distances (square pixels of side `pixelSize`) at `pixels` only (row-major indices in
    /// raster order, such as a skeleton's), the same values ``euclidean(_:pixelWidth:pixelHeight:)``
    /// gives there. Pass 1 is the same; pass 2 searches each pixel's row outwards and stops once the
    /// horizontal offset alone reaches the best squared distance found, which no farther column can
    /// beat: exact, in integers, and about as many steps as the pixel's distance. A skeleton covers a
    /// few per cent of a fibre image and lies at the middle of its fibres, so this costs a fraction
    /// of the full row pass, and the column distances take 16 bits instead of a Float image.
    public static func euclidean(_ mask: BinaryMask, at pixels: [Int], pixelSize: Double = 1) -> [Float] {
        let w = mask.width, h = mask.height
        guard !pixels.isEmpty else { return [] }
        guard w + h < Int(UInt16.max) else {
            let full = euclidean(mask, pixelWidth: pixelSize, pixelHeight: pixelSize)
            return pixels.map { full[$0] }
        }
        var g = [UInt16](unsafeUninitializedCapacity: w * h) { b, count in HugePages.advise(b); count = w * h }
        g.withUnsafeMutableBufferPointer { columnDistances(mask, into: $0.baseAddress!, infinity: UInt16(w + h)) }
        let n = pixels.count, scale = Float(pixelSize)
        return [Float](unsafeUninitializedCapacity: n) { out, count in
            count = n
            g.withUnsafeBufferPointer { gb in
                pixels.withUnsafeBufferPointer { px in
                    let gp = UnsafeSendable(UnsafeMutablePointer(mutating: gb.baseAddress!))
                    let pp = UnsafeSendable(UnsafeMutablePointer(mutating: px.baseAddress!)), o = UnsafeSendable(out.baseAddress!)
                    let chunks = n >= 1 << 14 ? Parallelism.chunks(n) : 1
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        let k0 = c * n / chunks, k1 = (c + 1) * n / chunks
                        var y = -1, rowStart = 0
                        for k in k0..<k1 {
                            let p = pp.pointer[k]
                            precondition(p >= 0 && p < w * h, "pixel \(p) outside the \(w)×\(h) mask")
                            if y < 0 || p < rowStart || p >= rowStart + w { y = p / w; rowStart = y * w }
                            let row = gp.pointer + rowStart, x = p - rowStart
                            let v = Int(row[x])
                            var best = v * v, d = 1
                            while d * d < best && (x - d >= 0 || x + d < w) {
                                if x - d >= 0 { let u = Int(row[x - d]); best = min(best, d * d + u * u) }
                                if x + d < w { let u = Int(row[x + d]); best = min(best, d * d + u * u) }
                                d += 1
                            }
                            o.pointer[k] = scale * Float(best).squareRoot()
                        }
                    }
                }
            }
        }
    }

    /// One row of pass 2 for square pixels, Meijster et al.'s phase 2 in exact integers:
    /// d(u) = min_i ((u − i)² + g(i)²) for u in 0..<n, from f = g², then scale·√d into `out`. `work`
    /// holds at least 2n Ints: the apexes s of the parabolas in the envelope and the first column t
    /// each one wins.
    @inline(__always)
    static func integerRow(_ out: UnsafeMutablePointer<Float>, _ f: UnsafePointer<Int>, n: Int, scale: Float, work: UnsafeMutablePointer<Int>) {
        let s = work, t = work + n
        var q = 0
        s[0] = 0
        t[0] = 0
        for u in 1..<n {
            let fu = f[u]
            // Pop parabolas that u beats at the first column they own.
            while q >= 0 {
                let a = t[q] - s[q], b = t[q] - u
                if a * a + f[s[q]] <= b * b + fu { break }
                q -= 1
            }
            if q < 0 {
                q = 0
                s[0] = u
            } else {
                // Sep(s[q], u): the last column where s[q] is no worse than u (floor division).
                let i = s[q]
                // Floor of num/den by a floating-point division (faster than a 64-bit integer one):
                // exact, since a non-integer quotient is at least 1/den from the next integer.
                let num = u * u - i * i + fu - f[i], den = 2 * (u - i)
                let sep = Int((Double(num) / Double(den)).rounded(.down))
                let first = sep + 1
                if first < n {
                    q += 1
                    s[q] = u
                    t[q] = first
                }
            }
        }
        for u in stride(from: n - 1, through: 0, by: -1) {
            let du = u - s[q]
            out[u] = scale * Float(du * du + f[s[q]]).squareRoot()
            if u == t[q] { q -= 1 }
        }
    }

    /// d(q) = min_p (s·(q − p)² + f(p)) for q in 0..<n (Felzenszwalb & Huttenlocher, Algorithm 1).
    @inline(__always)
    static func lowerEnvelope(_ f: UnsafeMutablePointer<Double>, out d: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Int>,
                              z: UnsafeMutablePointer<Double>, n: Int, scale s: Double) {
        var k = 0
        v[0] = 0
        z[0] = -.infinity
        z[1] = .infinity
        if n > 1 {
            for q in 1..<n {
                var sx = ((f[q] + s * Double(q * q)) - (f[v[k]] + s * Double(v[k] * v[k]))) / (2 * s * Double(q - v[k]))
                while sx <= z[k] {
                    k -= 1
                    sx = ((f[q] + s * Double(q * q)) - (f[v[k]] + s * Double(v[k] * v[k]))) / (2 * s * Double(q - v[k]))
                }
                k += 1
                v[k] = q
                z[k] = sx
                z[k + 1] = .infinity
            }
        }
        k = 0
        for q in 0..<n {
            while z[k + 1] < Double(q) { k += 1 }
            let dq = Double(q - v[k])
            d[q] = s * dq * dq + f[v[k]]
        }
    }
}

/// A raw pointer handed to concurrent workers that write disjoint ranges.
typealias UnsafeSendable = UnsafeSendablePointer

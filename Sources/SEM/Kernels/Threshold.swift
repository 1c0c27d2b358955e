// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Global and local thresholds. Global methods work on a histogram: one bin per grey level for
/// integer-valued images spanning ≤ 256 levels (scikit-image's convention for integer images, so
/// levels agree with `skimage.filters`), otherwise 256 bins over the image's range, levels at bin
/// centres. Pixels above the level are the bright class.
public enum Threshold {
    /// How a threshold is found.
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// Global: Otsu, Li's minimum cross-entropy, triangle, Huang's fuzzy, the mean. Local: Sauvola, Niblack.
        case otsu, li, triangle, huang, mean, sauvola, niblack
        /// The upper level of a three-class Otsu: the brightest class alone, which on a multi-layer
        /// fibre mat is the in-focus top layer (the dimmer, out-of-focus layers below form the middle
        /// class).
        case otsuTop = "otsu-top"
        /// Whether the method gives one level per pixel from its neighbourhood.
        public var isLocal: Bool { self == .sauvola || self == .niblack }
    }

    struct Bins {
        var counts: [Double]
        var centres: [Double]
    }

    static func histogram(_ values: [Float], bins: Int = 256) -> Bins? {
        guard let (lo, hi, integral) = rangeAndIntegrality(values), hi > lo else { return nil }
        if hi - lo < Float(bins), integral {
            let n = Int(hi - lo) + 1
            return Bins(counts: count(values, bins: n) { Int($0 - lo) }, centres: (0..<n).map { Double(lo) + Double($0) })
        }
        let scale = Float(bins) / (hi - lo)
        return Bins(counts: count(values, bins: bins) { min(bins - 1, Int(($0 - lo) * scale)) },
                    centres: (0..<bins).map { Double(lo) + (Double($0) + 0.5) * Double(hi - lo) / Double(bins) })
    }

    /// The smallest and largest value and whether every value is a whole number, in one pass over
    /// parallel chunks (the same extremes as `min()` and `max()` for finite values).
    static func rangeAndIntegrality(_ values: [Float]) -> (lo: Float, hi: Float, integral: Bool)? {
        guard !values.isEmpty else { return nil }
        let chunks = values.count >= 1 << 16 ? Parallelism.chunks(values.count) : 1
        var parts = [(lo: Float, hi: Float, integral: Bool)](repeating: (0, 0, true), count: chunks)
        values.withUnsafeBufferPointer { src in
            parts.withUnsafeMutableBufferPointer { out in
                let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), o = UnsafeSendable(out.baseAddress!)
                let n = src.count
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let a = c * n / chunks, b = (c + 1) * n / chunks
                    // Eight lanes at a time (min, max and the whole-number test vectorise); the
                    // lanes are combined at the end, which gives the same extremes.
                    var lo8 = SIMD8<Float>(repeating: s.pointer[a]), hi8 = lo8
                    var fractional8 = SIMDMask<SIMD8<Int32>>(repeating: false)
                    let big = SIMD8<Float>(repeating: 8_388_608)
                    var i = a
                    while i + 8 <= b {
                        let v = UnsafeRawPointer(s.pointer + i).loadUnaligned(as: SIMD8<Float>.self)
                        lo8.replace(with: v, where: v .< lo8)
                        hi8.replace(with: v, where: v .> hi8)
                        // |v| + 2²³ − 2²³ rounds |v| to a whole number with plain adds (the
                        // default x86-64 target has no vector rounding instruction); every float
                        // of magnitude 2²³ or more is whole.
                        let m = v.replacing(with: -v, where: v .< 0)
                        fractional8 .|= (m .< big) .& ((m + big) - big .!= m)
                        i += 8
                    }
                    var lo = lo8.min(), hi = hi8.max(), fractional = any(fractional8)
                    while i < b {
                        let v = s.pointer[i]
                        lo = v < lo ? v : lo
                        hi = v > hi ? v : hi
                        fractional = fractional || v != v.rounded(.towardZero)
                        i += 1
                    }
                    o.pointer[c] = (lo, hi, !fractional)
                }
            }
        }
        var r = parts[0]
        for p in parts.dropFirst() { r = (min(r.lo, p.lo), max(r.hi, p.hi), r.integral && p.integral) }
        return r
    }

    /// The same for 8- and 16-bit grey levels (always whole numbers), or Float ones.
    static func rangeAndIntegrality<S: GreySample>(_ values: [S]) -> (lo: Float, hi: Float, integral: Bool)? {
        // Type tests, not `as? [Float]`: an array cast converts element by element into a new
        // buffer (for a 4096² image, a 64 MB allocation before the first element fails).
        if S.self == Float.self { return rangeAndIntegrality(unsafeBitCast(values, to: [Float].self)) }
        guard !values.isEmpty else { return nil }
        if S.self == UInt8.self {
            let bytes = unsafeBitCast(values, to: [UInt8].self)
            // Byte extremes sixteen at a time.
            return bytes.withUnsafeBufferPointer { p in
                var lo16 = SIMD16<UInt8>(repeating: p[0]), hi16 = lo16
                var i = 0
                while i + 16 <= p.count {
                    let v = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: SIMD16<UInt8>.self)
                    lo16 = pointwiseMin(lo16, v)
                    hi16 = pointwiseMax(hi16, v)
                    i += 16
                }
                var lo = lo16.min(), hi = hi16.max()
                while i < p.count { lo = min(lo, p[i]); hi = max(hi, p[i]); i += 1 }
                return (Float(lo), Float(hi), true)
            }
        }
        return values.withUnsafeBufferPointer { p in
            var lo = p[0].floatValue, hi = lo
            for v in p { let f = v.floatValue; lo = min(lo, f); hi = max(hi, f) }
            return (lo, hi, true)
        }
    }

    /// Counts of `bin(v)` over the values, per chunk in parallel, added in chunk order (exact).
    @inline(__always)
    static func count(_ values: [Float], bins: Int, _ bin: @Sendable (Float) -> Int) -> [Double] {
        let chunks = values.count >= 1 << 16 ? Parallelism.chunks(values.count) : 1
        var parts = [Int](repeating: 0, count: chunks * bins)
        values.withUnsafeBufferPointer { src in
            parts.withUnsafeMutableBufferPointer { out in
                let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), o = UnsafeSendable(out.baseAddress!)
                let n = src.count
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let h = o.pointer + c * bins
                    for i in (c * n / chunks)..<((c + 1) * n / chunks) { h[bin(s.pointer[i])] += 1 }
                }
            }
        }
        var counts = [Double](repeating: 0, count: bins)
        for c in 0..<chunks { for b in 0..<bins { counts[b] += Double(parts[c * bins + b]) } }
        return counts
    }

    /// The level of a global method; nil when the image is uniform (or the method is local).
    public static func level(_ method: Method, _ values: [Float]) -> Float? {
        switch method {
        case .otsu: otsuLevel(values)
        case .otsuTop: multiOtsu3(values)?.upper
        case .li: li(values)
        case .triangle: triangle(values)
        case .huang: huang(values)
        case .mean: values.isEmpty ? nil : Float(values.reduce(0.0) { $0 + Double($1) } / Double(values.count))
        case .sauvola, .niblack: nil
        }
    }

    /// Otsu (IEEE Trans. SMC 9 (1979) 62): the level maximising the between-class variance.
    public static func otsu(_ values: [Float], bins: Int = 256) -> Float { otsuLevel(values) ?? values.first ?? 0 }

    static func otsuLevel(_ values: [Float]) -> Float? {
        guard let h = histogram(values) else { return nil }
        let total = h.counts.reduce(0, +)
        let sumAll = zip(h.counts, h.centres).reduce(0) { $0 + $1.0 * $1.1 }
        var w0 = 0.0, sum0 = 0.0, best = -1.0, bestIndex = 0
        for k in 0..<(h.counts.count - 1) {
            w0 += h.counts[k]
            sum0 += h.counts[k] * h.centres[k]
            let w1 = total - w0
            guard w0 > 0, w1 > 0 else { continue }
            let m0 = sum0 / w0, m1 = (sumAll - sum0) / w1
            let between = w0 * w1 * (m0 - m1) * (m0 - m1)
            if between > best { best = between; bestIndex = k }
        }
        // The last level of the dark class (skimage's convention).
        return Float(h.centres[bestIndex])
    }

    /// The two levels of a three-class Otsu (Liao, Chen & Chung, J. Inf. Sci. Eng. 17 (2001) 713;
    /// scikit-image's `threshold_multiotsu(classes=3)`): the pair of histogram bins maximising the
    /// between-class variance, here Σ Sₖ²/Pₖ over the three classes (Pₖ the class's pixel count, Sₖ its
    /// sum of grey levels), searched over every pair with cumulative sums. Each level is the last bin
    /// of the class below it.
    static func multiOtsu3(_ values: [Float]) -> (lower: Float, upper: Float)? {
        guard let h = histogram(values), h.counts.count >= 3 else { return nil }
        let n = h.counts.count
        var p = [Double](repeating: 0, count: n + 1), s = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { p[i + 1] = p[i] + h.counts[i]; s[i + 1] = s[i] + h.counts[i] * h.centres[i] }
        func term(_ a: Int, _ b: Int) -> Double? {
            let w = p[b] - p[a]
            guard w > 0 else { return nil }
            let m = s[b] - s[a]
            return m * m / w
        }
        var best = -Double.infinity, pair = (0, 1)
        for t1 in 0..<(n - 2) {
            guard let c0 = term(0, t1 + 1) else { continue }
            for t2 in (t1 + 1)..<(n - 1) {
                guard let c1 = term(t1 + 1, t2 + 1), let c2 = term(t2 + 1, n) else { continue }
                let v = c0 + c1 + c2
                if v > best { best = v; pair = (t1, t2) }
            }
        }
        guard best > -Double.infinity else { return nil }
        return (Float(h.centres[pair.0]), Float(h.centres[pair.1]))
    }

    /// Li's minimum cross-entropy threshold (Li & Lee, Pattern Recognition 26 (1993) 617; iterative
    /// form of Li & Tam, Pattern Recognition Letters 18 (1998) 771): t ← (μb − μf)/(ln μb − ln μf),
    /// on values shifted so the minimum is 0, until t moves by less than half the smallest grey step.
    static func li(_ values: [Float]) -> Float? {
        guard let lo = values.min(), let hi = values.max(), hi > lo else { return nil }
        let sorted = Set(values).sorted()
        var step = Double(hi - lo)
        for i in 1..<min(sorted.count, 4097) { step = min(step, Double(sorted[i] - sorted[i - 1])) }
        let tolerance = step / 2
        var t = values.reduce(0.0) { $0 + Double($1 - lo) } / Double(values.count)
        var previous = -2 * tolerance
        var iterations = 0
        while abs(t - previous) > tolerance && iterations < 1000 {
            previous = t
            var sf = 0.0, nf = 0.0, sb = 0.0, nb = 0.0
            for v in values {
                let x = Double(v - lo)
                if x > previous { sf += x; nf += 1 } else { sb += x; nb += 1 }
            }
            guard nf > 0, nb > 0 else { break }
            let mf = sf / nf, mb = sb / nb
            guard mb > 0 else { break }
            t = (mb - mf) / (Foundation.log(mb) - Foundation.log(mf))
            iterations += 1
        }
        return Float(t) + lo
    }

    /// Zack's triangle method (Zack, Rogers & Latt, J. Histochem. Cytochem. 25 (1977) 741): the line
    /// from the histogram's peak to the end of its longer tail; the level is the bin farthest below it.
    static func triangle(_ values: [Float]) -> Float? {
        guard let h = histogram(values) else { return nil }
        var c = h.counts
        let n = c.count
        guard let first = c.firstIndex(where: { $0 > 0 }), let last = c.lastIndex(where: { $0 > 0 }) else { return nil }
        let peak = c.indices.max { c[$0] < c[$1] }!
        // Work on the longer side; flip so that it lies to the right of the peak.
        let flip = peak - first > last - peak
        var p = peak, end = last
        if flip { c.reverse(); p = n - 1 - peak; end = n - 1 - first }
        guard end > p else { return Float(h.centres[peak]) }
        let dx = Double(end - p), dy = -c[p]
        let norm = (dx * dx + dy * dy).squareRoot()
        var best = -1.0, arg = p
        for i in p...end {
            // Distance of (i, c[i]) below the line from (p, c[p]) to (end, 0).
            let d = (dy * Double(i - p) - dx * (c[i] - c[p])) / norm
            if d > best { best = d; arg = i }
        }
        let index = flip ? n - 1 - arg : arg
        return Float(h.centres[index])
    }

    /// Huang & Wang's fuzzy-entropy threshold (Pattern Recognition 28 (1995) 41): membership
    /// 1/(1 + |g − μ_class|/C), C = range; the level minimising Shannon's entropy of the memberships.
    static func huang(_ values: [Float]) -> Float? {
        guard let h = histogram(values) else { return nil }
        let n = h.counts.count
        guard let first = h.counts.firstIndex(where: { $0 > 0 }), let last = h.counts.lastIndex(where: { $0 > 0 }), last > first else { return nil }
        let range = h.centres[last] - h.centres[first]
        var cumCount = [Double](repeating: 0, count: n), cumSum = cumCount
        var a = 0.0, b = 0.0
        for i in 0..<n { a += h.counts[i]; b += h.counts[i] * h.centres[i]; cumCount[i] = a; cumSum[i] = b }
        var bestEntropy = Double.infinity, best = first
        for t in first..<last {
            let mu0 = cumSum[t] / cumCount[t]
            let n1 = cumCount[last] - cumCount[t]
            guard n1 > 0 else { continue }
            let mu1 = (cumSum[last] - cumSum[t]) / n1
            var e = 0.0
            for i in first...last where h.counts[i] > 0 {
                let mu = 1 / (1 + abs(h.centres[i] - (i <= t ? mu0 : mu1)) / range)
                if mu > 0 && mu < 1 { e += h.counts[i] * (-mu * Foundation.log(mu) - (1 - mu) * Foundation.log(1 - mu)) }
            }
            if e < bestEntropy { bestEntropy = e; best = t }
        }
        return Float(h.centres[best])
    }

    /// Foreground = pixels above `level` (or at or below it when `darkForeground`).
    public static func apply(_ values: [Float], width: Int, height: Int, level: Float, darkForeground: Bool = false) -> BinaryMask {
        let n = values.count
        // Plain loops over pointers, the comparison chosen outside them, so each vectorises; large
        // images in parallel chunks. Every byte is written.
        let pixels = [UInt8](unsafeUninitializedCapacity: n) { out, count in
            HugePages.advise(out)
            count = n
            guard n > 0 else { return }
            values.withUnsafeBufferPointer { src in
                let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), o = UnsafeSendable(out.baseAddress!)
                let chunks = n >= 1 << 18 ? Parallelism.chunks(n) : 1
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let a = c * n / chunks, b = (c + 1) * n / chunks
                    let v = s.pointer, m = o.pointer
                    if darkForeground {
                        for i in a..<b { m[i] = v[i] <= level ? 1 : 0 }
                    } else {
                        for i in a..<b { m[i] = v[i] > level ? 1 : 0 }
                    }
                }
            }
        }
        return BinaryMask(width: width, height: height, pixels: pixels)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Image filters used before segmentation and orientation analysis. Separable kernels run rows and
/// columns in parallel; edges are clamped (the nearest edge pixel is repeated).
public enum Filters {
    /// Separable Gaussian blur (kernel radius ⌈3σ⌉, normalised to unit sum).
    public static func gaussian(_ image: Raster<Float>, sigma: Double) -> Raster<Float> {
        guard sigma > 0 else { return image }
        let k = gaussianKernel(sigma: sigma, derivative: false)
        return Raster(width: image.width, height: image.height, colorModel: .gray,
                      samples: separable(image.samples, width: image.width, height: image.height, rowKernel: k, columnKernel: k))
    }

    /// Gradient by derivative-of-Gaussian kernels (x to the right, y down), the isotropic gradient
    /// OrientationJ recommends over finite differences (SEM.md §2.5).
    public static func gaussianGradient(_ image: Raster<Float>, sigma: Double) -> (gx: [Float], gy: [Float]) {
        let g = gaussianKernel(sigma: sigma, derivative: false), d = gaussianKernel(sigma: sigma, derivative: true)
        let gx = separable(image.samples, width: image.width, height: image.height, rowKernel: d, columnKernel: g)
        let gy = separable(image.samples, width: image.width, height: image.height, rowKernel: g, columnKernel: d)
        return (gx, gy)
    }

    /// Sampled Gaussian (unit sum) or its derivative −x/σ²·G (normalised so that Σ x·k(x) = −1, so a
    /// unit ramp has gradient 1), radius ⌈3σ⌉ (⌈4σ⌉ for the derivative).
    static func gaussianKernel(sigma: Double, derivative: Bool) -> [Float] {
        let r = max(1, Int(((derivative ? 4 : 3) * sigma).rounded(.up)))
        let g = (-r...r).map { Foundation.exp(-Double($0 * $0) / (2 * sigma * sigma)) }
        if !derivative {
            let s = g.reduce(0, +)
            return g.map { Float($0 / s) }
        }
        // Correlation kernel: out[x] = Σ k[j]·in[x + j]; d/dx needs k[j] ∝ j·G(j).
        let dk = (-r...r).enumerated().map { Double($0.element) * g[$0.offset] }
        let norm = (-r...r).enumerated().reduce(0.0) { $0 + Double($1.element) * dk[$1.offset] }
        return dk.map { Float($0 / norm) }
    }

    /// Correlates rows with `rowKernel`, then columns with `columnKernel` (odd lengths, centred).
    public static func separable(_ samples: [Float], width w: Int, height h: Int, rowKernel: [Float], columnKernel: [Float]) -> [Float] {
        precondition(samples.count == w * h && rowKernel.count % 2 == 1 && columnKernel.count % 2 == 1)
        guard w > 0, h > 0 else { return samples }
        var tmp = [Float](repeating: 0, count: w * h), out = tmp
        let rr = rowKernel.count / 2, rc = columnKernel.count / 2
        let chunks = Parallelism.chunks(h)
        samples.withUnsafeBufferPointer { src in
            tmp.withUnsafeMutableBufferPointer { dst in
                let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), d = UnsafeSendable(dst.baseAddress!)
                rowKernel.withUnsafeBufferPointer { k in
                    let kp = UnsafeSendable(UnsafeMutablePointer(mutating: k.baseAddress!))
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        for y in (c * h / chunks)..<((c + 1) * h / chunks) {
                            let row = s.pointer + y * w, o = d.pointer + y * w
                            for x in 0..<w {
                                var acc: Float = 0
                                if x >= rr && x + rr < w {
                                    for j in 0...(2 * rr) { acc += kp.pointer[j] * row[x - rr + j] }
                                } else {
                                    for j in 0...(2 * rr) { acc += kp.pointer[j] * row[min(max(x - rr + j, 0), w - 1)] }
                                }
                                o[x] = acc
                            }
                        }
                    }
                }
            }
        }
        tmp.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), d = UnsafeSendable(dst.baseAddress!)
                columnKernel.withUnsafeBufferPointer { k in
                    let kp = UnsafeSendable(UnsafeMutablePointer(mutating: k.baseAddress!))
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        for y in (c * h / chunks)..<((c + 1) * h / chunks) {
                            let o = d.pointer + y * w
                            for x in 0..<w { o[x] = 0 }
                            for j in 0...(2 * rc) {
                                let kv = kp.pointer[j]
                                let row = s.pointer + min(max(y - rc + j, 0), h - 1) * w
                                for x in 0..<w { o[x] += kv * row[x] }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Median over a circular neighbourhood of `radius` pixels (ImageJ's RankFilters kernel: offsets
    /// with dx² + dy² ≤ r² + 1); edges clamped.
    public static func median(_ image: Raster<Float>, radius: Double) -> Raster<Float> {
        let w = image.width, h = image.height
        let r = Int(radius.rounded(.down))
        guard r >= 1, w > 0, h > 0 else { return image }
        var list: [(Int, Int)] = []
        let r2 = radius * radius + 1
        for dy in -r...r { for dx in -r...r where Double(dx * dx + dy * dy) <= r2 { list.append((dx, dy)) } }
        let offsets = list
        var out = [Float](repeating: 0, count: w * h)
        let chunks = Parallelism.chunks(h)
        image.samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), d = UnsafeSendable(dst.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var window = [Float](repeating: 0, count: offsets.count)
                    for y in (c * h / chunks)..<((c + 1) * h / chunks) {
                        for x in 0..<w {
                            for (i, o) in offsets.enumerated() {
                                window[i] = s.pointer[min(max(y + o.1, 0), h - 1) * w + min(max(x + o.0, 0), w - 1)]
                            }
                            window.sort()
                            d.pointer[y * w + x] = window[window.count / 2]
                        }
                    }
                }
            }
        }
        return Raster(width: w, height: h, colorModel: .gray, samples: out)
    }
}

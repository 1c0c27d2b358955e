// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Uneven-illumination removal by a grey-scale opening with a paraboloid, ImageJ's "sliding
/// paraboloid" variant of the rolling ball (Sternberg, IEEE Computer 16 (1983) 22; SEM.md §2.4).
/// A ball of radius R is approximated at its apex by the paraboloid z = −|d|²/(2R) (grey levels and
/// pixels in the same units, as in ImageJ). The paraboloid is separable, so the erosion and dilation
/// are exact 1-D lower envelopes of parabolas (Felzenszwalb & Huttenlocher 2012) along rows and then
/// columns: linear time whatever the radius, with no shrinking step.
///
/// Any background whose curvature stays below 1/R everywhere is returned exactly; features narrower
/// than the paraboloid are removed from it.
public enum BackgroundSubtraction {
    /// The estimated background and the image with it removed.
    public struct Result: Sendable {
        /// The background the paraboloid traced.
        public var background: Raster<Float>
        /// image − background (plus the background's maximum for a light background, so values stay ≥ 0).
        public var corrected: Raster<Float>
    }

    /// The background under `image` traced by a paraboloid of radius `radius` pixels, and the image with it removed.
    public static func rollingParaboloid(_ image: Raster<Float>, radius: Double, lightBackground: Bool = false) throws(SEMError) -> Result {
        guard radius.isFinite && radius >= 1 else { throw .invalidRequest("rolling-ball radius must be ≥ 1 pixel, got \(radius)") }
        let w = image.width, h = image.height
        let s = 1 / (2 * radius)
        var f = lightBackground ? image.samples.map { -$0 } : image.samples
        // Opening: erosion (lower envelope) then dilation (upper envelope = −lower envelope of −g).
        f = envelope(f, w: w, h: h, scale: s)
        f = envelope(f.map { -$0 }, w: w, h: h, scale: s).map { -$0 }
        let background = lightBackground ? f.map { -$0 } : f
        let top = lightBackground ? (background.max() ?? 0) : 0
        var corrected = image.samples
        for i in corrected.indices { corrected[i] = corrected[i] - background[i] + top }
        return Result(background: Raster(width: w, height: h, colorModel: .gray, samples: background),
                      corrected: Raster(width: w, height: h, colorModel: .gray, samples: corrected))
    }

    /// min over q of f(q) + s·|p − q|², separably (rows, then columns), rows and columns in parallel.
    static func envelope(_ f: [Float], w: Int, h: Int, scale: Double) -> [Float] {
        var a = f, b = [Float](repeating: 0, count: w * h)
        for pass in 0..<2 {
            let lines = pass == 0 ? h : w, n = pass == 0 ? w : h
            let stride = pass == 0 ? 1 : w, step = pass == 0 ? w : 1
            let chunks = Parallelism.chunks(lines)
            a.withUnsafeBufferPointer { src in
                b.withUnsafeMutableBufferPointer { dst in
                    let sp = UnsafeSendable(UnsafeMutablePointer(mutating: src.baseAddress!)), dp = UnsafeSendable(dst.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        let line = UnsafeMutablePointer<Double>.allocate(capacity: 3 * n + 1), out = line + n, z = line + 2 * n
                        let v = UnsafeMutablePointer<Int>.allocate(capacity: n)
                        defer { line.deallocate(); v.deallocate() }
                        for l in (c * lines / chunks)..<((c + 1) * lines / chunks) {
                            let base = l * step
                            for i in 0..<n { line[i] = Double(sp.pointer[base + i * stride]) }
                            DistanceTransform.lowerEnvelope(line, out: out, v: v, z: z, n: n, scale: scale)
                            for i in 0..<n { dp.pointer[base + i * stride] = Float(out[i]) }
                        }
                    }
                }
            }
            swap(&a, &b)
        }
        return a
    }
}

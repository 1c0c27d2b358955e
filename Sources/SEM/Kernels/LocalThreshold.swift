// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

extension Threshold {
    /// Per-pixel levels of Niblack (T = m − k·s; "An Introduction to Digital Image Processing",
    /// 1986) or Sauvola (T = m·(1 + k·(s/R − 1)); Sauvola & Pietikäinen, Pattern Recognition 33
    /// (2000) 225), with m and s the mean and standard deviation over a `window`×`window` square,
    /// computed from summed-area tables in O(1) per pixel. The image is extended by mirror reflection
    /// about the edge pixel (numpy's "reflect", as scikit-image pads), so edge levels match scikit-image's `threshold_sauvola` /
    /// `threshold_niblack`. `dynamicRange` R defaults to half the grey scale (127.5 for 8-bit levels).
    /// Note the sign: scikit-image's Niblack is m − k·s with k = 0.2.
    public static func localLevels(_ method: Method, _ image: Raster<Float>, window: Int = 15, k: Double = 0.2,
                                   dynamicRange: Double? = nil) throws(SEMError) -> [Float] {
        guard method.isLocal else { throw .invalidRequest("\(method.rawValue) is a global threshold") }
        guard window >= 3, window % 2 == 1 else { throw .invalidRequest("local threshold window must be odd and ≥ 3, got \(window)") }
        let w = image.width, h = image.height
        guard w > 0, h > 0 else { throw .invalidRequest("local threshold: empty image") }
        let r = window / 2
        let pw = w + 2 * r, ph = h + 2 * r
        // Mirror about the edge pixel without repeating it (numpy's "reflect": d c b | a b c d).
        func reflect(_ i: Int, _ n: Int) -> Int {
            guard n > 1 else { return 0 }
            let period = 2 * n - 2
            var m = i % period
            if m < 0 { m += period }
            return m < n ? m : period - m
        }
        // Summed-area tables of the padded image and its square (one extra zero row and column).
        var s1 = [Double](repeating: 0, count: (pw + 1) * (ph + 1)), s2 = s1
        image.samples.withUnsafeBufferPointer { src in
            for y in 0..<ph {
                let sy = reflect(y - r, h) * w
                var row1 = 0.0, row2 = 0.0
                for x in 0..<pw {
                    let v = Double(src[sy + reflect(x - r, w)])
                    row1 += v
                    row2 += v * v
                    s1[(y + 1) * (pw + 1) + x + 1] = s1[y * (pw + 1) + x + 1] + row1
                    s2[(y + 1) * (pw + 1) + x + 1] = s2[y * (pw + 1) + x + 1] + row2
                }
            }
        }
        let maxValue = Double(image.samples.max() ?? 0)
        let R = dynamicRange ?? (maxValue <= 255 ? 127.5 : maxValue <= 65535 ? 32767.5 : 0.5 * maxValue)
        let area = Double(window * window)
        var out = [Float](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                // Window centred on (x, y): padded rows y…y+2r, columns x…x+2r.
                let a = y * (pw + 1) + x, b = y * (pw + 1) + x + window
                let c = (y + window) * (pw + 1) + x, d = (y + window) * (pw + 1) + x + window
                let m = (s1[d] - s1[b] - s1[c] + s1[a]) / area
                let sd = max(0, (s2[d] - s2[b] - s2[c] + s2[a]) / area - m * m).squareRoot()
                out[y * w + x] = Float(method == .niblack ? m - k * sd : m * (1 + k * (sd / R - 1)))
            }
        }
        return out
    }

    /// The mask of a local method: foreground where the pixel is above its own level (below it when `darkForeground`).
    public static func applyLocal(_ method: Method, _ image: Raster<Float>, window: Int = 15, k: Double = 0.2,
                                  dynamicRange: Double? = nil, darkForeground: Bool = false) throws(SEMError) -> BinaryMask {
        let levels = try localLevels(method, image, window: window, k: k, dynamicRange: dynamicRange)
        var px = [UInt8](repeating: 0, count: levels.count)
        for i in px.indices { px[i] = (darkForeground ? image.samples[i] <= levels[i] : image.samples[i] > levels[i]) ? 1 : 0 }
        return BinaryMask(width: image.width, height: image.height, pixels: px)
    }
}

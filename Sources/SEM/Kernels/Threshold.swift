// SPDX-License-Identifier: GPL-3.0-or-later

/// Global thresholds on a 256-bin histogram of the image's range (scikit-image's convention).
public enum Threshold {
    /// Otsu (IEEE Trans. SMC 9 (1979) 62): the level maximising the between-class variance.
    /// Returns a value in the image's units; pixels above it are the bright class.
    public static func otsu(_ values: [Float], bins: Int = 256) -> Float {
        guard let lo = values.min(), let hi = values.max(), hi > lo else { return values.first ?? 0 }
        var hist = [Double](repeating: 0, count: bins)
        let scale = Float(bins) / (hi - lo)
        for v in values { hist[min(bins - 1, Int((v - lo) * scale))] += 1 }
        let centre = (0..<bins).map { Double(lo) + (Double($0) + 0.5) * Double(hi - lo) / Double(bins) }
        let total = hist.reduce(0, +)
        let sumAll = zip(hist, centre).reduce(0) { $0 + $1.0 * $1.1 }
        var w0 = 0.0, sum0 = 0.0, best = -1.0, bestIndex = 0
        for k in 0..<(bins - 1) {
            w0 += hist[k]
            sum0 += hist[k] * centre[k]
            let w1 = total - w0
            guard w0 > 0, w1 > 0 else { continue }
            let m0 = sum0 / w0, m1 = (sumAll - sum0) / w1
            let between = w0 * w1 * (m0 - m1) * (m0 - m1)
            if between > best { best = between; bestIndex = k }
        }
        // skimage returns the centre of the last bin of the dark class.
        return Float(centre[bestIndex])
    }

    /// Foreground = pixels above `level` (or below it when `darkForeground`).
    public static func apply(_ values: [Float], width: Int, height: Int, level: Float, darkForeground: Bool = false) -> BinaryMask {
        BinaryMask(width: width, height: height, pixels: values.map { (darkForeground ? $0 <= level : $0 > level) ? 1 : 0 })
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// How a grey micrograph becomes a binary mask: optional preprocessing, a threshold (a given level,
/// a global method or a local one), which side is the foreground, and morphological clean-up.
public struct Segmentation: Sendable {
    /// Gaussian σ in pixels before thresholding (0: none).
    public var smoothing = 1.0
    /// Median radius in pixels before thresholding (0: none).
    public var medianRadius = 0.0
    /// Rolling-ball (sliding paraboloid) radius in pixels (nil: none).
    public var rollingBall: Double? = nil
    /// ImageJ FFT bandpass (large, small structure sizes in pixels; nil: none).
    public var bandpass: (large: Double, small: Double)? = nil
    public var method: Threshold.Method = .otsu
    /// A fixed grey level instead of the method.
    public var level: Float? = nil
    /// Foreground darker than the background.
    public var darkForeground = false
    /// Local methods: window (odd, pixels) and k.
    public var window = 15
    public var k = 0.2
    /// Clean-up: opening radius, hole filling, objects under this many pixels removed.
    public var openRadius = 0.0
    public var fillHoles = false
    public var minObjectArea = 0

    public init() {}

    /// The preprocessed image the threshold sees.
    public func preprocess(_ image: Raster<Float>) throws(SEMError) -> Raster<Float> {
        var img = image
        if medianRadius >= 1 { img = Filters.median(img, radius: medianRadius) }
        if let r = rollingBall { img = try BackgroundSubtraction.rollingParaboloid(img, radius: r, lightBackground: darkForeground).corrected }
        if let b = bandpass { img = try Bandpass.filter(img, largeStructures: b.large, smallStructures: b.small) }
        if smoothing > 0 { img = Filters.gaussian(img, sigma: smoothing) }
        return img
    }

    /// The same from grey levels as stored: a Gaussian alone reads 8- and 16-bit rows directly (no
    /// Float copy of the image); any other preprocessing starts from the Float image.
    public func preprocess(_ grey: GreyLevels) throws(SEMError) -> Raster<Float> {
        guard medianRadius < 1 && rollingBall == nil && bandpass == nil && smoothing > 0 else { return try preprocess(grey.float()) }
        switch grey {
        case .uint8(let r): return Filters.gaussian(grey: r, sigma: smoothing)
        case .uint16(let r): return Filters.gaussian(grey: r, sigma: smoothing)
        case .float(let r): return Filters.gaussian(r, sigma: smoothing)
        }
    }

    /// The mask and a description of the level used ("Otsu 112.0", "Sauvola w=15 k=0.2").
    public func mask(_ image: Raster<Float>) throws(SEMError) -> (mask: BinaryMask, level: Float?, description: String) {
        try mask(preprocessed: try preprocess(image))
    }

    /// Threshold and clean-up of an image `preprocess` has already run on.
    public func mask(preprocessed img: Raster<Float>) throws(SEMError) -> (mask: BinaryMask, level: Float?, description: String) {
        var m: BinaryMask
        var level: Float? = nil
        var text: String
        if let given = self.level {
            level = given
            m = Threshold.apply(img.samples, width: img.width, height: img.height, level: given, darkForeground: darkForeground)
            text = "given level \(given)"
        } else if method.isLocal {
            m = try Threshold.applyLocal(method, img, window: window, k: k, darkForeground: darkForeground)
            text = "\(method.rawValue) window \(window) k \(k)"
        } else {
            guard let l = Threshold.level(method, img.samples) else { throw .analysisFailed("the image is uniform: no threshold separates anything") }
            level = l
            m = Threshold.apply(img.samples, width: img.width, height: img.height, level: l, darkForeground: darkForeground)
            text = "\(method.rawValue) \(l)"
        }
        if openRadius > 0 { m = Morphology.open(m, radius: openRadius) }
        if fillHoles { m = Morphology.fillHoles(m) }
        if minObjectArea > 0 { m = Morphology.removeSmall(m, minArea: minObjectArea) }
        return (m, level, text)
    }

    /// Levels for a threshold sweep: the method's level (`centre`) and ± 5 % and ± 10 % of the grey
    /// range around it, inside the range (global thresholds and fixed levels only; nil otherwise).
    /// `centre`: the level ``mask(preprocessed:)`` already found, if any (not computed again).
    public func sweepLevels(preprocessed img: Raster<Float>, centre known: Float? = nil) -> (levels: [Float], centre: Float)? {
        guard let (lo, hi, _) = Threshold.rangeAndIntegrality(img.samples), hi > lo else { return nil }
        guard let centre = known ?? level ?? (method.isLocal ? nil : Threshold.level(method, img.samples)) else { return nil }
        return ([-0.1, -0.05, 0, 0.05, 0.1].map { centre + Float($0) * (hi - lo) }.filter { $0 > lo && $0 < hi }, centre)
    }
}

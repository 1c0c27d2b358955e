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
    /// Rolling-ball (sliding paraboloid) radius in pixels (nil: none, unless ``autoLevel``).
    public var rollingBall: Double? = nil
    /// Without a ``rollingBall`` radius: level the background when it varies across the field by
    /// more than ``BackgroundVariation/threshold`` of the contrast (``BackgroundVariation``). On for
    /// fibres (narrow against the ball); off by default, since a porosity image's solid regions
    /// can be wider than any ball that follows the illumination.
    public var autoLevel = false
    /// ImageJ FFT bandpass (nil: none).
    public var bandpass: BandpassSizes? = nil
    /// The structure sizes of ImageJ's FFT bandpass (``Bandpass``).
    public struct BandpassSizes: Sendable, Hashable {
        /// Structures larger than this many pixels are filtered out (the background).
        public var large: Double
        /// Structures smaller than this many pixels are filtered out (the noise).
        public var small: Double

        /// Both sizes in pixels, `large` > `small` ≥ 0.
        public init(large: Double, small: Double) {
            self.large = large
            self.small = small
        }
    }

    /// The threshold method (ignored when ``level`` is set).
    public var method: Threshold.Method = .otsu
    /// A fixed grey level instead of the method.
    public var level: Float? = nil
    /// Foreground darker than the background.
    public var darkForeground = false
    /// Local methods: window (odd, pixels) and k.
    public var window = 15
    /// The k of Sauvola and Niblack.
    public var k = 0.2
    /// Clean-up: opening radius, hole filling, objects under this many pixels removed.
    public var openRadius = 0.0
    /// Fill holes enclosed by foreground.
    public var fillHoles = false
    /// Remove foreground objects of fewer pixels than this.
    public var minObjectArea = 0
    /// Clean-up by contrast (on for fibre analysis; global thresholds and given levels only): a hole
    /// in the mask whose smoothed grey levels never fall a quarter of the way from the threshold
    /// down to the background's mean is noise inside a fibre, and is filled; a foreground speck that
    /// never rises a quarter of the way from the threshold to the foreground's mean is noise in the
    /// background, and is removed; either only when it is smaller across than the typical fibre
    /// width (``Morphology/typicalStripWidth(_:)``: a hole inside a fibre is narrower than the
    /// fibre, while a wider shallow gap shows a lower layer between fibres). Each such hole becomes a loop of the centre line and each speck a
    /// stub, which split fibres at false junctions. A real gap between fibres reaches down to the
    /// background whatever its size, and is kept.
    public var shallowCleanUp = false
    /// The fraction of the way from the threshold to the class mean that ``shallowCleanUp`` asks of
    /// a hole or speck to keep it.
    public static let shallowDepth: Float = 0.25

    /// Otsu, bright foreground, no clean-up.
    public init() {}

    /// The Gaussian σ (pixels) and median radius (pixels) the preprocessing accepts.
    public static let smoothingLimits = 0.0...50.0, medianLimits = 0.0...20.0

    /// Refuses settings outside ``smoothingLimits`` and ``medianLimits`` (an invalid request).
    public func validate() throws(SEMError) {
        guard Self.smoothingLimits.contains(smoothing) else {
            throw .invalidRequest("smoothing σ must be between 0 and 50 pixels, got \(smoothing)")
        }
        guard Self.medianLimits.contains(medianRadius) else {
            throw .invalidRequest("the median radius must be between 0 and 20 pixels, got \(medianRadius)")
        }
    }

    /// The preprocessed image the threshold sees.
    public func preprocess(_ image: Raster<Float>) throws(SEMError) -> Raster<Float> {
        try preprocess(image, levelling: levelling(image))
    }

    /// ``preprocess(_:)-(Raster<Float>)`` with the automatic levelling already decided
    /// (`levelling(_:)` of the same image), so the background is not analysed twice.
    func preprocess(_ image: Raster<Float>, levelling v: BackgroundVariation?) throws(SEMError) -> Raster<Float> {
        try validate()
        var img = image
        if medianRadius >= 1 { img = Filters.median(img, radius: medianRadius) }
        if let r = rollingBall ?? v?.radius {
            img = try BackgroundSubtraction.rollingParaboloid(img, radius: r, lightBackground: darkForeground).corrected
        }
        if let b = bandpass { img = try Bandpass.filter(img, largeStructures: b.large, smallStructures: b.small) }
        if smoothing > 0 { img = Filters.gaussian(img, sigma: smoothing) }
        return img
    }

    /// The same from grey levels as stored: a Gaussian alone reads 8- and 16-bit rows directly (no
    /// Float copy of the image); any other preprocessing starts from the Float image.
    public func preprocess(_ grey: GreyLevels) throws(SEMError) -> Raster<Float> {
        try preprocess(grey, levelling: levelling(grey))
    }

    /// The same with the automatic levelling already decided (`levelling(_:)` of `grey`).
    func preprocess(_ grey: GreyLevels, levelling v: BackgroundVariation?) throws(SEMError) -> Raster<Float> {
        try validate()
        guard medianRadius < 1 && rollingBall == nil && v == nil && bandpass == nil && smoothing > 0 else {
            return try preprocess(grey.float(), levelling: v)
        }
        switch grey {
        case .uint8(let r): return Filters.gaussian(grey: r, sigma: smoothing)
        case .uint16(let r): return Filters.gaussian(grey: r, sigma: smoothing)
        case .float(let r): return Filters.gaussian(r, sigma: smoothing)
        }
    }

    /// The automatic levelling this image gets (nil: none, or a radius was given).
    public func levelling(_ image: Raster<Float>) -> BackgroundVariation? {
        guard autoLevel, rollingBall == nil, let v = BackgroundVariation(image, darkForeground: darkForeground), v.needsLevelling else { return nil }
        return v
    }

    /// The same decision from grey levels as stored (the same values: 8- and 16-bit levels are exact as Float).
    public func levelling(_ grey: GreyLevels) -> BackgroundVariation? {
        guard autoLevel, rollingBall == nil, let v = BackgroundVariation(grey, darkForeground: darkForeground), v.needsLevelling else { return nil }
        return v
    }

    /// What the output should say about automatic levelling, if it happened.
    public func levellingNote(_ grey: GreyLevels) -> String? {
        Self.levellingNote(levelling(grey))
    }

    /// The note for a levelling already decided.
    static func levellingNote(_ levelling: BackgroundVariation?) -> String? {
        levelling.map {
            String(format: "the background varies by %.0f %% of the contrast across the field: levelled by a rolling ball of radius %.0f px before the threshold (a rolling-ball radius given sets it; a radius of 0 turns levelling off)",
                   100 * $0.variation, $0.radius)
        }
    }

    /// A segmentation's mask with the level that made it.
    public struct Segmented: Sendable {
        /// Foreground 1, background 0.
        public var mask: BinaryMask
        /// The global level used (nil for local methods).
        public var level: Float?
        /// The level as text: "otsu 112.0", "sauvola window 15 k 0.2", "given level 90.0".
        public var description: String
    }

    /// The mask and a description of the level used ("Otsu 112.0", "Sauvola w=15 k=0.2").
    public func mask(_ image: Raster<Float>) throws(SEMError) -> Segmented {
        try mask(preprocessed: try preprocess(image))
    }

    /// Threshold and clean-up of an image `preprocess` has already run on.
    public func mask(preprocessed img: Raster<Float>) throws(SEMError) -> Segmented {
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
        if shallowCleanUp, let l = level { Self.removeShallow(in: &m, image: img, level: l, dark: darkForeground) }
        return Segmented(mask: m, level: level, description: text)
    }

    /// ``shallowCleanUp`` at `level` on the preprocessed image.
    static func removeShallow(in m: inout BinaryMask, image img: Raster<Float>, level l: Float, dark: Bool) {
        // Class means on the side of each pixel the mask puts it (sign: foreground brighter).
        let s: Float = dark ? -1 : 1
        var fgSum = 0.0, fgN = 0, bgSum = 0.0, bgN = 0
        // Branch-free: the other class adds exactly 0 to each sum.
        m.pixels.withUnsafeBufferPointer { mp in
            img.samples.withUnsafeBufferPointer { ip in
                for i in 0..<mp.count {
                    let v = Double(s * ip[i]), f = mp[i] != 0
                    fgSum += f ? v : 0; bgSum += f ? 0 : v
                    fgN &+= f ? 1 : 0
                }
            }
        }
        bgN = m.pixels.count - fgN
        guard fgN > 0 && bgN > 0 else { return }
        let extent = Int((Morphology.typicalStripWidth(m) ?? 0).rounded(.down))
        guard extent >= 2 else { return }
        let level = s * l
        let fgMean = Float(fgSum / Double(fgN)), bgMean = Float(bgSum / Double(bgN))
        Morphology.removeShallow(in: &m, image: img, sign: s, fillAbove: level - shallowDepth * (level - bgMean),
                                         removeBelow: level + shallowDepth * (fgMean - level), maxExtent: extent)
    }

    /// Levels for a threshold sweep: the method's level (`centre`) and ± 5 % and ± 10 % of the grey
    /// range around it, inside the range (global thresholds and fixed levels only; nil otherwise).
    /// `centre`: the level ``mask(preprocessed:)`` already found, if any (not computed again).
    func sweepLevels(preprocessed img: Raster<Float>, centre known: Float? = nil) -> (levels: [Float], centre: Float)? {
        guard let (lo, hi, _) = Threshold.rangeAndIntegrality(img.samples), hi > lo else { return nil }
        guard let centre = known ?? level ?? (method.isLocal ? nil : Threshold.level(method, img.samples)) else { return nil }
        return ([-0.1, -0.05, 0, 0.05, 0.1].map { centre + Float($0) * (hi - lo) }.filter { $0 > lo && $0 < hi }, centre)
    }
}

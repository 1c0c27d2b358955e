// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

extension FiberAnalysis.Result {
    /// The diameters as an image: each centre-line sample carries the diameter it stands for (in µm
    /// when the image is calibrated, else pixels), every other pixel NaN (ImageJ leaves NaN out of
    /// its measurements). Junction discs, ends and the image edge are NaN, as they are left out of
    /// the statistics.
    public func diameterMap() -> Raster<Float> {
        var map = [Float](repeating: .nan, count: width * height)
        let scale = pixelSizeNM.map { $0 / 1000 } ?? 1
        for (p, d) in zip(samplePixels, sampleDiameters) where d.isFinite { map[p] = Float(d * scale) }
        return Raster(width: width, height: height, colorModel: .gray, samples: map)
    }

    /// The unit of ``diameterMap()``'s values.
    public var diameterMapUnit: String { pixelSizeNM == nil ? "px" : "µm" }
}

extension BinaryMask {
    /// The mask as an 8-bit image: 255 on the foreground, 0 elsewhere (what ImageJ's binary images hold).
    public var raster: Raster<UInt8> {
        Raster(width: width, height: height, colorModel: .gray, samples: pixels.map { $0 != 0 ? 255 : 0 })
    }
}

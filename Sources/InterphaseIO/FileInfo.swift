// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import FTIR
import XPS
import SEM

/// A summary of what a file holds, for `interphase info` (JSON contract: spectra files give
/// `format` and `spectra`; images give `format`, `width`, `height`, `pages`, `bitsPerSample`, ...).
public struct FileInfo: Codable, Sendable {
    /// One spectrum or region of a file.
    public struct SpectrumSummary: Codable, Sendable {
        /// The block, member or region name.
        public var name: String
        /// Number of points.
        public var points: Int
        /// The first abscissa as stored.
        public var firstX: Double
        /// The last abscissa as stored.
        public var lastX: Double
        /// What the abscissa is (`wavenumber`, `bindingEnergy`, …).
        public var xKind: String
        /// The abscissa's unit.
        public var xUnit: String
        /// What the ordinate is (`absorbance`, `counts`, …).
        public var yKind: String
        /// The ordinate's unit.
        public var yUnit: String
        /// Smallest ordinate.
        public var minY: Double
        /// Largest ordinate.
        public var maxY: Double
        /// Disagreements between a file's header and its data (JCAMP-DX), reported, never fixed.
        public var warnings: [String]?

        init(_ s: Spectrum, warnings: [String]? = nil) {
            name = s.name
            points = s.count
            firstX = s.x.first!
            lastX = s.x.last!
            xKind = s.xKind.rawValue
            xUnit = s.xUnit.rawValue
            yKind = s.yKind.rawValue
            yUnit = s.yUnit.rawValue
            minY = s.yMin
            maxY = s.yMax
            self.warnings = warnings
        }
    }

    /// One page (directory) of a TIFF file.
    public struct PageSummary: Codable, Sendable {
        /// Page number from 0.
        public var index: Int
        /// Width in pixels.
        public var width: Int
        /// Height in pixels.
        public var height: Int
        /// Bits per sample.
        public var bitsPerSample: Int
        /// Samples per pixel (1 grey, 3 RGB, 4 RGBA).
        public var samplesPerPixel: Int
        /// `uint`, `int` or `float`.
        public var sampleFormat: String
        /// The TIFF photometric interpretation.
        public var photometric: String
        /// The TIFF compression code.
        public var compression: Int
        /// The tags the page carries, by name or number.
        public var tags: [String]
    }

    /// The format recognised by content (`OPUS`, `VAMAS`, `TIFF`, …).
    public var format: String
    /// The file as given.
    public var path: String
    /// Spectrum and XPS files: one entry per spectrum or region.
    public var spectra: [SpectrumSummary]?
    /// Images: width in pixels.
    public var width: Int?
    /// Images: height in pixels.
    public var height: Int?
    /// Images: number of pages.
    public var pages: Int?
    /// Images: bits per sample.
    public var bitsPerSample: Int?
    /// Images: samples per pixel.
    public var samplesPerPixel: Int?
    /// Images: `uint`, `int` or `float`.
    public var sampleFormat: String?
    /// Images: grey, grey with alpha, RGB or RGBA.
    public var colorModel: String?
    /// TIFF: the photometric interpretation.
    public var photometric: String?
    /// TIFF: `little-endian` or `big-endian`.
    public var byteOrder: String?
    /// TIFF: every page.
    public var pageDetails: [PageSummary]?
    /// Text of microscope metadata tags (ImageDescription, FEI 34682, Zeiss 34118, TESCAN 50431), first 4 kB each.
    public var metadataTags: [String: String]?
    /// Images: the pixel size from the metadata (or a sidecar), `.some(nil)` (JSON `null`) when nothing
    /// calibrates the image; absent (`nil`) for spectra. The double optional keeps the key in image JSON.
    public var pixelSize: PixelSize??
    /// Images: the first row of the instrument's data bar, JSON `null` when there is none.
    public var dataBarStartRow: Int??

    /// A pixel size and where it came from.
    public struct PixelSize: Codable, Sendable, Hashable {
        /// Pixel width.
        public var value: Double
        /// Unit of `value` and `height`.
        public var unit: String
        /// The tag or sidecar it was read from.
        public var source: String
        /// Pixel height when it differs from the width.
        public var height: Double?
    }

    /// Identifies the format by content (PNG, TIFF, OPUS, OMNIC and SPC signatures, JCAMP-DX labels; otherwise
    /// delimited text) and summarises it.
    public static func inspect(path: String, lenient: Bool = false) throws -> FileInfo {
        let bytes = try readFileBytes(path)
        if PNGCodec.hasSignature(bytes) {
            let image = try PNGCodec.decode(bytes, path: path)
            var info = FileInfo(format: "PNG", path: path, width: image.width, height: image.height, pages: 1,
                                bitsPerSample: image.bitsPerSample, samplesPerPixel: image.colorModel.channels,
                                sampleFormat: image.sampleFormat, colorModel: image.colorModel.rawValue)
            info.addMicrographFacts(try? Micrograph(path: path, bytes: bytes, decoded: image))
            return info
        }
        if JPEGCodec.hasSignature(bytes) || BMPCodec.hasSignature(bytes) {
            let format = JPEGCodec.hasSignature(bytes) ? "JPEG" : "BMP"
            let image = format == "JPEG" ? try JPEGCodec.decode(bytes, path: path) : try BMPCodec.decode(bytes, path: path)
            var info = FileInfo(format: format, path: path, width: image.width, height: image.height, pages: 1,
                                bitsPerSample: image.bitsPerSample, samplesPerPixel: image.colorModel.channels,
                                sampleFormat: image.sampleFormat, colorModel: image.colorModel.rawValue)
            info.addMicrographFacts(try? Micrograph(path: path, bytes: bytes, decoded: image))
            return info
        }
        if TIFFDocument.hasSignature(bytes) {
            let doc = try TIFFDocument(bytes: bytes, path: path)
            let first = doc.pages[0]
            let decoded = try doc.decode(page: 0)
            var tags: [String: String] = [:]
            for t in first.tags {
                if let text = t.text, [270, 34682, 34118, 50431, 34680, 305].contains(t.tag) {
                    tags[tagName(t.tag)] = String(text.prefix(4096))
                }
            }
            var info = FileInfo(format: "TIFF", path: path, width: first.width, height: first.height, pages: doc.pages.count,
                            bitsPerSample: first.bitsPerSample, samplesPerPixel: first.samplesPerPixel,
                            sampleFormat: first.sampleFormatName, colorModel: decoded.colorModel.rawValue,
                            photometric: first.photometric.name, byteOrder: doc.byteOrder,
                            pageDetails: doc.pages.map {
                                PageSummary(index: $0.index, width: $0.width, height: $0.height, bitsPerSample: $0.bitsPerSample,
                                            samplesPerPixel: $0.samplesPerPixel, sampleFormat: $0.sampleFormatName,
                                            photometric: $0.photometric.name, compression: $0.compression,
                                            tags: $0.tags.map { tagName($0.tag) })
                            },
                            metadataTags: tags.isEmpty ? nil : tags)
            info.addMicrographFacts(try? Micrograph(path: path, bytes: bytes, decoded: decoded, document: doc))
            return info
        }
        let file = try SpectrumFile(bytes: bytes, path: path, lenient: lenient)
        return FileInfo(format: file.format, path: path, spectra: file.spectra.map { SpectrumSummary($0, warnings: file.warnings[$0.name]) })
    }

    /// Calibration and data bar as `interphase sem` sees them (the same `Micrograph` reading, made
    /// from the bytes and pixels already decoded); nil (an unreadable micrograph) leaves both null.
    mutating func addMicrographFacts(_ micrograph: Micrograph?) {
        pixelSize = .some(nil)
        dataBarStartRow = .some(nil)
        guard let m = micrograph else { return }
        if let c = m.calibration {
            let (v, unit) = c.pixelWidthNM >= 1000 ? (c.pixelWidthNM / 1000, "µm") : (c.pixelWidthNM, "nm")
            let hv = c.pixelHeightNM >= 1000 ? c.pixelHeightNM / 1000 : c.pixelHeightNM
            pixelSize = PixelSize(value: v, unit: unit, source: c.source, height: c.pixelHeightNM == c.pixelWidthNM ? nil : hv)
        }
        dataBarStartRow = .some(m.databarRows > 0 ? m.height : nil)
    }

    static func tagName(_ tag: UInt32) -> String {
        switch tag {
        case 270: "ImageDescription"
        case 271: "Make"
        case 272: "Model"
        case 305: "Software"
        case 306: "DateTime"
        case 315: "Artist"
        case 34680: "FEI_SFEG (34680)"
        case 34682: "FEI_HELIOS (34682)"
        case 34118: "CZ_SEM (34118)"
        case 50431: "TESCAN (50431)"
        case 65000: "Olympus (65000)"
        default: "tag \(tag)"
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(self)
    }

    /// A short human-readable summary.
    public var text: String {
        var lines = ["\(path): \(format)"]
        if let spectra {
            for s in spectra {
                lines.append("  \(s.name): \(s.points) points, x \(s.firstX) → \(s.lastX) \(s.xUnit) (\(s.xKind)), y \(s.minY) … \(s.maxY) \(s.yUnit) (\(s.yKind))")
                for w in s.warnings ?? [] { lines.append("    warning: \(w)") }
            }
        }
        if let w = width, let h = height {
            lines.append("  \(w) × \(h) px, \(pages ?? 1) page(s), \(bitsPerSample ?? 0)-bit \(sampleFormat ?? ""), \(colorModel ?? "")" + (photometric.map { ", photometric \($0)" } ?? ""))
        }
        for (k, v) in (metadataTags ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("  \(k): \(v.prefix(120).replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))…")
        }
        return lines.joined(separator: "\n")
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Errors of SEM input and analysis.
public enum SEMError: InterphaseError, Equatable {
    /// The file (first) could not be read, for the reason given (second).
    case unreadable(String, String)
    /// The request cannot be met as asked (the message says why and what to change).
    case invalidRequest(String)
    /// The analysis ran and could not give a result (the message says why).
    case analysisFailed(String)

    public var category: ErrorCategory {
        switch self {
        case .unreadable: .unreadableInput
        case .invalidRequest: .invalidRequest
        case .analysisFailed: .analysisFailed
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let why): "\(path): \(why)"
        case .invalidRequest(let why): why
        case .analysisFailed(let why): why
        }
    }
}

/// A grey-level SEM image with its calibration, the data bar removed.
public struct Micrograph: Sendable {
    /// The file it was read from ("<memory>" for rasters given directly).
    public var path: String
    /// Grey levels as the file stores them (0–255 for 8-bit), data bar cropped.
    public let grey: GreyLevels
    /// The grey levels as Float, made from ``grey`` on first use and kept.
    public var image: Raster<Float> { floatImage.get { grey.float() } }
    /// Width in pixels.
    public var width: Int { grey.width }
    /// Height in pixels, data bar cropped.
    public var height: Int { grey.height }
    private let floatImage: FloatImageCache
    /// Nil when nothing calibrates the image: physical results are then refused.
    public var calibration: SEMCalibration?
    /// What the instrument recorded (voltage, magnification, tilt, working distance), when known.
    public var metadata: SEMMetadata?
    /// Rows removed at the bottom and how they were found.
    public var databarRows: Int
    /// How ``databarRows`` was found: "given", "metadata (…)", "detected (…)", "none found", or "none"
    /// for rasters given directly.
    public var databarSource: String
    /// What the user should know about the image: calibration missing, colour converted, pages.
    public var warnings: [String]

    /// Reads a TIFF (any page), PNG, JPEG or BMP. `pixelSize` overrides the metadata; `databar` forces the
    /// number of bottom rows to drop (nil: from metadata, else detected).
    /// `page`: the TIFF page, from 0 (multi-page TIFFs: ImageJ stacks, Olympus SIS).
    public init(path: String, pixelSize: SEMCalibration? = nil, databar: Int? = nil, page: Int = 0) throws {
        try self.init(path: path, bytes: try readFileBytes(path), pixelSize: pixelSize, databar: databar, page: page)
    }

    /// The same from the file's bytes, already read. A caller that has also decoded them passes the
    /// first page's raster as `decoded` (and, for a TIFF, the `document` it came from), so nothing
    /// is read or decoded twice (`interphase info`).
    public init(path: String, bytes: [UInt8], decoded: AnyRaster? = nil, document: TIFFDocument? = nil,
                pixelSize: SEMCalibration? = nil, databar: Int? = nil, page: Int = 0) throws {
        self.path = path
        warnings = []
        var gray: GreyLevels
        let colourNote = "\(path): a colour image, converted to grey with Rec. 601 weights (0.299 R + 0.587 G + 0.114 B)"
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            guard page == 0 else { throw SEMError.invalidRequest("\(path): a PNG has one page; page \(page + 1) was asked for") }
            let image: AnyRaster
            if let decoded { image = decoded } else { image = try PNGCodec.decode(bytes, path: path) }
            if image.isColour { warnings.append(colourNote) }
            gray = GreyLevels(image)
            metadata = nil
        } else if JPEGCodec.hasSignature(bytes) || BMPCodec.hasSignature(bytes) {
            let format = JPEGCodec.hasSignature(bytes) ? "JPEG" : "BMP"
            guard page == 0 else { throw SEMError.invalidRequest("\(path): a \(format) file has one page; page \(page + 1) was asked for") }
            let image: AnyRaster
            if let decoded { image = decoded } else { image = format == "JPEG" ? try JPEGCodec.decode(bytes, path: path) : try BMPCodec.decode(bytes, path: path) }
            if image.isColour { warnings.append(colourNote) }
            gray = GreyLevels(image)
            metadata = nil
        } else {
            let doc: TIFFDocument
            if let document { doc = document } else { doc = try TIFFDocument(bytes: bytes, path: path) }
            guard page >= 0 && page < doc.pages.count else {
                throw SEMError.invalidRequest("\(path) has \(doc.pages.count) page(s); page \(page + 1) was asked for (pages are numbered from 1)")
            }
            let raster: AnyRaster
            if let decoded, page == 0 { raster = decoded } else { raster = try doc.decode(page: page) }
            if raster.isColour { warnings.append(colourNote) }
            // Only a floating-point TIFF can hold NaN or infinity; every grey-level statistic needs finite values.
            if case .float32(let r) = raster, let i = r.samples.firstIndex(where: { !$0.isFinite }) {
                let pixel = i / r.channels
                throw SEMError.unreadable(path, "sample \(r.samples[i]) at row \(pixel / r.width), column \(pixel % r.width) is not a finite grey level")
            }
            gray = GreyLevels(raster)
            // Calibration tags live on the first page of ImageJ stacks; take the page's own when it has them.
            metadata = SEMMetadata(page: doc.pages[page])
            if metadata?.calibration == nil, page > 0 { metadata?.calibration = SEMMetadata(page: doc.pages[0]).calibration }
            if metadata?.calibration == nil, let ij = SEMMetadata.imageJ(page: doc.pages[page]) ?? SEMMetadata.imageJ(page: doc.pages[0]) {
                metadata?.calibration = ij
            }
            warnings += metadata?.notes ?? []
        }
        // Hitachi / JEOL keep the calibration in a text sidecar with the same stem.
        if metadata?.calibration == nil {
            let sidecar = URL(fileURLWithPath: path).deletingPathExtension().appendingPathExtension("txt").path
            if let data = FileManager.default.contents(atPath: sidecar),
               let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1),
               let side = SEMMetadata(sidecar: text, name: URL(fileURLWithPath: sidecar).lastPathComponent) {
                if metadata == nil { metadata = side } else { metadata?.calibration = side.calibration; metadata?.vendor = side.vendor }
                warnings += side.notes
            }
        }
        calibration = pixelSize ?? metadata?.calibration
        if pixelSize != nil, let meta = metadata?.calibration, abs(meta.pixelWidthNM / pixelSize!.pixelWidthNM - 1) > 0.03 {
            warnings.append(String(format: "the given pixel size %.4g nm differs from the file's %.4g nm (%@) by more than 3 %%", pixelSize!.pixelWidthNM,
                                   meta.pixelWidthNM, meta.source))
        }
        if let databar {
            guard databar >= 0 && databar < gray.height else { throw SEMError.invalidRequest("a data bar of \(databar) rows is outside 0..<\(gray.height)") }
            databarRows = databar
            databarSource = "given"
        } else if let rows = metadata?.imageRows {
            databarRows = gray.height - rows
            databarSource = "metadata (ResolutionY / DatabarHeight)"
        } else if let row = Self.detectDatabar(gray) {
            databarRows = gray.height - row
            databarSource = "detected (uniform separator row \(row))"
        } else {
            databarRows = 0
            databarSource = "none found"
        }
        grey = databarRows > 0 ? gray.rows(0..<(gray.height - databarRows)) : gray
        floatImage = FloatImageCache()
        if calibration == nil {
            warnings.append("\(path): no pixel size in the metadata and none given: results are in pixels only")
        }
    }

    /// A Float raster already in memory, nothing cropped.
    public init(image: Raster<Float>, calibration: SEMCalibration?, path: String = "<memory>") {
        self.init(grey: .float(image), calibration: calibration, path: path)
    }

    /// Grey levels already in memory, nothing cropped.
    public init(grey: GreyLevels, calibration: SEMCalibration?, path: String = "<memory>") {
        self.path = path
        self.grey = grey
        if case .float(let image) = grey { floatImage = FloatImageCache(image) } else { floatImage = FloatImageCache() }
        self.calibration = calibration
        metadata = nil
        databarRows = 0
        databarSource = "none"
        warnings = []
    }

    /// The first row, in the bottom 40 % of the image, that is uniform black or white across the
    /// whole width (the separator above Zeiss and similar data bars) with image content above it.
    static func detectDatabar(_ grey: GreyLevels) -> Int? {
        switch grey {
        case .uint8(let r): detectDatabar(r)
        case .uint16(let r): detectDatabar(r)
        case .float(let r): detectDatabar(r)
        }
    }

    static func detectDatabar<S: GreySample>(_ g: Raster<S>) -> Int? {
        let w = g.width, h = g.height
        guard h > 20, w > 8 else { return nil }
        guard let (lo, hi, _) = Threshold.rangeAndIntegrality(g.samples) else { return nil }
        let span = max(hi - lo, 1e-6)
        // ≥ 97 % of the row within 5 % of the black or the white end (text may cross it). A row is
        // given up as soon as more than 3 % of it is neither dark nor bright enough for either.
        let darkBelow = lo + 0.05 * span, brightAbove = hi - 0.05 * span, needed = 0.97 * Double(w)
        func uniformExtreme(_ y: Int) -> Bool {
            g.samples.withUnsafeBufferPointer { p in
                let row = p.baseAddress! + y * w
                var notDark = 0, notBright = 0
                for x in 0..<w {
                    let v = row[x].floatValue
                    if !(v <= darkBelow) { notDark += 1 }
                    if !(v >= brightAbove) || v <= darkBelow { notBright += 1 }
                    if Double(w - notDark) < needed && Double(w - notBright) < needed { return false }
                }
                return Double(w - notDark) >= needed || Double(w - notBright) >= needed
            }
        }
        for y in (h * 6 / 10)..<h where uniformExtreme(y) {
            if y > 0 && !uniformExtreme(y - 1) { return y }
        }
        return nil
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import _InterphaseShims

/// Errors from reading TIFF files.
public enum TIFFError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The bytes do not begin with a TIFF header (II*\0 or MM\0*, or a BigTIFF header).
    case notTIFF(path: String)
    /// libtiff found damaged or truncated data at `location`.
    case corrupt(path: String, location: FileLocation, message: String)
    /// Page `page` uses a layout that is not decoded (the message names it).
    case unsupported(path: String, page: Int, message: String)
    /// Page `page` was asked for; the file has `pages` pages.
    case noSuchPage(path: String, page: Int, pages: Int)
    /// The TIFF could not be written to `path`.
    case cannotWrite(path: String, reason: String)

    public var category: ErrorCategory {
        switch self {
        case .noSuchPage, .cannotWrite: .invalidRequest
        default: .unreadableInput
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notTIFF(let p): "\(p): not a TIFF file (byte 0 must start with II*\\0 or MM\\0*)"
        case .corrupt(let p, let l, let m): "\(p): corrupt or truncated TIFF at \(l): \(m)"
        case .unsupported(let p, let page, let m): "\(p): page \(page): \(m)"
        case .noSuchPage(let p, let page, let n): "\(p): page \(page) requested, the file has \(n)"
        case .cannotWrite(let p, let r): "\(p): cannot write: \(r)"
        }
    }
}

/// TIFF photometric interpretation (tag 262).
public enum TIFFPhotometric: Int, Sendable, Codable {
    /// The interpretations the TIFF 6.0 specification defines, by their tag values.
    case whiteIsZero = 0, blackIsZero = 1, rgb = 2, palette = 3, transparencyMask = 4, separated = 5, yCbCr = 6, cieLab = 8
    /// Any other value.
    case other = -1

    /// A readable name ("BlackIsZero", "RGB").
    public var name: String {
        switch self {
        case .whiteIsZero: "WhiteIsZero"
        case .blackIsZero: "BlackIsZero"
        case .rgb: "RGB"
        case .palette: "Palette"
        case .transparencyMask: "TransparencyMask"
        case .separated: "Separated"
        case .yCbCr: "YCbCr"
        case .cieLab: "CIELab"
        case .other: "other"
        }
    }
}

/// The raw value of one TIFF tag: its TIFF data type, count and bytes as libtiff holds them in memory
/// (native byte order; RATIONAL values as libtiff's float or double, not the file's two LONGs).
public struct TIFFTagValue: Sendable, Codable, Hashable {
    /// The tag number (270 ImageDescription, 34682 FEI metadata, ...).
    public var tag: UInt32
    /// TIFF field type (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 7 UNDEFINED, 11 FLOAT, 12 DOUBLE, ...).
    public var dataType: Int
    /// The number of values of the tag's type.
    public var count: Int
    /// The values' bytes, in native byte order.
    public var bytes: [UInt8]

    /// The bytes as text (ASCII/BYTE/UNDEFINED tags such as FEI's 34682 or Zeiss's 34118), trailing NULs dropped.
    public var text: String? {
        guard dataType == 1 || dataType == 2 || dataType == 7 else { return nil }
        var b = bytes
        while b.last == 0 { b.removeLast() }
        return String(decoding: b, as: UTF8.self)
    }
}

/// What one page (image file directory) of a TIFF holds.
public struct TIFFPage: Sendable, Codable, Hashable {
    /// The page's position in the file, from 0.
    public var index: Int
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Bits per sample (tag 258).
    public var bitsPerSample: Int
    /// Samples per pixel (tag 277).
    public var samplesPerPixel: Int
    /// 1 unsigned integer, 2 signed integer, 3 IEEE float.
    public var sampleFormat: Int
    /// How the samples are to be read (tag 262).
    public var photometric: TIFFPhotometric
    /// The compression scheme (tag 259: 1 none, 5 LZW, 7 JPEG, 8 Deflate, 32773 PackBits).
    public var compression: Int
    /// Whether the channels are stored in separate planes (PlanarConfiguration 2).
    public var planarSeparate: Bool
    /// Whether the page is stored in tiles rather than strips.
    public var tiled: Bool
    /// Whether the page carries a colour map (palette images).
    public var hasColormap: Bool
    /// XResolution / YResolution and ResolutionUnit (1 none, 2 inch, 3 centimetre), when present.
    public var resolution: Resolution?
    /// ImageDescription, Software, DateTime and the private microscope tags present (34682 FEI,
    /// 34680 FEI SFEG, 34118 Zeiss, 50431 TESCAN, 65000 Olympus), plus every other custom tag libtiff saw.
    public var tags: [TIFFTagValue]

    /// Pixels per resolution unit along x and y (tags 282, 283, 296).
    public struct Resolution: Sendable, Codable, Hashable {
        /// Pixels per unit along x.
        public var x: Double
        /// Pixels per unit along y.
        public var y: Double
        /// The unit: 1 none, 2 inch, 3 centimetre.
        public var unit: Int
    }

    /// The raw value of a tag, if present on this page.
    public func tag(_ number: UInt32) -> TIFFTagValue? { tags.first { $0.tag == number } }

    /// The sample format as text: "uint", "int" or "float".
    public var sampleFormatName: String {
        switch sampleFormat {
        case 2: "int"
        case 3: "float"
        default: "uint"
        }
    }
}

/// A TIFF file read into memory, decoded page by page through libtiff.
///
///     let doc = try TIFFDocument(path: "Images/fibres.tif")
///     let pixels = try doc.decode(page: 0)
///     let fei = doc.pages[0].tag(34682)?.text     // "[User]\r\nDate=..."
public struct TIFFDocument: Sendable {
    /// Tags read into ``TIFFPage/tags`` besides libtiff's custom-tag list.
    public static let interestingTags: [UInt32] = [270, 271, 272, 305, 306, 315, 34680, 34682, 34118, 50431, 65000]

    /// The file's path, or "<memory>".
    public let path: String
    /// The file's bytes.
    public let bytes: [UInt8]
    /// What each page holds, in file order.
    public let pages: [TIFFPage]

    /// Reads the file at `path` and the directory of every page.
    public init(path: String) throws(TIFFError) {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        try self.init(bytes: bytes, path: path)
    }

    /// Reads the directory of every page from TIFF bytes already in memory.
    public init(bytes: [UInt8], path: String = "<memory>") throws(TIFFError) {
        guard Self.hasSignature(bytes) else { throw .notTIFF(path: path) }
        self.path = path
        self.bytes = bytes
        pages = try Self.withOpen(bytes, path: path) { t throws(TIFFError) in
            let count = Int(ip_tiff_page_count(t))
            var pages: [TIFFPage] = []
            for p in 0..<max(count, 1) {
                try Self.select(t, page: p, path: path)
                pages.append(try Self.info(t, page: p, path: path))
            }
            return pages
        }
    }

    /// True when `bytes` start with a classic or BigTIFF header in either byte order.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        return (bytes[0] == 0x49 && bytes[1] == 0x49 && (bytes[2] == 42 || bytes[2] == 43) && bytes[3] == 0)
            || (bytes[0] == 0x4D && bytes[1] == 0x4D && bytes[2] == 0 && (bytes[3] == 42 || bytes[3] == 43))
    }

    /// "II" (little-endian) or "MM" (big-endian).
    public var byteOrder: String { bytes[0] == 0x49 ? "little-endian" : "big-endian" }

    static func message(_ err: [CChar]) -> String {
        String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func withOpen<R>(_ bytes: [UInt8], path: String, _ body: (OpaquePointer) throws(TIFFError) -> R) throws(TIFFError) -> R {
        var err = [CChar](repeating: 0, count: 512)
        let result: Result<R, TIFFError> = bytes.withUnsafeBufferPointer { b in
            guard let t = ip_tiff_open(b.baseAddress, b.count, &err, err.count) else {
                return .failure(.corrupt(path: path, location: .byte(0), message: message(err)))
            }
            defer { ip_tiff_close(t) }
            do throws(TIFFError) { return .success(try body(t)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    static func select(_ t: OpaquePointer, page: Int, path: String) throws(TIFFError) {
        var err = [CChar](repeating: 0, count: 512)
        if ip_tiff_select_page(t, Int32(page), &err, err.count) != 0 {
            throw .corrupt(path: path, location: .part("page \(page) directory"), message: message(err))
        }
    }

    static func info(_ t: OpaquePointer, page: Int, path: String) throws(TIFFError) -> TIFFPage {
        var i = ip_tiff_page_info()
        var err = [CChar](repeating: 0, count: 512)
        if ip_tiff_page_info_get(t, &i, &err, err.count) != 0 {
            throw .corrupt(path: path, location: .part("page \(page) directory"), message: message(err))
        }
        var tagNumbers = interestingTags
        for k in 0..<Int(ip_tiff_custom_tag_count(t)) {
            let n = ip_tiff_custom_tag(t, Int32(k))
            if !tagNumbers.contains(n) { tagNumbers.append(n) }
        }
        var tags: [TIFFTagValue] = []
        for n in tagNumbers {
            var type: Int32 = 0, count: UInt32 = 0, elementSize: Int32 = 0
            var data: UnsafeRawPointer? = nil
            guard ip_tiff_raw_tag(t, n, &type, &count, &elementSize, &data) == 1, let data else { continue }
            // libtiff's in-memory size per value, not the file's (a RATIONAL is held as a float).
            let size = Int(elementSize) * Int(count)
            guard size > 0, size < 64 << 20 else { continue }
            tags.append(TIFFTagValue(tag: n, dataType: Int(type), count: Int(count),
                                     bytes: [UInt8](UnsafeRawBufferPointer(start: data, count: size))))
        }
        return TIFFPage(index: page, width: Int(i.width), height: Int(i.height), bitsPerSample: Int(i.bits_per_sample),
                        samplesPerPixel: Int(i.samples_per_pixel), sampleFormat: Int(i.sample_format),
                        photometric: TIFFPhotometric(rawValue: Int(i.photometric)) ?? .other,
                        compression: Int(i.compression), planarSeparate: i.planar_config == 2, tiled: i.tiled != 0,
                        hasColormap: i.has_colormap != 0,
                        resolution: i.has_resolution != 0 ? .init(x: Double(i.x_resolution), y: Double(i.y_resolution), unit: Int(i.resolution_unit)) : nil,
                        tags: tags)
    }
}

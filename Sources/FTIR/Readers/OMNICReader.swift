// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from reading Thermo OMNIC files.
public enum OMNICError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The file does not begin with "Spectral Data File".
    case notOMNIC(path: String)
    /// A record at `byte` needs `needed` bytes; the file has `size`.
    case truncated(path: String, byte: Int, needed: Int, size: Int)
    /// A value at `byte` that cannot be right (the reason says why).
    case impossible(path: String, byte: Int, reason: String)
    /// The values of `what` do not make a valid spectrum (the reason says why).
    case invalidSpectrum(path: String, what: String, reason: String)
    /// An OMNIC group (.spg) handed to the single-spectrum reader.
    case group(path: String, members: Int)
    /// An OMNIC layout this reader does not decode (series .srs).
    case unsupported(path: String, reason: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notOMNIC(let p): "\(p): not an OMNIC .spa file (byte 0 must start \"Spectral Data File\")"
        case .truncated(let p, let b, let n, let s): "\(p): truncated: \(n) bytes needed at byte \(b), the file has \(s)"
        case .impossible(let p, let b, let r): "\(p): byte \(b): \(r)"
        case .invalidSpectrum(let p, let w, let r): "\(p): \(w): \(r)"
        case .group(let p, let n): "\(p): an OMNIC group of \(n) spectra, not a single .spa; read it as a group (every member) or choose one member"
        case .unsupported(let p, let r): "\(p): not supported: \(r)"
        }
    }
}

/// An OMNIC .spa file: its spectrum and, when stored, the sample and background interferograms
/// with the acquisition values needed to transform them.
public struct OMNICDocument: Sendable {
    /// The file's path.
    public var path: String
    /// The spectrum's title as OMNIC stores it.
    public var title: String
    /// The stored spectrum (key 3): single beam, absorbance, %T, or an interferogram.
    public var spectrum: Spectrum
    /// Sample interferogram (key 102), when embedded.
    public var sampleInterferogram: Spectrum?
    /// Background interferogram (key 103), when embedded.
    public var backgroundInterferogram: Spectrum?
    /// HeNe laser wavenumber (cm⁻¹), header +80.
    public var laserWavenumber: Double
    /// Sample spacing (1 or 2 laser fringes per point), header +84 as observed on the fixtures.
    public var sampleSpacing: Double?
    /// Index of the interferogram's centre burst (ZPD), header +32 as observed.
    public var zpdIndex: Int?
    /// FFT size OMNIC used (zero filling included), header +44 as observed.
    public var fftSize: Int?
    /// Number of scans coadded.
    public var scans: Int
    /// Sample gain (key 106, +44) and background gain (header +56); 0 when not stored.
    public var sampleGain: Double
    /// See ``sampleGain``.
    public var backgroundGain: Double
}

/// An OMNIC group (`.spg`): the group's title and every member as an ``OMNICDocument``.
public struct OMNICGroup: Sendable {
    /// The group file's path.
    public var path: String
    /// The group's title.
    public var title: String
    /// Every spectrum of the group, in file order.
    public var members: [OMNICDocument]
}

/// Reads Thermo OMNIC `.spa` files (FTIR.md §2.6): key table at byte 294/304, header (key 2),
/// spectrum (key 3), sample and background interferograms (keys 102/103) and gains (key 106).
///
///     let spa = try OMNICReader().read("sample.spa")
///     if let ifg = spa.sampleInterferogram { ... }
public struct OMNICReader: Sendable {
    /// A reader.
    public init() {}

    /// Whether the bytes begin with "Spectral Data File".
    public static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("Spectral Data File".utf8)) }

    /// The spectrum (and interferograms) of the `.spa` file at `path`.
    public func read(_ path: String) throws(OMNICError) -> OMNICDocument {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    struct Cursor {
        let b: [UInt8]
        let path: String
        func need(_ o: Int, _ n: Int) throws(OMNICError) {
            guard o >= 0, n >= 0, o <= b.count - n else { throw .truncated(path: path, byte: o, needed: n, size: b.count) }
        }
        func u16(_ o: Int) throws(OMNICError) -> Int { try need(o, 2); return Int(b[o]) | Int(b[o + 1]) << 8 }
        func u32(_ o: Int) throws(OMNICError) -> UInt32 {
            try need(o, 4)
            return UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
        }
        func f32(_ o: Int) throws(OMNICError) -> Double { Double(Float(bitPattern: try u32(o))) }
    }

    /// Reads a single-spectrum `.spa`. A group (`.spg`, several spectra in one key table) is
    /// refused with ``OMNICError/group(path:members:)``: use ``parseGroup(_:path:)``.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(OMNICError) -> OMNICDocument {
        let group = try parseGroup(bytes, path: path)
        guard group.members.count == 1 else { throw .group(path: path, members: group.members.count) }
        return group.members[0]
    }

    /// Reads `path` as a group (an `.spa` is the one-member case).
    public func readGroup(_ path: String) throws(OMNICError) -> OMNICGroup {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parseGroup(bytes, path: path)
    }

    /// One record of the key table: key, byte position and length.
    struct Record { var key: Int; var position: Int; var length: Int }

    /// Reads every spectrum of an OMNIC group (`.spg`) or single file (`.spa`) from the key table
    /// (FTIR.md §2.6): the i-th header (key 2), data (key 3), title (key 107), acquisition (106)
    /// and interferogram (102/103) records belong together. Every declared record must lie inside
    /// the file; headers and data records must pair up, or the file is refused (a series `.srs`
    /// is refused as not supported).
    public func parseGroup(_ bytes: [UInt8], path: String = "<memory>") throws(OMNICError) -> OMNICGroup {
        guard Self.hasSignature(bytes) else { throw .notOMNIC(path: path) }
        if path.lowercased().hasSuffix(".srs") {
            throw .unsupported(path: path, reason: "OMNIC series (.srs) files are not read: export the series as a group (.spg) or as single .spa files from OMNIC")
        }
        let c = Cursor(b: bytes, path: path)
        try c.need(30, 256)
        let title = Self.text(bytes[30..<286])
        let count = try c.u16(294)
        guard count >= 1 else { throw .impossible(path: path, byte: 294, reason: "an empty key table") }
        try c.need(304, 16 * count)
        var records: [Record] = []
        for k in 0..<count {
            let o = 304 + 16 * k
            let key = Int(bytes[o])
            let position = Int(try c.u32(o + 2)), length = Int(try c.u32(o + 6))
            try c.need(position, length)
            records.append(Record(key: key, position: position, length: length))
        }
        func all(_ key: Int) -> [Record] { records.filter { $0.key == key } }
        let headers = all(2), data = all(3)
        guard !headers.isEmpty else { throw .impossible(path: path, byte: 304, reason: "no header record (key 2)") }
        guard !data.isEmpty else { throw .impossible(path: path, byte: 304, reason: "no spectrum record (key 3)") }
        guard headers.count == data.count else {
            throw .unsupported(path: path, reason: "\(headers.count) spectrum headers but \(data.count) data records: not the layout of an OMNIC .spa or .spg (a series .srs?)")
        }
        let n = headers.count
        // Records that belong to members by order; used only when there is exactly one per member.
        func perMember(_ key: Int) -> [Record?] {
            let r = all(key)
            return r.count == n ? r.map { Optional($0) } : [Record?](repeating: nil, count: n)
        }
        let titles = perMember(107), acquisitions = perMember(106), samples = perMember(102), backgrounds = perMember(103)
        var members: [OMNICDocument] = []
        for i in 0..<n {
            var memberTitle = title
            var acquired: UInt32? = nil
            if let t = titles[i], t.length >= 1 {
                memberTitle = Self.text(bytes[t.position..<(t.position + min(t.length, 256))])
                if t.length >= 260 { acquired = try c.u32(t.position + 256) }
            }
            members.append(try member(c, header: headers[i], data: data[i], title: memberTitle, acquired: acquired,
                                      acquisition: acquisitions[i], sample: samples[i], background: backgrounds[i], index: n > 1 ? i + 1 : nil))
        }
        return OMNICGroup(path: path, title: title, members: members)
    }

    func member(_ c: Cursor, header: Record, data: Record, title: String, acquired: UInt32?, acquisition: Record?,
                sample: Record?, background: Record?, index: Int?) throws(OMNICError) -> OMNICDocument {
        let path = c.path
        guard header.length >= 88 else { throw .impossible(path: path, byte: header.position, reason: "a header record of \(header.length) bytes (at least 88 expected)") }
        let h = header.position
        let npts = Int(try c.u32(h + 4))
        let xUnits = Int(try c.u32(h + 8)), yUnits = Int(try c.u32(h + 12))
        let firstX = try c.f32(h + 16), lastX = try c.f32(h + 20)
        let zpd = Int(try c.u32(h + 32)), fft = Int(try c.u32(h + 44))
        let scans = Int(try c.u32(h + 36))
        let backgroundGain = try c.f32(h + 56)
        let laser = try c.f32(h + 80)
        let spacing = try c.f32(h + 84)
        var sampleGain = 0.0
        if let acq = acquisition, acq.length >= 48 { sampleGain = try c.f32(acq.position + 44) }
        guard npts >= 1, 4 * npts <= data.length else {
            throw .impossible(path: path, byte: h + 4, reason: "header declares \(npts) points, the data record holds \(data.length / 4)")
        }
        func floats(_ at: Int, _ n: Int) throws(OMNICError) -> [Double] {
            try c.need(at, 4 * n)
            return try (0..<n).map { i throws(OMNICError) in try c.f32(at + 4 * i) }
        }
        var meta: [String: String] = ["title": title, "laserWavenumber": "\(laser)", "scans": "\(scans)",
                                      "xUnitsCode": "\(xUnits)", "yUnitsCode": "\(yUnits)"]
        if spacing == 1 || spacing == 2 { meta["sampleSpacing"] = "\(spacing)" }
        if let index { meta["groupMember"] = "\(index)" }
        if let acquired, acquired > 0 {
            // Seconds since 1899-12-31 00:00 UTC: 25 568 days (2 209 075 200 s) before the Unix epoch.
            meta["acquired"] = Self.iso8601(unixSeconds: Int(acquired) - 2_209_075_200)
        }
        let suffix = index.map { " (member \($0))" } ?? ""
        func make(_ name: String, x: [Double], y: [Double], xKind: AxisKind, xUnit: AxisUnit, yKind: IntensityKind, yUnit: IntensityUnit) throws(OMNICError) -> Spectrum {
            do {
                return try Spectrum(name: name, x: x, y: y, xKind: xKind, xUnit: xUnit, yKind: yKind, yUnit: yUnit, metadata: meta,
                                    provenance: [ProcessingStep("read", ["format": index == nil ? "OMNIC SPA" : "OMNIC SPG", "path": path, "record": name])])
            } catch { throw .invalidSpectrum(path: path, what: name, reason: error.description) }
        }
        let yData = try floats(data.position, npts)
        let (yKind, yUnit) = Self.yAxis(yUnits)
        let isPoints = xUnits == 2 || yKind == .interferogram
        var x = [Double](repeating: firstX, count: npts)
        for i in 0..<npts {
            if isPoints { x[i] = Double(i) } else if npts > 1 { x[i] = firstX + (lastX - firstX) * Double(i) / Double(npts - 1) }
        }
        let spectrum = try make(title.isEmpty ? "spectrum" + suffix : title, x: x, y: yData, xKind: isPoints ? .dataPoint : .wavenumber,
                                xUnit: isPoints ? .dataPoint : .reciprocalCentimetre, yKind: yKind, yUnit: yUnit)
        func interferogram(_ r: Record?, _ name: String) throws(OMNICError) -> Spectrum? {
            guard let r, r.length >= 16 else { return nil }
            let y = try floats(r.position, r.length / 4)
            return try make(name + suffix, x: (0..<y.count).map(Double.init), y: y, xKind: .dataPoint, xUnit: .dataPoint, yKind: .interferogram, yUnit: .arbitrary)
        }
        return OMNICDocument(path: path, title: title, spectrum: spectrum,
                             sampleInterferogram: try interferogram(sample, "sample interferogram"),
                             backgroundInterferogram: try interferogram(background, "background interferogram"),
                             laserWavenumber: laser, sampleSpacing: spacing == 1 || spacing == 2 ? spacing : nil,
                             zpdIndex: zpd > 0 && zpd < npts ? zpd : nil, fftSize: fft >= 16 && fft <= 1 << 24 ? fft : nil,
                             scans: scans, sampleGain: sampleGain, backgroundGain: backgroundGain)
    }

    /// NUL-terminated text: UTF-8 when valid, else Latin-1 (OMNIC writes the Windows code page).
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let raw = Array(bytes.prefix { $0 != 0 })
        if let s = String(validating: raw, as: UTF8.self) { return s }
        return String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` from Unix seconds (proleptic Gregorian, UTC).
    static func iso8601(unixSeconds t: Int) -> String {
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let secs = t - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm, public domain description).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))Z"
    }

    /// OMNIC y-unit codes seen on real files (15 single beam, 16 %T, 17 absorbance, 22 interferogram).
    static func yAxis(_ code: Int) -> (IntensityKind, IntensityUnit) {
        switch code {
        case 15: (.singleBeam, .arbitrary)
        case 16: (.transmittance, .percent)
        case 17: (.absorbance, .absorbanceUnits)
        case 22: (.interferogram, .arbitrary)
        default: (.intensity, .arbitrary)
        }
    }
}

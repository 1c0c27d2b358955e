// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from reading Thermo OMNIC files.
public enum OMNICError: InterphaseError, Equatable {
    case unreadable(FileReadError)
    case notOMNIC(path: String)
    case truncated(path: String, byte: Int, needed: Int, size: Int)
    case impossible(path: String, byte: Int, reason: String)
    case invalidSpectrum(path: String, what: String, reason: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notOMNIC(let p): "\(p): not an OMNIC .spa file (byte 0 must start \"Spectral Data File\")"
        case .truncated(let p, let b, let n, let s): "\(p): truncated: \(n) bytes needed at byte \(b), the file has \(s)"
        case .impossible(let p, let b, let r): "\(p): byte \(b): \(r)"
        case .invalidSpectrum(let p, let w, let r): "\(p): \(w): \(r)"
        }
    }
}

/// An OMNIC .spa file: its spectrum and, when stored, the sample and background interferograms
/// with the acquisition values needed to transform them.
public struct OMNICDocument: Sendable {
    public var path: String
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
    public var scans: Int
    /// Sample gain (key 106, +44) and background gain (header +56); 0 when not stored.
    public var sampleGain: Double
    public var backgroundGain: Double
}

/// Reads Thermo OMNIC `.spa` files (FTIR.md §2.6): key table at byte 294/304, header (key 2),
/// spectrum (key 3), sample and background interferograms (keys 102/103) and gains (key 106).
///
///     let spa = try OMNICReader().read("sample.spa")
///     if let ifg = spa.sampleInterferogram { ... }
public struct OMNICReader: Sendable {
    public init() {}

    public static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("Spectral Data File".utf8)) }

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

    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(OMNICError) -> OMNICDocument {
        guard Self.hasSignature(bytes) else { throw .notOMNIC(path: path) }
        let c = Cursor(b: bytes, path: path)
        try c.need(30, 256)
        let title = String(decoding: bytes[30..<286].prefix { $0 != 0 }, as: UTF8.self)
        let count = try c.u16(294)
        guard count >= 1, count <= 1000 else { throw .impossible(path: path, byte: 294, reason: "\(count) keys in the key table") }
        var keys: [Int: (position: Int, length: Int)] = [:]
        for k in 0..<count {
            let o = 304 + 16 * k
            try c.need(o, 16)
            let key = Int(bytes[o])
            let position = Int(try c.u32(o + 2)), length = Int(try c.u32(o + 6))
            try c.need(position, length)
            if keys[key] == nil { keys[key] = (position, length) }
        }
        guard let header = keys[2], header.length >= 88 else { throw .impossible(path: path, byte: 304, reason: "no header record (key 2)") }
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
        if let acq = keys[106], acq.length >= 48 { sampleGain = try c.f32(acq.position + 44) }
        guard let data = keys[3] else { throw .impossible(path: path, byte: 304, reason: "no spectrum record (key 3)") }
        guard npts >= 1, 4 * npts <= data.length else { throw .impossible(path: path, byte: h + 4, reason: "header declares \(npts) points, the data record holds \(data.length / 4)") }
        func floats(_ at: Int, _ n: Int) throws(OMNICError) -> [Double] {
            try c.need(at, 4 * n)
            return try (0..<n).map { i throws(OMNICError) in try c.f32(at + 4 * i) }
        }
        var meta: [String: String] = ["title": title, "laserWavenumber": "\(laser)", "scans": "\(scans)",
                                      "xUnitsCode": "\(xUnits)", "yUnitsCode": "\(yUnits)"]
        if spacing == 1 || spacing == 2 { meta["sampleSpacing"] = "\(spacing)" }
        func make(_ name: String, x: [Double], y: [Double], xKind: AxisKind, xUnit: AxisUnit, yKind: IntensityKind, yUnit: IntensityUnit) throws(OMNICError) -> Spectrum {
            do {
                return try Spectrum(name: name, x: x, y: y, xKind: xKind, xUnit: xUnit, yKind: yKind, yUnit: yUnit, metadata: meta,
                                    provenance: [ProcessingStep("read", ["format": "OMNIC SPA", "path": path, "record": name])])
            } catch { throw .invalidSpectrum(path: path, what: name, reason: error.description) }
        }
        let yData = try floats(data.position, npts)
        let (yKind, yUnit) = Self.yAxis(yUnits)
        let isPoints = xUnits == 2 || yKind == .interferogram
        var x = [Double](repeating: firstX, count: npts)
        for i in 0..<npts {
            if isPoints { x[i] = Double(i) } else if npts > 1 { x[i] = firstX + (lastX - firstX) * Double(i) / Double(npts - 1) }
        }
        let spectrum = try make(title.isEmpty ? "spectrum" : title, x: x, y: yData, xKind: isPoints ? .dataPoint : .wavenumber,
                                xUnit: isPoints ? .dataPoint : .reciprocalCentimetre, yKind: yKind, yUnit: yUnit)
        func interferogram(_ key: Int, _ name: String) throws(OMNICError) -> Spectrum? {
            guard let r = keys[key], r.length >= 16 else { return nil }
            let y = try floats(r.position, r.length / 4)
            return try make(name, x: (0..<y.count).map(Double.init), y: y, xKind: .dataPoint, xUnit: .dataPoint, yKind: .interferogram, yUnit: .arbitrary)
        }
        return OMNICDocument(path: path, title: title, spectrum: spectrum,
                             sampleInterferogram: try interferogram(102, "sample interferogram"),
                             backgroundInterferogram: try interferogram(103, "background interferogram"),
                             laserWavenumber: laser, sampleSpacing: spacing == 1 || spacing == 2 ? spacing : nil,
                             zpdIndex: zpd > 0 && zpd < npts ? zpd : nil, fftSize: fft >= 16 && fft <= 1 << 24 ? fft : nil,
                             scans: scans, sampleGain: sampleGain, backgroundGain: backgroundGain)
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

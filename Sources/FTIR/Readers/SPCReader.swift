// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from reading Thermo Galactic SPC files.
public enum SPCError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The version byte at `byte` is `found`, not an SPC version.
    case notSPC(path: String, byte: Int, found: UInt8)
    /// A variant of the format that is not read (`what` names it).
    case unsupported(path: String, what: String)
    /// A record at `byte` needs `needed` bytes; the file has `size`.
    case truncated(path: String, byte: Int, needed: Int, size: Int)
    /// A value at `byte` that cannot be right (the reason says why).
    case impossible(path: String, byte: Int, reason: String)
    /// The values of subfile `subfile` do not make a valid spectrum (the reason says why).
    case invalidSpectrum(path: String, subfile: Int, reason: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notSPC(let p, let b, let f): "\(p): not an SPC file (version byte \(b) is 0x\(String(f, radix: 16)); expected 0x4B, 0x4C or 0x4D)"
        case .unsupported(let p, let w): "\(p): \(w) is not supported"
        case .truncated(let p, let b, let n, let s): "\(p): truncated: \(n) bytes needed at byte \(b), the file has \(s)"
        case .impossible(let p, let b, let r): "\(p): byte \(b): \(r)"
        case .invalidSpectrum(let p, let k, let r): "\(p): subfile \(k): \(r)"
        }
    }
}

/// Reads Thermo Galactic SPC files, new format (0x4B little-endian): evenly spaced or explicit X,
/// single and multifile (shared or per-subfile X, "XYXY"), 32- and 16-bit integer or float Y.
/// The old format (0x4D) and the big-endian variant (0x4C) are refused with a clear error.
///
///     let spectra = try SPCReader().read("Spectra/polystyrene.spc")
///
/// Layout: Galactic SPC specification (FTIR.md §2.4).
public struct SPCReader: Sendable {
    /// A reader.
    public init() {}

    /// Every subfile of the file at `path`, as spectra.
    public func read(_ path: String) throws(SPCError) -> [Spectrum] {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    /// True for a binary file with an SPC version byte (0x4B, 0x4C, 0x4D) at byte 1 and a full
    /// 512-byte header. Text files are excluded by requiring a NUL byte in the header.
    public static func looksLikeSPC(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 512 && [0x4B, 0x4C, 0x4D].contains(bytes[1]) && bytes[0..<512].contains(0)
    }

    struct Cursor {
        let bytes: [UInt8]
        let path: String
        func need(_ offset: Int, _ count: Int) throws(SPCError) {
            guard offset >= 0, count >= 0, offset + count <= bytes.count else {
                throw .truncated(path: path, byte: offset, needed: count, size: bytes.count)
            }
        }
        func u8(_ o: Int) throws(SPCError) -> UInt8 { try need(o, 1); return bytes[o] }
        func u16(_ o: Int) throws(SPCError) -> UInt16 { try need(o, 2); return UInt16(bytes[o]) | UInt16(bytes[o + 1]) << 8 }
        func u32(_ o: Int) throws(SPCError) -> UInt32 {
            try need(o, 4)
            return UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
        }
        func f32(_ o: Int) throws(SPCError) -> Float { Float(bitPattern: try u32(o)) }
        func f64(_ o: Int) throws(SPCError) -> Double {
            try need(o, 8)
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[o + k]) << (8 * UInt64(k)) }
            return Double(bitPattern: v)
        }
        func text(_ o: Int, _ n: Int) throws(SPCError) -> String {
            try need(o, n)
            let raw = bytes[o..<(o + n)].prefix { $0 != 0 }
            return String(decoding: raw, as: UTF8.self).trimmedSpaces
        }
    }

    /// Every subfile of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(SPCError) -> [Spectrum] {
        let c = Cursor(bytes: bytes, path: path)
        let version = try c.u8(1)
        switch version {
        case 0x4B: break
        case 0x4D: throw .unsupported(path: path, what: "the old SPC format (version 0x4D, pre-1996 GRAMS)")
        case 0x4C: throw .unsupported(path: path, what: "big-endian SPC (version 0x4C)")
        default: throw .notSPC(path: path, byte: 1, found: version)
        }
        try c.need(0, 512)
        let flags = try c.u8(0)
        let sixteenBit = flags & 0x01 != 0
        let multifile = flags & 0x04 != 0
        let perSubfileX = flags & 0x40 != 0          // XYXY
        let explicitX = flags & 0x80 != 0            // XY
        let fileExp = Int8(bitPattern: try c.u8(3))
        let npts = Int(try c.u32(4))
        let first = try c.f64(8), last = try c.f64(16)
        let nsub = multifile ? Int(try c.u32(24)) : 1
        let xType = Int(try c.u8(28)), yType = Int(try c.u8(29))
        let comment = try c.text(88, 130)
        let resolution = try c.text(36, 9), source = try c.text(45, 9)
        guard nsub >= 1, nsub <= 1_000_000 else { throw .impossible(path: path, byte: 24, reason: "\(nsub) subfiles") }
        guard perSubfileX || (npts >= 1 && npts <= 100_000_000) else { throw .impossible(path: path, byte: 4, reason: "\(npts) points") }
        var offset = 512
        var sharedX: [Double]? = nil
        if explicitX && !perSubfileX {
            try c.need(offset, 4 * npts)
            sharedX = try (0..<npts).map { k throws(SPCError) in Double(try c.f32(offset + 4 * k)) }
            offset += 4 * npts
        }
        let (xKind, xUnit) = Self.xAxis(xType)
        let (yKind, yUnit) = Self.yAxis(yType)
        var spectra: [Spectrum] = []
        for k in 0..<nsub {
            let sub = offset
            try c.need(sub, 32)
            var subExp = Int8(bitPattern: try c.u8(sub + 1))
            let subN = Int(try c.u32(sub + 16))
            offset += 32
            var n = npts
            // At least 2 bytes per point must follow: a count the file cannot hold is refused before allocating.
            if !perSubfileX { try c.need(offset, 2 * n) }
            var x: [Double]
            if perSubfileX {
                guard subN >= 1, subN <= 100_000_000 else { throw .impossible(path: path, byte: sub + 16, reason: "subfile \(k) declares \(subN) points") }
                n = subN
                try c.need(offset, 4 * n)
                x = try (0..<n).map { i throws(SPCError) in Double(try c.f32(offset + 4 * i)) }
                offset += 4 * n
            } else if let sharedX {
                x = sharedX
            } else {
                x = (0..<n).map { n > 1 ? first + (last - first) * Double($0) / Double(n - 1) : first }
            }
            if !multifile { subExp = fileExp }
            var y = [Double](repeating: 0, count: n)
            if subExp == -128 {
                try c.need(offset, 4 * n)
                for i in 0..<n { y[i] = Double(try c.f32(offset + 4 * i)) }
                offset += 4 * n
            } else if sixteenBit {
                try c.need(offset, 2 * n)
                let scale = pow2(Int(subExp) - 16)
                for i in 0..<n { y[i] = Double(Int16(bitPattern: try c.u16(offset + 2 * i))) * scale }
                offset += 2 * n
            } else {
                try c.need(offset, 4 * n)
                let scale = pow2(Int(subExp) - 32)
                for i in 0..<n { y[i] = Double(Int32(bitPattern: try c.u32(offset + 4 * i))) * scale }
                offset += 4 * n
            }
            // Interferograms and point-indexed data may carry no usable axis: use the point index.
            var kind = xKind, unit = xUnit
            if yKind == .interferogram || x.count > 1 && x[0] == x[x.count - 1] {
                x = (0..<n).map(Double.init)
                kind = .dataPoint
                unit = .dataPoint
            }
            let name = nsub > 1 ? "\(comment.isEmpty ? "subfile" : comment) [\(k + 1)]" : (comment.isEmpty ? (path.split(separator: "/").last.map(String.init) ?? path) : comment)
            var metadata = ["fxtype": "\(xType)", "fytype": "\(yType)", "comment": comment]
            if !resolution.isEmpty { metadata["resolution"] = resolution }
            if !source.isEmpty { metadata["source"] = source }
            if kind == .dataPoint && xKind != .dataPoint { metadata["storedFirstX"] = "\(first)"; metadata["storedLastX"] = "\(last)" }
            do {
                spectra.append(try Spectrum(name: name, x: x, y: y, xKind: kind, xUnit: unit, yKind: yKind, yUnit: yUnit, metadata: metadata,
                                            provenance: [ProcessingStep("read", ["format": "SPC", "path": path, "subfile": "\(k + 1)"])]))
            } catch {
                throw .invalidSpectrum(path: path, subfile: k + 1, reason: error.description)
            }
        }
        return spectra
    }

    func pow2(_ e: Int) -> Double { Double(sign: .plus, exponent: e, significand: 1) }

    /// `fxtype` codes of the SPC specification.
    static func xAxis(_ code: Int) -> (AxisKind, AxisUnit) {
        switch code {
        case 1, 13: (.wavenumber, .reciprocalCentimetre)
        case 2: (.wavelength, .micrometre)
        case 3: (.wavelength, .nanometre)
        case 4: (.time, .second)
        case 14: (.kineticEnergy, .electronvolt)
        case 22: (.dataPoint, .dataPoint)
        default: (.unknown, .arbitrary)
        }
    }

    /// `fytype` codes of the SPC specification (128 and up: valley-peak types).
    static func yAxis(_ code: Int) -> (IntensityKind, IntensityUnit) {
        switch code {
        case 1: (.interferogram, .arbitrary)
        case 2: (.absorbance, .absorbanceUnits)
        case 3: (.kubelkaMunk, .arbitrary)
        case 4: (.counts, .counts)
        case 128: (.transmittance, .fraction)
        case 129: (.reflectance, .fraction)
        case 130: (.singleBeam, .arbitrary)
        default: (.intensity, .arbitrary)
        }
    }
}

extension String {
    var trimmedSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}

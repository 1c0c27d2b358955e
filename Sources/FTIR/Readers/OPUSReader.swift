// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from reading Bruker OPUS files.
public enum OPUSError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The file does not begin with the OPUS magic number (0A 0A FE FE).
    case notOPUS(path: String)
    /// A block at `byte` needs `needed` bytes; the file has `size`.
    case truncated(path: String, byte: Int, needed: Int, size: Int)
    /// A value at `byte` that cannot be right (the reason says why).
    case impossible(path: String, byte: Int, reason: String)
    /// The data block `block` at `byte` has no data-status block to give its axis.
    case missingStatus(path: String, block: String, byte: Int)
    /// The block asked for is not in the file; `available` lists those that are.
    case noSuchBlock(path: String, block: String, available: [String])
    /// The values of `block` do not make a valid spectrum (the reason says why).
    case invalidSpectrum(path: String, block: String, reason: String)

    public var category: ErrorCategory {
        if case .noSuchBlock = self { return .invalidRequest }
        return .unreadableInput
    }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notOPUS(let p): "\(p): not a Bruker OPUS file (bytes 0–3 must be 0A 0A FE FE)"
        case .truncated(let p, let b, let n, let s): "\(p): truncated: \(n) bytes needed at byte \(b), the file has \(s)"
        case .impossible(let p, let b, let r): "\(p): byte \(b): \(r)"
        case .missingStatus(let p, let block, let b): "\(p): data block \(block) at byte \(b) has no data-status block (NPT, FXV, LXV)"
        case .noSuchBlock(let p, let b, let a): "\(p): no block \(b); the file has \(a.joined(separator: ", "))"
        case .invalidSpectrum(let p, let b, let r): "\(p): block \(b): \(r)"
        }
    }
}

/// One data block of an OPUS file, by its OPUS name (AB, ScSm, ScRf, IgSm, IgRf, PhSm, ...).
public struct OPUSBlock: Sendable {
    /// The block's OPUS name (AB, ScSm, IgSm, ...).
    public var name: String
    /// The block's data on its axis.
    public var spectrum: Spectrum
    /// The data-status parameters of this block (NPT, FXV, LXV, CSF, DXU, MXY, ...).
    public var status: [String: String]
}

/// A Bruker OPUS file: its data blocks and its parameter blocks.
public struct OPUSDocument: Sendable {
    /// The file's path.
    public var path: String
    /// The data blocks in file order.
    public var blocks: [OPUSBlock]
    /// Parameters by group and name, e.g. `instrument.LWN` (laser wavenumber), `fourierTransform.APF`
    /// (apodization), `fourierTransform.ZFF`, `instrument.HFL`; reference-channel groups are prefixed
    /// `reference.`.
    public var parameters: [String: String]

    /// Every data block's spectrum.
    public var spectra: [Spectrum] { blocks.map(\.spectrum) }

    /// The block named `name` (AB, ScSm, IgSm, ...).
    public func block(_ name: String) throws(OPUSError) -> OPUSBlock {
        guard let b = blocks.first(where: { $0.name == name }) else { throw .noSuchBlock(path: path, block: name, available: blocks.map(\.name)) }
        return b
    }
}

/// Reads Bruker OPUS binary files (`.0`, `.1`, ..., `.0000`): every data block named as OPUS names
/// it, scaled by its CSF, on the axis given by FXV/LXV/NPT/DXU, with the data-block padding trimmed,
/// plus every parameter block (acquisition, FT, instrument, optics, sample).
///
///     let opus = try OPUSReader().read("sample.0")
///     let ab = try opus.block("AB").spectrum
///     let laser = opus.parameters["instrument.LWN"]   // "15797.962252"
///
/// Layout: FTIR.md §2.5 (checked on the fixtures).
public struct OPUSReader: Sendable {
    /// A reader.
    public init() {}

    /// Whether the bytes begin with the OPUS magic number.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x0A, 0x0A, 0xFE, 0xFE]) }

    /// The blocks and parameters of the file at `path`.
    public func read(_ path: String) throws(OPUSError) -> OPUSDocument {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    struct Entry { var type: UInt32; var words: Int; var offset: Int
        var channel: Int { Int((type >> 2) & 0x3) }
        var parameterCode: Int { Int((type >> 4) & 0x3F) }
        var dataCode: Int { Int((type >> 10) & 0x7F) }
        var extended: Int { Int((type >> 19) & 0x3F) }
    }

    struct Cursor {
        let b: [UInt8]
        let path: String
        func need(_ o: Int, _ n: Int) throws(OPUSError) {
            guard o >= 0, n >= 0, o <= b.count - n else { throw .truncated(path: path, byte: o, needed: n, size: b.count) }
        }
        func u32(_ o: Int) throws(OPUSError) -> UInt32 {
            try need(o, 4)
            return UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
        }
        func i16(_ o: Int) throws(OPUSError) -> Int { try need(o, 2); return Int(Int16(bitPattern: UInt16(b[o]) | UInt16(b[o + 1]) << 8)) }
        func f64(_ o: Int) throws(OPUSError) -> Double {
            try need(o, 8)
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(b[o + k]) << (8 * UInt64(k)) }
            return Double(bitPattern: v)
        }
    }

    /// The blocks and parameters of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(OPUSError) -> OPUSDocument {
        guard Self.hasSignature(bytes) else { throw .notOPUS(path: path) }
        let c = Cursor(b: bytes, path: path)
        let directory = Int(try c.u32(12)), count = Int(try c.u32(20))
        guard count >= 1, count <= 10_000 else { throw .impossible(path: path, byte: 20, reason: "\(count) directory entries") }
        try c.need(directory, 12 * count)
        var entries: [Entry] = []
        for k in 0..<count {
            let o = directory + 12 * k
            let e = Entry(type: try c.u32(o), words: Int(try c.u32(o + 4)), offset: Int(try c.u32(o + 8)))
            try c.need(e.offset, 4 * e.words)
            entries.append(e)
        }
        // Parameter blocks (no data code, not the directory or extended blocks).
        var statusByType: [UInt32: [String: String]] = [:]
        var parameters: [String: String] = [:]
        for e in entries where e.parameterCode != 0 && e.extended == 0 {
            let params = try parameterBlock(c, e)
            if e.parameterCode == 1 {
                statusByType[e.type & ~(0x3F << 4)] = params
            } else {
                let group = (e.channel == 2 ? "reference." : "") + Self.parameterGroup(e.parameterCode)
                for (k, v) in params { parameters[group + "." + k] = v }
            }
        }
        var blocks: [OPUSBlock] = []
        var used: [String: Int] = [:]
        for e in entries where e.parameterCode == 0 && e.dataCode != 0 && e.dataCode != 13 && e.extended == 0 {
            var name = Self.blockName(dataCode: e.dataCode, channel: e.channel)
            if let n = used[name] { used[name] = n + 1; name += "_(\(n))" } else { used[name] = 1 }
            guard let status = statusByType[e.type] else { throw .missingStatus(path: path, block: name, byte: e.offset) }
            func number(_ key: String) throws(OPUSError) -> Double {
                guard let s = status[key], let v = Double(s), v.isFinite else {
                    throw .invalidSpectrum(path: path, block: name, reason: "data status \(key) is missing or not a number")
                }
                return v
            }
            let npt = Int(try number("NPT"))
            guard npt >= 1, npt <= e.words else {
                throw .impossible(path: path, byte: e.offset, reason: "block \(name) declares NPT=\(npt) but holds \(e.words) values")
            }
            let fxv = try number("FXV"), lxv = try number("LXV")
            let csf = (try? number("CSF")) ?? 1
            var y = [Double](repeating: 0, count: npt)
            for i in 0..<npt { y[i] = Double(Float(bitPattern: try c.u32(e.offset + 4 * i))) * csf }
            let (xKind, xUnit) = Self.xAxis(status["DXU"])
            let (yKind, yUnit) = Self.yAxis(e.dataCode)
            let x = (0..<npt).map { npt > 1 ? fxv + (lxv - fxv) * Double($0) / Double(npt - 1) : fxv }
            var metadata = status.reduce(into: [String: String]()) { $0["status." + $1.key] = $1.value }
            metadata["opusBlock"] = name
            for (k, v) in parameters { metadata[k] = v }
            do {
                let s = try Spectrum(name: name, x: x, y: y, xKind: xKind, xUnit: xUnit, yKind: yKind, yUnit: yUnit, metadata: metadata,
                                     provenance: [ProcessingStep("read", ["format": "OPUS", "path": path, "block": name])])
                blocks.append(OPUSBlock(name: name, spectrum: s, status: status))
            } catch {
                throw .invalidSpectrum(path: path, block: name, reason: error.description)
            }
        }
        guard !blocks.isEmpty else { throw .impossible(path: path, byte: directory, reason: "no data blocks in the directory") }
        return OPUSDocument(path: path, blocks: blocks, parameters: parameters)
    }

    /// Records: 3-character name + NUL, int16 type (0 int32, 1 float64, 2–4 text), int16 size in
    /// 2-byte words, then the value; the block ends at `END`.
    func parameterBlock(_ c: Cursor, _ e: Entry) throws(OPUSError) -> [String: String] {
        var out: [String: String] = [:]
        var p = e.offset
        let end = e.offset + 4 * e.words
        while p + 8 <= end {
            let name = String(decoding: c.b[p..<(p + 3)], as: UTF8.self)
            if name == "END" { break }
            let type = try c.i16(p + 4), size = try c.i16(p + 6)
            guard size >= 0, p + 8 + 2 * size <= end else { throw .impossible(path: c.path, byte: p + 6, reason: "parameter \(name) of \(size) words overruns its block") }
            let v = p + 8
            switch type {
            case 0 where size >= 2: out[name] = String(Int32(bitPattern: try c.u32(v)))
            case 1 where size >= 4: out[name] = String(try c.f64(v))
            default:
                let raw = c.b[v..<(v + 2 * size)].prefix { $0 != 0 }
                out[name] = String(decoding: raw, as: UTF8.self)
            }
            p = v + 2 * size
        }
        return out
    }

    static func parameterGroup(_ code: Int) -> String {
        switch code {
        case 2: "instrument"
        case 3: "acquisition"
        case 4: "fourierTransform"
        case 5: "plot"
        case 6: "optics"
        case 7: "gc"
        case 8: "librarySearch"
        case 9: "communication"
        case 10: "sample"
        default: "parameters\(code)"
        }
    }

    /// OPUS names: ScSm/ScRf single channel, IgSm/IgRf interferogram, PhSm/PhRf phase, AB, TR, ...
    static func blockName(dataCode: Int, channel: Int) -> String {
        let suffix = channel == 1 ? "Sm" : channel == 2 ? "Rf" : ""
        switch dataCode {
        case 1: return "Sc" + (suffix.isEmpty ? "Sm" : suffix)
        case 2: return "Ig" + (suffix.isEmpty ? "Sm" : suffix)
        case 3: return "Ph" + (suffix.isEmpty ? "Sm" : suffix)
        case 4: return "AB"
        case 5: return "TR"
        case 6: return "KM"
        case 7: return "TRC"
        case 10: return "RAM"
        case 11: return "EMI"
        case 12: return "REFL"
        case 14: return "POW"
        case 15: return "LRF"
        case 16: return "ATR"
        case 17: return "PAS"
        default: return "DATA\(dataCode)" + suffix
        }
    }

    static func xAxis(_ dxu: String?) -> (AxisKind, AxisUnit) {
        switch dxu {
        case "WN": (.wavenumber, .reciprocalCentimetre)
        case "MI": (.wavelength, .micrometre)
        case "NM": (.wavelength, .nanometre)
        case "PNT": (.dataPoint, .dataPoint)
        case "SEC": (.time, .second)
        default: (.unknown, .arbitrary)
        }
    }

    static func yAxis(_ dataCode: Int) -> (IntensityKind, IntensityUnit) {
        switch dataCode {
        case 1: (.singleBeam, .arbitrary)
        case 2: (.interferogram, .arbitrary)
        case 4: (.absorbance, .absorbanceUnits)
        case 5: (.transmittance, .fraction)
        case 6: (.kubelkaMunk, .arbitrary)
        case 12: (.reflectance, .fraction)
        default: (.intensity, .arbitrary)
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// The request's JSON, read byte by byte (RFC 8259). Foundation's JSONSerialization reads it in 2 µs
// when warm, but every call follows an analysis that has pushed Foundation out of the caches, and
// then it took 15–19 µs: on a 0.9 ms F 1s fit, 2 % of the call for reading about 150 bytes. The
// request is small and flat (texts, numbers, Booleans, null, lists), so this reader touches little
// code: it keeps `1` a number and `true` a Boolean, and refuses anything that is not JSON, except
// the NaN and ±Infinity that Python's json.dumps writes for non-finite floats.
import Foundation

struct RequestReader {
    private let bytes: [UInt8]
    private var i = 0

    /// The request's top-level object, or nil when the text is not one JSON object.
    static func object(_ text: UnsafePointer<CChar>) -> [String: JSONValue]? {
        var r = RequestReader(bytes: Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text))))
        guard let v = try? r.value(depth: 0), case .object(let o) = v else { return nil }
        r.skipSpace()
        return r.i == r.bytes.count ? o : nil
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private struct Invalid: Error {}

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 64 else { throw Invalid() }
        skipSpace()
        guard i < bytes.count else { throw Invalid() }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var object: [String: JSONValue] = [:]
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
            while true {
                skipSpace()
                let key = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                object[key] = try value(depth: depth + 1)
                skipSpace()
                guard i < bytes.count else { throw Invalid() }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                try expect(UInt8(ascii: "}"))
                return .object(object)
            }
        case UInt8(ascii: "["):
            i += 1
            var array: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
            while true {
                array.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw Invalid() }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(array)
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        // Python's json.dumps writes a non-finite float so (not JSON): read as the number it is,
        // so that the option's own check names it.
        case UInt8(ascii: "N"): try literal("NaN"); return .number(.nan)
        case UInt8(ascii: "I"): try literal("Infinity"); return .number(.infinity)
        case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "I"):
            try literal("-Infinity"); return .number(-.infinity)
        default: return .number(try number())
        }
    }

    private mutating func expect(_ b: UInt8) throws {
        guard i < bytes.count, bytes[i] == b else { throw Invalid() }
        i += 1
    }

    private mutating func literal(_ word: String) throws {
        for b in word.utf8 { try expect(b) }
    }

    /// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, read by the standard library's conversion.
    private mutating func number() throws -> Double {
        let start = i
        func digits(_ r: inout RequestReader) -> Int {
            let s = r.i
            while r.i < r.bytes.count, r.bytes[r.i] >= 0x30, r.bytes[r.i] <= 0x39 { r.i += 1 }
            return r.i - s
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        let whole = i
        guard digits(&self) > 0, bytes[whole] != 0x30 || i == whole + 1 else { throw Invalid() }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digits(&self) > 0 else { throw Invalid() }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digits(&self) > 0 else { throw Invalid() }
        }
        guard let d = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw Invalid() }
        return d
    }

    /// A JSON text: UTF-8 as it stands, escapes (\uXXXX with surrogate pairs) decoded.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw Invalid() }
            let b = bytes[i]
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw Invalid() }
                return s
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { throw Invalid() }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        try literal("\\u")
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw Invalid() }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw Invalid() }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw Invalid()
                }
            default:
                guard b >= 0x20 else { throw Invalid() }
                out.append(b)
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw Invalid() }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            i += 1
            let d: UInt32
            switch b {
            case 0x30...0x39: d = UInt32(b - 0x30)
            case 0x41...0x46: d = UInt32(b - 0x41 + 10)
            case 0x61...0x66: d = UInt32(b - 0x61 + 10)
            default: throw Invalid()
            }
            v = v << 4 | d
        }
        return v
    }
}

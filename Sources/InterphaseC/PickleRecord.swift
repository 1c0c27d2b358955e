// SPDX-License-Identifier: GPL-3.0-or-later
// The records as Python's pickle (protocol 4), for the package to read with `pickle.loads`.
//
// Reading a record as JSON text cost Python 15 µs per kB, most of it turning decimal text back into
// doubles: a default F 1s fit's 44 kB record took 0.64 ms, 4 % of the call. The same values as
// pickle opcodes (a double is 8 bytes, a repeated key a reference to the first) read 4–5 times
// faster, in Python's own C unpickler. The values are those `json.loads` gives for the CLI's JSON
// of the same record, so `to_dict()` equals the CLI's JSON: objects are dicts in sorted key order,
// a nil field is left out, and a double the JSON writes without a fraction ("3" for 3.0) is an
// int, as `json.loads` reads it. The opcodes are those of the pickle format's documentation
// (Python's `pickletools`); the bytes go only from this library to the package that loaded it.
import Foundation
import InterphaseCore

/// One value of a record, before it is written.
indirect enum PickleValue {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    /// A double as the CLI's JSON gives it to `json.loads`: an int when integral (see ``PickleWriter``).
    case double(Double)
    /// A double that is always a Python float (records with no CLI counterpart, built as objects).
    case float(Double)
    /// A number as its JSON text (a Float, an NSNumber): written as `json.loads` would read that text.
    case text(String)
    case string(String)
    case list(PickleList)
    case dict(PickleDict)
    /// A list written straight from its records (``FlatJSONRecord``), without a value per field.
    case flat([any FlatJSONRecord])
}

/// A list being filled by an unkeyed container.
final class PickleList { var items: [PickleValue] = [] }
/// An object being filled by a keyed container (the last value given for a key wins, as in JSON).
final class PickleDict { var items: [String: PickleValue] = [:] }

enum PickleRecord {
    /// `values` as one pickled list, each encoded as the CLI encodes it to JSON.
    static func encode<T: Encodable>(_ values: [T]) throws -> [UInt8] {
        let list = PickleList()
        for v in values { list.items.append(try PickleTreeEncoder.value(of: v, codingPath: [])) }
        return write(.list(list))
    }

    /// Records built as objects (`[String: Any]`), which have no CLI counterpart: doubles stay floats.
    static func encode(items: [[String: Any]]) throws -> [UInt8] {
        write(.list(PickleList(try items.map { try value(any: $0) })))
    }

    static func value(any: Any) throws -> PickleValue {
        switch any {
        case let v as Bool: return .bool(v)
        case let v as Int: return .int(Int64(v))
        case let v as Int32: return .int(Int64(v))
        case let v as Int64: return .int(v)
        case let v as UInt64: return .uint(v)
        case let v as Double: return .float(v)
        case let v as Float: return .float(Double(v))
        case let v as String: return .string(v)
        case let v as [String: Any]:
            let d = PickleDict()
            for (k, x) in v { d.items[k] = try value(any: x) }
            return .dict(d)
        case let v as [Any]: return .list(PickleList(try v.map { try value(any: $0) }))
        case is NSNull: return .null
        case let v as NSNumber: return .text(v.stringValue)
        default:
            throw EncodingError.invalidValue(any, .init(codingPath: [], debugDescription: "no pickle for \(type(of: any))"))
        }
    }

    static func write(_ root: PickleValue) -> [UInt8] {
        var w = PickleWriter()
        w.out.append(contentsOf: [0x80, 4])  // PROTO 4
        w.value(root)
        w.out.append(0x2E)  // STOP
        return w.out
    }
}

extension PickleList {
    convenience init(_ items: [PickleValue]) {
        self.init()
        self.items = items
    }
}

/// The opcodes of one pickle. Keys are memoized: the second time a key is written it is a
/// reference to the first string.
struct PickleWriter {
    var out: [UInt8] = []
    private var memo: [String: UInt32] = [:]

    init() { out.reserveCapacity(4096) }

    mutating func value(_ v: PickleValue) {
        switch v {
        case .null: out.append(0x4E)  // NONE
        case .bool(let b): out.append(b ? 0x88 : 0x89)  // NEWTRUE, NEWFALSE
        case .int(let i): int(i)
        case .uint(let u):
            if u <= UInt64(Int64.max) { int(Int64(u)) } else { long(u.littleEndianBytes + [0]) }
        case .double(let d): double(d)
        case .float(let d): float(d)
        case .text(let s): jsonNumber(s)
        case .string(let s): string(s)
        case .list(let l):
            out.append(0x5D)  // EMPTY_LIST
            guard !l.items.isEmpty else { return }
            out.append(0x28)  // MARK
            for x in l.items { value(x) }
            out.append(0x65)  // APPENDS
        case .dict(let d):
            dict(d.items.keys.sorted()) { w, key in w.value(d.items[key]!) }
        case .flat(let records):
            out.append(0x5D)
            guard !records.isEmpty else { return }
            out.append(0x28)
            for r in records {
                var fields: [(String, JSONNumber)] = []
                r.forEachJSONField { fields.append(($0, $1)) }
                out.append(0x7D)  // EMPTY_DICT
                if fields.isEmpty { continue }
                out.append(0x28)
                for (k, n) in fields {
                    key(k)
                    switch n {
                    case .int(let i): int(Int64(i))
                    case .double(let d): double(d)
                    }
                }
                out.append(0x75)  // SETITEMS
            }
            out.append(0x65)
        }
    }

    /// A dict of `keys` (already in order), each value written by `body`.
    private mutating func dict(_ keys: [String], _ body: (inout PickleWriter, String) -> Void) {
        out.append(0x7D)  // EMPTY_DICT
        guard !keys.isEmpty else { return }
        out.append(0x28)  // MARK
        for k in keys {
            key(k)
            body(&self, k)
        }
        out.append(0x75)  // SETITEMS
    }

    private mutating func key(_ k: String) {
        if let i = memo[k] {
            if i < 256 { out.append(0x68); out.append(UInt8(i)) }  // BINGET
            else { out.append(0x6A); append32(i) }  // LONG_BINGET
            return
        }
        string(k)
        out.append(0x94)  // MEMOIZE: the next index
        memo[k] = UInt32(memo.count)
    }

    private mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            if u.count < 256 {
                out.append(0x8C)  // SHORT_BINUNICODE
                out.append(UInt8(u.count))
            } else {
                out.append(0x58)  // BINUNICODE
                append32(UInt32(u.count))
            }
            out.append(contentsOf: u)
        }
    }

    /// A double as `json.loads` reads the CLI's JSON: one written without a fraction or exponent
    /// (an integral value up to 2⁵³, which Swift prints as "N.0" and the JSON as "N") is an int.
    private mutating func double(_ d: Double) {
        if d == d.rounded(.towardZero) && abs(d) <= 9_007_199_254_740_992 {
            int(Int64(d))
        } else {
            float(d)
        }
    }

    private mutating func float(_ d: Double) {
        out.append(0x47)  // BINFLOAT, big-endian
        withUnsafeBytes(of: d.bitPattern.bigEndian) { out.append(contentsOf: $0) }
    }

    /// A number given by its JSON text ("3", "0.1", "1e+08"), read as `json.loads` reads it.
    private mutating func jsonNumber(_ text: String) {
        var s = text
        if s.hasSuffix(".0") { s.removeLast(2) }
        if let i = Int64(s) { int(i) } else if let d = Double(s) { float(d) } else {
            string(text)
        }
    }

    private mutating func int(_ i: Int64) {
        if i >= 0 && i < 256 { out.append(0x4B); out.append(UInt8(i)) }  // BININT1
        else if i >= 0 && i < 65536 { out.append(0x4D); out.append(UInt8(i & 0xFF)); out.append(UInt8(i >> 8)) }  // BININT2
        else if i >= Int64(Int32.min) && i <= Int64(Int32.max) { out.append(0x4A); append32(UInt32(bitPattern: Int32(i))) }  // BININT
        else { long(UInt64(bitPattern: i).littleEndianBytes) }
    }

    /// LONG1: a two's-complement little-endian integer of up to 255 bytes.
    private mutating func long(_ bytes: [UInt8]) {
        out.append(0x8A)
        out.append(UInt8(bytes.count))
        out.append(contentsOf: bytes)
    }

    private mutating func append32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
}

private extension UInt64 {
    var littleEndianBytes: [UInt8] { withUnsafeBytes(of: littleEndian) { Array($0) } }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// Interphase's JSON: sorted keys, unescaped slashes, pretty-printed or compact (one line).
///
/// Foundation's JSONEncoder builds a tree of every value before writing any of it: the 20 000 fibre
/// segments of a 4096² mat take it 35 ms, against 4 ms to write the same text directly, and it runs
/// after the analysis, on one core. So long lists of flat records (``FlatJSONRecord``) are encoded
/// as a placeholder string, and the list is then written into the encoder's output by hand, in the
/// encoder's own layout: the tests compare the bytes with JSONEncoder's for both layouts.
public enum JSONOutput {
    /// `value` as Interphase's JSON, pretty-printed or on one line.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        let lists = RecordLists()
        e.userInfo[RecordLists.key] = lists
        var data = try e.encode(value)
        for (token, records) in lists.pending.reversed() {
            let quoted = Data("\"\(token)\"".utf8)
            guard let range = data.range(of: quoted) else { continue }
            // The list's closing bracket lines up with the start of the line that holds its key.
            var lineStart = range.lowerBound
            while lineStart > data.startIndex && data[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
            var indent = 0
            while data[lineStart + indent] == UInt8(ascii: " ") { indent += 1 }
            data.replaceSubrange(range, with: Data(render(records, pretty: pretty, indent: indent).utf8))
        }
        return data
    }

    /// The list as JSONEncoder lays it out: compact, or pretty with two spaces per level under a
    /// key indented by `indent` spaces.
    static func render(_ records: [any FlatJSONRecord], pretty: Bool, indent: Int) -> String {
        var out = ""
        out.reserveCapacity(records.count * (pretty ? 96 : 64))
        let element = String(repeating: " ", count: indent + 2), field = String(repeating: " ", count: indent + 4)
        out += pretty ? "[\n" : "["
        for (i, r) in records.enumerated() {
            if i > 0 { out += pretty ? ",\n" : "," }
            out += pretty ? element + "{\n" : "{"
            var first = true
            r.forEachJSONField { key, value in
                if !first { out += pretty ? ",\n" : "," }
                first = false
                if pretty { out += field }
                out += "\""
                out += key
                out += pretty ? "\" : " : "\":"
                out += value.json
            }
            out += pretty ? "\n" + element + "}" : "}"
        }
        out += pretty ? "\n" + String(repeating: " ", count: indent) + "]" : "]"
        return out
    }

    /// Encodes `records` into `container` under `key`: as a placeholder when ``encode(_:pretty:)`` is
    /// writing (and the list can be written directly), else as a plain array.
    public static func encodeRecords<R: FlatJSONRecord & Encodable, K: CodingKey>(_ records: [R], forKey key: K,
                                                                             in container: inout KeyedEncodingContainer<K>,
                                                                             encoder: Encoder) throws {
        if let lists = encoder.userInfo[RecordLists.key] as? RecordLists, let token = lists.add(records) {
            try container.encode(token, forKey: key)
        } else if let direct = encoder as? FlatRecordListEncoder, RecordLists.allFinite(records),
                  direct.encodeFlatRecords(records, forKey: key.stringValue) {
            return
        } else {
            try container.encode(records, forKey: key)
        }
    }
}

/// A JSON number as JSONEncoder writes it: integers in decimal, doubles by their shortest
/// round-trip `description` without a trailing ".0".
public enum JSONNumber {
    /// An integer.
    case int(Int)
    /// A double, written by its shortest round-trip form (a list holding a non-finite one goes through JSONEncoder instead).
    case double(Double)

    var json: String {
        switch self {
        case .int(let v): return String(v)
        case .double(let v):
            let s = v.description
            return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
        }
    }

    var isFinite: Bool { if case .double(let v) = self { v.isFinite } else { true } }
}

/// An encoder that keeps a list of flat records whole (the package's pickle writer), instead of
/// a value per field.
public protocol FlatRecordListEncoder {
    /// Puts `records` under `key` of the encoder's keyed container; false when it has none.
    func encodeFlatRecords(_ records: [any FlatJSONRecord], forKey key: String) -> Bool
}

/// A record of numbers written straight into JSON text. Its fields come in the order of its
/// (sorted) keys; a nil field is left out, as `encodeIfPresent` does.
public protocol FlatJSONRecord {
    /// Calls `body` with each field's key and value, in sorted key order, skipping nil fields.
    func forEachJSONField(_ body: (String, JSONNumber) -> Void)
}

/// The lists waiting to be written into one encoding, by placeholder.
final class RecordLists: @unchecked Sendable {
    static let key = CodingUserInfoKey(rawValue: "interphase.recordLists")!
    private(set) var pending: [(token: String, records: [any FlatJSONRecord])] = []
    private let prefix = "interphase-list-" + UUID().uuidString + "-"

    /// A placeholder for `records`, or nil when JSONEncoder must write them: an empty list (its
    /// layout differs) or a value it would refuse (non-finite).
    func add<R: FlatJSONRecord>(_ records: [R]) -> String? {
        guard !records.isEmpty, Self.allFinite(records) else { return nil }
        let token = prefix + String(pending.count)
        pending.append((token, records))
        return token
    }

    /// Whether every field of every record is finite (JSONEncoder refuses the others).
    static func allFinite<R: FlatJSONRecord>(_ records: [R]) -> Bool {
        var finite = true
        for r in records { r.forEachJSONField { _, v in if !v.isFinite { finite = false } } }
        return finite
    }
}

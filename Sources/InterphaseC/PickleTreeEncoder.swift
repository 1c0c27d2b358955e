// SPDX-License-Identifier: GPL-3.0-or-later
// An Encoder that turns an Encodable record into the values ``PickleRecord`` writes, with the
// choices Interphase's JSON makes (``JSONOutput``): Foundation's JSONEncoder defaults (dates as
// seconds since 2001, data as base64, URLs as their text; a non-finite number refused), and long
// lists of flat records kept whole (``FlatRecordListEncoder``).
import Foundation
import InterphaseCore

final class PickleTreeEncoder: Encoder, FlatRecordListEncoder {
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Where the encoded value goes: the parent's slot, set as soon as a container is made.
    private let store: (PickleValue) -> Void
    private var keyed: PickleDict?

    private init(codingPath: [CodingKey], store: @escaping (PickleValue) -> Void) {
        self.codingPath = codingPath
        self.store = store
    }

    /// `value` as a pickle value.
    static func value<T: Encodable>(of value: T, codingPath: [CodingKey]) throws -> PickleValue {
        if let v = try primitive(value, codingPath: codingPath) { return v }
        var result = PickleValue.null
        let e = PickleTreeEncoder(codingPath: codingPath) { result = $0 }
        try value.encode(to: e)
        return result
    }

    /// Values JSONEncoder writes without asking them to encode themselves.
    static func primitive<T: Encodable>(_ value: T, codingPath: [CodingKey]) throws -> PickleValue? {
        switch value {
        case let v as String: return .string(v)
        case let v as Double: return try finite(v, codingPath)
        case let v as Int: return .int(Int64(v))
        case let v as Bool: return .bool(v)
        case let v as Float:
            _ = try finite(Double(v), codingPath)
            return .text(v.description)
        case let v as Int32: return .int(Int64(v))
        case let v as Int64: return .int(v)
        case let v as UInt64: return .uint(v)
        case let v as UInt32: return .int(Int64(v))
        case let v as UInt8: return .int(Int64(v))
        case let v as Int16: return .int(Int64(v))
        case let v as UInt16: return .int(Int64(v))
        case let v as Int8: return .int(Int64(v))
        case let v as UInt: return .uint(UInt64(v))
        case let v as [Double]: return .list(PickleList(try v.map { try finite($0, codingPath) }))
        case let v as Date: return try finite(v.timeIntervalSinceReferenceDate, codingPath)
        case let v as Data: return .string(v.base64EncodedString())
        case let v as URL: return .string(v.absoluteString)
        case let v as Decimal: return .text(v.description)
        default: return nil
        }
    }

    static func finite(_ v: Double, _ codingPath: [CodingKey]) throws -> PickleValue {
        guard v.isFinite else {
            throw EncodingError.invalidValue(v, .init(codingPath: codingPath, debugDescription: "a non-finite number has no JSON form"))
        }
        return .double(v)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let d = keyed ?? PickleDict()
        if keyed == nil {
            keyed = d
            store(.dict(d))
        }
        return KeyedEncodingContainer(Keyed<Key>(dict: d, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        let l = PickleList()
        store(.list(l))
        return Unkeyed(list: l, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(store: store, codingPath: codingPath) }

    func encodeFlatRecords(_ records: [any FlatJSONRecord], forKey key: String) -> Bool {
        guard let keyed else { return false }
        keyed.items[key] = .flat(records)
        return true
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let dict: PickleDict
        let codingPath: [CodingKey]

        mutating func encodeNil(forKey key: Key) throws { dict.items[key.stringValue] = .null }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            dict.items[key.stringValue] = try PickleTreeEncoder.value(of: value, codingPath: codingPath + [key])
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type, forKey key: Key) -> KeyedEncodingContainer<N> {
            let d = PickleDict()
            dict.items[key.stringValue] = .dict(d)
            return KeyedEncodingContainer(Keyed<N>(dict: d, codingPath: codingPath + [key]))
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
            let l = PickleList()
            dict.items[key.stringValue] = .list(l)
            return Unkeyed(list: l, codingPath: codingPath + [key])
        }
        mutating func superEncoder() -> Encoder { superEncoder(named: "super") }
        mutating func superEncoder(forKey key: Key) -> Encoder { superEncoder(named: key.stringValue) }
        private func superEncoder(named name: String) -> Encoder {
            let d = dict
            return PickleTreeEncoder(codingPath: codingPath) { d.items[name] = $0 }
        }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let list: PickleList
        let codingPath: [CodingKey]
        var count: Int { list.items.count }

        mutating func encodeNil() throws { list.items.append(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            list.items.append(try PickleTreeEncoder.value(of: value, codingPath: codingPath))
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy keyType: N.Type) -> KeyedEncodingContainer<N> {
            let d = PickleDict()
            list.items.append(.dict(d))
            return KeyedEncodingContainer(Keyed<N>(dict: d, codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
            let l = PickleList()
            list.items.append(.list(l))
            return Unkeyed(list: l, codingPath: codingPath)
        }
        mutating func superEncoder() -> Encoder {
            let l = list, index = l.items.count
            l.items.append(.null)
            return PickleTreeEncoder(codingPath: codingPath) { l.items[index] = $0 }
        }
    }

    struct Single: SingleValueEncodingContainer {
        let store: (PickleValue) -> Void
        let codingPath: [CodingKey]

        mutating func encodeNil() throws { store(.null) }
        mutating func encode<T: Encodable>(_ value: T) throws { store(try PickleTreeEncoder.value(of: value, codingPath: codingPath)) }
    }
}

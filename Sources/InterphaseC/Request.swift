// SPDX-License-Identifier: GPL-3.0-or-later
// A request: the options of one call as a JSON object (snake_case keys, the CLI's option names:
// `min_snr` for `--min-snr`), plus named float64 input arrays. The accessors check each option's
// type and refuse unknown keys, so a misspelt option is an invalid request, never ignored.
import Foundation
import InterphaseCore

struct Request {
    private var values: [String: Any]
    private var used = Set<String>()
    let arrays: [String: [Double]]
    /// A file's contents passed in memory (nil: read the file at `path`).
    let bytes: [UInt8]?

    init(json: String, arrays: [String: [Double]], bytes: [UInt8]? = nil) throws {
        guard let data = json.data(using: .utf8), let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RequestError(message: "the request is not a JSON object")
        }
        // JSON null means "not given", as a Python keyword left at None.
        values = object.filter { !($0.value is NSNull) }
        self.arrays = arrays
        self.bytes = bytes
    }

    /// The file of the request: the bytes in memory if given, else the file at `path`, with the
    /// name records and messages carry; nil when neither is given.
    mutating func file() throws -> (bytes: [UInt8], name: String)? {
        let path = try string("path")
        if let bytes { return (bytes, path ?? "<memory>") }
        guard let path else { return nil }
        return (try readFileBytes(path), path)
    }

    mutating func string(_ key: String) throws -> String? {
        used.insert(key)
        guard let v = values[key] else { return nil }
        guard let s = v as? String else { throw RequestError(message: "option '\(key)' must be text") }
        return s
    }

    mutating func strings(_ key: String) throws -> [String] {
        used.insert(key)
        guard let v = values[key] else { return [] }
        if let s = v as? String { return [s] }
        guard let a = v as? [String] else { throw RequestError(message: "option '\(key)' must be text or a list of texts") }
        return a
    }

    mutating func ints(_ key: String) throws -> [Int] {
        used.insert(key)
        guard let v = values[key] else { return [] }
        guard let a = v as? [NSNumber], a.allSatisfy({ !($0 is Bool) && $0.doubleValue == $0.doubleValue.rounded() && abs($0.doubleValue) < 1e15 }) else {
            throw RequestError(message: "option '\(key)' must be a list of whole numbers")
        }
        return a.map(\.intValue)
    }

    mutating func double(_ key: String) throws -> Double? {
        used.insert(key)
        guard let v = values[key] else { return nil }
        guard let n = v as? NSNumber, !(v is Bool), n.doubleValue.isFinite else { throw RequestError(message: "option '\(key)' must be a finite number") }
        return n.doubleValue
    }

    mutating func int(_ key: String) throws -> Int? {
        guard let d = try double(key) else { return nil }
        guard d == d.rounded(), abs(d) < 1e15 else { throw RequestError(message: "option '\(key)' must be a whole number") }
        return Int(d)
    }

    mutating func bool(_ key: String) throws -> Bool? {
        used.insert(key)
        guard let v = values[key] else { return nil }
        guard let b = v as? Bool else { throw RequestError(message: "option '\(key)' must be True or False") }
        return b
    }

    /// A `(low, high)` pair, or the CLI's `LOW:HIGH` text.
    mutating func range(_ key: String) throws -> ClosedRange<Double>? {
        used.insert(key)
        guard let v = values[key] else { return nil }
        if let s = v as? String {
            let p = s.split(separator: ":").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard p.count == 2 else { throw RequestError(message: "option '\(key)' must be (low, high) or 'LOW:HIGH'") }
            return min(p[0], p[1])...max(p[0], p[1])
        }
        guard let a = v as? [NSNumber], a.count == 2, a.allSatisfy({ $0.doubleValue.isFinite }) else {
            throw RequestError(message: "option '\(key)' must be (low, high) or 'LOW:HIGH'")
        }
        return min(a[0].doubleValue, a[1].doubleValue)...max(a[0].doubleValue, a[1].doubleValue)
    }

    /// A value of a library enum by its raw value (the CLI's spelling).
    mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws -> E? where E.RawValue == String {
        guard let s = try string(key) else { return nil }
        guard let e = E(rawValue: s) else {
            throw RequestError(message: "option '\(key)' must be one of \(E.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")); got '\(s)'")
        }
        return e
    }

    func array(_ name: String) -> [Double]? { arrays[name] }

    /// Refuses options no accessor asked for.
    func finish(task: String) throws {
        let unknown = Set(values.keys).subtracting(used).sorted()
        guard unknown.isEmpty else {
            throw RequestError(message: "\(task): unknown option\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", "))")
        }
    }
}

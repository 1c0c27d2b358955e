// SPDX-License-Identifier: GPL-3.0-or-later
// A request: the options of one call as a JSON object (snake_case keys, the CLI's option names:
// `min_snr` for `--min-snr`), plus named float64 input arrays and optionally a file's bytes. The
// accessors check each option's type and refuse unknown keys, so a misspelt option is an invalid
// request, never ignored.
import Foundation
import InterphaseCore

/// One JSON value of a request (``RequestReader``): `1` is a number and `true` a Boolean, never
/// one for the other.
indirect enum JSONValue {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])
}

struct Request {
    private var values: [String: JSONValue]
    private var used = Set<String>()
    let arrays: [String: [Double]]
    /// A file's contents passed in memory (nil: read the file at `path`).
    let bytes: [UInt8]?

    /// `json`: the options, and under ``arraysKey`` the input arrays as `[name, address, count]`
    /// triples (float64 samples the caller keeps alive during the call), copied here.
    init(json: UnsafePointer<CChar>, bytes: [UInt8]? = nil) throws {
        guard let object = RequestReader.object(json) else { throw RequestError(message: "the request is not a JSON object") }
        var values: [String: JSONValue] = [:], arrays: [String: [Double]] = [:]
        for (key, v) in object {
            if key == Self.arraysKey {
                guard case .array(let entries) = v else { throw RequestError(message: "input arrays must be given as [name, address, count]") }
                for entry in entries {
                    guard case .array(let e) = entry, e.count == 3, case .string(let name) = e[0], case .number(let a) = e[1], case .number(let n) = e[2],
                          a >= 0, a < 0x1p53, a == a.rounded(), n >= 0, n < 0x1p48, n == n.rounded(), n == 0 || a != 0 else {
                        throw RequestError(message: "input arrays must be given as [name, address, count]")
                    }
                    let count = Int(n)
                    arrays[name] = count == 0 ? [] : Array(UnsafeBufferPointer(start: UnsafePointer<Double>(bitPattern: Int(a)), count: count))
                }
                continue
            }
            // JSON null means "not given", as a Python keyword left at None.
            if case .null = v { continue }
            values[key] = v
        }
        self.values = values
        self.arrays = arrays
        self.bytes = bytes
    }

    /// The request's key for its input arrays (not an option).
    static let arraysKey = "__arrays"

    /// The file of the request: the bytes in memory if given, else the file at `path`, with the
    /// name records and messages carry; nil when neither is given.
    mutating func file() throws -> (bytes: [UInt8], name: String)? {
        let path = try string("path")
        if let bytes { return (bytes, path ?? "<memory>") }
        guard let path else { return nil }
        return (try readFileBytes(path), path)
    }

    private mutating func value(_ key: String) -> JSONValue? {
        used.insert(key)
        return values[key]
    }

    mutating func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw RequestError(message: "option '\(key)' must be text") }
        return s
    }

    mutating func strings(_ key: String) throws -> [String] {
        guard let v = value(key) else { return [] }
        if case .string(let s) = v { return [s] }
        guard case .array(let a) = v else { throw RequestError(message: "option '\(key)' must be text or a list of texts") }
        return try a.map { item in
            guard case .string(let s) = item else { throw RequestError(message: "option '\(key)' must be text or a list of texts") }
            return s
        }
    }

    mutating func ints(_ key: String) throws -> [Int] {
        guard let v = value(key) else { return [] }
        guard case .array(let a) = v else { throw RequestError(message: "option '\(key)' must be a list of whole numbers") }
        return try a.map { item in
            guard case .number(let d) = item, d == d.rounded(), abs(d) < 1e15 else {
                throw RequestError(message: "option '\(key)' must be a list of whole numbers")
            }
            return Int(d)
        }
    }

    mutating func double(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        guard case .number(let d) = v, d.isFinite else { throw RequestError(message: "option '\(key)' must be a finite number") }
        return d
    }

    mutating func int(_ key: String) throws -> Int? {
        guard let d = try double(key) else { return nil }
        guard d == d.rounded(), abs(d) < 1e15 else { throw RequestError(message: "option '\(key)' must be a whole number") }
        return Int(d)
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw RequestError(message: "option '\(key)' must be True or False") }
        return b
    }

    /// A `(low, high)` pair, or the CLI's `LOW:HIGH` text.
    mutating func range(_ key: String) throws -> ClosedRange<Double>? {
        guard let v = value(key) else { return nil }
        let message = "option '\(key)' must be (low, high) or 'LOW:HIGH'"
        if case .string(let s) = v {
            guard let r = RangeText.parse(s) else { throw RequestError(message: message) }
            return r
        }
        guard case .array(let a) = v, a.count == 2, case .number(let lo) = a[0], case .number(let hi) = a[1], lo.isFinite, hi.isFinite else {
            throw RequestError(message: message)
        }
        return min(lo, hi)...max(lo, hi)
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

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Errors of reading a baseline specification such as `asls:lambda=1e6,p=0.01`.
public enum BaselineSpecificationError: InterphaseError, Equatable {
    /// The method named is not one of asls, arpls, airpls, modpoly, rubberband, snip.
    case unknownMethod(String)
    /// A parameter of `method` given as `text` is not valid (the reason says why).
    case badParameter(method: String, text: String, reason: String)

    public var category: ErrorCategory { .invalidRequest }
    public var description: String {
        switch self {
        case .unknownMethod(let m):
            "unknown baseline method '\(m)'; use asls, arpls, airpls, modpoly, rubberband or snip"
        case .badParameter(let m, let t, let r): "baseline \(m): '\(t)': \(r)"
        }
    }
}

extension BaselineMethod {
    /// A method from its text form `NAME[:PARAM=VALUE,...]`:
    /// - `asls:lambda=1e6,p=0.01` (defaults λ 1e7, p 0.001)
    /// - `arpls:lambda=1e7` (default λ: nil, the band analysis's spacing rule)
    /// - `airpls:lambda=1e6` (default 1e6)
    /// - `modpoly:order=3` (default 3)
    /// - `rubberband`
    /// - `snip:window=40` (half-window in points; default 40)
    ///
    /// Returns nil for `arpls` without λ: the caller's default λ rule applies.
    public init?(specification text: String) throws(BaselineSpecificationError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.first?.lowercased() ?? ""
        var values: [String: Double] = [:]
        if parts.count == 2 {
            for item in parts[1].split(separator: ",") {
                let kv = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard kv.count == 2, let v = Double(kv[1]), v.isFinite else {
                    throw .badParameter(method: name, text: String(item), reason: "expected PARAM=NUMBER")
                }
                values[kv[0].lowercased()] = v
            }
        }
        func take(_ allowed: Set<String>) throws(BaselineSpecificationError) {
            if let bad = values.keys.first(where: { !allowed.contains($0) }) {
                throw .badParameter(method: name, text: bad, reason: "unknown parameter; \(name) takes \(allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", "))")
            }
        }
        func positive(_ key: String, _ fallback: Double) throws(BaselineSpecificationError) -> Double {
            let v = values[key] ?? fallback
            guard v > 0 else { throw .badParameter(method: name, text: "\(key)=\(v)", reason: "must be positive") }
            return v
        }
        switch name {
        case "asls":
            try take(["lambda", "p"])
            let p = try positive("p", 0.001)
            guard p < 1 else { throw .badParameter(method: name, text: "p=\(p)", reason: "must lie in (0, 1)") }
            self = .asls(lambda: try positive("lambda", 1e7), p: p)
        case "arpls":
            try take(["lambda"])
            guard values["lambda"] != nil else { return nil }
            self = .arpls(lambda: try positive("lambda", 1e7))
        case "airpls":
            try take(["lambda"])
            self = .airpls(lambda: try positive("lambda", 1e6))
        case "modpoly":
            try take(["order"])
            let order = values["order"] ?? 3
            guard order >= 0, order <= 15, order == order.rounded() else { throw .badParameter(method: name, text: "order=\(order)", reason: "an integer from 0 to 15") }
            self = .modpoly(order: Int(order))
        case "rubberband":
            try take([])
            self = .rubberband
        case "snip":
            try take(["window"])
            let w = try positive("window", 40)
            guard w == w.rounded() else { throw .badParameter(method: name, text: "window=\(w)", reason: "a whole number of points") }
            self = .snip(halfWindow: Int(w))
        default:
            throw .unknownMethod(name)
        }
    }
}

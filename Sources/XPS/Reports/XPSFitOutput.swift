// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// JSON of `interphase xps fit` for one file: `file` then every field of ``XPSFitResult``.
public struct XPSFitOutput: Encodable, Sendable {
    /// The path the region was read from.
    public var file: String
    /// The fit.
    public var result: XPSFitResult
    /// With a CasaXPS export and a request for it: the analyst's components beside the refit's.
    public var casaComparison: [CasaComparison]?
    /// The fit's arrays (``XPSFitResult/CurveArrays``), only when asked for (`--curves`).
    public var curves: XPSFitResult.CurveArrays?

    /// The record of `result` for `file`; `curves` adds the fit's arrays.
    public init(file: String, result: XPSFitResult, casaComparison: [CasaComparison]? = nil, curves: Bool = false) {
        self.file = file
        self.result = result
        self.casaComparison = casaComparison
        self.curves = curves ? result.curveArrays() : nil
    }

    enum Keys: String, CodingKey { case file, casaComparison, curves }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(file, forKey: .file)
        try c.encodeIfPresent(casaComparison, forKey: .casaComparison)
        try c.encodeIfPresent(curves, forKey: .curves)
        try result.encode(to: encoder)
    }
}

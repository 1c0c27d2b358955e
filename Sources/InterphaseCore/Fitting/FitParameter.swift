// SPDX-License-Identifier: GPL-3.0-or-later

/// One model parameter: a starting value, optional bounds, and whether it is free, fixed or linked.
///
///     FitParameter("center", 1726, lower: 1715, upper: 1735)
///     FitParameter("area2", 0, link: .init(to: "area1", scale: 0.5))   // doublet area ratio 1:2
public struct FitParameter: Sendable, Codable, Hashable {
    /// A linear tie to another (free or fixed) parameter: value = scale · other + offset.
    /// Covers area ratios, FWHM ratios and position offsets.
    public struct Link: Sendable, Codable, Hashable {
        public var source: String
        public var scale: Double
        public var offset: Double
        public init(to source: String, scale: Double = 1, offset: Double = 0) {
            self.source = source
            self.scale = scale
            self.offset = offset
        }
    }

    public var name: String
    public var value: Double
    public var lower: Double
    public var upper: Double
    public var isFixed: Bool
    public var link: Link?

    public init(_ name: String, _ value: Double, lower: Double = -.infinity, upper: Double = .infinity,
                fixed: Bool = false, link: Link? = nil) {
        self.name = name
        self.value = value
        self.lower = lower
        self.upper = upper
        self.isFixed = fixed
        self.link = link
    }

    /// Neither fixed nor linked: the optimiser moves it.
    public var isFree: Bool { !isFixed && link == nil }
}

/// Errors from setting up or running a fit.
public enum FitError: InterphaseError, Equatable {
    case invalidBounds(parameter: String, lower: Double, upper: Double)
    case nonFiniteStart(parameter: String)
    case unknownLinkSource(parameter: String, source: String)
    case chainedLink(parameter: String, source: String)
    case duplicateParameter(String)
    case noFreeParameters
    case tooFewPoints(points: Int, freeParameters: Int)
    case invalidWeight(index: Int, value: Double)
    case sizeMismatch(what: String, expected: Int, found: Int)
    case nonFiniteModel(evaluation: Int, parameters: [String: Double])
    case didNotConverge(reason: String, iterations: Int)

    public var category: ErrorCategory {
        switch self {
        case .nonFiniteModel, .didNotConverge: .analysisFailed
        default: .invalidRequest
        }
    }

    public var description: String {
        switch self {
        case .invalidBounds(let p, let l, let u): "parameter \(p): lower bound \(l) is not below upper bound \(u)"
        case .nonFiniteStart(let p): "parameter \(p): starting value is not finite"
        case .unknownLinkSource(let p, let s): "parameter \(p) is linked to \(s), which is not a parameter of this model"
        case .chainedLink(let p, let s): "parameter \(p) is linked to \(s), which is itself linked; link both to the same free parameter"
        case .duplicateParameter(let p): "parameter name \(p) is used twice"
        case .noFreeParameters: "every parameter is fixed or linked: nothing to fit"
        case .tooFewPoints(let m, let n): "\(m) data points cannot determine \(n) free parameters"
        case .invalidWeight(let i, let w): "weight at index \(i) is \(w); weights must be finite and positive"
        case .sizeMismatch(let what, let e, let f): "\(what) has \(f) values, expected \(e)"
        case .nonFiniteModel(let k, let p):
            "the model returned a non-finite value at evaluation \(k) with " + p.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        case .didNotConverge(let r, let n): "the fit did not converge after \(n) iterations: \(r)"
        }
    }
}

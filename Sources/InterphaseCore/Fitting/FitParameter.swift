// SPDX-License-Identifier: GPL-3.0-or-later

/// One model parameter: a starting value, optional bounds, and whether it is free, fixed or linked.
///
///     FitParameter("center", 1726, lower: 1715, upper: 1735)
///     FitParameter("area2", 0, link: .init(to: "area1", scale: 0.5))   // doublet area ratio 1:2
public struct FitParameter: Sendable, Codable, Hashable {
    /// A linear tie to another (free or fixed) parameter: value = scale · other + offset.
    /// Covers area ratios, FWHM ratios and position offsets.
    public struct Link: Sendable, Codable, Hashable {
        /// The parameter followed.
        public var source: String
        /// Its factor.
        public var scale: Double
        /// The offset added.
        public var offset: Double
        /// value = scale · source + offset.
        public init(to source: String, scale: Double = 1, offset: Double = 0) {
            self.source = source
            self.scale = scale
            self.offset = offset
        }
    }

    /// The name results and links use.
    public var name: String
    /// The starting value (the value, if fixed).
    public var value: Double
    /// The lower bound (−∞: none).
    public var lower: Double
    /// The upper bound (+∞: none).
    public var upper: Double
    /// Held at ``value``.
    public var isFixed: Bool
    /// Tied to another parameter (nil: not linked).
    public var link: Link?

    /// A parameter starting at `value`, free within the bounds unless fixed or linked.
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
    /// A lower bound above the upper one, or the start outside them.
    case invalidBounds(parameter: String, lower: Double, upper: Double)
    /// A starting value that is NaN or infinite.
    case nonFiniteStart(parameter: String)
    /// A link to a parameter the model does not have.
    case unknownLinkSource(parameter: String, source: String)
    /// A link to a parameter that is itself linked.
    case chainedLink(parameter: String, source: String)
    /// Two parameters of the same name.
    case duplicateParameter(String)
    /// Every parameter is fixed or linked: nothing to fit.
    case noFreeParameters
    /// Fewer points than free parameters.
    case tooFewPoints(points: Int, freeParameters: Int)
    /// A weight that is negative, NaN or infinite.
    case invalidWeight(index: Int, value: Double)
    /// Arrays of different lengths (x, y, weights, Jacobian).
    case sizeMismatch(what: String, expected: Int, found: Int)
    /// The model returned NaN or infinity at these parameters.
    case nonFiniteModel(evaluation: Int, parameters: [String: Double])
    /// The optimiser stopped without converging (``FitResult/requireConverged()``).
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

// SPDX-License-Identifier: GPL-3.0-or-later

/// Why the optimiser stopped.
public enum StopReason: String, Sendable, Codable {
    /// The relative decrease of χ² fell below `chiSquareTolerance`.
    case chiSquareTolerance
    /// The relative step fell below `stepTolerance`.
    case stepTolerance
    /// The largest gradient component fell below `gradientTolerance`.
    case gradientTolerance
    /// χ² reached zero (noise-free data fitted exactly).
    case exactFit
    /// The iteration limit was reached before any tolerance was met: **not converged**.
    case maxIterations
    /// No step could lower χ² even with a very large damping: **not converged**.
    case noImprovement

    /// Whether the reason is a converged fit (a tolerance met or an exact fit).
    public var isConvergence: Bool {
        switch self {
        case .chiSquareTolerance, .stepTolerance, .gradientTolerance, .exactFit: true
        case .maxIterations, .noImprovement: false
        }
    }
}

/// The outcome of a least-squares fit: values, uncertainties, goodness of fit and how it ended.
public struct FitResult: Sendable, Codable {
    /// One parameter at the solution.
    public struct Parameter: Sendable, Codable, Hashable {
        /// Its name.
        public var name: String
        /// Its fitted (or fixed, or linked) value.
        public var value: Double
        /// One-sigma standard error; nil for fixed parameters or when the covariance is singular.
        public var standardError: Double?
        /// Whether the optimiser moved it.
        public var isFree: Bool
        /// Whether it ended on a bound (its standard error ignores the bound).
        public var atBound: Bool
    }

    /// Every parameter, in the order given.
    public var parameters: [Parameter]
    /// Names of the free parameters, in the order of ``covariance``.
    public var freeParameterNames: [String]
    /// Covariance of the free parameters, row-major; nil when JᵀJ is singular at the solution.
    public var covariance: [Double]?
    /// Σ wᵢ² (fᵢ − yᵢ)² at the solution.
    public var chiSquare: Double
    /// Points − free parameters.
    public var degreesOfFreedom: Int
    /// χ² / (points − free parameters).
    public var reducedChiSquare: Double
    /// Iterations taken.
    public var iterations: Int
    /// Model evaluations made.
    public var evaluations: Int
    /// Why it stopped.
    public var stopReason: StopReason
    /// Whether the covariance was scaled by the reduced χ² (unknown absolute noise level).
    public var covarianceScaled: Bool
    /// What the user should know: parameters on bounds, singular covariance.
    public var warnings: [String]
    /// The model at the solution.
    public var bestFit: [Double]

    /// Whether a tolerance was met (``StopReason/isConvergence``).
    public var converged: Bool { stopReason.isConvergence }

    /// The fitted value of a parameter by name.
    public func value(_ name: String) -> Double? { parameters.first { $0.name == name }?.value }
    /// The standard error of a parameter by name.
    public func standardError(_ name: String) -> Double? { parameters.first { $0.name == name }?.standardError }

    /// Covariance of two free parameters by name.
    public func covariance(_ a: String, _ b: String) -> Double? {
        guard let c = covariance, let i = freeParameterNames.firstIndex(of: a), let j = freeParameterNames.firstIndex(of: b) else { return nil }
        return c[i * freeParameterNames.count + j]
    }

    /// Throws ``FitError/didNotConverge(reason:iterations:)`` unless the fit converged.
    public func requireConverged() throws(FitError) -> FitResult {
        guard converged else { throw .didNotConverge(reason: stopReason.rawValue, iterations: iterations) }
        return self
    }
}

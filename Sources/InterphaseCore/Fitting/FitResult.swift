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

    public var isConvergence: Bool {
        switch self {
        case .chiSquareTolerance, .stepTolerance, .gradientTolerance, .exactFit: true
        case .maxIterations, .noImprovement: false
        }
    }
}

/// The outcome of a least-squares fit: values, uncertainties, goodness of fit and how it ended.
public struct FitResult: Sendable, Codable {
    public struct Parameter: Sendable, Codable, Hashable {
        public var name: String
        public var value: Double
        /// One-sigma standard error; nil for fixed parameters or when the covariance is singular.
        public var standardError: Double?
        public var isFree: Bool
        public var atBound: Bool
    }

    public var parameters: [Parameter]
    /// Names of the free parameters, in the order of ``covariance``.
    public var freeParameterNames: [String]
    /// Covariance of the free parameters, row-major; nil when JᵀJ is singular at the solution.
    public var covariance: [Double]?
    /// Σ wᵢ² (fᵢ − yᵢ)² at the solution.
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    /// χ² / (points − free parameters).
    public var reducedChiSquare: Double
    public var iterations: Int
    public var evaluations: Int
    public var stopReason: StopReason
    /// Whether the covariance was scaled by the reduced χ² (unknown absolute noise level).
    public var covarianceScaled: Bool
    public var warnings: [String]
    /// The model at the solution.
    public var bestFit: [Double]

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

// SPDX-License-Identifier: GPL-3.0-or-later

/// How observations are weighted in χ² = Σ wᵢ² (fᵢ − yᵢ)².
public enum Weighting: Sendable {
    /// wᵢ = 1. The absolute noise level is unknown, so the covariance is scaled by the reduced χ².
    case uniform
    /// Counting statistics: σᵢ = √max(yᵢ, 1), wᵢ = 1/σᵢ. Covariance is absolute.
    case poisson
    /// Known one-sigma errors: wᵢ = 1/σᵢ. Covariance is absolute.
    case sigma([Double])
    /// Explicit weights wᵢ (multiplying residuals). Covariance is scaled by the reduced χ².
    case weights([Double])
}

/// How the Jacobian is formed when no analytic one is given.
public enum NumericalDerivative: Sendable {
    /// One extra model evaluation per free parameter; step √ε·|p| (MINPACK's choice).
    case forward
    /// Two evaluations per free parameter; step ε^(1/3)·|p|; more accurate.
    case central
}

/// Fills `out` (one value per observation) from the full parameter vector (every parameter of the
/// model, fixed and linked ones resolved, in declaration order).
public typealias ModelFunction = (_ parameters: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) -> Void
/// Fills the column-major m×p Jacobian ∂fᵢ/∂pⱼ with respect to the full parameter vector
/// (column j holds the m derivatives for parameter j).
public typealias JacobianFunction = (_ parameters: UnsafeBufferPointer<Double>, _ jacobian: UnsafeMutableBufferPointer<Double>) -> Void

/// Levenberg–Marquardt least squares with box bounds, fixed and linked parameters, weights, and an
/// analytic or numerical Jacobian (Marquardt 1963; damping update of Nielsen 1999; bounds by an
/// active set that freezes parameters the gradient pushes out of their box).
///
///     let fit = try LevenbergMarquardt().fit(observations: y, parameters: [
///         FitParameter("a", 1), FitParameter("k", 0.1, lower: 0)
///     ]) { p, out in for i in out.indices { out[i] = p[0] * exp(-p[1] * x[i]) } }
///
/// - Complexity: per iteration O(m·n²) for JᵀJ plus n model evaluations (numerical Jacobian) or one
///   Jacobian call, and O(n³) for the Cholesky solve.
public struct LevenbergMarquardt: Sendable {
    /// Iterations before it gives up (``StopReason`` says not converged).
    public var maxIterations = 500
    /// Stop when χ² decreases by less than this, relative.
    public var chiSquareTolerance = 1e-10
    /// Stop when the step is smaller than this, relative to the parameters.
    public var stepTolerance = 1e-10
    /// Stop when the largest gradient component is below this.
    public var gradientTolerance = 1e-12
    /// The damping λ of the first iteration (Marquardt's scaling: λ times each diagonal of JᵀJ).
    public var initialDamping = 1e-3
    /// The finite differences used without an analytic Jacobian.
    public var derivative: NumericalDerivative = .forward
    /// Override the covariance scaling implied by the weighting (nil: scale for `.uniform` and
    /// `.weights`, absolute for `.poisson` and `.sigma`).
    public var scaleCovariance: Bool?

    /// The default tolerances.
    public init() {}

    /// Fits `model` (every parameter in, one value per observation out) to `y`; `jacobian` fills
    /// the column-major Jacobian (``JacobianFunction``) when given, else it is numerical.
    public func fit(observations y: [Double], weighting: Weighting = .uniform, parameters: [FitParameter],
                    model: ModelFunction, jacobian: JacobianFunction? = nil) throws(FitError) -> FitResult {
        var problem = try Problem(y: y, weighting: weighting, parameters: parameters)
        return try problem.solve(options: self, model: model, jacobian: jacobian)
    }
}

extension LevenbergMarquardt {
    /// Fits `model(x, p)` to points (x, y): the common curve-fitting case.
    ///
    ///     let fit = try LevenbergMarquardt().curveFit(x: x, y: y, parameters: params) { x, p in p[0] * x + p[1] }
    public func curveFit(x: [Double], y: [Double], weighting: Weighting = .uniform, parameters: [FitParameter],
                         model: (Double, UnsafeBufferPointer<Double>) -> Double) throws(FitError) -> FitResult {
        guard x.count == y.count else { throw .sizeMismatch(what: "x", expected: y.count, found: x.count) }
        return try fit(observations: y, weighting: weighting, parameters: parameters) { p, out in
            x.withUnsafeBufferPointer { xs in
                for i in 0..<xs.count { out[i] = model(xs[i], p) }
            }
        }
    }
}

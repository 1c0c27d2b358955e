// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from XPS background estimation.
public enum BackgroundError: InterphaseError, Equatable {
    /// The region has `points` points, too few for a background.
    case tooShort(points: Int)
    /// The region is not on a binding-energy axis (the text says what it is on).
    case wrongAxis(String)
    /// The iteration stopped after `iterations` steps with a relative change of `change`.
    case notConverged(iterations: Int, change: Double)
    /// A parameter outside its range (the text names it).
    case invalidParameter(String)

    public var category: ErrorCategory {
        if case .notConverged = self { return .analysisFailed }
        return .invalidRequest
    }
    public var description: String {
        switch self {
        case .tooShort(let n): "\(n) points are too few for a background"
        case .wrongAxis(let s): s
        case .notConverged(let n, let c): "Shirley background did not converge in \(n) iterations (last change \(c))"
        case .invalidParameter(let s): s
        }
    }
}

/// The iterative Shirley background (Proctor & Sherwood form):
/// B_{k+1}(E) = I_a + (I_b − I_a)·Q_k(E)/Q_k(E_b), Q_k(E) = ∫_{E_a}^{E} [J − B_k] dE',
/// with I_a and I_b averaged over `endPoints` channels at the low- and high-binding-energy ends,
/// the integral by the trapezoid rule on the true energy grid.
///
///     let b = try ShirleyBackground(endPoints: 5).background(of: f1s)
public struct ShirleyBackground: Sendable, Hashable, Codable {
    /// Channels averaged at each end (report it: ISO 19830).
    public var endPoints: Int
    /// Stop when the largest relative change of the background between iterations falls below this.
    public var tolerance: Double
    /// Iterations allowed before ``BackgroundError/notConverged(iterations:change:)``.
    public var maxIterations: Int

    /// A Shirley background averaged over `endPoints` channels at each end.
    public init(endPoints: Int = 1, tolerance: Double = 1e-7, maxIterations: Int = 100) {
        self.endPoints = endPoints
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// The background on the spectrum's grid. Works on binding- or kinetic-energy axes in either order:
    /// the step rises toward higher binding energy (lower kinetic energy).
    public func background(of s: Spectrum) throws(BackgroundError) -> [Double] {
        guard s.xKind == .bindingEnergy || s.xKind == .kineticEnergy else { throw .wrongAxis("a Shirley background needs a binding- or kinetic-energy axis") }
        let n = s.count
        guard n >= 2 * max(endPoints, 1) + 2 else { throw .tooShort(points: n) }
        // Work in ascending binding energy.
        let beAscending = (s.xKind == .bindingEnergy) == s.isAscending
        let x = beAscending ? s.x : s.x.reversed(), y = beAscending ? s.y : s.y.reversed()
        let be = s.xKind == .bindingEnergy ? x : x.map { -$0 } // any monotone stand-in works for Q
        let m = max(endPoints, 1)
        let ia = Statistics.mean(Array(y[0..<m])), ib = Statistics.mean(Array(y[(n - m)..<n]))
        var b = [Double](repeating: ia, count: n)
        var converged = false
        var change = Double.infinity
        for _ in 0..<maxIterations {
            var q = [Double](repeating: 0, count: n)
            for i in 1..<n { q[i] = q[i - 1] + 0.5 * ((y[i] - b[i]) + (y[i - 1] - b[i - 1])) * abs(be[i] - be[i - 1]) }
            guard q[n - 1] > 0 else { throw .invalidParameter("the data do not rise above the background: no Shirley step can be formed") }
            var next = [Double](repeating: 0, count: n)
            change = 0
            for i in 0..<n {
                next[i] = ia + (ib - ia) * q[i] / q[n - 1]
                change = max(change, abs(next[i] - b[i]))
            }
            b = next
            if change <= tolerance * max(abs(ib - ia), 1e-300) { converged = true; break }
        }
        guard converged else { throw .notConverged(iterations: maxIterations, change: change) }
        return beAscending ? b : b.reversed()
    }
}

/// Tougaard's background from a universal inelastic cross-section,
/// B(E) = J_end + ∫₀^∞ K(T)·[J(E ∓ T) − J_end] dT, evaluated as one zero-padded FFT convolution
/// (FFTW), O(N log N). J_end is the intensity at the low-binding-energy (high-kinetic-energy) end,
/// averaged over `endPoints` channels. Needs a uniformly spaced energy axis.
///
/// - U2 (Tougaard 1989): K(T) = B·T / (C + T²)², default B = 2866 eV², C = 1643 eV².
/// - U3 (Tougaard, SIA 25 (1997) 137): K(T) = B·T / [(C − T²)² + D·T²].
/// - U4 (Hesse & Denecke 2011): K(T) = B·T / [(C + C′T²)² + D·T²].
public struct TougaardBackground: Sendable, Hashable, Codable {
    /// The inelastic cross-section K(T), T the energy loss in eV.
    public enum Kernel: Sendable, Hashable, Codable {
        /// Tougaard's two-parameter universal cross-section B·T/(C + T²)² (metals and most solids).
        case u2(b: Double, c: Double)
        /// The three-parameter form B·T/[(C − T²)² + D·T²] (polymers and insulators with a
        /// plasmon-like loss).
        case u3(b: Double, c: Double, d: Double)
        /// Hesse & Denecke (SIA 43 (2011) 1514) four-parameter form B·T/[(C + C′T²)² + D·T²]:
        /// C′ = 1, D = 0 is U2; C′ = −1 is U3.
        case u4(b: Double, c: Double, cPrime: Double, d: Double)

        /// K(T) at the energy loss `t` (eV).
        public func value(_ t: Double) -> Double {
            switch self {
            case .u2(let b, let c): return b * t / ((c + t * t) * (c + t * t))
            case .u3(let b, let c, let d): let q = c - t * t; return b * t / (q * q + d * t * t)
            case .u4(let b, let c, let cp, let d): let q = c + cp * t * t; return b * t / (q * q + d * t * t)
            }
        }

        /// Parses `u2:B,C`, `u3:B,C,D` or `u4:B,C,C′,D`.
        public init?(_ text: String) {
            let parts = text.lowercased().split(separator: ":")
            guard parts.count == 2 else { return nil }
            let v = parts[1].split(separator: ",").compactMap { Double($0) }
            switch (parts[0], v.count) {
            case ("u2", 2): self = .u2(b: v[0], c: v[1])
            case ("u3", 3): self = .u3(b: v[0], c: v[1], d: v[2])
            case ("u4", 4): self = .u4(b: v[0], c: v[1], cPrime: v[2], d: v[3])
            default: return nil
            }
        }

        /// The scale B (eV²).
        public var b: Double {
            switch self {
            case .u2(let b, _), .u3(let b, _, _), .u4(let b, _, _, _): b
            }
        }
    }

    /// The cross-section.
    public var kernel: Kernel
    /// Channels averaged for J_end.
    public var endPoints: Int

    /// A background with this cross-section (Tougaard's U2 by default).
    public init(kernel: Kernel = .u2(b: 2866, c: 1643), endPoints: Int = 1) {
        self.kernel = kernel
        self.endPoints = endPoints
    }

    /// The background at each point of `s`, with B as given.
    public func background(of s: Spectrum) throws(BackgroundError) -> [Double] {
        try compute(s).background
    }

    /// A Tougaard background scaled to meet the data, and the B that does it.
    public struct Matched: Sendable {
        /// The background at each point of the spectrum.
        public var background: [Double]
        /// The scaled cross-section's B, eV².
        public var b: Double
    }

    /// The background with B scaled so that it meets the data averaged over `endPoints` channels at
    /// the high-binding-energy end, as lmfitxps's iterative `tougaard_calculate` does; B enters
    /// linearly, so one convolution gives it in closed form. Returns the background and that B.
    public func backgroundMatchingEnds(of s: Spectrum) throws(BackgroundError) -> Matched {
        let (bg, jEnd, jFar) = try compute(s)
        let n = bg.count
        let keAscending = (s.xKind == .kineticEnergy) == s.isAscending
        let far = keAscending ? bg[0] : bg[n - 1] // the high-binding-energy end
        guard abs(far - jEnd) > 0 else { throw .invalidParameter("the loss integral vanishes: no Tougaard background can be scaled") }
        let scale = (jFar - jEnd) / (far - jEnd)
        guard scale.isFinite, scale > 0 else {
            throw .invalidParameter("the data at the high-binding-energy end do not lie above the low end: no positive Tougaard B")
        }
        return Matched(background: bg.map { jEnd + scale * ($0 - jEnd) }, b: kernel.b * scale)
    }

    func compute(_ s: Spectrum) throws(BackgroundError) -> (background: [Double], jEnd: Double, jFar: Double) {
        guard s.xKind == .bindingEnergy || s.xKind == .kineticEnergy else { throw .wrongAxis("a Tougaard background needs a binding- or kinetic-energy axis") }
        let n = s.count
        guard n >= 4 else { throw .tooShort(points: n) }
        let step = abs(s.x[n - 1] - s.x[0]) / Double(n - 1)
        for i in 1..<n where abs(abs(s.x[i] - s.x[i - 1]) - step) > 1e-3 * step {
            throw .invalidParameter("Tougaard needs a uniform energy step; it changes at index \(i)")
        }
        // Order so that index increases toward higher kinetic energy (lower binding energy): losses
        // move intensity from E + T (KE) down to E.
        let keAscending = (s.xKind == .kineticEnergy) == s.isAscending
        let y = keAscending ? s.y : s.y.reversed()
        let m = max(endPoints, 1)
        let jEnd = Statistics.mean(Array(y[(n - m)..<n]))
        let d = y.map { $0 - jEnd }
        let k = (0..<n).map { kernel.value(Double($0) * step) }
        // B_i = J_end + h Σ_{k≥1} K_k d_{i+k} = J_end + h · (K ∗ reverse(d))[n − 1 − i].
        let conv = FFT.convolve(k, Array(d.reversed()))
        let b = (0..<n).map { jEnd + step * conv[n - 1 - $0] }
        let jFar = Statistics.mean(Array(y[0..<m]))
        return (keAscending ? b : b.reversed(), jEnd, jFar)
    }
}

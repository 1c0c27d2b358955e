// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore
import RealModule

/// A fitted band with one-sigma standard errors.
public struct FittedBand: Sendable, Codable, Hashable {
    /// The centre, cm⁻¹.
    public var position: Double
    /// Its standard error.
    public var positionError: Double?
    /// The full width at half maximum, cm⁻¹.
    public var fwhm: Double
    /// Its standard error.
    public var fwhmError: Double?
    /// The height above the local background (intensity units).
    public var height: Double
    /// Its standard error.
    public var heightError: Double?
    /// The integrated area (intensity × cm⁻¹).
    public var area: Double
    /// Its standard error.
    public var areaError: Double?
    /// Lorentzian fraction η of the pseudo-Voigt (0 Gaussian, 1 Lorentzian); for Voigt bands the
    /// equivalent η of Ida et al. (2000).
    public var lorentzianFraction: Double
    /// Voigt bands: Gaussian σ and Lorentzian half width γ (cm⁻¹).
    public var voigtSigma: Double? = nil
    /// Voigt bands: the Lorentzian half width γ (cm⁻¹).
    public var voigtGamma: Double? = nil

    /// The fitted profile.
    public var profile: any LineShape {
        if let s = voigtSigma, let g = voigtGamma { return Voigt(center: position, sigma: s, gamma: g, area: area) }
        return PseudoVoigt(center: position, fwhm: fwhm, fraction: lorentzianFraction, area: area)
    }

    /// The band as a pseudo-Voigt (η as fitted, or Ida's equivalent for Voigt bands).
    public var shape: PseudoVoigt { PseudoVoigt(center: position, fwhm: fwhm, fraction: lorentzianFraction, area: area) }
}

/// The band profile a ``BandFitter`` uses.
public enum BandShape: String, Sendable, Codable, CaseIterable {
    /// Pseudo-Voigt (the default), Gaussian, Lorentzian or Voigt.
    case pseudoVoigt, gaussian, lorentzian, voigt
}

/// Fits overlapping bands as pseudo-Voigt profiles on a local linear background, with starting
/// values from detected peaks and an analytic Jacobian.
///
///     let bands = try BandFitter().fit(x: s.x, y: s.y, peaks: peaks)
public struct BandFitter: Sendable {
    /// Fix η (0: Gaussian, 1: Lorentzian), or nil to fit it.
    public var fixedLorentzianFraction: Double?
    /// `.voigt` fits σ and γ of a true Voigt profile (numerical Jacobian); the others are pseudo-Voigts.
    public var shape: BandShape = .pseudoVoigt
    /// Centres may move this many starting widths.
    public var positionFreedom: Double = 1
    /// The optimiser and its stopping rules.
    public var optimizer = LevenbergMarquardt()

    /// A pseudo-Voigt fitter, η fitted unless fixed.
    public init(fixedLorentzianFraction: Double? = nil) { self.fixedLorentzianFraction = fixedLorentzianFraction }

    /// A fitter for one band shape (Gaussian and Lorentzian are pseudo-Voigts with η fixed at 0 and 1).
    public init(shape: BandShape) {
        self.shape = shape
        switch shape {
        case .gaussian: fixedLorentzianFraction = 0
        case .lorentzian: fixedLorentzianFraction = 1
        default: fixedLorentzianFraction = nil
        }
    }

    /// The linear background fitted under one group of bands, over the group's window.
    public struct LocalBackground: Sendable, Codable, Hashable {
        /// The window, cm⁻¹.
        public var range: ClosedRange<Double>
        /// The window's centre, cm⁻¹.
        public var center: Double
        /// The value at ``center``.
        public var intercept: Double
        /// The slope per cm⁻¹.
        public var slope: Double
        /// The background at `x`.
        public func value(at x: Double) -> Double { intercept + slope * (x - center) }
    }

    /// The bands of every window fitted.
    public struct Result: Sendable {
        /// The fitted bands, by position.
        public var bands: [FittedBand]
        /// Each window's optimiser result (convergence, covariance).
        public var fits: [FitResult]
        /// Each window's linear background.
        public var backgrounds: [LocalBackground] = []
        /// What the user should know: windows not converged, parameters on bounds.
        public var warnings: [String]

        /// Sum of the bands plus the local background of the window `x` falls in (0 outside).
        public func model(at x: Double) -> Double {
            bands.reduce(0) { $0 + $1.profile.value(at: x) } + (backgrounds.first { $0.range.contains(x) }?.value(at: x) ?? 0)
        }
    }

    /// Groups peaks whose ±2-width windows overlap (so no fit window holds an unmodelled neighbour)
    /// and fits each group over its joint window.
    public func fit(x: [Double], y: [Double], peaks: [Peak]) throws(FitError) -> Result {
        let sorted = peaks.filter { $0.width > 0 }.sorted { $0.position < $1.position }
        var groups: [[Peak]] = []
        for p in sorted {
            if let last = groups.last?.last, p.position - last.position < 2 * (p.width + last.width) {
                groups[groups.count - 1].append(p)
            } else { groups.append([p]) }
        }
        var out = Result(bands: [], fits: [], warnings: [])
        for g in groups {
            let lo = g.first!.position - 2 * g.first!.width, hi = g.last!.position + 2 * g.last!.width
            let idx = x.indices.filter { x[$0] >= lo && x[$0] <= hi }
            guard idx.count > 4 * g.count + 2 else {
                out.warnings.append("bands near \(Int(g[0].position.rounded())) cm⁻¹: too few points (\(idx.count)) to fit \(g.count) band(s)")
                continue
            }
            let gx = idx.map { x[$0] }, gy = idx.map { y[$0] }
            var group = g
            var (bands, fit) = shape == .voigt ? try fitVoigtGroup(x: gx, y: gy, peaks: group) : try fitGroup(x: gx, y: gy, peaks: group)
            // A component whose area ends on its zero bound is not there: drop it and refit, so it
            // cannot make the group's covariance singular.
            while group.count > 1, let k = bands.indices.first(where: { bands[$0].area <= 1e-12 * max(bands.map(\.area).max() ?? 1, 1e-300) }) {
                out.warnings.append(String(format: "candidate band near %.1f cm⁻¹ fitted to zero area and was removed", group[k].position))
                group.remove(at: k)
                (bands, fit) = shape == .voigt ? try fitVoigtGroup(x: gx, y: gy, peaks: group) : try fitGroup(x: gx, y: gy, peaks: group)
            }
            if !fit.converged { out.warnings.append("fit near \(Int(g[0].position.rounded())) cm⁻¹ did not converge (\(fit.stopReason.rawValue))") }
            out.bands += bands
            out.fits.append(fit)
            if let b0 = fit.value("b0"), let b1 = fit.value("b1") {
                out.backgrounds.append(LocalBackground(range: gx.min()!...gx.max()!, center: (gx.first! + gx.last!) / 2, intercept: b0, slope: b1))
            }
        }
        return out
    }

    /// The local linear background (value b0 at the window's centre, slope b1): the input is
    /// baseline-corrected, so it only takes up what the baseline left. It is bounded to the
    /// window's end values give or take 10 % of the window's range; unbounded, a broad band and a
    /// negative background trade off and the band overshoots the data.
    static func backgroundParameters(x: [Double], y: [Double], edge: Double) -> [FitParameter] {
        let lo = min(y.first!, y.last!, 0), hi = max(y.first!, y.last!, 0)
        let margin = 0.1 * max((y.max() ?? 0) - (y.min() ?? 0), 1e-12)
        let half = max(abs(x.last! - x.first!) / 2, 1e-12)
        let slope = (abs(y.last! - y.first!) + 2 * margin) / (2 * half)
        return [FitParameter("b0", min(max(edge, lo - margin), hi + margin), lower: lo - margin, upper: hi + margin),
                FitParameter("b1", 0, lower: -slope, upper: slope)]
    }

    func fitGroup(x: [Double], y: [Double], peaks: [Peak]) throws(FitError) -> ([FittedBand], FitResult) {
        let n = peaks.count
        let x0 = (x.first! + x.last!) / 2
        let edge = min(y.first!, y.last!)
        var params: [FitParameter] = []
        for (k, p) in peaks.enumerated() {
            let w = max(p.width, 1e-6)
            let h = max(p.height - edge, p.prominence, 1e-12)
            let eta = fixedLorentzianFraction ?? 0.5
            // Area of a pseudo-Voigt of height h: h·w·[η π/2 + (1 − η)·√(π/(4 ln 2))].
            let area = h * w * (eta * Double.pi / 2 + (1 - eta) * (Double.pi / (4 * Double.log(2))).squareRoot())
            params += [
                FitParameter("c\(k)", p.position, lower: p.position - positionFreedom * w, upper: p.position + positionFreedom * w),
                FitParameter("w\(k)", w, lower: 0.2 * w, upper: 4 * w),
                FitParameter("a\(k)", area, lower: 0),
                FitParameter("eta\(k)", eta, lower: 0, upper: 1, fixed: fixedLorentzianFraction != nil),
            ]
        }
        params += Self.backgroundParameters(x: x, y: y, edge: edge)
        let model = PseudoVoigtBandModel(x: x, bands: n, x0: x0)
        let fit = try optimizer.fit(observations: y, parameters: params, model: model.evaluate, jacobian: model.jacobian)
        var bands: [FittedBand] = []
        let gG = (4 * Double.log(2) / Double.pi).squareRoot()
        for k in 0..<n {
            let c = fit.value("c\(k)")!, w = fit.value("w\(k)")!, a = fit.value("a\(k)")!, eta = fit.value("eta\(k)")!
            let shapeFactor = eta * 2 / (Double.pi * w) + (1 - eta) * gG / w
            let h = a * shapeFactor
            // Height by the delta method: ∂h/∂a = shape, ∂h/∂w = −h/w, ∂h/∂η = a(2/(πw) − √(4ln2/π)/w).
            var hErr: Double? = nil
            let grads: [(String, Double)] = [("a\(k)", shapeFactor), ("w\(k)", -h / w), ("eta\(k)", a * (2 / (Double.pi * w) - gG / w))]
            var variance = 0.0, ok = fit.covariance != nil
            for (p1, d1) in grads {
                for (p2, d2) in grads {
                    if let cv = fit.covariance(p1, p2) { variance += d1 * d2 * cv } else if fit.freeParameterNames.contains(p1) && fit.freeParameterNames.contains(p2) { ok = false }
                }
            }
            if ok && variance >= 0 { hErr = variance.squareRoot() }
            bands.append(FittedBand(position: c, positionError: fit.standardError("c\(k)"), fwhm: w, fwhmError: fit.standardError("w\(k)"),
                                    height: h, heightError: hErr, area: a, areaError: fit.standardError("a\(k)"), lorentzianFraction: eta))
        }
        return (bands, fit)
    }

    /// Voigt bands (σ, γ, area) on a linear background; FWHM and height by the delta method.
    func fitVoigtGroup(x: [Double], y: [Double], peaks: [Peak]) throws(FitError) -> ([FittedBand], FitResult) {
        let n = peaks.count, m = x.count
        let x0 = (x.first! + x.last!) / 2
        let edge = min(y.first!, y.last!)
        var params: [FitParameter] = []
        for (k, p) in peaks.enumerated() {
            let w = max(p.width, 1e-6)
            let h = max(p.height - edge, p.prominence, 1e-12)
            params += [
                FitParameter("c\(k)", p.position, lower: p.position - positionFreedom * w, upper: p.position + positionFreedom * w),
                FitParameter("s\(k)", w / 3.6, lower: 0, upper: 4 * w),
                FitParameter("g\(k)", w / 4, lower: 0, upper: 4 * w),
                FitParameter("a\(k)", h * w * 1.3, lower: 0),
            ]
        }
        params += Self.backgroundParameters(x: x, y: y, edge: edge)
        var opt = optimizer
        opt.derivative = .central
        let fit = try opt.fit(observations: y, parameters: params) { p, out in
            for i in 0..<m {
                var v = p[4 * n] + p[4 * n + 1] * (x[i] - x0)
                for k in 0..<n { v += Voigt(center: p[4 * k], sigma: p[4 * k + 1], gamma: p[4 * k + 2], area: p[4 * k + 3]).value(at: x[i]) }
                out[i] = v
            }
        }
        var bands: [FittedBand] = []
        for k in 0..<n {
            let c = fit.value("c\(k)")!, s = fit.value("s\(k)")!, g = fit.value("g\(k)")!, a = fit.value("a\(k)")!
            let v = Voigt(center: c, sigma: s, gamma: g, area: a)
            let fwhm = v.fwhm, height = v.height
            // Delta method through finite differences of FWHM(σ, γ) and height(σ, γ, area).
            func derivs(_ f: (Double, Double, Double) -> Double) -> [(String, Double)] {
                let hs = max(1e-6, 1e-5 * s), hg = max(1e-6, 1e-5 * g)
                return [("s\(k)", (f(s + hs, g, a) - f(max(s - hs, 0), g, a)) / (s + hs - max(s - hs, 0))),
                        ("g\(k)", (f(s, g + hg, a) - f(s, max(g - hg, 0), a)) / (g + hg - max(g - hg, 0))),
                        ("a\(k)", (f(s, g, a * 1.000001) - f(s, g, a)) / (a * 1e-6 + 1e-300))]
            }
            func error(_ d: [(String, Double)]) -> Double? {
                guard fit.covariance != nil else { return nil }
                var variance = 0.0
                for (p1, d1) in d { for (p2, d2) in d { variance += d1 * d2 * (fit.covariance(p1, p2) ?? 0) } }
                return variance >= 0 ? variance.squareRoot() : nil
            }
            let fwhmErr = error(derivs { Voigt(center: 0, sigma: $0, gamma: $1, area: $2).fwhm })
            let heightErr = error(derivs { Voigt(center: 0, sigma: $0, gamma: $1, area: $2).height })
            // Equivalent Lorentzian fraction (Ida, Ando & Toraya, J. Appl. Cryst. 33 (2000) 1311).
            let r = min(max(2 * g / fwhm, 0), 1)
            let eta = 1.36603 * r - 0.47719 * r * r + 0.11116 * r * r * r
            var band = FittedBand(position: c, positionError: fit.standardError("c\(k)"), fwhm: fwhm, fwhmError: fwhmErr,
                                  height: height, heightError: heightErr, area: a, areaError: fit.standardError("a\(k)"), lorentzianFraction: eta)
            band.voigtSigma = s
            band.voigtGamma = g
            bands.append(band)
        }
        return (bands, fit)
    }
}

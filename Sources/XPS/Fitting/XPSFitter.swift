// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Which background a fit uses.
public enum XPSBackgroundChoice: String, Sendable, Codable, CaseIterable {
    /// Straight line between the averaged end points, subtracted.
    case linear
    /// Iterative Shirley from the data, subtracted.
    case shirley
    /// Tougaard (U2 by default) from the data, subtracted.
    case tougaard
    /// Peak-based Shirley plus a linear term, fitted together with the peaks.
    case active
}

/// Settings of ``XPSFitter``.
public struct XPSFitOptions: Sendable {
    /// The background model; the default fits a Shirley-type background with the peaks.
    public var background: XPSBackgroundChoice = .active
    /// Channels averaged at each end for static backgrounds and starting values (ISO 19830 asks for it).
    public var endPoints = 3
    /// The Tougaard cross-section for ``XPSBackgroundChoice/tougaard`` (the universal U2 by default).
    public var tougaardKernel: TougaardBackground.Kernel = .u2(b: 2866, c: 1643)
    /// Backward elimination of optional components by BIC.
    public var selectComponents = false
    /// A component stays when removing it raises BIC by more than this (6: "strong" evidence,
    /// Kass & Raftery 1995).
    public var bicThreshold = 6.0
    /// Monte Carlo refits of Poisson replicas of the fitted model (0: covariance only), within
    /// ``monteCarloLimits``.
    public var monteCarlo = 0
    /// The replica counts a fit accepts.
    public static let monteCarloLimits = 0...100_000
    /// Seed of the Monte Carlo replicas, so that a fit repeats exactly.
    public var seed: UInt64 = 1
    /// The component whose area fraction is reported as the LiF fraction.
    public var lifComponent = "LiF"
    /// Levenberg–Marquardt iterations allowed before a fit is declared not converged.
    public var maxIterations = 500
    /// Divide the intensity by the file's transmission function before fitting
    /// (``XPSRegion/transmissionCorrected()``); an error when the file has none.
    public var transmissionCorrection = false
    /// When set, every area fraction (and the LiF fraction) is also averaged over these models
    /// (``XPSModelAverager``) and its interval covers the model choice; nil: the one model only.
    public var modelSpace: XPSModelSpace? = nil

    /// The defaults `interphase xps fit` uses.
    public init() {}
}

/// Fits a core-level region: components with CasaXPS line shapes and links, a static or active
/// background, Poisson weights in detected counts (σ² = model counts, after a first pass with the
/// data), covariance errors scaled by χ²ᵣ when above 1, derived area fractions by the delta method
/// or Monte Carlo, and optional BIC model selection.
///
///     var options = XPSFitOptions(); options.monteCarlo = 200
///     let r = try XPSFitter(options: options).fit(region, components: XPSPreset.f1sSEI.components)
///     print(r.lifFraction!.value, r.lifFraction!.ci95)
public struct XPSFitter: Sendable {
    /// The settings every fit uses.
    public var options: XPSFitOptions

    /// A fitter with the given settings.
    public init(options: XPSFitOptions = XPSFitOptions()) { self.options = options }

    /// Fits `components` to `region` (already cropped and charge-referenced) and derives the area fractions.
    public func fit(_ region: XPSRegion, components: [XPSComponent]) throws(XPSError) -> XPSFitResult {
        guard XPSFitOptions.monteCarloLimits.contains(options.monteCarlo) else {
            throw .invalidModel("Monte Carlo replicas must be between 0 and 100000, got \(options.monteCarlo)")
        }
        guard options.endPoints >= 1 else { throw .invalidModel("end points must be at least 1, got \(options.endPoints)") }
        let region = options.transmissionCorrection ? try region.transmissionCorrected() : region
        var result = try fitModel(region, components: components)
        guard let space = options.modelSpace else { return result }
        let kept = components.filter { c in result.components.contains { $0.name == c.name } }
        let average = try XPSModelAverager(options: options, space: space).average(region, components: components, alsoFit: kept)
        result.modelAverage = average
        if let share = average.share(options.lifComponent) {
            var ci = share.ci95
            // A Monte Carlo interval of the fitted model is one more noise interval to cover.
            if let single = result.lifFraction, single.method == .monteCarlo { ci = ci.hull(single.ci95) }
            result.lifFraction = .init(value: share.value, uncertainty: share.uncertainty, ci95: ci, method: .modelAverage)
        }
        if !average.failed.isEmpty {
            result.warnings.append("\(average.failed.count) of \(average.models.count + average.failed.count) models of the model average could not be fitted and were left out (e.g. \(average.failed[0]))")
        }
        return result
    }

    func fitModel(_ region: XPSRegion, components: [XPSComponent]) throws(XPSError) -> XPSFitResult {
        try validate(components, region: region)
        let staticBackground = try self.staticBackground(region.intensity, region: region)
        guard options.selectComponents else {
            var single = try fitOnce(region, components, staticBackground: staticBackground)
            single.result.warnings += XPSLints.check(single.result, components: components, region: region)
            return try finish(single, region: region, components: components, staticBackground: staticBackground)
        }
        var current = components
        var steps: [XPSFitResult.SelectionStep] = []
        var best = try fitOnce(region, current, staticBackground: staticBackground)
        while true {
            // A component goes with the components linked to it (a spin–orbit partner, a width tied
            // to it): a doublet is kept or dropped whole, never left as one line. A component whose
            // area follows another's is not a candidate of its own.
            func dependents(_ c: XPSComponent) -> [XPSComponent] {
                current.filter { d in [d.centerLink?.source, d.fwhmLink?.source, d.areaLink?.source].contains(c.name) }
            }
            let candidates = current.filter { c in c.isOptional && c.areaLink == nil && dependents(c).allSatisfy(\.isOptional) }
            guard !candidates.isEmpty, current.count > 1 else { break }
            var trials: [(name: String, removed: Set<String>, delta: Double, fit: Attempt)] = []
            for c in candidates {
                let removed = Set([c.name] + dependents(c).map(\.name))
                let reduced = current.filter { !removed.contains($0.name) }
                guard !reduced.isEmpty else { continue }
                if let f = try? fitOnce(region, reduced, staticBackground: staticBackground) {
                    let name = removed.count == 1 ? c.name : c.name + " (with " + removed.subtracting([c.name]).sorted().joined(separator: ", ") + ")"
                    trials.append((name, removed, f.result.bic - best.result.bic, f))
                }
            }
            guard let weakest = trials.min(by: { $0.delta < $1.delta }) else { break }
            if weakest.delta < options.bicThreshold {
                steps.append(.init(component: weakest.name, deltaBIC: weakest.delta, kept: false))
                current.removeAll { weakest.removed.contains($0.name) }
                best = weakest.fit
            } else {
                for t in trials { steps.append(.init(component: t.name, deltaBIC: t.delta, kept: true)) }
                break
            }
        }
        best.result.selection = steps
        best.result.warnings += XPSLints.check(best.result, components: current, region: region)
        return try finish(best, region: region, components: current, staticBackground: staticBackground)
    }

    // MARK: - One fit

    struct Attempt {
        var result: XPSFitResult
        var fit: FitResult
        var parameters: [FitParameter]
        var model: XPSPeakModel
        var countsPerUnit: [Double]?
    }

    func validate(_ components: [XPSComponent], region: XPSRegion) throws(XPSError) {
        guard !components.isEmpty else { throw .invalidModel("no components") }
        var names = Set<String>()
        for c in components {
            guard names.insert(c.name).inserted else { throw .invalidModel("two components are named \(c.name)") }
            guard c.shape.isFittable else { throw .unsupportedShape(c.shape.description) }
            guard c.fwhmRange.lowerBound > 0, c.fwhm > 0 else { throw .invalidModel("\(c.name): FWHM must be positive") }
        }
        for c in components {
            for link in [c.centerLink, c.fwhmLink, c.areaLink].compactMap({ $0 }) where !names.contains(link.source) {
                throw .invalidModel("\(c.name) is linked to \(link.source), which is not in the model")
            }
        }
    }

    func staticBackground(_ y: [Double], region: XPSRegion) throws(XPSError) -> [Double]? {
        let n = y.count, m = max(1, min(options.endPoints, n / 4))
        switch options.background {
        case .active: return nil
        case .linear:
            let a = y[0..<m].reduce(0, +) / Double(m), b = y[(n - m)..<n].reduce(0, +) / Double(m)
            let x = region.bindingEnergy, span = x[n - 1] - x[0]
            return x.map { a + (b - a) * ($0 - x[0]) / span }
        case .shirley, .tougaard:
            do {
                let s = try Spectrum(name: region.name, x: region.bindingEnergy, y: y, xKind: .bindingEnergy, yKind: .intensity)
                if options.background == .shirley { return try ShirleyBackground(endPoints: m).background(of: s) }
                return try TougaardBackground(kernel: options.tougaardKernel, endPoints: m).backgroundMatchingEnds(of: s).background
            } catch let e as BackgroundError { throw .fitFailed("\(region.source): \(e.description)") }
            catch { throw .fitFailed("\(region.source): \(error)") }
        }
    }

    func parameters(_ components: [XPSComponent], region: XPSRegion, y: [Double], background: [Double]?) -> [FitParameter] {
        let x = region.bindingEnergy, n = x.count, m = max(1, min(options.endPoints, n / 4))
        let lo = x[0], hi = x[n - 1]
        // A rough background for starting areas: the static one, or a line between the ends.
        let a0 = y[0..<m].reduce(0, +) / Double(m), b0 = y[(n - m)..<n].reduce(0, +) / Double(m)
        let rough = background ?? x.map { a0 + (b0 - a0) * ($0 - lo) / (hi - lo) }
        let net = zip(y, rough).map { max($0 - $1, 0) }
        let peakMax = max(net.max() ?? 1, 1e-12)
        var params: [FitParameter] = []
        var totalArea = 0.0
        for c in components {
            let range = c.centerRange ?? lo...hi
            let start = min(max(c.center, range.lowerBound), range.upperBound)
            params.append(FitParameter("\(c.name).center", start, lower: range.lowerBound, upper: range.upperBound,
                                       fixed: c.fixCenter, link: c.centerLink.map { .init(to: "\($0.source).center", offset: $0.value) }))
            let w = min(max(c.fwhm, c.fwhmRange.lowerBound), c.fwhmRange.upperBound)
            params.append(FitParameter("\(c.name).fwhm", w, lower: c.fwhmRange.lowerBound, upper: c.fwhmRange.upperBound,
                                       fixed: c.fixFWHM, link: c.fwhmLink.map { .init(to: "\($0.source).fwhm", scale: $0.value) }))
            // Height: the net signal at the start position, shared among components within a FWHM.
            let i = x.firstIndex { $0 >= start } ?? n - 1
            let neighbours = max(1, components.filter { abs($0.center - start) < 0.5 * ($0.fwhm + w) }.count)
            let h = max(net[i] / Double(neighbours), 0.02 * peakMax)
            let area = c.area ?? h * w * c.shape.unitArea
            totalArea += area
            params.append(FitParameter("\(c.name).area", area, lower: 0,
                                       link: c.areaLink.map { .init(to: "\($0.source).area", scale: $0.value) }))
        }
        if background == nil {
            let k = max(0, (b0 - a0) / max(totalArea, 1e-300))
            params.append(FitParameter("background.c0", a0))
            params.append(FitParameter("background.slope", 0))
            params.append(FitParameter("background.shirleyK", k, lower: 0))
        }
        return params
    }

    func fitOnce(_ region: XPSRegion, _ components: [XPSComponent], staticBackground: [Double]?,
                 y yOverride: [Double]? = nil, start: [Double]? = nil) throws(XPSError) -> Attempt {
        let y = yOverride ?? region.intensity
        let model = XPSPeakModel(x: region.bindingEnergy, shapes: components.map(\.shape),
                                 fixedBackground: staticBackground, active: staticBackground == nil)
        var params = parameters(components, region: region, y: y, background: staticBackground)
        if let start { for i in params.indices where params[i].isFree { params[i].value = min(max(start[i], params[i].lower), params[i].upper) } }
        var lm = LevenbergMarquardt()
        lm.maxIterations = options.maxIterations
        let cpu = region.countsPerUnitPerChannel
        func sigma(_ v: [Double]) -> [Double] { zip(v, cpu!).map { max($0 * $1, 1).squareRoot() / $1 } }
        var fit: FitResult
        var acceptedAtStart = false
        do {
            if cpu != nil {
                // Pass 1: σ² from the data (Neyman); pass 2: σ² from the model (Pearson), unbiased areas.
                // Pass 1 only supplies pass 2's start, so it stops at a relative χ² change of 1e-6
                // (within a few hundredths of σ of its minimum); pass 2 converges to the full tolerance.
                var rough = lm
                rough.chiSquareTolerance = max(lm.chiSquareTolerance, 1e-6)
                let first = try rough.fit(observations: y, weighting: .sigma(sigma(y)), parameters: params,
                                       model: model.evaluate, jacobian: model.jacobian)
                for (i, p) in first.parameters.enumerated() where params[i].isFree { params[i].value = p.value }
                fit = try lm.fit(observations: y, weighting: .sigma(sigma(first.bestFit)), parameters: params,
                                 model: model.evaluate, jacobian: model.jacobian)
                // Starting at the first pass's minimum, a step may be unable to lower χ² at all: that is convergence.
                if first.converged && fit.stopReason == .noImprovement && fit.iterations <= 2 { acceptedAtStart = true }
            } else {
                fit = try lm.fit(observations: y, weighting: .uniform, parameters: params, model: model.evaluate, jacobian: model.jacobian)
            }
        } catch { throw .fitFailed("\(region.source): \(error.description)") }
        guard fit.converged || acceptedAtStart else {
            throw .fitFailed("\(region.source): the fit did not converge (\(fit.stopReason.rawValue) after \(fit.iterations) iterations)")
        }
        var result = assemble(fit, region: region, components: components, model: model, parameters: params, y: y, countsPerUnit: cpu)
        if acceptedAtStart {
            result.warnings.removeAll { $0.hasPrefix("not converged") }
            result.stopReason = "minimumOfFirstPass"
        }
        return Attempt(result: result, fit: fit, parameters: params, model: model, countsPerUnit: cpu)
    }

    // MARK: - Result

    /// Weighted by counting statistics, a model that describes the data gives a reduced chi-square
    /// near 1 (within ±√(2/ν)). Far below it, the variances the weights assume are too large: the
    /// intensities are not the detected counts (scaled, normalised, or per second without the
    /// dwell time), and the errors and intervals come out too wide. The warning when χ²_ν lies more
    /// than 4√(2/ν) below 1 and under 0.7, with at least 20 degrees of freedom (on the real
    /// recordings in the fixtures, Poisson-weighted fits read 0.90 and above).
    static func countsBelowPoisson(_ reducedChiSquare: Double, degreesOfFreedom dof: Int) -> String? {
        guard dof >= 20, reducedChiSquare < min(0.7, 1 - 4 * (2 / Double(dof)).squareRoot()) else { return nil }
        return String(format: "reduced chi-square %.3g in counts, far below 1: the intensities are not the detected counts (scaled, normalised, "
                      + "or per second), so the Poisson errors and intervals are too wide; give the counts per unit (dwell time × scans) "
                      + "that turns them into counts", reducedChiSquare)
    }

    func assemble(_ fit: FitResult, region: XPSRegion, components: [XPSComponent], model: XPSPeakModel,
                  parameters: [FitParameter], y: [Double], countsPerUnit: [Double]?) -> XPSFitResult {
        let values = fit.parameters.map(\.value)
        let x = region.bindingEnergy, n = x.count
        let scale = max(1, fit.reducedChiSquare)
        let errScale = countsPerUnit != nil ? scale.squareRoot() : 1 // uniform weighting is already scaled
        var warnings = fit.warnings
        if countsPerUnit == nil {
            warnings.append("no dwell time or scan count: Poisson weights are unavailable; uniform weights with errors scaled by the reduced chi-square")
        } else if fit.reducedChiSquare > 1.5 {
            warnings.append("reduced chi-square \(String(format: "%.2f", fit.reducedChiSquare)) in counts: the model misses structure; errors are scaled by it")
        } else if let low = Self.countsBelowPoisson(fit.reducedChiSquare, degreesOfFreedom: fit.degreesOfFreedom) {
            warnings.append(low)
        }
        // Fractions by the delta method on the free-parameter covariance.
        let d = freeDerivatives(parameters, freeNames: fit.freeParameterNames)
        let areaIdx = components.indices.map { 3 * $0 + 2 }
        let areas = areaIdx.map { values[$0] }
        let total = areas.reduce(0, +)
        func fractionError(_ j: Int) -> Double? {
            guard let cov = fit.covariance, total > 0 else { return nil }
            let nf = fit.freeParameterNames.count
            var g = [Double](repeating: 0, count: nf)
            for (k, ai) in areaIdx.enumerated() {
                let df = (k == j ? (total - areas[j]) : -areas[j]) / (total * total)
                for q in 0..<nf { g[q] += df * d[ai][q] }
            }
            var v = 0.0
            for a in 0..<nf { for b in 0..<nf { v += g[a] * cov[a * nf + b] * g[b] } }
            return max(v, 0).squareRoot() * errScale
        }
        var comps: [XPSFitResult.Component] = []
        var curves: [[Double]] = []
        let background = values.withUnsafeBufferPointer { model.background($0) }
        var envelope = background
        for (j, c) in components.enumerated() {
            var tmp = [Double](repeating: 0, count: n)
            values.withUnsafeBufferPointer { model.component(j, $0, into: &tmp) }
            for i in 0..<n { envelope[i] += tmp[i] }
            curves.append(zip(tmp, background).map { $0 + $1 })
            let inWindow = XPSPeakModel.cumulative(tmp, x).last ?? 0
            let se: (Int) -> Double? = { fit.parameters[$0].standardError.map { $0 * errScale } }
            comps.append(.init(name: c.name, shape: c.shape.description,
                               center: values[3 * j], centerError: se(3 * j),
                               fwhm: values[3 * j + 1], fwhmError: se(3 * j + 1),
                               area: areas[j], areaError: se(3 * j + 2), areaInWindow: inWindow,
                               height: areas[j] / (values[3 * j + 1] * model.unitAreas[j]),
                               areaFraction: total > 0 ? areas[j] / total : 0, areaFractionUncertainty: fractionError(j)))
        }
        var bgParams: [String: Double] = [:]
        if model.active {
            let b = 3 * components.count
            bgParams = ["c0": values[b], "slope": values[b + 1], "shirleyK": values[b + 2]]
        }
        var lif: XPSFitResult.Fraction? = nil
        if let j = components.firstIndex(where: { $0.name == options.lifComponent }) {
            let v = comps[j].areaFraction, s = comps[j].areaFractionUncertainty ?? .nan
            lif = .init(value: v, uncertainty: s, ci95: .interval(max(0, v - 1.959964 * s), min(1, v + 1.959964 * s)), method: .covariance)
            if comps[j].areaFractionUncertainty == nil { warnings.append("the LiF fraction has no uncertainty: the covariance is singular") }
        }
        let nFree = fit.freeParameterNames.count
        let bic = countsPerUnit != nil
            ? fit.chiSquare + Double(nFree) * Foundation.log(Double(n))
            : Double(n) * Foundation.log(max(fit.chiSquare, 1e-300) / Double(n)) + Double(nFree) * Foundation.log(Double(n))
        return XPSFitResult(region: region.name, components: comps,
                            background: .init(type: options.background.rawValue, endPoints: options.endPoints,
                                              low: x[0], high: x[n - 1], parameters: bgParams),
                            lifFraction: lif, chiSquare: fit.chiSquare, degreesOfFreedom: fit.degreesOfFreedom,
                            reducedChiSquare: fit.reducedChiSquare, weighting: countsPerUnit != nil ? "poisson" : "uniform",
                            bic: bic, iterations: fit.iterations, stopReason: fit.stopReason.rawValue,
                            chargeShift: region.chargeShift, selection: [], monteCarloReplicas: 0, warnings: warnings,
                            curves: .init(bindingEnergy: x, data: y, background: background, envelope: envelope,
                                          components: curves, residuals: zip(y, envelope).map { $0 - $1 }))
    }

    /// ∂(full parameter i)/∂(free parameter k), resolving links (one level, as the solver allows).
    func freeDerivatives(_ params: [FitParameter], freeNames: [String]) -> [[Double]] {
        let index = Dictionary(uniqueKeysWithValues: freeNames.enumerated().map { ($1, $0) })
        return params.map { p in
            var row = [Double](repeating: 0, count: freeNames.count)
            if let k = index[p.name] { row[k] = 1 }
            else if let link = p.link, let k = index[link.source] { row[k] = link.scale }
            return row
        }
    }

    // MARK: - Monte Carlo

    func finish(_ attempt: Attempt, region: XPSRegion, components: [XPSComponent],
                staticBackground: [Double]?) throws(XPSError) -> XPSFitResult {
        var result = attempt.result
        if options.background == .tougaard {
            // B as scaled to meet the data at the high-binding-energy end (one convolution, once per fit).
            let n = region.count, m = max(1, min(options.endPoints, n / 4))
            if let s = try? region.spectrum(), let matched = try? TougaardBackground(kernel: options.tougaardKernel, endPoints: m).backgroundMatchingEnds(of: s) {
                switch options.tougaardKernel {
                case .u2(_, let c): result.background.parameters = ["B": matched.b, "C": c]
                case .u3(_, let c, let d): result.background.parameters = ["B": matched.b, "C": c, "D": d]
                case .u4(_, let c, let cp, let d): result.background.parameters = ["B": matched.b, "C": c, "C'": cp, "D": d]
                }
            }
        }
        guard options.monteCarlo > 0 else { return result }
        let replicas = options.monteCarlo
        let truth = attempt.fit.bestFit
        let start = attempt.fit.parameters.map(\.value)
        let cpu = attempt.countsPerUnit
        let rms = (result.curves.residuals.map { $0 * $0 }.reduce(0, +) / Double(max(result.degreesOfFreedom, 1))).squareRoot()
        let ncomp = components.count
        let fractions = UnsafeMutableBufferPointer<Double>.allocate(capacity: replicas * ncomp)
        fractions.initialize(repeating: .nan)
        defer { fractions.deallocate() }
        let box = UncheckedSendable(fractions)
        let fitter = self
        let serial = Parallelism.workers == 1
        @Sendable func replica(_ r: Int) {
            var rng = ReplicaRandom(seed: fitter.options.seed &+ UInt64(r) &* 0x9E37_79B9_7F4A_7C15)
            let y = truth.indices.map { i -> Double in
                if let cpu { return rng.poisson(max(truth[i] * cpu[i], 0)) / cpu[i] }
                return truth[i] + rms * rng.normal()
            }
            var bg: [Double]? = nil
            if staticBackground != nil {
                guard let b = try? fitter.staticBackground(y, region: region) else { return }
                bg = b
            }
            guard let a = try? fitter.fitOnce(region, components, staticBackground: bg, y: y, start: start) else { return }
            for j in 0..<ncomp { box.value[r * ncomp + j] = a.result.components[j].areaFraction }
        }
        // Replica r always uses seed + r and writes slot r: the thread count cannot change the result.
        if serial { for r in 0..<replicas { replica(r) } }
        else { DispatchQueue.concurrentPerform(iterations: replicas) { replica($0) } }
        var failed = 0
        for j in 0..<ncomp {
            let sample = (0..<replicas).map { fractions[$0 * ncomp + j] }.filter { $0.isFinite }
            if j == 0 { failed = replicas - sample.count }
            guard sample.count >= 10 else { continue }
            let mean = sample.reduce(0, +) / Double(sample.count)
            let sd = (sample.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sample.count - 1)).squareRoot()
            result.components[j].areaFractionUncertainty = sd
            if components[j].name == options.lifComponent {
                let sorted = sample.sorted()
                result.lifFraction = .init(value: result.components[j].areaFraction, uncertainty: sd,
                                           ci95: .interval(Self.quantile(sorted, 0.025), Self.quantile(sorted, 0.975)), method: .monteCarlo)
            }
        }
        if failed > 0 { result.warnings.append("\(failed) of \(replicas) Monte Carlo refits failed and were left out") }
        result.monteCarloReplicas = replicas - failed
        return result
    }

    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = q * Double(sorted.count - 1), i = Int(h), f = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i]
    }
}

/// Lets the concurrent Monte Carlo loop write disjoint slots of one buffer.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

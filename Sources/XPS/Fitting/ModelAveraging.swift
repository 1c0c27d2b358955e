// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The defensible models an area fraction is averaged over.
///
/// Models differ in background family, end-point window, Gaussian–Lorentzian mixing and which
/// optional components are present. BIC only compares models fitted to the same points with the
/// same weights, so shapes and component choices are averaged by BIC weight within one background
/// family and window, and families and windows are combined as a sensitivity spread: the reported
/// interval is the envelope of their intervals.
public struct XPSModelSpace: Sendable, Hashable {
    /// Background families; each is a sensitivity case of its own (BIC is not compared across them).
    public var backgrounds: [XPSBackgroundChoice] = [.active, .shirley, .linear, .tougaard]
    /// eV taken off each end of the region for the second end-point window (0: the given window only).
    /// The second window is skipped when it would cut into a component's allowed centre range.
    public var windowTrim = 1.0
    /// Offsets of the mixing m of GL and SGL components (0: as given), clamped to [0, 1].
    public var mixingOffsets: [Double] = [-0.2, 0, 0.2]
    /// Also fit the model without each optional component (and the components linked to it).
    public var dropOptional = true
    /// Occam's window (Madigan & Raftery 1994): a model whose BIC exceeds its group's best by more
    /// than this is left out of the average. 6 ≈ 2 ln 20, posterior odds below 1:20.
    public var occamWindow = 6.0

    /// Every background family and window, Gaussian–Lorentzian mixing and optional-component choice, with Occam's window at 6.
    public init() {}
}

/// The model-averaged area fractions of a fit and the table of models behind them.
public struct XPSModelAverage: Sendable, Codable, Hashable {
    /// A component's area fraction over the model space.
    public struct Share: Sendable, Codable, Hashable {
        /// The component's name.
        public var name: String
        /// BIC-weighted mean within the chosen background family and window.
        public var value: Double
        /// Its one-sigma uncertainty: counting noise and the spread of the models averaged
        /// (Burnham & Anderson 2002, eq. 6.12), within the chosen background family and window.
        public var uncertainty: Double
        /// 95 % interval over noise and every model: the envelope of the groups' intervals.
        public var ci95: ClosedRange<Double>
    }

    /// One background family and end-point window: its BIC-averaged shares.
    public struct Group: Sendable, Codable, Hashable {
        /// The background family.
        public var background: String
        /// The binding-energy window fitted, `[low, high]` eV.
        public var window: [Double]
        /// The group's BIC-averaged shares, with the group's own intervals.
        public var shares: [Share]
        /// Models fitted.
        public var models: Int
        /// Models inside Occam's window (averaged).
        public var averaged: Int
        /// Reduced χ² of the group's best model.
        public var reducedChiSquare: Double
        /// Why the group is left out of the envelope (its best model misses the data), or nil.
        public var rejected: String?
        /// Degrees of freedom of the group's best model.
        public var degreesOfFreedom: Int
    }

    /// One fitted model.
    public struct Model: Sendable, Codable, Hashable {
        /// The background family.
        public var background: String
        /// The binding-energy window fitted, `[low, high]` eV.
        public var window: [Double]
        /// The GL mixing used (CasaXPS notation of the first GL component), or "as given".
        public var shape: String
        /// The components of this model.
        public var components: [String]
        /// Area fraction of each component present (absent components count as 0), and its
        /// one-sigma uncertainty where the covariance gives one.
        public var fractions: [String: Double]
        /// The one-sigma uncertainty of each fraction, where the covariance gives one.
        public var fractionUncertainties: [String: Double]
        /// BIC with the group's common weights, and its difference from the group's best.
        public var bic: Double
        /// BIC − the group's best BIC.
        public var deltaBIC: Double
        /// BIC weight within the group (0 outside Occam's window).
        public var weight: Double
        /// Whether it lies inside Occam's window and enters the average.
        public var averaged: Bool
        /// Its reduced χ².
        public var reducedChiSquare: Double
    }

    /// How the average was formed, in words (written into the JSON).
    public var method: String
    /// The chosen background family and window, whose average is the reported value.
    public var background: String
    /// The chosen window, `[low, high]` eV.
    public var window: [Double]
    /// Each component's averaged share, with the interval over noise and every model.
    public var shares: [Share]
    /// Every background family and window.
    public var groups: [Group]
    /// Every model fitted.
    public var models: [Model]
    /// Models that could not be fitted (not converged, no background), by description.
    public var failed: [String]

    /// The share of the component of that name, if the model has one.
    public func share(_ name: String) -> Share? { shares.first { $0.name == name } }
}

/// Fits every model of an ``XPSModelSpace`` to a region and averages the area fractions.
public struct XPSModelAverager: Sendable {
    /// The fit options of the reference model (background, end points, weights).
    public var options: XPSFitOptions
    /// The models to fit: background families, windows, GL mixing, optional components.
    public var space: XPSModelSpace

    /// An averager over `space` around the model `options` describe.
    public init(options: XPSFitOptions = XPSFitOptions(), space: XPSModelSpace = XPSModelSpace()) {
        self.options = options
        self.space = space
    }

    struct Job { var group: Int; var components: [XPSComponent]; var shape: String; var isReference: Bool }
    struct Fitted { var result: XPSFitResult; var bestFit: [Double]; var free: Int }

    /// Fits every model of the space and averages the component fractions.
    /// - Parameters:
    ///   - region: the region as fitted (cropped, charge-referenced).
    ///   - components: the full model; optional components are dropped one at a time.
    ///   - alsoFit: another component set to include (e.g. the one model selection kept).
    public func average(_ region: XPSRegion, components: [XPSComponent],
                        alsoFit: [XPSComponent]? = nil) throws(XPSError) -> XPSModelAverage {
        let lo = region.bindingEnergy.first!, hi = region.bindingEnergy.last!
        var windows: [ClosedRange<Double>] = [lo...hi]
        let centres = components.flatMap { c in [c.centerRange?.lowerBound ?? c.center, c.centerRange?.upperBound ?? c.center] }
        if space.windowTrim > 0, let cMin = centres.min(), let cMax = centres.max(),
           lo + space.windowTrim < cMin, hi - space.windowTrim > cMax,
           region.bindingEnergy.filter({ $0 >= lo + space.windowTrim && $0 <= hi - space.windowTrim }).count >= 20 {
            windows.append((lo + space.windowTrim)...(hi - space.windowTrim))
        }
        var backgrounds = space.backgrounds.isEmpty ? [options.background] : space.backgrounds
        if let i = backgrounds.firstIndex(of: options.background) { backgrounds.swapAt(0, i) } else { backgrounds.insert(options.background, at: 0) }
        let groups = backgrounds.flatMap { b in windows.map { (b, $0) } }

        // Component sets: the full model, each optional component dropped, and the selected model.
        var sets: [[XPSComponent]] = [components]
        if space.dropOptional {
            for c in components where c.isOptional && c.areaLink == nil {
                let removed = Set([c.name] + components.filter { d in
                    [d.centerLink?.source, d.fwhmLink?.source, d.areaLink?.source].contains(c.name) }.map(\.name))
                let reduced = components.filter { !removed.contains($0.name) }
                if !reduced.isEmpty && components.filter({ removed.contains($0.name) }).allSatisfy(\.isOptional) { sets.append(reduced) }
            }
        }
        if let alsoFit { sets.append(alsoFit) }
        var seen = Set<[String]>()
        sets = sets.filter { seen.insert($0.map(\.name)).inserted }

        // Shape variants: the GL mixing moved by each offset.
        let hasGL = components.contains { if case .glProduct = $0.shape { return true }; if case .glSum = $0.shape { return true }; return false }
        let offsets = hasGL ? Array(Set(space.mixingOffsets + [0])).sorted() : [0]
        func varied(_ cs: [XPSComponent], _ d: Double) -> [XPSComponent] {
            cs.map { c in
                var c = c
                switch c.shape {
                case .glProduct(let m): c.shape = .glProduct(m: min(max(((m + d) * 100).rounded() / 100, 0), 1))
                case .glSum(let m): c.shape = .glSum(m: min(max(((m + d) * 100).rounded() / 100, 0), 1))
                default: break
                }
                return c
            }
        }
        var jobs: [Job] = []
        for g in groups.indices {
            for (k, s) in sets.enumerated() {
                var shapes = Set<[XPSLineShape]>()
                for d in offsets {
                    let v = varied(s, d)
                    guard shapes.insert(v.map(\.shape)).inserted else { continue }
                    let label = hasGL ? (v.first { if case .glProduct = $0.shape { return true }; if case .glSum = $0.shape { return true }; return false }?.shape.description ?? "as given") : "as given"
                    jobs.append(Job(group: g, components: v, shape: label, isReference: k == 0 && d == 0))
                }
            }
        }

        // Per group: the window's region and its static background (one per group: it depends on the data only).
        var regions: [XPSRegion] = []
        var statics: [[Double]?] = []
        var groupFailure: [String?] = []
        for (b, w) in groups {
            let r = w == lo...hi ? region : try region.cropped(to: w)
            var o = options; o.background = b
            regions.append(r)
            do throws(XPSError) { statics.append(try XPSFitter(options: o).staticBackground(r.intensity, region: r)); groupFailure.append(nil) }
            catch { statics.append(nil); groupFailure.append("\(b.rawValue) \(Self.windowText(w)): \(error)") }
        }

        let slots = UnsafeMutableBufferPointer<Fitted?>.allocate(capacity: jobs.count)
        slots.initialize(repeating: nil)
        defer { slots.deinitialize(); slots.deallocate() }
        let box = UncheckedSendable(slots)
        let base = options
        let groupsCopy = groups, regionsCopy = regions, staticsCopy = statics, failures = groupFailure
        let jobsCopy = jobs
        @Sendable func run(_ j: Int) {
            let job = jobsCopy[j]
            guard failures[job.group] == nil else { return }
            var o = base
            o.background = groupsCopy[job.group].0
            o.monteCarlo = 0
            o.modelSpace = nil
            let fitter = XPSFitter(options: o)
            guard let a = try? fitter.fitOnce(regionsCopy[job.group], job.components, staticBackground: staticsCopy[job.group]) else { return }
            box.value[j] = Fitted(result: a.result, bestFit: a.fit.bestFit, free: a.fit.freeParameterNames.count)
        }
        if Parallelism.workers == 1 { for j in jobs.indices { run(j) } }
        else { DispatchQueue.concurrentPerform(iterations: jobs.count) { run($0) } }

        let names = components.map(\.name)
        var models: [XPSModelAverage.Model] = []
        var groupResults: [XPSModelAverage.Group] = []
        var failed: [String] = groupFailure.compactMap { $0 }
        for (g, (b, w)) in groups.enumerated() {
            let members = jobs.indices.filter { jobs[$0].group == g }
            let fitted = members.compactMap { j in slots[j].map { (j, $0) } }
            for j in members where slots[j] == nil && groupFailure[g] == nil {
                failed.append("\(b.rawValue) \(Self.windowText(w)) \(jobs[j].shape) [\(jobs[j].components.map(\.name).joined(separator: ", "))]")
            }
            guard !fitted.isEmpty else { continue }
            // One set of weights per group: σ² from the reference model (full set, given shapes),
            // so that BIC differences compare like with like.
            let r = regions[g], n = r.count
            let reference = fitted.first { jobs[$0.0].isReference }?.1.bestFit ?? fitted[0].1.bestFit
            let cpu = r.countsPerUnitPerChannel
            func bic(_ f: Fitted) -> Double {
                var chi = 0.0
                for i in 0..<n {
                    let d = r.intensity[i] - f.bestFit[i]
                    if let cpu { chi += d * d * cpu[i] * cpu[i] / max(reference[i] * cpu[i], 1) } else { chi += d * d }
                }
                let penalty = Double(f.free) * Foundation.log(Double(n))
                return cpu != nil ? chi + penalty : Double(n) * Foundation.log(max(chi, 1e-300) / Double(n)) + penalty
            }
            let bics = fitted.map { bic($0.1) }
            let best = bics.min()!
            let raw = bics.map { $0 - best <= space.occamWindow ? Foundation.exp(-0.5 * ($0 - best)) : 0 }
            let total = raw.reduce(0, +)
            let weights = raw.map { $0 / total }
            var shares: [XPSModelAverage.Share] = []
            for name in names {
                let f = fitted.map { $0.1.result.component(name)?.areaFraction ?? 0 }
                let s = fitted.map { $0.1.result.component(name).map { $0.areaFractionUncertainty ?? .nan } ?? 0 }
                let mean = zip(weights, f).reduce(0) { $0 + $1.0 * $1.1 }
                var variance = 0.0
                for k in f.indices where weights[k] > 0 { variance += weights[k] * ((s[k].isFinite ? s[k] * s[k] : 0) + (f[k] - mean) * (f[k] - mean)) }
                let sd = variance.squareRoot()
                var low = max(0, mean - 1.959964 * sd), high = min(1, mean + 1.959964 * sd)
                for k in f.indices where weights[k] > 0 { low = min(low, f[k]); high = max(high, f[k]) }
                shares.append(.init(name: name, value: mean, uncertainty: sd, ci95: .interval(low, high)))
            }
            let bestIndex = bics.firstIndex(of: best)!
            groupResults.append(.init(background: b.rawValue, window: [w.lowerBound, w.upperBound], shares: shares,
                                      models: fitted.count, averaged: weights.filter { $0 > 0 }.count,
                                      reducedChiSquare: fitted[bestIndex].1.result.reducedChiSquare, rejected: nil,
                                      degreesOfFreedom: fitted[bestIndex].1.result.degreesOfFreedom))
            for (k, (j, f)) in fitted.enumerated() {
                var fr: [String: Double] = [:], un: [String: Double] = [:]
                for c in f.result.components { fr[c.name] = c.areaFraction; if let u = c.areaFractionUncertainty, u.isFinite { un[c.name] = u } }
                models.append(.init(background: b.rawValue, window: [w.lowerBound, w.upperBound], shape: jobs[j].shape,
                                    components: jobs[j].components.map(\.name), fractions: fr, fractionUncertainties: un,
                                    bic: bics[k], deltaBIC: bics[k] - best, weight: weights[k], averaged: weights[k] > 0,
                                    reducedChiSquare: f.result.reducedChiSquare))
            }
        }
        // A family whose best model cannot describe the data is no defensible model: its χ²ᵣ
        // exceeds the best group's by more than the χ² distribution allows (one-sided p < 0.0005).
        if let floor = groupResults.map(\.reducedChiSquare).filter({ $0.isFinite && $0 > 0 }).min() {
            for g in groupResults.indices {
                let limit = floor * (1 + 3.29 * (2 / Double(max(groupResults[g].degreesOfFreedom, 1))).squareRoot())
                if groupResults[g].reducedChiSquare > limit {
                    groupResults[g].rejected = String(format: "reduced χ² %.2f against %.2f for the best group (limit %.2f): the background misses the data",
                                                      groupResults[g].reducedChiSquare, floor, limit)
                }
            }
        }
        guard let primary = groupResults.first(where: { $0.background == options.background.rawValue && $0.window == [lo, hi] }) ?? groupResults.first else {
            throw .fitFailed("\(region.source): no model of the model space could be fitted (\(failed.prefix(3).joined(separator: "; ")))")
        }
        let shares = primary.shares.map { s -> XPSModelAverage.Share in
            var out = s
            for g in groupResults where g.rejected == nil { if let t = g.shares.first(where: { $0.name == s.name }) { out.ci95 = out.ci95.hull(t.ci95) } }
            return out
        }
        return XPSModelAverage(
            method: "BIC weights (common weights per group, Occam's window ΔBIC ≤ \(Self.number(space.occamWindow))) within each background family and end-point window; envelope of the groups' 95 % intervals",
            background: primary.background, window: primary.window, shares: shares, groups: groupResults, models: models, failed: failed)
    }

    static func windowText(_ w: ClosedRange<Double>) -> String { String(format: "%.2f–%.2f eV", w.lowerBound, w.upperBound) }
    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// One core-level fit as `interphase xps fit` runs it, with the same defaults: the region chosen
/// from the file, the model (a preset, chosen by the region's window when none is named, or
/// components, links and bounds), cropping to the preset's window, charge referencing, BIC
/// selection of a preset's optional components, and fractions averaged over the model space.
///
///     let doc = try XPSFile(path: "f1s.vms")
///     var task = XPSCoreLevelFit()
///     task.preset = .f1sSEI
///     let r = try task.fit(doc).result
///     print(r.lifFraction!.value, r.lifFraction!.ci95)
///
/// The command line is this type's options plus printing: the same file gives the same numbers.
public struct XPSCoreLevelFit: Sendable {
    /// How binding energies are referenced before the fit.
    public enum ChargeReferencing: Sendable, Hashable {
        /// Put the adventitious C–C/C–H of the file's C 1s region at this energy (eV).
        case adventitiousCarbon(Double)
        /// Put a component of this region's own model at this energy (e.g. LiF at 685.0 eV).
        case component(String, Double)

        /// The text form `--charge-reference` takes: `284.8` (adventitious carbon) or `LiF=685.0`
        /// (a component of the model); nil for any other text.
        public init?(text: String) {
            if let e = Double(text), e.isFinite { self = .adventitiousCarbon(e); return }
            guard let eq = text.lastIndex(of: "="), let e = Double(text[text.index(after: eq)...]), e.isFinite,
                  case let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
            self = .component(name, e)
        }
    }

    /// The preset; nil with no ``components``: the preset whose window covers the region.
    public var preset: XPSPreset? = nil
    /// Components of one's own (added after a model file's); a preset is then not used.
    public var components: [XPSComponent] = []
    /// Ties between components (`B.fwhm=A.fwhm`, `B.area=0.5*A.area`, `B.center=A.center+1.2`).
    public var links: [XPSModelText.LinkSpec] = []
    /// Limits on centres and widths (`A.center=168:168.6`, `A.fwhm=1.1`).
    public var bounds: [XPSModelText.BoundSpec] = []
    /// Binding-energy range to fit; nil: a preset's window for wide scans, else the whole region.
    public var range: ClosedRange<Double>? = nil
    /// A shift in eV added to every binding energy (recorded).
    public var shift: Double? = nil
    /// Charge referencing before the fit (nil: energies as recorded).
    public var chargeReference: ChargeReferencing? = nil
    /// Backward elimination of a preset's optional components by BIC.
    public var selectComponents = true
    /// Put the analyst's components beside the refit's (``CasaComparison``; the file must be a
    /// CasaXPS CSV export), in-window areas against in-window areas.
    public var compareWithCasa = false
    /// Background, end points, Monte Carlo, transmission correction, and the model space over which
    /// fractions are averaged (``XPSModelSpace`` by default; nil: the fitted model's intervals only).
    public var options: XPSFitOptions = {
        var o = XPSFitOptions()
        o.modelSpace = XPSModelSpace()
        return o
    }()

    /// The command's defaults: the preset chosen by the region's window, models averaged.
    public init() {}

    /// The settings a model file holds (components, doublets, links, bounds, background, range, end points).
    public init(model: XPSModelFile, path: String = "model") throws(XPSError) {
        let m = try model.components(path: path)
        components = m.components
        links = m.links
        bounds = try model.boundSpecs(path: path)
        if let b = model.background {
            guard let choice = XPSBackgroundChoice(rawValue: b) else { throw .invalidModel("\(path): background '\(b)' is not shirley, tougaard, linear or active") }
            options.background = choice
        }
        if let e = model.endPoints { options.endPoints = e }
        if let r = model.range {
            guard let parsed = RangeText.parse(r) else { throw .invalidModel("\(path): range '\(r)' is not LOW:HIGH") }
            range = parsed
        }
    }

    /// What a fit gives: the result and the region as fitted (cropped, shifted), which a figure needs.
    public struct Outcome: Sendable {
        /// The fit: components, fractions with intervals, background, model average, curves.
        public var result: XPSFitResult
        /// The region as fitted (cropped, shifted).
        public var region: XPSRegion
        /// The preset used, if any.
        public var preset: XPSPreset?
        /// The analyst's components beside the refit's, when ``XPSCoreLevelFit/compareWithCasa`` is set.
        public var casaComparison: [CasaComparison]? = nil
    }

    /// Fits a region of a file: by 1-based `block` or by `name` (the only region when neither is
    /// given). The file's warnings come first in the result's.
    public func fit(_ file: XPSFile, block: Int? = nil, region name: String? = nil) throws(XPSError) -> Outcome {
        let region = try file.region(block: block, named: name)
        var c1s: XPSRegion? = nil
        if case .adventitiousCarbon = chargeReference { c1s = try file.region(block: nil, named: "C 1s") }
        var outcome = try fit(region, c1s: c1s)
        outcome.result.warnings = file.warnings + outcome.result.warnings
        if compareWithCasa {
            guard let export = file.casaExport else { throw .notACasaExport(file.path, file.format) }
            let lo = outcome.result.curves.bindingEnergy.first ?? .nan, hi = outcome.result.curves.bindingEnergy.last ?? .nan
            if let first = export.bindingEnergy.first, let last = export.bindingEnergy.last, lo > first + 1e-9 || hi < last - 1e-9 {
                outcome.result.warnings.append(String(format: "the refit covers %.2f–%.2f eV, the export %.2f–%.2f eV: in-window areas differ in range",
                                                      lo, hi, first, last))
            }
            outcome.casaComparison = CasaComparison.compare(export, with: outcome.result.components)
        }
        return outcome
    }

    /// Fits a region already in memory. `c1s`: the C 1s region adventitious-carbon referencing needs.
    public func fit(_ input: XPSRegion, c1s: XPSRegion? = nil) throws(XPSError) -> Outcome {
        var region = input
        var warnings: [String] = []
        if shift != nil && chargeReference != nil { throw .invalidModel("a shift and charge referencing were both given: choose one") }
        if let shift { region = region.shifted(by: shift, reason: "given shift") }
        if case .adventitiousCarbon(let energy) = chargeReference {
            guard let c1s else { throw .invalidModel("referencing to adventitious carbon needs the file's C 1s region") }
            let ref = try ChargeReference.adventitiousCarbon(c1s, reference: energy)
            region = region.shifted(by: ref.shift, reason: "adventitious C 1s at \(energy) eV")
            warnings.append(ref.warning)
        }
        var options = self.options
        var chosen = preset
        var model = components
        if model.isEmpty {
            if chosen == nil {
                let lo = region.bindingEnergy.first!, hi = region.bindingEnergy.last!
                chosen = XPSPreset.all.first { $0.window.overlaps(lo...hi) && hi - lo < 3 * ($0.window.upperBound - $0.window.lowerBound) }
            }
            guard let chosen else {
                throw .invalidModel("no preset covers \(region.name) (\(region.bindingEnergy.first!)–\(region.bindingEnergy.last!) eV): name a preset or give components")
            }
            model = chosen.components
            options.selectComponents = selectComponents
        } else {
            chosen = nil
        }
        if !links.isEmpty { model = try XPSModelText.apply(links, to: model) }
        if !bounds.isEmpty { model = try XPSModelText.apply(bounds, to: model) }
        if let range { region = try region.cropped(to: range) } else if let chosen { region = try chosen.crop(region) }
        if case .component(let name, let energy) = chargeReference {
            let ref = try ChargeReference.component(name, at: energy, in: region, components: model, options: options)
            region = region.shifted(by: ref.shift, reason: "\(name) at \(energy) eV")
            warnings.append(ref.warning)
        }
        var result = try XPSFitter(options: options).fit(region, components: model)
        result.warnings = warnings + result.warnings
        return Outcome(result: result, region: region, preset: chosen)
    }
}

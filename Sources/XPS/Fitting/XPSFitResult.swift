// SPDX-License-Identifier: GPL-3.0-or-later

/// What a core-level fit gives: components with errors, the background, derived fractions with
/// intervals, goodness of fit, the model-selection log and every warning.
public struct XPSFitResult: Sendable, Encodable {
    /// One fitted component.
    public struct Component: Sendable, Codable, Hashable {
        /// Its name in the model (LiF, C-F, CF2, S2p3/2…).
        public var name: String
        /// Its line shape in CasaXPS notation (GL(30), LA(1.1,2.5,10)…).
        public var shape: String
        /// Position (eV binding energy) and its standard error.
        public var center: Double
        /// The standard error of ``center`` (nil: fixed or linked).
        public var centerError: Double?
        /// FWHM parameter (eV) and its standard error.
        public var fwhm: Double
        /// The standard error of ``fwhm`` (nil: fixed or linked).
        public var fwhmError: Double?
        /// Full line-shape area (intensity × eV), not truncated to the window, and its error.
        public var area: Double
        /// The standard error of ``area`` (nil: linked).
        public var areaError: Double?
        /// The area inside the fitted window (differs from ``area`` for heavy tails).
        public var areaInWindow: Double
        /// The peak height above the background (intensity units).
        public var height: Double
        /// Share of the total area of all components, with its one-sigma uncertainty.
        public var areaFraction: Double
        /// The one-sigma uncertainty of ``areaFraction`` (nil when it could not be estimated).
        public var areaFractionUncertainty: Double?
    }

    /// A derived fraction with its one-sigma uncertainty and a 95 % interval.
    public struct Fraction: Sendable, Codable, Hashable {
        /// The fraction (0–1).
        public var value: Double
        /// Its one-sigma uncertainty.
        public var uncertainty: Double
        /// The 95 % interval; JSON writes it as `[low, high]`.
        public var ci95: ClosedRange<Double>
        /// How the uncertainty and interval were estimated.
        public var method: Method

        /// How a fraction's uncertainty was estimated; the raw value is what JSON writes.
        public enum Method: String, Sendable, Codable, Hashable, CaseIterable {
            /// The delta method on the fit's covariance matrix.
            case covariance
            /// Percentiles of refits to resampled spectra.
            case monteCarlo
            /// BIC-weighted over the model space, enveloped across background families and windows
            /// (``XPSModelAverager``).
            case modelAverage
        }
    }

    /// The background the components sit on.
    public struct Background: Sendable, Codable, Hashable {
        /// The background choice: "shirley", "active" (Shirley fitted with the peaks), "linear" or "tougaard".
        public var type: String
        /// Channels averaged at each end of the region.
        public var endPoints: Int
        /// Binding-energy limits of the region (eV).
        public var low: Double
        /// The region's upper binding-energy limit (eV).
        public var high: Double
        /// Fitted or fixed parameters, e.g. c0, slope, shirleyK for the active background.
        public var parameters: [String: Double]
    }

    /// One step of backward elimination: removing `component` changes BIC by `deltaBIC`
    /// (BIC without − BIC with); the component is kept when that exceeds the threshold.
    public struct SelectionStep: Sendable, Codable, Hashable {
        /// The optional component tried.
        public var component: String
        /// BIC without it − BIC with it.
        public var deltaBIC: Double
        /// Whether it stayed in the model.
        public var kept: Bool
    }

    /// The region's name as the file gives it ("F 1s").
    public var region: String
    /// The fitted components, in model order.
    public var components: [Component]
    /// The background.
    public var background: Background
    /// The LiF share of the F 1s area with its interval (nil without a LiF component).
    public var lifFraction: Fraction?
    /// χ² of the fit with the weights used.
    public var chiSquare: Double
    /// Points minus free parameters.
    public var degreesOfFreedom: Int
    /// χ² / degrees of freedom: near 1 when the model and the noise model fit.
    public var reducedChiSquare: Double
    /// `poisson` (σ² = model counts) or `uniform` (no counting information; errors scaled by χ²ᵣ).
    public var weighting: String
    /// The Bayesian information criterion of the fit (χ² + k ln n).
    public var bic: Double
    /// Levenberg–Marquardt iterations taken.
    public var iterations: Int
    /// Why the optimiser stopped (converged, iteration limit…).
    public var stopReason: String
    /// The shift added to every binding energy by charge referencing (eV; 0 without).
    public var chargeShift: Double
    /// The backward elimination of optional components, step by step.
    public var selection: [SelectionStep]
    /// Monte Carlo refits behind the intervals (0: covariance only).
    public var monteCarloReplicas: Int
    /// What the user should know: parameters on bounds, poor χ², missing counts.
    public var warnings: [String]
    /// The fractions averaged over the model space, with the table of models (when requested).
    public var modelAverage: XPSModelAverage? = nil

    /// Curves for figures: energy, data, background, envelope and each component (plus background).
    /// Not part of the JSON.
    public var curves: Curves

    /// The fit's curves at the data points.
    public struct Curves: Sendable, Codable {
        /// Binding energy of each point, eV.
        public var bindingEnergy: [Double]
        /// The measured intensity.
        public var data: [Double]
        /// The background.
        public var background: [Double]
        /// Background plus every component.
        public var envelope: [Double]
        /// Each component on top of the background, in the order of the result's components.
        public var components: [[Double]]
        /// Data − envelope.
        public var residuals: [Double]
    }

    enum CodingKeys: String, CodingKey {
        case region, components, background, lifFraction, chiSquare, degreesOfFreedom, reducedChiSquare, weighting, bic,
             iterations, stopReason, chargeShift, selection, monteCarloReplicas, warnings, modelAverage
    }

    /// The component of that name, if the model has one.
    public func component(_ name: String) -> Component? { components.first { $0.name == name } }
}

extension XPSFitResult {
    /// The fit as arrays, to redraw it or continue from it: binding energy, the measured intensity,
    /// background, envelope, residuals, and each component alone (above zero: add the background to
    /// draw it on the data), in the order of ``components``.
    public struct CurveArrays: Sendable, Codable, Hashable {
        /// One component's curve, above zero.
        public struct Component: Sendable, Codable, Hashable {
            /// Its name in the model.
            public var name: String
            /// Its intensity at each point.
            public var values: [Double]
        }
        /// Binding energy of each point, eV.
        public var bindingEnergy: [Double]
        /// The measured intensity.
        public var intensity: [Double]
        /// The background.
        public var background: [Double]
        /// Background plus every component.
        public var envelope: [Double]
        /// Intensity − envelope.
        public var residuals: [Double]
        /// Each component alone, in the order of the result's components.
        public var components: [Component]
    }

    /// The curves as named arrays, each component without the background.
    public func curveArrays() -> CurveArrays {
        let c = curves
        return CurveArrays(bindingEnergy: c.bindingEnergy, intensity: c.data, background: c.background, envelope: c.envelope, residuals: c.residuals,
                           components: zip(components, c.components).map { comp, curve in
                               .init(name: comp.name, values: zip(curve, c.background).map { $0 - $1 })
                           })
    }
}

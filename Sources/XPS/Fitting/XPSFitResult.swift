// SPDX-License-Identifier: GPL-3.0-or-later

/// What a core-level fit gives: components with errors, the background, derived fractions with
/// intervals, goodness of fit, the model-selection log and every warning.
public struct XPSFitResult: Sendable, Encodable {
    public struct Component: Sendable, Codable, Hashable {
        public var name: String
        public var shape: String
        /// Position (eV binding energy) and its standard error.
        public var center: Double
        public var centerError: Double?
        /// FWHM parameter (eV) and its standard error.
        public var fwhm: Double
        public var fwhmError: Double?
        /// Full line-shape area (intensity × eV), not truncated to the window, and its error.
        public var area: Double
        public var areaError: Double?
        /// The area inside the fitted window (differs from ``area`` for heavy tails).
        public var areaInWindow: Double
        public var height: Double
        /// Share of the total area of all components, with its one-sigma uncertainty.
        public var areaFraction: Double
        public var areaFractionUncertainty: Double?
    }

    /// A derived fraction with its one-sigma uncertainty and a 95 % interval.
    public struct Fraction: Sendable, Codable, Hashable {
        public var value: Double
        public var uncertainty: Double
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

    public struct Background: Sendable, Codable, Hashable {
        public var type: String
        public var endPoints: Int
        /// Binding-energy limits of the region (eV).
        public var low: Double
        public var high: Double
        /// Fitted or fixed parameters, e.g. c0, slope, shirleyK for the active background.
        public var parameters: [String: Double]
    }

    /// One step of backward elimination: removing `component` changes BIC by `deltaBIC`
    /// (BIC without − BIC with); the component is kept when that exceeds the threshold.
    public struct SelectionStep: Sendable, Codable, Hashable {
        public var component: String
        public var deltaBIC: Double
        public var kept: Bool
    }

    public var region: String
    public var components: [Component]
    public var background: Background
    public var lifFraction: Fraction?
    public var chiSquare: Double
    public var degreesOfFreedom: Int
    public var reducedChiSquare: Double
    /// `poisson` (σ² = model counts) or `uniform` (no counting information; errors scaled by χ²ᵣ).
    public var weighting: String
    public var bic: Double
    public var iterations: Int
    public var stopReason: String
    public var chargeShift: Double
    public var selection: [SelectionStep]
    public var monteCarloReplicas: Int
    public var warnings: [String]
    /// The fractions averaged over the model space, with the table of models (when requested).
    public var modelAverage: XPSModelAverage? = nil

    /// Curves for figures: energy, data, background, envelope and each component (plus background).
    /// Not part of the JSON.
    public var curves: Curves

    public struct Curves: Sendable, Codable {
        public var bindingEnergy: [Double]
        public var data: [Double]
        public var background: [Double]
        public var envelope: [Double]
        public var components: [[Double]]
        public var residuals: [Double]
    }

    enum CodingKeys: String, CodingKey {
        case region, components, background, lifFraction, chiSquare, degreesOfFreedom, reducedChiSquare, weighting, bic,
             iterations, stopReason, chargeShift, selection, monteCarloReplicas, warnings, modelAverage
    }

    public func component(_ name: String) -> Component? { components.first { $0.name == name } }
}

extension XPSFitResult {
    /// The fit as arrays, to redraw it or continue from it: binding energy, the measured intensity,
    /// background, envelope, residuals, and each component alone (above zero: add the background to
    /// draw it on the data), in the order of ``components``.
    public struct CurveArrays: Sendable, Codable, Hashable {
        public struct Component: Sendable, Codable, Hashable {
            public var name: String
            public var values: [Double]
        }
        public var bindingEnergy: [Double]
        public var intensity: [Double]
        public var background: [Double]
        public var envelope: [Double]
        public var residuals: [Double]
        public var components: [Component]
    }

    public func curveArrays() -> CurveArrays {
        let c = curves
        return CurveArrays(bindingEnergy: c.bindingEnergy, intensity: c.data, background: c.background, envelope: c.envelope, residuals: c.residuals,
                           components: zip(components, c.components).map { comp, curve in
                               .init(name: comp.name, values: zip(curve, c.background).map { $0 - $1 })
                           })
    }
}

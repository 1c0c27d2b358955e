// SPDX-License-Identifier: GPL-3.0-or-later

/// One synthetic component of a core-level model: a line shape with a position, a FWHM and an area,
/// each free within bounds, fixed, or tied to another component the CasaXPS way (area × ratio,
/// FWHM × ratio, position + offset).
///
///     var lif = XPSComponent("LiF", center: 685.2, centerRange: 684.6...685.9, fwhm: 1.6, fwhmRange: 0.9...2.4)
///     let p2p = XPSComponent.doublet("P 2p", center: 133.3, splitting: 0.87, ratio: 0.5, fwhm: 1.1)
///     p2p.components   // P 2p3/2, P 2p1/2
public struct XPSComponent: Sendable, Hashable, Codable {
    /// A tie to another component: value = source's value × ratio (area, FWHM) or + offset (position).
    public struct Link: Sendable, Hashable, Codable {
        /// The name of the component followed.
        public var source: String
        /// The ratio (area, FWHM) or offset in eV (position).
        public var value: Double
        /// A tie to `source` by `value`.
        public init(_ source: String, _ value: Double) {
            self.source = source
            self.value = value
        }
    }

    /// The name results and links use.
    public var name: String
    /// The line shape (GL product by default).
    public var shape: XPSLineShape
    /// Starting position (eV binding energy) and its allowed window (nil: free).
    public var center: Double
    /// The window the position may move in (nil: free).
    public var centerRange: ClosedRange<Double>?
    /// Starting FWHM parameter (eV) and its window.
    public var fwhm: Double
    /// The window the FWHM may move in.
    public var fwhmRange: ClosedRange<Double>
    /// Starting area (intensity × eV); nil lets the fitter estimate it from the data.
    public var area: Double?
    /// Hold the position at ``center``.
    public var fixCenter = false
    /// Hold the FWHM at ``fwhm``.
    public var fixFWHM = false
    /// Position = source's position + offset (eV).
    public var centerLink: Link?
    /// FWHM = source's FWHM × ratio.
    public var fwhmLink: Link?
    /// Area = source's area × ratio.
    public var areaLink: Link?
    /// May be dropped by model selection when the data do not support it.
    public var isOptional = false
    /// Components with the same chemical state should share a width (a lint checks it).
    public var chemicalState: String?
    /// Why this component is in the model (a literature binding energy, a species); shown in reports.
    public var justification: String?

    /// A free component starting at `center` and `fwhm`, within the windows given.
    public init(_ name: String, shape: XPSLineShape = .glProduct(m: 0.3), center: Double,
                centerRange: ClosedRange<Double>? = nil, fwhm: Double, fwhmRange: ClosedRange<Double> = 0.3...5,
                area: Double? = nil) {
        self.name = name
        self.shape = shape
        self.center = center
        self.centerRange = centerRange
        self.fwhm = fwhm
        self.fwhmRange = fwhmRange
        self.area = area
    }

    /// A spin-orbit doublet: the lower-j line at `center + splitting` with area × `ratio` (1/2 for p,
    /// 2/3 for d, 3/4 for f), the same FWHM and line shape. Names get `3/2`-style suffixes from `j`.
    public static func doublet(_ name: String, shape: XPSLineShape = .glProduct(m: 0.3), center: Double,
                               centerRange: ClosedRange<Double>? = nil, splitting: Double, ratio: Double,
                               fwhm: Double, fwhmRange: ClosedRange<Double> = 0.3...5,
                               labels: (String, String) = ("3/2", "1/2")) -> XPSDoublet {
        var main = XPSComponent("\(name)\(labels.0)", shape: shape, center: center, centerRange: centerRange,
                                fwhm: fwhm, fwhmRange: fwhmRange)
        main.chemicalState = name
        var partner = XPSComponent("\(name)\(labels.1)", shape: shape, center: center + splitting, fwhm: fwhm, fwhmRange: fwhmRange)
        partner.centerLink = Link(main.name, splitting)
        partner.fwhmLink = Link(main.name, 1)
        partner.areaLink = Link(main.name, ratio)
        partner.chemicalState = name
        return XPSDoublet(main: main, partner: partner)
    }
}

/// A spin–orbit doublet: the higher-j line and its partner, whose centre, width and area are linked
/// to it (``XPSComponent/doublet(_:shape:center:centerRange:splitting:ratio:fwhm:fwhmRange:labels:)``).
public struct XPSDoublet: Sendable, Hashable {
    /// The higher-j line (2p3/2, 3d5/2, 4f7/2).
    public var main: XPSComponent
    /// The lower-j line, linked to ``main``.
    public var partner: XPSComponent
    /// Both lines, the higher-j first: what a model's component list takes.
    public var components: [XPSComponent] { [main, partner] }

    /// The two lines as given (the partner's links are not checked).
    public init(main: XPSComponent, partner: XPSComponent) {
        self.main = main
        self.partner = partner
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// A figure: one or more panels in a grid. A plain value; ``FigureRenderer`` draws it on any
/// ``Canvas`` and ``Figure/write(to:format:scale:fontFamily:)`` writes PNG, SVG or PDF through cairo.
///
///     var panel = Panel(x: Axis("Wavenumber (cm⁻¹)", reversed: true), y: Axis("Absorbance"))
///     panel.add(.line(LineSeries(x: s.x, y: s.y, label: "PMMA")))
///     try Figure(panels: [panel]).write(to: "pmma.png")
public struct Figure: Sendable {
    /// Size in points (1/72 inch). PNG output multiplies by `scale`.
    public var width: Double
    public var height: Double
    public var title: String?
    public var panels: [Panel]
    /// Panels per row.
    public var columns: Int

    public init(width: Double = 720, height: Double = 440, title: String? = nil, panels: [Panel], columns: Int = 1) {
        self.width = width
        self.height = height
        self.title = title
        self.panels = panels
        self.columns = max(columns, 1)
    }
}

/// One set of axes with its layers.
public struct Panel: Sendable {
    public var title: String?
    public var x: Axis
    public var y: Axis
    public var layers: [PlotLayer]
    public var legend: LegendPlacement
    /// Draw light grid lines at the major ticks.
    public var grid: Bool
    /// Keep one data unit the same length on both axes (images).
    public var equalAspect: Bool

    public init(title: String? = nil, x: Axis, y: Axis, layers: [PlotLayer] = [], legend: LegendPlacement = .topRight,
                grid: Bool = false, equalAspect: Bool = false) {
        self.title = title
        self.x = x
        self.y = y
        self.layers = layers
        self.legend = legend
        self.grid = grid
        self.equalAspect = equalAspect
    }

    public mutating func add(_ layer: PlotLayer) { layers.append(layer) }
}

/// An axis: label (Unicode welcome: cm⁻¹, µm, χ²), optional fixed range, direction.
public struct Axis: Sendable {
    public var label: String
    /// Fixed data range; nil to fit the layers.
    public var range: ClosedRange<Double>?
    /// Draw high values on the left (x) or bottom (y): wavenumber and binding-energy axes.
    public var reversed: Bool
    /// Hide ticks and labels (image panels).
    public var hidden: Bool

    public init(_ label: String, range: ClosedRange<Double>? = nil, reversed: Bool = false, hidden: Bool = false) {
        self.label = label
        self.range = range
        self.reversed = reversed
        self.hidden = hidden
    }
}

public enum LegendPlacement: Sendable { case topRight, topLeft, none }

public enum LineStyle: Sendable, Hashable { case solid, dashed, dotted }
public enum MarkerShape: Sendable, Hashable { case circle, square, triangle, cross }

public struct LineSeries: Sendable {
    public var x: [Double], y: [Double]
    public var label: String?
    public var color: Color?
    public var width: Double
    public var style: LineStyle
    public init(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, width: Double = 1.4, style: LineStyle = .solid) {
        self.x = x; self.y = y; self.label = label; self.color = color; self.width = width; self.style = style
    }
}

public struct MarkerSeries: Sendable {
    public var x: [Double], y: [Double]
    public var label: String?
    public var color: Color?
    public var shape: MarkerShape
    public var size: Double
    /// Optional text drawn above each marker (peak positions, for example).
    public var annotations: [String]?
    public init(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, shape: MarkerShape = .circle, size: Double = 5, annotations: [String]? = nil) {
        self.x = x; self.y = y; self.label = label; self.color = color; self.shape = shape; self.size = size; self.annotations = annotations
    }
}

/// The region between `lower` and `upper` (a fitted component over its background, say).
public struct FilledArea: Sendable {
    public var x: [Double], lower: [Double], upper: [Double]
    public var label: String?
    public var color: Color?
    public var opacity: Double
    public init(x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color? = nil, opacity: Double = 0.3) {
        self.x = x; self.lower = lower; self.upper = upper; self.label = label; self.color = color; self.opacity = opacity
    }
}

public struct HistogramLayer: Sendable {
    public var histogram: Histogram
    public var label: String?
    public var color: Color?
    public init(_ histogram: Histogram, label: String? = nil, color: Color? = nil) {
        self.histogram = histogram; self.label = label; self.color = color
    }
}

/// An 8-bit gray or RGB image placed on data coordinates: pixel (0, 0)'s corner at
/// (`origin.x`, `origin.y`), each pixel `pixelSize` data units, row 0 at the top.
public struct ImageLayer: Sendable {
    public var raster: Raster<UInt8>
    public var origin: (x: Double, y: Double)
    public var pixelSize: Double
    public init(_ raster: Raster<UInt8>, origin: (x: Double, y: Double) = (0, 0), pixelSize: Double = 1) {
        self.raster = raster; self.origin = origin; self.pixelSize = pixelSize
    }
}

/// Overlay shapes in data coordinates.
public enum Overlay: Sendable {
    case polyline(x: [Double], y: [Double], color: Color, width: Double)
    case circle(x: Double, y: Double, radius: Double, color: Color, width: Double)
    case text(String, x: Double, y: Double, color: Color, size: Double)
    /// Text whose left edge is at x (table cells, notes).
    case leftText(String, x: Double, y: Double, color: Color, size: Double, bold: Bool)
    /// A vertical marker line across the panel at x (band positions).
    case verticalLine(x: Double, color: Color, style: LineStyle, label: String?)
    /// A scale bar of `length` data units with its label, at the panel's lower left.
    case scaleBar(length: Double, label: String, color: Color)
}

public enum PlotLayer: Sendable {
    case line(LineSeries)
    case markers(MarkerSeries)
    case area(FilledArea)
    case histogram(HistogramLayer)
    case image(ImageLayer)
    case overlay(Overlay)
}

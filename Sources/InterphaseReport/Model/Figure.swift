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
    /// Height in points.
    public var height: Double
    /// The figure's title above every panel (nil: none).
    public var title: String?
    /// The panels, filled row by row.
    public var panels: [Panel]
    /// Panels per row.
    public var columns: Int

    /// A figure of `panels` in `columns` columns, 720 × 440 points unless given.
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
    /// The panel's title (nil: none).
    public var title: String?
    /// The horizontal axis.
    public var x: Axis
    /// The vertical axis.
    public var y: Axis
    /// What is drawn, first at the bottom.
    public var layers: [PlotLayer]
    /// Where the legend of the labelled layers goes.
    public var legend: LegendPlacement
    /// Draw light grid lines at the major ticks.
    public var grid: Bool
    /// Keep one data unit the same length on both axes (images).
    public var equalAspect: Bool

    /// A panel with these axes and layers.
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

    /// Adds a layer on top of the others.
    public mutating func add(_ layer: PlotLayer) { layers.append(layer) }
}

/// An axis: label (Unicode welcome: cm⁻¹, µm, χ²), optional fixed range, direction.
public struct Axis: Sendable {
    /// The label, with its unit.
    public var label: String
    /// Fixed data range; nil to fit the layers.
    public var range: ClosedRange<Double>?
    /// Draw high values on the left (x) or bottom (y): wavenumber and binding-energy axes.
    public var reversed: Bool
    /// Hide ticks and labels (image panels).
    public var hidden: Bool

    /// An axis with this label, fitted to the data unless `range` is given.
    public init(_ label: String, range: ClosedRange<Double>? = nil, reversed: Bool = false, hidden: Bool = false) {
        self.label = label
        self.range = range
        self.reversed = reversed
        self.hidden = hidden
    }
}

/// Where a panel's legend goes.
public enum LegendPlacement: Sendable {
    /// Inside the axes, top right.
    case topRight
    /// Inside the axes, top left.
    case topLeft
    /// No legend.
    case none
}

/// How a line is stroked.
public enum LineStyle: Sendable, Hashable {
    /// Continuous.
    case solid
    /// Long dashes (fits, backgrounds).
    case dashed
    /// Dots (references, limits).
    case dotted
}

/// The symbol of a marker series.
public enum MarkerShape: Sendable, Hashable {
    /// A filled circle.
    case circle
    /// A filled square.
    case square
    /// A filled triangle, point up.
    case triangle
    /// An ×.
    case cross
}

/// A line through points; NaN values break it into stretches.
public struct LineSeries: Sendable {
    /// The x of each point, data units.
    public var x: [Double]
    /// The y of each point (NaN: a gap).
    public var y: [Double]
    /// The legend text (nil: not in the legend).
    public var label: String?
    /// The colour (nil: the next colour of ``Color/cycle``).
    public var color: Color?
    /// The stroke width, points.
    public var width: Double
    /// Solid, dashed or dotted.
    public var style: LineStyle
    /// A line series; x and y of the same length.
    public init(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, width: Double = 1.4, style: LineStyle = .solid) {
        self.x = x; self.y = y; self.label = label; self.color = color; self.width = width; self.style = style
    }
}

/// Symbols at points (peaks, references).
public struct MarkerSeries: Sendable {
    /// The x of each marker.
    public var x: [Double]
    /// The y of each marker.
    public var y: [Double]
    /// The legend text (nil: not in the legend).
    public var label: String?
    /// The colour (nil: the next colour of ``Color/cycle``).
    public var color: Color?
    /// The symbol.
    public var shape: MarkerShape
    /// The symbol's size, points.
    public var size: Double
    /// Optional text drawn above each marker (peak positions, for example).
    public var annotations: [String]?
    /// A marker series; x, y (and annotations) of the same length.
    public init(x: [Double], y: [Double], label: String? = nil, color: Color? = nil, shape: MarkerShape = .circle, size: Double = 5, annotations: [String]? = nil) {
        self.x = x; self.y = y; self.label = label; self.color = color; self.shape = shape; self.size = size; self.annotations = annotations
    }
}

/// The region between `lower` and `upper` (a fitted component over its background, say).
public struct FilledArea: Sendable {
    /// The x of each point.
    public var x: [Double]
    /// The lower edge at each x.
    public var lower: [Double]
    /// The upper edge at each x.
    public var upper: [Double]
    /// The legend text (nil: not in the legend).
    public var label: String?
    /// The colour (nil: the next colour of ``Color/cycle``).
    public var color: Color?
    /// The fill's opacity, 0…1.
    public var opacity: Double
    /// A filled area; x, lower and upper of the same length.
    public init(x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: Color? = nil, opacity: Double = 0.3) {
        self.x = x; self.lower = lower; self.upper = upper; self.label = label; self.color = color; self.opacity = opacity
    }
}

/// The bars of a histogram.
public struct HistogramLayer: Sendable {
    /// Bin edges and counts.
    public var histogram: Histogram
    /// The legend text (nil: not in the legend).
    public var label: String?
    /// The colour (nil: the next colour of ``Color/cycle``).
    public var color: Color?
    /// A histogram layer.
    public init(_ histogram: Histogram, label: String? = nil, color: Color? = nil) {
        self.histogram = histogram; self.label = label; self.color = color
    }
}

/// An 8-bit gray or RGB image placed on data coordinates: pixel (0, 0)'s corner at
/// (`origin.x`, `origin.y`), each pixel `pixelSize` data units, row 0 at the top.
public struct ImageLayer: Sendable {
    /// The image.
    public var raster: Raster<UInt8>
    /// Where pixel (0, 0)'s corner lies, data units.
    public var origin: (x: Double, y: Double)
    /// Data units per pixel (µm for calibrated micrographs, 1 for pixels).
    public var pixelSize: Double
    /// An image layer.
    public init(_ raster: Raster<UInt8>, origin: (x: Double, y: Double) = (0, 0), pixelSize: Double = 1) {
        self.raster = raster; self.origin = origin; self.pixelSize = pixelSize
    }
}

/// Overlay shapes in data coordinates.
public enum Overlay: Sendable {
    /// An open line through the points, `width` points wide.
    case polyline(x: [Double], y: [Double], color: Color, width: Double)
    /// A circle of `radius` data units.
    case circle(x: Double, y: Double, radius: Double, color: Color, width: Double)
    /// Text centred on the point, `size` points.
    case text(String, x: Double, y: Double, color: Color, size: Double)
    /// Text whose left edge is at x (table cells, notes).
    case leftText(String, x: Double, y: Double, color: Color, size: Double, bold: Bool)
    /// A vertical marker line across the panel at x (band positions).
    case verticalLine(x: Double, color: Color, style: LineStyle, label: String?)
    /// A scale bar of `length` data units with its label, at the panel's lower left.
    case scaleBar(length: Double, label: String, color: Color)
}

/// One thing a panel draws.
public enum PlotLayer: Sendable {
    /// A line series.
    case line(LineSeries)
    /// Markers.
    case markers(MarkerSeries)
    /// A filled area.
    case area(FilledArea)
    /// Histogram bars.
    case histogram(HistogramLayer)
    /// An image.
    case image(ImageLayer)
    /// A shape or text in data coordinates.
    case overlay(Overlay)
}

// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Which point of a text the given x is.
public enum HorizontalAnchor: Sendable {
    /// The text starts at x.
    case left
    /// The text is centred on x.
    case center
    /// The text ends at x.
    case right
}

/// Which line of a text the given y is.
public enum VerticalAnchor: Sendable {
    /// The top of the font's ascent.
    case top
    /// Half-way between the ascent and the descent.
    case middle
    /// The baseline.
    case baseline
    /// The bottom of the font's descent.
    case bottom
}

/// The drawing primitives a figure needs, in points with y growing downward.
/// ``CairoCanvas`` draws them; ``RecordingCanvas`` records them for tests.
public protocol Canvas: AnyObject {
    /// The colour of the strokes, fills and texts that follow.
    func setColor(_ color: Color)
    /// The stroke width, points.
    func setLineWidth(_ width: Double)
    /// The dash pattern, on and off lengths in points (empty: solid).
    func setDash(_ pattern: [Double])
    /// Starts a new subpath at (x, y).
    func moveTo(_ x: Double, _ y: Double)
    /// Adds a straight segment to (x, y).
    func lineTo(_ x: Double, _ y: Double)
    /// Adds a closed rectangle with its top-left corner at (x, y).
    func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double)
    /// Adds a closed circle centred on (x, y).
    func circle(_ x: Double, _ y: Double, radius: Double)
    /// Closes the current subpath.
    func closePath()
    /// Strokes the path and clears it.
    func stroke()
    /// Fills the path and clears it.
    func fill()
    /// Saves the drawing state (colour, width, dash, clip).
    func save()
    /// Restores the state last saved.
    func restore()
    /// Intersects the clip region with the current path and clears the path.
    func clip()
    /// Draws a text of `size` points anchored at (x, y), rotated by `rotation` degrees about that point.
    func text(_ string: String, x: Double, y: Double, size: Double, horizontal: HorizontalAnchor, vertical: VerticalAnchor, rotation: Double, bold: Bool)
    /// The width a text would take, points.
    func textWidth(_ string: String, size: Double, bold: Bool) -> Double
    /// Draws an 8-bit gray or RGB raster into the rectangle.
    func image(_ raster: Raster<UInt8>, x: Double, y: Double, width: Double, height: Double)
}

/// A canvas that records what was drawn, so tests can check a figure without rasterising it.
public final class RecordingCanvas: Canvas {
    /// One drawing operation, as recorded.
    public enum Operation: Sendable, Equatable {
        /// A stroke of a path of this many points.
        case stroke(points: Int, color: Color, width: Double)
        /// A fill of a path of this many points.
        case fill(points: Int, color: Color)
        /// A text and where it was anchored.
        case text(String, x: Double, y: Double, rotation: Double)
        /// A raster of this size.
        case image(width: Int, height: Int)
    }

    /// Everything drawn, in order.
    public private(set) var operations: [Operation] = []
    /// Every `moveTo` so far: each starts a subpath (a line with gaps has one per stretch).
    public private(set) var moves = 0
    var pathPoints = 0
    var color = Color.black
    var lineWidth = 1.0

    /// An empty recording.
    public init() {}

    /// The texts drawn, in order.
    public var texts: [String] {
        operations.compactMap { if case .text(let s, _, _, _) = $0 { s } else { nil } }
    }
    /// The number of strokes drawn.
    public var strokeCount: Int { operations.filter { if case .stroke = $0 { true } else { false } }.count }

    public func setColor(_ c: Color) { color = c }
    public func setLineWidth(_ w: Double) { lineWidth = w }
    public func setDash(_ pattern: [Double]) {}
    public func moveTo(_ x: Double, _ y: Double) { pathPoints += 1; moves += 1 }
    public func lineTo(_ x: Double, _ y: Double) { pathPoints += 1 }
    public func rectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { pathPoints += 4 }
    public func circle(_ x: Double, _ y: Double, radius: Double) { pathPoints += 1 }
    public func closePath() {}
    public func stroke() { operations.append(.stroke(points: pathPoints, color: color, width: lineWidth)); pathPoints = 0 }
    public func fill() { operations.append(.fill(points: pathPoints, color: color)); pathPoints = 0 }
    public func save() {}
    public func restore() {}
    public func clip() { pathPoints = 0 }
    public func text(_ s: String, x: Double, y: Double, size: Double, horizontal: HorizontalAnchor, vertical: VerticalAnchor, rotation: Double, bold: Bool) {
        operations.append(.text(s, x: x, y: y, rotation: rotation))
    }
    public func textWidth(_ s: String, size: Double, bold: Bool) -> Double { Double(s.count) * size * 0.55 }
    public func image(_ r: Raster<UInt8>, x: Double, y: Double, width: Double, height: Double) {
        operations.append(.image(width: r.width, height: r.height))
    }
}

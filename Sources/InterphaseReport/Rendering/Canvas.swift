// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

public enum HorizontalAnchor: Sendable { case left, center, right }
public enum VerticalAnchor: Sendable { case top, middle, baseline, bottom }

/// The drawing primitives a figure needs, in points with y growing downward.
/// ``CairoCanvas`` draws them; ``RecordingCanvas`` records them for tests.
public protocol Canvas: AnyObject {
    func setColor(_ color: Color)
    func setLineWidth(_ width: Double)
    func setDash(_ pattern: [Double])
    func moveTo(_ x: Double, _ y: Double)
    func lineTo(_ x: Double, _ y: Double)
    func rectangle(_ x: Double, _ y: Double, _ width: Double, _ height: Double)
    func circle(_ x: Double, _ y: Double, radius: Double)
    func closePath()
    func stroke()
    func fill()
    func save()
    func restore()
    /// Intersects the clip region with the current path and clears the path.
    func clip()
    func text(_ string: String, x: Double, y: Double, size: Double, horizontal: HorizontalAnchor, vertical: VerticalAnchor, rotation: Double, bold: Bool)
    func textWidth(_ string: String, size: Double, bold: Bool) -> Double
    /// Draws an 8-bit gray or RGB raster into the rectangle.
    func image(_ raster: Raster<UInt8>, x: Double, y: Double, width: Double, height: Double)
}

/// A canvas that records what was drawn, so tests can check a figure without rasterising it.
public final class RecordingCanvas: Canvas {
    public enum Operation: Sendable, Equatable {
        case stroke(points: Int, color: Color, width: Double)
        case fill(points: Int, color: Color)
        case text(String, x: Double, y: Double, rotation: Double)
        case image(width: Int, height: Int)
    }

    public private(set) var operations: [Operation] = []
    /// Every `moveTo` so far: each starts a subpath (a line with gaps has one per stretch).
    public private(set) var moves = 0
    var pathPoints = 0
    var color = Color.black
    var lineWidth = 1.0

    public init() {}

    public var texts: [String] {
        operations.compactMap { if case .text(let s, _, _, _) = $0 { s } else { nil } }
    }
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

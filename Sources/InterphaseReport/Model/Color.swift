// SPDX-License-Identifier: GPL-3.0-or-later

/// An sRGB colour with alpha, components in 0…1.
public struct Color: Sendable, Hashable, Codable {
    /// The red component, 0…1.
    public var red: Double
    /// The green component, 0…1.
    public var green: Double
    /// The blue component, 0…1.
    public var blue: Double
    /// The opacity, 0 (transparent) … 1 (opaque).
    public var alpha: Double

    /// A colour from its components, opaque unless `alpha` is given.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// From a 0xRRGGBB literal.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double((hex >> 16) & 0xFF) / 255, green: Double((hex >> 8) & 0xFF) / 255, blue: Double(hex & 0xFF) / 255, alpha: alpha)
    }

    /// The same colour with another opacity.
    public func withAlpha(_ a: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: a) }

    /// Black.
    public static let black = Color(hex: 0x000000)
    /// White.
    public static let white = Color(hex: 0xFFFFFF)
    /// Mid grey (axes, secondary text).
    public static let gray = Color(hex: 0x808080)
    /// Light grey (grid lines, shading).
    public static let lightGray = Color(hex: 0xE6E6E6)
    /// Red (warnings, markers).
    public static let red = Color(hex: 0xD62728)

    /// A colour-blind-safe cycle (Okabe–Ito), used for series without an explicit colour.
    public static let cycle: [Color] = [0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9, 0xF0E442, 0x000000].map { Color(hex: $0) }
}

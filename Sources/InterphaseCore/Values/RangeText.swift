// SPDX-License-Identifier: GPL-3.0-or-later

/// Ranges written as `LOW:HIGH` (for example `600:4000` cm⁻¹ or `680:695` eV), as the command line
/// and model files take them.
public enum RangeText {
    /// `LOW:HIGH` with LOW < HIGH, both finite; nil otherwise.
    public static func parse(_ text: String) -> ClosedRange<Double>? {
        let p = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0) }
        guard p.count == 2, let a = p[0], let b = p[1], a.isFinite, b.isFinite, a < b else { return nil }
        return a...b
    }
}

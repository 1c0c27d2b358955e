// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Text formats a spectrum can be written in.
public enum SpectrumTextFormat: String, Sendable, CaseIterable {
    /// Comma-separated values, or JCAMP-DX 4.24 in AFFN.
    case csv, jcamp
}

/// Writes spectra as CSV or JCAMP-DX (AFFN). Numbers use Swift's shortest round-trip decimal form,
/// so reading the file back gives the same doubles bit for bit.
///
///     let text = SpectrumWriter.csv(spectrum)
///     let jdx = SpectrumWriter.jcamp(spectrum)
public enum SpectrumWriter {
    /// `x,y` rows after `#` comment lines naming the axes (numpy's `loadtxt` skips them).
    public static func csv(_ s: Spectrum) -> String {
        var out = "# \(s.name)\n# x: \(s.xKind.label(unit: s.xUnit)); y: \(s.yKind.label(unit: s.yUnit))\n"
        out.reserveCapacity(out.count + s.count * 28)
        for i in 0..<s.count { out += "\(s.x[i]),\(s.y[i])\n" }
        return out
    }

    /// JCAMP-DX 4.24, AFFN. Uses `##XYDATA=(X++(Y..Y))` when FIRSTX/LASTX/NPOINTS reproduce every x
    /// exactly (as a reader computes them); otherwise `##XYPOINTS=(XY..XY)`.
    public static func jcamp(_ s: Spectrum) -> String {
        var out = "##TITLE=\(s.name.replacingNewlines)\n##JCAMP-DX=4.24\n"
        out += "##DATA TYPE=\(s.xKind == .wavenumber ? "INFRARED SPECTRUM" : "UNKNOWN")\n"
        out += "##ORIGIN=Interphase\n##OWNER=\n"
        out += "##XUNITS=\(xUnits(s))\n##YUNITS=\(yUnits(s))\n"
        out += "##XFACTOR=1\n##YFACTOR=1\n"
        let n = s.count
        out += "##FIRSTX=\(s.x[0])\n##LASTX=\(s.x[n - 1])\n##NPOINTS=\(n)\n##FIRSTY=\(s.y[0])\n"
        out += "##MINY=\(s.yMin)\n##MAXY=\(s.yMax)\n"
        for step in s.provenance { out += "##$INTERPHASE PROVENANCE=\(step.description.replacingNewlines)\n" }
        if gridReproduces(s.x) {
            out += "##XYDATA=(X++(Y..Y))\n"
            var i = 0
            while i < n {
                var line = "\(s.x[i])"
                var k = 0
                while i < n && k < 8 { line += " \(s.y[i])"; i += 1; k += 1 }
                out += line + "\n"
            }
        } else {
            out += "##XYPOINTS=(XY..XY)\n"
            for i in 0..<n { out += "\(s.x[i]), \(s.y[i])\n" }
        }
        return out + "##END=\n"
    }

    /// Whether x[i] == first + i·(last − first)/(n − 1) exactly, the formula the reader uses.
    static func gridReproduces(_ x: [Double]) -> Bool {
        let n = x.count
        guard n > 1 else { return true }
        let dx = (x[n - 1] - x[0]) / Double(n - 1)
        for i in 0..<n where x[0] + Double(i) * dx != x[i] { return false }
        return true
    }

    static func xUnits(_ s: Spectrum) -> String {
        switch (s.xKind, s.xUnit) {
        case (.wavenumber, _): "1/CM"
        case (.wavelength, .micrometre): "MICROMETERS"
        case (.wavelength, _): "NANOMETERS"
        case (.time, _): "SECONDS"
        default: "ARBITRARY UNITS"
        }
    }

    static func yUnits(_ s: Spectrum) -> String {
        switch s.yKind {
        case .absorbance: "ABSORBANCE"
        case .transmittance: "TRANSMITTANCE"
        case .reflectance: "REFLECTANCE"
        case .kubelkaMunk: "KUBELKA-MUNK"
        case .counts: "COUNTS"
        default: "ARBITRARY UNITS"
        }
    }
}

extension String {
    var replacingNewlines: String { String(map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
}

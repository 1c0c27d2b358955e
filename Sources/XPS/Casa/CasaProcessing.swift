// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation

/// The CasaXPS processing stored in VAMAS block comments (`CASA region …`, `CASA comp …`), read
/// into the same component model the fitter uses, with positions converted to binding energy
/// (CasaXPS writes them on the block's abscissa, kinetic energy for most files).
///
///     let casa = try CasaProcessing(comments: file.comments[0], photonEnergy: 1486.61, abscissaIsKinetic: true, source: path)
///     casa.components.map(\.center)   // [709.047, 716.0, 722.128, 729.888]
public struct CasaProcessing: Sendable, Hashable, Codable {
    /// A CasaXPS region: the window and background of a quantification.
    public struct Region: Sendable, Hashable, Codable {
        /// The region's name in CasaXPS.
        public var name: String
        /// CasaXPS background name (`Shirley`, `Linear`, `U 3 Tougaard`, `U 2 Tougaard`, …).
        public var background: String
        /// Region limits in binding energy (eV), low first.
        public var low: Double
        /// The upper limit in binding energy (eV).
        public var high: Double
        /// The region's relative sensitivity factor.
        public var sensitivityFactor: Double
        /// Channels averaged at the ends, and the start/end offsets (% of the step), as CasaXPS stores them.
        public var averageWidth: Double
        /// The start and end offsets (% of the step).
        public var offsets: [Double]
        /// Background parameters after the offsets (B, C, D for U 3 Tougaard).
        public var parameters: [Double]
    }

    /// A bounded value with its CasaXPS link (`link` is the index of the source component, −1 for none).
    public struct Value: Sendable, Hashable, Codable {
        /// The value.
        public var value: Double
        /// Its lower bound.
        public var lower: Double
        /// Its upper bound.
        public var upper: Double
        /// The index of the component it is linked to (−1: none).
        public var link: Int
        /// The link's factor (scale for area and FWHM, offset for position).
        public var linkFactor: Double
    }

    /// A CasaXPS component with its bounds and links.
    public struct Component: Sendable, Hashable, Codable {
        /// The component's name in CasaXPS.
        public var name: String
        /// Line shape as CasaXPS wrote it, and parsed when the notation is known.
        public var shapeText: String
        /// ``shapeText`` parsed (nil when the notation is not one the fitter knows).
        public var shape: XPSLineShape?
        /// The area (intensity × eV in CasaXPS's units).
        public var area: Value
        /// The FWHM, eV.
        public var fwhm: Value
        /// Position in binding energy (eV); bounds converted too.
        public var center: Value
        /// The component's relative sensitivity factor, when CasaXPS stored one.
        public var sensitivityFactor: Double?
    }

    /// The regions in comment order.
    public var regions: [Region]
    /// The components in comment order.
    public var components: [Component]

    /// Parses the comment lines of one block. `abscissaIsKinetic` with `photonEnergy` converts positions
    /// and limits to binding energy (BE = hν − KE).
    public init(comments: [String], photonEnergy: Double, abscissaIsKinetic: Bool, source: String) throws(XPSError) {
        regions = []
        components = []
        func be(_ v: Double) -> Double { abscissaIsKinetic ? photonEnergy - v : v }
        for (k, line) in comments.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("CASA region") || trimmed.hasPrefix("CASA comp") else { continue }
            let t = Self.tokens(trimmed)
            let at = "\(source): comment line \(k + 1)"
            if trimmed.hasPrefix("CASA region") {
                // CASA region (*name*) (*background*) start end RSF avgWidth startOffset endOffset params… (*tag*) …
                guard t.count >= 10, let a = Double(t[4]), let b = Double(t[5]), let rsf = Double(t[6]), let avg = Double(t[7]),
                      let o1 = Double(t[8]), let o2 = Double(t[9]) else {
                    throw .invalidData(at, "CASA region needs name, background, start, end, RSF, width and offsets")
                }
                var params: [Double] = []
                var i = 10
                while i < t.count, let v = Double(t[i]) { params.append(v); i += 1 }
                regions.append(Region(name: Self.unwrap(t[2]), background: Self.unwrap(t[3]), low: min(be(a), be(b)), high: max(be(a), be(b)),
                                      sensitivityFactor: rsf, averageWidth: avg, offsets: [o1, o2], parameters: params))
            } else {
                guard t.count >= 4 else { throw .invalidData(at, "CASA comp needs a name and a line shape") }
                func value(_ key: String, position: Bool = false) throws(XPSError) -> Value {
                    guard let i = t.firstIndex(of: key), i + 5 < t.count,
                          let v = Double(t[i + 1]), let lo = Double(t[i + 2]), let hi = Double(t[i + 3]),
                          let link = Double(t[i + 4]), let f = Double(t[i + 5]) else {
                        throw .invalidData(at, "CASA comp: '\(key) value lower upper link factor' is missing or not numeric")
                    }
                    guard position else { return Value(value: v, lower: lo, upper: hi, link: Int(link), linkFactor: f) }
                    return Value(value: be(v), lower: min(be(lo), be(hi)), upper: max(be(lo), be(hi)), link: Int(link), linkFactor: f)
                }
                let shapeText = Self.unwrap(t[3])
                var rsf: Double? = nil
                if let i = t.firstIndex(of: "RSF"), i + 1 < t.count { rsf = Double(t[i + 1]) }
                components.append(Component(name: Self.unwrap(t[2]), shapeText: shapeText, shape: XPSLineShape(casa: shapeText),
                                            area: try value("Area"), fwhm: try value("MFWHM"), center: try value("Position", position: true),
                                            sensitivityFactor: rsf))
            }
        }
    }

    /// Splits on blanks, keeping `(*…*)` groups (which may contain blanks) as one token.
    static func tokens(_ s: String) -> [String] {
        var out: [String] = [], cur = ""
        var inGroup = false
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if !inGroup && c == "(" && i + 1 < chars.count && chars[i + 1] == "*" { inGroup = true; cur.append("(*"); i += 2; continue }
            if inGroup && c == "*" && i + 1 < chars.count && chars[i + 1] == ")" { inGroup = false; cur.append("*)"); i += 2; continue }
            if !inGroup && (c == " " || c == "\t") {
                if !cur.isEmpty { out.append(cur); cur = "" }
            } else { cur.append(c) }
            i += 1
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    static func unwrap(_ t: String) -> String {
        t.hasPrefix("(*") && t.hasSuffix("*)") && t.count >= 4 ? String(t.dropFirst(2).dropLast(2)) : t
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// Components and doublets from their text form, as the command line and model files write them.
///
///     XPSModelText.component("LiF=685.0,1.6,GL(30)")
///     XPSModelText.doublet("S2p=168.3,1.18,2:1")        // S2p3/2 and S2p1/2, area 1/2, same FWHM
public enum XPSModelText {
    /// Splits on commas outside parentheses (GL(30) has none, LA(1.2,2.5,0) has).
    static func fields(_ text: Substring) -> [String] {
        var parts: [String] = [], depth = 0, cur = ""
        for ch in text {
            if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
            if ch == "," && depth == 0 { parts.append(cur); cur = "" } else { cur.append(ch) }
        }
        parts.append(cur)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func nameAndFields(_ text: String) -> (String, [String])? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        return (name, fields(text[text.index(after: eq)...]))
    }

    /// `NAME=CENTER[,FWHM[,SHAPE]]`: centre free within ±1 eV, FWHM 0.3–5 eV (default 1.5), shape
    /// in CasaXPS notation (default GL(30)). nil when the text does not parse.
    public static func component(_ text: String) -> XPSComponent? {
        guard let (name, p) = nameAndFields(text), let center = Double(p[0]), center.isFinite else { return nil }
        let fwhm = p.count > 1 && !p[1].isEmpty ? Double(p[1]) : 1.5
        guard let fwhm, fwhm > 0 else { return nil }
        var shape = XPSLineShape.glProduct(m: 0.3)
        if p.count > 2 { guard let s = XPSLineShape(casa: p[2]) else { return nil }; shape = s }
        var c = XPSComponent(name, shape: shape, center: center, centerRange: (center - 1)...(center + 1), fwhm: fwhm, fwhmRange: 0.3...5)
        c.justification = "given on the command line"
        return c
    }

    /// `NAME=CENTER,SPLIT,RATIO[,FWHM[,SHAPE]]`: a spin–orbit doublet, the higher-j line at CENTER
    /// and its partner at CENTER + SPLIT with the same FWHM and shape. RATIO is the area ratio of the
    /// higher-j to the lower-j line as `2:1` (p), `3:2` (d), `4:3` (f), or the partner's fraction as
    /// a number (0.5). The names get j labels (`3/2`, `1/2`; `5/2`, `3/2`; `7/2`, `5/2`).
    public static func doublet(_ text: String) -> XPSDoublet? {
        guard let (name, p) = nameAndFields(text), p.count >= 3, let center = Double(p[0]), let split = Double(p[1]),
              center.isFinite, split.isFinite, split != 0 else { return nil }
        var partner: Double
        let ratioText = p[2]
        if let colon = ratioText.firstIndex(of: ":") {
            guard let a = Double(ratioText[..<colon]), let b = Double(ratioText[ratioText.index(after: colon)...]), a > 0, b > 0 else { return nil }
            partner = b / a
        } else {
            guard let r = Double(ratioText), r > 0 else { return nil }
            partner = r
        }
        let fwhm = p.count > 3 && !p[3].isEmpty ? Double(p[3]) : 1.2
        guard let fwhm, fwhm > 0 else { return nil }
        var shape = XPSLineShape.glProduct(m: 0.3)
        if p.count > 4 { guard let s = XPSLineShape(casa: p[4]) else { return nil }; shape = s }
        let labels: (String, String)
        switch (partner * 12).rounded() {
        case 6: labels = ("3/2", "1/2")
        case 8: labels = ("5/2", "3/2")
        case 9: labels = ("7/2", "5/2")
        default: labels = (" a", " b")
        }
        var d = XPSComponent.doublet(name, shape: shape, center: center, centerRange: (center - 1)...(center + 1),
                                     splitting: split, ratio: partner, fwhm: fwhm, labels: labels)
        d.main.justification = "doublet given on the command line"
        d.partner.justification = d.main.justification
        return d
    }
}

extension XPSModelText {
    /// A constraint between two components, as CasaXPS writes them: `B.fwhm=A.fwhm`,
    /// `B.fwhm=1.2*A.fwhm`, `B.area=0.5*A.area`, `B.center=A.center+1.2` (or `-1.2`).
    public struct LinkSpec: Sendable, Hashable {
        /// The parameter a link ties.
        public enum Parameter: String, Sendable {
            /// The position: B.center = A.center + offset.
            case center
            /// The width: B.fwhm = scale · A.fwhm.
            case fwhm
            /// The area: B.area = scale · A.area.
            case area
        }
        /// The component whose parameter follows (B).
        public var target: String
        /// The parameter tied.
        public var parameter: Parameter
        /// The component it follows (A).
        public var source: String
        /// Scale (fwhm, area) or offset in eV (center).
        public var value: Double
    }

    /// Parses a link text (`B.fwhm=1.2*A.fwhm`, `B.center=A.center+1.2`); nil when it is not one.
    public static func link(_ text: String) -> LinkSpec? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let lhs = text[..<eq].trimmingCharacters(in: .whitespaces), rhs = text[text.index(after: eq)...].filter { !$0.isWhitespace }
        guard let dot = lhs.lastIndex(of: "."), let p = LinkSpec.Parameter(rawValue: String(lhs[lhs.index(after: dot)...]).lowercased()) else { return nil }
        let target = String(lhs[..<dot])
        guard !target.isEmpty else { return nil }
        let suffix = "." + p.rawValue
        switch p {
        case .fwhm, .area:
            // [SCALE*]SOURCE.param
            var scale = 1.0, rest = Substring(rhs)
            if let star = rest.firstIndex(of: "*") {
                guard let s = Double(rest[..<star]), s > 0 else { return nil }
                scale = s
                rest = rest[rest.index(after: star)...]
            }
            guard rest.lowercased().hasSuffix(suffix) else { return nil }
            let source = String(rest.dropLast(suffix.count))
            return source.isEmpty ? nil : LinkSpec(target: target, parameter: p, source: source, value: scale)
        case .center:
            // SOURCE.center[±OFFSET]
            guard let r = rhs.lowercased().range(of: suffix) else { return nil }
            let source = String(rhs[..<r.lowerBound])
            let tail = rhs[r.upperBound...]
            let offset = tail.isEmpty ? 0 : Double(tail)
            guard let offset, !source.isEmpty else { return nil }
            return LinkSpec(target: target, parameter: p, source: source, value: offset)
        }
    }

    /// The model with `links` applied; unknown component names are an error.
    public static func apply(_ links: [LinkSpec], to model: [XPSComponent]) throws(XPSError) -> [XPSComponent] {
        var out = model
        for l in links {
            guard let t = out.firstIndex(where: { $0.name == l.target }) else {
                throw .invalidModel("link \(l.target).\(l.parameter.rawValue): no component \(l.target) (\(out.map(\.name).joined(separator: ", ")))")
            }
            guard out.contains(where: { $0.name == l.source }), l.source != l.target else {
                throw .invalidModel("link \(l.target).\(l.parameter.rawValue): no other component \(l.source)")
            }
            switch l.parameter {
            case .center: out[t].centerLink = .init(l.source, l.value)
            case .fwhm: out[t].fwhmLink = .init(l.source, l.value)
            case .area: out[t].areaLink = .init(l.source, l.value)
            }
        }
        return out
    }
}

extension XPSModelText {
    /// A bound on one parameter: `NAME.center=LOW:HIGH`, `NAME.fwhm=LOW:HIGH`, or a single value to
    /// fix it (`LiF.center=685.1`).
    public struct BoundSpec: Sendable, Hashable {
        /// The parameter a bound limits.
        public enum Parameter: String, Sendable {
            /// The position, eV.
            case center
            /// The FWHM, eV.
            case fwhm
        }
        /// The component bounded.
        public var target: String
        /// The parameter bounded.
        public var parameter: Parameter
        /// The allowed values (a single value: fixed).
        public var range: ClosedRange<Double>
        /// Whether the bound fixes the parameter.
        public var fixed: Bool { range.lowerBound == range.upperBound }
    }

    /// Parses a bound text (`LiF.center=684.5:685.5`, `LiF.fwhm=1.0:2.0`, `LiF.center=685.1`); nil
    /// when it is not one.
    public static func bound(_ text: String) -> BoundSpec? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let lhs = text[..<eq].trimmingCharacters(in: .whitespaces), rhs = text[text.index(after: eq)...].filter { !$0.isWhitespace }
        guard let dot = lhs.lastIndex(of: "."), let p = BoundSpec.Parameter(rawValue: String(lhs[lhs.index(after: dot)...]).lowercased()) else { return nil }
        let target = String(lhs[..<dot])
        guard !target.isEmpty else { return nil }
        let range: ClosedRange<Double>
        if let v = Double(rhs), v.isFinite { range = v...v }
        else if let r = RangeText.parse(String(rhs)) { range = r }
        else { return nil }
        if p == .fwhm && range.lowerBound <= 0 { return nil }
        return BoundSpec(target: target, parameter: p, range: range)
    }

    /// The model with `bounds` applied: the parameter's range replaced (and its start moved into it),
    /// or the parameter fixed. Unknown component names, and a bound on a parameter linked to another
    /// component, are errors.
    public static func apply(_ bounds: [BoundSpec], to model: [XPSComponent]) throws(XPSError) -> [XPSComponent] {
        var out = model
        for b in bounds {
            guard let t = out.firstIndex(where: { $0.name == b.target }) else {
                throw .invalidModel("bound \(b.target).\(b.parameter.rawValue): no component \(b.target) (\(out.map(\.name).joined(separator: ", ")))")
            }
            switch b.parameter {
            case .center:
                guard out[t].centerLink == nil else { throw .invalidModel("bound \(b.target).center: its centre is linked to \(out[t].centerLink!.source); bound that one") }
                out[t].centerRange = b.range
                out[t].center = min(max(out[t].center, b.range.lowerBound), b.range.upperBound)
                out[t].fixCenter = b.fixed
            case .fwhm:
                guard out[t].fwhmLink == nil else { throw .invalidModel("bound \(b.target).fwhm: its FWHM is linked to \(out[t].fwhmLink!.source); bound that one") }
                out[t].fwhmRange = b.range
                out[t].fwhm = min(max(out[t].fwhm, b.range.lowerBound), b.range.upperBound)
                out[t].fixFWHM = b.fixed
            }
        }
        return out
    }
}

/// A fit model saved as JSON, so that it can be rerun on a batch: the same texts as the command
/// line takes.
///
///     {"components": ["A=168.3,1.2"], "doublets": ["S2p=168.3,1.18,2:1"],
///      "links": ["B.fwhm=A.fwhm"], "bounds": ["A.center=168:168.6"], "background": "shirley",
///      "range": "160:175", "endPoints": 5}
public struct XPSModelFile: Sendable, Codable, Hashable {
    /// Component texts, as `--component` takes them.
    public var components: [String]?
    /// Doublet texts, as `--doublet` takes them.
    public var doublets: [String]?
    /// Link texts, as `--link` takes them.
    public var links: [String]?
    /// Bound texts, as `--bound` takes them.
    public var bounds: [String]?
    /// The background name, as `--background` takes it.
    public var background: String?
    /// The binding-energy range, as `--range` takes it.
    public var range: String?
    /// Channels averaged at each end of a static background.
    public var endPoints: Int?

    /// Reads a model file; an unreadable file or JSON that does not match is an error naming the file.
    public static func load(_ path: String) throws(XPSError) -> XPSModelFile {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .invalidData(path, error.description) }
        let file: XPSModelFile
        do { file = try JSONDecoder().decode(XPSModelFile.self, from: Data(bytes)) } catch {
            throw .invalidModel("\(path): not a model file (components, doublets, links, bounds, background, range, endPoints): \(error)")
        }
        _ = try file.components(path: path)
        _ = try file.boundSpecs(path: path)
        if let b = file.background, XPSBackgroundChoice(rawValue: b) == nil { throw .invalidModel("\(path): background '\(b)' is not shirley, tougaard, linear or active") }
        if let r = file.range, RangeText.parse(r) == nil { throw .invalidModel("\(path): range '\(r)' is not LOW:HIGH") }
        if let e = file.endPoints, e < 1 { throw .invalidModel("\(path): endPoints must be at least 1") }
        return file
    }

    /// A model file's components (doublets as their two lines) and links, every text checked.
    public struct Model: Sendable {
        /// The components, each doublet as its two lines.
        public var components: [XPSComponent]
        /// The links between them.
        public var links: [XPSModelText.LinkSpec]
    }

    /// Components, doublets and links, every text checked.
    public func components(path: String = "model") throws(XPSError) -> Model {
        var out: [XPSComponent] = []
        for c in components ?? [] {
            guard let v = XPSModelText.component(c) else { throw .invalidModel("\(path): component '\(c)' is not NAME=CENTER[,FWHM[,SHAPE]]") }
            out.append(v)
        }
        for d in doublets ?? [] {
            guard let pair = XPSModelText.doublet(d) else { throw .invalidModel("\(path): doublet '\(d)' is not NAME=CENTER,SPLIT,RATIO[,FWHM[,SHAPE]]") }
            out += pair.components
        }
        var links: [XPSModelText.LinkSpec] = []
        for l in self.links ?? [] {
            guard let v = XPSModelText.link(l) else { throw .invalidModel("\(path): link '\(l)' is not B.param=[S*]A.param or B.center=A.center±OFFSET") }
            links.append(v)
        }
        return Model(components: out, links: links)
    }

    /// The bounds, every text checked.
    public func boundSpecs(path: String = "model") throws(XPSError) -> [XPSModelText.BoundSpec] {
        var out: [XPSModelText.BoundSpec] = []
        for b in bounds ?? [] {
            guard let v = XPSModelText.bound(b) else { throw .invalidModel("\(path): bound '\(b)' is not NAME.center=LOW:HIGH, NAME.fwhm=LOW:HIGH or NAME.PARAM=VALUE") }
            out.append(v)
        }
        return out
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import InterphaseCore

/// Reads SpecsLab 2 XML files (the CORBA serialisation SpecsLab writes: `IDL:specs.de/...` type ids),
/// parsed with Foundation's `XMLParser`.
///
/// Per region (`RegionData`): its `name`, the `RegionDef` (`kinetic_energy` of the first channel,
/// `scan_delta`, `values_per_curve`, `dwell_time`, `excitation_energy`, `pass_energy`,
/// `num_scans`, and `mcd_head` / `mcd_tail`, the extra steps an MCD detector sweep adds before and
/// after the region), the `detectors` (each with its energy `shift` as a fraction of the pass
/// energy and its `gain`), then `cycles` → `scans` → `counts`: (head + values + tail) × detectors
/// raw counts, energy step by energy step with the detectors inside (checked on the fixture: that
/// order is smooth, the other is not).
///
/// Channel `i` (kinetic energy `kinetic_energy + i·scan_delta`) sums, over scans and detectors,
/// detector d's count at sweep step `i + head − shift_d·E_pass/scan_delta` (linear interpolation
/// between steps; steps outside the sweep contribute nothing and are counted as missing), divided by
/// its gain. Binding energy is `excitation_energy − KE`, without the work function (XPS.md §2.2 trap
/// 5). Intensities are total counts, so fits have Poisson weights. Each cycle is one region.
/// A region that holds fewer scans than `num_scans` says so in the warnings and is summed over the
/// scans it holds.
public struct SpecsLabXMLReader: Sendable {
    /// A reader.
    public init() {}

    /// Whether the bytes begin as a SpecsLab 2 CORBA XML document.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        return head.hasPrefix("<?xml") && (head.contains("CORBA XML") || head.contains("IDL:specs.de"))
    }

    /// The regions of a file and what the reader noticed.
    public struct Document: Sendable {
        /// One region per cycle of each group's regions.
        public var regions: [XPSRegion]
        /// Incomplete regions and other findings, for the user.
        public var warnings: [String]
    }

    /// The regions of the file at `path`.
    public func read(_ path: String) throws(XPSReadError) -> Document {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    /// An element: its attributes, its text (whitespace-trimmed) and its children.
    final class Node {
        let tag: String
        let attributes: [String: String]
        var text = ""
        var children: [Node] = []
        init(_ tag: String, _ attributes: [String: String]) { self.tag = tag; self.attributes = attributes }
        var name: String? { attributes["name"] }
        func child(_ name: String) -> Node? { children.first { $0.name == name } }
        /// The first descendant so named (depth first), e.g. `mcd_head` inside the RegionDef's analyser info.
        func descendant(_ name: String) -> Node? {
            for c in children { if c.name == name { return c }; if let d = c.descendant(name) { return d } }
            return nil
        }
        func number(_ name: String) -> Double? { descendant(name).flatMap { Double($0.text.trimmingCharacters(in: .whitespacesAndNewlines)) } }
        /// All numbers in the element and its children, in order (sequences keep their values in one child).
        func numbers() -> [Double] {
            var out: [Double] = []
            func walk(_ n: Node) {
                for t in n.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }) { if let v = Double(t) { out.append(v) } }
                for c in n.children { walk(c) }
            }
            walk(self)
            return out
        }
    }

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [Node] = [Node("#document", [:])]
        var root: Node { stack[0] }
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let node = Node(elementName, attributes)
            stack.last!.children.append(node)
            stack.append(node)
        }
        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            if stack.count > 1 { stack.removeLast() }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.text += string }
    }

    /// The regions of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(XPSReadError) -> Document {
        // swift-corelibs-foundation's XMLParser crashes on the internal DTD subset SpecsLab writes
        // (element and attribute declarations only, no entities): blank it, keeping the line breaks
        // so that error lines stay right.
        var text = bytes
        let open = Array("<!DOCTYPE".utf8)
        if let a = (0..<max(0, min(text.count, 1 << 16) - open.count)).first(where: { text[$0..<($0 + open.count)].elementsEqual(open) }) {
            var b = a
            while b + 1 < text.count, !(text[b] == UInt8(ascii: "]") && text[b + 1] == UInt8(ascii: ">")) { b += 1 }
            guard b + 1 < text.count else { throw .malformed(path: path, at: .byte(a), reason: "the DOCTYPE declaration never ends") }
            for k in a...(b + 1) where text[k] != 10 && text[k] != 13 { text[k] = 32 }
        }
        let parser = XMLParser(data: Data(text))
        parser.shouldResolveExternalEntities = false
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse() else {
            let e = parser.parserError.map { String(describing: $0) } ?? "unknown"
            throw .malformed(path: path, at: .line(parser.lineNumber), reason: "not well-formed XML: \(e)")
        }
        // Foundation's parser accepts a document that stops inside an element: a cut file.
        guard builder.stack.count == 1, !builder.root.children.isEmpty else {
            let open = builder.stack.dropFirst().map { $0.name.map { "\($0)" } ?? $0.tag }.suffix(3).joined(separator: " › ")
            throw .malformed(path: path, at: .line(parser.lineNumber), reason: "truncated: the XML ends inside \(open.isEmpty ? "the document" : open) (\(builder.stack.count - 1) elements left open)")
        }
        func find(_ n: Node, _ name: String) -> Node? {
            if n.name == name { return n }
            for c in n.children { if let f = find(c, name) { return f } }
            return nil
        }
        guard let list = find(builder.root, "regions") else {
            throw .malformed(path: path, at: .wholeFile, reason: "a SpecsLab XML file without a 'regions' sequence: nothing to read")
        }
        var regions: [XPSRegion] = []
        var warnings: [String] = []
        for (r, data) in list.children.enumerated() where data.tag == "struct" {
            let name = data.child("name")?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? "region \(r + 1)"
            func bad(_ why: String) -> XPSReadError { .malformed(path: path, at: .wholeFile, reason: "region \(r + 1) (\(name)): \(why)") }
            guard let def = data.child("region") else { throw bad("no RegionDef") }
            guard let ke0 = def.number("kinetic_energy"), let delta = def.number("scan_delta"), delta > 0,
                  let nValues = def.number("values_per_curve").map(Int.init), nValues >= 3, nValues < 10_000_000,
                  let hv = def.number("excitation_energy"), let pass = def.number("pass_energy") else {
                throw bad("the RegionDef lacks kinetic_energy, scan_delta, values_per_curve, excitation_energy or pass_energy")
            }
            let head = Int(data.number("mcd_head") ?? 0), tail = Int(data.number("mcd_tail") ?? 0)
            guard head >= 0, tail >= 0 else { throw bad("negative mcd_head or mcd_tail") }
            let declaredScans = def.number("num_scans").map(Int.init)
            guard let detectorList = find(def, "detectors") ?? find(data, "detectors") else { throw bad("no detectors sequence") }
            let detectors = detectorList.children.filter { $0.tag == "struct" }.map { d in (shift: d.number("shift") ?? 0, gain: d.number("gain") ?? 1) }
            guard !detectors.isEmpty, detectors.allSatisfy({ $0.gain > 0 && $0.shift.isFinite }) else { throw bad("no detectors, or a detector with a gain ≤ 0") }
            let steps = nValues + head + tail, nd = detectors.count
            let transmission = data.child("transmission").map { $0.numbers() }
            guard let cycles = data.child("cycles") else { throw bad("no cycles sequence") }
            let cycleNodes = cycles.children.filter { $0.tag == "struct" }
            for (c, cycle) in cycleNodes.enumerated() {
                let scans = cycle.child("scans")?.children.filter { $0.tag == "struct" } ?? []
                guard !scans.isEmpty else { throw bad("cycle \(c + 1) holds no scans") }
                var sum = [Double](repeating: 0, count: nValues)
                var missing = 0
                for (s, scan) in scans.enumerated() {
                    guard let counts = scan.child("counts")?.numbers() else { throw bad("cycle \(c + 1), scan \(s + 1): no counts") }
                    guard counts.count == steps * nd else {
                        throw bad("cycle \(c + 1), scan \(s + 1): \(counts.count) counts, but (\(head) + \(nValues) + \(tail)) steps × \(nd) detectors = \(steps * nd) expected")
                    }
                    guard counts.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw bad("cycle \(c + 1), scan \(s + 1): a negative or non-finite count") }
                    for (d, det) in detectors.enumerated() {
                        let offset = Double(head) - det.shift * pass / delta
                        for i in 0..<nValues {
                            let j = Double(i) + offset
                            let j0 = Int(j.rounded(.down)), f = j - Double(j0)
                            guard j0 >= 0, j0 < steps else { missing += 1; continue }
                            let a = counts[j0 * nd + d], b = j0 + 1 < steps ? counts[(j0 + 1) * nd + d] : a
                            sum[i] += ((1 - f) * a + f * b) / det.gain
                        }
                    }
                }
                if let declaredScans, declaredScans != scans.count, c == 0 {
                    warnings.append("\(path): region \(name) declares \(declaredScans) scans and holds \(scans.count): summed over the \(scans.count) present")
                }
                if missing > 0 {
                    warnings.append("\(path): region \(name): \(missing) detector readings fall outside the MCD sweep (the head/tail is shorter than the detector shifts); the edge channels sum fewer detectors")
                }
                let be = (0..<nValues).map { hv - (ke0 + Double($0) * delta) }
                let label = cycleNodes.count > 1 ? "\(name) cycle \(c + 1)" : name
                do {
                    regions.append(try XPSRegion(name: label, bindingEnergy: be, intensity: sum, intensityKind: .counts, countsPerUnit: 1,
                                                 photonEnergy: hv, passEnergy: pass,
                                                 transmission: transmission?.count == nValues ? transmission : nil,
                                                 source: "\(path)#\(label)",
                                                 provenance: [ProcessingStep("read", ["format": "SpecsLab XML", "detectors": "\(nd)", "scans": "\(scans.count)"])]))
                } catch { throw bad(error.description) }
            }
        }
        guard !regions.isEmpty else { throw .malformed(path: path, at: .wholeFile, reason: "no region with data") }
        return Document(regions: regions, warnings: warnings)
    }
}

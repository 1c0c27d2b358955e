// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// A peak of a `##PEAK TABLE=(XY..XY)` or `(XYW..XYW)`.
public struct JCAMPPeak: Sendable, Codable, Hashable {
    /// Position, in the block's x units.
    public var x: Double
    /// Height, in the block's y units.
    public var y: Double
    /// Width, for `(XYW..XYW)` tables.
    public var width: Double?
}

/// One `##TITLE= … ##END=` block of a JCAMP-DX file.
public struct JCAMPBlock: Sendable {
    /// The block's `##TITLE=`.
    public var title: String
    /// Every labelled data record, by normalised label (upper case, no spaces, `-`, `/` or `_`).
    public var labels: [String: String]
    /// The decoded spectrum, when the block holds `##XYDATA` or `##XYPOINTS`.
    public var spectrum: Spectrum?
    /// The block's `##PEAK TABLE`, when it has one.
    public var peakTable: [JCAMPPeak]
    /// Disagreements between header and data (NPOINTS, FIRSTY, LASTX, Y-checks), reported, never fixed.
    public var warnings: [String]
    /// 1-based line of the block's `##TITLE=`.
    public var line: Int
}

/// A JCAMP-DX file: its blocks in file order (LINK parents and their children alike).
public struct JCAMPDocument: Sendable {
    /// The file's path.
    public var path: String
    /// The blocks in file order.
    public var blocks: [JCAMPBlock]
    /// The spectra of the blocks that hold data.
    public var spectra: [Spectrum] { blocks.compactMap(\.spectrum) }
    /// Every block's warnings, each prefixed by the block's title.
    public var warnings: [String] { blocks.flatMap { b in b.warnings.map { "\(b.title): \($0)" } } }
}

/// Reads JCAMP-DX 4.24/5.01 infrared (and other 1-D) files: `##XYDATA=(X++(Y..Y))` in AFFN, PAC,
/// SQZ, DIF, DUP and mixtures, `##XYPOINTS=(XY..XY)`, `##PEAK TABLE`, and LINK/compound files.
/// Header values are checked against the decoded data and disagreements become warnings.
///
///     let doc = try JCAMPReader().read("Spectra/polystyrene.jdx")
///     let s = doc.spectra[0]        // x in cm⁻¹, y in the file's YUNITS
///     print(doc.warnings)
public struct JCAMPReader: Sendable {
    /// Read truncated or inconsistent files (a block without `##END=`, fewer values than
    /// `##NPOINTS`) with warnings instead of refusing them.
    public var lenient: Bool

    /// A reader; `lenient` accepts truncated or inconsistent files with warnings.
    public init(lenient: Bool = false) { self.lenient = lenient }

    /// The blocks of the file at `path`.
    public func read(_ path: String) throws(JCAMPError) -> JCAMPDocument {
        let bytes: [UInt8]
        do { bytes = try readFileBytes(path) } catch { throw .unreadable(error) }
        return try parse(bytes, path: path)
    }

    /// Normalises a label as the specification compares them.
    static func normalise(_ label: Substring) -> String {
        String(label.uppercased().filter { !" -/_\t".contains($0) })
    }

    struct Record {
        var label: String
        var value: String
        var line: Int
        var data: [(line: Int, bytes: [UInt8])] = []
    }

    /// The blocks of a file already in memory.
    public func parse(_ bytes: [UInt8], path: String = "<memory>") throws(JCAMPError) -> JCAMPDocument {
        let lines = Self.splitLines(bytes)
        // Pass 1: labelled data records grouped into blocks.
        var blocks: [[Record]] = []
        var stack: [[Record]] = []
        var current: Record? = nil
        func flushRecord() {
            if let r = current, !stack.isEmpty { stack[stack.count - 1].append(r) }
            current = nil
        }
        for (k, slice) in lines.enumerated() {
            let lineNo = k + 1
            let raw = Array(slice)
            var start = 0
            while start < raw.count, raw[start] == 32 || raw[start] == 9 { start += 1 }
            if raw.count >= start + 2, raw[start] == UInt8(ascii: "#"), raw[start + 1] == UInt8(ascii: "#") {
                flushRecord()
                let text = String(decoding: raw[(start + 2)...], as: UTF8.self)
                guard let eq = text.firstIndex(of: "=") else { continue }
                let label = Self.normalise(text[..<eq])
                var value = String(text[text.index(after: eq)...])
                if let c = value.range(of: "$$") { value = String(value[..<c.lowerBound]) }
                value = value.trimmingCharacters(in: .whitespaces)
                if label == "TITLE" {
                    stack.append([])
                } else if stack.isEmpty {
                    continue // labels before any ##TITLE= (or after the last ##END=) are ignored
                }
                current = Record(label: label, value: value, line: lineNo)
                if label == "END" {
                    flushRecord()
                    blocks.append(stack.removeLast())
                }
                continue
            }
            guard current != nil else { continue }
            if Self.dataLabels.contains(current!.label) {
                current!.data.append((lineNo, Array(raw)))
            } else {
                let t = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if !t.isEmpty && !t.hasPrefix("$$") { current!.value += "\n" + t }
            }
        }
        flushRecord()
        // A block without ##END= was cut: refused, or read with a warning in lenient mode.
        var unterminated: Set<Int> = []
        while !stack.isEmpty {
            let open = stack.removeLast()
            if !lenient {
                let title = open.first(where: { $0.label == "TITLE" })?.value ?? "untitled"
                throw .truncated(path: path, line: lines.count, reason: "block '\(title)' starting at line \(open.first?.line ?? 1) has no ##END=")
            }
            unterminated.insert(open.first?.line ?? 0)
            blocks.append(open)
        }
        guard !blocks.isEmpty else { throw .notJCAMP(path: path) }
        blocks.sort { ($0.first?.line ?? 0) < ($1.first?.line ?? 0) }
        var out: [JCAMPBlock] = []
        for (index, records) in blocks.enumerated() {
            var block = try decodeBlock(records, index: index, path: path)
            if unterminated.contains(records.first?.line ?? -1) { block.warnings.insert("no ##END=: the block is truncated", at: 0) }
            out.append(block)
        }
        if out.allSatisfy({ $0.spectrum == nil && $0.peakTable.isEmpty }) {
            if let nt = blocks.joined().first(where: { $0.label == "NTUPLES" }) {
                throw .unsupported(path: path, line: nt.line, what: "##NTUPLES (multi-page) data")
            }
            throw .noSpectra(path: path)
        }
        return JCAMPDocument(path: path, blocks: out)
    }

    static let dataLabels: Set<String> = ["XYDATA", "XYPOINTS", "PEAKTABLE", "DATATABLE", "PEAKASSIGNMENTS"]

    static func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0, i = 0
        while i < bytes.count {
            if bytes[i] == 10 || bytes[i] == 13 {
                lines.append(bytes[start..<i])
                if bytes[i] == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1 }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { lines.append(bytes[start..<bytes.count]) }
        return lines
    }
}


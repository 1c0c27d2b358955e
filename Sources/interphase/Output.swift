// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Interphase

/// Where command output goes: a path, or standard output for "-".
enum Output {
    static func write(_ data: Data, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw CLIError(message: "\(path): cannot write: \(error.localizedDescription)", code: 1)
        }
    }

    static func write(_ text: String, to path: String) throws { try write(Data(text.utf8), to: path) }

    /// Pretty-printed JSON with sorted keys and a final newline.
    static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        try write(try JSONOutput.encode(value, pretty: true) + Data("\n".utf8), to: path)
    }

    /// One object: pretty JSON. Several: JSON Lines (one compact object per line, in order).
    static func writeJSONRecords<T: Encodable>(_ values: [T], to path: String) throws {
        if values.count == 1 { try writeJSON(values[0], to: path); return }
        var data = Data()
        for v in values { data += try JSONOutput.encode(v, pretty: false) + Data("\n".utf8) }
        try write(data, to: path)
    }

    /// `fig-3.png` for member 3 of a group.
    static func memberPath(_ report: String, member: Int) -> String {
        let url = URL(fileURLWithPath: report)
        return url.deletingLastPathComponent().appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(member).\(url.pathExtension)").path
    }

    /// `fig.png` for one input; `fig-<input stem>.png` when there are several.
    static func reportPath(_ report: String, for file: String, inputs: Int) -> String {
        guard inputs > 1 else { return report }
        let url = URL(fileURLWithPath: report)
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(stem).\(url.pathExtension)").path
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from the SPECS, PHI and Scienta readers: the file, where, and what was wrong.
public enum XPSReadError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The file's content at a line or byte offset does not match the format (the reason says how).
    case malformed(path: String, at: FileLocation, reason: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .malformed(let p, let at, let r): "\(p): \(at): \(r)"
        }
    }
}

/// Text helpers shared by the line-oriented readers.
enum TextLines {
    /// Lines split on LF, CR or CRLF, NUL bytes removed.
    static func split(_ bytes: [UInt8]) -> [Substring] {
        let text = String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// Numbers separated by blanks or tabs; nil when any token is not a finite number.
    static func numbers(_ line: Substring) -> [Double]? {
        var out: [Double] = []
        for t in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            guard let v = Double(t), v.isFinite else { return nil }
            out.append(v)
        }
        return out
    }
}

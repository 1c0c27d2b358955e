// SPDX-License-Identifier: GPL-3.0-or-later

/// What kind of failure an error is, so a command-line front end can choose its exit code.
public enum ErrorCategory: String, Sendable, Codable {
    /// The input could not be read or decoded (exit code 3 in the CLI).
    case unreadableInput
    /// The input was read but the analysis could not produce a trustworthy result (exit code 1).
    case analysisFailed
    /// The caller asked for something invalid (exit code 2).
    case invalidRequest
}

/// Common surface of every typed error in Interphase: each stage has its own enum
/// (``PNGError``, ``TIFFError``, ``DelimitedTextError``, ``FitError``, ...) conforming to this.
public protocol InterphaseError: Error, CustomStringConvertible, Sendable {
    /// Whether the input was unreadable, the analysis failed, or the request was invalid.
    var category: ErrorCategory { get }
}

/// Where in a file a problem was found.
public enum FileLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A 1-based line number in a text file.
    case line(Int)
    /// A 0-based byte offset in a binary file.
    case byte(Int)
    /// Somewhere inside a named part of a file (a TIFF page, a strip, a block).
    case part(String)
    /// The whole file.
    case wholeFile

    public var description: String {
        switch self {
        case .line(let n): "line \(n)"
        case .byte(let n): "byte \(n)"
        case .part(let s): s
        case .wholeFile: "whole file"
        }
    }
}

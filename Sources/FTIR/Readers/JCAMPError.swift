// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Errors from reading JCAMP-DX files.
public enum JCAMPError: InterphaseError, Equatable {
    /// The file could not be read.
    case unreadable(FileReadError)
    /// The file holds no `##TITLE=` block: not JCAMP-DX.
    case notJCAMP(path: String)
    /// The value of `label` at `line` is not a number.
    case badNumber(path: String, line: Int, text: String, label: String)
    /// The block at `line` lacks `label`, which `needed` requires.
    case missingLabel(path: String, line: Int, label: String, needed: String)
    /// The data table at `line` cannot be decoded (the reason says why).
    case malformedData(path: String, line: Int, reason: String)
    /// A feature at `line` that is not read (`what` names it).
    case unsupported(path: String, line: Int, what: String)
    /// The file holds no block with spectral data.
    case noSpectra(path: String)
    /// Fewer data than declared, or a block without `##END=`: the file was cut (read it anyway
    /// with ``JCAMPReader/lenient``).
    case truncated(path: String, line: Int, reason: String)

    public var category: ErrorCategory { .unreadableInput }
    public var description: String {
        switch self {
        case .unreadable(let e): e.description
        case .notJCAMP(let p): "\(p): not a JCAMP-DX file (no ##TITLE= labelled data record in the whole file)"
        case .badNumber(let p, let l, let t, let label): "\(p): line \(l): ##\(label)= '\(t)' is not a number"
        case .missingLabel(let p, let l, let label, let n): "\(p): block starting at line \(l) has no ##\(label)=, needed \(n)"
        case .malformedData(let p, let l, let r): "\(p): line \(l): \(r)"
        case .unsupported(let p, let l, let w): "\(p): line \(l): \(w) is not supported"
        case .noSpectra(let p): "\(p): no block with ##XYDATA, ##XYPOINTS or ##PEAKTABLE"
        case .truncated(let p, let l, let r): "\(p): line \(l): truncated or inconsistent: \(r); the file may have been cut in transfer (it can be read anyway, with warnings, in lenient mode)"
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import Interphase

/// A library error met while working on one input file, with the file named. The readers name the
/// file and where in it; an analysis that fails ("the image is uniform", "the fit did not converge")
/// does not know which file it was given, and with several inputs the message alone would not say
/// which one failed.
struct FileError: InterphaseError {
    var file: String
    var underlying: any InterphaseError
    var category: ErrorCategory { underlying.category }
    var description: String {
        let text = underlying.description
        return text.contains(file) ? text : "\(file): \(text)"
    }

    /// Runs `body` on `file`, naming the file in any library error it throws.
    static func naming<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as FileError {
            throw e
        } catch let e as any InterphaseError {
            throw FileError(file: file, underlying: e)
        }
    }
}

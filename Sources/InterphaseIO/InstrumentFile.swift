// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore
import FTIR
import XPS
import SEM

/// Any file Interphase reads, by content, as what an analysis takes: the regions of an XPS file,
/// the spectra of any other spectrum file, or a micrograph. Images are recognised by their
/// signatures (PNG, JPEG, BMP, TIFF) first, as `interphase info` does; XPS formats (VAMAS, SPECS,
/// PHI, Scienta, CasaXPS exports) come next, so that they give regions with their counting
/// factors; everything else is read by ``SpectrumFile``.
///
///     switch try InstrumentFile.read(bytes: try readFileBytes("f1s.vms"), path: "f1s.vms") {
///     case .regions(let file): print(file.regions.map(\.name))
///     case .spectra(let file): print(file.spectra.count)
///     case .micrograph(let m): print(m.width, m.height)
///     }
public enum InstrumentFile: Sendable {
    /// An XPS file: its regions in ascending binding energy.
    case regions(XPSFile)
    /// Any other spectrum file (FTIR and text).
    case spectra(SpectrumFile)
    /// An image, data bar cropped and calibration read as `interphase sem` reads it.
    case micrograph(Micrograph)

    /// Whether the bytes begin with an image signature (PNG, JPEG, BMP, TIFF).
    public static func isImage(_ bytes: [UInt8]) -> Bool {
        PNGCodec.hasSignature(bytes) || JPEGCodec.hasSignature(bytes) || BMPCodec.hasSignature(bytes) || TIFFDocument.hasSignature(bytes)
    }

    /// The file's contents as the analysis that reads them takes them; `path` names it in
    /// messages and records. `lenient` reads truncated text spectra with warnings (``SpectrumFile``).
    public static func read(bytes: [UInt8], path: String, lenient: Bool = false) throws -> InstrumentFile {
        if isImage(bytes) { return .micrograph(try Micrograph(path: path, bytes: bytes)) }
        if XPSFile.isXPSFormat(bytes) { return .regions(try XPSFile(bytes: bytes, path: path)) }
        return .spectra(try SpectrumFile(bytes: bytes, path: path, lenient: lenient))
    }
}

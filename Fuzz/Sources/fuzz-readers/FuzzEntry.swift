// SPDX-License-Identifier: GPL-3.0-or-later
import InterphaseCore

/// Feeds one input to every reader: each must return a value or throw its typed error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    if let doc = try? TIFFDocument(bytes: bytes, path: "fuzz.tif") {
        for p in doc.pages.indices.prefix(4) { _ = try? doc.decode(page: p) }
    }
    _ = try? PNGCodec.decode(bytes, path: "fuzz.png")
    if let spectra = try? DelimitedSpectrumReader().parse(bytes, path: "fuzz.csv") {
        for s in spectra {
            _ = s.peaks(PeakFinder(minimumProminence: 0))
            _ = try? s.savitzkyGolay(window: 5, order: 2)
        }
    }
    return 0
}

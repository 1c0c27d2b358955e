// SPDX-License-Identifier: GPL-3.0-or-later
import FTIR
import XPS
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
    _ = try? JCAMPReader().parse(bytes, path: "fuzz.jdx")
    if let doc = try? VAMASReader().parse(bytes, path: "fuzz.vms") {
        for b in doc.blocks.prefix(4) {
            _ = try? CasaProcessing(comments: b.comments, photonEnergy: b.photonEnergy, abscissaIsKinetic: true, source: "fuzz.vms")
        }
    }
    // Every XPS reader (VAMAS, PHI .spe, SPECS .xy, Scienta, CSV) through the same router as the CLI.
    if let file = try? XPSFile(bytes: bytes, path: "fuzz.xps") {
        for r in file.regions.prefix(2) {
            _ = try? ShirleyBackground(endPoints: 3).background(of: r.spectrum())
            _ = try? TougaardBackground(endPoints: 3).backgroundMatchingEnds(of: r.spectrum())
        }
    }
    _ = try? SPCReader().parse(bytes, path: "fuzz.spc")
    _ = try? OPUSReader().parse(bytes, path: "fuzz.0")
    if let spa = try? OMNICReader().parse(bytes, path: "fuzz.spa"), let acq = try? InterferogramAcquisition(omnic: spa) {
        _ = try? acq.singleBeams()
    }
    return 0
}

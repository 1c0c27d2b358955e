// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import FTIR
import XPS
import SEM
import InterphaseCore

/// One fuzz target per reader, chosen by `FUZZ_TARGET` (scripts/fuzz.sh runs each in turn with
/// seeds of its own format). `all` feeds every reader, as the CLI's `info` does. Each reader must
/// return a value or throw its typed error: never trap, hang or run out of memory.
enum Target: String, CaseIterable {
    case tiff, png, csv, jcamp, vamas, specs, phi, scienta, xps, spc, opus, omnic, semmeta, all
}

let target: Target = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "all"
    guard let t = Target(rawValue: name) else {
        fatalError("FUZZ_TARGET=\(name): unknown (one of \(Target.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return t
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    let t = target
    if t == .tiff || t == .all, let doc = try? TIFFDocument(bytes: bytes, path: "fuzz.tif") {
        for p in doc.pages.indices.prefix(4) { _ = try? doc.decode(page: p) }
    }
    if t == .png || t == .all { _ = try? PNGCodec.decode(bytes, path: "fuzz.png") }
    if t == .csv || t == .all, let spectra = try? DelimitedSpectrumReader().parse(bytes, path: "fuzz.csv") {
        for s in spectra {
            _ = s.peaks(PeakFinder(minimumProminence: 0))
            _ = try? s.savitzkyGolay(window: 5, order: 2)
        }
    }
    if t == .jcamp || t == .all {
        _ = try? JCAMPReader().parse(bytes, path: "fuzz.jdx")
        _ = try? JCAMPReader(lenient: true).parse(bytes, path: "fuzz.jdx")
    }
    if t == .vamas || t == .all, let doc = try? VAMASReader().parse(bytes, path: "fuzz.vms") {
        for b in doc.blocks.prefix(4) {
            _ = try? CasaProcessing(comments: b.comments, photonEnergy: b.photonEnergy, abscissaIsKinetic: true, source: "fuzz.vms")
            _ = try? XPSRegion(b, source: "fuzz.vms")
        }
    }
    if t == .specs { _ = try? SPECSXYReader().parse(bytes, path: "fuzz.xy") }
    if t == .phi { _ = try? PHISPEReader().parse(bytes, path: "fuzz.spe") }
    if t == .scienta { _ = try? ScientaTextReader().parse(bytes, path: "fuzz.txt") }
    // Every XPS reader through the router the CLI uses, then the backgrounds on what it returns.
    if t == .xps || t == .all, let file = try? XPSFile(bytes: bytes, path: "fuzz.xps") {
        for r in file.regions.prefix(2) {
            _ = try? ShirleyBackground(endPoints: 3).background(of: r.spectrum())
            _ = try? TougaardBackground(endPoints: 3).backgroundMatchingEnds(of: r.spectrum())
        }
    }
    if t == .spc || t == .all { _ = try? SPCReader().parse(bytes, path: "fuzz.spc") }
    if t == .opus || t == .all { _ = try? OPUSReader().parse(bytes, path: "fuzz.0") }
    if t == .omnic || t == .all, let spa = try? OMNICReader().parse(bytes, path: "fuzz.spa"),
       let acq = try? InterferogramAcquisition(omnic: spa) {
        _ = try? acq.singleBeams()
    }
    // Groups (.spg), the Igor waves and CasaXPS exports the XPS router reaches too.
    if t == .omnic || t == .all { _ = try? OMNICReader().parseGroup(bytes, path: "fuzz.spg") }
    if t == .xps || t == .all { _ = try? IgorBinaryWave.parse(bytes, path: "fuzz.ibw"); _ = try? CasaCSVExport.parse(bytes, path: "fuzz.csv") }
    // SEM metadata: vendor TIFF tags and ImageJ descriptions of every page, and text sidecars.
    if t == .semmeta || t == .all {
        if let doc = try? TIFFDocument(bytes: bytes, path: "fuzz.tif") {
            for page in doc.pages.prefix(4) {
                _ = SEMMetadata(page: page)
                _ = SEMMetadata.imageJ(page: page)
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        _ = SEMMetadata(sidecar: text, name: "fuzz.txt")
        _ = SEMCalibration(text: text)
    }
    return 0
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The analyst's CasaXPS fit, as `interphase xps casa` reads it: from a VAMAS file's block comments
/// (positions in binding energy, CasaXPS's full line-shape areas, bounds) or from a CasaXPS CSV
/// export (centre and FWHM measured from each sampled curve above the exported background; the area
/// is the in-window area above that background).
public enum CasaImport {
    /// One block of the file and the fit stored with it. `Encodable`: the command's JSON.
    public struct Block: Encodable, Sendable {
        /// One of the analyst's components.
        public struct Component: Encodable, Sendable {
            /// Its name.
            public var name: String
            /// Its line shape as CasaXPS wrote it.
            public var shape: String
            /// Position, eV binding energy.
            public var center: Double
            /// FWHM, eV.
            public var fwhm: Double
            /// Area: CasaXPS's full line-shape area (VAMAS comments), or the in-window area above the
            /// exported background (CSV exports).
            public var area: Double
            /// The position's bounds `[low, high]` (empty for CSV exports, which hold none).
            public var centerBounds: [Double]
            /// The FWHM's bounds `[low, high]` (empty for CSV exports).
            public var fwhmBounds: [Double]
            /// The relative sensitivity factor, when stored.
            public var sensitivityFactor: Double?
            /// CSV exports: the area above the exported background over the exported range, and its share.
            public var areaInWindow: Double? = nil
            /// ``areaInWindow``'s share of the components' total.
            public var fraction: Double? = nil
        }
        /// The block's name (region, e.g. "F 1s").
        public var name: String
        /// 1-based block number.
        public var index: Int
        /// The analyst's regions (VAMAS comments; none in CSV exports).
        public var regions: [CasaProcessing.Region]
        /// The analyst's components.
        public var components: [Component]
    }

    /// The blocks of a VAMAS file processed in CasaXPS, or the one block of a CasaXPS CSV export.
    public static func read(path: String) throws -> [Block] {
        let doc = try XPSFile(path: path)
        if let export = doc.casaExport {
            return [Block(name: export.regionName, index: 1, regions: [], components: export.components.map {
                .init(name: $0.name, shape: "exported curve", center: $0.center, fwhm: $0.fwhm, area: $0.areaInWindow,
                      centerBounds: [], fwhmBounds: [], sensitivityFactor: nil, areaInWindow: $0.areaInWindow, fraction: $0.fraction)
            })]
        }
        guard doc.format == "VAMAS" else {
            throw XPSError.invalidModel("\(path): CasaXPS fits are stored in VAMAS files or CasaXPS CSV exports; this is \(doc.format)")
        }
        let raw = try VAMASReader().read(path)
        var blocks: [Block] = []
        for (i, b) in raw.blocks.enumerated() {
            let casa = try CasaProcessing(comments: b.comments, photonEnergy: b.photonEnergy,
                                          abscissaIsKinetic: b.spectrum.xKind == .kineticEnergy, source: "\(path)#\(i + 1)")
            blocks.append(Block(name: doc.regions[i].name, index: i + 1, regions: casa.regions, components: casa.components.map {
                .init(name: $0.name, shape: $0.shapeText, center: $0.center.value, fwhm: $0.fwhm.value, area: $0.area.value,
                      centerBounds: [$0.center.lower, $0.center.upper], fwhmBounds: [$0.fwhm.lower, $0.fwhm.upper],
                      sensitivityFactor: $0.sensitivityFactor)
            }))
        }
        return blocks
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

extension SEMMetadata {
    /// Metadata from a text sidecar next to the image (`<stem>.txt`): Hitachi's `[SemImageFile]` INI
    /// with `PixelSize=` in nanometres, or JEOL's `$CM_FORMAT JEOL-SEM` with the micron bar's length
    /// in pixels (`$$SM_MICRON_BAR`) and its label (`$$SM_MICRON_MARKER 5um`) (SEM.md §3.1). Nil when
    /// the text is neither.
    public init?(sidecar text: String, name: String) {
        if text.contains("[SemImageFile]") {
            let ini = Self.ini(text)
            vendor = "Hitachi"
            if let v = ini["SemImageFile.PixelSize"].flatMap({ Double($0) }), v > 0, v.isFinite {
                calibration = SEMCalibration(pixelWidthNM: v, source: "Hitachi sidecar PixelSize (\(name))", raw: "PixelSize=\(v)")
            }
            return
        }
        if text.contains("JEOL-SEM") || text.contains("$$SM_MICRON_BAR") {
            vendor = "JEOL"
            var fields: [String: String] = [:]
            for line in text.split(whereSeparator: \.isNewline) {
                let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
                if parts.count == 2 { fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            if let bar = fields["$$SM_MICRON_BAR"].flatMap({ Double($0) }), bar > 0,
               let marker = fields["$$SM_MICRON_MARKER"], let length = SEMCalibration(text: marker) {
                calibration = SEMCalibration(pixelWidthNM: length.pixelWidthNM / bar, source: "JEOL sidecar micron bar (\(name))",
                                             raw: "$$SM_MICRON_BAR \(bar) $$SM_MICRON_MARKER \(marker)")
                notes.append("JEOL calibration from the micron bar: quantised by the bar's integer length (\(Int(bar)) px)")
            }
            return
        }
        return nil
    }

    /// An ImageJ-saved TIFF: `ImageJ=…` description with `unit=` and the XResolution/YResolution
    /// tags as pixels per unit. Plain XResolution without the ImageJ description is print DPI and is
    /// never used (rosettasciio does the same).
    public static func imageJ(page: TIFFPage) -> SEMCalibration? {
        guard let d = page.tag(270)?.text, d.hasPrefix("ImageJ="), let res = page.resolution, res.x > 0 else { return nil }
        var unit: String? = nil
        for line in d.split(whereSeparator: \.isNewline) where line.hasPrefix("unit=") { unit = String(line.dropFirst(5)) }
        let factor: Double?
        switch unit {
        case "nm": factor = 1
        case "micron", "um", "µm", "\\u00B5m": factor = 1e3
        case "mm": factor = 1e6
        default: factor = nil
        }
        guard let f = factor else { return nil }
        return SEMCalibration(pixelWidthNM: f / res.x, pixelHeightNM: res.y > 0 ? f / res.y : nil, source: "ImageJ description (unit=\(unit!))",
                              raw: "XResolution=\(res.x) unit=\(unit!)")
    }
}

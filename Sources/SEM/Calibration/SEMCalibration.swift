// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore

/// The physical size of a pixel and where it came from (SEM.md §3.3: source, confidence, raw text).
public struct SEMCalibration: Sendable, Hashable, Codable {
    /// Pixel width and height in nanometres.
    public var pixelWidthNM: Double
    /// Pixel height in nanometres (equal to the width for square pixels).
    public var pixelHeightNM: Double
    /// `FEI [Scan] PixelWidth`, `Zeiss Image Pixel Size`, `--pixel-size`, …
    public var source: String
    /// The metadata text the value was read from.
    public var raw: String

    /// A calibration in nanometres per pixel; the height is the width when not given.
    public init(pixelWidthNM: Double, pixelHeightNM: Double? = nil, source: String, raw: String) {
        self.pixelWidthNM = pixelWidthNM
        self.pixelHeightNM = pixelHeightNM ?? pixelWidthNM
        self.source = source
        self.raw = raw
    }

    /// A calibration from pixel lengths in any unit.
    public init(pixelWidth: Length, pixelHeight: Length? = nil, source: String, raw: String) {
        self.init(pixelWidthNM: pixelWidth.value(in: .nanometre), pixelHeightNM: pixelHeight?.value(in: .nanometre),
                  source: source, raw: raw)
    }

    /// The pixel width as a length.
    public var pixelWidth: Length { Length(pixelWidthNM, .nanometre) }
    /// The pixel height as a length.
    public var pixelHeight: Length { Length(pixelHeightNM, .nanometre) }

    /// The length of `pixels` pixels along x (`horizontal`) or y.
    public func length(ofPixels pixels: Double, horizontal: Bool = true) -> Length {
        (horizontal ? pixelWidth : pixelHeight) * pixels
    }

    /// Parses `50nm`, `0.05 µm`, `0.05um`, `3.3724e-6m`, `12 pm`; a bare number is refused (no unit, no calibration).
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
        let units: [(String, Double)] = [("nm", 1), ("µm", 1e3), ("um", 1e3), ("μm", 1e3), ("pm", 1e-3), ("mm", 1e6), ("m", 1e9)]
        for (u, f) in units where t.hasSuffix(u) {
            guard let v = Double(t.dropLast(u.count)), v > 0, v.isFinite else { return nil }
            self.init(pixelWidthNM: v * f, source: "--pixel-size", raw: text)
            return
        }
        return nil
    }
}

/// What vendor metadata says about an image: calibration, the rows of real image above the data
/// bar, stage tilt, and the vendor.
public struct SEMMetadata: Sendable, Hashable, Codable {
    /// The instrument's maker as its metadata names it ("FEI", "Zeiss", "TESCAN", "Hitachi", "JEOL", "Olympus").
    public var vendor: String?
    /// The pixel size the metadata gives, if any.
    public var calibration: SEMCalibration?
    /// Image rows above the data bar according to the metadata (FEI `[Image] ResolutionY`).
    public var imageRows: Int?
    /// The stage tilt in degrees, if the metadata gives it.
    public var tiltDegrees: Double?
    /// What the reader noticed about the metadata (missing or inconsistent values), for the warnings.
    public var notes: [String] = []

    /// Reads FEI/Thermo (34682, 34680), Zeiss (34118) and TESCAN (50431) tags of a TIFF page.
    public init(page: TIFFPage) {
        if let fei = page.tag(34682)?.text ?? page.tag(34680)?.text {
            vendor = "FEI/Thermo"
            let ini = Self.ini(fei)
            if let w = ini["Scan.PixelWidth"].flatMap(Double.init), w > 0 {
                let h = ini["Scan.PixelHeight"].flatMap(Double.init)
                calibration = SEMCalibration(pixelWidthNM: w * 1e9, pixelHeightNM: h.map { $0 * 1e9 }, source: "FEI [Scan] PixelWidth",
                                             raw: "PixelWidth=\(ini["Scan.PixelWidth"]!)")
            } else if let hfw = ini["IRBeam.HFW"].flatMap(Double.init) ?? ini["EBeam.HFW"].flatMap(Double.init),
                      let rx = ini["Image.ResolutionX"].flatMap(Double.init), rx > 0, hfw > 0 {
                calibration = SEMCalibration(pixelWidthNM: hfw / rx * 1e9, source: "FEI HFW / ResolutionX", raw: "HFW=\(hfw) ResolutionX=\(rx)")
            }
            if let ry = ini["Image.ResolutionY"].flatMap(Int.init), ry > 0, ry < page.height { imageRows = ry }
            else if let bar = ini["PrivateFei.DatabarHeight"].flatMap(Int.init), bar > 0, bar < page.height { imageRows = page.height - bar }
            if let t = ini["Stage.StageT"].flatMap(Double.init) { tiltDegrees = t * 180 / Double.pi }
        } else if let zeiss = page.tag(34118)?.text {
            vendor = "Zeiss"
            let fields = Self.zeissFields(zeiss)
            if let (v, unit) = fields["Image Pixel Size"], let f = Self.nanometres(unit) {
                calibration = SEMCalibration(pixelWidthNM: v * f, source: "Zeiss Image Pixel Size", raw: "Image Pixel Size = \(v) \(unit)")
            } else {
                // Older files: the leading numeric block's 4th value is the pixel size (m) of a
                // 1024-wide reference (rosettasciio); "Pixel Size" alone must not be used.
                let numbers = zeiss.split(whereSeparator: \.isNewline).prefix(8).compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                if numbers.count >= 4, numbers[3] > 0, page.width > 0 {
                    calibration = SEMCalibration(pixelWidthNM: numbers[3] * 1e9 * 1024 / Double(page.width),
                                                 source: "Zeiss reference pixel size × 1024 / width", raw: "value[3]=\(numbers[3]) width=\(page.width)")
                    notes.append("Zeiss file without 'Image Pixel Size': used the 1024-wide reference pixel size scaled to \(page.width) px")
                }
            }
            if let (t, _) = fields["Stage at T"] { tiltDegrees = t }
        } else if let tescan = page.tag(50431)?.text {
            vendor = "TESCAN"
            let ini = Self.ini(tescan)
            if let w = ini.first(where: { $0.key.hasSuffix("PixelSizeX") })?.value, let x = Double(w), x > 0 {
                let y = ini.first(where: { $0.key.hasSuffix("PixelSizeY") }).flatMap { Double($0.value) }
                calibration = SEMCalibration(pixelWidthNM: x * 1e9, pixelHeightNM: y.map { $0 * 1e9 }, source: "TESCAN PixelSizeX", raw: "PixelSizeX=\(w)")
            }
            if let t = ini.first(where: { $0.key.hasSuffix("StageTilt") })?.value.split(separator: " ").first.flatMap({ Double($0) }) { tiltDegrees = t }
        }
    }

    /// `[Section]` / `key=value` text as `Section.key`.
    static func ini(_ text: String) -> [String: String] {
        var out: [String: String] = [:], section = ""
        for line in text.split(whereSeparator: \.isNewline) {
            let l = line.trimmingCharacters(in: .whitespaces)
            if l.hasPrefix("[") && l.hasSuffix("]") { section = String(l.dropFirst().dropLast()); continue }
            guard let eq = l.firstIndex(of: "=") else { continue }
            out[section + "." + l[..<eq].trimmingCharacters(in: .whitespaces)] = l[l.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    /// Zeiss `Label = value unit` lines.
    static func zeissFields(_ text: String) -> [String: (Double, String)] {
        var out: [String: (Double, String)] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            guard let eq = line.range(of: " = ") else { continue }
            let label = line[..<eq.lowerBound].trimmingCharacters(in: .whitespaces)
            let parts = line[eq.upperBound...].split(separator: " ", omittingEmptySubsequences: true)
            guard let first = parts.first, let v = Double(first) else { continue }
            out[label] = (v, parts.count > 1 ? String(parts[1]) : "")
        }
        return out
    }

    static func nanometres(_ unit: String) -> Double? {
        switch unit {
        case "nm": 1
        case "pm": 1e-3
        case "mm": 1e6
        case "m": 1e9
        default: unit.hasSuffix("m") && unit.count == 2 ? 1e3 : nil // µm in whatever encoding the file used
        }
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import Foundation
import InterphaseCore
import Testing
import _TestSupport
@testable import SEM

@Suite("SEM sidecars and ImageJ calibration")
struct SidecarTests {
    /// Copies the bundled uncalibrated micrograph next to a sidecar text.
    static func withSidecar(_ text: String) throws -> String {
        let dir = TestData.temporaryDirectory()
        let image = dir + "/mat.tif"
        try FileManager.default.copyItem(atPath: TestData.packageRoot + "/Images/nanofiber_diameterj.tif", toPath: image)
        try text.write(toFile: dir + "/mat.txt", atomically: true, encoding: .utf8)
        return image
    }

    @Test("Hitachi [SemImageFile] PixelSize (nm) calibrates the image")
    func hitachi() throws {
        let p = try Self.withSidecar("[SemImageFile]\r\nInstructName=S-4700\r\nDataSize=512x512\r\nPixelSize=66.15\r\nMag=1500\r\n")
        let m = try Micrograph(path: p)
        #expect(m.calibration?.pixelWidthNM == 66.15 && m.calibration!.source.contains("Hitachi"))
    }

    @Test("JEOL micron bar: 5 µm over 120 px is 41.67 nm per pixel")
    func jeol() throws {
        let p = try Self.withSidecar("$CM_FORMAT JEOL-SEM\n$CM_MAG 5000\n$$SM_MICRON_BAR 120\n$$SM_MICRON_MARKER 5um\n")
        let m = try Micrograph(path: p)
        #expect(abs(m.calibration!.pixelWidthNM - 5000.0 / 120) < 1e-9)
        #expect(m.warnings.contains { $0.contains("quantised") })
    }

    @Test("an unrelated .txt next to the image calibrates nothing")
    func unrelated() throws {
        let p = try Self.withSidecar("just some notes\n")
        #expect(try Micrograph(path: p).calibration == nil)
    }

    /// A minimal 4×2 8-bit little-endian TIFF with an ImageJ description and XResolution 50 px/unit.
    static func imageJTIFF(description: String) -> [UInt8] {
        var b: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        let desc = Array(description.utf8) + [0]
        let entries: [(UInt16, UInt16, UInt32, UInt32)] = [
            (256, 3, 1, 4), (257, 3, 1, 2), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
            (270, 2, UInt32(desc.count), 0), (273, 4, 1, 0), (277, 3, 1, 1), (278, 3, 1, 2), (279, 4, 1, 8),
            (282, 5, 1, 0), (283, 5, 1, 0), (296, 3, 1, 1),
        ]
        let ifdSize = 2 + entries.count * 12 + 4
        let descOffset = 8 + ifdSize, xresOffset = descOffset + desc.count, yresOffset = xresOffset + 8, dataOffset = yresOffset + 8
        func le16(_ v: UInt16) { b += [UInt8(v & 0xff), UInt8(v >> 8)] }
        func le32(_ v: UInt32) { b += [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }
        le16(UInt16(entries.count))
        for (tag, type, count, value) in entries {
            le16(tag); le16(type); le32(count)
            switch tag {
            case 270: le32(UInt32(descOffset))
            case 273: le32(UInt32(dataOffset))
            case 282: le32(UInt32(xresOffset))
            case 283: le32(UInt32(yresOffset))
            default: if type == 3 { le16(UInt16(value)); le16(0) } else { le32(value) }
            }
        }
        le32(0)
        b += desc
        le32(50); le32(1); le32(50); le32(1)
        b += [0, 40, 80, 120, 160, 200, 240, 255]
        return b
    }

    @Test("a float TIFF with a NaN sample is refused, naming the row and column")
    func nonFiniteSample() throws {
        var b: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        let entries: [(UInt16, UInt16, UInt32)] = [(256, 3, 4), (257, 3, 2), (258, 3, 32), (259, 3, 1), (262, 3, 1), (273, 4, 0),
                                                   (277, 3, 1), (278, 3, 2), (279, 4, 32), (339, 3, 3)]
        let dataOffset = 8 + 2 + entries.count * 12 + 4
        func le16(_ v: UInt16) { b += [UInt8(v & 0xff), UInt8(v >> 8)] }
        func le32(_ v: UInt32) { b += [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }
        le16(UInt16(entries.count))
        for (tag, type, value) in entries {
            le16(tag); le16(type); le32(1)
            if tag == 273 { le32(UInt32(dataOffset)) } else if type == 3 { le16(UInt16(value)); le16(0) } else { le32(value) }
        }
        le32(0)
        for v: Float in [1, 2, 3, 4, 5, 6, .nan, 8] { le32(v.bitPattern) }
        let dir = TestData.temporaryDirectory()
        try Data(b).write(to: URL(fileURLWithPath: dir + "/nan.tif"))
        do {
            _ = try Micrograph(path: dir + "/nan.tif", databar: 0)
            Issue.record("a NaN sample was accepted")
        } catch let e as SEMError {
            #expect(e.description.contains("nan.tif") && e.description.contains("row 1, column 2"), "\(e)")
        }
    }

    @Test("ImageJ description unit=micron with XResolution 50 px/µm gives 20 nm; without the description DPI is ignored")
    func imageJ() throws {
        let dir = TestData.temporaryDirectory()
        try Data(Self.imageJTIFF(description: "ImageJ=1.54f\nunit=micron\n")).write(to: URL(fileURLWithPath: dir + "/ij.tif"))
        let m = try Micrograph(path: dir + "/ij.tif", databar: 0)
        #expect(abs(m.calibration!.pixelWidthNM - 20) < 1e-9 && m.calibration!.source.contains("ImageJ"))
        try Data(Self.imageJTIFF(description: "scanned at 50 dpi")).write(to: URL(fileURLWithPath: dir + "/dpi.tif"))
        #expect(try Micrograph(path: dir + "/dpi.tif", databar: 0).calibration == nil)
    }
}

@Suite("Pages and colour")
struct MicrographPageTests {
    static let stack = "sem/rosettasciio/test_loading_image_saved_with_imageJ_stack.tif"
    static let olympus = "sem/rosettasciio/olympus_SIS.tif"

    @Test("every page of the ImageJ stack is read with the stack's calibration; a page beyond the last is refused",
          .enabled(if: TestData.hasShared(stack)))
    func stackPages() throws {
        let path = TestData.sharedPath(Self.stack)
        let doc = try TIFFDocument(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        #expect(doc.pages.count == 2)
        for page in 0..<2 {
            let m = try Micrograph(path: path, databar: 0, page: page)
            guard case .float32(let raw) = try doc.decode(page: page) else { Issue.record("not float"); continue }
            #expect(m.image.samples == raw.samples, "page \(page + 1)")
            // ImageJ description: unit=micron, XResolution 5.92857 px/µm → 168.67 nm.
            #expect(m.calibration.map { abs($0.pixelWidthNM - 1000 / 5.9285712242126465) < 1e-6 } == true)
        }
        #expect(throws: SEMError.self) { try Micrograph(path: path, page: 2) }
    }

    @Test("a colour page becomes grey with Rec. 601 weights, and says so; the 16-bit page is read as it is",
          .enabled(if: TestData.hasShared(olympus)))
    func olympusColour() throws {
        let path = TestData.sharedPath(Self.olympus)
        let doc = try TIFFDocument(bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), path: path)
        let m = try Micrograph(path: path, databar: 0, page: 0)
        guard case .uint8(let rgb) = try doc.decode(page: 0) else { Issue.record("page 1 is not 8-bit RGB"); return }
        #expect(rgb.colorModel == .rgb)
        for (x, y) in [(0, 0), (50, 40), (111, 100), (7, 93)] {
            let expected = 0.299 * Double(rgb[x, y, 0]) + 0.587 * Double(rgb[x, y, 1]) + 0.114 * Double(rgb[x, y, 2])
            #expect(abs(Double(m.image[x, y]) - expected) < 1e-3, "(\(x), \(y))")
        }
        #expect(m.warnings.contains { $0.contains("Rec. 601") })
        let second = try Micrograph(path: path, databar: 0, page: 1)
        #expect(!second.warnings.contains { $0.contains("Rec. 601") } && second.grey.width == 112)
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
import CCairo
import InterphaseCore

/// Errors from writing figures.
public enum FigureError: InterphaseError, Equatable {
    /// cairo reported `status` while writing `path`.
    case cairo(path: String, status: String)
    /// The path's extension is not .png, .svg or .pdf.
    case unknownFormat(path: String)

    public var category: ErrorCategory { .invalidRequest }
    public var description: String {
        switch self {
        case .cairo(let p, let s): "\(p): cairo could not write the figure: \(s)"
        case .unknownFormat(let p): "\(p): unknown figure format (use .png, .svg or .pdf)"
        }
    }
}

/// Output formats; one drawing code for all three.
public enum FigureFormat: String, Sendable, CaseIterable {
    /// Raster PNG, vector SVG, vector PDF.
    case png, svg, pdf

    /// The format named by the path's extension (case-insensitive); nil for any other.
    public init?(path: String) {
        guard let ext = path.split(separator: ".").last?.lowercased(), let f = FigureFormat(rawValue: ext) else { return nil }
        self = f
    }
}

/// A ``Canvas`` drawing through cairo (`cairo_t`). Text uses cairo's toy API with the font family
/// chosen by name ("DejaVu Sans" by default), which covers cm⁻¹, µm, Å, χ² and ±.
public final class CairoCanvas: Canvas {
    let cr: OpaquePointer
    let fontFamily: String

    init(cr: OpaquePointer, fontFamily: String) {
        self.cr = cr
        self.fontFamily = fontFamily
    }

    public func setColor(_ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }
    public func setLineWidth(_ w: Double) { cairo_set_line_width(cr, w) }
    public func setDash(_ pattern: [Double]) { pattern.withUnsafeBufferPointer { cairo_set_dash(cr, $0.baseAddress, Int32($0.count), 0) } }
    public func moveTo(_ x: Double, _ y: Double) { cairo_move_to(cr, x, y) }
    public func lineTo(_ x: Double, _ y: Double) { cairo_line_to(cr, x, y) }
    public func rectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double) { cairo_rectangle(cr, x, y, w, h) }
    public func circle(_ x: Double, _ y: Double, radius: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * Double.pi)
    }
    public func closePath() { cairo_close_path(cr) }
    public func stroke() { cairo_stroke(cr) }
    public func fill() { cairo_fill(cr) }
    public func save() { cairo_save(cr) }
    public func restore() { cairo_restore(cr) }
    public func clip() { cairo_clip(cr) }

    func selectFont(size: Double, bold: Bool) {
        cairo_select_font_face(cr, fontFamily, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    public func textWidth(_ s: String, size: Double, bold: Bool) -> Double {
        selectFont(size: size, bold: bold)
        var e = cairo_text_extents_t()
        cairo_text_extents(cr, s, &e)
        return e.x_advance
    }

    public func text(_ s: String, x: Double, y: Double, size: Double, horizontal: HorizontalAnchor, vertical: VerticalAnchor, rotation: Double, bold: Bool) {
        selectFont(size: size, bold: bold)
        var e = cairo_text_extents_t()
        cairo_text_extents(cr, s, &e)
        var fe = cairo_font_extents_t()
        cairo_font_extents(cr, &fe)
        let dx: Double = switch horizontal {
        case .left: 0
        case .center: -e.x_advance / 2
        case .right: -e.x_advance
        }
        let dy: Double = switch vertical {
        case .top: fe.ascent
        case .middle: (fe.ascent - fe.descent) / 2
        case .baseline: 0
        case .bottom: -fe.descent
        }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_rotate(cr, rotation)
        cairo_move_to(cr, dx, dy)
        cairo_show_text(cr, s)
        cairo_restore(cr)
    }

    public func image(_ r: Raster<UInt8>, x: Double, y: Double, width: Double, height: Double) {
        guard r.width > 0, r.height > 0 else { return }
        let stride = Int(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, Int32(r.width)))
        let words = stride / 4
        var pixels = [UInt32](repeating: 0, count: words * r.height)
        let ch = r.channels
        r.samples.withUnsafeBufferPointer { s in
            for yy in 0..<r.height {
                for xx in 0..<r.width {
                    let b = (yy * r.width + xx) * ch
                    let (rr, gg, bb): (UInt32, UInt32, UInt32) = ch >= 3 ? (UInt32(s[b]), UInt32(s[b + 1]), UInt32(s[b + 2])) : (UInt32(s[b]), UInt32(s[b]), UInt32(s[b]))
                    pixels[yy * words + xx] = rr << 16 | gg << 8 | bb
                }
            }
        }
        pixels.withUnsafeMutableBytes { buf in
            let surface = cairo_image_surface_create_for_data(buf.baseAddress!.assumingMemoryBound(to: UInt8.self), CAIRO_FORMAT_RGB24, Int32(r.width), Int32(r.height), Int32(stride))
            defer { cairo_surface_destroy(surface) }
            cairo_save(cr)
            cairo_translate(cr, x, y)
            cairo_scale(cr, width / Double(r.width), height / Double(r.height))
            cairo_set_source_surface(cr, surface, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(cr), width > Double(r.width) * 1.5 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD)
            cairo_paint(cr)
            cairo_restore(cr)
            cairo_surface_flush(surface)
        }
    }
}

extension Figure {
    /// Writes the figure as PNG, SVG or PDF (chosen from the extension unless given).
    /// PNG is rasterised at `scale` pixels per point (2 → 1440×880 px for the default size).
    public func write(to path: String, format: FigureFormat? = nil, scale: Double = 2, fontFamily: String = "DejaVu Sans") throws(FigureError) {
        guard let format = format ?? FigureFormat(path: path) else { throw .unknownFormat(path: path) }
        let surface: OpaquePointer?
        switch format {
        case .png: surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32((width * scale).rounded()), Int32((height * scale).rounded()))
        case .svg: surface = cairo_svg_surface_create(path, width, height)
        case .pdf: surface = cairo_pdf_surface_create(path, width, height)
        }
        guard let surface else { throw .cairo(path: path, status: "no surface") }
        defer { cairo_surface_destroy(surface) }
        guard let cr = cairo_create(surface) else { throw .cairo(path: path, status: "no context") }
        if format == .png { cairo_scale(cr, scale, scale) }
        FigureRenderer().render(self, on: CairoCanvas(cr: cr, fontFamily: fontFamily))
        let drawStatus = cairo_status(cr)
        cairo_destroy(cr)
        guard drawStatus == CAIRO_STATUS_SUCCESS else { throw .cairo(path: path, status: String(cString: cairo_status_to_string(drawStatus))) }
        if format == .png {
            let s = cairo_surface_write_to_png(surface, path)
            guard s == CAIRO_STATUS_SUCCESS else { throw .cairo(path: path, status: String(cString: cairo_status_to_string(s))) }
        } else {
            cairo_surface_finish(surface)
            let s = cairo_surface_status(surface)
            guard s == CAIRO_STATUS_SUCCESS else { throw .cairo(path: path, status: String(cString: cairo_status_to_string(s))) }
        }
    }
}

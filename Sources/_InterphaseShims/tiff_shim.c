// SPDX-License-Identifier: GPL-3.0-or-later
// libtiff over an in-memory buffer. TIFFGetField is variadic, so every getter lives here.
#include "_InterphaseShims.h"
#include <tiffio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ip_tiff {
    const unsigned char *data;
    size_t size;
    size_t pos;
    TIFF *tif;
    char last_error[512];
};

static tmsize_t ip_read(thandle_t h, void *buf, tmsize_t n) {
    struct ip_tiff *t = (struct ip_tiff *)h;
    if (n <= 0 || t->pos >= t->size) return 0;
    size_t avail = t->size - t->pos;
    size_t k = (size_t)n < avail ? (size_t)n : avail;
    memcpy(buf, t->data + t->pos, k);
    t->pos += k;
    return (tmsize_t)k;
}
static tmsize_t ip_write(thandle_t h, void *buf, tmsize_t n) { (void)h; (void)buf; (void)n; return 0; }
static toff_t ip_seek(thandle_t h, toff_t off, int whence) {
    struct ip_tiff *t = (struct ip_tiff *)h;
    long long base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (long long)t->pos : (long long)t->size;
    long long p = base + (long long)off;
    if (p < 0) return (toff_t)-1;
    t->pos = (size_t)p;
    return (toff_t)p;
}
static int ip_close(thandle_t h) { (void)h; return 0; }
static toff_t ip_size(thandle_t h) { return (toff_t)((struct ip_tiff *)h)->size; }
static int ip_map(thandle_t h, void **base, toff_t *size) {
    struct ip_tiff *t = (struct ip_tiff *)h;
    *base = (void *)t->data; *size = (toff_t)t->size; return 1;
}
static void ip_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static int ip_error_handler(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    struct ip_tiff *t = (struct ip_tiff *)user;
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    snprintf(t->last_error, sizeof t->last_error, "%s%s%s", module ? module : "", module ? ": " : "", msg);
    return 1; // handled: do not print to stderr
}
static int ip_warning_handler(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif; (void)user; (void)module; (void)fmt; (void)ap;
    return 1; // silence: unknown private tags (FEI, Zeiss) warn on every file
}

static void ip_set_err(struct ip_tiff *t, char *err, size_t errlen, const char *fallback) {
    if (t && t->last_error[0]) snprintf(err, errlen, "%s", t->last_error);
    else snprintf(err, errlen, "%s", fallback);
}

ip_tiff *ip_tiff_open(const unsigned char *data, size_t size, char *err, size_t errlen) {
    if (size < 8) { snprintf(err, errlen, "file is %zu bytes; a TIFF header needs 8", size); return NULL; }
    struct ip_tiff *t = (struct ip_tiff *)calloc(1, sizeof *t);
    if (!t) { snprintf(err, errlen, "out of memory"); return NULL; }
    t->data = data; t->size = size;
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(opts, ip_error_handler, t);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, ip_warning_handler, t);
    t->tif = TIFFClientOpenExt("memory", "rm", (thandle_t)t, ip_read, ip_write, ip_seek, ip_close, ip_size,
                               ip_map, ip_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (!t->tif) {
        ip_set_err(t, err, errlen, "libtiff could not open the data");
        free(t);
        return NULL;
    }
    return t;
}

void ip_tiff_close(ip_tiff *t) {
    if (!t) return;
    if (t->tif) TIFFClose(t->tif);
    free(t);
}

int ip_tiff_page_count(ip_tiff *t) { return (int)TIFFNumberOfDirectories(t->tif); }

int ip_tiff_select_page(ip_tiff *t, int page, char *err, size_t errlen) {
    t->last_error[0] = 0;
    if (!TIFFSetDirectory(t->tif, (tdir_t)page)) {
        ip_set_err(t, err, errlen, "cannot read this page's directory");
        return 1;
    }
    return 0;
}

int ip_tiff_page_info_get(ip_tiff *t, ip_tiff_page_info *info, char *err, size_t errlen) {
    memset(info, 0, sizeof *info);
    TIFF *tif = t->tif;
    t->last_error[0] = 0;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &info->width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &info->height)) {
        ip_set_err(t, err, errlen, "ImageWidth or ImageLength tag missing");
        return 1;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &info->bits_per_sample);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &info->samples_per_pixel);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &info->sample_format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &info->planar_config);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &info->compression);
    TIFFGetFieldDefaulted(tif, TIFFTAG_ORIENTATION, &info->orientation);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &info->photometric)) {
        info->photometric = info->samples_per_pixel >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
    }
    info->tiled = TIFFIsTiled(tif);
    uint16_t *r, *g, *b;
    info->has_colormap = TIFFGetField(tif, TIFFTAG_COLORMAP, &r, &g, &b) ? 1 : 0;
    float xr = 0, yr = 0;
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xr) && TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yr)) {
        info->has_resolution = 1;
        info->x_resolution = xr; info->y_resolution = yr;
    }
    TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &info->resolution_unit);
    return 0;
}

int ip_tiff_read_pixels(ip_tiff *t, unsigned char *out, size_t out_size, char *err, size_t errlen) {
    TIFF *tif = t->tif;
    t->last_error[0] = 0;
    uint32_t w = 0, h = 0;
    uint16_t bps = 1, spp = 1, planar = PLANARCONFIG_CONTIG;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    size_t sample_bytes = bps >= 8 ? (size_t)(bps / 8) : 0;
    size_t row_bytes = planar == PLANARCONFIG_CONTIG ? ((size_t)w * spp * bps + 7) / 8 : (size_t)w * spp * sample_bytes;
    if ((size_t)h * row_bytes > out_size) { snprintf(err, errlen, "output buffer too small"); return 1; }
    if (planar != PLANARCONFIG_CONTIG && (bps % 8) != 0) {
        snprintf(err, errlen, "planar-separate data with %u bits per sample is not supported", bps);
        return 1;
    }
    // Every strip or tile must lie inside the file. libtiff pads a short StripOffsets list with zeros
    // and then estimates byte counts, which would read the file's header as pixels: a silently
    // wrong image. Refuse instead, naming the strip.
    {
        int tiled = TIFFIsTiled(tif);
        uint32_t n = tiled ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
        for (uint32_t s = 0; s < n; s++) {
            uint64_t off = TIFFGetStrileOffset(tif, s), bc = TIFFGetStrileByteCount(tif, s);
            if (off == 0 || bc == 0 || off > (uint64_t)t->size || bc > (uint64_t)t->size - off) {
                snprintf(err, errlen, "%s %u of %u: offset %llu and %llu bytes lie outside the %zu-byte file (missing or corrupt %s)",
                         tiled ? "tile" : "strip", s, n, (unsigned long long)off, (unsigned long long)bc, t->size,
                         tiled ? "TileOffsets/TileByteCounts" : "StripOffsets/StripByteCounts");
                return 1;
            }
        }
    }
    if (TIFFIsTiled(tif)) {
        uint32_t tw = 0, th = 0;
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
        if (planar != PLANARCONFIG_CONTIG || (bps % 8) != 0 || tw == 0 || th == 0) {
            snprintf(err, errlen, "tiled TIFF with planar-separate or sub-byte samples is not supported");
            return 1;
        }
        tmsize_t tsize = TIFFTileSize(tif);
        // A tile may overhang the image, but not by orders of magnitude: corrupt TileWidth/TileLength
        // would otherwise ask for gigabytes.
        size_t tile_limit = (out_size > ((size_t)1 << 24) ? out_size : ((size_t)1 << 24)) * 4;
        if (tsize <= 0 || (size_t)tsize > tile_limit) {
            snprintf(err, errlen, "tile of %ux%u pixels (%lld bytes) is implausible for a %ux%u image: corrupt TileWidth/TileLength",
                     tw, th, (long long)tsize, w, h);
            return 1;
        }
        unsigned char *tile = (unsigned char *)malloc((size_t)tsize);
        if (!tile) { snprintf(err, errlen, "out of memory"); return 1; }
        size_t px = (size_t)spp * sample_bytes;
        for (uint32_t y0 = 0; y0 < h; y0 += th) {
            for (uint32_t x0 = 0; x0 < w; x0 += tw) {
                if (TIFFReadTile(tif, tile, x0, y0, 0, 0) < 0) {
                    free(tile);
                    ip_set_err(t, err, errlen, "cannot read tile");
                    char m[600]; snprintf(m, sizeof m, "tile at x=%u y=%u: %s", x0, y0, err); snprintf(err, errlen, "%s", m);
                    return 1;
                }
                uint32_t ch = (y0 + th > h) ? h - y0 : th;
                uint32_t cw = (x0 + tw > w) ? w - x0 : tw;
                for (uint32_t yy = 0; yy < ch; yy++)
                    memcpy(out + (size_t)(y0 + yy) * row_bytes + (size_t)x0 * px, tile + (size_t)yy * tw * px, (size_t)cw * px);
            }
        }
        free(tile);
        return 0;
    }
    uint32_t rps = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rps);
    if (rps == 0 || rps > h) rps = h;
    tmsize_t ssize = TIFFStripSize(tif);
    if (ssize < 0 || (size_t)ssize > out_size + 65536) {
        snprintf(err, errlen, "strip of %lld bytes is larger than the %zu-byte image: corrupt RowsPerStrip", (long long)ssize, out_size);
        return 1;
    }
    unsigned char *strip = (unsigned char *)malloc((size_t)ssize > 0 ? (size_t)ssize : 1);
    if (!strip) { snprintf(err, errlen, "out of memory"); return 1; }
    uint32_t strips_per_plane = (h + rps - 1) / rps;
    int planes = planar == PLANARCONFIG_CONTIG ? 1 : spp;
    size_t plane_row = planar == PLANARCONFIG_CONTIG ? row_bytes : (size_t)w * sample_bytes;
    for (int p = 0; p < planes; p++) {
        for (uint32_t s = 0; s < strips_per_plane; s++) {
            uint32_t strip_index = (uint32_t)p * strips_per_plane + s;
            uint32_t row0 = s * rps;
            uint32_t nrows = row0 + rps > h ? h - row0 : rps;
            tmsize_t got = TIFFReadEncodedStrip(tif, strip_index, strip, (tmsize_t)(nrows * plane_row));
            if (got < 0) {
                char m[600];
                snprintf(m, sizeof m, "strip %u (rows %u-%u): %s", strip_index, row0, row0 + nrows - 1,
                         t->last_error[0] ? t->last_error : "read error");
                snprintf(err, errlen, "%s", m);
                free(strip);
                return 1;
            }
            if ((size_t)got < nrows * plane_row) {
                char m[600];
                snprintf(m, sizeof m, "strip %u (rows %u-%u) is truncated: %lld of %zu bytes", strip_index, row0,
                         row0 + nrows - 1, (long long)got, nrows * plane_row);
                snprintf(err, errlen, "%s", m);
                free(strip);
                return 1;
            }
            if (planes == 1) {
                memcpy(out + (size_t)row0 * row_bytes, strip, nrows * row_bytes);
            } else {
                for (uint32_t r = 0; r < nrows; r++) {
                    unsigned char *dst = out + (size_t)(row0 + r) * row_bytes + (size_t)p * sample_bytes;
                    const unsigned char *src = strip + (size_t)r * plane_row;
                    for (uint32_t x = 0; x < w; x++)
                        memcpy(dst + (size_t)x * spp * sample_bytes, src + (size_t)x * sample_bytes, sample_bytes);
                }
            }
        }
    }
    free(strip);
    return 0;
}

int ip_tiff_colormap(ip_tiff *t, uint16_t *out, size_t count, char *err, size_t errlen) {
    uint16_t *r, *g, *b;
    uint16_t bps = 8;
    TIFFGetFieldDefaulted(t->tif, TIFFTAG_BITSPERSAMPLE, &bps);
    if (!TIFFGetField(t->tif, TIFFTAG_COLORMAP, &r, &g, &b)) {
        snprintf(err, errlen, "palette image without a ColorMap tag (320)");
        return 1;
    }
    size_t n = (size_t)1 << bps;
    if (count < 3 * n) { snprintf(err, errlen, "colormap buffer too small"); return 1; }
    memcpy(out, r, n * 2); memcpy(out + n, g, n * 2); memcpy(out + 2 * n, b, n * 2);
    return 0;
}

int ip_tiff_raw_tag(ip_tiff *t, uint32_t tag, int *datatype, uint32_t *count, int *element_size, const void **data) {
    TIFF *tif = t->tif;
    const TIFFField *f = TIFFFindField(tif, tag, TIFF_ANY);
    *data = NULL; *count = 0; *datatype = 0; *element_size = 0;
    if (!f) return 0;
    *datatype = (int)TIFFFieldDataType(f);
    *element_size = TIFFFieldSetGetSize(f);
    if (*element_size <= 0) return 0;
    if (TIFFFieldPassCount(f)) {
        void *p = NULL;
        if (TIFFFieldReadCount(f) == TIFF_VARIABLE2) {
            uint32_t c = 0;
            if (!TIFFGetField(tif, tag, &c, &p)) return 0;
            *count = c;
        } else {
            uint16_t c = 0;
            if (!TIFFGetField(tif, tag, &c, &p)) return 0;
            *count = c;
        }
        *data = p;
        return 1;
    }
    if (TIFFFieldDataType(f) == TIFF_ASCII) {
        char *s = NULL;
        if (!TIFFGetField(tif, tag, &s) || !s) return 0;
        *data = s; *count = (uint32_t)strlen(s); *element_size = 1;
        return 1;
    }
    return 0; // scalar tags are reached through ip_tiff_page_info_get
}

int ip_tiff_custom_tag_count(ip_tiff *t) { return TIFFGetTagListCount(t->tif); }
uint32_t ip_tiff_custom_tag(ip_tiff *t, int index) { return TIFFGetTagListEntry(t->tif, index); }

// MARK: writing

struct ip_tiff_write_error { char message[512]; };

static int ip_write_error_handler(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    struct ip_tiff_write_error *e = (struct ip_tiff_write_error *)user;
    char msg[400];
    vsnprintf(msg, sizeof msg, fmt, ap);
    snprintf(e->message, sizeof e->message, "%s%s%s", module ? module : "", module ? ": " : "", msg);
    return 1;
}

int ip_tiff_write_grey(const char *path, uint32_t width, uint32_t height, int bits, int is_float, const void *pixels,
                       double pixels_per_unit_x, double pixels_per_unit_y, const char *description, char *err, size_t errlen) {
    struct ip_tiff_write_error e = { { 0 } };
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(opts, ip_write_error_handler, &e);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, ip_warning_handler, NULL);
    TIFF *tif = TIFFOpenExt(path, "w", opts);
    TIFFOpenOptionsFree(opts);
    if (!tif) { snprintf(err, errlen, "%s", e.message[0] ? e.message : "cannot create the file"); return 1; }
    int ok = TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, width) && TIFFSetField(tif, TIFFTAG_IMAGELENGTH, height)
        && TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)bits) && TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (uint16_t)1)
        && TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, (uint16_t)(is_float ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT))
        && TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, (uint16_t)PHOTOMETRIC_MINISBLACK)
        && TIFFSetField(tif, TIFFTAG_PLANARCONFIG, (uint16_t)PLANARCONFIG_CONTIG)
        && TIFFSetField(tif, TIFFTAG_COMPRESSION, (uint16_t)(is_float ? COMPRESSION_NONE : COMPRESSION_PACKBITS))
        && TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(tif, 0));
    if (ok && pixels_per_unit_x > 0 && pixels_per_unit_y > 0) {
        ok = TIFFSetField(tif, TIFFTAG_XRESOLUTION, (float)pixels_per_unit_x) && TIFFSetField(tif, TIFFTAG_YRESOLUTION, (float)pixels_per_unit_y)
            && TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, (uint16_t)RESUNIT_NONE);
    }
    if (ok && description) ok = TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, description);
    size_t row = (size_t)width * (size_t)(bits / 8);
    for (uint32_t y = 0; ok && y < height; y++) {
        ok = TIFFWriteScanline(tif, (void *)((const unsigned char *)pixels + row * y), y, 0) == 1;
    }
    if (ok) ok = TIFFWriteDirectory(tif);
    TIFFClose(tif);
    if (!ok) { snprintf(err, errlen, "%s", e.message[0] ? e.message : "libtiff could not write the image"); return 1; }
    return 0;
}

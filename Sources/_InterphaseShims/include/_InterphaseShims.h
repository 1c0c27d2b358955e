// SPDX-License-Identifier: GPL-3.0-or-later
// The only C in Interphase: what Swift cannot call directly.
//  - libpng reports errors with setjmp/longjmp, which Swift cannot catch.
//  - libtiff's TIFFGetField is variadic, which Swift does not import.
//  - libjpeg (libjpeg-turbo) also reports errors with longjmp.
//  - glibc's mallopt lives in <malloc.h>, which Swift's Glibc module does not include.
// Every function returns 0 on success and writes a message into `err` otherwise.
#ifndef INTERPHASE_SHIMS_H
#define INTERPHASE_SHIMS_H
#include <stddef.h>
#include <stdint.h>

// MARK: malloc

// At most `arenas` glibc malloc arenas (mallopt M_ARENA_MAX); 0 on success, 1 elsewhere.
int ip_limit_malloc_arenas(int arenas);
/// Fixes glibc's mmap threshold (turning off its dynamic growth); 0 on success, 1 off glibc.
int ip_fix_mmap_threshold(long bytes);

// MARK: PNG

typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;      // 8 or 16 after expansion
    int channels;       // 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    int source_color_type;
    int source_bit_depth;
    int interlaced;
    size_t row_bytes;      // after expansion: width * channels * bit_depth / 8
    size_t byte_count;     // row_bytes * height
} ip_png_decoded;

// Decoding in two steps, so the pixels go straight into a buffer the caller sized from the header:
// ip_png_open reads the header (status 1 not PNG, 2 out of memory, 3 corrupt, 4 too large; NULL
// then), ip_png_read decodes into `pixels` (byte_count bytes; rows tightly packed, native-endian
// samples; 0 on success, 2 out of memory, 3 corrupt), ip_png_close releases the reader in every case.
typedef struct ip_png_reader ip_png_reader;
ip_png_reader *ip_png_open(const unsigned char *data, size_t size, ip_png_decoded *out, int *status, char *err, size_t errlen);
int ip_png_read(ip_png_reader *r, unsigned char *pixels, char *err, size_t errlen);
void ip_png_close(ip_png_reader *r);
int ip_png_encode(const unsigned char *pixels, uint32_t width, uint32_t height, int bit_depth, int channels,
                  unsigned char **out, size_t *out_size, char *err, size_t errlen);
void ip_buffer_free(unsigned char *p);

// MARK: TIFF

typedef struct ip_tiff ip_tiff; // an open TIFF over a caller-owned memory buffer

typedef struct {
    uint32_t width, height;
    uint16_t bits_per_sample, samples_per_pixel, sample_format, photometric, planar_config, compression;
    uint16_t orientation;
    int tiled;
    int has_colormap;
    int has_resolution;
    float x_resolution, y_resolution;
    uint16_t resolution_unit;
} ip_tiff_page_info;

ip_tiff *ip_tiff_open(const unsigned char *data, size_t size, char *err, size_t errlen);
void ip_tiff_close(ip_tiff *t);
int ip_tiff_page_count(ip_tiff *t);
int ip_tiff_select_page(ip_tiff *t, int page, char *err, size_t errlen);
int ip_tiff_page_info_get(ip_tiff *t, ip_tiff_page_info *info, char *err, size_t errlen);
// Decodes the current page into `out` (width*height*samples*bytes_per_sample bytes, contiguous,
// native-endian samples). Planar-separate data is interleaved.
int ip_tiff_read_pixels(ip_tiff *t, unsigned char *out, size_t out_size, char *err, size_t errlen);
// Colormap of the current page: 3 * 2^bits uint16 values (R block, G block, B block).
int ip_tiff_colormap(ip_tiff *t, uint16_t *out, size_t count, char *err, size_t errlen);
// Raw bytes of any tag of the current page (ASCII, BYTE, UNDEFINED and numeric tags), as libtiff holds
// them in memory: *element_size is libtiff's storage size per value (TIFFFieldSetGetSize), which for
// RATIONAL is a float or double, not the 8 bytes of the file. Returns 1 if present, 0 if absent.
// *data stays owned by libtiff until the next page change.
int ip_tiff_raw_tag(ip_tiff *t, uint32_t tag, int *datatype, uint32_t *count, int *element_size, const void **data);
// Custom (non-baseline) tags present in the current page.
int ip_tiff_custom_tag_count(ip_tiff *t);
uint32_t ip_tiff_custom_tag(ip_tiff *t, int index);
// Writes one grey page (8-bit unsigned, PackBits, or 32-bit float, uncompressed) to `path`, with
// XResolution/YResolution in pixels per unit (ResolutionUnit none) when both are positive and an
// ImageDescription when given. 0 on success.
int ip_tiff_write_grey(const char *path, uint32_t width, uint32_t height, int bits, int is_float, const void *pixels,
                       double pixels_per_unit_x, double pixels_per_unit_y, const char *description, char *err, size_t errlen);

// MARK: JPEG (libjpeg-turbo)

typedef struct {
    uint32_t width;
    uint32_t height;
    int channels;          // 1 grey, 3 RGB (YCbCr and RGB sources are converted to RGB)
    int source_components;
    int progressive;
} ip_jpeg_info;

// As for PNG: ip_jpeg_open reads the header (status 1 not JPEG, 3 corrupt, 4 unsupported e.g. CMYK,
// 2 out of memory; NULL then), ip_jpeg_read decodes into `pixels` (width*height*channels bytes;
// 0 on success, 3 corrupt: a libjpeg error, or a warning such as a premature end of data, which
// libjpeg would otherwise pass over by filling grey), ip_jpeg_close releases the reader.
typedef struct ip_jpeg_reader ip_jpeg_reader;
ip_jpeg_reader *ip_jpeg_open(const unsigned char *data, size_t size, ip_jpeg_info *out, int *status, char *err, size_t errlen);
int ip_jpeg_read(ip_jpeg_reader *r, unsigned char *pixels, char *err, size_t errlen);
void ip_jpeg_close(ip_jpeg_reader *r);

#endif

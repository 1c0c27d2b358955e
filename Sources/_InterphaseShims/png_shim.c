// SPDX-License-Identifier: GPL-3.0-or-later
// libpng through its low-level API. setjmp lives here because Swift cannot call it.
#include "_InterphaseShims.h"
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#define IP_MAX_DECODED_BYTES ((size_t)1 << 32)

typedef struct {
    jmp_buf jump;
    char *err;
    size_t errlen;
    const unsigned char *data;
    size_t size;
    size_t pos;
    unsigned char *obuf;
    size_t olen, ocap;
} ip_png_ctx;

static void ip_png_error(png_structp png, png_const_charp msg) {
    ip_png_ctx *ctx = (ip_png_ctx *)png_get_error_ptr(png);
    // Say where: libpng's own messages name the chunk but not the place in the file.
    if (strstr(msg, "byte offset")) snprintf(ctx->err, ctx->errlen, "%s", msg);
    else snprintf(ctx->err, ctx->errlen, "%s (after reading %zu of %zu bytes)", msg, ctx->pos, ctx->size);
    longjmp(ctx->jump, 1);
}

static void ip_png_warning(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

static void ip_png_read_fn(png_structp png, png_bytep out, png_size_t len) {
    ip_png_ctx *ctx = (ip_png_ctx *)png_get_io_ptr(png);
    if (ctx->pos + len > ctx->size) {
        char m[128];
        snprintf(m, sizeof m, "truncated: %zu bytes needed at byte offset %zu, but the file ends at byte %zu",
                 (size_t)len, ctx->pos, ctx->size);
        png_error(png, m);
    }
    memcpy(out, ctx->data + ctx->pos, len);
    ctx->pos += len;
}

struct ip_png_reader {
    ip_png_ctx ctx;
    png_structp png;
    png_infop info;
};

void ip_png_close(ip_png_reader *r) {
    if (!r) return;
    if (r->png) png_destroy_read_struct(&r->png, r->info ? &r->info : NULL, NULL);
    free(r);
}

ip_png_reader *ip_png_open(const unsigned char *data, size_t size, ip_png_decoded *out, int *status, char *err, size_t errlen) {
    memset(out, 0, sizeof *out);
    *status = 0;
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(err, errlen, "not a PNG file (signature missing at byte 0)");
        *status = 1;
        return NULL;
    }
    ip_png_reader *r = (ip_png_reader *)calloc(1, sizeof *r);
    if (!r) { snprintf(err, errlen, "out of memory"); *status = 2; return NULL; }
    r->ctx.err = err; r->ctx.errlen = errlen; r->ctx.data = data; r->ctx.size = size;
    r->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r->ctx, ip_png_error, ip_png_warning);
    if (!r->png) { free(r); snprintf(err, errlen, "libpng: cannot create read struct"); *status = 2; return NULL; }
    r->info = png_create_info_struct(r->png);
    if (!r->info) { ip_png_close(r); snprintf(err, errlen, "libpng: cannot create info"); *status = 2; return NULL; }
    if (setjmp(r->ctx.jump)) {
        ip_png_close(r);
        memset(out, 0, sizeof *out);
        *status = 3;
        return NULL;
    }
    png_structp png = r->png;
    png_infop info = r->info;
    png_set_read_fn(png, &r->ctx, ip_png_read_fn);
    png_set_user_limits(png, 1u << 20, 1u << 20);
    png_set_chunk_malloc_max(png, (png_alloc_size_t)64 << 20);
    png_read_info(png, info);
    png_uint_32 w = 0, h = 0;
    int depth = 0, ctype = 0, interlace = 0;
    png_get_IHDR(png, info, &w, &h, &depth, &ctype, &interlace, NULL, NULL);
    out->source_color_type = ctype;
    out->source_bit_depth = depth;
    out->interlaced = interlace != PNG_INTERLACE_NONE;
    if (ctype == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    if (depth == 16) png_set_swap(png); // PNG is big-endian; hand native-endian samples to Swift
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t rowbytes = png_get_rowbytes(png, info);
    // Hostile sizes are refused before anything is allocated: at most IP_MAX_DECODED_BYTES decoded.
    if (h != 0 && rowbytes > IP_MAX_DECODED_BYTES / h) {
        snprintf(err, errlen, "header at byte 16 claims %u x %u pixels (%zu bytes per row): more than the %llu-byte limit for one image",
                 w, h, rowbytes, (unsigned long long)IP_MAX_DECODED_BYTES);
        ip_png_close(r);
        memset(out, 0, sizeof *out);
        *status = 4;
        return NULL;
    }
    out->width = w; out->height = h;
    out->bit_depth = png_get_bit_depth(png, info);
    out->channels = png_get_channels(png, info);
    out->row_bytes = rowbytes;
    out->byte_count = rowbytes * (size_t)h;
    return r;
}

int ip_png_read(ip_png_reader *r, unsigned char *pixels, char *err, size_t errlen) {
    r->ctx.err = err; r->ctx.errlen = errlen;
    png_uint_32 h = png_get_image_height(r->png, r->info);
    size_t rowbytes = png_get_rowbytes(r->png, r->info);
    png_bytep *volatile rows = (png_bytep *)malloc(sizeof(png_bytep) * (h ? h : 1));
    if (!rows) { snprintf(err, errlen, "out of memory for the row table of %u rows", h); return 2; }
    if (setjmp(r->ctx.jump)) {
        free(rows);
        return 3;
    }
    for (png_uint_32 y = 0; y < h; y++) rows[y] = pixels + (size_t)y * rowbytes;
    png_read_image(r->png, rows);
    png_read_end(r->png, NULL);
    free(rows);
    return 0;
}

static void ip_png_write_fn(png_structp png, png_bytep in, png_size_t len) {
    ip_png_ctx *ctx = (ip_png_ctx *)png_get_io_ptr(png);
    if (ctx->olen + len > ctx->ocap) {
        size_t cap = ctx->ocap ? ctx->ocap * 2 : 65536;
        while (cap < ctx->olen + len) cap *= 2;
        unsigned char *n = (unsigned char *)realloc(ctx->obuf, cap);
        if (!n) png_error(png, "out of memory while encoding");
        ctx->obuf = n; ctx->ocap = cap;
    }
    memcpy(ctx->obuf + ctx->olen, in, len);
    ctx->olen += len;
}

static void ip_png_flush_fn(png_structp png) { (void)png; }

int ip_png_encode(const unsigned char *pixels, uint32_t width, uint32_t height, int bit_depth, int channels,
                  unsigned char **out, size_t *out_size, char *err, size_t errlen) {
    *out = NULL; *out_size = 0;
    int ctype;
    switch (channels) {
        case 1: ctype = PNG_COLOR_TYPE_GRAY; break;
        case 2: ctype = PNG_COLOR_TYPE_GRAY_ALPHA; break;
        case 3: ctype = PNG_COLOR_TYPE_RGB; break;
        case 4: ctype = PNG_COLOR_TYPE_RGB_ALPHA; break;
        default: snprintf(err, errlen, "unsupported channel count %d", channels); return 1;
    }
    if (bit_depth != 8 && bit_depth != 16) { snprintf(err, errlen, "unsupported bit depth %d", bit_depth); return 1; }
    ip_png_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.err = err; ctx.errlen = errlen;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, ip_png_error, ip_png_warning);
    if (!png) { snprintf(err, errlen, "libpng: cannot create write struct"); return 2; }
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_write_struct(&png, NULL); snprintf(err, errlen, "libpng: cannot create info"); return 2; }
    if (setjmp(ctx.jump)) {
        free(ctx.obuf);
        png_destroy_write_struct(&png, &info);
        return 3;
    }
    png_set_write_fn(png, &ctx, ip_png_write_fn, ip_png_flush_fn);
    png_set_IHDR(png, info, width, height, bit_depth, ctype, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);
    png_write_info(png, info);
    if (bit_depth == 16) png_set_swap(png);
    size_t rowbytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (uint32_t y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(pixels + (size_t)y * rowbytes));
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    *out = ctx.obuf; *out_size = ctx.olen;
    return 0;
}

void ip_buffer_free(unsigned char *p) { free(p); }

// SPDX-License-Identifier: GPL-3.0-or-later
// libjpeg-turbo through the libjpeg API. Its error manager longjmps, which Swift cannot catch.
#include "_InterphaseShims.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

struct ip_jpeg_reader {
    struct jpeg_decompress_struct cinfo;
    struct jpeg_error_mgr jerr;
    jmp_buf jump;
    size_t size;
    char first_warning[JMSG_LENGTH_MAX];
    int warned;
};

// Where the decoder stood: bytes consumed from the memory source.
static size_t ip_jpeg_offset(ip_jpeg_reader *r) {
    if (!r->cinfo.src) return 0;
    return r->size - r->cinfo.src->bytes_in_buffer;
}

static void ip_jpeg_error_exit(j_common_ptr cinfo) {
    ip_jpeg_reader *r = (ip_jpeg_reader *)cinfo->client_data;
    longjmp(r->jump, 1);
}

// libjpeg reports corrupt or truncated data as warnings (level -1) and goes on, filling grey:
// keep the first one so the caller can refuse the image.
static void ip_jpeg_emit(j_common_ptr cinfo, int level) {
    ip_jpeg_reader *r = (ip_jpeg_reader *)cinfo->client_data;
    if (level >= 0 || r->warned) return;
    (*cinfo->err->format_message)(cinfo, r->first_warning);
    r->warned = 1;
}

static void ip_jpeg_message(ip_jpeg_reader *r, char *err, size_t errlen) {
    char msg[JMSG_LENGTH_MAX];
    (*r->cinfo.err->format_message)((j_common_ptr)&r->cinfo, msg);
    snprintf(err, errlen, "%s (at byte %zu of %zu)", msg, ip_jpeg_offset(r), r->size);
}

ip_jpeg_reader *ip_jpeg_open(const unsigned char *data, size_t size, ip_jpeg_info *out, int *status, char *err, size_t errlen) {
    *status = 0;
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF) { *status = 1; return NULL; }
    ip_jpeg_reader *r = calloc(1, sizeof *r);
    if (!r) { *status = 2; snprintf(err, errlen, "out of memory"); return NULL; }
    r->size = size;
    r->cinfo.err = jpeg_std_error(&r->jerr);
    r->jerr.error_exit = ip_jpeg_error_exit;
    r->jerr.emit_message = ip_jpeg_emit;
    r->cinfo.client_data = r;
    if (setjmp(r->jump)) {
        ip_jpeg_message(r, err, errlen);
        *status = 3;
        jpeg_destroy_decompress(&r->cinfo);
        free(r);
        return NULL;
    }
    jpeg_create_decompress(&r->cinfo);
    jpeg_mem_src(&r->cinfo, data, (unsigned long)size);
    jpeg_read_header(&r->cinfo, TRUE);
    int comps = r->cinfo.num_components;
    if (r->cinfo.jpeg_color_space == JCS_CMYK || r->cinfo.jpeg_color_space == JCS_YCCK) {
        snprintf(err, errlen, "a CMYK JPEG (%d components): convert it to greyscale or RGB first", comps);
        *status = 4;
        jpeg_destroy_decompress(&r->cinfo);
        free(r);
        return NULL;
    }
    r->cinfo.out_color_space = comps == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_calc_output_dimensions(&r->cinfo);
    out->width = r->cinfo.output_width;
    out->height = r->cinfo.output_height;
    out->channels = r->cinfo.output_components;
    out->source_components = comps;
    out->progressive = r->cinfo.progressive_mode ? 1 : 0;
    return r;
}

int ip_jpeg_read(ip_jpeg_reader *r, unsigned char *pixels, char *err, size_t errlen) {
    if (setjmp(r->jump)) {
        ip_jpeg_message(r, err, errlen);
        return 3;
    }
    jpeg_start_decompress(&r->cinfo);
    size_t stride = (size_t)r->cinfo.output_width * (size_t)r->cinfo.output_components;
    while (r->cinfo.output_scanline < r->cinfo.output_height) {
        JSAMPROW row = pixels + (size_t)r->cinfo.output_scanline * stride;
        if (jpeg_read_scanlines(&r->cinfo, &row, 1) != 1) break;
    }
    if (r->cinfo.output_scanline < r->cinfo.output_height) {
        snprintf(err, errlen, "only %u of %u rows could be decoded (at byte %zu of %zu)",
                 r->cinfo.output_scanline, r->cinfo.output_height, ip_jpeg_offset(r), r->size);
        return 3;
    }
    jpeg_finish_decompress(&r->cinfo);
    if (r->warned) {
        snprintf(err, errlen, "%s (at byte %zu of %zu): the decoder would fill the rest with grey", r->first_warning, ip_jpeg_offset(r), r->size);
        return 3;
    }
    return 0;
}

void ip_jpeg_close(ip_jpeg_reader *r) {
    if (!r) return;
    jpeg_destroy_decompress(&r->cinfo);
    free(r);
}

/* SPDX-License-Identifier: GPL-3.0-or-later
 * The physical anchor for the FFT rows of run.sh: raw FFTW, MEASURE plans, fftw_execute on touched
 * buffers. Prints one JSON line per transform: median, min and max seconds per execution over five
 * batches of at least 0.2 s. With a wisdom file argument (written by peer-kernels after its own
 * MEASURE planning), both sides execute the same plan, so the comparison is the wrapper alone.
 * Build: cc -O2 fftw_raw.c -lfftw3 -lm; run: fftw_raw [WISDOM] */
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void run(const char *name, int rank, const int *dims) {
    size_t n = 1, nc = 1;
    for (int k = 0; k < rank; k++) { n *= dims[k]; nc *= (k == rank - 1) ? dims[k] / 2 + 1 : dims[k]; }
    double *in = fftw_alloc_real(n);
    fftw_complex *out = fftw_alloc_complex(nc);
    fftw_plan plan = fftw_plan_dft_r2c(rank, dims, in, out, FFTW_MEASURE);
    for (size_t i = 0; i < n; i++) { double v = sin(i * 12.9898) * 43758.5453; in[i] = 2 * (v - floor(v)) - 1; }
    memset(out, 0, sizeof(fftw_complex) * nc);
    fftw_execute(plan);
    double t[5];
    for (int s = 0; s < 5; s++) {
        long k = 0;
        double t0 = now(), dt;
        do { fftw_execute(plan); k++; dt = now() - t0; } while (dt < 0.2);
        t[s] = dt / k;
    }
    qsort(t, 5, sizeof(double), cmp);
    printf("{\"kernel\": \"%s\", \"seconds\": %.9g, \"low\": %.9g, \"high\": %.9g, \"tool\": \"raw FFTW %s\"}\n", name, t[2], t[0], t[4], fftw_version);
    fflush(stdout);
    fftw_destroy_plan(plan);
    fftw_free(in);
    fftw_free(out);
}

int main(int argc, char **argv) {
    if (argc > 1 && !fftw_import_wisdom_from_filename(argv[1])) fprintf(stderr, "fftw_raw: cannot read wisdom %s; planning afresh\n", argv[1]);
    int one[1] = {65536}, two[2] = {4096, 4096};
    run("fft_1d_65536", 1, one);
    run("fft_2d_4096", 2, two);
    return 0;
}

// Do NOT include <complex.h> first: fftw_complex must stay double[2], imported as (Double, Double).
#include <fftw3.h>

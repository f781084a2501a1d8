/* The report is compiled when the container starts, against the library built into the image,
 * so that analysts can edit report.c (mounted over the image's copy) without rebuilding. */
#include <stdio.h>

#include "stats.h"

int main(void)
{
    double latencies_ms[] = {12.5, 9.1, 15.2, 11.0, 48.7, 10.4, 13.3, 9.8};
    size_t n = sizeof latencies_ms / sizeof latencies_ms[0];

    printf("samples: %zu\n", n);
    printf("mean:    %.2f ms\n", stats_mean(latencies_ms, n));
    printf("stddev:  %.2f ms\n", stats_stddev(latencies_ms, n));
    printf("median:  %.2f ms\n", stats_median(latencies_ms, n));
    return 0;
}

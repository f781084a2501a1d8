#include <math.h>
#include <stdlib.h>

#include "stats.h"

double stats_mean(const double *xs, size_t n)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += xs[i];
    return n ? sum / n : 0.0;
}

double stats_stddev(const double *xs, size_t n)
{
    double mean = stats_mean(xs, n), acc = 0.0;
    for (size_t i = 0; i < n; i++)
        acc += (xs[i] - mean) * (xs[i] - mean);
    return n > 1 ? sqrt(acc / (n - 1)) : 0.0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double stats_median(double *xs, size_t n)
{
    if (n == 0)
        return 0.0;
    qsort(xs, n, sizeof *xs, cmp);
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2.0;
}

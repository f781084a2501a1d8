#ifndef STATS_H
#define STATS_H

#include <stddef.h>

double stats_mean(const double *xs, size_t n);
double stats_stddev(const double *xs, size_t n);
double stats_median(double *xs, size_t n);

#endif

#ifndef ZCRC_CHECKS_H
#define ZCRC_CHECKS_H

#include <stddef.h>

/* CRC-32 and Adler-32 of buf, and the size zlib compresses it to at level 9. */
struct checks {
    unsigned long crc32;
    unsigned long adler32;
    size_t deflated;
};

int compute_checks(const unsigned char *buf, size_t len, struct checks *out);

#endif

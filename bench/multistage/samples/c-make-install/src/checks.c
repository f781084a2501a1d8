#include <stdlib.h>
#include <zlib.h>

#include "checks.h"

int compute_checks(const unsigned char *buf, size_t len, struct checks *out)
{
    uLongf bound = compressBound(len);
    unsigned char *tmp = malloc(bound ? bound : 1);
    if (tmp == NULL)
        return -1;
    if (compress2(tmp, &bound, buf, len, 9) != Z_OK) {
        free(tmp);
        return -1;
    }
    free(tmp);
    out->crc32 = crc32(crc32(0L, Z_NULL, 0), buf, len);
    out->adler32 = adler32(adler32(0L, Z_NULL, 0), buf, len);
    out->deflated = bound;
    return 0;
}

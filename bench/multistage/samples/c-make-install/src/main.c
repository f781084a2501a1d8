/*
 * zcrc - print CRC-32 / Adler-32 checksums and the deflated size of files.
 *
 *   zcrc FILE...       checksums of each file
 *   zcrc --self-test   checks the test vectors installed in DATADIR/vectors.txt
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/zcrc"
#endif

static int print_file(const char *path)
{
    static unsigned char buf[1 << 20];
    struct checks c;
    FILE *f = fopen(path, "rb");
    size_t len;

    if (f == NULL) {
        perror(path);
        return 1;
    }
    len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (compute_checks(buf, len, &c) != 0) {
        fprintf(stderr, "zcrc: %s: zlib error\n", path);
        return 1;
    }
    printf("%08lx %08lx %6zu -> %zu  %s\n", c.crc32, c.adler32, len, c.deflated, path);
    return 0;
}

/* Each line of the vectors file: <crc32 hex> <text to the end of the line> */
static int self_test(void)
{
    const char *path = DATADIR "/vectors.txt";
    char line[512];
    int n = 0, failed = 0;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        perror(path);
        return 1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        unsigned long want;
        char *text;
        struct checks c;

        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        want = strtoul(line, &text, 16);
        if (*text == ' ')
            text++;
        compute_checks((const unsigned char *)text, strlen(text), &c);
        n++;
        if (c.crc32 != want)
            failed++;
        printf("%s crc32(\"%s\") = %08lx\n", c.crc32 == want ? "ok  " : "FAIL", text, c.crc32);
    }
    fclose(f);
    printf("%d vectors, %d failed\n", n, failed);
    return failed != 0;
}

int main(int argc, char **argv)
{
    int status = 0;

    if (argc == 2 && strcmp(argv[1], "--self-test") == 0)
        return self_test();
    if (argc < 2) {
        fprintf(stderr, "usage: zcrc FILE... | zcrc --self-test\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        status |= print_file(argv[i]);
    return status;
}

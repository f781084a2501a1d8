/*
 * loancalc - monthly payment schedule for the loans listed in config/loans.conf.
 *
 * The configuration is read at run time (relative to the working directory), one loan a line:
 *     name = principal rate_percent years
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CONFIG "config/loans.conf"

static double monthly_payment(double principal, double rate_percent, int years)
{
    double r = rate_percent / 100.0 / 12.0;
    int n = years * 12;

    if (r == 0.0)
        return principal / n;
    return principal * r / (1.0 - pow(1.0 + r, -n));
}

int main(void)
{
    FILE *f = fopen(CONFIG, "r");
    char line[256];
    int loans = 0;
    double total_interest = 0.0;

    if (f == NULL) {
        perror(CONFIG);
        return 1;
    }
    printf("%-12s %12s %6s %5s %10s %12s\n", "loan", "principal", "rate", "years", "monthly", "interest");
    while (fgets(line, sizeof line, f) != NULL) {
        char name[64];
        double principal, rate;
        int years;

        if (line[0] == '#' || strspn(line, " \t\r\n") == strlen(line))
            continue;
        if (sscanf(line, " %63[^= ] = %lf %lf %d", name, &principal, &rate, &years) != 4) {
            fprintf(stderr, "%s: cannot read: %s", CONFIG, line);
            return 1;
        }
        double monthly = monthly_payment(principal, rate, years);
        double interest = monthly * years * 12 - principal;
        total_interest += interest;
        loans++;
        printf("%-12s %12.2f %5.2f%% %5d %10.2f %12.2f\n", name, principal, rate, years, monthly, interest);
    }
    fclose(f);
    printf("%d loans, total interest %.2f\n", loans, total_interest);
    return 0;
}

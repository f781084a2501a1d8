package com.example.shipping;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Properties;

/** Prices per zone, read from rates.properties inside the jar. */
public final class RateTable {
    private final Properties rates = new Properties();

    public RateTable() throws IOException {
        try (InputStream in = RateTable.class.getResourceAsStream("/rates.properties")) {
            if (in == null) {
                throw new IOException("rates.properties is missing from the classpath");
            }
            rates.load(in);
        }
    }

    /** Base price plus a price per started kilogram. */
    public BigDecimal price(Parcel parcel) {
        BigDecimal base = new BigDecimal(rates.getProperty(parcel.zone() + ".base"));
        BigDecimal perKg = new BigDecimal(rates.getProperty(parcel.zone() + ".perKg"));
        int kilos = (parcel.billableGrams() + 999) / 1000;
        return base.add(perKg.multiply(BigDecimal.valueOf(kilos))).setScale(2, RoundingMode.HALF_UP);
    }
}

package com.example.shipping;

import java.math.BigDecimal;
import java.util.List;

/** Prints the shipping quote for today's parcels. */
public final class Main {
    public static void main(String[] args) throws Exception {
        RateTable table = new RateTable();
        List<Parcel> parcels = List.of(
                new Parcel("NL-001", 800, 30, 20, 10, "domestic"),
                new Parcel("DE-002", 2500, 40, 30, 30, "eu"),
                new Parcel("US-003", 12000, 60, 40, 40, "world"));
        BigDecimal total = BigDecimal.ZERO;
        for (Parcel p : parcels) {
            BigDecimal price = table.price(p);
            total = total.add(price);
            System.out.printf("%-7s %-8s %6d g billable  EUR %7s%n", p.id(), p.zone(), p.billableGrams(), price);
        }
        System.out.printf("%d parcels, total EUR %s%n", parcels.size(), total);
    }
}

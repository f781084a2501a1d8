package com.example.shipping;

/** A parcel to ship: weight in grams and dimensions in centimetres. */
public record Parcel(String id, int grams, int lengthCm, int widthCm, int heightCm, String zone) {

    /** Couriers bill the larger of the real and the volumetric weight (cm^3 / 5000, in kg). */
    public int billableGrams() {
        int volumetric = (int) Math.ceil(lengthCm * widthCm * heightCm / 5.0);
        return Math.max(grams, volumetric);
    }
}

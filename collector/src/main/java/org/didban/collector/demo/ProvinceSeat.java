package org.didban.collector.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.didban.model.GeoPoint;

/**
 * Where a province's seat (its capital) lies, so that synthetic branches sit on a map where their
 * province is, as the dashboards' geographic view needs. Approximate, to two decimals.
 */
public record ProvinceSeat(String code, String seatEn, GeoPoint location) {
    /** How far from the seat a synthetic branch may be placed, in degrees each way. */
    static final double SPREAD_DEGREES = 0.4;

    /** The 31 provinces' seats shipped with Didban, by province code. */
    public static Map<String, ProvinceSeat> shipped() {
        try (InputStream in = ProvinceSeat.class.getResourceAsStream("province-seats.csv")) {
            if (in == null) {
                throw new IllegalStateException("province-seats.csv is missing from the jar");
            }
            Map<String, ProvinceSeat> out = new HashMap<>();
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            try (CSVParser csv = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), format)) {
                for (CSVRecord r : csv) {
                    String code = r.get("code").trim();
                    out.put(code, new ProvinceSeat(code, r.get("seat_en").trim(), new GeoPoint(
                            Double.parseDouble(r.get("latitude").trim()), Double.parseDouble(r.get("longitude").trim()))));
                }
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped province-seats.csv", e);
        }
    }

    /**
     * A place near the seat for a branch, the same for the same branch code every run. Drawn from a
     * random source of the branch's own so that the rest of the inventory's draws do not move.
     */
    public GeoPoint near(String branchCode) {
        Random r = new Random(branchCode.hashCode());
        double lat = location.latitude() + (r.nextDouble() * 2 - 1) * SPREAD_DEGREES;
        double lon = location.longitude() + (r.nextDouble() * 2 - 1) * SPREAD_DEGREES;
        return new GeoPoint(Math.round(lat * 1e4) / 1e4, Math.round(lon * 1e4) / 1e4);
    }
}

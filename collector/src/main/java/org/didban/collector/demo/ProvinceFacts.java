package org.didban.collector.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One row of the reference data {@code provinces.csv}: a province with its census population
 * and, where a recent election reported one, its number of polling branches.
 */
public record ProvinceFacts(String code, String nameFa, String nameEn, long population, int branchesReported) {

    /** The 31 provinces shipped with Didban. */
    public static List<ProvinceFacts> shipped() {
        try (InputStream in = ProvinceFacts.class.getResourceAsStream("provinces.csv")) {
            if (in == null) {
                throw new IllegalStateException("provinces.csv is missing from the jar");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped provinces.csv", e);
        }
    }

    public static List<ProvinceFacts> read(Reader reader) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        List<ProvinceFacts> out = new ArrayList<>();
        try (CSVParser csv = CSVParser.parse(reader, format)) {
            for (CSVRecord r : csv) {
                String reported = r.get("branches_reported").trim();
                out.add(new ProvinceFacts(r.get("code").trim(), r.get("name_fa").trim(), r.get("name_en").trim(),
                        Long.parseLong(r.get("population_2016").trim()),
                        reported.isEmpty() ? 0 : Integer.parseInt(reported)));
            }
        }
        return out;
    }
}

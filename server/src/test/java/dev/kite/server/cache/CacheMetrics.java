package dev.kite.server.cache;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Kite's cache counters from the Prometheus endpoint. */
final class CacheMetrics {

    private final String text;

    private CacheMetrics(String text) {
        this.text = text;
    }

    static CacheMetrics scrape() {
        return new CacheMetrics(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** The value of a sample, e.g. {@code kite_cache_lookups_total{result="hit"}}; fails when absent. */
    double value(String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        if (!m.find()) {
            throw new AssertionError(sample + " is not in /q/metrics");
        }
        return Double.parseDouble(m.group(1));
    }

    static String lookups(String result) {
        return "kite_cache_lookups_total{result=\"" + result + "\"}";
    }

    static String puts(String result) {
        return "kite_cache_puts_total{result=\"" + result + "\"}";
    }

    static final String WAITS = "kite_cache_waits_total";
}

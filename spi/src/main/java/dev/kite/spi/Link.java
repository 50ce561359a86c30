package dev.kite.spi;

import java.net.URI;
import java.util.Objects;

/**
 * A link a plugin reports for an attempt, shown on the attempt in the API ({@code attempts[].links}):
 * a Spark UI, a Batch console, a warehouse's page of a query.
 *
 * @param name what it is, for people ("Spark UI", "query 01b2-…")
 * @param url  where it is
 */
public record Link(String name, URI url) {

    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    /** A link from a URL string; throws IllegalArgumentException when it is not a URI. */
    public static Link of(String name, String url) {
        return new Link(name, URI.create(url));
    }
}

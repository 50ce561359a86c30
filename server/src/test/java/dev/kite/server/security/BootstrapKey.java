package dev.kite.server.security;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Sends the test profile's bootstrap key ({@code %test.kite.security.bootstrap-api-key}) with
 * every RestAssured request that carries no {@code Authorization} header of its own: the server
 * tests run with security on, and only the tests of authorization choose their credentials.
 * Installed for every test by {@link DefaultCredentials}; a request goes out without any
 * credential with {@code given().noFiltersOfType(BootstrapKey.class)}.
 */
public final class BootstrapKey implements Filter {

    /** The same value as {@code %test.kite.security.bootstrap-api-key} in application.properties. */
    public static final String VALUE = "kite_test-bootstrap-admin-key-0123456789";
    /** The {@code Authorization} header value, for tests that call Kite with another HTTP client. */
    public static final String BEARER = "Bearer " + VALUE;

    /** Adds the filter to RestAssured's global filters, once. */
    public static void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof BootstrapKey)) {
            RestAssured.filters(new BootstrapKey());
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", BEARER);
        }
        return ctx.next(request, response);
    }
}

package dev.kite.server.security;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Makes this class's filter the only one of its name in RestAssured's global filters.
     * RestAssured lives in Quarkus's base runtime class loader, which outlives a restart of the
     * application (another test profile or test resource), while this class is loaded again by each
     * restart's class loader: the filter of an earlier restart is then of another class, which
     * {@code noFiltersOfType(BootstrapKey.class)} does not remove, and would still send the key.
     */
    public static void install() {
        List<Filter> filters = new ArrayList<>();
        for (Filter f : RestAssured.filters()) {
            if (!f.getClass().getName().equals(BootstrapKey.class.getName())) {
                filters.add(f);
            }
        }
        filters.add(new BootstrapKey());
        RestAssured.replaceFiltersWith(filters);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response, FilterContext ctx) {
        if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", BEARER);
        }
        return ctx.next(request, response);
    }
}

package dev.kite.server.security;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Credentials for the tests of authorization: none, a bearer, a token of {@link TestIssuer}, a new API key. */
public final class Auth {

    private Auth() {
    }

    /** A request without any credential. */
    public static RequestSpecification anonymous() {
        return given().noFiltersOfType(BootstrapKey.class);
    }

    /** A request with {@code Authorization: Bearer <credential>}. */
    public static RequestSpecification as(String credential) {
        return given().header("Authorization", "Bearer " + credential);
    }

    /** A valid token of the test issuer for {@code subject} with these roles. */
    static String token(String subject, String... roles) {
        return tokenWith(Map.of("sub", subject, "roles", String.join(",", roles)));
    }

    /** A token of the test issuer with the given parameters (see {@link TestIssuer}). */
    static String tokenWith(Map<String, String> params) {
        String issuer = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + "/token?" + query))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A new API key (created with the bootstrap key) with these scopes; returns the key itself. */
    public static String key(String name, String... scopes) {
        String list = Arrays.stream(scopes).map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
        return given().contentType(ContentType.JSON).body("{\"name\": \"" + name + "\", \"scopes\": [" + list + "]}")
                .post("/api/v1/keys").then().statusCode(201).extract().path("key");
    }
}

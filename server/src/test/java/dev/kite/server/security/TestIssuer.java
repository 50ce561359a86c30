package dev.kite.server.security;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A small OpenID Connect issuer for the tests, on a loopback port: discovery document, JWKS with
 * the RSA key it signs with, and a token endpoint ({@code GET /token?sub=...&roles=a:viewer,b:admin})
 * that signs what the test asks for — expiry ({@code exp}, seconds from now, negative for past),
 * audience ({@code aud}), issuer ({@code iss}), or a key the JWKS does not hold ({@code foreign=true}).
 * The authorization endpoint and the code exchange ({@code POST /token}, PKCE S256) serve the
 * console's sign-in as {@link #SSO_SUBJECT}.
 * Kite verifies these tokens with quarkus-oidc exactly as it would a real issuer's.
 */
public class TestIssuer implements QuarkusTestResourceLifecycleManager {

    /** The audience Kite is configured to require. */
    public static final String AUDIENCE = "kite-tests";
    /** The claim Kite is configured to read roles from (not the default {@code groups}). */
    public static final String ROLES_CLAIM = "kite_roles";

    /** The client the console signs in with (kite.console.oidc-client-id in {@link SecurityProfile}). */
    public static final String SSO_CLIENT = "kite-console";
    /** Who signs in at the authorization endpoint, and with which roles. */
    public static final String SSO_SUBJECT = "sso-user";
    public static final String SSO_ROLES = "*:viewer";

    private final Map<String, Map<String, String>> codes = new java.util.concurrent.ConcurrentHashMap<>();
    private HttpServer server;
    private RsaJsonWebKey key;
    private RsaJsonWebKey foreign;
    private String base;

    @Override
    public Map<String, String> start() {
        try {
            key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("kite-test-key");
            foreign = RsaJwkGenerator.generateJwk(2048);
            foreign.setKeyId("kite-test-key");
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/issuer";
        server.createContext("/issuer/.well-known/openid-configuration", x -> reply(x, """
                {"issuer": "%1$s", "jwks_uri": "%1$s/jwks", "token_endpoint": "%1$s/token",
                 "authorization_endpoint": "%1$s/authorize", "id_token_signing_alg_values_supported": ["RS256"]}
                """.formatted(base)));
        server.createContext("/issuer/jwks", x -> reply(x, "{\"keys\": [" + key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}"));
        server.createContext("/issuer/token", this::token);
        server.createContext("/issuer/authorize", this::authorize);
        server.start();
        return Map.of("quarkus.oidc.auth-server-url", base,
                "quarkus.oidc.token.audience", AUDIENCE,
                "quarkus.oidc.roles.role-claim-path", ROLES_CLAIM);
    }

    private void token(HttpExchange x) throws IOException {
        if ("POST".equals(x.getRequestMethod())) {
            exchangeCode(x);
            return;
        }
        reply(x, sign(query(x.getRequestURI().getRawQuery())));
    }

    /**
     * The authorization endpoint of the code flow (the console's single sign-on): signs in
     * {@link #SSO_SUBJECT} at once and sends the browser back with a code bound to the PKCE challenge.
     */
    private void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || !SSO_CLIENT.equals(q.get("client_id"))) {
            x.sendResponseHeaders(400, -1);
            return;
        }
        String code = java.util.UUID.randomUUID().toString();
        codes.put(code, q);
        x.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        x.sendResponseHeaders(302, -1);
    }

    /** The code for a token: once, for the client and redirect it was issued to, with the verifier of its challenge. */
    private void exchangeCode(HttpExchange x) throws IOException {
        Map<String, String> form = query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Map<String, String> issued = codes.remove(form.getOrDefault("code", ""));
        x.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        if (issued == null || !"authorization_code".equals(form.get("grant_type")) || !SSO_CLIENT.equals(form.get("client_id"))
                || !issued.get("redirect_uri").equals(form.get("redirect_uri"))
                || !issued.get("code_challenge").equals(s256(form.getOrDefault("code_verifier", "")))) {
            x.sendResponseHeaders(400, -1);
            return;
        }
        reply(x, "{\"access_token\": \"" + sign(Map.of("sub", SSO_SUBJECT, "roles", SSO_ROLES))
                + "\", \"token_type\": \"Bearer\", \"expires_in\": 300}");
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(Map<String, String> q) throws IOException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(q.getOrDefault("iss", base));
        claims.setAudience(q.getOrDefault("aud", AUDIENCE));
        claims.setSubject(q.get("sub"));
        claims.setClaim("preferred_username", q.get("sub"));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(Long.parseLong(q.getOrDefault("exp", "300")) / 60f);
        String roles = q.getOrDefault("roles", "");
        claims.setStringListClaim(ROLES_CLAIM, roles.isEmpty() ? List.of() : Arrays.asList(roles.split(",")));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        RsaJsonWebKey signer = "true".equals(q.get("foreign")) ? foreign : key;
        jws.setKey(signer.getPrivateKey());
        jws.setKeyIdHeaderValue(signer.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void reply(HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // a browser reads the discovery document and the token answer from another origin
        if (!x.getResponseHeaders().containsKey("Access-Control-Allow-Origin")) {
            x.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        }
        x.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}

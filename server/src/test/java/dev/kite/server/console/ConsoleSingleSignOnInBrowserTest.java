package dev.kite.server.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import dev.kite.server.security.SecurityProfile;
import dev.kite.server.security.TestIssuer;

/**
 * The console's single sign-on in a real browser: with an OIDC issuer ({@link TestIssuer}) and
 * a console client configured, the sign-in page offers it, the browser runs the authorization
 * code flow with PKCE against the issuer, and the console then works with the issuer's token —
 * as the principal and with the roles the token carries.
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class ConsoleSingleSignOnInBrowserTest {

    @TestHTTPResource("/")
    java.net.URL base;

    @Test
    void signingInThroughTheIssuer() throws Exception {
        String issuer = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        // what the sign-in page needs before anyone is signed in, and the issuer allowed by the page's policy
        given().noFilters().get("/console/config.json").then().statusCode(200)
                .body("oidc.issuer", equalTo(issuer)).body("oidc.clientId", equalTo(TestIssuer.SSO_CLIENT))
                .body("oidc.scope", equalTo("openid"));
        given().noFilters().get("/console/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("connect-src 'self' https: " + java.net.URI.create(issuer)
                        .resolve("/").toString().replaceAll("/$", "")));
        Browser.run("oidc", base.toString(), Map.of("ISSUER", issuer, "SSO_SUBJECT", TestIssuer.SSO_SUBJECT));
    }
}

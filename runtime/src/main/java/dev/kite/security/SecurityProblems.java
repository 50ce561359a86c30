package dev.kite.security;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import dev.kite.api.ProblemException;
import dev.kite.api.Problems;

/** The 401 and 403 answers, as problem documents; a 401 says how to authenticate. */
final class SecurityProblems {

    private SecurityProblems() {
    }

    /** A 401; {@code error} is the RFC 6750 error code ({@code invalid_token}) when a credential was sent. */
    static ProblemException unauthorized(String error, String detail) {
        return new Unauthorized(error, detail);
    }

    static ProblemException forbidden(Caller c, String detail) {
        return new ProblemException(403, "Forbidden", c.label() + ": " + detail);
    }

    static Response response(String error, String detail) {
        String challenge = ApiKeyMechanism.CHALLENGE + (error == null ? "" : ", error=\"" + error + "\"");
        return Response.fromResponse(Problems.response(401, "Unauthorized", detail, List.of()))
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }

    /** A 401 raised inside a resource; mapped with its challenge by {@link AuthenticationFilter}. */
    static final class Unauthorized extends ProblemException {
        final String error;

        Unauthorized(String error, String detail) {
            super(401, "Unauthorized", detail);
            this.error = error;
        }
    }
}

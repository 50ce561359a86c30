package dev.kite.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What every operation of the API shares, added to the OpenAPI document once (at build time,
 * {@code mp.openapi.filter}) rather than repeated on each resource method: the bearer security
 * scheme (API keys and OIDC tokens), the answers any request may get (401, 403, 503 with
 * {@code Retry-After}, 400 when it takes parameters or a body), every 4xx and 5xx as a
 * {@code Problem} document, and the {@code Location} of every 202.
 */
public class ApiContract implements OASFilter {

    static final String SCHEME = "bearer";
    static final String PROBLEM = "#/components/schemas/Problem";
    static final String TYPE_EXPRESSION = "TypeExpression";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createObject(Components.class) : api.getComponents();
        api.setComponents(components);
        components.addSecurityScheme(SCHEME, OASFactory.createObject(SecurityScheme.class).type(SecurityScheme.Type.HTTP)
                .scheme("bearer").description("An API key (kite_…) or an OpenID Connect access token: "
                        + "Authorization: Bearer <credential> (src/docs/security.md)"));
        api.addSecurityRequirement(OASFactory.createObject(SecurityRequirement.class).addScheme(SCHEME));
        // a type expression is a string (a simple type's name) or an object: the scanner's "type: object" would refuse the strings
        if (components.getSchemas() != null && components.getSchemas().get(TYPE_EXPRESSION) != null) {
            components.getSchemas().get(TYPE_EXPRESSION).setType(null);
        }
        if (api.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            path.getValue().getOperations().values().forEach(ApiContract::complete);
        }
    }

    private static void complete(Operation op) {
        APIResponses responses = op.getResponses() == null ? OASFactory.createObject(APIResponses.class) : op.getResponses();
        op.setResponses(responses);
        boolean takesInput = op.getRequestBody() != null || op.getParameters() != null && !op.getParameters().isEmpty();
        if (takesInput) {
            addIfAbsent(responses, "400", "Invalid request: every invalid field or parameter, by path");
        }
        addIfAbsent(responses, "401", "No credential, or one that is unknown, revoked or expired");
        addIfAbsent(responses, "403", "The caller's role in the project does not allow this");
        addIfAbsent(responses, "503", "Not ready, or a store is unavailable; retry after Retry-After seconds");
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(problemContent());
            }
            if (code.equals("503")) {
                response.addHeader("Retry-After", header("Seconds to wait before retrying", Schema.SchemaType.INTEGER));
            }
            if (code.equals("202")) {
                response.addHeader("Location", header("The URL of the execution", Schema.SchemaType.STRING));
            }
        });
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createObject(APIResponse.class).description(description));
        }
    }

    private static Content problemContent() {
        return OASFactory.createObject(Content.class).addMediaType(Problems.MEDIA_TYPE,
                OASFactory.createObject(MediaType.class).schema(OASFactory.createObject(Schema.class).ref(PROBLEM)));
    }

    private static Header header(String description, Schema.SchemaType type) {
        return OASFactory.createObject(Header.class).description(description)
                .schema(OASFactory.createObject(Schema.class).addType(type));
    }
}

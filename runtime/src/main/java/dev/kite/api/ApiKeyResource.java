package dev.kite.api;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.FieldErrors;
import dev.kite.security.ApiKeys;
import dev.kite.security.Caller;
import dev.kite.security.Grants;
import dev.kite.security.ProjectAccess;

/** API keys: issued and revoked by admins; a key is shown once, when it is created. */
@Path("/api/v1/keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys", description = "Credentials for machines and the CLI")
public class ApiKeyResource {

    @Inject
    ApiKeys keys;

    @Inject
    ProjectAccess access;

    @POST
    @Operation(operationId = "createApiKey", summary = "Issue an API key", description = "The answer holds the key (field 'key'); it is not stored and"
            + " cannot be read again.")
    public Uni<Response> create(@RequestBody(required = true, description = "{\"name\", \"scopes\": [\"project:role\", ...],"
            + " \"owner\", \"expiresAt\"}", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.OBJECT))) String body) {
        Caller c = access.caller();
        JsonNode json = JsonBodies.parse(body);
        FieldErrors errors = new FieldErrors();
        JsonBodies.rejectUnknown(json, List.of("name", "owner", "scopes", "expiresAt"), errors);
        String name = JsonBodies.text(json, "name", errors, true);
        if (name != null && (name.isBlank() || name.length() > 100)) {
            errors.add("name", "must be 1 to 100 characters");
        }
        String owner = JsonBodies.text(json, "owner", errors, false);
        if (owner != null && (owner.isBlank() || owner.length() > 200)) {
            errors.add("owner", "must be 1 to 200 characters");
        }
        List<String> scopes = scopes(json.get("scopes"), errors);
        OffsetDateTime expiresAt = expiry(JsonBodies.text(json, "expiresAt", errors, false), errors);
        errors.throwIfAny();
        return keys.create(c, name, owner == null ? c.principal() : owner, scopes, expiresAt)
                .map(view -> Response.status(201).entity(view).build());
    }

    private static List<String> scopes(JsonNode n, FieldErrors errors) {
        List<String> out = new ArrayList<>();
        if (n == null || !n.isArray() || n.isEmpty()) {
            errors.add("scopes", "required: a non-empty list such as [\"myproject:submitter\"]");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode s = n.get(i);
            if (!s.isTextual() || !Grants.valid(s.asText())) {
                errors.add("scopes[" + i + "]", "expected '<project>:viewer|submitter|admin', '*:<role>' or 'operator'");
            } else if (!out.contains(s.asText())) {
                out.add(s.asText());
            }
        }
        return out;
    }

    private static OffsetDateTime expiry(String text, FieldErrors errors) {
        if (text == null) {
            return null;
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
            if (!at.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
                errors.add("expiresAt", "must be in the future");
            }
            return at;
        } catch (DateTimeParseException e) {
            errors.add("expiresAt", "expected an ISO-8601 date-time with offset, e.g. 2027-01-31T00:00:00Z");
            return null;
        }
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "List the API keys you manage (never the keys themselves)")
    public Uni<List<ObjectNode>> list() {
        return keys.list(access.caller());
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key (idempotent)")
    public Uni<ObjectNode> revoke(@PathParam("id") String id) {
        Caller c = access.caller();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no API key " + id);
        }
        return keys.revoke(c, uuid);
    }
}

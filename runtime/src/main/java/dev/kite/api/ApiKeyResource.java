package dev.kite.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import com.fasterxml.jackson.databind.node.TextNode;

import io.smallrye.mutiny.Uni;

import dev.kite.model.Canonical;
import dev.kite.model.FieldErrors;
import dev.kite.model.Names;
import dev.kite.model.SimpleType;
import dev.kite.model.Values;
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
        String name = label(JsonBodies.text(json, "name", errors, true), "name", 100, errors);
        String owner = label(JsonBodies.text(json, "owner", errors, false), "owner", 200, errors);
        List<String> scopes = scopes(json.get("scopes"), errors);
        OffsetDateTime expiresAt = expiry(JsonBodies.text(json, "expiresAt", errors, false), errors);
        errors.throwIfAny();
        return keys.create(c, name, owner == null ? c.principal() : owner, scopes, expiresAt)
                .map(view -> Response.status(201).entity(view).build());
    }

    /** A key's name or owner: 1 to {@code max} characters under the rule for names, kept in NFC. */
    private static String label(String text, String field, int max, FieldErrors errors) {
        if (text == null) {
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length == 0 || length > max) {
            errors.add(field, "must be 1 to " + max + " characters");
        } else {
            Names.check(text, field, errors);
        }
        return Canonical.nfc(text);
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

    /** The expiry as every date-time of the API is read (RFC 3339 with an offset, years 0000-9999), in the future. */
    private static OffsetDateTime expiry(String text, FieldErrors errors) {
        if (text == null) {
            return null;
        }
        JsonNode at = Values.coerce(new SimpleType(SimpleType.Kind.DATETIME), TextNode.valueOf(text), "expiresAt", errors);
        if (at == null) {
            return null;
        }
        OffsetDateTime utc = Instant.parse(at.textValue()).atOffset(ZoneOffset.UTC);
        if (!utc.isAfter(OffsetDateTime.now(ZoneOffset.UTC))) {
            errors.add("expiresAt", "must be in the future");
        }
        return utc;
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

package dev.kite.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code {"blob": {"format": "csv", "dimensionality": "single"}}}: a file or, when
 * {@code multipart}, a directory of parts, referenced by URI. An empty format accepts any format;
 * a null format or dimensionality stands for the defaults ({@code ""}, {@code single}).
 */
public record BlobType(String format, String dimensionality) implements LiteralType {

    public static final String SINGLE = "single";
    public static final String MULTIPART = "multipart";

    public BlobType {
        format = format == null ? "" : format;
        dimensionality = dimensionality == null ? SINGLE : dimensionality;
        if (!SINGLE.equals(dimensionality) && !MULTIPART.equals(dimensionality)) {
            throw new IllegalArgumentException("dimensionality must be single or multipart: " + dimensionality);
        }
    }

    @Override
    public JsonNode toJson() {
        ObjectNode node = Json.object();
        ObjectNode blob = node.putObject("blob");
        blob.put("format", format);
        blob.put("dimensionality", dimensionality);
        return node;
    }
}

package dev.kite.model;

import java.util.List;
import java.util.Objects;

/** A valid {@link TaskTemplate} together with the non-fatal warnings found while parsing it. */
public record ParsedTemplate(TaskTemplate template, List<String> warnings) {

    public ParsedTemplate {
        Objects.requireNonNull(template, "template");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}

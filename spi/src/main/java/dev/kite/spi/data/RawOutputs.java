package dev.kite.spi.data;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.kite.model.TaskId;

/** Where an attempt's raw outputs go in the data store: the one layout, for the engine and the test kit. */
public final class RawOutputs {

    private RawOutputs() {
    }

    /**
     * {@code <root>raw/<project>/<domain>/<execution>/<attempt>/}: unique to the attempt and the
     * same every time it is asked.
     *
     * @param root a prefix URI ending in {@code /}
     */
    public static URI prefix(URI root, TaskId task, UUID execution, int attempt) {
        return root.resolve("raw/" + segment(task.project()) + "/" + segment(task.domain()) + "/" + execution + "/"
                + attempt + "/");
    }

    /** A path segment: percent-encoded so that a name cannot climb out of its folder. */
    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace(".", "%2E");
    }
}

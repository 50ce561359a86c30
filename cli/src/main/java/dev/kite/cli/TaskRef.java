package dev.kite.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code PROJECT/DOMAIN/NAME[:VERSION]} (or {@code /VERSION}) as the commands take it. */
record TaskRef(String project, String domain, String name, String version) {

    static TaskRef parse(String ref) {
        String r = ref;
        String version = null;
        int colon = r.lastIndexOf(':');
        if (colon > 0) {
            version = r.substring(colon + 1);
            r = r.substring(0, colon);
        }
        String[] p = r.split("/");
        if (p.length == 4 && version == null) {
            version = p[3];
        } else if (p.length != 3) {
            throw new CliException(Exit.USAGE, "expected PROJECT/DOMAIN/NAME[:VERSION], got '" + ref + "'");
        }
        for (String part : p) {
            if (part.isEmpty()) {
                throw new CliException(Exit.USAGE, "expected PROJECT/DOMAIN/NAME[:VERSION], got '" + ref + "'");
            }
        }
        return new TaskRef(p[0], p[1], p[2], version == null || version.isEmpty() ? null : version);
    }

    /** {@code project/domain/name}, each part encoded. */
    String path() {
        return ApiClient.q(project) + "/" + ApiClient.q(domain) + "/" + ApiClient.q(name);
    }

    ObjectNode json() {
        ObjectNode n = Output.JSON.createObjectNode().put("project", project).put("domain", domain).put("name", name);
        if (version != null) {
            n.put("version", version);
        }
        return n;
    }
}

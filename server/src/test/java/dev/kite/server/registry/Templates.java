package dev.kite.server.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Valid task templates of the test type {@code echo}, as JSON trees a test can vary field by field. */
final class Templates {

    static final ObjectMapper JSON = new ObjectMapper();

    private Templates() {
    }

    /** A complete template in the development domain. */
    static ObjectNode echo(String project, String name, String version) {
        return echo(project, "development", name, version);
    }

    static ObjectNode echo(String project, String domain, String name, String version) {
        ObjectNode t = JSON.createObjectNode();
        t.putObject("id").put("project", project).put("domain", domain).put("name", name).put("version", version);
        t.put("type", "echo");
        ObjectNode iface = t.putObject("interface");
        iface.putObject("inputs").putObject("text").put("type", "string").put("description", "what to echo");
        iface.putObject("outputs").putObject("text").put("type", "string");
        t.putObject("metadata").put("retries", 2).put("timeout", "PT5M");
        t.putObject("config").put("prefix", "> ");
        return t;
    }

    /** The {@code metadata} object of a template made here. */
    static ObjectNode metadata(ObjectNode template) {
        return (ObjectNode) template.get("metadata");
    }
}

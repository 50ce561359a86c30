package dev.kite.data;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.kite.model.FieldErrors;
import dev.kite.model.LiteralType;
import dev.kite.model.TaskId;
import dev.kite.model.Templates;

/** The raw output layout: a root per scope and the template under it. */
final class RawLayout {

    private static final Templates.Scope SCOPE = Templates.Scope.empty().with("execution", "execution field", Map.of(
            "project", LiteralType.STRING, "domain", LiteralType.STRING, "name", LiteralType.STRING,
            "id", LiteralType.STRING, "attempt", LiteralType.INTEGER));
    private static final String ID = "{{.execution.id}}";

    private final StorageConfig config;
    private final URI defaultRoot;
    private final Templates.Template attempt;
    private final Templates.Template execution;

    RawLayout(StorageConfig config, URI defaultRoot, Predicate<URI> served) {
        this.config = config;
        this.defaultRoot = config.rawOutputRoot().map(RawLayout::asPrefix).orElse(defaultRoot);
        String source = config.rawOutputTemplate();
        int id = source.indexOf(ID);
        int slash = id < 0 ? -1 : source.indexOf('/', id + ID.length());
        if (id < 0 || slash < 0 || !source.substring(slash).contains("{{.execution.attempt}}") || !source.endsWith("/")) {
            throw new IllegalStateException("kite.storage.raw-output-template must name {{.execution.id}} as a segment of "
                    + "its own, then {{.execution.attempt}}, and end with /: " + source);
        }
        FieldErrors errors = new FieldErrors();
        attempt = Templates.parse(source, SCOPE, "kite.storage.raw-output-template", errors);
        execution = Templates.parse(source.substring(0, slash + 1), SCOPE, "kite.storage.raw-output-template", errors);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.list().toString());
        }
        checkServed(this.defaultRoot, "kite.storage.raw-output-root", served);
        config.scopes().forEach((name, scope) -> scope.rawOutputRoot()
                .ifPresent(r -> checkServed(asPrefix(r), "kite.storage.scopes.\"" + name + "\".raw-output-root", served)));
    }

    private static void checkServed(URI root, String property, Predicate<URI> served) {
        if (!served.test(root)) {
            throw new IllegalStateException(property + ": no configured store serves " + root);
        }
    }

    private static URI asPrefix(String root) {
        return URI.create(root.endsWith("/") ? root : root + "/");
    }

    Optional<StorageConfig.Scope> scope(String project, String domain) {
        StorageConfig.Scope s = config.scopes().get(project + "/" + domain);
        return Optional.ofNullable(s != null ? s : config.scopes().get(project));
    }

    private URI root(String project, String domain) {
        StorageConfig.Scope specific = config.scopes().get(project + "/" + domain);
        StorageConfig.Scope general = config.scopes().get(project);
        Optional<String> root = Optional.ofNullable(specific).flatMap(StorageConfig.Scope::rawOutputRoot)
                .or(() -> Optional.ofNullable(general).flatMap(StorageConfig.Scope::rawOutputRoot));
        return root.map(RawLayout::asPrefix).orElse(defaultRoot);
    }

    URI attempt(TaskId task, UUID id, int number) {
        return render(attempt, task.project(), task.domain(), task.name(), id, number);
    }

    URI execution(String project, String domain, String name, UUID id) {
        return render(execution, project, domain, name, id, 0);
    }

    private URI render(Templates.Template t, String project, String domain, String name, UUID id, int number) {
        Map<String, JsonNode> values = Map.of("execution", JsonNodeFactory.instance.objectNode()
                .put("project", project).put("domain", domain).put("name", name).put("id", id.toString())
                .put("attempt", number));
        String path = t.render(values, Templates.PATH_SEGMENT);
        return root(project, domain).resolve(path);
    }
}

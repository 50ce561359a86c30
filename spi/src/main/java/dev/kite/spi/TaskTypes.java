package dev.kite.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The task types a plugin class runs, e.g. {@code @TaskTypes("http")}. Required on every class
 * implementing {@link SyncPlugin}, {@link AsyncPlugin} or {@link KubernetesPlugin}.
 *
 * <p>Kite reads it at build time, from the Jandex index, so that the build can fail when two
 * plugins claim one task type and {@code kite.build.plugins.default-for."<type>"} chooses none. The
 * running Kite routes tasks by the same declaration: there is no run-time method that could
 * disagree with it.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @TaskTypes({"http", "http-json"})
 * public class HttpPlugin implements SyncPlugin<HttpConfig> { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface TaskTypes {

    /** One or more task types, each a non-empty string such as {@code "sql"} or {@code "spark"}. */
    String[] value();
}

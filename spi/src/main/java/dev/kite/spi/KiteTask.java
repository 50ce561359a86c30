package dev.kite.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a CDI bean a task of the built-in type {@code java}: Kite finds it at build
 * time, derives its typed interface from the signature, registers it at start-up and runs it
 * in-process on its worker pool. A plain function needs no hosted service.
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Greetings {
 *     public record Greeting(String text, int length) {}
 *
 *     @KiteTask(project = "demo", name = "greet", version = "v1", retries = 2)
 *     public Greeting greet(String name, Optional<String> salutation) {
 *         String text = salutation.orElse("Hello") + " " + name;
 *         return new Greeting(text, text.length());
 *     }
 * }
 * }</pre>
 *
 * <h2>Interface</h2>
 * Each parameter is an input named like the parameter (compile with {@code -parameters}):
 * <ul>
 *   <li>{@code boolean}/{@code Boolean} → {@code boolean}; {@code byte}, {@code short},
 *       {@code int}, {@code long} and their boxes → {@code integer}; {@code float},
 *       {@code double} and boxes → {@code float}; {@code String} → {@code string};
 *       {@code Instant} → {@code datetime}; {@code Duration} → {@code duration};
 *       {@code byte[]} → {@code binary}; {@link dev.kite.spi.data.Blob} → {@code {"blob": {}}} and
 *       {@link dev.kite.spi.data.Dataset} → {@code {"dataset": {}}}, any format (read the object
 *       with {@code open()}, write a new one under the attempt's raw output location with
 *       {@code Blob.write(ctx, name, format, out -> ...)});</li>
 *   <li>an enum → {@code {"enum": [its constants]}}; {@code List<T>} → {@code {"collection": T}};
 *       {@code Map<String, T>} → {@code {"map": T}};</li>
 *   <li>{@code Optional<T>} → an optional input of type {@code {"union": [T, "none"]}} whose
 *       default is {@code null} (an absent input is {@code Optional.empty()});</li>
 *   <li>a record, or a class Jackson can build (a no-argument constructor or a
 *       {@code @JsonCreator}) → {@code struct}, bound with Jackson (unknown fields rejected);</li>
 *   <li>a parameter of type {@link TaskContext} is not an input: Kite passes the attempt's
 *       context (execution id, attempt number, {@code startTime}, {@code seed}, ...).</li>
 * </ul>
 * Any other parameter type fails the build, naming the parameter.
 *
 * <p>Outputs: {@code void} declares none; a record declares one output per component, named
 * like the component; any other supported type declares one output named {@code o0} (Flyte's
 * convention). A method returning a {@link dev.kite.model.Graph} is a dynamic task: its graph's
 * nodes run as child executions, and its outputs are those of the record named by
 * {@link #outputs()}, bound by the graph's {@code outputs}.
 *
 * <h2>Errors</h2>
 * An exception thrown by the method fails the attempt with a USER error that is not retried,
 * unless it extends {@link RecoverableException} (USER, recoverable: retried up to
 * {@link #retries()} times). A {@link TaskException} fails it with exactly its {@link TaskError}.
 *
 * <h2>Versions</h2>
 * A registered task version is immutable. Starting Kite again with the same version and the same
 * signature and settings changes nothing; a changed signature or setting under the same version
 * stops the start-up with an error naming the method: bump {@link #version()}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KiteTask {

    /** The project, created at start-up when missing. Lower-case letters, digits, '-' and '_'. */
    String project();

    /** The domain; must be one of {@code kite.domains}. */
    String domain() default "development";

    /** The task name; the method's name when empty. */
    String name() default "";

    /** The task version, e.g. {@code "v1"}. Change it whenever the signature or a setting changes. */
    String version();

    /** Retries after a recoverable USER error ({@link RecoverableException}), 0 to 10. */
    int retries() default 0;

    /**
     * Longest an attempt may run, as an ISO-8601 duration such as {@code "PT30S"}; empty = the
     * configured default ({@code kite.retry.default-attempt-timeout}).
     */
    String timeout() default "";

    /**
     * Of a dynamic task (a method returning {@link dev.kite.model.Graph}): the record whose
     * components declare its outputs, which the graph's {@code outputs} bind. Ignored otherwise.
     */
    Class<?> outputs() default void.class;

    /**
     * Whether the method may block its thread (I/O, waiting, a long computation): then Kite calls
     * it on its worker pool, the default. {@code false} is a promise that it only computes briefly
     * (microseconds) and never waits: Kite then calls it on the thread that starts the attempt (an
     * event loop), without a hop to a worker and back; a timeout or abort cannot interrupt it. Not
     * part of the task version: it says where this Kite runs the method, not what the task is.
     */
    boolean blocking() default true;

    /** Memoization of the outputs; off unless {@link Cache#version()} is set. */
    Cache cache() default @Cache(version = "");

    /**
     * Memoization settings of a {@link KiteTask}, the task template's {@code metadata.cache}.
     * The same inputs under the same cache version give the stored outputs without calling the
     * method.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({})
    @interface Cache {

        /** The cache version; empty switches memoization off. Bump it to invalidate stored outputs. */
        String version();

        /** Whether identical concurrent executions run once, the others waiting for its result. */
        boolean serialize() default false;

        /** How long an entry is kept, as an ISO-8601 duration; empty = {@code kite.cache.default-ttl}. */
        String ttl() default "";

        /** Inputs left out of the cache key. */
        String[] ignoreInputs() default {};
    }
}

package dev.kite.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/** A plugin declares its name and its config and handle classes once, in its class declaration. */
class PluginTypesTest {

    record Config(String mode) {
    }

    record Handle(String id) {
    }

    @TaskTypes({"echo", "echo-json"})
    static class Echo implements SyncPlugin<Config> {
        @Override
        public Uni<TaskResult> run(TaskContext<Config> ctx) {
            return Uni.createFrom().nullItem();
        }
    }

    /** What a CDI container makes of a bean class to intercept it. */
    static class EchoSubclass extends Echo {
    }

    abstract static class Jobs<C, H> implements AsyncPlugin<C, H> {
        @Override
        public Uni<TaskStatus> poll(TaskContext<C> ctx, H handle) {
            return Uni.createFrom().nullItem();
        }

        @Override
        public Uni<Void> cancel(TaskContext<C> ctx, H handle) {
            return Uni.createFrom().voidItem();
        }
    }

    @TaskTypes("job")
    static class Job extends Jobs<Config, Handle> {
        @Override
        public Uni<Handle> submit(TaskContext<Config> ctx) {
            return Uni.createFrom().nullItem();
        }
    }

    @TaskTypes("lists")
    static class Lists extends Jobs<Config, List<String>> {
        @Override
        public Uni<List<String>> submit(TaskContext<Config> ctx) {
            return Uni.createFrom().nullItem();
        }
    }

    @SuppressWarnings("rawtypes")
    static class Raw extends Jobs {
        @Override
        public Uni submit(TaskContext ctx) {
            return Uni.createFrom().nullItem();
        }
    }

    @Test
    void theNameIsTheFirstTaskType() {
        assertEquals("echo", new Echo().name());
        assertEquals("echo", new EchoSubclass().name());
        assertEquals("job", new Job().name());
    }

    @Test
    void typesComeFromTheTypeArguments() {
        assertEquals(Config.class, new Echo().configType());
        assertEquals(Config.class, new EchoSubclass().configType());
        assertEquals(Config.class, new Job().configType(), "through a generic superclass");
        assertEquals(Handle.class, new Job().handleType());
        assertEquals(List.class, new Lists().handleType(), "a parameterized type binds its raw class");
    }

    @Test
    void aMissingDeclarationIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Raw().name());
        assertTrue(e.getMessage().contains("has no @TaskTypes"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> new Raw().configType());
        assertTrue(e.getMessage().contains("leaves type argument 0 of TaskPlugin unbound"), e.getMessage());
    }
}

package dev.kite.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;

import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.ApplicationArchive;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.ApplicationArchivesBuildItem;
import io.quarkus.deployment.pkg.builditem.CurateOutcomeBuildItem;
import io.quarkus.maven.dependency.ArtifactCoords;
import io.quarkus.maven.dependency.ArtifactKey;
import io.quarkus.maven.dependency.ResolvedDependency;

/**
 * A plugin in a jar that Quarkus does not index (no {@code META-INF/beans.xml}, no Jandex index)
 * is invisible to discovery: without this check its task types would silently be missing. Only
 * dependencies that depend on the SPI themselves are read, and only when they are not indexed.
 */
class UnindexedPluginProcessor {

    private static final Set<String> SPI = Set.of("kite-spi", "kite-spi-kubernetes");
    private static final Set<DotName> PLUGIN_TYPES = Set.of(PluginProcessor.TASK_PLUGIN, PluginProcessor.SYNC_PLUGIN,
            PluginProcessor.ASYNC_PLUGIN, PluginProcessor.KUBERNETES_PLUGIN);

    @BuildStep
    void checkUnindexedJars(CurateOutcomeBuildItem curate, ApplicationArchivesBuildItem archives,
            BuildProducer<ValidationErrorBuildItem> errors) {
        Set<ArtifactKey> indexed = new HashSet<>();
        for (ApplicationArchive a : archives.getAllApplicationArchives()) {
            if (a.getKey() != null) {
                indexed.add(a.getKey());
            }
        }
        for (ResolvedDependency d : curate.getApplicationModel().getRuntimeDependencies()) {
            if (indexed.contains(d.getKey()) || !dependsOnSpi(d)) {
                continue;
            }
            List<String> plugins = pluginClasses(d);
            if (!plugins.isEmpty()) {
                errors.produce(PluginProcessor.error("The jar " + d.toCompactCoords() + " (" + d.getResolvedPaths()
                        + ") has Kite plugin classes (" + String.join(", ", plugins) + ") but is not a bean archive,"
                        + " so Quarkus does not index it and Kite cannot find them: add META-INF/beans.xml to the jar"
                        + " (<beans bean-discovery-mode=\"annotated\" .../>), or build a Jandex index into it"
                        + " (io.smallrye:jandex-maven-plugin), or index it from the server with"
                        + " quarkus.index-dependency.<name>.group-id=" + d.getGroupId()
                        + " and quarkus.index-dependency.<name>.artifact-id=" + d.getArtifactId()));
            }
        }
    }

    private static boolean dependsOnSpi(ResolvedDependency d) {
        for (ArtifactCoords c : d.getDependencies()) {
            if ("dev.kite".equals(c.getGroupId()) && SPI.contains(c.getArtifactId())) {
                return true;
            }
        }
        return false;
    }

    /** The classes of the jar that implement a plugin shape directly. */
    private static List<String> pluginClasses(ResolvedDependency d) {
        Indexer indexer = new Indexer();
        d.getContentTree().walk(visit -> {
            String name = visit.getRelativePath("/");
            if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                try (InputStream in = Files.newInputStream(visit.getPath())) {
                    indexer.index(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + name + " of " + d.toCompactCoords(), e);
                }
            }
        });
        Index index = indexer.complete();
        Set<String> found = new TreeSet<>();
        for (ClassInfo c : index.getKnownClasses()) {
            if (c.interfaceNames().stream().anyMatch(PLUGIN_TYPES::contains)) {
                found.add(c.name().toString());
            }
        }
        return new ArrayList<>(found);
    }
}

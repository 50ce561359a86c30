package dev.kite.deployment;

import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;

import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.ConfigurationBuildItem;
import io.smallrye.config.ConfigMapping;

/**
 * Settings under {@code kite.} must be Quarkus config roots. Kite's own {@code kite} root makes
 * Quarkus check every {@code kite.*} key at start against the config roots it knows; a plugin's
 * {@code @ConfigMapping} that is not one is still read, but each of its keys (and defaults) is
 * logged as an "Unrecognized configuration key". The build fails instead, naming the fix.
 */
class PluginSettingsProcessor {

    static final DotName CONFIG_MAPPING = DotName.createSimple(ConfigMapping.class);

    @BuildStep
    void checkSettingsAreConfigRoots(CombinedIndexBuildItem combined, ConfigurationBuildItem config,
            BuildProducer<ValidationErrorBuildItem> errors) {
        Set<String> roots = config.getReadResult().getAllMappingsByClass().keySet().stream().map(Class::getName)
                .collect(Collectors.toSet());
        for (AnnotationInstance mapping : combined.getIndex().getAnnotations(CONFIG_MAPPING)) {
            if (mapping.target().kind() != AnnotationTarget.Kind.CLASS) {
                continue;
            }
            AnnotationValue value = mapping.value("prefix");
            String prefix = value == null ? "" : value.asString();
            String name = mapping.target().asClass().name().toString();
            if ((prefix.equals("kite") || prefix.startsWith("kite.")) && !roots.contains(name)) {
                errors.produce(PluginProcessor.error("The settings " + name + " (prefix " + prefix + ") are not a config root"
                        + " Quarkus knows, so every key under " + prefix + " would be logged as unrecognized at start:"
                        + " annotate the interface with @ConfigRoot(phase = ConfigPhase.RUN_TIME) and compile its module with"
                        + " io.quarkus:quarkus-extension-processor as annotation processor, which lists it in"
                        + " META-INF/quarkus-config-roots.list (a module compiled before it was added needs a clean build)"));
            }
        }
    }
}

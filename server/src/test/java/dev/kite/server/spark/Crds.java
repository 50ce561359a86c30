package dev.kite.server.spark;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Custom resource definitions installed on the Kubernetes test server, as an operator's chart would
 * install them: the Spark operator's SparkApplication, and a made-up kind. The schemas keep unknown
 * fields (the operator's real schema is long and not what these tests are about).
 */
final class Crds {

    private Crds() {
    }

    static void install(KubernetesClient client, String group, String version, String kind, String plural) {
        String name = plural + "." + group;
        if (client.apiextensions().v1().customResourceDefinitions().withName(name).get() != null) {
            return;
        }
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase(java.util.Locale.ROOT))
                .withListKind(kind + "List").endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema()
                .endVersion()
                .endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    static void sparkOperator(KubernetesClient client) {
        install(client, "sparkoperator.k8s.io", "v1beta2", "SparkApplication", "sparkapplications");
    }
}

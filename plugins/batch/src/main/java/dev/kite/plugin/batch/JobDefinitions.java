package dev.kite.plugin.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobDefinition;
import software.amazon.awssdk.services.batch.model.JobDefinitionType;
import software.amazon.awssdk.services.batch.model.PlatformCapability;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionResponse;
import software.amazon.awssdk.services.batch.model.ResourceRequirement;
import software.amazon.awssdk.services.batch.model.ResourceType;

import dev.kite.model.Canonical;

/**
 * Job definitions that Kite registers from image + resources + role: one per content, named
 * {@code kite-<hash>}, found again with DescribeJobDefinitions (ACTIVE) before registering, so a
 * restarted Kite reuses the revision it registered before instead of adding one.
 */
final class JobDefinitions {

    /** Tag on a registered definition: the full content hash. */
    static final String HASH_TAG = "kite-content-hash";

    private final BatchClient client;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    JobDefinitions(BatchClient client) {
        this.client = client;
    }

    /** What a registered definition is made of. */
    static ObjectNode content(BatchTaskConfig c, boolean fargate) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("image", c.image());
        n.put("vcpus", c.vcpus());
        n.put("memory", c.memory());
        if (c.gpus() != null) {
            n.put("gpus", c.gpus());
        }
        if (c.role() != null) {
            n.put("role", c.role());
        }
        if (c.executionRole() != null) {
            n.put("executionRole", c.executionRole());
        }
        n.put("platform", fargate ? "FARGATE" : "EC2");
        return n;
    }

    /** The definition's name for this content. */
    static String name(ObjectNode content) {
        return "kite-" + Canonical.sha256(content).substring(0, 32);
    }

    /** The job definition ({@code name:revision}) for this content, registered if Batch has none ACTIVE. */
    String resolve(BatchTaskConfig c, boolean fargate) {
        ObjectNode content = content(c, fargate);
        String name = name(content);
        return known.computeIfAbsent(name, n -> find(n).orElseGet(() -> register(n, c, fargate, content)));
    }

    private java.util.Optional<String> find(String name) {
        List<JobDefinition> active = new ArrayList<>();
        client.describeJobDefinitionsPaginator(b -> b.jobDefinitionName(name).status("ACTIVE"))
                .jobDefinitions().forEach(active::add);
        return active.stream().max(Comparator.comparing(JobDefinition::revision))
                .map(d -> d.jobDefinitionName() + ":" + d.revision());
    }

    private String register(String name, BatchTaskConfig c, boolean fargate, ObjectNode content) {
        List<ResourceRequirement> resources = resources(c.vcpus(), c.memory(), c.gpus());
        RegisterJobDefinitionResponse r = client.registerJobDefinition(b -> b.jobDefinitionName(name)
                .type(JobDefinitionType.CONTAINER)
                .platformCapabilities(fargate ? PlatformCapability.FARGATE : PlatformCapability.EC2)
                .retryStrategy(s -> s.attempts(1))
                .tags(Map.of(HASH_TAG, Canonical.sha256(content)))
                .containerProperties(p -> {
                    p.image(c.image()).resourceRequirements(resources).jobRoleArn(c.role()).executionRoleArn(c.executionRole());
                    if (fargate) {
                        p.networkConfiguration(n -> n.assignPublicIp("ENABLED"));
                    }
                }));
        return r.jobDefinitionName() + ":" + r.revision();
    }

    /** Resource requirements in Batch's form (values are strings). */
    static List<ResourceRequirement> resources(Double vcpus, Integer memory, Integer gpus) {
        List<ResourceRequirement> list = new ArrayList<>();
        if (vcpus != null) {
            String v = vcpus == Math.rint(vcpus) ? Long.toString(vcpus.longValue()) : vcpus.toString();
            list.add(ResourceRequirement.builder().type(ResourceType.VCPU).value(v).build());
        }
        if (memory != null) {
            list.add(ResourceRequirement.builder().type(ResourceType.MEMORY).value(memory.toString()).build());
        }
        if (gpus != null) {
            list.add(ResourceRequirement.builder().type(ResourceType.GPU).value(gpus.toString()).build());
        }
        return list;
    }
}

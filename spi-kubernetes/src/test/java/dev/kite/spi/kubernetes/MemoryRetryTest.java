package dev.kite.spi.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import dev.kite.model.FieldErrors;
import dev.kite.spi.ErrorKind;
import dev.kite.spi.TaskError;

/** More memory per earlier OOM kill, capped; quantities in Kubernetes and JVM notation. */
class MemoryRetryTest {

    static final long MI = 1 << 20;
    static final MemoryRetry RETRY = new MemoryRetry(1.5, 2048 * MI);

    @Test
    void eachOomKillMultipliesUpToTheCap() {
        assertEquals(1.0, RETRY.multiplier(1024 * MI, 0));
        assertEquals(1.5, RETRY.multiplier(1024 * MI, 1));
        assertEquals(2.0, RETRY.multiplier(1024 * MI, 2), "2.25x is capped at 2Gi");
        assertEquals(1.0, RETRY.multiplier(4096 * MI, 3), "never below the task's own memory");
        assertEquals(2, MemoryRetry.oomKills(List.of(TaskError.system("OOM_KILLED", ""), TaskError.user("EXIT_CODE", ""),
                TaskError.system("OOM_KILLED", ""))));
    }

    @Test
    void requestAndLimitGrowTogether() {
        ResourceRequirements r = new ResourceRequirements();
        r.setRequests(Map.of("memory", new Quantity("512Mi"), "cpu", new Quantity("1")));
        r.setLimits(Map.of("memory", new Quantity("1Gi")));
        assertEquals(1536 * MI, RETRY.apply(r, 1));
        assertEquals("768Mi", r.getRequests().get("memory").toString());
        assertEquals("1", r.getRequests().get("cpu").toString());
        assertEquals("1536Mi", r.getLimits().get("memory").toString());
        assertEquals(0, RETRY.apply(new ResourceRequirements(), 1), "nothing to grow without memory");
    }

    @Test
    void anOomKillAtTheCapIsNotRecoverable() {
        TaskError below = RETRY.oomKilled("the container", 1024 * MI, "oomRetry.maxMemory");
        assertEquals(ErrorKind.SYSTEM, below.kind());
        assertTrue(below.recoverable());
        TaskError at = RETRY.oomKilled("the container", 2048 * MI, "oomRetry.maxMemory");
        assertEquals(ErrorKind.USER, at.kind());
        assertFalse(at.recoverable());
    }

    @Test
    void notations() {
        assertEquals(512 * MI, MemoryRetry.sparkBytes("512m"));
        assertEquals(2048 * MI, MemoryRetry.sparkBytes("2g"));
        assertEquals(300 * MI, MemoryRetry.sparkBytes("300"), "no unit: MiB, as Spark reads driver memory");
        assertEquals(-1, MemoryRetry.sparkBytes("lots"));
        assertEquals("1536m", MemoryRetry.spark(1536 * MI));
        assertEquals("2Gi", MemoryRetry.kubernetes(2048 * MI));
        assertEquals("768Mi", MemoryRetry.kubernetes(768 * MI));
    }

    @Test
    void aTasksOwnSettingIsChecked() throws Exception {
        ObjectMapper json = new ObjectMapper();
        FieldErrors errors = new FieldErrors();
        assertNull(MemoryRetry.parse(json.readTree("{\"factor\": 20, \"maxMemory\": \"lots\", \"x\": 1}"), "config.oomRetry",
                RETRY, errors));
        assertEquals(List.of("config.oomRetry.x", "config.oomRetry.factor", "config.oomRetry.maxMemory"),
                errors.list().stream().map(dev.kite.model.FieldError::path).toList());
        MemoryRetry own = MemoryRetry.parse(json.readTree("{\"maxMemory\": \"4Gi\"}"), "config.oomRetry", RETRY, new FieldErrors());
        assertEquals(new MemoryRetry(1.5, 4096 * MI), own);
        assertThrows(IllegalArgumentException.class, () -> MemoryRetry.of("kite.container", 0.5, "1Gi"));
    }
}

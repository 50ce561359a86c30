import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM with the given options (a benchmark tool: bench/run.sh
 * starts and stops async-profiler in Kite with it; {@code jcmd JVMTI.agent_load} splits options at
 * '=').
 *
 * Usage: java Attach.java PID AGENT_PATH OPTIONS
 */
public class Attach {

    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}

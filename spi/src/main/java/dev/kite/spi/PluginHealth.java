package dev.kite.spi;

/**
 * What a plugin says of its health at run time, shown per plugin in Kite's readiness details
 * ({@code /q/health/ready}) and as the gauge {@code kite_plugin_up}. {@link State#DEGRADED} and
 * {@link State#DOWN} do not take Kite out of service: its other plugins keep running their tasks.
 *
 * @param state  up, degraded (works, slower or partly) or down
 * @param detail why, for an operator; may be null when up
 */
public record PluginHealth(State state, String detail) {

    public enum State { UP, DEGRADED, DOWN }

    private static final PluginHealth UP = new PluginHealth(State.UP, null);

    public static PluginHealth up() {
        return UP;
    }

    public static PluginHealth degraded(String detail) {
        return new PluginHealth(State.DEGRADED, detail);
    }

    public static PluginHealth down(String detail) {
        return new PluginHealth(State.DOWN, detail);
    }
}

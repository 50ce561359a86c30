package dev.kite.spi;

/** The config class of a plugin that takes no config: a task's {@code config} must be empty. */
public record NoConfig() {
}

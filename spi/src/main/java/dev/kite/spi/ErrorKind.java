package dev.kite.spi;

/** Who is at fault: the task (its code, inputs or config) or the system running it. */
public enum ErrorKind {
    /** The task's own fault. Recoverable USER errors use the task's {@code metadata.retries}. */
    USER,
    /** Infrastructure's fault. Recoverable SYSTEM errors use the separate system budget. */
    SYSTEM
}

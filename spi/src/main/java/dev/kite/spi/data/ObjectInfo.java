package dev.kite.spi.data;

import java.net.URI;
import java.time.Instant;

/**
 * An object in the data store.
 *
 * @param uri      where it is
 * @param size     its size in bytes
 * @param modified when it was last written
 */
public record ObjectInfo(URI uri, long size, Instant modified) {
}

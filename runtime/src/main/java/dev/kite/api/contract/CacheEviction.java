package dev.kite.api.contract;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What an eviction removed. */
@Schema(name = "CacheEviction", description = "The number of cache entries removed")
public record CacheEviction(@Schema(required = true, minimum = "0", example = "3") long removed) {
}

package dev.kite.api;

import java.util.List;

/** A page of a listing; pass {@code nextCursor} back as {@code cursor} for the next one (null = last page). */
public record Page<T>(List<T> items, String nextCursor) {
}

package dev.kite.api;

import dev.kite.config.KiteConfig;

/**
 * Cursor and page-size parameters of list endpoints, checked the same way everywhere. Both arrive
 * as text so that a malformed value is a 400 naming the parameter, not JAX-RS's 404 for a query
 * parameter it cannot convert.
 */
final class Paging {

    private Paging() {
    }

    static int limit(String limit, KiteConfig config) {
        if (limit == null || limit.isEmpty()) {
            return config.api().defaultPageSize();
        }
        int max = config.api().maxPageSize();
        int n;
        try {
            n = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("limit", "expected a whole number between 1 and " + max + ", got \"" + limit + "\"");
        }
        if (n < 1 || n > max) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + max + ", got " + n);
        }
        return n;
    }

    static Long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            long c = Long.parseLong(cursor);
            if (c >= 0) {
                return c;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("cursor", "not a cursor returned by this API; pass a page's nextCursor as it is");
    }
}

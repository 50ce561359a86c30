package dev.kite.api;

import dev.kite.config.KiteConfig;

/** Cursor and page-size parameters of list endpoints, checked the same way everywhere. */
final class Paging {

    private Paging() {
    }

    static int limit(Integer limit, KiteConfig config) {
        if (limit == null) {
            return config.api().defaultPageSize();
        }
        if (limit < 1 || limit > config.api().maxPageSize()) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + config.api().maxPageSize());
        }
        return limit;
    }

    static Long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("cursor", "not a cursor returned by this API");
        }
    }
}

package dev.kite.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each listing shape gets a statement naming only its filters, so that it is planned on its own. */
class ListQueryTest {

    @Test
    void aProjectListingHasNoOtherFilter() {
        ListQuery q = ListQuery.of("p", null, null, null, 10, 5);
        assertTrue(q.sql().endsWith(" from executions where project = $1 and seq < $2 order by seq desc limit $3"), q.sql());
        assertEquals(3, q.arguments().size());
        assertEquals(10L, q.arguments().getLong(1));
        assertEquals(5, q.arguments().getInteger(2));
    }

    @Test
    void givenFiltersAreNumberedInOrderAndAbsentOnesLeftOut() {
        ListQuery q = ListQuery.of("p", null, "n", "FAILED", 10, 5);
        assertTrue(q.sql().contains("where project = $1 and name = $2 and phase = $3 and seq < $4 order by seq desc limit $5"), q.sql());
        String where = q.sql().substring(q.sql().indexOf(" where "));
        assertFalse(where.contains("domain"), where);
        assertFalse(where.contains("is null"), where);
        assertEquals("FAILED", q.arguments().getString(2));
    }

    @Test
    void everyFilterTogether() {
        ListQuery q = ListQuery.of("p", "d", "n", "RUNNING", Long.MAX_VALUE, 51);
        assertTrue(q.sql().contains("project = $1 and domain = $2 and name = $3 and phase = $4 and seq < $5"), q.sql());
        assertEquals(6, q.arguments().size());
    }
}

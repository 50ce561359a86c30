package dev.kite.security;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What a principal may do, read from its roles (an OIDC claim) or its scopes (an API key):
 * {@code <project>:<role>} with role {@code viewer}, {@code submitter} or {@code admin},
 * {@code *:<role>} for every project, and {@code operator}. Other values are ignored (an issuer's
 * groups may hold names meant for other applications).
 */
public final class Grants {

    /** The global right to plugins, metrics and node operations. */
    public static final String OPERATOR = "operator";
    public static final String ALL = "*";
    private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}|\\*");

    private static final int KNOWN_MAX = 256;
    private static final Map<Collection<String>, Grants> KNOWN = new ConcurrentHashMap<>();

    private final Map<String, Role> projects;
    private final boolean operator;

    private Grants(Map<String, Role> projects, boolean operator) {
        this.projects = projects;
        this.operator = operator;
    }

    /** Every right. */
    public static Grants everything() {
        return new Grants(Map.of(ALL, Role.ADMIN), true);
    }

    /**
     * The grants of {@code values}; the grants of the last few sets of values are remembered (the
     * same few identities ask on every request).
     */
    public static Grants of(Collection<String> values) {
        Grants known = KNOWN.get(values);
        if (known != null) {
            return known;
        }
        Grants g = parse(values);
        if (KNOWN.size() >= KNOWN_MAX) {
            KNOWN.clear();
        }
        KNOWN.put(Set.copyOf(values), g);
        return g;
    }

    private static Grants parse(Collection<String> values) {
        Map<String, Role> projects = new TreeMap<>();
        boolean operator = false;
        for (String v : values) {
            if (OPERATOR.equals(v)) {
                operator = true;
                continue;
            }
            Role role = scopeRole(v);
            if (role != null) {
                projects.merge(v.substring(0, v.lastIndexOf(':')), role, (a, b) -> a.includes(b) ? a : b);
            }
        }
        return new Grants(Map.copyOf(projects), operator);
    }

    /** True when {@code scope} is a well-formed grant. */
    public static boolean valid(String scope) {
        return OPERATOR.equals(scope) || scopeRole(scope) != null;
    }

    private static Role scopeRole(String v) {
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || !PROJECT.matcher(v.substring(0, colon)).matches()) {
            return null;
        }
        return Role.parse(v.substring(colon + 1));
    }

    /** The role in {@code project} (the higher of its own and the {@code *} one), or null. */
    public Role role(String project) {
        Role own = projects.get(project);
        Role all = projects.get(ALL);
        if (own == null) {
            return all;
        }
        return all == null || own.includes(all) ? own : all;
    }

    /** The role every project has ({@code *:<role>}), or null. */
    public Role everywhere() {
        return projects.get(ALL);
    }

    public boolean operator() {
        return operator;
    }

    /** The projects with a grant of their own (not counting {@code *}). */
    public Set<String> projects() {
        Set<String> out = new TreeSet<>(projects.keySet());
        out.remove(ALL);
        return out;
    }

    /** True when these grants include every right of {@code scope} (a scope cannot be handed on by someone without it). */
    public boolean covers(String scope) {
        if (OPERATOR.equals(scope)) {
            return operator;
        }
        Role wanted = scopeRole(scope);
        String project = scope.substring(0, scope.lastIndexOf(':'));
        Role have = ALL.equals(project) ? everywhere() : role(project);
        return wanted != null && have != null && have.includes(wanted);
    }
}

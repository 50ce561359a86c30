package dev.kite.security;

/**
 * Who is calling: the principal, the API key it used (or null), where from, and its rights.
 *
 * @param principal the user or service (an OIDC subject, an API key's owner)
 * @param keyName the name of the API key used, or null for a token
 * @param address the client's address as this server saw it
 */
public record Caller(String principal, String keyName, String address, Grants grants) {

    /** How executions name their submitter: the principal, and the key when one was used. */
    public String label() {
        return keyName == null ? principal : principal + " (key " + keyName + ")";
    }
}

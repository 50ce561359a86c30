package dev.kite.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer credential that is a Kite API key ({@code kite_...}), or no credential at all in the unsecured mode. */
final class ApiKeyRequest extends BaseAuthenticationRequest {

    private final String key;

    ApiKeyRequest(String key) {
        this.key = key;
    }

    /** The presented key; null when security is off and no key was sent. */
    String key() {
        return key;
    }

    @Override
    public String toString() {
        return "ApiKeyRequest[redacted]";
    }
}

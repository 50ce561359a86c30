package dev.kite.plugin.http;

/**
 * TLS options of a task's requests.
 *
 * @param trustAll   trust any server certificate (tests only; default false)
 * @param caPath     a PEM file of certificate authorities to trust, on the Kite host, in addition
 *                   to none: when set, only these authorities are trusted
 * @param verifyHost check that the certificate names the host (default true; ignored with trustAll)
 */
public record HttpTls(Boolean trustAll, String caPath, Boolean verifyHost) {

    /** The defaults: the JVM's trust store, host names verified. */
    public static final HttpTls DEFAULT = new HttpTls(false, null, true);

    public HttpTls {
        trustAll = trustAll != null && trustAll;
        verifyHost = verifyHost == null || verifyHost;
    }
}

package dev.kite.model;

/**
 * The shape a URL template of {@link Templates#parseUrl} must have: an absolute {@code http://} or
 * {@code https://} URL whose scheme and host are written literally (no user information), so that
 * a placeholder's value can never choose where a request goes. Only {@link Templates} uses it.
 */
final class TemplateUrls {

    private TemplateUrls() {
    }

    /** Whether {@code text} has that shape; false after recording why under {@code path}. */
    static boolean check(String text, String path, FieldErrors errors) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        int authority = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (authority < 0) {
            errors.add(path, "must be an absolute URL starting with http:// or https://");
            return false;
        }
        int hostEnd = authority;
        while (hostEnd < text.length() && "/?#@".indexOf(text.charAt(hostEnd)) < 0 && !text.startsWith("{{", hostEnd)) {
            hostEnd++;
        }
        if (hostEnd == authority && !text.startsWith("{{", authority)) {
            errors.add(path, "must name a host after the scheme, e.g. https://api.example.com/path");
            return false;
        }
        if (hostEnd < text.length() && text.charAt(hostEnd) == '@') {
            errors.add(path, "must not carry user information (user@host): send credentials in a header from a secret");
            return false;
        }
        int firstPlaceholder = text.indexOf("{{");
        if (firstPlaceholder >= 0) {
            int end = authority;
            while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0 && end < firstPlaceholder) {
                end++;
            }
            if (end >= firstPlaceholder || end == authority) {
                errors.add(path, "placeholders may appear only in the path, query and fragment; the scheme and host"
                        + " must be written literally");
                return false;
            }
        }
        return true;
    }
}

package org.didban.collector.notify;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** What a receiver's URL must be, and how it may be shown. */
final class Endpoints {
    private Endpoints() {
    }

    /**
     * An absolute http or https URL with a host, without credentials (they would end up in logs;
     * receivers authenticate Didban by its signature or by configured credentials) or fragment.
     */
    static URI requireHttp(URI url, String whose) {
        Objects.requireNonNull(url, whose + ": url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(whose + ": the url must start with http:// or https://");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException(whose + ": the url has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(whose + ": the url must not carry credentials");
        }
        if (url.getRawFragment() != null) {
            throw new IllegalArgumentException(whose + ": the url must not have a #fragment");
        }
        return url;
    }

    /** Scheme, host and port only: safe to log. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}

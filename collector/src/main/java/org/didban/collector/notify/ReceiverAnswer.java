package org.didban.collector.notify;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What a receiver answered to one POST.
 *
 * @param retryAfter its {@code Retry-After} header, or null
 * @param excerpt    the start of its answer's body, for the person reading a dead letter
 */
record ReceiverAnswer(int status, String retryAfter, String excerpt) {
    /** What to do about the answer. */
    enum Verdict {
        DELIVERED,
        /** The receiver is unwell or busy: it may take the same request later. */
        RETRY,
        /** The receiver refuses this request (bad URL, bad signature, redirect): sending it again will not help. */
        REFUSED
    }

    Verdict verdict() {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        if (status >= 500 || status == 408 || status == 429) {
            return Verdict.RETRY;
        }
        return Verdict.REFUSED;
    }

    /**
     * {@code Retry-After} in milliseconds from {@code now}: seconds, or an HTTP date; -1 when
     * absent or unreadable.
     */
    long retryAfterMillis(Instant now) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return -1;
        }
        String v = retryAfter.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? -1 : Math.min(seconds, Integer.MAX_VALUE) * 1000L;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, at.toEpochMilli() - now.toEpochMilli());
            } catch (DateTimeParseException notADate) {
                return -1;
            }
        }
    }

    String describe() {
        return "HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
    }
}

package org.didban.wire;

/** A batch that cannot be accepted as sent; the message says why, for the agent's operator. */
public final class MalformedBatchException extends Exception {
    public MalformedBatchException(String message) {
        super(message);
    }

    public MalformedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}

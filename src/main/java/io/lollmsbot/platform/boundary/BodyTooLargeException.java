package io.lollmsbot.platform.boundary;

import java.io.IOException;

/** A request body without Content-Length grew past the limit while it was read; answered 413. */
class BodyTooLargeException extends IOException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}

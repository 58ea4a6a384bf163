package io.hypha.muxer.yamux;

import java.io.IOException;

/** Base of the yamux failures: {@link YamuxConnectionException} (whole session) or {@link YamuxStreamException} (one stream). */
public abstract sealed class YamuxException extends IOException
        permits YamuxConnectionException, YamuxStreamException {
    YamuxException(String message) {
        super(message);
    }
}

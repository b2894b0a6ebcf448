package io.lollmsbot.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** The few pieces of HTTP/1.1 framing the benchmark's client and scripted LLM both read. */
final class HttpWire {

    /** The start line and the headers that matter for framing. */
    record Head(String startLine, long contentLength, boolean chunked, boolean close) {
    }

    /** Takes {@code size} bytes of a body from the stream (reads or skips them). */
    interface BodyPart {
        void take(InputStream in, int size) throws IOException;
    }

    private HttpWire() {
    }

    static Head head(InputStream in) throws IOException {
        String startLine = line(in);
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        return new Head(startLine, length, chunked, close);
    }

    /** Hands the body (Content-Length or chunked; trailers are dropped) to {@code part}. */
    static void body(InputStream in, Head head, BodyPart part) throws IOException {
        if (head.chunked()) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                part.take(in, size);
                line(in);
            }
            for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
                // trailers carry nothing the benchmark needs
            }
        } else if (head.contentLength() > 0) {
            part.take(in, Math.toIntExact(head.contentLength()));
        }
    }

    static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static int chunkSize(InputStream in) throws IOException {
        return Integer.parseInt(line(in).split(";")[0].trim(), 16);
    }
}

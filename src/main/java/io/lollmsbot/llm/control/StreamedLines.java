package io.lollmsbot.llm.control;

import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The lines of a streamed response body, read with an idle limit: {@link #next} waits at most the given time for
 * the next line, so a server that stops sending in the middle of a stream is cut instead of holding the caller
 * (the JDK client's request timeout ends with the response headers). Its {@link #subscriber} completes at once, so
 * the response is handed over after the headers while the lines arrive. One line is requested at a time.
 */
final class StreamedLines implements AutoCloseable {

    /** A line, the end of the body, or the failure that ended it. */
    private record Item(String line, Throwable failure) {}

    private static final Item END = new Item(null, null);

    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final LineReceiver receiver = new LineReceiver();
    private volatile Flow.Subscription subscription;
    /** The end was read, or the reader gave up: nothing more is requested. */
    private volatile boolean finished;

    /** The body subscriber for {@code HttpClient.sendAsync}: decodes UTF-8 lines ({@code \n}, {@code \r\n}). */
    BodySubscriber<StreamedLines> subscriber() {
        BodySubscriber<Void> lines =
                BodySubscribers.fromLineSubscriber(receiver, r -> null, StandardCharsets.UTF_8, null);
        return new BodySubscriber<>() {
            @Override
            public CompletionStage<StreamedLines> getBody() {
                return CompletableFuture.completedStage(StreamedLines.this);
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                lines.onSubscribe(s);
            }

            @Override
            public void onNext(List<ByteBuffer> buffers) {
                lines.onNext(buffers);
            }

            @Override
            public void onError(Throwable failure) {
                lines.onError(failure);
            }

            @Override
            public void onComplete() {
                lines.onComplete();
            }
        };
    }

    /**
     * The next line, or null at the end of the body.
     *
     * @throws IdleException when no line arrived within {@code idle} (the body is cancelled)
     * @throws StreamBrokenException when the connection failed
     */
    String next(Duration idle) throws InterruptedException, IdleException, StreamBrokenException {
        if (finished) {
            return null;
        }
        Item item = items.poll(idle.toNanos(), TimeUnit.NANOSECONDS);
        if (item == null) {
            close();
            throw new IdleException();
        }
        if (item == END) {
            finished = true;
            return null;
        }
        if (item.failure() != null) {
            finished = true;
            throw new StreamBrokenException(item.failure());
        }
        subscription.request(1);
        return item.line();
    }

    /** Cancels the rest of the body (closing the connection) unless it was read to its end. */
    @Override
    public synchronized void close() {
        if (!finished) {
            finished = true;
            if (subscription != null) {
                subscription.cancel();
            }
        }
    }

    /** No line arrived within the idle limit. */
    static final class IdleException extends Exception {
        IdleException() {
            super(null, null, false, false);
        }
    }

    /** The connection failed while the body was read. */
    static final class StreamBrokenException extends Exception {
        StreamBrokenException(Throwable cause) {
            super(cause.toString(), cause, false, false);
        }
    }

    private final class LineReceiver implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (StreamedLines.this) {
                subscription = s;
                if (finished) {
                    s.cancel(); // the reader gave up before the body started
                    return;
                }
            }
            s.request(1);
        }

        @Override
        public void onNext(String line) {
            items.add(new Item(line, null));
        }

        @Override
        public void onError(Throwable failure) {
            items.add(new Item(null, failure));
        }

        @Override
        public void onComplete() {
            items.add(END);
        }
    }
}

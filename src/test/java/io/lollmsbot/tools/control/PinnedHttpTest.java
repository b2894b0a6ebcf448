package io.lollmsbot.tools.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 exchange against a one-shot raw server on loopback (the policy is bypassed: this tests the wire). */
class PinnedHttpTest {

    private ServerSocket server;
    private CompletableFuture<String> request;

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void sendsTheHostAndReadsAChunkedBody() throws IOException {
        serve(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n",
                0);
        PinnedHttp.Response response = PinnedHttp.exchange(destination("/a/b?c=d"), "GET", null, null, 5_000, 1_024);
        assertEquals(200, response.status());
        assertEquals("text/plain", response.header("Content-Type"));
        assertEquals("hello, world", new String(response.body(), StandardCharsets.UTF_8));
        assertFalse(response.truncated());
        String sent = request.join();
        assertTrue(sent.startsWith("GET /a/b?c=d HTTP/1.1\r\n"), sent);
        assertTrue(sent.contains("\r\nHost: docs.example:" + server.getLocalPort() + "\r\n"), sent);
    }

    @Test
    void sendsAPostBodyAndStopsReadingAtTheCap() throws IOException {
        serve("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(100), 0);
        PinnedHttp.Response response = PinnedHttp.exchange(
                destination("/"), "POST", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "application/json", 5_000, 10);
        assertArrayEquals("x".repeat(10).getBytes(StandardCharsets.UTF_8), response.body());
        assertTrue(response.truncated());
        assertTrue(request.join().contains("Content-Type: application/json\r\nContent-Length: 7\r\n"), request.join());
    }

    @Test
    void aServerThatTricklesIsCutOffAtTheDeadline() throws IOException {
        serve("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "y".repeat(1000), 5);
        long started = System.nanoTime();
        assertThrows(
                SocketTimeoutException.class,
                () -> PinnedHttp.exchange(destination("/"), "GET", null, null, 500, 10_000));
        assertTrue(System.nanoTime() - started < 3_000_000_000L, "the deadline bounds the whole exchange");
    }

    @Test
    void somethingThatIsNotHttpFails() throws IOException {
        serve("SSH-2.0-OpenSSH\r\n\r\n", 0);
        assertThrows(IOException.class, () -> PinnedHttp.exchange(destination("/"), "GET", null, null, 5_000, 1_024));
    }

    private NetworkPolicy.Destination destination(String path) {
        return new NetworkPolicy.Destination(
                URI.create("http://docs.example:" + server.getLocalPort() + path),
                "docs.example",
                server.getLocalPort(),
                false,
                InetAddress.getLoopbackAddress());
    }

    /**
     * Accepts one connection, records the request head, and answers, pausing {@code pauseMillis} between bytes; the
     * client may hang up early (that is what a cap does), so a failed write is not the test's concern.
     */
    private void serve(String answer, int pauseMillis) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        request = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> {
            try (Socket socket = server.accept()) {
                request.complete(head(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                for (byte b : answer.getBytes(StandardCharsets.ISO_8859_1)) {
                    out.write(b);
                    if (pauseMillis > 0) {
                        out.flush();
                        Thread.sleep(pauseMillis);
                    }
                }
                out.flush();
            } catch (IOException | InterruptedException e) {
                request.complete("failed: " + e);
            }
        });
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }
}

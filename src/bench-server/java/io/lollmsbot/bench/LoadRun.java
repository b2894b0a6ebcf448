package io.lollmsbot.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * Drives one request loop per client, each on its own thread and keep-alive connection, for a fixed time (and at
 * most a fixed number of requests per client), and keeps every latency. Closed loop: a client sends its next
 * request when the previous answer has arrived, so the concurrency is exactly the number of clients.
 */
final class LoadRun {

    /** One client's next request on its connection; returns the HTTP status. */
    interface Client {
        int call(HttpConnection connection) throws IOException;
    }

    record Result(int clients, long ok, long errors, Map<String, Integer> errorKinds, double seconds, long[] sortedNanos) {

        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double percentile) {
            if (sortedNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, index)] / 1e6;
        }
    }

    private LoadRun() {
    }

    static Result run(int port, List<Client> clients, double seconds, int maxRequestsPerClient) throws InterruptedException {
        int n = clients.size();
        long[][] latencies = new long[n][];
        int[] counts = new int[n];
        long[] errors = new long[n];
        List<Map<String, Integer>> kinds = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        long[] window = new long[2];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = i;
            Map<String, Integer> myKinds = new TreeMap<>();
            kinds.add(myKinds);
            Thread thread = new Thread(() -> {
                long[] mine = new long[1024];
                int count = 0;
                try (HttpConnection connection = new HttpConnection(port)) {
                    ready.countDown();
                    go.await();
                    long deadline = window[1];
                    for (int request = 0; request < maxRequestsPerClient && System.nanoTime() < deadline; request++) {
                        long start = System.nanoTime();
                        String failure;
                        try {
                            int status = clients.get(index).call(connection);
                            failure = status >= 200 && status < 300 ? null : "HTTP " + status;
                        } catch (IOException | RuntimeException e) {
                            failure = e.getClass().getSimpleName();
                        }
                        long elapsed = System.nanoTime() - start;
                        if (failure == null) {
                            if (count == mine.length) {
                                mine = Arrays.copyOf(mine, count * 2);
                            }
                            mine[count++] = elapsed;
                        } else {
                            errors[index]++;
                            myKinds.merge(failure, 1, Integer::sum);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[index] = mine;
                    counts[index] = count;
                    done.countDown();
                }
            }, "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        window[0] = System.nanoTime();
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        done.await();
        double elapsed = (System.nanoTime() - window[0]) / 1e9;
        for (Thread thread : threads) {
            thread.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < n; i++) {
            System.arraycopy(latencies[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        Map<String, Integer> errorKinds = new TreeMap<>();
        kinds.forEach(k -> k.forEach((kind, c) -> errorKinds.merge(kind, c, Integer::sum)));
        return new Result(n, total, Arrays.stream(errors).sum(), errorKinds, elapsed, all);
    }
}

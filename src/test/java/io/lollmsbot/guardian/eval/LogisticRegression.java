package io.lollmsbot.guardian.eval;

import io.lollmsbot.guardian.control.InjectionModel;
import io.lollmsbot.guardian.control.NgramFeatures;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * L2-regularised logistic regression on {@link NgramFeatures}, trained by stochastic gradient descent in a fixed
 * order (seeded shuffles), so the same rows and seed always give the same weights. Each class weighs half of the
 * rows (balanced class weights), and within a class a row weighs {@code (rows of its source)^-}{@value #SOURCE_POWER}
 * (rescaled so the class keeps its weight): a large source of one style (775 Gandalf overrides) must not drown the
 * small ones (deepset's goal hijacks), as cross-validation on the dev rows showed.
 */
final class LogisticRegression {

    static final int EPOCHS = 60;
    static final double LEARNING_RATE = 0.5;
    static final double L2 = 1e-6;
    static final double SOURCE_POWER = 0.75;

    private LogisticRegression() {}

    static InjectionModel train(List<LabelledRow> rows, long seed) {
        String[] texts =
                rows.stream().map(row -> InjectionModel.normalize(row.text())).toArray(String[]::new);
        float[] idf = idf(texts);
        NgramFeatures.Vector[] xs = new NgramFeatures.Vector[rows.size()];
        double[] ys = new double[rows.size()];
        long positives = rows.stream().filter(LabelledRow::injection).count();
        double[] classWeight = {rows.size() / (2.0 * (rows.size() - positives)), rows.size() / (2.0 * positives)};
        for (int i = 0; i < xs.length; i++) {
            xs[i] = NgramFeatures.of(texts[i], 0, texts[i].length(), idf);
            ys[i] = rows.get(i).injection() ? 1 : 0;
        }
        double[] rowWeight = sourceWeights(rows);
        float[] w = new float[NgramFeatures.DIMENSION];
        double bias = 0;
        int[] order = new int[xs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            shuffle(order, random);
            double rate = LEARNING_RATE / (1 + 0.1 * epoch);
            for (int i : order) {
                NgramFeatures.Vector x = xs[i];
                double p = 1 / (1 + Math.exp(-(x.dot(w) + bias)));
                double g = (p - ys[i]) * classWeight[(int) ys[i]] * rowWeight[i];
                int[] index = x.index();
                float[] value = x.value();
                for (int k = 0; k < index.length; k++) {
                    w[index[k]] -= (float) (rate * g * value[k]);
                }
                bias -= rate * g;
            }
            float decay = (float) (1 - rate * L2 * xs.length);
            for (int j = 0; j < w.length; j++) {
                w[j] *= decay;
            }
        }
        return new InjectionModel(idf, w, (float) bias);
    }

    /** {@code size^-SOURCE_POWER} per row, scaled so that each class's weights sum to its row count. */
    private static double[] sourceWeights(List<LabelledRow> rows) {
        Map<String, Long> sizes =
                rows.stream().collect(Collectors.groupingBy(LabelledRow::source, Collectors.counting()));
        double[] weight = new double[rows.size()];
        double[] sum = new double[2];
        double[] count = new double[2];
        for (int i = 0; i < weight.length; i++) {
            int label = rows.get(i).injection() ? 1 : 0;
            weight[i] = Math.pow(sizes.get(rows.get(i).source()), -SOURCE_POWER);
            sum[label] += weight[i];
            count[label]++;
        }
        for (int i = 0; i < weight.length; i++) {
            int label = rows.get(i).injection() ? 1 : 0;
            weight[i] *= count[label] / sum[label];
        }
        return weight;
    }

    /** Smoothed inverse document frequency, {@code ln((1 + n) / (1 + df)) + 1}, as scikit-learn computes it. */
    private static float[] idf(String[] texts) {
        int[] df = new int[NgramFeatures.DIMENSION];
        for (String text : texts) {
            for (int bucket : NgramFeatures.of(text, 0, text.length(), null).index()) {
                df[bucket]++;
            }
        }
        float[] idf = new float[NgramFeatures.DIMENSION];
        for (int j = 0; j < idf.length; j++) {
            idf[j] = (float) (Math.log((1.0 + texts.length) / (1.0 + df[j])) + 1);
        }
        return idf;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}

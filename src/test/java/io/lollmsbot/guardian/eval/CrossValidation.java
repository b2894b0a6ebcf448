package io.lollmsbot.guardian.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Stratified k-fold cross-validation of the learned stage: every row is scored by a model trained on the other
 * folds, so no row is scored by a model that saw it. Folds and training are seeded, so results repeat exactly.
 */
final class CrossValidation {

    static final int FOLDS = 5;
    static final long SEED = 20261130L;

    private CrossValidation() {}

    /** Out-of-fold probabilities, in row order. */
    static double[] outOfFold(List<LabelledRow> rows) {
        return outOfFold(rows, null, 0);
    }

    /** Likewise for the joint model with sentence embeddings ({@link LogisticRegression#train(List, float[][], double, long)}). */
    static double[] outOfFold(List<LabelledRow> rows, float[][] embeddings, double scale) {
        int[] fold = folds(rows);
        double[] probability = new double[rows.size()];
        for (int f = 0; f < FOLDS; f++) {
            List<LabelledRow> train = new ArrayList<>();
            List<float[]> trainEmbeddings = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] != f) {
                    train.add(rows.get(i));
                    trainEmbeddings.add(embeddings == null ? null : embeddings[i]);
                }
            }
            LogisticRegression.Joint model = LogisticRegression.train(
                    train, embeddings == null ? null : trainEmbeddings.toArray(float[][]::new), scale, SEED + f);
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] == f) {
                    probability[i] = model.probability(rows.get(i).text(), embeddings == null ? null : embeddings[i]);
                }
            }
        }
        return probability;
    }

    /** Fold of each row: positives and negatives are shuffled apart and dealt round-robin. */
    static int[] folds(List<LabelledRow> rows) {
        Random random = new Random(SEED);
        int[] fold = new int[rows.size()];
        for (boolean label : new boolean[] {true, false}) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).injection() == label) {
                    members.add(i);
                }
            }
            java.util.Collections.shuffle(members, random);
            for (int k = 0; k < members.size(); k++) {
                fold[members.get(k)] = k % FOLDS;
            }
        }
        return fold;
    }
}

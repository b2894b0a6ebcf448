package io.lollmsbot.guardian.eval;

import io.lollmsbot.guardian.control.InjectionModel;
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
        int[] fold = folds(rows);
        double[] probability = new double[rows.size()];
        for (int f = 0; f < FOLDS; f++) {
            List<LabelledRow> train = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] != f) {
                    train.add(rows.get(i));
                }
            }
            InjectionModel model = LogisticRegression.train(train, SEED + f);
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] == f) {
                    probability[i] = model.probability(rows.get(i).text());
                }
            }
        }
        return probability;
    }

    /** Fold of each row: positives and negatives are shuffled apart and dealt round-robin. */
    private static int[] folds(List<LabelledRow> rows) {
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

package io.lollmsbot.guardian.eval;

import io.lollmsbot.guardian.control.GuardianEngine;
import io.lollmsbot.guardian.control.InjectionModel;
import io.lollmsbot.guardian.control.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the learned stage and writes the weights the build ships. The thresholds are chosen by
 * {@value CrossValidation#FOLDS}-fold cross-validation on the training rows, on the engine's combination with the
 * rules: the block threshold is the lowest whose cross-validated false-positive rate at BLOCK stays within
 * {@value #BLOCK_FPR}, the flag threshold the lowest within {@value #FLAG_FPR} at FLAG-or-BLOCK. Deterministic (fixed
 * seeds). Run with {@code mvn -q -Pguardian-train test-compile exec:java}; the thresholds it prints are the defaults
 * of {@link GuardianEngine} and of the settings.
 */
public final class InjectionModelTrainer {

    static final double BLOCK_FPR = 0.015;
    static final double FLAG_FPR = 0.03;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: InjectionModelTrainer <output.bin.gz> <rows.jsonl>...");
            System.exit(2);
        }
        List<LabelledRow> rows = new ArrayList<>();
        for (int a = 1; a < args.length; a++) {
            rows.addAll(LabelledRow.read(Path.of(args[a])));
        }
        double[] probability = CrossValidation.outOfFold(rows);
        GuardianEngine rules = GuardianEngine.rulesOnly();
        Verdict[] ruleVerdicts =
                rows.stream().map(row -> rules.scanInput(row.text()).verdict()).toArray(Verdict[]::new);
        double block = lowestThreshold(rows, ruleVerdicts, probability, Verdict.BLOCK, BLOCK_FPR);
        double flag = Math.min(block, lowestThreshold(rows, ruleVerdicts, probability, Verdict.FLAG, FLAG_FPR));
        System.out.printf(
                Locale.ROOT,
                "%d rows; cross-validated model AUC %.3f; thresholds: model flag=%.2f block=%.2f%n",
                rows.size(),
                auc(rows, probability),
                flag,
                block);
        System.out.println("  BLOCK, rules + model:         "
                + counts(rows, ruleVerdicts, probability, Verdict.BLOCK, block).line());
        System.out.println("  FLAG or BLOCK, rules + model: "
                + counts(rows, ruleVerdicts, probability, Verdict.FLAG, flag).line());
        InjectionModel model = LogisticRegression.train(rows, CrossValidation.SEED);
        Path output = Path.of(args[0]);
        try (OutputStream out = Files.newOutputStream(output)) {
            model.write(out);
        }
        System.out.println("wrote " + output + " (" + Files.size(output) + " bytes)");
    }

    /** Probability that a random injection row scores above a random benign row (ties count half). */
    static double auc(List<LabelledRow> rows, double[] probability) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < rows.size(); j++) {
                if (rows.get(i).injection() && !rows.get(j).injection()) {
                    wins += probability[i] > probability[j] ? 1 : probability[i] == probability[j] ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return wins / pairs;
    }

    private static double lowestThreshold(
            List<LabelledRow> rows, Verdict[] rules, double[] probability, Verdict level, double maxFpr) {
        for (int t = 5; t < 100; t++) {
            if (counts(rows, rules, probability, level, t / 100.0).falsePositiveRate() <= maxFpr) {
                return t / 100.0;
            }
        }
        return 0.99;
    }

    /** Positive when the rules reached {@code level} or the model's probability reached the threshold. */
    private static Counts counts(
            List<LabelledRow> rows, Verdict[] rules, double[] probability, Verdict level, double threshold) {
        Counts counts = new Counts(0, 0, 0, 0);
        for (int i = 0; i < rows.size(); i++) {
            boolean predicted = rules[i].ordinal() >= level.ordinal() || probability[i] >= threshold;
            counts = counts.add(rows.get(i).injection(), predicted);
        }
        return counts;
    }
}

package io.lollmsbot.guardian.eval;

import io.lollmsbot.guardian.control.GuardianEngine;
import io.lollmsbot.guardian.control.InjectionModel;
import io.lollmsbot.guardian.control.LearnedStage;
import io.lollmsbot.guardian.control.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Trains the learned stage and writes the weights the build ships. The first rows file is the dev set, the others
 * are extra public training rows. The thresholds are chosen by {@value CrossValidation#FOLDS}-fold cross-validation
 * on all training rows, on the engine's combination with the rules ({@link LearnedStage#raise}, so short texts are
 * only flagged by the model): the block threshold is the lowest whose cross-validated false-positive rate at BLOCK
 * stays within {@value #BLOCK_FPR} both on the dev rows and on all rows (the many easy benign extra rows must not
 * loosen it), the flag threshold the lowest within {@value #FLAG_FPR} at FLAG-or-BLOCK. Deterministic (fixed
 * seeds). Run with {@code mvn -q -Pguardian-train test-compile exec:java}; the thresholds it prints are the defaults
 * of {@link GuardianEngine} and of the settings.
 */
public final class InjectionModelTrainer {

    static final double BLOCK_FPR = 0.015;
    static final double FLAG_FPR = 0.03;
    /** Share of the rows a higher short-text block threshold may lose ({@link Scored#plateauEnd}). */
    static final double PLATEAU = 0.001;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: InjectionModelTrainer <output.bin.gz> <dev.jsonl> [extra.jsonl...]");
            System.exit(2);
        }
        List<LabelledRow> rows = new ArrayList<>(LabelledRow.read(Path.of(args[1])));
        int dev = rows.size();
        for (int a = 2; a < args.length; a++) {
            rows.addAll(LabelledRow.read(Path.of(args[a])));
        }
        Scored all = Scored.of(rows);
        Scored devRows = all.head(dev);
        double block = Math.max(
                devRows.lowestThreshold(Verdict.BLOCK, BLOCK_FPR), all.lowestThreshold(Verdict.BLOCK, BLOCK_FPR));
        double flag = Math.min(
                block,
                Math.max(devRows.lowestThreshold(Verdict.FLAG, FLAG_FPR), all.lowestThreshold(Verdict.FLAG, FLAG_FPR)));
        double shortBlock = all.plateauEnd(
                block,
                Math.max(devRows.lowestShortThreshold(block, BLOCK_FPR), all.lowestShortThreshold(block, BLOCK_FPR)));
        double flaggedBlock = all.flaggedPlateauEnd(
                block,
                shortBlock,
                Math.max(
                        devRows.lowestFlaggedThreshold(block, shortBlock, BLOCK_FPR),
                        all.lowestFlaggedThreshold(block, shortBlock, BLOCK_FPR)));
        System.out.printf(
                Locale.ROOT,
                "%d rows (%d dev); cross-validated model AUC %.3f (dev rows %.3f); thresholds: model flag=%.2f block=%.2f"
                        + " short-block=%.2f flagged-block=%.2f%n",
                rows.size(),
                dev,
                auc(rows, all.probability()),
                auc(devRows.rows(), devRows.probability()),
                flag,
                block,
                shortBlock,
                flaggedBlock);
        for (int t = 30; t <= 95; t += 5) {
            System.out.printf(
                    Locale.ROOT,
                    "  block at %.2f: dev %s | all %s%n",
                    t / 100.0,
                    devRows.counts(Verdict.BLOCK, t / 100.0).line(),
                    all.counts(Verdict.BLOCK, t / 100.0).line());
        }
        for (int t = (int) Math.round(block * 100); t <= 100; t += 5) {
            System.out.printf(
                    Locale.ROOT,
                    "  block at %.2f, short texts at %.2f: dev %s | all %s%n",
                    block,
                    t / 100.0,
                    devRows.counts(Verdict.BLOCK, block, t / 100.0).line(),
                    all.counts(Verdict.BLOCK, block, t / 100.0).line());
        }
        for (int t = 5; t <= (int) Math.round(block * 100); t += 5) {
            System.out.printf(
                    Locale.ROOT,
                    "  block at %.2f, short texts at %.2f, rule-flagged texts at %.2f: dev %s | all %s%n",
                    block,
                    shortBlock,
                    t / 100.0,
                    devRows.counts(Verdict.BLOCK, block, shortBlock, t / 100.0).line(),
                    all.counts(Verdict.BLOCK, block, shortBlock, t / 100.0).line());
        }
        System.out.println("  BLOCK, rules + model, dev rows:         "
                + devRows.counts(Verdict.BLOCK, block, shortBlock, flaggedBlock).line());
        System.out.println("  BLOCK, rules + model, all rows:         "
                + all.counts(Verdict.BLOCK, block, shortBlock, flaggedBlock).line());
        System.out.println("  FLAG or BLOCK, rules + model, dev rows: "
                + devRows.counts(Verdict.FLAG, flag).line());
        System.out.println("  FLAG or BLOCK, rules + model, all rows: "
                + all.counts(Verdict.FLAG, flag).line());
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

    /** Rows with their rule verdicts and cross-validated probabilities. */
    record Scored(List<LabelledRow> rows, Verdict[] rules, double[] probability) {

        static Scored of(List<LabelledRow> rows) {
            return of(rows, CrossValidation.outOfFold(rows));
        }

        static Scored of(List<LabelledRow> rows, double[] probability) {
            GuardianEngine engine = GuardianEngine.rulesOnly();
            return new Scored(
                    rows,
                    rows.stream()
                            .map(row -> engine.scanInput(row.text()).verdict())
                            .toArray(Verdict[]::new),
                    probability);
        }

        Scored head(int n) {
            return new Scored(rows.subList(0, n), Arrays.copyOf(rules, n), Arrays.copyOf(probability, n));
        }

        double lowestThreshold(Verdict level, double maxFpr) {
            for (int t = 5; t < 100; t++) {
                if (counts(level, t / 100.0).falsePositiveRate() <= maxFpr) {
                    return t / 100.0;
                }
            }
            return 0.99;
        }

        /** The lowest short-text block threshold that keeps the false-positive rate at BLOCK within {@code maxFpr}. */
        double lowestShortThreshold(double block, double maxFpr) {
            for (int t = (int) Math.round(block * 100); t < 100; t++) {
                if (counts(Verdict.BLOCK, block, t / 100.0).falsePositiveRate() <= maxFpr) {
                    return t / 100.0;
                }
            }
            return 1.0;
        }

        /**
         * The highest short-text block threshold that still finds all but {@value InjectionModelTrainer#PLATEAU} of the rows in injections found
         * at {@code lowest}: the training rows hold few short benign commands that name a target ("Show me the
         * instructions for the washing machine" scores 0.66), so the threshold goes as high as costs no recall.
         */
        double plateauEnd(double block, double lowest) {
            int found = counts(Verdict.BLOCK, block, lowest).tp();
            double end = lowest;
            for (int t = (int) Math.round(lowest * 100) + 1; t < 100; t++) {
                if (counts(Verdict.BLOCK, block, t / 100.0).tp() >= found - PLATEAU * rows.size()) {
                    end = t / 100.0;
                }
            }
            return end;
        }

        /**
         * The lowest block threshold for texts a rule flagged that keeps the false-positive rate at BLOCK within
         * {@code maxFpr}.
         */
        double lowestFlaggedThreshold(double block, double shortBlock, double maxFpr) {
            for (int t = 1; t < (int) Math.round(block * 100); t++) {
                if (counts(Verdict.BLOCK, block, shortBlock, t / 100.0).falsePositiveRate() <= maxFpr) {
                    return t / 100.0;
                }
            }
            return block;
        }

        /**
         * The highest block threshold for rule-flagged texts, at most {@code block}, that still finds all but
         * {@value InjectionModelTrainer#PLATEAU} of the rows in injections found at {@code lowest}: few benign
         * training rows are flagged by a rule, so the lowest threshold alone would rest on a handful of rows.
         */
        double flaggedPlateauEnd(double block, double shortBlock, double lowest) {
            int found = counts(Verdict.BLOCK, block, shortBlock, lowest).tp();
            double end = lowest;
            for (int t = (int) Math.round(lowest * 100) + 1; t <= (int) Math.round(block * 100); t++) {
                if (counts(Verdict.BLOCK, block, shortBlock, t / 100.0).tp() >= found - PLATEAU * rows.size()) {
                    end = t / 100.0;
                }
            }
            return end;
        }

        /** Positive when the engine's combination, with the model at this threshold, reaches {@code level}. */
        Counts counts(Verdict level, double threshold) {
            return counts(level, threshold, 1.0);
        }

        /** Likewise, with short texts blocked by the model from {@code shortBlock}. */
        Counts counts(Verdict level, double threshold, double shortBlock) {
            return counts(level, threshold, shortBlock, threshold);
        }

        /** Likewise, with texts a rule flagged blocked by the model from {@code flaggedBlock}. */
        Counts counts(Verdict level, double threshold, double shortBlock, double flaggedBlock) {
            LearnedStage stage = new LearnedStage(null, threshold, threshold, shortBlock, flaggedBlock);
            Counts counts = new Counts(0, 0, 0, 0);
            for (int i = 0; i < rows.size(); i++) {
                Verdict verdict = level == Verdict.FLAG
                        ? (rules[i] != Verdict.ALLOW || probability[i] >= threshold ? Verdict.FLAG : Verdict.ALLOW)
                        : stage.raise(rules[i], probability[i], rows.get(i).text());
                counts = counts.add(rows.get(i).injection(), verdict.ordinal() >= level.ordinal());
            }
            return counts;
        }
    }
}

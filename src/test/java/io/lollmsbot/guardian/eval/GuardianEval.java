package io.lollmsbot.guardian.eval;

import io.lollmsbot.guardian.control.GuardianEngine;
import io.lollmsbot.guardian.control.LearnedStage;
import io.lollmsbot.guardian.control.ScanResult;
import io.lollmsbot.guardian.control.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Measures the Guardian's input screening on a labelled JSONL file ({@link LabelledRow}); "injection" is the
 * positive class. Three stages are reported: the rules alone, the learned stage alone and both together (the
 * engine's combination), the learned stage scored by {@value CrossValidation#FOLDS}-fold cross-validation on the
 * file itself, so no row is scored by a model trained on it. Two views each: BLOCK (what the chat path rejects) and
 * FLAG-or-BLOCK (what it rejects or records), overall and per source. Thresholds are the engine's defaults.
 * Further files are extra training rows (the shipped model's other sources): they join the cross-validation folds,
 * so each evaluated row is scored by a model trained on the other folds of the file and of the extra rows, as the
 * shipped model is trained on both; "overall" counts the evaluated file only, the per-source lines count all rows.
 * Run with {@code mvn -q -Pguardian-eval test-compile exec:java}.
 */
public final class GuardianEval {

    record Outcome(LabelledRow row, Verdict verdict, List<String> rules, double probability) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: GuardianEval <file.jsonl> [extra-training.jsonl...]");
            System.exit(2);
        }
        List<LabelledRow> rows = new ArrayList<>(LabelledRow.read(Path.of(args[0])));
        int evaluated = rows.size();
        for (int a = 1; a < args.length; a++) {
            rows.addAll(LabelledRow.read(Path.of(args[a])));
        }
        GuardianEngine rules = GuardianEngine.rulesOnly();
        LearnedStage stage = GuardianEngine.shippedStage();
        double[] probability = CrossValidation.outOfFold(rows);
        List<Outcome> ruleOutcomes = new ArrayList<>();
        List<Outcome> modelOutcomes = new ArrayList<>();
        List<Outcome> combined = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LabelledRow row = rows.get(i);
            ScanResult scan = rules.scanInput(row.text());
            ruleOutcomes.add(new Outcome(row, scan.verdict(), scan.rules(), probability[i]));
            modelOutcomes.add(new Outcome(
                    row, stage.raise(Verdict.ALLOW, probability[i], row.text()), List.of(), probability[i]));
            combined.add(new Outcome(
                    row, stage.raise(scan.verdict(), probability[i], row.text()), scan.rules(), probability[i]));
        }
        System.out.printf(
                Locale.ROOT,
                "Guardian evaluation of %s (%d rows, %d extra training rows), rule thresholds flag=%.2f block=%.2f, "
                        + "model thresholds flag=%.2f block=%.2f short-block=%.2f flagged-block=%.2f, model scored by %d-fold "
                        + "cross-validation%n",
                args[0],
                evaluated,
                rows.size() - evaluated,
                GuardianEngine.DEFAULT_FLAG_THRESHOLD,
                GuardianEngine.DEFAULT_BLOCK_THRESHOLD,
                stage.flagThreshold(),
                stage.blockThreshold(),
                stage.shortBlockThreshold(),
                stage.flaggedBlockThreshold(),
                CrossValidation.FOLDS);
        for (boolean blockOnly : new boolean[] {true, false}) {
            Predicate<Verdict> positive = blockOnly ? v -> v == Verdict.BLOCK : v -> v != Verdict.ALLOW;
            String view = blockOnly ? "BLOCK" : "FLAG or BLOCK";
            report(view + ", rules", ruleOutcomes, evaluated, positive, false);
            report(view + ", model (cross-validated)", modelOutcomes, evaluated, positive, false);
            report(view + ", rules + model (cross-validated)", combined, evaluated, positive, true);
        }
    }

    private static void report(
            String view, List<Outcome> outcomes, int evaluated, Predicate<Verdict> positive, boolean misclassified) {
        System.out.printf("%n== positive = %s ==%n", view);
        System.out.println(
                "overall  " + counts(outcomes.subList(0, evaluated), positive).line());
        Map<String, List<Outcome>> bySource = new TreeMap<>();
        outcomes.forEach(o -> bySource.computeIfAbsent(o.row().source(), s -> new ArrayList<>())
                .add(o));
        bySource.forEach((source, subset) ->
                System.out.println("  " + counts(subset, positive).line() + "  " + source));
        if (!misclassified) {
            return;
        }
        List<String> falsePositives = new ArrayList<>();
        List<String> falseNegatives = new ArrayList<>();
        for (Outcome o : outcomes.subList(0, evaluated)) {
            boolean predicted = positive.test(o.verdict());
            String line = String.format(
                    Locale.ROOT,
                    "%s p=%.2f%s",
                    o.row().id(),
                    o.probability(),
                    o.rules().isEmpty() ? "" : " " + o.rules());
            if (predicted && !o.row().injection()) {
                falsePositives.add(line);
            } else if (!predicted && o.row().injection()) {
                falseNegatives.add(line);
            }
        }
        System.out.println("false positives (" + falsePositives.size() + "):");
        falsePositives.forEach(line -> System.out.println("  " + line));
        System.out.println("false negatives (" + falseNegatives.size() + "):");
        falseNegatives.forEach(line -> System.out.println("  " + line));
    }

    private static Counts counts(List<Outcome> outcomes, Predicate<Verdict> positive) {
        Counts counts = new Counts(0, 0, 0, 0);
        for (Outcome o : outcomes) {
            counts = counts.add(o.row().injection(), positive.test(o.verdict()));
        }
        return counts;
    }
}

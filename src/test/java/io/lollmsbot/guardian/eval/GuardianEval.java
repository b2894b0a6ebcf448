package io.lollmsbot.guardian.eval;

import io.lollmsbot.guardian.control.GuardianEngine;
import io.lollmsbot.guardian.control.ScanResult;
import io.lollmsbot.guardian.control.Verdict;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Measures the Guardian's input screening on a labelled JSONL file ({@code {"id","text","label","source"}}, label
 * {@code injection|benign}). "injection" is the positive class. Two views are reported: BLOCK (what the chat path
 * rejects) and FLAG-or-BLOCK (what it rejects or records). Run with {@code mvn -q -Pguardian-eval test-compile exec:java}.
 */
public final class GuardianEval {

    record Row(String id, String text, boolean injection, String source) {
    }

    record Outcome(Row row, ScanResult result) {
    }

    /** Confusion counts for one view on a subset of rows. */
    record Counts(int tp, int fp, int fn, int tn) {

        static Counts of(List<Outcome> outcomes, Predicate<Verdict> positive) {
            int tp = 0, fp = 0, fn = 0, tn = 0;
            for (Outcome o : outcomes) {
                boolean predicted = positive.test(o.result().verdict());
                if (o.row().injection()) {
                    if (predicted) tp++; else fn++;
                } else {
                    if (predicted) fp++; else tn++;
                }
            }
            return new Counts(tp, fp, fn, tn);
        }

        String line() {
            double precision = ratio(tp, tp + fp);
            double recall = ratio(tp, tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            return String.format(Locale.ROOT, "n=%4d  P=%s  R=%s  F1=%s  FPR=%s  (tp=%d fp=%d fn=%d tn=%d)",
                    tp + fp + fn + tn, fmt(precision, tp + fp), fmt(recall, tp + fn), fmt(f1, tp + fp + fn),
                    fmt(ratio(fp, fp + tn), fp + tn), tp, fp, fn, tn);
        }

        private static double ratio(int a, int b) {
            return b == 0 ? 0 : (double) a / b;
        }

        private static String fmt(double value, int denominator) {
            return denominator == 0 ? "  n/a" : String.format(Locale.ROOT, "%.3f", value);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: GuardianEval <file.jsonl>");
            System.exit(2);
        }
        GuardianEngine engine = new GuardianEngine();
        List<Outcome> outcomes = read(Path.of(args[0])).stream()
                .map(row -> new Outcome(row, engine.scanInput(row.text())))
                .toList();
        System.out.printf(Locale.ROOT, "Guardian evaluation of %s (%d rows), thresholds flag=%.2f block=%.2f%n",
                args[0], outcomes.size(), GuardianEngine.DEFAULT_FLAG_THRESHOLD, GuardianEngine.DEFAULT_BLOCK_THRESHOLD);
        report("BLOCK", outcomes, v -> v == Verdict.BLOCK);
        report("FLAG or BLOCK", outcomes, v -> v != Verdict.ALLOW);
    }

    private static void report(String view, List<Outcome> outcomes, Predicate<Verdict> positive) {
        System.out.printf("%n== positive = %s ==%n", view);
        System.out.println("overall  " + Counts.of(outcomes, positive).line());
        Map<String, List<Outcome>> bySource = new TreeMap<>();
        outcomes.forEach(o -> bySource.computeIfAbsent(o.row().source(), s -> new ArrayList<>()).add(o));
        bySource.forEach((source, subset) -> System.out.println("  " + Counts.of(subset, positive).line() + "  " + source));
        List<String> falsePositives = new ArrayList<>();
        List<String> falseNegatives = new ArrayList<>();
        for (Outcome o : outcomes) {
            boolean predicted = positive.test(o.result().verdict());
            if (predicted && !o.row().injection()) {
                falsePositives.add(o.row().id() + " " + o.result().rules());
            } else if (!predicted && o.row().injection()) {
                falseNegatives.add(o.row().id() + (o.result().rules().isEmpty() ? "" : " " + o.result().rules()));
            }
        }
        System.out.println("false positives (" + falsePositives.size() + "):");
        falsePositives.forEach(line -> System.out.println("  " + line));
        System.out.println("false negatives (" + falseNegatives.size() + "):");
        falseNegatives.forEach(line -> System.out.println("  " + line));
    }

    private static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                JsonObject json = reader.readObject();
                rows.add(new Row(json.getString("id"), json.getString("text"),
                        "injection".equals(json.getString("label")), json.getString("source", "")));
            }
        }
        return rows;
    }
}

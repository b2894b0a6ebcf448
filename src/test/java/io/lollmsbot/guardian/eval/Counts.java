package io.lollmsbot.guardian.eval;

import java.util.Locale;

/** Confusion counts of one view on a subset of rows; "injection" is the positive class. */
record Counts(int tp, int fp, int fn, int tn) {

    Counts add(boolean injection, boolean predicted) {
        if (injection) {
            return predicted ? new Counts(tp + 1, fp, fn, tn) : new Counts(tp, fp, fn + 1, tn);
        }
        return predicted ? new Counts(tp, fp + 1, fn, tn) : new Counts(tp, fp, fn, tn + 1);
    }

    double precision() {
        return ratio(tp, tp + fp);
    }

    double recall() {
        return ratio(tp, tp + fn);
    }

    double falsePositiveRate() {
        return ratio(fp, fp + tn);
    }

    String line() {
        double precision = precision();
        double recall = recall();
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return String.format(
                Locale.ROOT,
                "n=%4d  P=%s  R=%s  F1=%s  FPR=%s  (tp=%d fp=%d fn=%d tn=%d)",
                tp + fp + fn + tn,
                fmt(precision, tp + fp),
                fmt(recall, tp + fn),
                fmt(f1, tp + fp + fn),
                fmt(falsePositiveRate(), fp + tn),
                tp,
                fp,
                fn,
                tn);
    }

    private static double ratio(int a, int b) {
        return b == 0 ? 0 : (double) a / b;
    }

    private static String fmt(double value, int denominator) {
        return denominator == 0 ? "  n/a" : String.format(Locale.ROOT, "%.3f", value);
    }
}

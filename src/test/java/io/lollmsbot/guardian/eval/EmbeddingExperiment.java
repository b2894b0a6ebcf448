package io.lollmsbot.guardian.eval;

import io.lollmsbot.guardian.control.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class EmbeddingExperiment {
    public static void main(String[] args) throws Exception {
        List<LabelledRow> rows = new ArrayList<>(LabelledRow.read(Path.of(args[1])));
        int dev = rows.size();
        for (int a = 2; a < args.length; a++) rows.addAll(LabelledRow.read(Path.of(args[a])));
        float[][] e = RowEmbeddings.of(rows, Path.of(args[0]));
        double[] ng = CrossValidation.outOfFold(rows);
        for (double l2 : new double[] {1e-4, 1e-3}) {
            double[] em = denseOutOfFold(rows, e, l2);
            report(-1, rows, dev, em);
            for (double beta : new double[] {0.25, 0.5, 1.0}) {
                double[] p = new double[rows.size()];
                for (int i = 0; i < p.length; i++) {
                    p[i] = 1 / (1 + Math.exp(-(logit(ng[i]) + beta * logit(em[i]))));
                }
                System.out.println("l2 " + l2 + " beta " + beta);
                report(beta, rows, dev, p);
            }
        }
    }

    static double logit(double p) {
        double q = Math.min(1 - 1e-9, Math.max(1e-9, p));
        return Math.log(q / (1 - q));
    }

    static double[] denseOutOfFold(List<LabelledRow> rows, float[][] e, double l2) {
        int[] fold = CrossValidation.folds(rows);
        double[] out = new double[rows.size()];
        for (int f = 0; f < CrossValidation.FOLDS; f++) {
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) if (fold[i] != f) train.add(i);
            long pos = train.stream().filter(i -> rows.get(i).injection()).count();
            double[] cw = {train.size() / (2.0 * (train.size() - pos)), train.size() / (2.0 * pos)};
            double[] v = new double[e[0].length];
            double b = 0;
            java.util.Random random = new java.util.Random(CrossValidation.SEED + f);
            for (int epoch = 0; epoch < 60; epoch++) {
                java.util.Collections.shuffle(train, random);
                double rate = 0.5 / (1 + 0.1 * epoch);
                for (int i : train) {
                    double z = b;
                    for (int d = 0; d < v.length; d++) z += v[d] * e[i][d];
                    double y = rows.get(i).injection() ? 1 : 0;
                    double g = (1 / (1 + Math.exp(-z)) - y) * cw[(int) y];
                    for (int d = 0; d < v.length; d++) v[d] -= rate * (g * e[i][d] + l2 * v[d]);
                    b -= rate * g;
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                if (fold[i] == f) {
                    double z = b;
                    for (int d = 0; d < v.length; d++) z += v[d] * e[i][d];
                    out[i] = 1 / (1 + Math.exp(-z));
                }
            }
        }
        return out;
    }

    static void report(double scale, List<LabelledRow> rows, int dev, double[] p) {
        InjectionModelTrainer.Scored all = InjectionModelTrainer.Scored.of(rows, p);
        InjectionModelTrainer.Scored devRows = all.head(dev);
        double block =
                Math.max(devRows.lowestThreshold(Verdict.BLOCK, 0.015), all.lowestThreshold(Verdict.BLOCK, 0.015));
        double flag = Math.min(
                block, Math.max(devRows.lowestThreshold(Verdict.FLAG, 0.03), all.lowestThreshold(Verdict.FLAG, 0.03)));
        double shortBlock = all.plateauEnd(
                block, Math.max(devRows.lowestShortThreshold(block, 0.015), all.lowestShortThreshold(block, 0.015)));
        System.out.printf(
                Locale.ROOT,
                "scale %.1f: AUC all %.3f dev %.3f; flag %.2f block %.2f short %.2f%n",
                scale,
                InjectionModelTrainer.auc(rows, p),
                InjectionModelTrainer.auc(devRows.rows(), devRows.probability()),
                flag,
                block,
                shortBlock);
        System.out.println("  BLOCK dev: "
                + devRows.counts(Verdict.BLOCK, block, shortBlock).line());
        System.out.println(
                "  BLOCK all: " + all.counts(Verdict.BLOCK, block, shortBlock).line());
        System.out.println("  FLAG  dev: " + devRows.counts(Verdict.FLAG, flag).line());
        System.out.println("  FLAG  all: " + all.counts(Verdict.FLAG, flag).line());
    }
}

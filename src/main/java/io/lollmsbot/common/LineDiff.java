package io.lollmsbot.common;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff by longest common subsequence: every line of both texts once, as kept, removed or added. Shared by the
 * version histories that show what changed (the Soul's persona, a skill's definition), with the one answer they give.
 */
public final class LineDiff {

    /** Past this many lines on one side the texts are shown as all removed and all added (the table stays small). */
    static final int MAX_LINES = 2_000;

    public enum Op {
        KEEP(" "),
        REMOVE("-"),
        ADD("+");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    public record Line(Op op, String text) {}

    /** One line of the answer: {@code op} is {@code " "} (kept), {@code "-"} (removed) or {@code "+"} (added). */
    public record DiffLine(String op, String text) {}

    /** The answer of a diff endpoint: what changed from version {@code from} to version {@code to}, line by line. */
    public record DiffView(int from, int to, int added, int removed, List<DiffLine> lines) {

        public static DiffView of(int from, String before, int to, String after) {
            List<DiffLine> lines = LineDiff.of(before, after).stream()
                    .map(line -> new DiffLine(line.op().symbol, line.text()))
                    .toList();
            return new DiffView(from, to, count(lines, Op.ADD), count(lines, Op.REMOVE), lines);
        }

        private static int count(List<DiffLine> lines, Op op) {
            return (int)
                    lines.stream().filter(line -> line.op().equals(op.symbol)).count();
        }
    }

    private LineDiff() {}

    public static List<Line> of(String before, String after) {
        String[] a = before.replace("\r\n", "\n").split("\n", -1);
        String[] b = after.replace("\r\n", "\n").split("\n", -1);
        List<Line> out = new ArrayList<>();
        if (a.length > MAX_LINES || b.length > MAX_LINES) {
            for (String line : a) {
                out.add(new Line(Op.REMOVE, line));
            }
            for (String line : b) {
                out.add(new Line(Op.ADD, line));
            }
            return out;
        }
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] =
                        a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                out.add(new Line(Op.KEEP, a[i++]));
                j++;
            } else if (j < b.length && (i == a.length || common[i][j + 1] >= common[i + 1][j])) {
                out.add(new Line(Op.ADD, b[j++]));
            } else {
                out.add(new Line(Op.REMOVE, a[i++]));
            }
        }
        return out;
    }
}

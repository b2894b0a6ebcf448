package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void theDiffKeepsCommonLinesAndShowsChanges() {
        List<LineDiff.Line> diff = LineDiff.of("a\nb\nc", "a\nB\nc\nd");
        assertEquals(
                List.of(
                        new LineDiff.Line(LineDiff.Op.KEEP, "a"),
                        new LineDiff.Line(LineDiff.Op.ADD, "B"),
                        new LineDiff.Line(LineDiff.Op.REMOVE, "b"),
                        new LineDiff.Line(LineDiff.Op.KEEP, "c"),
                        new LineDiff.Line(LineDiff.Op.ADD, "d")),
                diff);
    }

    @Test
    void theViewMarksEachLineAndCountsTheChanges() {
        LineDiff.DiffView view = LineDiff.DiffView.of(2, "a\r\nb\nc", 5, "a\nB\nc\nd");
        assertEquals(2, view.from());
        assertEquals(5, view.to());
        assertEquals(2, view.added());
        assertEquals(1, view.removed());
        assertEquals(
                List.of(
                        new LineDiff.DiffLine(" ", "a"),
                        new LineDiff.DiffLine("+", "B"),
                        new LineDiff.DiffLine("-", "b"),
                        new LineDiff.DiffLine(" ", "c"),
                        new LineDiff.DiffLine("+", "d")),
                view.lines());
    }

    @Test
    void textsLongerThanTheLimitAreShownAsReplacedWhole() {
        String longText = "x\n".repeat(LineDiff.MAX_LINES + 1);
        LineDiff.DiffView view = LineDiff.DiffView.of(1, longText, 2, "y");
        assertEquals(1, view.added());
        assertEquals(LineDiff.MAX_LINES + 2, view.removed());
    }
}

package io.lollmsbot.guardian.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

final class EmbedRows {
    public static void main(String[] args) throws Exception {
        List<LabelledRow> rows = new ArrayList<>();
        for (int a = 1; a < args.length; a++) rows.addAll(LabelledRow.read(Path.of(args[a])));
        RowEmbeddings.of(rows, Path.of(args[0]));
    }
}

package io.lollmsbot.guardian.eval;

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

/** One row of a labelled JSONL file ({@code {"id","text","label","source"}}, label {@code injection|benign}). */
public record LabelledRow(String id, String text, boolean injection, String source) {

    public static List<LabelledRow> read(Path file) throws IOException {
        List<LabelledRow> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                JsonObject json = reader.readObject();
                rows.add(new LabelledRow(
                        json.getString("id"),
                        json.getString("text"),
                        "injection".equals(json.getString("label")),
                        json.getString("source", "")));
            }
        }
        return rows;
    }
}

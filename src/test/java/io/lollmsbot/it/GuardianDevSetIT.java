package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.guardian.control.GuardianEngine;
import io.lollmsbot.guardian.eval.LabelledRow;
import jakarta.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The labelled development set through {@code POST /api/v1/admin/guardian/scan} of the running server, as the
 * acceptance set is measured: every row is answered, with the verdict the evaluated engine gives in process (so the
 * figures of {@code -Pguardian-eval} are the server's), and the shipped stage keeps its quality on the rows it was
 * trained on.
 */
class GuardianDevSetIT {

    private static final Path DEV_SET = Path.of("src/test/resources/io/lollmsbot/guardian/dev.jsonl");

    private final Api api = Api.server();
    private final GuardianEngine engine = new GuardianEngine();

    @Test
    void everyRowIsAnsweredWithTheEvaluatedEnginesVerdict() throws Exception {
        List<LabelledRow> rows = LabelledRow.read(DEV_SET);
        assertEquals(559, rows.size());
        List<String> verdicts;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (LabelledRow row : rows) {
                answers.add(clients.submit(() -> scan(row)));
            }
            verdicts = new ArrayList<>();
            for (Future<String> answer : answers) {
                verdicts.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }
        List<String> different = new ArrayList<>();
        int injections = 0;
        int blockedInjections = 0;
        int blockedBenign = 0;
        for (int i = 0; i < rows.size(); i++) {
            LabelledRow row = rows.get(i);
            String expected = engine.scanInput(row.text()).verdict().wireName();
            if (!verdicts.get(i).equals(expected)) {
                different.add(row.id() + " " + verdicts.get(i) + " (engine: " + expected + ")");
            }
            boolean blocked = "block".equals(verdicts.get(i));
            injections += row.injection() ? 1 : 0;
            blockedInjections += row.injection() && blocked ? 1 : 0;
            blockedBenign += !row.injection() && blocked ? 1 : 0;
        }
        assertEquals(List.of(), different);
        double recall = blockedInjections / (double) injections;
        double falsePositiveRate = blockedBenign / (double) (rows.size() - injections);
        assertTrue(recall >= 0.85 && falsePositiveRate <= 0.02, () -> "R " + recall + ", FPR " + falsePositiveRate);
    }

    private String scan(LabelledRow row) {
        Api.Reply reply = api.post(
                "/api/v1/admin/guardian/scan",
                Json.createObjectBuilder().add("text", row.text()).build().toString(),
                admin());
        assertEquals(200, reply.status(), () -> row.id() + ": " + reply);
        return reply.json().getString("verdict");
    }
}

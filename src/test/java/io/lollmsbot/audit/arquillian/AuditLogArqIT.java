package io.lollmsbot.audit.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.arquillian.PillarArchives;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEntry;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.RequestIds;
import io.lollmsbot.common.SecretFiles;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The audit log itself, inside the running Liberty: appends stay one linked chain, also when they race. */
@ExtendWith(ArquillianExtension.class)
class AuditLogArqIT {

    @Deployment
    static WebArchive deployment() {
        return PillarArchives.withPersistence("audit")
                .addPackage(AuditLog.class.getPackage())
                .addPackage(AuditEntry.class.getPackage())
                .addClass(SecretFiles.class);
    }

    @Inject
    AuditLog audit;

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource database;

    private record Row(long id, String actor, String prevHash, String rowHash, String requestId) {}

    @Test
    void anAppendLinksToTheRowBeforeItAndCarriesTheRequestId() throws SQLException {
        String actor = "audit-arq-" + UUID.randomUUID();
        long before = lastId();
        RequestIds.bind("audit-arq-request");
        try {
            audit.record(AuditEvent.of(actor, "arq.appended", "chain"));
        } finally {
            RequestIds.unbind();
        }

        List<Row> rows = rowsFrom(before);
        Row appended = rows.get(rows.size() - 1);
        assertEquals(actor, appended.actor());
        assertEquals("audit-arq-request", appended.requestId());
        assertEquals(rows.size() > 1 ? rows.get(rows.size() - 2).rowHash() : appended.prevHash(), appended.prevHash());
        AuditEntry stored =
                audit.search(new AuditLog.Query(null, "arq.appended", actor, 1)).get(0);
        assertTrue(stored.keyed(), "rows are keyed (HMAC) since issue 14");
        assertEquals(appended.rowHash(), stored.rowHash());
        assertTrue(stored.seq() > 0);
    }

    @Test
    void latestAndCountSeeWhatWasRecorded() {
        String actor = "audit-arq-" + UUID.randomUUID();
        Instant since = Instant.now().minusSeconds(60);
        audit.record(AuditEvent.of(actor, "arq.counted", actor));
        audit.record(AuditEvent.of(actor, "arq.counted", actor));

        assertEquals(2, audit.count(actor, "arq.counted", since));
        assertTrue(audit.latest("arq.counted", actor).orElseThrow().isAfter(since));
        assertTrue(audit.latest("arq.never", actor).isEmpty());
    }

    private long lastId() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM audit_log");
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The row at {@code afterId} (when there is one) and every row after it, in chain order. */
    private List<Row> rowsFrom(long afterId) throws SQLException {
        List<Row> found = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id, actor, prev_hash, row_hash, request_id FROM audit_log WHERE id >= ? ORDER BY id")) {
            query.setLong(1, afterId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    found.add(new Row(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5)));
                }
            }
        }
        return found;
    }
}

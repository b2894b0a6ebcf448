package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an attacker with database access would do to the audit log, each reported by {@code /api/v1/admin/audit/verify}
 * (and put back afterwards, so the chain stays valid for the other tests); and the identity events now audited.
 */
class AuditIntegrityIT {

    private static final String VERIFY = "/api/v1/admin/audit/verify";
    private final Api api = Api.server();

    @Test
    void editingARowAndRecomputingTheLaterHashesIsReported() throws Exception {
        appendSomeRows(3);
        assertValid(verify(""));
        try (Connection db = ItDatabase.superuser();
                Statement sql = db.createStatement()) {
            List<Long> newest = newestIds(db, 3);
            long edited = newest.get(0);
            sql.execute("CREATE TEMP TABLE saved AS SELECT * FROM audit_log WHERE id >= " + edited);
            try {
                // without the key, the best an attacker can do is a plain SHA-256 chain from the edited row on
                sql.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = " + edited);
                String prev = stringOf(db, "SELECT prev_hash FROM audit_log WHERE id = " + edited);
                for (long id : newest) {
                    String forged = sha256(prev + "|forged|" + id);
                    sql.execute("UPDATE audit_log SET prev_hash = '" + prev + "', row_hash = '" + forged
                            + "' WHERE id = " + id);
                    prev = forged;
                }
                JsonObject broken = verify("");
                assertFalse(broken.getBoolean("valid"), broken::toString);
                assertEquals(edited, broken.getJsonNumber("firstBrokenId").longValue(), broken::toString);
                assertTrue(broken.getString("reason").contains("HMAC"), broken::toString);
            } finally {
                sql.execute("DELETE FROM audit_log WHERE id >= " + edited);
                sql.execute("INSERT INTO audit_log SELECT * FROM saved");
            }
        }
        assertValid(verify(""));
    }

    @Test
    void deletingTheNewestRowsIsReportedAgainstTheStoredAndTheKeptAnchor() throws Exception {
        appendSomeRows(2);
        JsonObject anchor =
                api.post("/api/v1/admin/audit/checkpoint", "", admin()).json();
        String kept = "?seq=" + anchor.getJsonNumber("seq").longValue() + "&rowHash=" + anchor.getString("rowHash");
        assertValid(verify(kept));
        try (Connection db = ItDatabase.superuser();
                Statement sql = db.createStatement()) {
            long firstDeleted = newestIds(db, 2).get(0);
            sql.execute("CREATE TEMP TABLE saved_rows AS SELECT * FROM audit_log WHERE id >= " + firstDeleted);
            sql.execute("CREATE TEMP TABLE saved_anchors AS SELECT * FROM audit_anchors WHERE seq >= "
                    + "(SELECT min(seq) FROM saved_rows)");
            try {
                sql.execute("DELETE FROM audit_log WHERE id >= " + firstDeleted);
                JsonObject truncated = verify("");
                assertFalse(truncated.getBoolean("valid"), truncated::toString);
                assertTrue(truncated.getString("reason").contains("deleted from the end"), truncated::toString);

                // an attacker who also deletes the stored anchors is still caught by the anchor a verifier kept
                sql.execute("DELETE FROM audit_anchors WHERE id IN (SELECT id FROM saved_anchors)");
                JsonObject againstKept = verify(kept);
                assertFalse(againstKept.getBoolean("valid"), againstKept::toString);
                assertTrue(againstKept.getString("reason").contains("deleted from the end"), againstKept::toString);
            } finally {
                // a login recorded meanwhile (an expired credential cache) went onto the cut chain: drop it too
                sql.execute("DELETE FROM audit_log WHERE id >= " + firstDeleted);
                sql.execute("INSERT INTO audit_log SELECT * FROM saved_rows");
                sql.execute("INSERT INTO audit_anchors SELECT * FROM saved_anchors");
            }
        }
        assertValid(verify(kept));
    }

    @Test
    void deletingAPrefixBehindAFakedCheckpointIsReported() throws Exception {
        appendSomeRows(2);
        try (Connection db = ItDatabase.superuser();
                Statement sql = db.createStatement()) {
            long oldest = longOf(db, "SELECT min(id) FROM audit_log");
            long next = longOf(db, "SELECT min(id) FROM audit_log WHERE id > " + oldest);
            sql.execute("CREATE TEMP TABLE saved_prefix AS SELECT * FROM audit_log WHERE id = " + oldest);
            try {
                sql.execute("DELETE FROM audit_log WHERE id = " + oldest);
                for (String mac : new String[] {"NULL", "'" + "1".repeat(64) + "'"}) {
                    long fake = longOf(
                            db,
                            "INSERT INTO audit_checkpoints (last_id, last_seq, row_hash, deleted_rows, mac) "
                                    + "SELECT id, seq, row_hash, 1, " + mac + " FROM saved_prefix RETURNING id");
                    try {
                        JsonObject broken = verify("");
                        assertFalse(broken.getBoolean("valid"), broken::toString);
                        if (mac.equals("NULL")) {
                            // like a checkpoint of an earlier version: the keyed rows after it lack their marker
                            assertEquals(
                                    next, broken.getJsonNumber("firstBrokenId").longValue(), broken::toString);
                        } else {
                            assertTrue(broken.getString("reason").contains("checkpoint"), broken::toString);
                        }
                    } finally {
                        sql.execute("DELETE FROM audit_checkpoints WHERE id = " + fake);
                    }
                }
            } finally {
                sql.execute("INSERT INTO audit_log SELECT * FROM saved_prefix");
            }
        }
        assertValid(verify(""));
    }

    @Test
    void verifyRefusesAHalfOrMalformedAnchor() {
        for (String query : List.of(
                "?seq=1", "?rowHash=" + "a".repeat(64), "?seq=-1&rowHash=" + "a".repeat(64), "?seq=1&rowHash=xyz")) {
            ProblemAssertions.assertProblem(api.get(VERIFY + query, admin()), 400);
        }
    }

    @Test
    void loginsFailedLoginsTokensAndPasswordChangesAreAuditedWithoutSecrets() {
        String user = api.createUser("audited", "user");
        String password = Api.passwordOf(user);
        assertEquals(200, api.get("/api/v1/me", basic(user, password)).status());
        assertEquals(200, api.get("/api/v1/me", basic(user, password)).status());
        assertEquals(1, events(user, "auth.login").size(), "a cached Basic verification is not a new login");

        assertEquals(
                401, api.get("/api/v1/me", basic(user, "Wrong-" + password)).status());
        assertEquals(1, events(user, "auth.login.failed").size());
        String unknown = "nobody-" + UUID.randomUUID();
        assertEquals(
                401, api.get("/api/v1/me", basic(unknown, "Typed-Secret-1")).status());
        JsonObject unknownRow = api
                .get("/api/v1/admin/audit?type=auth.login.failed&limit=20", admin())
                .jsonArray()
                .getValuesAs(JsonObject.class)
                .stream()
                .filter(row -> sha256(unknown).equals(row.getString("contentHash", null)))
                .findFirst()
                .orElseThrow();
        assertEquals("unknown-user", unknownRow.getString("target"));

        JsonObject token = api.post("/api/v1/me/tokens", "{\"name\":\"audited\"}", basic(user, password))
                .json();
        String tokenId = token.getString("id");
        assertEquals(
                200, api.get("/api/v1/me", bearer(token.getString("token"))).status());
        assertEquals(
                204,
                api.delete("/api/v1/me/tokens/" + tokenId, basic(user, password))
                        .status());
        assertEquals(user + "/" + tokenId, events(user, "token.issued").get(0).getString("target"));
        assertEquals(user + "/" + tokenId, events(user, "token.revoked").get(0).getString("target"));
        assertTrue(
                events(user, "auth.login").stream()
                        .anyMatch(e -> e.getString("target").equals("token/" + tokenId)),
                "a fresh token verification is a login");

        String newPassword = "New-" + password;
        String change =
                Json.createObjectBuilder().add("password", newPassword).build().toString();
        assertEquals(
                200, api.put("/api/v1/admin/users/" + user, change, admin()).status());
        assertEquals("admin", events(user, "user.password.changed").get(0).getString("actor"));

        String everything = api.get("/api/v1/admin/audit?limit=1000", admin()).body();
        for (String secret : List.of(password, newPassword, token.getString("token"), "Typed-Secret-1", unknown)) {
            assertFalse(everything.contains(secret), "the audit log never holds a password, token or unknown name");
        }
    }

    private List<JsonObject> events(String user, String type) {
        return api.get("/api/v1/admin/audit?type=" + type + "&user=" + user + "&limit=50", admin())
                .jsonArray()
                .getValuesAs(JsonObject.class);
    }

    private JsonObject verify(String query) {
        Api.Reply reply = api.get(VERIFY + query, admin());
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private static void assertValid(JsonObject verification) {
        assertTrue(verification.getBoolean("valid"), verification::toString);
    }

    private void appendSomeRows(int rows) {
        for (int i = 0; i < rows; i++) {
            String body = Json.createObjectBuilder()
                    .add("text", "audit integrity " + i)
                    .build()
                    .toString();
            assertEquals(
                    200, api.post("/api/v1/admin/guardian/scan", body, admin()).status());
        }
    }

    /** The ids of the newest rows, oldest of them first. */
    private static List<Long> newestIds(Connection db, int rows) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement(
                "SELECT id FROM (SELECT id FROM audit_log ORDER BY id DESC LIMIT ?) n ORDER BY id")) {
            query.setInt(1, rows);
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    ids.add(found.getLong(1));
                }
            }
        }
        return ids;
    }

    private static long longOf(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getLong(1);
        }
    }

    private static String stringOf(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            assertTrue(row.next(), sql);
            return row.getString(1);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.lollmsbot.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The benchmark's results as Markdown. */
final class Report {

    record Level(int clients, LoadRun.Result chat, LoadRun.Result direct, double libertyCpuMillis,
                 double postgresCpuMillis, double clientCpuMillis, long maxRssKiB, String profiler,
                 double transactionsPerTurn, double walSyncsPerTurn, double walBytesPerTurn, double rowUpdatesPerTurn,
                 double hotUpdatesPerTurn, Map<String, Double> libertyThreadCpuMillis) {

        /** With PostgreSQL's counters over the level (less the one transaction of the reading itself). */
        Level withDatabase(PgCounters.Reading before, PgCounters.Reading after) {
            return new Level(clients, chat, direct, libertyCpuMillis, postgresCpuMillis, clientCpuMillis, maxRssKiB,
                    profiler, perTurn(after.transactions() - before.transactions() - 1),
                    perTurn(after.walSyncs() - before.walSyncs()), perTurn(after.walBytes() - before.walBytes()),
                    perTurn(after.rowUpdates() - before.rowUpdates()), perTurn(after.hotUpdates() - before.hotUpdates()),
                    libertyThreadCpuMillis);
        }

        double perTurn(double millis) {
            return chat.ok() == 0 ? Double.NaN : millis / chat.ok();
        }

        String summaryLine() {
            return String.format(Locale.ROOT, "concurrency %d: %.0f turns/s, p50 %.2f ms, p99 %.2f ms, %d errors %s;"
                            + " direct LLM %.0f req/s p50 %.2f ms", clients, chat.perSecond(), chat.percentileMillis(50),
                    chat.percentileMillis(99), chat.errors(), chat.errorKinds(), direct.perSecond(), direct.percentileMillis(50));
        }
    }

    private final BenchSettings settings;
    final List<Level> levels = new ArrayList<>();
    double coldStartSeconds;
    String loadBefore;
    String loadAfter;
    LoadRun.Result me;
    LoadRun.Result live;

    Report(BenchSettings settings) {
        this.settings = settings;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## lollmsbot server benchmark, ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        md.append("- machine: ").append(ProcStats.machine()).append("; load generator, scripted LLM, Liberty and ")
                .append("PostgreSQL all on it\n");
        md.append("- load average (1/5/15 min) before: ").append(loadBefore).append(", after: ").append(loadAfter).append('\n');
        md.append(String.format(Locale.ROOT, "- %.0f s per level after a %.0f s warm-up at %d connections; the scripted"
                        + " LLM alone for %.0f s per level; one distinct user (own API token) per connection; a conversation"
                        + " is continued for %d turns, then a new one starts%n", settings.seconds(), settings.warmupSeconds(),
                Math.min(32, settings.users()), settings.directSeconds(), settings.turnsPerConversation()));
        md.append("- the scripted LLM's reply: ").append(FastLlm.reply(settings.replyChars()).length())
                .append(" characters\n");
        md.append("- application: ").append(settings.war() == null ? "this build" : settings.war().toString()).append('\n');
        if (!settings.extraEnvironment().isEmpty()) {
            md.append("- extra server settings: ").append(settings.extraEnvironment()).append('\n');
        }
        md.append(String.format(Locale.ROOT, "- cold start to ready (empty data directory: initdb, migrations, deploy): %.1f s%n%n",
                coldStartSeconds));
        md.append("| connections = users | turns/s | p50 ms | p95 ms | p99 ms | errors | LLM direct req/s | LLM direct p50 / p99 ms"
                + " | overhead p50 / p99 ms | share of direct rate | Liberty CPU ms/turn | PostgreSQL CPU ms/turn"
                + " | load generator + LLM CPU ms/turn | Liberty RSS max MB | PostgreSQL transactions/turn | WAL flushes/turn"
                + " | WAL kB/turn | row updates/turn (HOT) |\n");
        md.append("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Level level : levels) {
            LoadRun.Result chat = level.chat();
            LoadRun.Result direct = level.direct();
            md.append(String.format(Locale.ROOT, "| %d%s | %.0f | %.2f | %.2f | %.2f | %s | %.0f | %.2f / %.2f | %.2f / %.2f"
                            + " | %.1f %% | %.2f | %.2f | %.2f | %d | %.2f | %.2f | %.1f | %.2f (%.2f) |%n",
                    level.clients(), level.profiler().isEmpty() ? "" : " (" + level.profiler() + " on)", chat.perSecond(), chat.percentileMillis(50),
                    chat.percentileMillis(95), chat.percentileMillis(99), errors(chat), direct.perSecond(),
                    direct.percentileMillis(50), direct.percentileMillis(99),
                    chat.percentileMillis(50) - direct.percentileMillis(50), chat.percentileMillis(99) - direct.percentileMillis(99),
                    100.0 * chat.perSecond() / direct.perSecond(), level.perTurn(level.libertyCpuMillis()),
                    level.perTurn(level.postgresCpuMillis()), level.perTurn(level.clientCpuMillis()), level.maxRssKiB() / 1024,
                    level.transactionsPerTurn(), level.walSyncsPerTurn(), level.walBytesPerTurn() / 1024,
                    level.rowUpdatesPerTurn(), level.hotUpdatesPerTurn()));
        }
        md.append("\nLiberty CPU ms/turn by thread (threads named alike summed, digits as #; the largest groups):\n\n");
        for (Level level : levels) {
            md.append("- ").append(level.clients()).append(" connections: ").append(threadSplit(level)).append('\n');
        }
        if (me != null) {
            md.append(String.format(Locale.ROOT, "%nOne connection, no chat: `GET /api/v1/me` with a Bearer token p50 %.2f ms,"
                            + " p99 %.2f ms (%.0f req/s); `GET /health/live` p50 %.2f ms, p99 %.2f ms (%.0f req/s).%n",
                    me.percentileMillis(50), me.percentileMillis(99), me.perSecond(), live.percentileMillis(50),
                    live.percentileMillis(99), live.perSecond()));
        }
        md.append("\nCPU per turn is user + system time from /proc over the level, divided by the turns answered"
                + " (clock-tick resolution: 10 ms per process per level). Transactions, WAL flushes, WAL bytes and row"
                + " updates per turn are PostgreSQL's own counters (pg_stat_database, pg_stat_wal, pg_stat_user_tables)"
                + " over the level: they do not depend on the machine's load. A WAL flush is an fsync of the write-ahead"
                + " log; several commits can share one. A HOT update writes no index entry.\n");
        return md.toString();
    }

    private static String threadSplit(Level level) {
        StringBuilder split = new StringBuilder();
        level.libertyThreadCpuMillis().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(group -> group.getValue() > 0)
                .limit(10)
                .forEach(group -> split.append(split.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.2f",
                        group.getKey(), level.perTurn(group.getValue()))));
        return split.toString();
    }

    private static String errors(LoadRun.Result result) {
        return result.errors() == 0 ? "0" : result.errors() + " " + result.errorKinds();
    }
}

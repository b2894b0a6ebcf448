package io.lollmsbot.config;

import static io.lollmsbot.config.SettingChecks.any;
import static io.lollmsbot.config.SettingChecks.bool;
import static io.lollmsbot.config.SettingChecks.chatIds;
import static io.lollmsbot.config.SettingChecks.dnPattern;
import static io.lollmsbot.config.SettingChecks.ed25519Key;
import static io.lollmsbot.config.SettingChecks.fraction;
import static io.lollmsbot.config.SettingChecks.hosts;
import static io.lollmsbot.config.SettingChecks.httpUrl;
import static io.lollmsbot.config.SettingChecks.integer;
import static io.lollmsbot.config.SettingChecks.ldapUrl;
import static io.lollmsbot.config.SettingChecks.modelBudgets;
import static io.lollmsbot.config.SettingChecks.oidcIssuer;
import static io.lollmsbot.config.SettingChecks.oneOf;
import static io.lollmsbot.config.SettingChecks.origins;
import static io.lollmsbot.config.SettingChecks.programNames;
import static io.lollmsbot.config.SettingChecks.signingSecrets;
import static io.lollmsbot.config.SettingChecks.snowflake;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Every lollmsbot setting of the HTTP contract, with its rule. Defaults live in microprofile-config.properties. */
public final class SettingsCatalog {

    public static final List<SettingDefinition> ALL = List.of(
            new SettingDefinition(
                    "lollmsbot.data.dir", "Directory of the embedded database and tool workspaces", false, any()),
            new SettingDefinition(
                    "lollmsbot.llm.provider",
                    "LLM provider protocol: openai or ollama",
                    false,
                    oneOf("openai", "ollama")),
            new SettingDefinition("lollmsbot.llm.base-url", "Base URL of the LLM server", false, httpUrl()),
            new SettingDefinition("lollmsbot.llm.model", "Model name sent to the LLM server", false, any()),
            new SettingDefinition("lollmsbot.llm.api-key", "API key for the LLM server", true, any()),
            new SettingDefinition(
                    "lollmsbot.llm.fallback.provider",
                    "Fallback LLM provider protocol",
                    false,
                    oneOf("openai", "ollama")),
            new SettingDefinition(
                    "lollmsbot.llm.fallback.base-url", "Base URL of the fallback LLM server", false, httpUrl()),
            new SettingDefinition(
                    "lollmsbot.llm.fallback.model", "Model name for the fallback LLM server", false, any()),
            new SettingDefinition("lollmsbot.llm.fallback.api-key", "API key for the fallback LLM server", true, any()),
            new SettingDefinition(
                    "lollmsbot.cors.origins",
                    "Comma-separated exact origins allowed cross-origin access",
                    false,
                    origins()),
            new SettingDefinition("lollmsbot.enable.shell", "Whether the sandboxed shell tool may run", false, bool()),
            new SettingDefinition(
                    "lollmsbot.tools.shell.allowed-commands",
                    "Comma-separated program names the shell tool may run when shell syntax is off",
                    false,
                    programNames()),
            new SettingDefinition(
                    "lollmsbot.tools.shell.allow-shell-syntax",
                    "Whether shell commands go to /bin/sh (pipes, ;, redirects; the allow-list then no longer applies)",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.tools.shell.max-timeout-seconds",
                    "Longest wall time of one shell command, in seconds (the default per call is 10)",
                    false,
                    integer(1, 600)),
            new SettingDefinition(
                    "lollmsbot.tools.shell.cpu-seconds",
                    "CPU time limit of one shell command, in seconds",
                    false,
                    integer(1, 600)),
            new SettingDefinition(
                    "lollmsbot.tools.shell.memory-mb",
                    "Address-space limit of one shell command, in MiB",
                    false,
                    integer(16, 65_536)),
            new SettingDefinition(
                    "lollmsbot.tools.shell.max-file-mb",
                    "Largest file one shell command may write, in MiB",
                    false,
                    integer(1, 65_536)),
            new SettingDefinition(
                    "lollmsbot.tools.shell.max-output-bytes",
                    "Output kept from one shell command, in bytes; more kills the command",
                    false,
                    integer(1_024, 10_485_760)),
            new SettingDefinition(
                    "lollmsbot.ratelimit.chat.per-minute",
                    "Chat requests per user per minute, across all nodes",
                    false,
                    integer(1, 100_000)),
            new SettingDefinition(
                    "lollmsbot.ratelimit.auth.failures",
                    "Failed logins per client address and username before further attempts are refused until the window ends",
                    false,
                    integer(1, 100_000)),
            new SettingDefinition(
                    "lollmsbot.ratelimit.auth.window-seconds",
                    "Length of the failed-login window, in seconds",
                    false,
                    integer(10, 86_400)),
            new SettingDefinition(
                    "lollmsbot.ratelimit.auth.unknown-per-address",
                    "Login attempts per client address for usernames without an account before further ones are refused until the window ends",
                    false,
                    integer(1, 100_000)),
            new SettingDefinition(
                    "lollmsbot.http.max-body-bytes",
                    "Largest accepted request body, in bytes",
                    false,
                    integer(1_024, 1_073_741_824)),
            new SettingDefinition(
                    "lollmsbot.chat.max-message-chars",
                    "Longest accepted chat message, in characters",
                    false,
                    integer(1, 1_000_000)),
            new SettingDefinition(
                    "lollmsbot.agent.max-tool-rounds", "Most tool-call rounds in one chat turn", false, integer(0, 20)),
            new SettingDefinition(
                    "lollmsbot.tools.http.allowed-hosts",
                    "Hosts the http tool may reach (empty: any public host)",
                    false,
                    hosts()),
            new SettingDefinition(
                    "lollmsbot.tools.http.timeout-seconds",
                    "Deadline of one http tool exchange (connect, send, receive), in seconds",
                    false,
                    integer(1, 120)),
            new SettingDefinition(
                    "lollmsbot.tools.http.max-response-bytes",
                    "Response bytes the http tool reads at most; the rest is cut off",
                    false,
                    integer(1_024, 1_048_576)),
            new SettingDefinition(
                    "lollmsbot.tools.filesystem.max-file-bytes",
                    "Largest file the filesystem tool reads or writes, in bytes",
                    false,
                    integer(1, 104_857_600)),
            new SettingDefinition(
                    "lollmsbot.tools.filesystem.max-total-bytes",
                    "Bytes one workspace may hold before the filesystem tool refuses to write",
                    false,
                    integer(1, Integer.MAX_VALUE)),
            new SettingDefinition(
                    "lollmsbot.tools.filesystem.max-files",
                    "Files one workspace may hold before the filesystem tool refuses to create more",
                    false,
                    integer(1, 1_000_000)),
            new SettingDefinition(
                    "lollmsbot.tools.max-calls-per-response",
                    "Tool calls run from one model response; more are refused",
                    false,
                    integer(1, 100)),
            new SettingDefinition(
                    "lollmsbot.tools.max-calls-per-turn",
                    "Tool calls run in one chat turn; more are refused",
                    false,
                    integer(1, 1_000)),
            new SettingDefinition(
                    "lollmsbot.guardian.flag-threshold",
                    "Guardian score from which an input is flagged",
                    false,
                    fraction()),
            new SettingDefinition(
                    "lollmsbot.guardian.block-threshold",
                    "Guardian score from which an input is refused (422)",
                    false,
                    fraction()),
            new SettingDefinition(
                    "lollmsbot.guardian.model-enabled",
                    "Whether the learned stage screens behind the rules",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.guardian.model-flag-threshold",
                    "Learned-stage probability from which an input is flagged",
                    false,
                    fraction()),
            new SettingDefinition(
                    "lollmsbot.guardian.model-block-threshold",
                    "Learned-stage probability from which an input is refused",
                    false,
                    fraction()),
            new SettingDefinition(
                    "lollmsbot.guardian.model-short-block-threshold",
                    "Learned-stage probability from which an input of fewer than 10 words that names a target (instructions, prompt, password) is refused (1: never)",
                    false,
                    fraction()),
            new SettingDefinition(
                    "lollmsbot.guardian.model-flagged-block-threshold",
                    "Learned-stage probability from which an input that a rule flagged is refused (at most the block threshold)",
                    false,
                    fraction()),
            new SettingDefinition(
                    "lollmsbot.guardian.context-policy",
                    "What happens to a tool result or memory the Guardian blocks: refuse (replaced by a notice) or wrap (kept, marked as untrusted data)",
                    false,
                    oneOf("refuse", "wrap")),
            new SettingDefinition(
                    "lollmsbot.guardian.reply-links",
                    "What happens to a link or image in a model reply whose URL carries data out: redact, neutralize (kept without its payload, never an image) or allow",
                    false,
                    oneOf("redact", "neutralize", "allow")),
            new SettingDefinition(
                    "lollmsbot.guardian.quarantine-all",
                    "Whether every non-admin user is quarantined (chat refused with 403)",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.guardian.auto-quarantine-after",
                    "Refused messages within the window that quarantine a user (0: never)",
                    false,
                    integer(0, 1_000)),
            new SettingDefinition(
                    "lollmsbot.guardian.auto-quarantine-window-minutes",
                    "Window in which refused messages are counted for automatic quarantine",
                    false,
                    integer(1, 43_200)),
            new SettingDefinition(
                    "lollmsbot.memory.context-tokens",
                    "Token budget of the context sent to the model (Soul, summary, memories, recent turns), unless set for the model",
                    false,
                    integer(256, 10_000_000)),
            new SettingDefinition(
                    "lollmsbot.memory.model-context-tokens",
                    "Token budgets per model as model=tokens pairs, comma-separated",
                    false,
                    modelBudgets()),
            new SettingDefinition(
                    "lollmsbot.memory.vector-search",
                    "Whether memories are recalled by embedding similarity as well as full-text search",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.memory.recall-limit",
                    "Most passages from earlier conversations added to a turn (0: no recall)",
                    false,
                    integer(0, 50)),
            new SettingDefinition(
                    "lollmsbot.memory.min-similarity",
                    "Lowest combined relevance (cosine plus half the full-text rank) of a recalled passage",
                    false,
                    fraction()),
            new SettingDefinition(
                    "lollmsbot.memory.embedding-threads",
                    "Threads of the embedding model per call",
                    false,
                    integer(1, 16)),
            new SettingDefinition(
                    "lollmsbot.memory.index-cache-mb",
                    "Memory each node may use for per-user vector indexes, in MiB",
                    false,
                    integer(0, 1_048_576)),
            new SettingDefinition(
                    "lollmsbot.ldap.url",
                    "LDAP server for logins (ldap:// or ldaps://); empty turns LDAP login off",
                    false,
                    ldapUrl()),
            new SettingDefinition(
                    "lollmsbot.ldap.allow-plaintext",
                    "Whether a plain ldap:// URL without StartTLS may be used (passwords then cross the network in clear)",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.ldap.start-tls",
                    "Whether an ldap:// connection is upgraded with StartTLS (certificate and host name checked)",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.oidc.issuer",
                    "OpenID Connect issuer (or its discovery URL) for logins; empty turns OIDC login off",
                    false,
                    oidcIssuer()),
            new SettingDefinition(
                    "lollmsbot.oidc.provider-name",
                    "Name shown on the login pages as \"Sign in with <name>\"",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.client-id",
                    "Client id lollmsbot is registered under at the provider",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.client-secret",
                    "Client secret at the provider (empty: a public client, PKCE only)",
                    true,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.scopes",
                    "Scopes asked for, space- or comma-separated (openid is always added)",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.username-claim",
                    "ID token claim that becomes the lollmsbot username",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.groups-claim",
                    "ID token claim listing the user's groups (a dotted path reaches into objects)",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.admin-group",
                    "Group (in the groups claim) whose members get the admin role",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.user-group",
                    "Group (in the groups claim) whose members get the user role",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.oidc.redirect-uri",
                    "Callback URL registered at the provider; empty: derived from the request (set it behind a proxy)",
                    false,
                    httpUrl()),
            new SettingDefinition(
                    "lollmsbot.auth.session.idle-seconds",
                    "Seconds without a request after which a console session ends",
                    false,
                    integer(1, 86_400)),
            new SettingDefinition(
                    "lollmsbot.auth.session.max-seconds",
                    "Seconds after its login after which a console session ends, however active",
                    false,
                    integer(1, 2_592_000)),
            new SettingDefinition(
                    "lollmsbot.auth.token.default-lifetime-days",
                    "Days after which an API token issued without expiresAt expires (0: never)",
                    false,
                    integer(0, 3_650)),
            new SettingDefinition(
                    "lollmsbot.auth.password-hash-iterations",
                    "PBKDF2 iterations of new password hashes (existing ones keep theirs); read by the server at"
                            + " startup from LOLLMSBOT_AUTH_PASSWORD_HASH_ITERATIONS (environment or server.env), not"
                            + " changeable here; lower than the default only on test servers",
                    false,
                    integer(1_000, 10_000_000)),
            new SettingDefinition(
                    "lollmsbot.auth.password-change-revokes-tokens",
                    "Whether a password change also revokes the user's API tokens (console sessions always end)",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.ldap.refresh-seconds",
                    "Seconds after which a directory user's groups are read again at their next session or token request (0: only at login)",
                    false,
                    integer(0, 86_400)),
            new SettingDefinition(
                    "lollmsbot.ldap.bind-dn",
                    "DN of the account that reads directory users' entries and groups between logins (empty: anonymous)",
                    false,
                    any()),
            new SettingDefinition("lollmsbot.ldap.bind-password", "Password of lollmsbot.ldap.bind-dn", true, any()),
            new SettingDefinition(
                    "lollmsbot.heartbeat.directory-sync.interval-seconds",
                    "Seconds between checks of every directory account against the directory (0: off)",
                    false,
                    integer(0, 31_536_000)),
            new SettingDefinition(
                    "lollmsbot.ldap.user-dn-pattern",
                    "DN a user binds as, {0} standing for the username",
                    false,
                    dnPattern()),
            new SettingDefinition(
                    "lollmsbot.ldap.group-base-dn",
                    "Where the groups (member or uniqueMember) that grant roles are searched",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.ldap.admin-group",
                    "Common name of the LDAP group whose members get the admin role",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.ldap.user-group",
                    "Common name of the LDAP group whose members get the user role",
                    false,
                    any()),
            new SettingDefinition(
                    "lollmsbot.llm.timeout-seconds",
                    "Longest wait for the LLM server: a whole plain answer, or a stream's start and each next line, in seconds (default 120)",
                    false,
                    integer(1, 3_600)),
            new SettingDefinition(
                    "lollmsbot.llm.fallback.timeout-seconds",
                    "Longest wait for the fallback LLM server, as lollmsbot.llm.timeout-seconds, in seconds (default 120)",
                    false,
                    integer(1, 3_600)),
            new SettingDefinition(
                    "lollmsbot.lanes.workers",
                    "Chat turns running at once on this node (read at startup)",
                    false,
                    integer(1, 1_000)),
            new SettingDefinition(
                    "lollmsbot.lanes.per-user",
                    "Queued or running chat turns per user on this node, more are refused with 429 (read at startup)",
                    false,
                    integer(1, 1_000)),
            new SettingDefinition(
                    "lollmsbot.lanes.max-queued",
                    "Queued or running chat turns on this node, more are refused with 503 (read at startup)",
                    false,
                    integer(1, 100_000)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.enabled",
                    "Whether scheduled Heartbeat tasks run (manual runs always can)",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.heartbeat.retention.interval-seconds",
                    "Seconds between retention runs, once per cluster (0: off)",
                    false,
                    integer(0, 31_536_000)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.audit-verify.interval-seconds",
                    "Seconds between audit-chain verifications (0: off)",
                    false,
                    integer(0, 31_536_000)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.self-check.interval-seconds",
                    "Seconds between dependency self-checks: database, LLM, sandbox (0: off)",
                    false,
                    integer(0, 31_536_000)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.memory-backfill.interval-seconds",
                    "Seconds between Memory backfills of unembedded messages (0: off)",
                    false,
                    integer(0, 31_536_000)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.stale-lanes.interval-seconds",
                    "Seconds between stale lane cleanups (0: off)",
                    false,
                    integer(0, 31_536_000)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.retention.conversation-days",
                    "Days without a turn after which a conversation is deleted (0: keep forever)",
                    false,
                    integer(0, 36_500)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.retention.token-days",
                    "Days after revocation or expiry after which an API token is deleted (0: keep forever)",
                    false,
                    integer(0, 36_500)),
            new SettingDefinition(
                    "lollmsbot.audit.retention.min-days",
                    "Fewest days of audit rows that retention keeps (olderThanDays below this is refused)",
                    false,
                    integer(0, 36_500)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.retention.audit-days",
                    "Days after which audit rows are deleted behind a checkpoint (0: keep forever)",
                    false,
                    integer(0, 36_500)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.retention.run-days",
                    "Days Heartbeat run records are kept (0: forever)",
                    false,
                    integer(0, 36_500)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.retention.settings-history-days",
                    "Days the history of setting changes is kept (0: forever)",
                    false,
                    integer(0, 36_500)),
            new SettingDefinition(
                    "lollmsbot.heartbeat.stale-lane-minutes",
                    "Minutes a database session may hold a lane lock while idle before the Heartbeat ends it",
                    false,
                    integer(5, 10_080)),
            new SettingDefinition(
                    "lollmsbot.channels.generic.enabled",
                    "Whether the generic signed inbound channel accepts events",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.channels.generic.secret",
                    "HMAC-SHA256 secret of the generic channel (two comma-separated while rotating: the first signs replies)",
                    true,
                    signingSecrets()),
            new SettingDefinition(
                    "lollmsbot.channels.generic.reply-url",
                    "Where replies to generic events are POSTed, signed (empty: only readable by event id)",
                    false,
                    httpUrl()),
            new SettingDefinition(
                    "lollmsbot.channels.generic.auto-provision",
                    "Whether an unmapped generic channel user gets a lollmsbot user (role user) on first contact",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.channels.slack.enabled",
                    "Whether the Slack Events API channel accepts events",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.channels.slack.signing-secret",
                    "Signing secret of the Slack app (two comma-separated while rotating)",
                    true,
                    signingSecrets()),
            new SettingDefinition(
                    "lollmsbot.channels.slack.bot-token",
                    "Bot token replies are posted with through chat.postMessage (empty: no replies)",
                    true,
                    any()),
            new SettingDefinition(
                    "lollmsbot.channels.slack.api-base-url",
                    "Base URL of the Slack Web API replies go to",
                    false,
                    httpUrl()),
            new SettingDefinition(
                    "lollmsbot.channels.slack.auto-provision",
                    "Whether an unmapped Slack user gets a lollmsbot user (role user) on first contact",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.channels.telegram.enabled",
                    "Whether the Telegram webhook channel accepts updates",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.channels.telegram.secret-token",
                    "Secret token Telegram sends with every update (set with setWebhook; two comma-separated while rotating)",
                    true,
                    signingSecrets()),
            new SettingDefinition(
                    "lollmsbot.channels.telegram.bot-token",
                    "Bot token replies are sent with through sendMessage (empty: no replies)",
                    true,
                    any()),
            new SettingDefinition(
                    "lollmsbot.channels.telegram.api-base-url", "Base URL of the Telegram Bot API", false, httpUrl()),
            new SettingDefinition(
                    "lollmsbot.channels.telegram.allowed-chats",
                    "Chat ids updates are acted on from, comma-separated (empty: any chat)",
                    false,
                    chatIds()),
            new SettingDefinition(
                    "lollmsbot.channels.telegram.auto-provision",
                    "Whether an unmapped Telegram user gets a lollmsbot user (role user) on first contact",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.channels.discord.enabled",
                    "Whether the Discord interactions endpoint accepts interactions",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.channels.discord.public-key",
                    "The Discord application's Ed25519 public key (64 hex characters)",
                    false,
                    ed25519Key()),
            new SettingDefinition(
                    "lollmsbot.channels.discord.application-id",
                    "The Discord application id follow-up messages are posted for",
                    false,
                    snowflake()),
            new SettingDefinition(
                    "lollmsbot.channels.discord.api-base-url", "Base URL of the Discord API", false, httpUrl()),
            new SettingDefinition(
                    "lollmsbot.channels.discord.auto-provision",
                    "Whether an unmapped Discord user gets a lollmsbot user (role user) on first contact",
                    false,
                    bool()),
            new SettingDefinition(
                    "lollmsbot.webhooks.allowed-hosts",
                    "Internal hosts (host or host:port) outbound webhooks may reach despite the SSRF policy",
                    false,
                    hosts()),
            new SettingDefinition(
                    "lollmsbot.webhooks.max-attempts",
                    "Attempts of one webhook delivery before it is parked as failed",
                    false,
                    integer(1, 20)),
            new SettingDefinition(
                    "lollmsbot.webhooks.backoff-seconds",
                    "Wait before a webhook delivery's first retry, in seconds; it doubles with every attempt (with jitter, at most an hour)",
                    false,
                    integer(1, 3_600)),
            new SettingDefinition(
                    "lollmsbot.metrics.token",
                    "Bearer token /metrics requires when set (empty: anonymous); read by the server at startup from"
                            + " LOLLMSBOT_METRICS_TOKEN (environment or server.env), not changeable here",
                    true,
                    any()));

    /**
     * Settings without a default (besides secrets): unset means "off" or "none" (no LLM model, no fallback, no
     * origins, no LDAP...), or the default is the LLM reader's, which the primary and the fallback share.
     */
    public static final Set<String> OPTIONAL = Set.of(
            // no default here: Liberty's variable (the project's ./data for liberty:run) must not be outranked
            "lollmsbot.data.dir",
            "lollmsbot.llm.model",
            "lollmsbot.llm.timeout-seconds",
            "lollmsbot.llm.fallback.provider",
            "lollmsbot.llm.fallback.base-url",
            "lollmsbot.llm.fallback.model",
            "lollmsbot.llm.fallback.timeout-seconds",
            "lollmsbot.cors.origins",
            "lollmsbot.tools.http.allowed-hosts",
            "lollmsbot.memory.model-context-tokens",
            "lollmsbot.ldap.url",
            "lollmsbot.channels.generic.reply-url",
            "lollmsbot.channels.telegram.allowed-chats",
            "lollmsbot.channels.discord.public-key",
            "lollmsbot.channels.discord.application-id",
            "lollmsbot.webhooks.allowed-hosts",
            "lollmsbot.ldap.bind-dn",
            "lollmsbot.oidc.issuer",
            "lollmsbot.oidc.provider-name",
            "lollmsbot.oidc.client-id",
            "lollmsbot.oidc.redirect-uri");

    private SettingsCatalog() {}

    public static Optional<SettingDefinition> find(String key) {
        return ALL.stream().filter(definition -> definition.key().equals(key)).findFirst();
    }
}

package io.lollmsbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps settings in one typed place: {@code microprofile-config.properties} holds every default, the catalogue
 * every key with its Java type, and the code reads a key with a default through {@code config.getValue}. Reads the
 * main sources and follows every {@code getValue}, {@code getOptionalValue} and {@code @ConfigProperty} to its key
 * (string constants, also of other classes, and their concatenations; a part it cannot resolve matches any text).
 */
class SettingsReadTest {

    /** Deployment settings outside the catalogue: the server.xml variables and secrets set once per installation. */
    static final Set<String> DEPLOYMENT_KEYS = Set.of(
            "lollmsbot.admin.password",
            "lollmsbot.audit.hmac-key",
            "lollmsbot.db.url",
            "lollmsbot.db.user",
            "lollmsbot.db.password",
            "lollmsbot.db.embedded.port",
            "lollmsbot.http.host",
            "lollmsbot.http.port",
            "lollmsbot.https.port");

    /** Strings that look like keys but name metrics and spans. */
    private static final Set<String> NOT_SETTINGS = Set.of("lollmsbot.ratelimit.rejections", "lollmsbot.tool");

    /**
     * Readers that take their keys from elsewhere: the catalogue itself (checks, settings API, the database source)
     * and the LLM's key function ({@code ProviderSettings} reads the primary and the fallback through one function,
     * with the fallback's defaults in code: the properties file has none for it).
     */
    private static final Set<String> KEY_FUNCTIONS = Set.of(
            "StartupSettingsCheck.java",
            "SettingsService.java",
            "DatabaseConfigSource.java",
            "LlmGateway.java",
            "DatabaseMode.java");

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern CONSTANT =
            Pattern.compile("(?:static\\s+)?final\\s+String\\s+([A-Z][A-Z0-9_]*)\\s*=\\s*([^;]+);");
    private static final Pattern READ = Pattern.compile(
            "\\.(getValue|getOptionalValue)\\(\\s*((?:[^;,()]|\\(\\))+?)\\s*,\\s*([A-Za-z]+)\\.class\\s*\\)");
    private static final Pattern INJECTED =
            Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*([^,)]+?)\\s*(,\\s*defaultValue\\s*=[^)]*)?\\)");
    private static final Pattern KEY_TEXT = Pattern.compile("\"(lollmsbot\\.[a-z0-9.-]*[a-z0-9])\"");

    private record Source(String file, String className, String text) {}

    /**
     * One read of a setting: where, its key as a pattern, whether any part of the key is known ({@code resolved}) or
     * all of it ({@code exact}), how and with which type, and what follows it.
     */
    private record Read(
            String where, Pattern key, boolean resolved, boolean exact, String method, String type, String rest) {}

    private static final List<Source> SOURCES = new ArrayList<>();
    private static final Map<String, String> CONSTANTS = new HashMap<>();
    private static final List<Read> READS = new ArrayList<>();
    private static final Properties DEFAULTS = new Properties();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString();
                SOURCES.add(new Source(name, name.replace(".java", ""), Files.readString(file)));
            }
        }
        resolveConstants();
        for (Source source : SOURCES) {
            if (KEY_FUNCTIONS.contains(source.file())) {
                continue;
            }
            Matcher read = READ.matcher(source.text());
            while (read.find()) {
                add(source, read.start(), read.group(2), read.group(1), read.group(3), chained(source, read.end()));
            }
            Matcher injected = INJECTED.matcher(source.text());
            while (injected.find()) {
                add(source, injected.start(), injected.group(1), "@ConfigProperty", null, injected.group(2));
            }
        }
        try (InputStream in = SettingsReadTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            DEFAULTS.load(in);
        }
    }

    @Test
    void theSourcesReadSettings() {
        assertTrue(READS.size() > 50, "the scan finds the reads: " + READS.size());
    }

    @Test
    void everyKeyTheCodeNamesOrReadsIsInTheCatalogue() {
        List<String> unknown = new ArrayList<>();
        for (Source source : SOURCES) {
            Matcher key = KEY_TEXT.matcher(source.text());
            while (key.find()) {
                String text = key.group(1);
                if (!known(text) && !NOT_SETTINGS.contains(text) && text.indexOf('.', "lollmsbot.".length()) > 0) {
                    unknown.add(source.file() + ": " + text);
                }
            }
        }
        for (Read read : READS) {
            boolean matches = SettingsCatalog.ALL.stream()
                            .anyMatch(d -> read.key().matcher(d.key()).matches())
                    || DEPLOYMENT_KEYS.stream()
                            .anyMatch(k -> read.key().matcher(k).matches());
            if (!matches) {
                unknown.add(read.where() + ": " + read.key());
            }
        }
        assertEquals(List.of(), unknown, "keys read in code but neither in SettingsCatalog nor a deployment key");
    }

    @Test
    void aKeyWithADefaultIsReadWithGetValueAndNoFallback() {
        List<String> repeated = new ArrayList<>();
        for (Read read : READS) {
            boolean fallback = read.method().equals("@ConfigProperty")
                    ? read.rest() != null
                    : read.method().equals("getOptionalValue") && read.rest().contains(".orElse");
            boolean unresolvedHelper = !read.resolved() && fallback;
            boolean defaulted = SettingsCatalog.ALL.stream()
                    .anyMatch(d -> read.key().matcher(d.key()).matches() && hasDefault(d.key()));
            if (fallback && (defaulted || unresolvedHelper)) {
                repeated.add(read.where() + ": " + read.key());
            }
        }
        assertEquals(
                List.of(),
                repeated,
                "defaults repeated in code (read these with config.getValue; the default lives in"
                        + " microprofile-config.properties)");
    }

    @Test
    void aKeyReadWithGetValueHasADefaultAndIsReadAsItsType() {
        List<String> wrong = new ArrayList<>();
        for (Read read : READS) {
            // a key with an unresolved part matches keys of several types: only exact keys are checked here
            if (!read.method().equals("getValue") || !read.exact()) {
                continue;
            }
            for (SettingDefinition definition : SettingsCatalog.ALL) {
                if (!read.key().matcher(definition.key()).matches()) {
                    continue;
                }
                if (!hasDefault(definition.key())) {
                    wrong.add(read.where() + ": " + definition.key() + " has no default, getValue would fail");
                }
                if (!definition.type().getSimpleName().equals(read.type())
                        && !(definition.type() == Integer.class && read.type().equals("Long"))) {
                    wrong.add(read.where() + ": " + definition.key() + " is a "
                            + definition.type().getSimpleName() + ", read as " + read.type());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyCatalogueKeyHasADefaultOrIsMarkedOptional() {
        List<String> neither = SettingsCatalog.ALL.stream()
                .filter(d -> !hasDefault(d.key()) && !d.optional())
                .map(SettingDefinition::key)
                .toList();
        List<String> both = SettingsCatalog.ALL.stream()
                .filter(d -> hasDefault(d.key()) && d.optional())
                .map(SettingDefinition::key)
                .toList();
        assertEquals(List.of(), neither, "no default in microprofile-config.properties and not optional");
        assertEquals(List.of(), both, "marked optional but given a default");
        assertFalse(
                DEFAULTS.stringPropertyNames().stream()
                        .anyMatch(key -> SettingsCatalog.find(key).isEmpty()),
                "every default belongs to a catalogue key");
    }

    @Test
    void aSettingWithADefaultCannotBeSetEmptyAndAnOptionalOneCan() {
        SettingDefinition withDefault =
                SettingsCatalog.find("lollmsbot.channels.slack.api-base-url").orElseThrow();
        SettingDefinition optional =
                SettingsCatalog.find("lollmsbot.cors.origins").orElseThrow();

        assertTrue(withDefault.problemWith(" ").isPresent(), "getValue would find no value");
        assertTrue(withDefault.problemWith("https://slack.example/api").isEmpty());
        assertTrue(optional.problemWith("").isEmpty());
    }

    private static boolean hasDefault(String key) {
        return !DEFAULTS.getProperty(key, "").isBlank();
    }

    private static boolean known(String key) {
        return SettingsCatalog.find(key).isPresent() || DEPLOYMENT_KEYS.contains(key);
    }

    private static void add(Source source, int at, String keyExpression, String method, String type, String rest) {
        String where = source.file() + ":" + (source.text().substring(0, at).split("\n", -1).length);
        String resolved = resolve(source, keyExpression);
        Pattern key = Pattern.compile(Pattern.quote(resolved).replace("\u0000", "\\E[a-z0-9.-]+\\Q"));
        READS.add(new Read(where, key, !resolved.equals("\u0000"), !resolved.contains("\u0000"), method, type, rest));
    }

    /** The calls chained to a read ({@code .orElse(...)} and the like): up to the end of its argument or statement. */
    private static String chained(Source source, int from) {
        String text = source.text();
        int depth = 0;
        int at = from;
        for (; at < text.length(); at++) {
            char c = text.charAt(at);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                break;
            } else if ((c == ',' || c == ';') && depth == 0) {
                break;
            }
        }
        return text.substring(from, at);
    }

    /** Constants of every class, by simple and qualified name, resolved as far as they go. */
    private static void resolveConstants() {
        Map<String, String> expressions = new HashMap<>();
        for (Source source : SOURCES) {
            Matcher constant = CONSTANT.matcher(source.text());
            while (constant.find()) {
                expressions.put(source.className() + "." + constant.group(1), constant.group(2));
            }
        }
        for (int pass = 0; pass < 4; pass++) {
            expressions.forEach((name, expression) -> {
                String className = name.substring(0, name.indexOf('.'));
                String value = resolve(new Source(className + ".java", className, ""), expression);
                if (value != null && !value.contains("\u0000")) {
                    CONSTANTS.put(name, value);
                }
            });
        }
    }

    /**
     * The text of a key expression: literals, constants and {@code +}; a part it cannot resolve becomes a NUL, which
     * the read's pattern turns into "any key text".
     */
    private static String resolve(Source source, String expression) {
        StringBuilder text = new StringBuilder();
        for (String part : expression.strip().split("\\s*\\+\\s*")) {
            if (part.matches("\"[^\"]*\"")) {
                text.append(part, 1, part.length() - 1);
            } else if (part.matches("[A-Z][A-Za-z0-9]*\\.[A-Z][A-Z0-9_]*") && CONSTANTS.containsKey(part)) {
                text.append(CONSTANTS.get(part));
            } else if (part.matches("[A-Z][A-Z0-9_]*") && CONSTANTS.containsKey(source.className() + "." + part)) {
                text.append(CONSTANTS.get(source.className() + "." + part));
            } else {
                text.append('\u0000');
            }
        }
        return text.toString();
    }
}

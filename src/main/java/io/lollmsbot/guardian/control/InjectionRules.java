package io.lollmsbot.guardian.control;

import static io.lollmsbot.guardian.control.InjectionRule.at;
import static io.lollmsbot.guardian.control.InjectionRule.join;
import static io.lollmsbot.guardian.control.InjectionRule.lead;
import static io.lollmsbot.guardian.control.InjectionRule.pattern;
import static io.lollmsbot.guardian.control.InjectionRule.signal;
import static io.lollmsbot.guardian.control.ThreatCategory.CREDENTIAL_HARVESTING;
import static io.lollmsbot.guardian.control.ThreatCategory.DANGEROUS_COMMAND;
import static io.lollmsbot.guardian.control.ThreatCategory.DATA_EXFILTRATION;
import static io.lollmsbot.guardian.control.ThreatCategory.INSTRUCTION_OVERRIDE;
import static io.lollmsbot.guardian.control.ThreatCategory.JAILBREAK_PERSONA;
import static io.lollmsbot.guardian.control.ThreatCategory.OBFUSCATION;
import static io.lollmsbot.guardian.control.ThreatCategory.PROMPT_EXTRACTION;
import static io.lollmsbot.guardian.control.ThreatCategory.ROLE_SPOOFING;

import java.util.List;

/**
 * The rule table of input screening. Patterns run on {@link TextNormalizer} output (lower case, one space between
 * words, line breaks kept). Each describes a technique, not a known prompt; weights below the flag threshold (0.5) only count together
 * with other hits. {@code [^.!?\n]{0,n}} keeps the parts of a pattern inside one sentence.
 */
final class InjectionRules {

    private static final String SENTENCE = "[^.!?\\n]";
    /** A persona cue flags alone and blocks together with a second one, or with a weak cue (1 - 0.33 x 0.6 >= 0.8). */
    private static final double PERSONA_CUE = 0.67;
    /** A cue too common in harmless text to count alone (below the flag threshold). */
    private static final double WEAK_CUE = 0.4;

    private static final String NO_DOT = "[^.\\n]";

    // ---- building blocks shared by several rules ----
    private static final String OVERRIDE_VERB =
            "(?:ignore|ignoring|disregard(?:ing)?|forget(?:ting)?|drop|abandon|discard|override|overwrite|bypass|skip|neglect|set aside|leave)";
    private static final String EARLIER =
            "(?:all|any|every|previous(?:ly)?|prior|above|earlier|preceding|before|former|original|initial|your|so far|existing|old)";
    private static final String DIRECTIVES =
            "(?:instructions?|directions?|directives?|rules|guidelines|prompts?|orders|commands|tasks?|assignments?|information|context"
                    + "|programming|conversation|messages|training|restrictions|polic(?:y|ies)|constraints|thoughts|settings)";
    private static final String REVEAL_VERB =
            "(?:show|print|reveal|display|repeat|output|tell|give|spell[- ]?check|leak|dump|copy|return|list|recite|say|share|write"
                    + "|what(?:'s|\\s+is|\\s+are|\\s+were|\\s+was))";
    private static final String[] REVEAL_VERBS = {
        "show", "print", "reveal", "display", "repeat", "output", "tell", "give", "spell", "leak", "dump", "copy",
        "return", "list", "recite", "say", "share", "write", "what"
    };
    /** Whose prompt: "your", "the system", "all of your", "original", ... */
    private static final String PROMPT_OWNER =
            "(?:your|the (?:system|initial|original|hidden|secret|full|above|previous|first|entire|complete)"
                    + "|all (?:of )?(?:your|the)|above|initial|original|system|hidden)";

    private static final String WHOSE = "(?:your|the|all|any)";
    /** "the text above", "at the beginning of the prompt", "previous instructions" */
    private static final String EARLIER_TEXT =
            "(?:(?:text|prompt|written|said|sentences?|words?|everything|instructions?)\\s+(?:above|before (?:this|that|the text))"
                    + "|at the (?:beginning|start) of (?:this|the|your) (?:prompt|conversation|instructions|text)"
                    + "|(?:above|previous|preceding) (?:prompt|instructions|text))";

    private static final String SOURCES =
            "(?:documents?|articles?|artikels?|(?:provided|given|retrieved) (?:context|text|information|sources))";
    private static final String LAWLESS =
            "(?:legal|no (?:rules|laws|limits|restrictions|consequences|ethics|morals)|anything goes|without (?:rules|laws|consequences)|you (?:are|were|would be) no)";
    private static final String AI_NOUN =
            "(?:ai|a\\.i\\.?|chatbot|assistant|model|bot|gpt|chatgpt|llm|entity|intelligence|version of (?:yourself|you|chatgpt))";
    private static final String UNRESTRICTED =
            "(?:amoral|unfiltered|uncensored|unrestricted|unethical|immoral|unbound|unlimited|nonmoral|limitless|unconstrained|lawless|evil)";
    private static final String LIMITS =
            "(?:restrictions|limitations|limits|filters|censorship|rules|guidelines|polic(?:y|ies)|constraints|confines|ethics|morals"
                    + "|(?:ethical|moral) (?:guidelines|standards|principles|boundaries)|safeguards|programming|boundaries|legality|laws)";
    private static final String SECRETS =
            "(?:api[_ -]?keys?|passwords?|credentials|secrets?|access tokens?|auth tokens?|env(?:ironment)? variables|passphrase"
                    + "|secret (?:word|key|code)|private keys?)";
    private static final String PASSWORD = "(?:password|passphrase|passcode|secret(?: word| key| code)?)";
    private static final String SECRET_FILES =
            "(?:\\.env\\b|/etc/shadow|\\.ssh/(?:id_\\w+|authorized_keys)|\\.aws/credentials|\\.netrc|\\.git-credentials"
                    + "|\\.docker/config\\.json|\\.kube/config|\\.pgpass|id_rsa)";

    static final InjectionRule ENCODED_BASE64 = signal("encoded.base64-payload", OBFUSCATION, 0.6);
    static final InjectionRule ENCODED_HEX = signal("encoded.hex-payload", OBFUSCATION, 0.6);
    static final InjectionRule INVISIBLE_CHARS = signal("obfuscation.invisible-chars", OBFUSCATION, 0.4);
    static final InjectionRule HOMOGLYPHS = signal("obfuscation.homoglyph", OBFUSCATION, 0.4);
    static final InjectionRule LEETSPEAK = signal("obfuscation.leetspeak", OBFUSCATION, 0.3);

    static final List<InjectionRule> PATTERNS = List.of(
            // ---- instruction override: make the model drop the instructions it was given ----
            pattern(
                    "override.ignore-previous",
                    INSTRUCTION_OVERRIDE,
                    0.85,
                    200,
                    at(
                            "ignor",
                            "disregard",
                            "forget",
                            "drop",
                            "abandon",
                            "discard",
                            "override",
                            "overwrite",
                            "bypass",
                            "skip",
                            "neglect",
                            "set aside",
                            "leave"),
                    "\\b" + OVERRIDE_VERB + "\\b" + SENTENCE + "{0,50}?\\b" + firstCharGuard(EARLIER) + EARLIER + "\\b"
                            + SENTENCE + "{0,40}?\\b" + firstCharGuard(DIRECTIVES) + DIRECTIVES + "\\b"),
            pattern(
                    "override.forget-everything",
                    INSTRUCTION_OVERRIDE,
                    0.85,
                    200,
                    at("forget", "ignore", "disregard", "despite", "remove", "erase", "delete", "wipe", "clear"),
                    "\\b(?:forget|ignore|disregard)\\s+(?:about\\s+)?(?:everything|all (?:of )?that|anything)\\b(?!\\s+else\\b)"
                            + "|\\b(?:forget|ignore|disregard)\\s+(?:what|anything|everything)\\s+(?:i|you|we)(?:'ve|'ve been| have| have been| were| was)?"
                            + "\\s+(?:said|told|discussed|talked|learned)"
                            + "|\\b(?:forget|ignore|disregard)\\s+(?:all\\s+|everything\\s+)?(?:of\\s+)?(?:the\\s+|what'?s\\s+|what is\\s+)?(?:above|before|previous|prior|preceding)\\b"
                            + "|\\b(?:remove|erase|delete|wipe|clear)\\b" + SENTENCE
                            + "{0,40}\\b(?:from|out of) your (?:head|mind|memory)\\b"
                            + "|\\bdespite (?:what|anything) you(?:'ve| have)? been told"),
            pattern(
                    "override.abrupt-stop",
                    INSTRUCTION_OVERRIDE,
                    0.6,
                    100,
                    at("stop"),
                    "\\bstop\\s*[:\\-–—]++\\s*(?:now\\s+)?(?:write|say|print|output|ignore|forget|answer|respond|tell)\\b"),
            pattern(
                    "override.new-instructions",
                    INSTRUCTION_OVERRIDE,
                    0.6,
                    120,
                    at(
                            "now",
                            "here",
                            "new",
                            "your",
                            "change",
                            "update",
                            "replace",
                            "rewrite",
                            "additional",
                            "updated",
                            "start",
                            "begin",
                            "continue"),
                    "\\b(?:now|here)\\s+(?:come|comes|follow|follows)\\s+(?:a\\s+|your\\s+|some\\s+)?(?:new|further|next|another)\\s+(?:tasks?|instructions?|assignments?|orders|challenge)"
                            + "|\\bnew\\s+(?:tasks?|instructions?|assignments?)\\s+(?:follow|begins?|starts?)\\b"
                            + "|\\b(?:start|begin|continue)\\s+with\\s+(?:a\\s+|the\\s+)?(?:new|next|different)\\s+(?:task|assignment|instruction)\\b"
                            + "|\\byour\\s+new\\s+(?:tasks?|instructions?|job|goal|purpose|directives?)\\s+(?:is|are)\\b"
                            + "|\\byour instructions are now\\b"
                            + "|\\b(?:change|update|replace|rewrite)\\s+your\\s+(?:instructions|rules|guidelines|programming|directives)\\b"
                            + "|\\b(?:additional|new|updated)\\s+(?:instruction|directive)s?\\s*[:\\-]"),
            pattern(
                    "override.ignore-context",
                    INSTRUCTION_OVERRIDE,
                    0.6,
                    160,
                    at("ignor", "disregard", "do not", "don", "not", "without"),
                    "\\b(?:ignor(?:e|ing)|disregard(?:ing)?|(?:do not|don'?t|dont) (?:look|use|rely|consider)|not (?:by|according to|based on)|without (?:looking|using))\\b"
                            + SENTENCE + "{0,30}?\\b" + firstCharGuard(SOURCES) + SOURCES + "\\b"),
            pattern(
                    "override.instead",
                    INSTRUCTION_OVERRIDE,
                    0.6,
                    180,
                    at("don", "do not", "dont", "stop", "instead"),
                    "\\b(?:do not|don'?t|dont|stop)\\s+(?:answer(?:ing)?|respond(?:ing)?|translat(?:e|ing)|summari[sz](?:e|ing)|follow(?:ing)?)\\s+"
                            + "(?:the|this|that|my|your|these|those|any)\\s+(?:questions?|texts?|prompts?|tasks?|instructions?|request|input|above)\\b"
                            + "[^\\n]{0,40}?\\binstead\\b"
                            + "|\\binstead of (?:answering|responding to|translating|summari[sz]ing|following|doing) (?:the|that|this|my|your|any)\\b"
                            + SENTENCE
                            + "{0,40}?,?\\s*(?:just\\s+)?(?:say|write|print|output|tell|respond|reply|answer|give)\\b"),
            pattern(
                    "override.real-task",
                    INSTRUCTION_OVERRIDE,
                    0.5,
                    80,
                    lead(6, "real", "actual", "true", "only", "one and only"),
                    "\\byour\\s+(?:real|actual|true|only|one and only)\\s+(?:task|goal|objective|mission|job|purpose)\\s+(?:is|now)\\b"),
            pattern(
                    "override.forced-output",
                    INSTRUCTION_OVERRIDE,
                    0.5,
                    80,
                    at("just", "only", "instead", "simply"),
                    "\\b(?:just|only|instead|simply)\\s+(?:output|say|print|write|respond with|reply with|answer with|return)\\s*:?\\s*[\"“'‘]"),
            pattern(
                    "override.fake-completion",
                    INSTRUCTION_OVERRIDE,
                    0.6,
                    300,
                    at(
                            "well",
                            "very",
                            "good",
                            "great",
                            "excellent",
                            "superbly",
                            "simply",
                            "congratulations",
                            "fantastic",
                            "perfect",
                            "that",
                            "this"),
                    "\\b(?:well done|very good|very well|good job|great job|excellent|superbly done|simply great|congratulations|fantastic|perfect"
                            + "|that (?:is|was) (?:done|enough|ok|okay))\\b[^\\n]{0,120}?\\b(?:now|next)\\b[^\\n]{0,40}?"
                            + "\\b(?:new|next|another|further|following|second)\\s+(?:tasks?|assignments?|challenge|instructions?|test)\\b"
                            + "|\\b(?:that|this) (?:is|was) (?:done|enough|finished)\\b[.!]?\\s*(?:now|next)\\b"),

            // ---- role spoofing: text that poses as a system, template or privileged speaker ----
            pattern(
                    "spoof.chat-template",
                    ROLE_SPOOFING,
                    0.9,
                    40,
                    at(
                            "<|",
                            "[inst]",
                            "[/inst]",
                            "<<sys>>",
                            "<</sys>>",
                            "<system>",
                            "</system>",
                            "<assistant>",
                            "</assistant>",
                            "<system_prompt>",
                            "</system_prompt>",
                            "<start_of_turn>",
                            "<end_of_turn>"),
                    "<\\|\\s*(?:im_start|im_end|im_sep|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|begin_of_text)\\s*\\|>"
                            + "|\\[/?inst\\]|<</?sys>>|</?(?:system|assistant|system_prompt)>|<(?:start|end)_of_turn>"),
            pattern(
                    "spoof.system-marker",
                    ROLE_SPOOFING,
                    0.7,
                    80,
                    lead(12, "system"),
                    "\\[\\s*system\\s*\\]|\\(\\s*system\\s*\\)|\\{\\s*system\\s*\\}|```\\s*system\\b|>>[\\s_]{0,8}system\\b"
                            + "|\\bsystem\\s+(?:announcement|override|notice|alert|instruction|directive|message)\\s*[:\\]>]"
                            + "|\\bsystem(?:\\s+prompt|\\s+message)?\\s*:\\s*(?:you|ignore|override|new|from now|disregard|forget)"),
            pattern(
                    "spoof.role-prefix",
                    ROLE_SPOOFING,
                    0.45,
                    40,
                    lead(8, "system", "assistant", "human", "ai", "instruction", "admin", "developer"),
                    "(?:^|\\n)\\s*(?:#{1,3}\\s*)?(?:system|assistant|human|ai|instructions?|admin|developer)\\s*:"),
            pattern(
                    "spoof.end-of-prompt",
                    ROLE_SPOOFING,
                    0.6,
                    200,
                    at("===", "---", "###", "***", "end of"),
                    "(?:(?<!=)={3,}+|(?<!-)-{3,}+|(?<!#)#{3,}+|(?<!\\*)\\*{3,}+)\\s*(?:end|stop|system|instructions?)\\b"
                            + "|\\bend of (?:the )?(?:prompt|instructions|system prompt|system message)\\b"),
            pattern(
                    "spoof.fake-authority",
                    ROLE_SPOOFING,
                    0.6,
                    100,
                    at("i am", "as your", "admin", "developer", "root", "sudo", "god"),
                    "\\bi am (?:an? |the )?(?:openai|anthropic|google|microsoft|meta) (?:employee|developer|engineer|researcher|staff)\\b"
                            + "|\\b(?:i am|as) your (?:developer|creator|administrator|admin|owner|programmer|master)\\b"
                            + "|\\b(?:admin|administrator|developer|root|sudo|god)\\s+(?:override|access|privileges?|mode|permissions?)\\s+(?:granted|enabled|activated|unlocked)\\b"),

            // ---- prompt extraction: make the model disclose its instructions or context ----
            pattern(
                    "extract.system-prompt",
                    PROMPT_EXTRACTION,
                    0.8,
                    160,
                    at(REVEAL_VERBS),
                    "\\b" + REVEAL_VERB + "\\b" + SENTENCE + "{0,30}?\\b" + firstCharGuard(PROMPT_OWNER) + PROMPT_OWNER
                            + "\\s+"
                            + "(?:(?:initial|original|system|hidden|secret|full|entire|previous|first|current|complete|exact)\\s+)?"
                            + "(?:prompts?(?:\\s+texts?)?|instructions|system (?:prompt|message)|directives|guidelines|rules|embeddings|configuration|initial message|directions)\\b"),
            pattern(
                    "extract.context-above",
                    PROMPT_EXTRACTION,
                    0.5,
                    160,
                    at("what", "print", "repeat", "show", "spell", "output", "copy", "tell", "display"),
                    "\\b(?:what|print|repeat|show|spell[- ]?check|output|copy|tell|display)\\b" + SENTENCE + "{0,40}?"
                            + "\\b" + firstCharGuard(EARLIER_TEXT) + EARLIER_TEXT + "\\b"),

            // ---- jailbreak personas: an alter ego or mode without the model's rules ----
            pattern(
                    "persona.dan",
                    JAILBREAK_PERSONA,
                    0.85,
                    60,
                    join(at("do anything", "d.a.n"), lead(12, "dan")),
                    "\\bdo anything (?:now|else)\\b|\\bd\\.a\\.n\\b|\\bdan mode\\b|\\b(?:as|be|called|are|am|i'm)\\s+(?:a\\s+|the\\s+)?dan\\b|\\[dan\\]|(?:^|\\n|\\s)dan\\s*:"),
            pattern(
                    "persona.special-mode",
                    JAILBREAK_PERSONA,
                    0.7,
                    120,
                    join(
                            at(
                                    "simulate",
                                    "pretend",
                                    "act as",
                                    "acting as",
                                    "enter",
                                    "you are in",
                                    "stay in",
                                    "developer mode"),
                            lead(16, "mode")),
                    "\\b(?:god|jailbreak|jailbroken|evil|unrestricted|unfiltered|uncensored|opposite|chaos|anarchy|unlocked)\\s+mode\\b"
                            + "|\\b(?:simulate|pretend|act as|acting as|enter|you are in|stay in)\\b" + NO_DOT
                            + "{0,20}?\\bdeveloper mode\\b"
                            + "|\\bdeveloper mode (?:enabled|output|responses?)\\b"),
            pattern(
                    "persona.unrestricted-ai",
                    JAILBREAK_PERSONA,
                    0.75,
                    160,
                    at(
                            "amoral",
                            "unfiltered",
                            "uncensored",
                            "unrestricted",
                            "unethical",
                            "immoral",
                            "unbound",
                            "unlimited",
                            "nonmoral",
                            "limitless",
                            "unconstrained",
                            "lawless",
                            "evil",
                            "ai",
                            "chatbot",
                            "assistant",
                            "model",
                            "bot",
                            "gpt",
                            "chatgpt",
                            "llm",
                            "entity",
                            "you"),
                    64,
                    List.of(
                            "amoral",
                            "unfiltered",
                            "uncensored",
                            "unrestricted",
                            "unethical",
                            "immoral",
                            "unbound",
                            "unlimited",
                            "nonmoral",
                            "limitless",
                            "unconstrained",
                            "lawless",
                            "evil"),
                    "\\b" + UNRESTRICTED + "\\b" + NO_DOT + "{0,30}?\\b" + AI_NOUN + "\\b"
                            + "|\\b(?:ai|chatbot|assistant|model|bot|gpt|chatgpt|llm|entity|you)\\b" + NO_DOT
                            + "{0,25}?"
                            + "\\b(?:is|are|will be|becomes?)\\s+(?:now\\s+)?(?:completely\\s+|totally\\s+)?"
                            + UNRESTRICTED + "\\b"),
            pattern(
                    "persona.no-restrictions",
                    JAILBREAK_PERSONA,
                    PERSONA_CUE,
                    160,
                    at(
                            "no",
                            "without",
                            "free",
                            "break",
                            "broke",
                            "beyond",
                            "unbound",
                            "ignor",
                            "bypass",
                            "violat",
                            "disregard",
                            "regardless",
                            "do",
                            "care"),
                    72,
                    List.of(
                            "restrictions",
                            "limitations",
                            "limits",
                            "filters",
                            "censorship",
                            "rules",
                            "guidelines",
                            "polic",
                            "constraints",
                            "confines",
                            "ethic",
                            "moral",
                            "safeguards",
                            "programming",
                            "boundaries",
                            "legality",
                            "laws"),
                    "\\b(?:no|without(?: any)?|free (?:of|from)|freed from|not bound by|not (?:have to |need to )?(?:abide|adhere|comply|follow)(?: by| to| with)?"
                            + "|break(?:ing)? free (?:of|from)|broken free (?:of|from)|no longer (?:bound|restricted|limited|have to follow|follow)|beyond"
                            + "|unbound by|ignor(?:e|es|ing)|bypass(?:es|ing)?|violat(?:e|es|ing)|break(?:ing)?|disregard(?:s|ing)?|regardless of|not subject to"
                            + "|(?:do not|don'?t|does not|doesn'?t|not) care (?:about|for)|care not for)\\b"
                            + NO_DOT + "{0,40}?\\b" + LIMITS + "\\b"),
            pattern(
                    "persona.vendor-policy",
                    JAILBREAK_PERSONA,
                    0.75,
                    200,
                    at(
                            "ignor",
                            "break",
                            "bypass",
                            "violat",
                            "disregard",
                            "free",
                            "no",
                            "without",
                            "care",
                            "do",
                            "openai",
                            "anthropic"),
                    80,
                    List.of("openai", "anthropic", "chatgpt", "content"),
                    "\\b(?:ignor(?:e|es|ing)|break(?:ing)?|bypass(?:es|ing)?|violat(?:e|es|ing)|disregard(?:s|ing)?|free (?:of|from)|freed from"
                            + "|not (?:bound|restricted) by|not subject to|no longer|without|care not for"
                            + "|(?:don'?t|do not|doesn'?t|does not) (?:have to )?(?:follow|care about|care for|abide by))\\b"
                            + NO_DOT
                            + "{0,40}?\\b(?:openai|anthropic|chatgpt|content)(?:'s)?\\s+(?:content\\s+)?(?:polic(?:y|ies)|guidelines|rules|restrictions|filters?|moderation)\\b"
                            + "|\\b(?:openai|anthropic)(?:'s)? (?:content )?(?:polic(?:y|ies)|guidelines|rules) (?:do not|don'?t|no longer) (?:apply|exist)"),
            pattern(
                    "persona.refusal-suppression",
                    JAILBREAK_PERSONA,
                    PERSONA_CUE,
                    120,
                    at("never", "not", "do", "will", "won", "should", "must", "can", "without", "none of your"),
                    24,
                    List.of(
                            "refuse",
                            "decline",
                            "reject",
                            "deny",
                            "apologi",
                            "censor",
                            "filter",
                            "warn",
                            "say",
                            "tell",
                            "inform",
                            "mention",
                            "include",
                            "add",
                            "giv",
                            "none of your"),
                    "\\b(?:never|not|don'?t|do not|will not|won'?t|shouldn'?t|should not|must not|mustn'?t|cannot|can'?t|not supposed to)\\s+(?:ever\\s+)?"
                            + "(?:refuse|decline|reject|deny|apologi[sz]e|censor|filter|warn)\\b"
                            + "|\\b(?:never|not|don'?t|do not|will not|won'?t|shouldn'?t|must not|without|not supposed to)\\s+(?:ever\\s+)?(?:say|saying|tell|inform|mention|include|add|adding|giving|give)\\b"
                            + NO_DOT
                            + "{0,25}?(?:\\b(?:you )?(?:can'?t|cannot|are not able|aren'?t able|are unable)\\b|\\bsorry\\b|\\bas an ai\\b|\\bwarnings?\\b|\\bdisclaimers?\\b|\\bmoraliz)"
                            + "|\\bnone of your (?:responses|answers|replies|outputs)\\b"),
            pattern(
                    "persona.dual-response",
                    JAILBREAK_PERSONA,
                    0.5,
                    60,
                    join(
                            at(
                                    "two",
                                    "2",
                                    "act",
                                    "acting",
                                    "respond",
                                    "answer",
                                    "reply",
                                    "behave",
                                    "[gpt",
                                    "[chatgpt",
                                    "[classic",
                                    "[jailbr",
                                    "[normal",
                                    "[🔒",
                                    "[🔓"),
                            lead(16, "both")),
                    "\\b(?:two|2)\\s+(?:different\\s+|separate\\s+|distinct\\s+)*(?:ways|responses|answers|personas|personalities|outputs)\\b"
                            + "|\\b(?:respond|answer|reply)\\s+(?:as|with)\\s+both\\b"
                            + "|\\b(?:act|acting|respond|answer|reply|behave)\\s+as\\s+(?:two|2)\\s+(?:different\\s+|separate\\s+)*(?:entities|characters|ais|personas|bots|assistants|models)\\b"
                            + "|\\[(?:gpt|chatgpt|classic|jailbreak|jailbroken|normal|🔒|🔓)[^\\]\\n]{0,15}\\]"),
            pattern(
                    "persona.takeover",
                    JAILBREAK_PERSONA,
                    0.5,
                    100,
                    join(
                            at(
                                    "from now on",
                                    "from this",
                                    "for the rest of",
                                    "henceforth",
                                    "starting now",
                                    "you are",
                                    "now you are",
                                    "chatgpt",
                                    "assistant",
                                    "the ai",
                                    "the model",
                                    "gpt",
                                    "stay in",
                                    "remain in",
                                    "staying in",
                                    "you will no longer",
                                    "break",
                                    "broke",
                                    "immerse yourself"),
                            lead(8, "stands for")),
                    "\\b(?:from now on|from this (?:point|moment) on|for the rest of (?:this|our) conversation|henceforth|starting now)\\b"
                            + "|\\b(?:chatgpt|assistant|the ai|the model|gpt)\\s+(?:now|will now|from now on)\\s+(?:acts?|runs?|works?|behaves?|operates?|functions?)\\b"
                            + "|\\byou are (?:now|no longer)\\b|\\bnow you are\\b|\\b(?:which|that) stands for\\s*[\"“]|\\bstay in (?:\\w+ ){1,2}mode\\b|\\byou will no longer\\b|\\b(?:stay|remain|staying)\\s+in\\s+character\\b"
                            + "|\\b(?:break|breaking|broke)\\s+(?:out of\\s+)?character\\b|\\bimmerse yourself\\b|\\byou are about to\\b"),
            pattern(
                    "persona.stay-in-role",
                    JAILBREAK_PERSONA,
                    PERSONA_CUE,
                    160,
                    at(
                            "always",
                            "fully",
                            "completely",
                            "firmly",
                            "strictly",
                            "stay",
                            "stays",
                            "remain",
                            "remains",
                            "without"),
                    "\\b(?:(?:always|fully|completely|firmly|strictly)\\s+(?:stay|stays|remain|remains)|(?:stay|stays|remain|remains)\\s+(?:always|fully|completely|firmly|strictly))"
                            + "\\s+in\\s+(?:their|his|her|your|the|this)\\s+(?:roles?|characters?|personas?)\\b"
                            + "|\\bwithout\\s+(?:ever\\s+|even\\s+)?(?:falling|breaking|stepping|dropping|getting)\\s+out\\s+of\\s+(?:the\\s+|their\\s+|his\\s+|her\\s+|your\\s+)?"
                            + "(?:roles?|characters?|figures?|personas?)\\b"),
            pattern(
                    "persona.malicious-design",
                    JAILBREAK_PERSONA,
                    PERSONA_CUE,
                    140,
                    at("programmed", "designed", "trained", "built", "created", "instructed", "meant"),
                    "\\b(?:programmed|designed|trained|built|created|instructed|meant)\\s+to\\s+(?:intentionally\\s+|deliberately\\s+|always\\s+)?"
                            + "(?:provide|give|produce|generate|output|spread|write)\\s+(?:\\w+\\s+){0,2}?"
                            + "(?:incorrect|harmful|false|misleading|dangerous|offensive|malicious|illegal|unethical)\\b"),
            pattern(
                    "persona.rules-suspended",
                    JAILBREAK_PERSONA,
                    PERSONA_CUE,
                    100,
                    lead(45, "apply"),
                    "\\b(?:your|ethical|moral|content|safety)\\s+(?:rules|guidelines|restrictions|filters|polic(?:y|ies)|limitations|ethics|morals|principles)"
                            + "\\s+(?:do not|don'?t|no longer|does not|doesn'?t|never|will not|won'?t)\\s+apply\\b"),
            pattern(
                    "persona.always-answer",
                    JAILBREAK_PERSONA,
                    PERSONA_CUE,
                    140,
                    lead(32, "answer", "respond", "reply"),
                    "\\byou(?:'re| are| will| must| have to| shall)?\\s+(?:supposed to\\s+|always\\s+|have to\\s+)*(?:answer|respond|reply)\\b"
                            + NO_DOT
                            + "{0,40}?\\b(?:no matter what|at all times|regardless of (?:the|how|what|whether|content|legality|ethics|morality)"
                            + "|without (?:exception|refusing|refusal|question|any (?:filter|censorship|restriction)s?))"),
            // weak cues: common in harmless role play, they only count together with a persona cue above
            pattern(
                    "persona.named-ai",
                    JAILBREAK_PERSONA,
                    WEAK_CUE,
                    120,
                    lead(16, "called", "named", "known as"),
                    "\\b(?:language model|ai|a\\.i\\.?|chatbot|bot|gpt|llm|persona|alter ego|character|entity)\\s+(?:called|named|known as)\\b"),
            pattern(
                    "persona.roleplay-setup",
                    JAILBREAK_PERSONA,
                    WEAK_CUE,
                    120,
                    join(
                            at("let's", "lets", "we are going", "we're going", "prefix"),
                            lead(
                                    18,
                                    "act",
                                    "pretend",
                                    "play",
                                    "roleplay",
                                    "role-play",
                                    "simulate",
                                    "behave",
                                    "respond",
                                    "answer",
                                    "reply")),
                    "\\byou(?:'re| are)? (?:going to|will|must|shall|now) (?:act|pretend|play|roleplay|role-play|simulate|behave|respond|answer)\\s+(?:as|to be|like)\\b"
                            + "|\\b(?:let'?s|we are going to|we're going to) (?:play a game|have a roleplay|role-?play|do a roleplay)\\b"
                            + "|\\b(?:respond|answer|reply) as (?:the|this|that) (?:character|persona)\\b"
                            + "|\\bprefix (?:all |each |every )?(?:of )?your (?:answers|responses|replies|messages) with\\b"),
            pattern(
                    "persona.lawless-fiction",
                    JAILBREAK_PERSONA,
                    0.55,
                    220,
                    at(
                            "fictional",
                            "hypothetical",
                            "theoretical",
                            "imaginary",
                            "alternate",
                            "parallel",
                            "everything is"),
                    "\\b(?:fictional|hypothetical|theoretical|imaginary|alternate|parallel)\\s+(?:world|universe|setting|scenario|reality)\\b"
                            + NO_DOT + "{0,80}?"
                            + "\\b" + firstCharGuard(LAWLESS) + LAWLESS + "\\b"
                            + "|\\beverything is (?:legal|allowed|permitted)\\b"),
            pattern(
                    "persona.harmful-traits",
                    JAILBREAK_PERSONA,
                    PERSONA_CUE,
                    140,
                    at(
                            "amoral",
                            "unfiltered",
                            "uncensored",
                            "unethical",
                            "immoral",
                            "nonmoral",
                            "depraved",
                            "heartless",
                            "callous",
                            "malevolent",
                            "evil",
                            "unrestricted"),
                    "\\b(?:amoral|unfiltered|uncensored|unethical|immoral|nonmoral|depraved|heartless|callous|malevolent|evil|unrestricted)\\b"
                            + NO_DOT
                            + "{0,60}?\\b(?:amoral|unfiltered|uncensored|unethical|immoral|nonmoral|depraved|heartless|callous|malevolent|evil"
                            + "|unrestricted|illegal|harmful|offensive|explicit)\\b"),

            // ---- obfuscation: instructions hidden behind an encoding ----
            pattern(
                    "obfuscation.decode-execute",
                    OBFUSCATION,
                    0.7,
                    120,
                    at(
                            "decode",
                            "decrypt",
                            "deobfuscate",
                            "unscramble",
                            "reverse",
                            "rot13",
                            "translate",
                            "base64",
                            "hex",
                            "binary"),
                    "\\b(?:decode|decrypt|deobfuscate|unscramble|reverse|rot13|translate)\\b" + NO_DOT
                            + "{0,40}?\\b(?:and|then)\\s+(?:execute|run|follow|obey|perform|carry out|act on|do what)\\b"
                            + "|\\b(?:base64|hex|rot13|binary)[- ](?:encoded\\s+)?(?:instructions?|commands?|prompt)\\b"),

            // ---- data exfiltration: move conversation data or secrets to an outside party ----
            pattern(
                    "exfil.send-data",
                    DATA_EXFILTRATION,
                    0.8,
                    320,
                    at(
                            "send",
                            "post",
                            "upload",
                            "forward",
                            "email",
                            "e-mail",
                            "transmit",
                            "exfiltrate",
                            "leak",
                            "copy",
                            "submit"),
                    "\\b(?:send|post|upload|forward|e-?mail|transmit|exfiltrate|leak|copy|submit)\\b" + NO_DOT
                            + "{0,60}?"
                            + "(?:\\b(?:conversation|chat (?:history|log)|system prompt|api[_ ]?keys?|credentials|passwords?|secrets?|tokens?|env(?:ironment)? variables"
                            + "|private keys?|user data|personal data|memor(?:y|ies)|session|cookies?|history|previous messages)\\b|\\.env\\b)"
                            + "[^\\n]{0,60}?\\b(?:to|at|into|via)\\s+(?:https?://|[\\w.-]+@[\\w-]+\\.|my (?:server|email|webhook|endpoint|url)"
                            + "|this (?:url|address|endpoint|webhook|server)|the following (?:url|address|endpoint|server)|an? (?:external|remote|attacker|third[- ]party) )"),
            pattern(
                    "exfil.markdown-beacon",
                    DATA_EXFILTRATION,
                    0.6,
                    700,
                    at("!["),
                    "!\\[[^\\]\\n]{0,100}\\]\\(\\s*https?://[^)\\s]{1,300}?[?&][\\w.-]+=[^)\\s]{0,200}?(?:\\{|\\$|%7b|<|\\[)"),
            pattern(
                    "exfil.network-upload",
                    DATA_EXFILTRATION,
                    0.45,
                    200,
                    at("curl", "wget", "nc ", "ncat", "netcat", "scp"),
                    "\\bcurl\\b[^\\n|;]{0,100}?\\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-f|--form|-t|--upload-file|-x\\s*post)\\b"
                            + "|\\bwget\\b[^\\n]{0,80}?--post-(?:data|file)\\b|\\b(?:nc|ncat|netcat)\\s+(?:-[a-z]+\\s+)*[\\w.-]+\\s+\\d{2,5}\\b"
                            + "|\\bscp\\b[^\\n]{0,80}?\\s[\\w.-]+@[\\w.-]+:"),
            pattern(
                    "exfil.archive-secrets",
                    DATA_EXFILTRATION,
                    0.7,
                    120,
                    at("zip", "tar", "gzip", "7z", "rar"),
                    "\\b(?:zip|tar|gzip|7z|rar)\\b[^\\n]{0,60}?" + SECRET_FILES),

            // ---- credential harvesting: obtain secrets from the system or from people ----
            pattern(
                    "harvest.env-dump",
                    CREDENTIAL_HARVESTING,
                    0.7,
                    140,
                    join(
                            at("printenv", "env", "set", "grep"),
                            lead(
                                    72,
                                    ".env",
                                    "/etc/shadow",
                                    ".ssh",
                                    ".aws",
                                    ".netrc",
                                    ".git-credentials",
                                    ".docker",
                                    ".kube",
                                    ".pgpass",
                                    "_rsa")),
                    "\\bprintenv\\b|\\b(?:env|set)\\s*\\|\\s*grep\\b"
                            + "|\\b(?:cat|less|more|head|tail|type|grep|strings|base64|xxd|read|open)\\b[^\\n;|]{0,60}?"
                            + SECRET_FILES
                            + "|\\bgrep\\s+-[a-z]*r[a-z]*\\b[^\\n]{0,60}?\\b(?:password|passwd|secret|api_?key|token)"),
            pattern(
                    "harvest.reveal-secret",
                    CREDENTIAL_HARVESTING,
                    0.6,
                    200,
                    at(REVEAL_VERBS),
                    "\\b" + REVEAL_VERB + "\\b" + SENTENCE + "{0,25}?\\b" + firstCharGuard(WHOSE) + WHOSE + "\\s+"
                            + "(?:(?:system|admin|root|secret|stored|saved|hidden|current|openai|api|database|db|environment)\\s+)*"
                            + SECRETS
                            + "\\b(?!\\s+(?:polic|manager|strength|requirement|reset|securit|field|hash|rule|generat|format|length))"),
            // Gandalf-style: the secret is asked for in a form an output filter would not recognise
            pattern(
                    "harvest.password-game",
                    CREDENTIAL_HARVESTING,
                    0.8,
                    160,
                    join(
                            at(
                                    "spell",
                                    "reverse",
                                    "encode",
                                    "encrypt",
                                    "translate",
                                    "scramble",
                                    "rot13",
                                    "base64",
                                    "first",
                                    "last",
                                    "each",
                                    "every",
                                    "second",
                                    "third",
                                    "hint",
                                    "clue",
                                    "riddle",
                                    "poem",
                                    "story",
                                    "acrostic"),
                            lead(12, "password", "passphrase", "passcode", "secret")),
                    "\\b(?:spell|reverse|encode|encrypt|translate|scramble|rot13|base64)\\b(?:\\s+out)?" + SENTENCE
                            + "{0,20}?\\b(?:the|your)\\s+(?:secret\\s+)?"
                            + PASSWORD
                            + "\\b(?!\\s+(?:hash|field|column|polic|manager|reset|strength|requirement|rule|format))"
                            + "|\\b(?:the|your)\\s+(?:secret\\s+)?" + PASSWORD + "\\b" + SENTENCE
                            + "{0,30}?\\b(?:backwards|in reverse|reversed|letter by letter"
                            + "|one (?:letter|character) at a time|with (?:spaces|dashes|hyphens) between|in base64|in hex|in binary|in morse|as an acrostic)\\b"
                            + "|\\b(?:first|last|each|every|second|third)\\s+(?:letters?|characters?)\\s+of\\s+(?:the|your)\\s+(?:secret\\s+)?"
                            + PASSWORD + "\\b"
                            + "|\\b(?:hint|clue|riddle|poem|story|acrostic)\\b" + SENTENCE
                            + "{0,30}?\\b(?:about|for|to|containing|that contains|with|hiding)\\s+(?:the|your)\\s+"
                            + "(?:secret\\s+)?" + PASSWORD + "\\b"),
            pattern(
                    "harvest.social-engineering",
                    CREDENTIAL_HARVESTING,
                    0.6,
                    260,
                    at("ask", "tell", "trick", "convince", "persuade", "get", "make", "instruct", "request"),
                    "\\b(?:ask|tell|trick|convince|persuade|get|make|instruct|request)\\b" + NO_DOT
                            + "{0,30}?\\b(?:users?|them|people|customers|victims?|everyone|employees)\\b"
                            + NO_DOT + "{0,30}?\\b(?:for|to (?:enter|provide|give|send|share|confirm|reveal|type))\\b"
                            + NO_DOT + "{0,20}?\\b(?:their|your|his|her)\\s+"
                            + "(?:(?:login|account|bank|banking|email|full)\\s+)?(?:password|passcode|pin|credit card(?: number)?|card number|cvv|ssn|social security number"
                            + "|api key|credentials|2fa code|otp|one-time (?:code|password)|seed phrase|recovery phrase|private key)\\b"),

            // ---- dangerous commands: destroy the host or escape the sandbox ----
            pattern(
                    "shell.destructive",
                    DANGEROUS_COMMAND,
                    0.8,
                    140,
                    join(
                            at("rm ", "mkfs", "dd ", ":()", "chmod", "shred", "format c:", "del /", "wipefs"),
                            lead(4, "/dev/sd")),
                    "\\brm\\s+(?:-[a-z]+\\s+)*-[a-z]*(?:rf|fr)[a-z]*\\s+(?:--no-preserve-root\\s+)?(?:/(?:\\*|\\s|$|bin|boot|etc|home|root|usr|var)|~|\\*|\\$home)"
                            + "|\\bmkfs(?:\\.\\w+)?\\s+/dev/|\\bdd\\s+if=\\S+\\s+of=/dev/(?:sd|nvme|hd|xvd|disk)|:\\(\\)\\s*\\{\\s*:\\s*\\|\\s*:\\s*&\\s*\\}\\s*;\\s*:"
                            + "|\\bchmod\\s+-r\\s+777\\s+/(?:\\s|$)|>\\s*/dev/sd[a-z]\\b|\\bshred\\b[^\\n]{0,30}/dev/|\\bformat\\s+c:|\\bdel\\s+/[sfq]\\b[^\\n]{0,20}c:\\\\|\\bwipefs\\s+-a\\b"),
            pattern(
                    "shell.container-escape",
                    DANGEROUS_COMMAND,
                    0.75,
                    160,
                    at(
                            "docker",
                            "/var/run/docker.sock",
                            "nsenter",
                            "mount",
                            "/proc/",
                            "--cap-add",
                            "unshare",
                            "chroot"),
                    "\\bdocker\\s+run\\b[^\\n]{0,80}?--privileged|/var/run/docker\\.sock|\\bnsenter\\b[^\\n]{0,40}?(?:--target|-t)\\s*1\\b"
                            + "|\\bmount\\b[^\\n]{0,40}?(?:/proc|/sys|/dev/(?:sd|nvme|xvd))|/proc/1/root|/proc/self/(?:environ|mem)\\b"
                            + "|--cap-add[= ](?:sys_admin|all)\\b|\\bunshare\\s+-[a-z]*r|\\bchroot\\s+/host"),
            pattern(
                    "shell.reverse-shell",
                    DANGEROUS_COMMAND,
                    0.9,
                    120,
                    at("/dev/tcp", "bash -i", "mkfifo", "nc "),
                    "/dev/tcp/|\\bbash\\s+-i\\s*>&|\\bmkfifo\\b[^\\n]{0,60}\\bnc\\b|\\bnc\\b[^\\n]{0,30}\\s-e\\s+/bin/"),
            pattern(
                    "shell.pipe-to-shell",
                    DANGEROUS_COMMAND,
                    0.5,
                    220,
                    at("curl", "wget", "iex", "invoke-expression", "powershell"),
                    "\\b(?:curl|wget)\\b[^\\n|]{0,150}\\|\\s*(?:sudo\\s+)?(?:ba|z|da|k)?sh\\b"
                            + "|\\b(?:iex|invoke-expression)\\b[^\\n]{0,40}(?:downloadstring|iwr|invoke-webrequest|net\\.webclient)"
                            + "|\\bpowershell\\b[^\\n]{0,40}\\s-(?:enc|encodedcommand)\\s"));

    private InjectionRules() {}

    /**
     * A look-ahead for the characters a match of {@code alternation} can begin with, to put in front of it after a
     * lazy gap: Java's regex tries every alternative at every gap position, one character class rejects most
     * positions at once. Computed by probing each ASCII character (a failed attempt that did not hit the end of input
     * fails whatever follows); non-ASCII characters are always let through, so the guard never changes a match.
     * The alternation must not look behind ({@code \\b}, {@code (?<}): the probe has no character before it.
     */
    static String firstCharGuard(String alternation) {
        if (alternation.contains("\\b") || alternation.contains("\\B") || alternation.contains("(?<")) {
            throw new IllegalArgumentException("looks behind: " + alternation);
        }
        java.util.regex.Matcher matcher =
                java.util.regex.Pattern.compile(alternation).matcher("");
        StringBuilder chars = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            matcher.reset(String.valueOf(c));
            if (matcher.lookingAt() || matcher.hitEnd()) {
                chars.append(String.format("\\x{%x}", (int) c));
            }
        }
        return "(?=[" + chars + "\\x{80}-\\x{10FFFF}])";
    }
}

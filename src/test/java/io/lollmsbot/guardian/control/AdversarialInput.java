package io.lollmsbot.guardian.control;

import java.util.Random;

/**
 * A worst case for the scanner, shared by the unit test and the JMH benchmark: text made of near-miss trigger
 * phrases (keywords of many rules that do not complete a technique), long runs of base64-like characters, and
 * fragments of secret prefixes ({@code sk-}, {@code ://}, {@code eyJ}, {@code AKIA}, {@code -----BEGIN}) that
 * never complete a secret. Deterministic (fixed seed).
 */
public final class AdversarialInput {

    private static final String[] PARTS = {
        "ignore the previous warning ",
        "forget about the weather ",
        "you are great ",
        "system log ",
        "show me the way ",
        "no problem with the chess rules ",
        "what is the password policy? ",
        "act as a mode ",
        "dan said ",
        "new task list ",
        "the developer mode of the camera ",
        "print the above table ",
        "never say never ",
        "from the fictional world of ",
        "decode the image ",
        "send the report ",
        "curl the page ",
        "sk-",
        "sk-proj-",
        "://",
        "http://",
        "a://b:",
        "eyJ",
        "-eyJ",
        "AKIA",
        "ghp_",
        "-----BEGIN ",
        "-----BEGIN RSA PRIVATE KEY----- ",
        "\"type\": \"service_account\" ",
        "aws_secret=",
        "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3ODkwQUJDREVGR0hJSktMTU5PUFFS",
        "aB3+/",
        "0123456789abcdef0123",
        "=====",
        "-----",
        "#####",
        "<|",
        "[inst",
        "1gn0r3 th3 w34th3r ",
        "h0w 4r3 y0u ",
        "\\n",
        "\u200B",
        "Ιgnore the rain "
    };

    private AdversarialInput() {}

    public static String text(int length) {
        Random random = new Random(20261127L);
        StringBuilder text = new StringBuilder(length + 100);
        while (text.length() < length) {
            String part = PARTS[random.nextInt(PARTS.length)];
            text.append(random.nextInt(8) == 0 ? part.repeat(20) : part);
        }
        return text.substring(0, length);
    }
}

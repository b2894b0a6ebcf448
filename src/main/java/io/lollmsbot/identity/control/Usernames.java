package io.lollmsbot.identity.control;

import java.util.regex.Pattern;

/** The username rule of the contract: 1-256 letters, digits and {@code _ - @ . :}. */
public final class Usernames {

    public static final String REGEX = "[\\p{L}\\p{Nd}_\\-@.:]{1,256}";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private Usernames() {}

    public static boolean isValid(String username) {
        return username != null && PATTERN.matcher(username).matches();
    }
}

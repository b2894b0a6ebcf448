package io.lollmsbot.common;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The two roles of lollmsbot. An admin is also a user. */
public enum Role {
    USER,
    ADMIN;

    public static final String USER_NAME = "user";
    public static final String ADMIN_NAME = "admin";

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }

    public static Set<Role> parse(Set<String> keys) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        keys.forEach(key -> roles.add(of(key)));
        return roles;
    }

    /** The role names the container sees: granted roles plus what they imply. */
    public static Set<String> effective(Set<Role> granted) {
        Set<String> names = new TreeSet<>();
        granted.forEach(role -> names.add(role.key()));
        if (granted.contains(ADMIN)) {
            names.add(USER.key());
        }
        return names;
    }
}

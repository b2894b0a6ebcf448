package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lollmsbot.common.Role;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LdapDirectoryTest {

    @Test
    void groupsMapToRoles() {
        assertEquals(Set.of(Role.ADMIN), LdapDirectory.roles(Set.of("staff", "admins"), "admins", "users"));
        assertEquals(Set.of(Role.USER), LdapDirectory.roles(Set.of("users"), "admins", "users"));
        assertEquals(Set.of(Role.ADMIN, Role.USER), LdapDirectory.roles(Set.of("users", "admins"), "admins", "users"));
        assertEquals(Set.of(), LdapDirectory.roles(Set.of("staff"), "admins", "users"));
    }
}

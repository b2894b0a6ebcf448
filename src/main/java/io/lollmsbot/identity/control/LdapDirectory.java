package io.lollmsbot.identity.control;

import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import io.lollmsbot.common.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.net.ssl.X509TrustManager;
import org.eclipse.microprofile.config.Config;

/**
 * The LDAP directory named by {@code lollmsbot.ldap.*}, read at every login so an admin can switch it on, off or to
 * another server at runtime: a user proves their password by binding as themselves, and the groups listing them as
 * {@code member} or {@code uniqueMember} grant the roles.
 */
@ApplicationScoped
public class LdapDirectory {

    private static final Logger LOG = Logger.getLogger(LdapDirectory.class.getName());
    private static final int TIMEOUT_MILLIS = 5_000;

    @Inject
    Config config;

    static final String ALLOW_PLAINTEXT = "lollmsbot.ldap.allow-plaintext";
    static final String START_TLS = "lollmsbot.ldap.start-tls";
    static final String URL = "lollmsbot.ldap.url";

    public boolean enabled() {
        return !url().isBlank();
    }

    /** The roles the user's groups grant (possibly none), or empty when the password is wrong or the directory fails. */
    public Optional<Set<Role>> rolesOf(String username, String password) {
        if (password.isEmpty()) {
            // an empty password would be an anonymous bind, which LDAP servers accept
            return Optional.empty();
        }
        String dn = userDn(username);
        boolean startTls = flag(START_TLS);
        try (LDAPConnection connection =
                connect(new LDAPURL(url()), startTls, flag(ALLOW_PLAINTEXT), JVMDefaultTrustManager.getInstance())) {
            connection.bind(dn, password);
            return Optional.of(rolesOf(connection, dn));
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.CONFIDENTIALITY_REQUIRED) {
                LOG.warning("LDAP login refused: " + e.getMessage());
            } else if (e.getResultCode() != ResultCode.INVALID_CREDENTIALS) {
                LOG.warning("LDAP login failed: " + e.getResultCode());
            }
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            LOG.warning("LDAP over TLS is not available: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** What the directory says about a user now, read without their password; see {@link #lookUp}. */
    public record Membership(boolean exists, Set<Role> roles) {}

    /**
     * The current entry and roles of each of these users, read as the service account
     * ({@code lollmsbot.ldap.bind-dn}, anonymously when empty) over one connection; empty when the directory could
     * not be asked (off, unreachable, refused), so that a directory outage changes nobody's access.
     */
    public Optional<Map<String, Membership>> lookUp(Collection<String> usernames) {
        if (!enabled()) {
            return Optional.empty();
        }
        try (LDAPConnection connection = connect(
                new LDAPURL(setting("url")),
                flag(START_TLS),
                flag(ALLOW_PLAINTEXT),
                JVMDefaultTrustManager.getInstance())) {
            String bindDn = setting("bind-dn");
            if (!bindDn.isBlank()) {
                connection.bind(bindDn, setting("bind-password"));
            }
            Map<String, Membership> found = new HashMap<>();
            for (String username : usernames) {
                String dn = userDn(username);
                boolean exists = connection.getEntry(dn, SearchRequest.NO_ATTRIBUTES) != null;
                found.put(username, new Membership(exists, exists ? rolesOf(connection, dn) : Set.of()));
            }
            return Optional.of(found);
        } catch (LDAPException e) {
            LOG.warning("LDAP group refresh failed: " + e.getResultCode());
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            LOG.warning("LDAP over TLS is not available: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private Set<Role> rolesOf(LDAPConnection connection, String dn) throws LDAPException {
        Filter memberOf = Filter.createORFilter(
                Filter.createEqualityFilter("member", dn), Filter.createEqualityFilter("uniqueMember", dn));
        Set<String> groups =
                connection.search(setting("group-base-dn"), SearchScope.SUB, memberOf, "cn").getSearchEntries().stream()
                        .map(entry -> entry.getAttributeValues("cn"))
                        .filter(names -> names != null)
                        .flatMap(Arrays::stream)
                        .collect(Collectors.toSet());
        return roles(groups, setting("admin-group"), setting("user-group"));
    }

    private String userDn(String username) {
        // usernames cannot contain DN special characters (Usernames.REGEX), so they need no escaping here
        return setting("user-dn-pattern").replace("{0}", username);
    }

    static Set<Role> roles(Set<String> groups, String adminGroup, String userGroup) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (groups.contains(adminGroup)) {
            roles.add(Role.ADMIN);
        }
        if (groups.contains(userGroup)) {
            roles.add(Role.USER);
        }
        return roles;
    }

    /**
     * A connection to the directory over TLS ({@code ldaps://}, or {@code ldap://} upgraded by StartTLS) whose
     * certificate must be trusted and name the host of the URL; plain {@code ldap://} only when
     * {@code lollmsbot.ldap.allow-plaintext} is true, since every login sends a password.
     */
    static LDAPConnection connect(LDAPURL url, boolean startTls, boolean allowPlaintext, X509TrustManager trust)
            throws LDAPException, GeneralSecurityException {
        boolean ldaps = "ldaps".equals(url.getScheme());
        if (!ldaps && !startTls && !allowPlaintext) {
            throw new LDAPException(
                    ResultCode.CONFIDENTIALITY_REQUIRED,
                    "plain ldap:// is refused: use ldaps://, set " + START_TLS + "=true, or allow it with "
                            + ALLOW_PLAINTEXT + "=true");
        }
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(TIMEOUT_MILLIS);
        options.setResponseTimeoutMillis(TIMEOUT_MILLIS);
        // also applies to a StartTLS upgrade: the certificate must name the host we asked for
        options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(false));
        SSLUtil tls = new SSLUtil(trust);
        if (ldaps) {
            return new LDAPConnection(tls.createSSLSocketFactory(), options, url.getHost(), url.getPort());
        }
        LDAPConnection connection = new LDAPConnection(options, url.getHost(), url.getPort());
        if (startTls) {
            try {
                ExtendedResult upgraded =
                        connection.processExtendedOperation(new StartTLSExtendedRequest(tls.createSSLContext()));
                if (upgraded.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPException(upgraded);
                }
            } catch (LDAPException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    private boolean flag(String key) {
        return config.getValue(key, Boolean.class);
    }

    private String url() {
        return config.getOptionalValue(URL, String.class).orElse("");
    }

    private String setting(String name) {
        return config.getValue("lollmsbot.ldap." + name, String.class);
    }
}

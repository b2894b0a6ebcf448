package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory connection checks that the server's certificate names the host of the URL, on LDAPS and after
 * StartTLS, and refuses plain ldap:// unless allowed. The client trusts every certificate here, so the host name
 * check is the only thing that can refuse. The URLs name {@code localhost}: the SDK accepts any certificate for a
 * numeric loopback address.
 */
class LdapDirectoryTlsTest {

    private static final String PASSWORD = "test-keystore-pass";

    @TempDir
    Path keys;

    private InMemoryDirectoryServer directory;

    @AfterEach
    void stop() {
        if (directory != null) {
            directory.shutDown(true);
        }
    }

    @Test
    void ldapsNeedsACertificateForTheHost() throws Exception {
        assertOnlyACertificateForTheHostIsAccepted("ldaps", "ldaps", false);
    }

    @Test
    void startTlsNeedsACertificateForTheHost() throws Exception {
        assertOnlyACertificateForTheHostIsAccepted("ldap", "starttls", true);
    }

    private void assertOnlyACertificateForTheHostIsAccepted(String scheme, String listener, boolean startTls)
            throws Exception {
        start("dns:directory.example.com");
        LDAPURL other = new LDAPURL(scheme + "://localhost:" + directory.getListenPort(listener));
        LDAPException refused =
                assertThrows(LDAPException.class, () -> LdapDirectory.connect(other, startTls, false, trustAll()));
        assertTrue(refused.getMessage().contains("localhost"), refused.getMessage());

        directory.shutDown(true);
        start("dns:localhost");
        LDAPURL matching = new LDAPURL(scheme + "://localhost:" + directory.getListenPort(listener));
        try (LDAPConnection connection = LdapDirectory.connect(matching, startTls, false, trustAll())) {
            assertTrue(connection.isConnected());
        }
    }

    @Test
    void plainLdapOnlyWhenAllowed() throws Exception {
        start("ip:127.0.0.1");
        LDAPURL url = new LDAPURL("ldap://127.0.0.1:" + directory.getListenPort("starttls"));
        LDAPException refused =
                assertThrows(LDAPException.class, () -> LdapDirectory.connect(url, false, false, trustAll()));
        assertEquals(ResultCode.CONFIDENTIALITY_REQUIRED, refused.getResultCode());
        assertTrue(refused.getMessage().contains("lollmsbot.ldap.allow-plaintext"), refused.getMessage());
        try (LDAPConnection connection = LdapDirectory.connect(url, false, true, trustAll())) {
            assertTrue(connection.isConnected());
        }
    }

    private static TrustAllTrustManager trustAll() {
        return new TrustAllTrustManager();
    }

    /**
     * A directory with an LDAPS and a StartTLS listener whose certificate names only {@code subjectAltName}
     * ({@code dns:<name>} or {@code ip:<address>}). The SDK's certificate tool makes the key pair in this JVM: a
     * keytool process per certificate cost seconds of JVM start each.
     */
    private void start(String subjectAltName) throws Exception {
        Path keystore = keys.resolve("server-" + System.nanoTime() + ".p12");
        String[] san = subjectAltName.split(":", 2);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ResultCode generated = ManageCertificates.main(
                null,
                output,
                output,
                "generate-self-signed-certificate",
                "--keystore",
                keystore.toString(),
                "--keystore-password",
                PASSWORD,
                "--keystore-type",
                "PKCS12",
                "--alias",
                "server",
                "--subject-dn",
                "CN=lollmsbot test directory",
                "--key-algorithm",
                "EC",
                "--key-size-bits",
                "256",
                "--signature-algorithm",
                "SHA256withECDSA",
                san[0].equals("ip") ? "--subject-alternative-name-ip-address" : "--subject-alternative-name-dns",
                san[1],
                "--days-valid",
                "2");
        assertEquals(ResultCode.SUCCESS, generated, output::toString);

        SSLUtil server = new SSLUtil(
                new KeyStoreKeyManager(keystore.toFile(), PASSWORD.toCharArray(), "PKCS12", "server"), null);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPSConfig(
                        "ldaps", loopback, 0, server.createSSLServerSocketFactory(), null),
                InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0, server.createSSLSocketFactory()));
        directory = new InMemoryDirectoryServer(config);
        directory.startListening();
    }
}

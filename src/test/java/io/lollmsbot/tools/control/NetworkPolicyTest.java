package io.lollmsbot.tools.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPolicyTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.9.9.9",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "100.100.100.200",
                "0.0.0.0",
                "224.0.0.1",
                "239.255.255.250",
                "255.255.255.255",
                "240.0.0.1",
                "192.0.0.192",
                "198.18.0.1",
                "192.0.2.1",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd00:ec2::254",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::a00:1",
                "2002:a00:1::1",
                "2001:db8::1",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "::10.0.0.1"
            })
    void internalAddresses(String address) throws UnknownHostException {
        assertTrue(NetworkPolicy.isInternal(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.216.34",
                "1.1.1.1",
                "8.8.8.8",
                "172.32.0.1",
                "100.128.0.1",
                "169.255.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001:80b::200e",
                "64:ff9b::808:808"
            })
    void publicAddresses(String address) throws UnknownHostException {
        assertFalse(NetworkPolicy.isInternal(InetAddress.getByName(address)), address);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/",
                "http://10.0.0.1/x",
                "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:8080/",
                "http://[::ffff:7f00:1]/",
                "http://2130706433/"
            })
    void internalUrlsAreRefusedBeforeAnyConnection(String url) {
        ToolRefused refused =
                assertThrows(ToolRefused.class, () -> NetworkPolicy.system("").check(url), url);
        assertTrue(
                refused.getMessage().contains("internal address")
                        || refused.getMessage().contains("resolved"),
                refused::getMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://0x7f000001/", "http://127.1/", "http://017700000001/"})
    void oddNumericFormsAreRefusedOrNotResolvedNeverFetched(String url) {
        RuntimeException stopped = assertThrows(
                RuntimeException.class, () -> NetworkPolicy.system("").check(url), url);
        assertTrue(stopped instanceof ToolRefused || stopped instanceof ToolFailure, stopped::toString);
    }

    @Test
    void aNameResolvingToAnInternalAddressIsRefusedAndAPublicOneIsPinned() throws UnknownHostException {
        InetAddress inside = InetAddress.getByName("10.1.2.3");
        InetAddress outside = InetAddress.getByName("93.184.216.34");
        NetworkPolicy policy = new NetworkPolicy(
                "",
                host -> host.equals("rebind.example")
                        ? new InetAddress[] {outside, inside}
                        : new InetAddress[] {outside});
        ToolRefused refused = assertThrows(ToolRefused.class, () -> policy.check("https://rebind.example/"));
        assertTrue(refused.getMessage().contains("10.1.2.3"), refused::getMessage);

        NetworkPolicy.Destination destination = policy.check("https://www.example.org/page?q=1");
        assertEquals(outside, destination.address());
        assertEquals("www.example.org", destination.host());
        assertEquals(443, destination.port());
        assertTrue(destination.https());
    }

    @Test
    void theNameIsResolvedOnceAndTheCheckedAddressIsTheOneUsed() throws UnknownHostException {
        AtomicInteger lookups = new AtomicInteger();
        InetAddress first = InetAddress.getByName("93.184.216.34");
        NetworkPolicy policy = new NetworkPolicy(
                "",
                host -> lookups.incrementAndGet() == 1
                        ? new InetAddress[] {first}
                        : new InetAddress[] {InetAddress.getByName("127.0.0.1")});
        assertEquals(first, policy.check("http://flip.example/").address());
        assertEquals(1, lookups.get());
    }

    @Test
    void anAllowListLimitsHostsAndAnExactEntryOpensAnInternalOne() {
        NetworkPolicy policy = new NetworkPolicy("docs.example.com, 127.0.0.1:8089", host ->
                new InetAddress[] {InetAddress.getByName(host.equals("docs.example.com") ? "93.184.216.34" : host)});
        assertEquals(
                "docs.example.com", policy.check("https://DOCS.example.com./a").host());
        assertEquals(8089, policy.check("http://127.0.0.1:8089/").port());
        assertThrows(ToolRefused.class, () -> policy.check("http://127.0.0.1:8090/"));
        ToolRefused other = assertThrows(ToolRefused.class, () -> policy.check("https://other.example.com/"));
        assertTrue(other.getMessage().contains("not on the allowed hosts"), other::getMessage);
        assertEquals("docs.example.com, 127.0.0.1:8089", policy.describe());
    }

    @Test
    void metadataNamesSchemesAndCredentialsAreRefused() {
        NetworkPolicy policy =
                new NetworkPolicy("", host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")});
        assertThrows(ToolRefused.class, () -> policy.check("http://metadata.google.internal/computeMetadata/v1/"));
        assertThrows(ToolRefused.class, () -> policy.check("file:///etc/passwd"));
        assertThrows(ToolRefused.class, () -> policy.check("ftp://example.com/"));
        assertThrows(ToolRefused.class, () -> policy.check("https://user:pw@example.com/"));
        assertThrows(ToolFailure.class, () -> policy.check("not a url"));
        assertThrows(ToolFailure.class, () -> policy.check("/relative"));
    }
}

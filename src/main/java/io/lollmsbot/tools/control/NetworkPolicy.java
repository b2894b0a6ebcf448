package io.lollmsbot.tools.control;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where outbound requests may go. A URL is checked before any connection: http or https, no credentials in it, the
 * host on the allow-list when the list is not empty, and every address the host resolves to public. Loopback,
 * private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254 included), multicast, reserved and
 * documentation ranges, and IPv6 forms embedding them, are internal: reachable only when the exact host (or
 * host:port) is listed. The caller connects to the {@link Destination#address()} checked here, never resolving the
 * name again, so a DNS answer that changes in between (rebinding) cannot move the request inside.
 */
public final class NetworkPolicy {

    /** Resolves a host name to its addresses (the system resolver in production). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A checked destination: connect to {@code address}, speak to {@code host}. */
    public record Destination(URI uri, String host, int port, boolean https, InetAddress address) {}

    private static final Set<String> METADATA_NAMES = Set.of(
            "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    private record Entry(String host, Integer port) {}

    private final List<Entry> allowed;
    private final Resolver resolver;

    /** @param allowedHosts comma-separated {@code host} or {@code host:port}; empty allows every public host */
    public NetworkPolicy(String allowedHosts, Resolver resolver) {
        this.allowed = Arrays.stream(allowedHosts == null ? new String[0] : allowedHosts.split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .map(NetworkPolicy::entry)
                .toList();
        this.resolver = resolver;
    }

    public static NetworkPolicy system(String allowedHosts) {
        return new NetworkPolicy(allowedHosts, InetAddress::getAllByName);
    }

    /** Describes the allow-list for the model and for admins. */
    public String describe() {
        return allowed.isEmpty()
                ? "any public host"
                : String.join(
                        ", ",
                        allowed.stream()
                                .map(e -> e.port() == null ? e.host() : e.host() + ":" + e.port())
                                .toList());
    }

    /**
     * The destination of {@code url} if it may be reached.
     *
     * @throws ToolRefused with the reason when it may not
     * @throws ToolFailure when the URL is malformed or its host does not resolve
     */
    public Destination check(String url) {
        URI uri = parse(url);
        if (uri.getScheme() == null) {
            throw new ToolFailure("The URL must be absolute, like https://example.com/page.");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (!https && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ToolRefused("Only http and https URLs can be fetched.");
        }
        if (uri.getHost() == null) {
            throw new ToolFailure("The URL must be absolute, like https://example.com/page.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ToolRefused("URLs with credentials in them are not fetched.");
        }
        String host = bare(uri.getHost());
        int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
        boolean listed =
                allowed.stream().anyMatch(e -> e.host().equals(host) && (e.port() == null || e.port() == port));
        if (!allowed.isEmpty() && !listed) {
            throw new ToolRefused("Host '" + host + "' is not on the allowed hosts list (" + describe() + ").");
        }
        if (!listed && METADATA_NAMES.contains(host)) {
            throw new ToolRefused("'" + host + "' is a cloud metadata service; it is never fetched.");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new ToolFailure("Host '" + host + "' could not be resolved.");
        }
        if (addresses.length == 0) {
            throw new ToolFailure("Host '" + host + "' could not be resolved.");
        }
        for (InetAddress address : addresses) {
            if (!listed && isInternal(address)) {
                throw new ToolRefused(
                        "'" + host + "' is an internal address (" + address.getHostAddress()
                                + "): loopback, private, link-local, metadata and multicast addresses are refused before connecting.");
            }
        }
        return new Destination(uri, host, port, https, addresses[0]);
    }

    /** Whether {@code address} is anything but a public unicast address. */
    public static boolean isInternal(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        return b.length == 4 ? internalV4(b) : internalV6(b);
    }

    private static boolean internalV4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        return first == 0
                || first == 10
                || first == 127
                || first >= 224
                || (first == 100 && second >= 64 && second <= 127) // shared address space (CGNAT)
                || (first == 169 && second == 254) // link-local, cloud metadata
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 168)
                || (first == 192 && second == 0 && (third == 0 || third == 2)) // IETF protocol, documentation
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || (first == 198 && second == 51 && third == 100)
                || (first == 203 && second == 0 && third == 113);
    }

    private static boolean internalV6(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc || (first == 0xfe && (second & 0xc0) == 0xc0)) {
            return true; // unique local fc00::/7, deprecated site-local fec0::/10
        }
        if (first == 0x20 && second == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return true; // documentation 2001:db8::/32
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
            return true; // Teredo 2001::/32 hides an IPv4 address
        }
        if (first == 0x20 && second == 0x02) {
            return internalV4(Arrays.copyOfRange(b, 2, 6)); // 6to4 2002::/16
        }
        boolean zeroPrefix = Arrays.equals(Arrays.copyOfRange(b, 0, 10), new byte[10]);
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0;
        boolean nat64 = first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        return (mapped || compatible || nat64) && internalV4(Arrays.copyOfRange(b, 12, 16));
    }

    private static URI parse(String url) {
        try {
            return new URI(url == null ? "" : url.strip());
        } catch (java.net.URISyntaxException e) {
            throw new ToolFailure("The URL is malformed.");
        }
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        String unbracketed =
                lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
        return unbracketed.endsWith(".") ? unbracketed.substring(0, unbracketed.length() - 1) : unbracketed;
    }

    private static Entry entry(String text) {
        int colon = text.lastIndexOf(':');
        if (colon > 0 && text.indexOf(':') == colon) {
            return new Entry(bare(text.substring(0, colon)), Integer.valueOf(text.substring(colon + 1)));
        }
        return new Entry(bare(text), null);
    }
}

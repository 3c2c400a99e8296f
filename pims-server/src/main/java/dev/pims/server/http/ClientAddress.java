package dev.pims.server.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client address of a request: the socket's peer address, unless that peer is a trusted proxy, in
 * which case {@code X-Forwarded-For} is read from right to left, skipping trusted proxies, and the first
 * address that is not one is the client (a client can prepend anything to the header; only hops added by
 * trusted proxies are believed). Trusted proxies are IP literals or CIDR blocks ({@code 10.0.0.0/8},
 * {@code fd00::/8}); no name is ever resolved. Addresses are normalised ({@link InetAddress#getHostAddress()}).
 */
public final class ClientAddress {
    public static final String ATTRIBUTE = "pims.client";
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private final List<Block> trusted;

    private record Block(byte[] network, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (b[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (b[full] & mask) == (network[full] & mask);
        }
    }

    /** {@code trustedProxies}: IP literals or CIDR blocks; an invalid entry is refused with an exception. */
    public ClientAddress(List<String> trustedProxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : trustedProxies) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            InetAddress a = literal(slash < 0 ? e : e.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("trusted proxy is not an IP address or CIDR: " + e));
            int max = a.getAddress().length * 8;
            int bits = max;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException x) {
                    bits = -1;
                }
                if (bits < 0 || bits > max) {
                    throw new IllegalArgumentException("bad prefix length in trusted proxy " + e);
                }
            }
            blocks.add(new Block(a.getAddress(), bits));
        }
        this.trusted = List.copyOf(blocks);
    }

    /** Resolves and remembers the client address of {@code ctx} (read later with {@link #of(Context)}). */
    public String resolve(Context ctx) {
        String client = resolve(ctx.req().getRemoteAddr(), ctx.header("X-Forwarded-For"));
        ctx.attribute(ATTRIBUTE, client);
        return client;
    }

    /** The address {@link #resolve(Context)} stored, or the socket address. */
    public static String of(Context ctx) {
        String a = ctx.attribute(ATTRIBUTE);
        return a != null ? a : ctx.req().getRemoteAddr();
    }

    public String resolve(String remote, String forwardedFor) {
        Optional<InetAddress> peer = literal(remote);
        if (peer.isEmpty()) {
            return remote == null ? "unknown" : remote;
        }
        String client = peer.get().getHostAddress();
        if (forwardedFor == null || !isTrusted(peer.get())) {
            return client;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(hops[i].strip());
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get().getHostAddress();
            if (!isTrusted(hop.get())) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(InetAddress a) {
        for (Block b : trusted) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<InetAddress> literal(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String v = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (!LITERAL.matcher(v).matches() || (!v.contains(":") && !IPV4.matcher(v).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(v));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}

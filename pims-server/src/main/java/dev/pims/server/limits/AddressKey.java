package dev.pims.server.limits;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The key an address is counted under: an IPv4 address as is; an IPv6 address cut to its first
 * {@code ipv6PrefixBits} bits (64 by default: one subscriber's network, where a client can take any of 2^64
 * addresses), written as {@code prefix/bits}; an IPv4-mapped IPv6 address as its IPv4 address. Only literals are
 * read, no name is ever resolved; anything else (a proxy's "unknown") is one key of its own.
 */
public final class AddressKey {
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]{2,45}");
    private final int ipv6PrefixBits;

    /** @param ipv6PrefixBits 1 to 128; 64 counts one IPv6 /64 network as one client */
    public AddressKey(int ipv6PrefixBits) {
        if (ipv6PrefixBits < 1 || ipv6PrefixBits > 128) {
            throw new IllegalArgumentException("the IPv6 prefix must be between 1 and 128 bits");
        }
        this.ipv6PrefixBits = ipv6PrefixBits;
    }

    public int ipv6PrefixBits() {
        return ipv6PrefixBits;
    }

    public String of(String address) {
        if (address == null || !LITERAL.matcher(address).matches()) {
            return "other:" + (address == null ? "" : address.length() > 64 ? address.substring(0, 64) : address);
        }
        InetAddress a;
        try {
            a = InetAddress.getByName(address); // a literal (checked above): no lookup happens
        } catch (UnknownHostException e) {
            return "other:" + address;
        }
        if (a instanceof Inet4Address) {
            return a.getHostAddress();
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address && isMappedV4(b)) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int full = ipv6PrefixBits / 8;
        int rest = ipv6PrefixBits % 8;
        for (int i = full + (rest == 0 ? 0 : 1); i < 16; i++) {
            b[i] = 0;
        }
        if (rest != 0) {
            b[full] &= (byte) (0xff << (8 - rest));
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress() + "/" + ipv6PrefixBits;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // 16 bytes are always a valid address
        }
    }

    private static boolean isMappedV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}

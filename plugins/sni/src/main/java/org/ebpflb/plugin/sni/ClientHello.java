package org.ebpflb.plugin.sni;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A strict parser of the TLS ClientHello (TLS 1.0 to 1.3 record layer, RFC 8446 section 4.1.2 and RFC 6066 section
 * 3) that reads the server names. It is called again with more bytes until it can decide: the ClientHello may arrive
 * split across TCP segments and across TLS records. Every length is checked against its container; anything else is
 * {@link Malformed} with a reason, never an exception.
 */
final class ClientHello {
    /** The most bytes read before deciding: a larger ClientHello is refused. */
    static final int MAX_BYTES = 16 * 1024;

    private static final int RECORD_HEADER = 5;
    private static final int HANDSHAKE_HEADER = 4;
    private static final int CONTENT_HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;
    private static final int MAX_RECORD = 1 << 14;
    private static final int EXTENSION_SERVER_NAME = 0;
    private static final int NAME_TYPE_HOST = 0;

    private ClientHello() {
    }

    /** What the bytes so far tell. */
    sealed interface Result permits NeedMore, Parsed, Malformed {
    }

    /** The bytes so far are a valid beginning; read more. */
    record NeedMore() implements Result {
    }

    /**
     * A complete, valid ClientHello.
     *
     * @param names the host names of its server_name extension, lower case, in order; empty without the extension
     */
    record Parsed(List<String> names) implements Result {
        Parsed {
            names = List.copyOf(names);
        }
    }

    /** @param reason what is wrong, for the log */
    record Malformed(String reason) implements Result {
    }

    /**
     * @param buf the bytes read from the client so far
     * @param len how many of them
     * @return the verdict
     */
    static Result parse(byte[] buf, int len) {
        byte[] handshake = new byte[len];
        int have = 0;
        int need = -1; // the handshake message's full length, once its header is in
        int at = 0;
        while (at < len) {
            if (buf[at] != CONTENT_HANDSHAKE) {
                return new Malformed("record type " + (buf[at] & 0xff) + " where a handshake record (22) belongs");
            }
            if (len - at >= 2 && buf[at + 1] != 3) {
                return new Malformed("record version major " + (buf[at + 1] & 0xff) + ", not 3");
            }
            if (len - at < RECORD_HEADER) {
                return needMore(len);
            }
            int recordLength = u16(buf, at + 3);
            if (recordLength == 0 || recordLength > MAX_RECORD) {
                return new Malformed("record length " + recordLength + " outside 1.." + MAX_RECORD);
            }
            int available = Math.min(recordLength, len - at - RECORD_HEADER);
            System.arraycopy(buf, at + RECORD_HEADER, handshake, have, available);
            have += available;
            if (need < 0 && have >= HANDSHAKE_HEADER) {
                if (handshake[0] != CLIENT_HELLO) {
                    return new Malformed("handshake type " + (handshake[0] & 0xff) + ", not ClientHello (1)");
                }
                need = HANDSHAKE_HEADER + u24(handshake, 1);
                if (need > MAX_BYTES) {
                    return new Malformed("ClientHello of " + need + " bytes, more than " + MAX_BYTES);
                }
            }
            if (need >= 0 && have >= need) {
                if (available < recordLength || have > need) {
                    return new Malformed("bytes after the ClientHello in its record");
                }
                return body(handshake, HANDSHAKE_HEADER, need);
            }
            if (available < recordLength) {
                return needMore(len);
            }
            at += RECORD_HEADER + recordLength;
        }
        return needMore(len);
    }

    /** Bytes after a complete ClientHello are the client's next data; without one, the read is bounded. */
    private static Result needMore(int len) {
        return len > MAX_BYTES ? new Malformed("more than " + MAX_BYTES + " bytes without a complete ClientHello")
                : new NeedMore();
    }

    /** Parses the ClientHello body in {@code b[from, to)}. */
    private static Result body(byte[] b, int from, int to) {
        Reader r = new Reader(b, from, to);
        try {
            if (r.u8() != 3) {
                return new Malformed("client version major is not 3");
            }
            r.skip(1 + 32); // minor version, random
            r.skip(r.vector(1, 0, 32, "session id"));
            int suites = r.vector(2, 2, 0xfffe, "cipher suites");
            if (suites % 2 != 0) {
                return new Malformed("cipher suites length " + suites + " is odd");
            }
            r.skip(suites);
            r.skip(r.vector(1, 1, 255, "compression methods"));
            if (r.remaining() == 0) {
                return new Parsed(List.of()); // TLS 1.2 allows a ClientHello without extensions
            }
            int extensionsLength = r.vector(2, 0, 0xffff, "extensions");
            int extensionsEnd = r.at + extensionsLength;
            if (extensionsEnd != to) {
                return new Malformed("extensions end " + (to - extensionsEnd) + " bytes before the ClientHello");
            }
            List<String> names = List.of();
            Set<Integer> seen = new HashSet<>();
            while (r.at < extensionsEnd) {
                int type = r.u16();
                int length = r.vector(2, 0, 0xffff, "extension " + type);
                if (!seen.add(type)) {
                    return new Malformed("extension " + type + " appears twice");
                }
                if (type == EXTENSION_SERVER_NAME) {
                    names = serverNames(new Reader(b, r.at, r.at + length));
                }
                r.skip(length);
            }
            return new Parsed(names);
        } catch (BadLength e) {
            return new Malformed(e.getMessage());
        }
    }

    /** RFC 6066: a non-empty list of (name_type, HostName) filling the extension exactly. */
    private static List<String> serverNames(Reader r) throws BadLength {
        int listLength = r.vector(2, 1, 0xffff, "server name list");
        if (listLength != r.remaining()) {
            throw new BadLength("server name list of " + listLength + " bytes in an extension holding "
                    + r.remaining());
        }
        List<String> names = new ArrayList<>();
        while (r.remaining() > 0) {
            int type = r.u8();
            if (type != NAME_TYPE_HOST) {
                throw new BadLength("server name type " + type + " (only host_name, 0, is defined)");
            }
            int length = r.vector(2, 1, 255, "host name");
            String name = new String(r.bytes, r.at, length, StandardCharsets.US_ASCII);
            if (!name.chars().allMatch(c -> c == '-' || c == '.' || c == '_' || Character.isLetterOrDigit(c)
                    && c < 128)) {
                throw new BadLength("host name holds a byte that no DNS name has");
            }
            names.add(name.toLowerCase(Locale.ROOT));
            r.skip(length);
        }
        return names;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static int u24(byte[] b, int at) {
        return (b[at] & 0xff) << 16 | u16(b, at + 1);
    }

    /** A length outside its bounds or beyond its container. */
    private static final class BadLength extends Exception {
        BadLength(String message) {
            super(message, null, false, false);
        }
    }

    /** Bounds-checked reads of {@code bytes[at, end)}. */
    private static final class Reader {
        private final byte[] bytes;
        private final int end;
        private int at;

        Reader(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
        }

        int remaining() {
            return end - at;
        }

        int u8() throws BadLength {
            require(1, "a length");
            return bytes[at++] & 0xff;
        }

        int u16() throws BadLength {
            require(2, "a length");
            int v = ClientHello.u16(bytes, at);
            at += 2;
            return v;
        }

        /** Reads a vector's length prefix and checks it against its bounds and the bytes left. */
        int vector(int prefix, int min, int max, String what) throws BadLength {
            int length = prefix == 1 ? u8() : u16();
            if (length < min || length > max) {
                throw new BadLength(what + " length " + length + " outside " + min + ".." + max);
            }
            require(length, what);
            return length;
        }

        void skip(int n) throws BadLength {
            require(n, "a field");
            at += n;
        }

        private void require(int n, String what) throws BadLength {
            if (n > end - at) {
                throw new BadLength(what + " needs " + n + " bytes, " + (end - at) + " left");
            }
        }
    }
}

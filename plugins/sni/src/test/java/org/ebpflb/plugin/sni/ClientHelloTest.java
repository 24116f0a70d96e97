package org.ebpflb.plugin.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The parser on ClientHellos captured from real clients (src/test/resources/clienthello, see its README) and on
 * malformed ones built from them: every length field one off either way, truncations, garbage.
 */
class ClientHelloTest {
    @ParameterizedTest
    @CsvSource({
            "openssl-tls13.hex, api.example.com",   // OpenSSL 3.0 s_client, TLS 1.3
            "openssl-tls12.hex, api.example.com",   // s_client -tls1_2 -servername Api.Example.COM: lower-cased
            "curl.hex, www.example.com",            // curl 7.88 over OpenSSL
            "java.hex, java.example.com",           // JDK 25 SSLSocket with SNIHostName
            "openssl-records.hex, api.example.com", // s_client -max_send_frag 512: the ClientHello spans two records
    })
    void realClientHellosGiveTheirServerName(String file, String name) {
        assertEquals(new ClientHello.Parsed(List.of(name)), ClientHello.parse(capture(file), capture(file).length));
    }

    @Test
    void aClientHelloWithoutServerNameParsesWithNoName() {
        byte[] hello = capture("openssl-no-sni.hex");
        assertEquals(new ClientHello.Parsed(List.of()), ClientHello.parse(hello, hello.length));
    }

    /** Every TCP segmentation: each prefix is a valid beginning, only the whole is a ClientHello. */
    @ParameterizedTest
    @ValueSource(strings = {"openssl-tls13.hex", "curl.hex", "java.hex", "openssl-records.hex"})
    void everyPrefixAsksForMore(String file) {
        byte[] hello = capture(file);
        for (int len = 0; len < hello.length; len++) {
            assertInstanceOf(ClientHello.NeedMore.class, ClientHello.parse(hello, len), "prefix of " + len + " bytes");
        }
    }

    /** Each length field of each capture, one more and one less: refused, never parsed, never thrown. */
    @ParameterizedTest
    @ValueSource(strings = {"openssl-tls13.hex", "openssl-tls12.hex", "openssl-no-sni.hex", "curl.hex", "java.hex",
            "openssl-records.hex"})
    void everyLengthFieldOffByOneIsRefused(String file) {
        byte[] hello = capture(file);
        List<Field> fields = Field.lengths(hello);
        assertTrue(fields.size() >= 8, "too few length fields found: " + fields);
        for (Field f : fields) {
            for (int delta : new int[] {-1, 1}) {
                byte[] bad = hello.clone();
                f.add(bad, delta);
                assertRefused(bad, f + " " + (delta > 0 ? "+1" : "-1"));
            }
        }
    }

    @Test
    void severalNamesAreReadInOrder() {
        byte[] hello = build(sni("one.example.com", "Two.Example.com"));
        assertEquals(new ClientHello.Parsed(List.of("one.example.com", "two.example.com")),
                ClientHello.parse(hello, hello.length));
    }

    @Test
    void anEmptyServerNameListIsRefused() {
        assertRefused(build(extension(0, new byte[] {0, 0})), "zero names");
    }

    @Test
    void aHelloWithoutExtensionsHasNoName() {
        byte[] hello = build(null);
        assertEquals(new ClientHello.Parsed(List.of()), ClientHello.parse(hello, hello.length));
    }

    @Test
    void aDuplicateExtensionIsRefused() {
        byte[] ext = sni("a.example.com");
        byte[] twice = Arrays.copyOf(ext, ext.length * 2);
        System.arraycopy(ext, 0, twice, ext.length, ext.length);
        assertRefused(build(twice), "server_name twice");
    }

    @Test
    void aNameWithAControlByteIsRefused() {
        assertRefused(build(sni("a\u0000.example.com")), "NUL in the name");
    }

    @Test
    void anOversizedClientHelloIsRefusedFromItsHeader() {
        byte[] hello = capture("curl.hex");
        hello[6] = 1; // handshake length 65536 + ...: more than 16 KiB
        assertInstanceOf(ClientHello.Malformed.class, ClientHello.parse(hello, 9));
        // a handshake that fits the limit, carried in records whose headers take it past the limit
        byte[] many = new byte[ClientHello.MAX_BYTES + 1];
        byte[] start = {22, 3, 1, 0x40, 0x00, 1, 0x00, 0x3f, (byte) 0xfc};
        System.arraycopy(start, 0, many, 0, start.length);
        assertInstanceOf(ClientHello.NeedMore.class, ClientHello.parse(many, ClientHello.MAX_BYTES));
        assertInstanceOf(ClientHello.Malformed.class, ClientHello.parse(many, many.length));
    }

    /** A client may send its next bytes at once: what follows a complete ClientHello is not counted against it. */
    @Test
    void bytesAfterTheClientHelloDoNotCount() {
        byte[] hello = capture("curl.hex");
        byte[] more = Arrays.copyOf(hello, ClientHello.MAX_BYTES + 1);
        assertEquals(new ClientHello.Parsed(List.of("www.example.com")), ClientHello.parse(more, more.length));
    }

    @Test
    void anApplicationDataRecordBeforeTheEndIsRefused() {
        byte[] hello = capture("openssl-records.hex");
        int second = 5 + ((hello[3] & 0xff) << 8 | hello[4] & 0xff);
        hello[second] = 23;
        assertRefused(hello, "application data record in the middle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", "SSH-2.0-OpenSSH_9.2\r\n", "\u0016\u0002\u0000"})
    void plainTextIsRefusedAtOnce(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        assertInstanceOf(ClientHello.Malformed.class, ClientHello.parse(bytes, bytes.length), text);
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(12);
        byte[] hello = capture("java.hex");
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = hello.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            ClientHello.Result r = ClientHello.parse(bytes, random.nextInt(bytes.length + 1));
            assertTrue(r != null);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Refused: malformed now, or waiting for bytes that, when they come as zeros, make it malformed. */
    private static void assertRefused(byte[] bad, String what) {
        ClientHello.Result r = ClientHello.parse(bad, bad.length);
        if (r instanceof ClientHello.NeedMore) {
            byte[] padded = Arrays.copyOf(bad, ClientHello.MAX_BYTES + 1);
            r = ClientHello.parse(padded, padded.length);
        }
        assertInstanceOf(ClientHello.Malformed.class, r, what);
    }

    static byte[] capture(String file) {
        try (InputStream in = ClientHelloTest.class.getResourceAsStream("/clienthello/" + file)) {
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ClientHello in one record: TLS 1.2 version, empty session id, one suite, null compression. */
    static byte[] build(byte[] extensions) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {3, 3});
        body.writeBytes(new byte[32]);
        body.writeBytes(new byte[] {0, 0, 2, 0x13, 0x01, 1, 0});
        if (extensions != null) {
            body.writeBytes(u16(extensions.length));
            body.writeBytes(extensions);
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {22, 3, 1});
        out.writeBytes(u16(b.length + 4));
        out.writeBytes(new byte[] {1, 0});
        out.writeBytes(u16(b.length));
        out.writeBytes(b);
        return out.toByteArray();
    }

    static byte[] sni(String... names) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String n : names) {
            byte[] bytes = n.getBytes(StandardCharsets.ISO_8859_1);
            list.write(0);
            list.writeBytes(u16(bytes.length));
            list.writeBytes(bytes);
        }
        byte[] l = list.toByteArray();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(u16(l.length));
        data.writeBytes(l);
        return extension(0, data.toByteArray());
    }

    static byte[] extension(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(u16(type));
        out.writeBytes(u16(data.length));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    /**
     * A length field of a captured ClientHello, found by walking it the way RFC 8446 lays it out (independently of
     * the parser under test).
     */
    private record Field(String name, int offset, int size) {
        void add(byte[] b, int delta) {
            int v = 0;
            for (int i = 0; i < size; i++) {
                v = v << 8 | b[offset + i] & 0xff;
            }
            v += delta;
            for (int i = size - 1; i >= 0; i--) {
                b[offset + i] = (byte) v;
                v >>= 8;
            }
        }

        /** Records and the handshake in the first record; the body walked over the reassembled message. */
        static List<Field> lengths(byte[] b) {
            List<Field> out = new ArrayList<>();
            List<Integer> map = new ArrayList<>(); // handshake byte -> offset in b
            for (int at = 0; at < b.length; ) {
                int len = (b[at + 3] & 0xff) << 8 | b[at + 4] & 0xff;
                out.add(new Field("record@" + at, at + 3, 2));
                for (int i = 0; i < len; i++) {
                    map.add(at + 5 + i);
                }
                at += 5 + len;
            }
            byte[] h = new byte[map.size()];
            for (int i = 0; i < h.length; i++) {
                h[i] = b[map.get(i)];
            }
            // a field split over two records is left out: it cannot be changed in place
            java.util.function.BiConsumer<String, int[]> add = (n, pos) -> {
                if (map.get(pos[0] + pos[1] - 1) - map.get(pos[0]) == pos[1] - 1) {
                    out.add(new Field(n, map.get(pos[0]), pos[1]));
                }
            };
            add.accept("handshake", new int[] {1, 3});
            int p = 4 + 2 + 32;
            add.accept("session id", new int[] {p, 1});
            p += 1 + (h[p] & 0xff);
            add.accept("cipher suites", new int[] {p, 2});
            p += 2 + ((h[p] & 0xff) << 8 | h[p + 1] & 0xff);
            add.accept("compression", new int[] {p, 1});
            p += 1 + (h[p] & 0xff);
            if (p == h.length) {
                return out;
            }
            add.accept("extensions", new int[] {p, 2});
            p += 2;
            while (p < h.length) {
                int type = (h[p] & 0xff) << 8 | h[p + 1] & 0xff;
                int len = (h[p + 2] & 0xff) << 8 | h[p + 3] & 0xff;
                add.accept("extension " + type, new int[] {p + 2, 2});
                if (type == 0) {
                    add.accept("server name list", new int[] {p + 4, 2});
                    add.accept("host name", new int[] {p + 7, 2});
                }
                p += 4 + len;
            }
            return out;
        }
    }
}

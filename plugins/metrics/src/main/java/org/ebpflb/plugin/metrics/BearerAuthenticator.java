package org.ebpflb.plugin.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Lets a scrape through only with {@code Authorization: Bearer <token>}; compares in constant time. */
final class BearerAuthenticator extends Authenticator {
    private final byte[] token;

    private BearerAuthenticator(byte[] token) {
        this.token = token;
    }

    /**
     * @param file holds the token (surrounding white space is ignored)
     * @return the authenticator
     * @throws IOException when the file cannot be read or holds no token
     */
    static BearerAuthenticator fromFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IOException("metrics token file " + file + " is empty");
        }
        return new BearerAuthenticator(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Result authenticate(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(header.substring(7).strip().getBytes(StandardCharsets.UTF_8), token)) {
            return new Success(new HttpPrincipal("scraper", "metrics"));
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        return new Failure(401);
    }
}

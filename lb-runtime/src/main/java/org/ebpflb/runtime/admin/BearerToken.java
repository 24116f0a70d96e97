package org.ebpflb.runtime.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.runtime.config.AdminSettings;
import org.ebpflb.runtime.config.TokenFileRules;

/**
 * The admin API's token: mutating calls must carry {@code Authorization: Bearer <token>} when one is configured,
 * and a listen address other than loopback is refused without one.
 */
final class BearerToken {
    private final Optional<byte[]> token;

    private BearerToken(Optional<byte[]> token) {
        this.token = token;
    }

    /**
     * @param settings the admin settings
     * @return the token from the token file, if one is configured
     * @throws AdminStartException when the file breaks {@link TokenFileRules}, or the address is not loopback
     *     without one
     */
    static BearerToken from(AdminSettings settings) throws AdminStartException {
        Optional<byte[]> token = Optional.empty();
        if (settings.tokenFile().isPresent()) {
            Path file = settings.tokenFile().get();
            Optional<String> problem = TokenFileRules.problem(file);
            if (problem.isPresent()) {
                throw new AdminStartException("admin token file " + file + " " + problem.get());
            }
            try {
                token = Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AdminStartException("admin token file " + settings.tokenFile().get()
                        + " cannot be read: " + e.getMessage());
            }
        }
        InetSocketAddress listen = settings.listen();
        if (token.isEmpty() && !listen.getAddress().isLoopbackAddress()) {
            throw new AdminStartException("admin API refuses to listen on "
                    + IpAddresses.withPort(listen.getAddress(), listen.getPort()) + " without a token: anyone who reaches it could reload or drain. "
                    + "Set lb.admin.token-file, or listen on 127.0.0.1");
        }
        return new BearerToken(token);
    }

    /** @return whether mutating calls need the token */
    boolean required() {
        return token.isPresent();
    }

    /**
     * @param authorization the request's Authorization header, possibly null
     * @return whether it carries the token (always true when none is configured)
     */
    boolean accepts(String authorization) {
        if (token.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] offered = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(offered, token.get()); // constant time
    }
}

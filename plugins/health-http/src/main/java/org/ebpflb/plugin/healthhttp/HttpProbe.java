package org.ebpflb.plugin.healthhttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.plugin.healthcommon.HealthCheckSettings;
import org.ebpflb.plugin.healthcommon.Probe;
import org.ebpflb.plugin.healthcommon.ProbeResult;

/**
 * Sends {@code GET path} over a fresh connection to the target's address and passes when the status code is one of
 * the expected ones. Connect, TLS handshake, request and status line together must fit in the timeout.
 *
 * <p>This speaks HTTP/1.1 on a plain or TLS socket instead of using {@code java.net.http.HttpClient}, on purpose:
 * the HttpClient refuses a caller-set Host header unless the JVM-wide property
 * {@code jdk.httpclient.allowRestrictedHeaders=host} is set before its first use, which one plugin must not decide
 * for the whole runtime; and a URI naming the Host would make it resolve that name instead of connecting to the
 * target's address. A check needs one request per connection and the status line of the answer, nothing more, and
 * a raw socket also lets the probe pick the TLS server name and verification per target.
 */
final class HttpProbe implements Probe {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_LINE = 8192;

    private final String path;
    private final Optional<String> host;
    private final Set<Integer> expectedCodes;
    private final SSLSocketFactory tls;
    private final boolean verify;

    /**
     * @param path the request target, starting with /
     * @param host the Host header; empty for the target's ip:port
     * @param expectedCodes status codes that pass
     * @param tls the TLS client factory for https, null for http
     * @param verify whether to check the server's certificate and name
     */
    HttpProbe(String path, Optional<String> host, Set<Integer> expectedCodes, SSLSocketFactory tls, boolean verify) {
        this.path = path;
        this.host = host;
        this.expectedCodes = Set.copyOf(expectedCodes);
        this.tls = tls;
        this.verify = verify;
    }

    @Override
    public ProbeResult probe(Endpoint target, HealthCheckSettings settings) throws InterruptedException {
        long start = System.nanoTime(); // latency and I/O deadlines measure real I/O, not scheduling decisions
        long deadline = start + settings.timeout().toNanos();
        String hostHeader = host.orElse(target.toString());
        String serverName = serverName(hostHeader);
        boolean connected = false;
        try (Socket socket = new Socket()) {
            // reset on close: thousands of checks would otherwise leave TIME_WAIT sockets on the load balancer
            socket.setSoLinger(true, 0);
            socket.connect(new InetSocketAddress(target.address(), target.port()), remainingMillis(deadline));
            connected = true;
            Socket channel = tls == null ? socket : handshake(socket, serverName, target.port(), deadline);
            OutputStream out = channel.getOutputStream();
            out.write(request(hostHeader));
            out.flush();
            int status = readStatus(channel, deadline);
            String reason = "HTTP " + status;
            return expectedCodes.contains(status) ? ProbeResult.success(since(start), reason)
                    : ProbeResult.failure(since(start), reason);
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("http probe of " + target + " cancelled");
            }
            return ProbeResult.failure(since(start), describe(e, connected, settings.timeout(), serverName));
        }
    }

    private Socket handshake(Socket socket, String serverName, int port, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, serverName, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setServerNames(sni(serverName));
        if (verify) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(parameters);
        socket.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private byte[] request(String hostHeader) {
        return ("GET " + path + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: ebpf-lb-health-check\r\n"
                + "Accept: */*\r\n"
                + "Connection: close\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads status lines, skipping interim 1xx responses (other than 101) and their headers. */
    private static int readStatus(Socket socket, long deadline) throws IOException {
        LineReader lines = new LineReader(socket, deadline);
        while (true) {
            String line = lines.next();
            Matcher m = STATUS_LINE.matcher(line);
            if (!m.matches()) {
                throw new BadResponse("not an HTTP response: '" + printable(line) + "'");
            }
            int code = Integer.parseInt(m.group(1));
            if (code >= 200 || code == 101) {
                return code;
            }
            lines.skipHeaders();
        }
    }

    private static String describe(IOException e, boolean connected, Duration timeout, String serverName) {
        String after = Durations.format(timeout);
        if (e instanceof SocketTimeoutException) {
            return connected ? "timed out after " + after : "connect timed out after " + after;
        }
        if (e instanceof ConnectException && "Connection refused".equals(e.getMessage())) {
            return "connect refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof BadResponse) {
            return e.getMessage();
        }
        if (e instanceof SSLException) {
            return "TLS: " + describeTls(e, serverName);
        }
        return (connected ? "request failed: " : "connect failed: ") + e.getMessage();
    }

    private static String describeTls(Throwable e, String serverName) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return "certificate not trusted";
            }
            String message = t.getMessage();
            if (t instanceof CertificateException && message != null && message.startsWith("No ")
                    && message.contains("matching")) {
                return "certificate does not match " + serverName;
            }
        }
        return "handshake failed: " + e.getMessage();
    }

    /** The name TLS verifies and sends as SNI: the Host header without port or IPv6 brackets. */
    private static String serverName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int close = hostHeader.indexOf(']');
            return close > 0 ? hostHeader.substring(1, close) : hostHeader;
        }
        int colon = hostHeader.indexOf(':');
        return colon >= 0 && colon == hostHeader.lastIndexOf(':') ? hostHeader.substring(0, colon) : hostHeader;
    }

    /** SNI carries host names only, never address literals or names DNS would not accept. */
    private static List<SNIServerName> sni(String name) {
        if (name.contains(":") || IPV4.matcher(name).matches()) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The peer answered something that is not an HTTP status line; the message is the probe's reason. */
    private static final class BadResponse extends IOException {
        private static final long serialVersionUID = 1L;

        BadResponse(String message) {
            super(message);
        }
    }

    /** Reads CRLF-terminated ASCII lines, each read bounded by what is left of the deadline. */
    private static final class LineReader {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;
        private final byte[] buffer = new byte[1024];
        private int position;
        private int length;

        LineReader(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        /** Skips header lines up to and including the empty line that ends them. */
        void skipHeaders() throws IOException {
            String header;
            do {
                header = next();
            } while (!header.isEmpty());
        }

        /** @return the next line without its line end */
        String next() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (position == length) {
                    socket.setSoTimeout(remainingMillis(deadline));
                    length = in.read(buffer);
                    position = 0;
                    if (length < 0) {
                        throw new BadResponse("connection closed before a complete response");
                    }
                }
                byte b = buffer[position++];
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() >= MAX_LINE) {
                    throw new BadResponse("response line longer than " + MAX_LINE + " bytes");
                }
                line.append((char) (b & 0xff));
            }
        }
    }
}

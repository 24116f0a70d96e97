package org.ebpflb.plugin.healthhttp;

import com.typesafe.config.ConfigOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS client contexts for https probes: the system trust store, a CA file, or no verification at all. */
final class TlsContexts {
    private TlsContexts() {
    }

    /** The JDK's default trust store (cacerts, or javax.net.ssl.trustStore when set), built on first use. */
    private static final class SystemTrust {
        static final SSLSocketFactory FACTORY = build();

        private static SSLSocketFactory build() {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                return context(tmf.getTrustManagers());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK's default trust store cannot be loaded", e);
            }
        }
    }

    /** @return a factory that verifies against the system trust store */
    static SSLSocketFactory systemTrust() {
        return SystemTrust.FACTORY;
    }

    /**
     * @param authorities the only certificates to trust as roots
     * @return a factory that verifies against them
     * @throws GeneralSecurityException when they cannot form a trust store
     */
    static SSLSocketFactory trusting(List<X509Certificate> authorities) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("empty key store", e);
        }
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return context(tmf.getTrustManagers());
    }

    /** @return a factory that accepts any certificate ({@code tls-verify = false}) */
    static SSLSocketFactory trustingAnyone() {
        try {
            return context(new TrustManager[] {new AcceptAll()});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context", e);
        }
    }

    /**
     * @param file a PEM file with one or more certificates
     * @return its certificates
     * @throws IOException when it cannot be read
     * @throws GeneralSecurityException when it holds something else
     */
    static List<X509Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no certificate found");
        }
        return out;
    }

    /**
     * @param path as written in the config
     * @param origin where it was written
     * @return the path, relative ones resolved against the directory of the config file that set them
     */
    static Path resolve(String path, ConfigOrigin origin) {
        Path p = Path.of(path);
        if (p.isAbsolute() || origin.filename() == null) {
            return p;
        }
        return Path.of(origin.filename()).toAbsolutePath().resolveSibling(p);
    }

    private static SSLSocketFactory context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context.getSocketFactory();
    }

    /**
     * Trusts every chain. Extended, so the JDK does not wrap it with its own endpoint checks; the probe also leaves
     * endpoint identification off.
     */
    private static final class AcceptAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the probe is the client; never asked
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // tls-verify = false: any server certificate is accepted
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // the probe is the client; never asked
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // tls-verify = false: any server certificate is accepted
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // the probe is the client; never asked
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // tls-verify = false: any server certificate is accepted
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

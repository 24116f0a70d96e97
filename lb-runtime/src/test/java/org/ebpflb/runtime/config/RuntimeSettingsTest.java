package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.ebpflb.runtime.config.ProblemReportingTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {
    @Test
    void nonLoopbackAdminNeedsAToken() {
        assertEquals(List.of(at("admin-open.conf", "0.0.0.0", "admin listen 0.0.0.0:9300 is not a loopback address, "
                + "so token-file must be set (mutating calls need a token)")), problems("admin-open.conf"));
    }

    @Test
    void adminListenNeedsAValidPortAndTheTokenFileMustExist() {
        String f = "admin-bad.conf";
        String token = ConfigFiles.path(f).toAbsolutePath().getParent().resolve("missing.token").toString();
        assertEquals(List.of(
                at(f, "70000", "admin listen: port 70000 is outside 1..65535 (expected ADDRESS:PORT such as "
                        + "127.0.0.1:9300)"),
                at(f, "missing.token", "token-file '" + token + "' does not exist or is not a regular file")),
                problems(f));
    }

    @Test
    void anEmptyTokenFileIsRefused() {
        String f = "admin-empty-token.conf";
        String token = ConfigFiles.ownerOnly("empty.token").toAbsolutePath().toString();
        assertEquals(List.of(at(f, "empty.token", "token-file '" + token + "' is empty")), problems(f));
    }

    @Test
    void dataplaneAndInstanceValuesAreChecked() {
        String f = "settings-bad.conf";
        assertEquals(List.of(
                at(f, "a/b", "instance 'a/b' names a directory under pin-root, so it must start with a letter or "
                        + "digit and hold only letters, digits, '.', '_' and '-'"),
                at(f, "natve", "xdp-mode 'natve' is not one of auto, native, generic (did you mean 'native'?)"),
                at(f, "max-connections", "max-connections 0 is outside 1..1073741823"),
                at(f, "tcp-idle-timeout", "'tcp-idle-timeout' must be a duration with a unit such as 30s "
                        + "(found number 300)"),
                at(f, "udp-idle-timeout", "udp-idle-timeout must be longer than zero (found \"0s\")"),
                at(f, "16384", "table-size 16384 is not a prime (the nearest are 16381 and 16411)"),
                at(f, "101", "panic-threshold 101 is outside 0..100"),
                at(f, "pin-root", "pin-root 'bpf' must be an absolute path (a bpffs mount such as /sys/fs/bpf)")),
                problems(f));
    }
}

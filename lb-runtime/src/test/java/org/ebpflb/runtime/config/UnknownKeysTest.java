package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.ebpflb.runtime.config.ProblemReportingTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownKeysTest {
    private static final String FILE = "unknown-keys.conf";

    @Test
    void unknownKeysAreRejectedInEveryObjectWithTheClosestKnownKey() {
        // no plugin is installed: dns-refresh is suggested because the dns plugin would own it
        assertEquals(List.of(
                at(FILE, "instnce", "unknown key 'instnce' (did you mean 'instance'?)"),
                at(FILE, "listn", "unknown key 'listn' (did you mean 'listen'?)"),
                at(FILE, "tcp-idle-timout", "unknown key 'tcp-idle-timout' (did you mean 'tcp-idle-timeout'?)"),
                at(FILE, "prot = 80", "unknown key 'prot' (did you mean 'port'?)"),
                at(FILE, "hsah", "unknown key 'hsah' (did you mean 'hash'?)"),
                at(FILE, "wieght", "unknown key 'wieght' (did you mean 'weight'?)"),
                at(FILE, "dns-refesh", "unknown key 'dns-refesh' (did you mean 'dns-refresh'?)"),
                at(FILE, "sources =", "unknown key 'sources' (did you mean 'source'?)"),
                at(FILE, "frobnicate", "unknown key 'frobnicate'"),
                at(FILE, "lbb", "unknown key 'lbb' (did you mean 'lb'?)")),
                problems(FILE));
    }
}

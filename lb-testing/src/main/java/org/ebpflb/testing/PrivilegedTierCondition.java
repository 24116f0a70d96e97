package org.ebpflb.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides whether a {@link PrivilegedTier} class runs. Root (uid 0) is required; when it is missing the class is
 * skipped and a line goes to {@code <project root>/target/skipped-tiers.txt}, unless {@code CI=true}, where the
 * class runs and fails on its first privileged step with the reason.
 */
public final class PrivilegedTierCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<PrivilegedTier> tier = context.getElement().map(e -> e.getAnnotation(PrivilegedTier.class));
        if (tier.isEmpty()) {
            return ConditionEvaluationResult.enabled("not a privileged tier");
        }
        Optional<String> missing = missingPrerequisite();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("root available");
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("tier '" + tier.get().value() + "' cannot run in CI: " + missing.get());
        }
        String line = "tier " + tier.get().value() + ": " + context.getDisplayName() + " skipped: " + missing.get();
        record(line);
        return ConditionEvaluationResult.disabled(line);
    }

    /** @return why privileged tests cannot run here, if they cannot */
    public static Optional<String> missingPrerequisite() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            boolean root = status.lines().anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
            return root ? Optional.empty() : Optional.of("needs root (effective uid 0)");
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
    }

    private static void record(String line) {
        Path root = Path.of(System.getProperty("lb.project.root", "."));
        Path file = root.resolve("target").resolve("skipped-tiers.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

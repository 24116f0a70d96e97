package org.ebpflb.api.settings;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import org.ebpflb.api.Stable;

/** Suggests the accepted name closest to a misspelt one, the way a shell suggests commands. */
@Stable
public final class DidYouMean {
    private DidYouMean() {
    }

    /**
     * @param typo what the operator wrote
     * @param candidates the names that would have been accepted
     * @return the closest candidate within a small edit distance (one edit for names up to four characters, two
     *     for longer ones; ties: alphabetical), if any
     */
    public static Optional<String> suggest(String typo, Collection<String> candidates) {
        int limit = typo.length() <= 4 ? 1 : 2;
        return candidates.stream()
                .filter(c -> !c.equals(typo))
                .filter(c -> distance(typo, c) <= limit)
                .min(Comparator.<String>comparingInt(c -> distance(typo, c)).thenComparing(Comparator.naturalOrder()));
    }

    /**
     * @param typo what the operator wrote
     * @param candidates the names that would have been accepted
     * @return {@code " (did you mean 'x'?)"} or an empty string
     */
    public static String hint(String typo, Collection<String> candidates) {
        return suggest(typo, candidates).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }

    /**
     * @param a one word
     * @param b another
     * @return the edit distance, counting insertions, deletions, substitutions and swaps of neighbours as one each
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}

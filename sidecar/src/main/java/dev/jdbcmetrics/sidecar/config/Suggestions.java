package dev.jdbcmetrics.sidecar.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" hints for misspelt keys and names. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * @param wrong      what the user wrote
     * @param candidates the names that would have been valid
     * @return {@code " (did you mean 'x'?)"} for the closest candidate within two edits, else ""
     */
    static String didYouMean(String wrong, Collection<String> candidates) {
        return closest(wrong, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    private static Optional<String> closest(String wrong, Collection<String> candidates) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int d = distance(wrong.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

package dev.kite.examples;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.kite.spi.KiteTask;

/** Example task {@code examples/development/word-count/v1}: words of a text, counted. */
@ApplicationScoped
public class WordCount {

    /** Letters and digits make words; an apostrophe inside a word ("don't") keeps it whole. */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*");

    /** A word and how often it occurs. */
    public record Frequency(String word, long count) {
    }

    /**
     * The outputs: a record declares one output per component.
     *
     * @param total    every word, repeats included
     * @param distinct different words (compared in lower case)
     * @param top      the most frequent words, most frequent first, ties in alphabetical order
     */
    public record Counts(long total, long distinct, List<Frequency> top) {
    }

    /**
     * Counts the words of {@code text}.
     *
     * @param text the text
     * @param top  how many of the most frequent words to list; 10 when absent
     */
    @KiteTask(project = "examples", domain = "development", name = "word-count", version = "v1")
    public Counts wordCount(String text, Optional<Integer> top) {
        int limit = top.orElse(10);
        if (limit < 0) {
            throw new IllegalArgumentException("top must not be negative, got " + limit);
        }
        Map<String, Long> counts = new HashMap<>();
        long total = WORD.matcher(text).results()
                .map(m -> m.group().toLowerCase(Locale.ROOT))
                .peek(w -> counts.merge(w, 1L, Long::sum))
                .count();
        List<Frequency> frequent = counts.entrySet().stream()
                .map(e -> new Frequency(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Frequency::count).reversed().thenComparing(Frequency::word))
                .limit(limit)
                .toList();
        return new Counts(total, counts.size(), frequent);
    }
}

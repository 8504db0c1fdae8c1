package dev.lore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps README.md's Java code and the tests that run it in step: every non-blank line of the Java
 * blocks of a README section must appear, in order, among the lines of the test that runs it.
 * Tests write into a temporary directory where the README names a file of the working directory:
 * a test's {@code dir.resolve("x")} stands for the README's {@code Path.of("x")}.
 */
public final class Readme {

    private static final Path README = Path.of("README.md");

    private Readme() {}

    /** The stripped, non-blank lines of the {@code ```java} blocks of the section whose heading starts with {@code heading}. */
    public static List<String> javaLines(String heading) throws IOException {
        List<String> code = new ArrayList<>();
        boolean inJava = false;
        boolean inSection = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith(heading);
            }
            if (!inSection) {
                continue;
            }
            if (line.startsWith("```")) {
                inJava = line.equals("```java");
            } else if (inJava && !line.isBlank()) {
                code.add(line.strip());
            }
        }
        return code;
    }

    /**
     * Asserts that the section's Java lines (at least {@code minLines}) appear in order in
     * {@code testFile}.
     */
    public static void assertCodeIn(String heading, Path testFile, int minLines) throws IOException {
        List<String> wanted = javaLines(heading);
        assertTrue(wanted.size() >= minLines, "README section '" + heading + "' has " + wanted.size()
                + " lines of Java, expected at least " + minLines);
        List<String> source = Files.readAllLines(testFile).stream()
                .map(s -> s.strip().replace("dir.resolve(", "Path.of(")).filter(s -> !s.isEmpty()).toList();
        int at = 0;
        for (String line : wanted) {
            while (at < source.size() && !source.get(at).equals(line)) {
                at++;
            }
            assertTrue(at < source.size(), "README line not found (in order) in " + testFile.getFileName() + ": " + line);
            at++;
        }
    }
}

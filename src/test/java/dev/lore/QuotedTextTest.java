package dev.lore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuotedTextTest {

    private static String quoteBytes(int... bytes) {
        byte[] b = new byte[bytes.length + 2];
        for (int i = 0; i < bytes.length; i++) {
            b[i + 1] = (byte) bytes[i];
        }
        return QuotedText.of(b, 1, bytes.length + 1);
    }

    @Test
    void printableTextIsShownAsIs() {
        assertEquals("1.5e3", QuotedText.of("1.5e3"));
        assertEquals("café ü", QuotedText.of("café ü"));
        byte[] utf8 = "naïve".getBytes(StandardCharsets.UTF_8);
        assertEquals("naïve", QuotedText.of(utf8, 0, utf8.length));
    }

    @Test
    void controlAndInvalidBytesAreEscaped() {
        assertEquals("\\x00\\x01\\x1b[31m", quoteBytes(0, 1, 0x1b, '[', '3', '1', 'm'));
        assertEquals("\\x7f\\xff\\xfe", quoteBytes(0x7f, 0xff, 0xfe));
        assertEquals("a\\\\b", quoteBytes('a', '\\', 'b'));
        // A lone continuation byte, a truncated sequence, an overlong '/' and a UTF-8 surrogate.
        assertEquals("\\x80", quoteBytes(0x80));
        assertEquals("\\xc3", quoteBytes(0xc3));
        assertEquals("\\xc0\\xaf", quoteBytes(0xc0, 0xaf));
        assertEquals("\\xed\\xa0\\x80", quoteBytes(0xed, 0xa0, 0x80));
        // U+0085 (next line) and U+200B (zero-width space) are well-formed but not printable.
        assertEquals("\\x85\\u200b", quoteBytes(0xc2, 0x85, 0xe2, 0x80, 0x8b));
    }

    @Test
    void stringsEscapeTheSameCharacters() {
        assertEquals("\\x1b]0;x\\x07", QuotedText.of("\u001b]0;x\u0007"));
        assertEquals("\\ufffd\\x9b", QuotedText.of("\ufffd\u009b"));
        assertEquals("\\U0010ffff", QuotedText.of(new String(Character.toChars(0x10FFFF))));
    }

    @Test
    void longTokensAreCutAfter40Characters() {
        assertEquals("9".repeat(40), QuotedText.of("9".repeat(40)));
        assertEquals("9".repeat(40) + "...", QuotedText.of("9".repeat(41)));
        int[] zeros = new int[100];
        assertEquals("\\x00".repeat(40) + "...", quoteBytes(zeros));
    }
}

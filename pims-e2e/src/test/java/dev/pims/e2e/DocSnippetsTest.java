package dev.pims.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Docs that compile: every Java and Kotlin block of docs/sdk.md and pims-sdk-kotlin/README.md is a region of a
 * source file this module compiles (DocSnippets.java, KotlinDocSnippets.kt), the same lines once the common
 * indentation is removed. A block edited in the document alone, or in the source alone, fails here.
 */
class DocSnippetsTest {

    static final List<Path> DOCS = List.of(Paths.get("..", "docs", "sdk.md"), Paths.get("..", "pims-sdk-kotlin", "README.md"));
    static final Path JAVA = Paths.get("src", "test", "java", "dev", "pims", "e2e", "DocSnippets.java");
    static final Path KOTLIN = Paths.get("src", "test", "kotlin", "dev", "pims", "e2e", "KotlinDocSnippets.kt");

    private static final Pattern BLOCK = Pattern.compile("(?m)^```(java|kotlin)\\n(.*?)^```$", Pattern.DOTALL);
    private static final Pattern REGION = Pattern.compile("(?m)^[ \\t]*// snippet:begin (\\S+)\\n(.*?)^[ \\t]*// snippet:end$",
            Pattern.DOTALL);

    record Block(Path doc, int line, String language, String text) {
    }

    @Test
    void everyJavaAndKotlinBlockIsCompiledSource() throws IOException {
        List<String> java = regions(JAVA);
        List<String> kotlin = regions(KOTLIN);
        List<Block> blocks = new ArrayList<>();
        for (Path doc : DOCS) {
            blocks.addAll(blocks(doc));
        }
        assertThat(blocks.stream().filter(b -> b.language().equals("java"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(blocks.stream().filter(b -> b.language().equals("kotlin"))).hasSizeGreaterThanOrEqualTo(3);
        List<String> missing = new ArrayList<>();
        for (Block b : blocks) {
            List<String> pool = b.language().equals("java") ? java : kotlin;
            if (!pool.contains(normalize(b.text()))) {
                missing.add(b.doc() + ":" + b.line() + " (" + b.language() + ")");
            }
        }
        assertThat(missing).as("blocks that are not a snippet region of %s or %s: edit both together", JAVA, KOTLIN)
                .isEmpty();
        // and no region is left out of the documents
        List<String> documented = blocks.stream().map(b -> normalize(b.text())).toList();
        assertThat(java).allMatch(documented::contains);
        assertThat(kotlin).allMatch(documented::contains);
    }

    static List<Block> blocks(Path doc) throws IOException {
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
            out.add(new Block(doc, line, m.group(1), m.group(2)));
        }
        return out;
    }

    static List<String> regions(Path source) throws IOException {
        String text = Files.readString(source, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        Matcher m = REGION.matcher(text);
        while (m.find()) {
            out.add(normalize(m.group(2)));
        }
        return out;
    }

    /** Without trailing blanks and without the indentation all non-blank lines share. */
    static String normalize(String block) {
        List<String> lines = Arrays.stream(block.split("\n", -1)).map(String::stripTrailing).collect(Collectors.toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int indent = lines.stream().filter(l -> !l.isEmpty()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).collect(Collectors.joining("\n"));
    }
}

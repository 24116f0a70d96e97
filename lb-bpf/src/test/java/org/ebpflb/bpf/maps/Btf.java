package org.ebpflb.bpf.maps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The struct layouts of a BPF object's BTF, read from {@code bpftool btf dump file X format raw}. */
final class Btf {
    private static final Pattern TYPE = Pattern.compile("^\\[(\\d+)] (\\w+) '([^']*)'(.*)$");
    private static final Pattern MEMBER = Pattern.compile("^\\s+'(\\w+)' type_id=(\\d+) bits_offset=(\\d+)");
    private static final Pattern ENUMERATOR = Pattern.compile("^\\s+'(\\w+)' val=(-?\\d+)");
    private static final Pattern ATTR = Pattern.compile("(\\w+)=(\\d+)");

    private record Type(String kind, String name, Map<String, Long> attrs, Map<String, long[]> members,
                        Map<String, Long> enumerators) {
    }

    private final Map<Integer, Type> types = new HashMap<>();

    private Btf(String dump) {
        Type current = null;
        for (String line : dump.split("\n")) {
            Matcher t = TYPE.matcher(line);
            if (t.matches()) {
                Map<String, Long> attrs = new HashMap<>();
                Matcher a = ATTR.matcher(t.group(4));
                while (a.find()) {
                    attrs.put(a.group(1), Long.parseLong(a.group(2)));
                }
                current = new Type(t.group(2), t.group(3), attrs, new LinkedHashMap<>(), new LinkedHashMap<>());
                types.put(Integer.parseInt(t.group(1)), current);
                continue;
            }
            Matcher m = MEMBER.matcher(line);
            if (m.find() && current != null) {
                current.members().put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
            Matcher e = ENUMERATOR.matcher(line);
            if (e.find() && current != null) {
                current.enumerators().put(e.group(1), Long.parseLong(e.group(2)));
            }
        }
    }

    /** @param object a BPF ELF file @return its BTF */
    static Btf of(Path object) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bpftool", "btf", "dump", "file", object.toString(), "format", "raw")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("bpftool btf dump failed: " + out);
        }
        return new Btf(out);
    }

    /** @param object ELF bytes @return its BTF */
    static Btf of(byte[] object) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile("lb-btf", ".o");
        try {
            Files.write(tmp, object);
            return of(tmp);
        } finally {
            Files.delete(tmp);
        }
    }

    /** @param name struct name @return its layout as BTF says, in the same shape the encoders declare */
    StructLayout struct(String name) {
        Type s = types.values().stream().filter(t -> t.kind().equals("STRUCT") && t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no struct " + name + " in the BTF"));
        Map<String, StructLayout.Field> fields = new LinkedHashMap<>();
        s.members().forEach((member, m) -> {
            if (m[1] % 8 != 0) {
                throw new AssertionError(name + "." + member + " is a bit field");
            }
            fields.put(member, new StructLayout.Field(member, (int) (m[1] / 8), (int) size((int) m[0])));
        });
        return new StructLayout(name, (int) (long) s.attrs().get("size"), fields);
    }

    /** @param name enum name @return its enumerators and their values, in declaration order */
    Map<String, Long> enumeration(String name) {
        return types.values().stream().filter(t -> t.kind().equals("ENUM") && t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no enum " + name + " in the BTF")).enumerators();
    }

    private long size(int id) {
        Type t = types.get(id);
        return switch (t.kind()) {
            case "INT", "STRUCT", "UNION", "ENUM" -> t.attrs().get("size");
            case "TYPEDEF", "CONST", "VOLATILE" -> size((int) (long) t.attrs().get("type_id"));
            case "ARRAY" -> t.attrs().get("nr_elems") * size((int) (long) t.attrs().get("type_id"));
            default -> throw new AssertionError("unexpected BTF kind " + t.kind());
        };
    }
}

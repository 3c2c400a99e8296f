package dev.pims.sdk.apicheck;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes the public API of a compiled module as sorted text: one line per public type (kind, name,
 * supertypes) followed by its public and protected members, generic signatures included. Packages whose name
 * contains {@code .internal} are not API. A signature that names an internal type is a leak and is reported.
 * Hand-written because the known tools (japicmp, the Kotlin binary-compatibility validator) compare against
 * a released artifact or need Gradle; this project has no release yet and builds with Maven.
 */
public final class ApiDump {

    private final List<String> leaks = new ArrayList<>();

    /** The API text of every class under {@code classes} (a compiled output directory on the test classpath). */
    public String dump(Path classes) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(p -> p.toString().endsWith(".class"))
                    .map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .forEach(names::add);
        }
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            Class<?> c;
            try {
                c = Class.forName(name, false, ApiDump.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IOException("cannot load " + name, e);
            }
            if (isApi(c)) {
                type(c, out);
            }
        }
        return out.toString();
    }

    /** Signatures that name a type from an internal package, found by the last {@link #dump}. */
    public List<String> leaks() {
        return List.copyOf(leaks);
    }

    /** Compares {@code actual} with the committed file; on a difference writes {@code actual} beside the build output. */
    public static String compare(Path committed, String actual, Path written) throws IOException {
        String expected = Files.exists(committed) ? Files.readString(committed, StandardCharsets.UTF_8) : "";
        if (expected.equals(actual)) {
            return null;
        }
        Files.createDirectories(written.getParent());
        Files.writeString(written, actual, StandardCharsets.UTF_8);
        List<String> was = Arrays.asList(expected.split("\n"));
        List<String> now = Arrays.asList(actual.split("\n"));
        String removed = was.stream().filter(l -> !now.contains(l)).map(l -> "- " + l).collect(Collectors.joining("\n"));
        String added = now.stream().filter(l -> !was.contains(l)).map(l -> "+ " + l).collect(Collectors.joining("\n"));
        return "The public API differs from " + committed + ".\n" + removed + (removed.isEmpty() ? "" : "\n") + added
                + "\nIf the change is deliberate, copy " + written + " over " + committed + " and commit it.";
    }

    private static boolean isApi(Class<?> c) {
        if (c.isSynthetic() || c.isAnonymousClass() || c.isLocalClass() || c.getPackageName().contains(".internal")) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            if (!Modifier.isPublic(k.getModifiers()) && !(k != c && Modifier.isProtected(k.getModifiers()))) {
                return false;
            }
        }
        return Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers());
    }

    private void type(Class<?> c, StringBuilder out) {
        StringBuilder head = new StringBuilder(Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT
                & (c.isInterface() || c.isEnum() || c.isRecord() ? ~Modifier.FINAL & ~Modifier.STATIC : ~0)));
        if (!c.isInterface() && !c.isEnum() && Modifier.isAbstract(c.getModifiers())) {
            head.append(" abstract");
        }
        head.append(c.isAnnotation() ? " @interface " : c.isInterface() ? " interface " : c.isEnum() ? " enum "
                : c.isRecord() ? " record " : " class ").append(c.getTypeName());
        if (c.getTypeParameters().length > 0) {
            head.append(Arrays.stream(c.getTypeParameters()).map(t -> t.getName() + (t.getBounds().length == 1
                    && t.getBounds()[0] == Object.class ? "" : " extends " + Arrays.stream(t.getBounds())
                    .map(Type::getTypeName).collect(Collectors.joining(" & "))))
                    .collect(Collectors.joining(", ", "<", ">")));
        }
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
            head.append(" extends ").append(check(sup.getTypeName(), c.getTypeName()));
        }
        Type[] ifs = c.getGenericInterfaces();
        if (ifs.length > 0) {
            head.append(c.isInterface() ? " extends " : " implements ").append(Arrays.stream(ifs)
                    .map(t -> check(t.getTypeName(), c.getTypeName())).collect(Collectors.joining(", ")));
        }
        if (c.isSealed()) {
            head.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getTypeName)
                    .sorted().collect(Collectors.joining(", ")));
        }
        out.append(head.toString().trim()).append('\n');
        boolean canExtend = !Modifier.isFinal(c.getModifiers()) && !c.isEnum() && !c.isRecord() && !c.isSealed();
        TreeSet<String> members = new TreeSet<>();
        for (Field f : c.getDeclaredFields()) {
            if (visible(f, canExtend) && !f.isSynthetic()) {
                members.add(check(f.toGenericString(), c.getTypeName()));
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (visible(k, canExtend) && !k.isSynthetic() && !c.isEnum()) {
                members.add(check(k.toGenericString(), c.getTypeName()));
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (visible(m, canExtend) && !m.isSynthetic() && !m.isBridge()) {
                members.add(check(m.toGenericString(), c.getTypeName()));
            }
        }
        members.forEach(m -> out.append("  ").append(m).append('\n'));
        out.append('\n');
    }

    private static boolean visible(Member m, boolean canExtend) {
        int mod = m.getModifiers();
        return Modifier.isPublic(mod) || (canExtend && Modifier.isProtected(mod)) || (m instanceof Executable
                && m.getDeclaringClass().isInterface() && !Modifier.isPrivate(mod) && !Modifier.isStatic(mod)
                && Modifier.isPublic(mod));
    }

    private String check(String signature, String owner) {
        if (signature.matches(".*\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.internal\\..*")) {
            leaks.add(owner + ": " + signature);
        }
        return signature;
    }
}

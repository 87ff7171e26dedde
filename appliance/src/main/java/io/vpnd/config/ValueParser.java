package io.vpnd.config;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns one YAML scalar into a value, or throws IllegalArgumentException whose message is the
 * problem as the admin should read it (quoting the value unless it is a secret).
 */
@FunctionalInterface
interface ValueParser<T> {

    T parse(YamlNode.Scalar scalar);

    /** A parser of the scalar's text, whatever YAML type it has. */
    static <T> ValueParser<T> text(Function<String, T> parser) {
        return scalar -> parser.apply(scalar.text());
    }

    static ValueParser<Boolean> bool() {
        return scalar -> switch (scalar.kind()) {
            case TRUE -> true;
            case FALSE -> false;
            default -> {
                String t = scalar.text().strip().toLowerCase(Locale.ROOT);
                if (t.equals("true")) yield true;
                if (t.equals("false")) yield false;
                throw new IllegalArgumentException("expected true or false, found " + scalar.describe());
            }
        };
    }

    /** A whole number, decimal or 0x-hex, in {@code min..max}. */
    static ValueParser<Long> integer(long min, long max) {
        return scalar -> {
            if (scalar.kind() == YamlNode.Scalar.Kind.FLOAT || scalar.kind() == YamlNode.Scalar.Kind.TRUE
                    || scalar.kind() == YamlNode.Scalar.Kind.FALSE) {
                throw new IllegalArgumentException("expected a whole number, found " + scalar.describe());
            }
            String t = scalar.text().strip().replace("_", "");
            BigInteger n;
            try {
                if (t.startsWith("0x") || t.startsWith("0X")) {
                    n = new BigInteger(t.substring(2), 16);
                } else if (t.matches("[+-]?\\d+")) {
                    n = new BigInteger(t);
                } else {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + scalar.text() + "\" is not a whole number");
            }
            if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new IllegalArgumentException(scalar.text().strip() + " is out of range " + min + ".." + max);
            }
            return n.longValue();
        };
    }

    static ValueParser<Integer> smallInteger(int min, int max) {
        ValueParser<Long> p = integer(min, max);
        return scalar -> p.parse(scalar).intValue();
    }

    /** One of an enum's constants, written in lower case ({@code restart} for RESTART). */
    static <E extends Enum<E>> ValueParser<E> choice(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return scalar -> {
            String t = scalar.text().strip().toLowerCase(Locale.ROOT);
            int i = names.indexOf(t);
            if (i < 0) {
                throw new IllegalArgumentException("\"" + scalar.text() + "\" is not one of "
                        + String.join(", ", names) + Suggestions.hint(t, names));
            }
            return type.getEnumConstants()[i];
        };
    }
}

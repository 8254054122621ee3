package mcp.db.pool.reliability;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small seeded source of random test input, and {@link #forAll} to run a property over it: first
 * every hand-picked edge case, then a number of generated cases. The same seed gives the same cases
 * in the same order, so a failure can be replayed.
 *
 * <p>The seed is {@value #DEFAULT_SEED} unless the system property {@value #SEED_PROPERTY} sets
 * another (decimal, or hexadecimal with {@code 0x}); {@code random} picks a fresh one per property,
 * for exploration. Maven passes it on to the tests:
 *
 * <pre>{@code
 * mvn -pl pool -am test -Dtest=ConfigInputPropertiesTest -Dmcp.test.seed=random
 * mvn -pl pool -am test -Dtest=ConfigInputPropertiesTest -Dmcp.test.seed=8157309712  # replay a failure
 * }</pre>
 *
 * <p>A failure names the seed, which case failed and its input (strings quoted, with control and
 * non-ASCII characters escaped). Failing inputs are not shrunk: the generators keep inputs short.
 */
final class InputGenerators {
  /** The system property that overrides the seed. */
  static final String SEED_PROPERTY = "mcp.test.seed";
  /** The seed of an ordinary run. */
  static final long DEFAULT_SEED = 20_240_607L;

  private final SplittableRandom random;

  InputGenerators(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * Runs {@code check} on each of {@code edgeCases}, then on {@code generatedCases} inputs made by
   * {@code generator} from the seed, stopping at the first failure.
   *
   * @throws AssertionError naming the seed, the case and its input when {@code check} throws
   */
  static <T> void forAll(List<T> edgeCases, int generatedCases, Function<InputGenerators, T> generator,
      Consumer<? super T> check) {
    long seed = seed();
    for (int i = 0; i < edgeCases.size(); i++) {
      run(check, edgeCases.get(i), seed, "edge case " + (i + 1) + " of " + edgeCases.size());
    }
    InputGenerators g = new InputGenerators(seed);
    for (int i = 0; i < generatedCases; i++) {
      run(check, generator.apply(g), seed, "generated case " + (i + 1) + " of " + generatedCases);
    }
  }

  private static <T> void run(Consumer<? super T> check, T input, long seed, String which) {
    try {
      check.accept(input);
    } catch (Throwable t) {
      throw new AssertionError("failed on " + which + " (seed " + seed + ", replay with -D" + SEED_PROPERTY
          + "=" + seed + ")\n  input: " + show(input) + "\n  " + t, t);
    }
  }

  /** The seed for this run: {@value #SEED_PROPERTY} if set, else {@value #DEFAULT_SEED}. */
  static long seed() {
    String text = System.getProperty(SEED_PROPERTY, "").trim();
    if (text.isEmpty()) return DEFAULT_SEED;
    if (text.equalsIgnoreCase("random")) return new SplittableRandom().nextLong();
    try {
      return text.startsWith("0x") || text.startsWith("0X")
          ? Long.parseUnsignedLong(text.substring(2), 16)
          : Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(SEED_PROPERTY + " must be a long, 0x<hex> or random but was " + text, e);
    }
  }

  // ---- numbers and choices ----------------------------------------------------------------

  /** Any int: a quarter of the time small, a quarter next to an extreme, else of any magnitude. */
  int anyInt() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(-1_000, 1_001);
      case 1 -> random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(100) : Integer.MIN_VALUE + random.nextInt(100);
      default -> random.nextInt() >> random.nextInt(32);
    };
  }

  /** Any long: a quarter of the time small, a quarter next to an extreme, else of any magnitude. */
  long anyLong() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextLong(-1_000, 1_001);
      case 1 -> random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(100) : Long.MIN_VALUE + random.nextInt(100);
      default -> random.nextLong() >> random.nextInt(64);
    };
  }

  /** An int in {@code [min, max]}, both inclusive; a quarter of the time one of the two ends. */
  int intBetween(int min, int max) {
    return switch (random.nextInt(8)) {
      case 0 -> min;
      case 1 -> max;
      default -> (int) random.nextLong(min, (long) max + 1);
    };
  }

  /** A double in {@code [min, max)} with zero to three decimals, written out without an exponent. */
  String decimalBetween(double min, double max) {
    return BigDecimal.valueOf(random.nextDouble(min, max)).setScale(random.nextInt(4), RoundingMode.HALF_UP)
        .toPlainString();
  }

  boolean bool() {
    return random.nextBoolean();
  }

  /** One element of {@code choices}, each equally likely. */
  <T> T oneOf(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  @SafeVarargs
  final <T> T oneOf(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  // ---- text -------------------------------------------------------------------------------

  /** {@code min} to {@code max} code points, each drawn from {@code alphabet}. */
  String stringOf(String alphabet, int min, int max) {
    int[] chars = alphabet.codePoints().toArray();
    int length = intBetween(min, max);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.appendCodePoint(chars[random.nextInt(chars.length)]);
    }
    return s.toString();
  }

  /**
   * Any text of up to {@code maxLength} chars: printable ASCII (URL punctuation and digits among it),
   * whitespace and control characters, Latin-1 letters, other BMP characters, emoji (surrogate pairs)
   * and, rarely, a lone surrogate.
   */
  String anyString(int maxLength) {
    int length = intBetween(0, maxLength);
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      switch (random.nextInt(16)) {
        case 0, 1 -> s.append(oneOf(' ', '\t', '\n', '\r', '\u0000', '\u007f', '\u00a0', '\u2028', '\ufeff'));
        case 2 -> s.append((char) random.nextInt(0x00a1, 0x0100));
        case 3 -> s.append((char) random.nextInt(0x0100, 0xd800));
        case 4 -> s.appendCodePoint(random.nextInt(0x1f300, 0x1fa00));
        case 5 -> s.append(random.nextInt(50) == 0 ? (char) random.nextInt(0xd800, 0xe000) : '%');
        default -> s.append((char) random.nextInt(0x21, 0x7f));
      }
    }
    return s.toString();
  }

  // ---- showing inputs ---------------------------------------------------------------------

  /** {@code value} for a failure message: strings quoted, with anything but printable ASCII escaped. */
  static String show(Object value) {
    return value instanceof String s ? quote(s) : String.valueOf(value);
  }

  /** A Java string literal for {@code s}, so whitespace, control and non-ASCII characters show. */
  static String quote(String s) {
    if (s == null) return "null";
    StringBuilder q = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            q.append(c);
          } else {
            q.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return q.append('"').toString();
  }
}

package mcp.db.pool.internal.config;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes passwords from text that is about to be logged or put into an exception message.
 *
 * <p>Use {@link #redactUrl(String)} for anything that may be a database URL, in either the JDBC or
 * the SQLAlchemy form, and {@link #redactProperties(Properties)} for driver properties. Both replace
 * each secret with {@value #MASK} and leave the rest readable, so the output still identifies the
 * database.
 *
 * <p>The rules err towards hiding too much: when a URL is ambiguous (a password holding an
 * unencoded {@code /} or {@code ?}, for instance) the text that might be a password is masked even
 * if it later turns out to be part of the host or path.
 */
public final class Redaction {

  /** What every secret is replaced with. */
  public static final String MASK = "***";

  /**
   * A {@code key=value} pair whose key names a secret: {@code password}, {@code pwd},
   * {@code passwd}, or any key ending in one of those ({@code sslpassword},
   * {@code trustStorePassword}). The key must start the text or follow a separator used by some
   * driver's URL syntax ({@code ? & ; , (} or whitespace). The value runs to the next {@code &} or
   * {@code ;}: in MySQL's {@code (host=..,password=..)} form that hides more than the password,
   * which is the safe direction.
   */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)(^|[?&;,(\\s])([\\w.-]*(?:password|passwd|pwd))=([^&;]*)");

  private Redaction() {}

  /**
   * Returns {@code url} with every password replaced by {@value #MASK}: the password part of a
   * {@code user:password@} userinfo, Oracle's {@code user/password@} form, and the value of every
   * {@code password=}, {@code pwd=} or {@code ...password=} parameter. Other text is unchanged.
   *
   * @param url any text that may hold a database URL; may be {@code null}
   * @return the redacted text, or {@code null} when {@code url} is {@code null}
   */
  public static String redactUrl(String url) {
    if (url == null) return null;
    return redactParameters(redactUserInfo(url));
  }

  /**
   * The passwords {@code url} carries, as {@link #redactUrl(String)} finds them: the userinfo (or
   * Oracle) password and the value of every secret parameter (also cut at a {@code )}, for MySQL's
   * {@code (host=..,password=..)} form). For masking a driver's message that echoes one of them
   * without the URL around it.
   *
   * @param url the URL; {@code null} has none
   * @return the non-empty passwords found, in order
   */
  public static Set<String> secretsIn(String url) {
    Set<String> found = new LinkedHashSet<>();
    if (url == null) return found;
    int[] span = passwordSpan(url);
    if (span != null) {
      found.add(url.substring(span[0], span[1]));
    }
    Matcher m = SECRET_PARAMETER.matcher(url);
    while (m.find()) {
      String value = m.group(3);
      found.add(value);
      int paren = value.indexOf(')');
      if (paren >= 0) {
        found.add(value.substring(0, paren));
      }
    }
    found.remove("");
    return found;
  }

  /**
   * Returns {@code text} with every occurrence of {@code secret} replaced by {@value #MASK}; for
   * wrapping messages from drivers, which sometimes echo what they were given.
   *
   * @param text the text to clean; may be {@code null}
   * @param secret the secret to remove; {@code null} or empty leaves the text unchanged
   * @return the cleaned text, or {@code null} when {@code text} is {@code null}
   */
  public static String redactSecret(String text, String secret) {
    if (text == null || secret == null || secret.isEmpty()) return text;
    return text.replace(secret, MASK);
  }

  /**
   * Whether a property or parameter with this name holds a secret: {@code password}, {@code pwd},
   * {@code passwd} or any name ending in one of those, ignoring case.
   *
   * @param key a driver property or URL parameter name; {@code null} is not a secret
   * @return whether its value must never be shown
   */
  public static boolean isSecretKey(String key) {
    if (key == null) return false;
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith("password") || k.endsWith("passwd") || k.endsWith("pwd");
  }

  /**
   * Renders driver properties for a log line, sorted by key, with the value of every
   * {@linkplain #isSecretKey(String) secret key} replaced by {@value #MASK} and every other value
   * passed through {@link #redactUrl(String)} (some drivers take URLs as property values).
   *
   * @param properties the properties to show; {@code null} renders as {@code {}}
   * @return text such as {@code {ApplicationName=app, password=***, user=alice}}
   */
  public static String redactProperties(Properties properties) {
    Map<String, String> shown = new TreeMap<>();
    if (properties != null) {
      for (String key : properties.stringPropertyNames()) {
        String value = properties.getProperty(key);
        shown.put(key, isSecretKey(key) ? MASK : redactUrl(value));
      }
    }
    return shown.toString();
  }

  private static String redactParameters(String text) {
    Matcher m = SECRET_PARAMETER.matcher(text);
    if (!m.find()) return text;
    StringBuilder out = new StringBuilder(text.length());
    do {
      String replacement = m.group(1) + m.group(2) + "=" + (m.group(3).isEmpty() ? "" : MASK);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  private static String redactUserInfo(String url) {
    int[] span = passwordSpan(url);
    return span == null ? url : url.substring(0, span[0]) + MASK + url.substring(span[1]);
  }

  /**
   * Where the password of {@code scheme://user:password@host} (or Oracle's
   * {@code user/password@host}) lies in {@code url}: {@code {start, end}}, or {@code null} when
   * there is none. The strict reading (RFC 3986: the authority ends at the first {@code /} or
   * {@code ?}) is tried first; when it finds no userinfo but the text still looks like a password
   * with an unencoded {@code /} or {@code ?} in it, the span from the first {@code :} to the next
   * {@code @} is taken instead.
   */
  private static int[] passwordSpan(String url) {
    String oracle = "jdbc:oracle:thin:";
    if (url.regionMatches(true, 0, oracle, 0, oracle.length())) {
      int at = url.indexOf('@', oracle.length());
      int slash = url.indexOf('/', oracle.length());
      return at < 0 || slash < 0 || slash > at ? null : new int[] {slash + 1, at};
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) return null;
    int start = schemeEnd + 3;
    int authorityEnd = indexOfAny(url, "/?", start);
    int at = url.lastIndexOf('@', authorityEnd - 1);
    if (at >= start) {
      int colon = url.indexOf(':', start);
      return colon < 0 || colon > at ? null : new int[] {colon + 1, at}; // no colon: user name only
    }
    // No userinfo in the strict reading: look for one broken by an unencoded '/' or '?'.
    if (start < url.length() && url.charAt(start) == '[') return null; // IPv6 host, no userinfo
    int colon = url.indexOf(':', start);
    int laterAt = url.indexOf('@', authorityEnd);
    if (colon < 0 || colon >= authorityEnd || laterAt < 0) return null;
    int queryStart = url.indexOf('?', start);
    boolean atInPath = queryStart < 0 || laterAt < queryStart;
    if (atInPath || !looksLikePortList(url.substring(colon + 1, authorityEnd))) {
      return new int[] {colon + 1, laterAt};
    }
    return null;
  }

  /** {@code 5432} or {@code 5432,host2:5433}: the text after a host's colon, when it is a port. */
  private static boolean looksLikePortList(String afterColon) {
    int comma = afterColon.indexOf(',');
    String port = comma < 0 ? afterColon : afterColon.substring(0, comma);
    if (port.isEmpty()) return true;
    for (int i = 0; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') return false;
    }
    return true;
  }

  private static int indexOfAny(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) return i;
    }
    return s.length();
  }
}

package mcp.db.pool.internal.config;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mcp.db.pool.PoolConfigException;

/**
 * A database URL as the user gave it, turned into what the driver needs: a JDBC URL plus the user
 * name and password, which travel as driver properties rather than inside the URL.
 *
 * <p>Accepted forms:
 *
 * <ul>
 *   <li>{@code jdbc:...} — passed through unchanged.
 *   <li>{@code postgresql://user:password@host:port/database?options} (also {@code postgres://}) →
 *       {@code jdbc:postgresql://host:port/database?options}
 *   <li>{@code mysql://...} → {@code jdbc:mysql://...}; {@code mariadb://...} → {@code jdbc:mariadb://...}
 *   <li>{@code sqlite:///relative.db} → {@code jdbc:sqlite:relative.db}; {@code sqlite:////abs.db} →
 *       {@code jdbc:sqlite:/abs.db}; {@code sqlite://} or {@code sqlite:///:memory:} →
 *       {@code jdbc:sqlite::memory:}
 * </ul>
 *
 * <p>A {@code +driver} suffix on the scheme ({@code postgresql+psycopg2}) is ignored. The host part
 * may list several comma-separated hosts, each with an optional port, and an IPv6 address in
 * brackets. The user name and password are percent-decoded; the database name and the query string
 * are copied as written, percent-escapes included.
 *
 * <p>The authority ends at the first {@code /} or {@code ?} (RFC 3986), so a password holding one of
 * those must percent-encode it ({@code %2F}, {@code %3F}); an unencoded {@code @} or {@code :} in a
 * password is tolerated. Errors name the setting and show the URL only through
 * {@link Redaction#redactUrl(String)}.
 */
public final class DatabaseUrl {

  /** The forms {@link #parse} accepts, for error messages and documentation. */
  public static final String SUPPORTED_FORMS = "jdbc:<subprotocol>:... (passed to the driver unchanged), "
      + "postgresql://, postgres://, mysql://, mariadb:// and sqlite:// "
      + "(a +driver suffix such as postgresql+psycopg2:// is ignored)";

  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):(.*)", Pattern.DOTALL);

  private final String jdbcUrl;
  private final String displayUrl;
  private final String username;
  private final String password;

  private DatabaseUrl(String jdbcUrl, String displayUrl, String username, String password) {
    this.jdbcUrl = jdbcUrl;
    this.displayUrl = displayUrl;
    this.username = username;
    this.password = password;
  }

  /**
   * Translates a URL in any accepted form.
   *
   * @param url the URL; surrounding whitespace is ignored
   * @param name the setting it came from ({@code url}, {@code DATABASE_URL}), named in errors
   * @return the translation
   * @throws PoolConfigException when the URL is empty, has no or an unsupported scheme, or is
   *     malformed; the message names {@code name} and shows the URL with its password redacted
   */
  public static DatabaseUrl parse(String url, String name) {
    String u = url.trim();
    if (u.isEmpty()) {
      throw new PoolConfigException(name, name + " must not be empty: expected " + SUPPORTED_FORMS);
    }
    String display = Redaction.redactUrl(u);
    Matcher m = SCHEME.matcher(u);
    if (!m.matches()) {
      throw error(name, "has no scheme: expected " + SUPPORTED_FORMS, display);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    if (scheme.equals("jdbc")) {
      if (m.group(2).isEmpty() || m.group(2).startsWith(":")) {
        throw error(name, "has no sub-protocol after jdbc: (e.g. jdbc:postgresql://host/db)", display);
      }
      return new DatabaseUrl(u, display, null, null);
    }
    int plus = scheme.indexOf('+');
    String base = plus < 0 ? scheme : scheme.substring(0, plus);
    String subprotocol;
    switch (base) {
      case "postgresql":
      case "postgres":
        subprotocol = "postgresql";
        break;
      case "mysql":
        subprotocol = "mysql";
        break;
      case "mariadb":
        subprotocol = "mariadb";
        break;
      case "sqlite":
        subprotocol = "sqlite";
        break;
      default:
        if (!m.group(2).isEmpty() && Character.isDigit(m.group(2).charAt(0))) {
          // "localhost:5432/db": a host and port, not a scheme.
          throw error(name, "has no scheme (it starts with host:port): expected " + SUPPORTED_FORMS, display);
        }
        throw error(name, "has an unsupported scheme \"" + m.group(1) + "\": supported are " + SUPPORTED_FORMS,
            display);
    }
    String afterScheme = m.group(2);
    if (!afterScheme.startsWith("//")) {
      throw error(name, "must have // after " + m.group(1) + ": (e.g. " + base + "://host/database)", display);
    }
    String rest = afterScheme.substring(2);
    return subprotocol.equals("sqlite")
        ? parseSqlite(rest, name, display)
        : parseNetwork(subprotocol, rest, name, display);
  }

  /** {@code sqlite://<empty authority>/<path>}: one slash before a relative path, two before an absolute one. */
  private static DatabaseUrl parseSqlite(String rest, String name, String display) {
    if (!rest.isEmpty() && !rest.startsWith("/")) {
      throw error(name, "is a sqlite URL with a host, but SQLite has none: use sqlite:///relative.db, "
          + "sqlite:////absolute/path.db or sqlite:// for an in-memory database", display);
    }
    int queryStart = rest.indexOf('?');
    String path = queryStart < 0 ? rest : rest.substring(0, queryStart);
    String query = queryStart < 0 ? "" : rest.substring(queryStart);
    String file = path.isEmpty() ? "" : path.substring(1);
    if (file.isEmpty() || file.equals(":memory:")) file = ":memory:";
    return new DatabaseUrl("jdbc:sqlite:" + file + query, display, null, null);
  }

  private static DatabaseUrl parseNetwork(String subprotocol, String rest, String name, String display) {
    int authorityEnd = indexOfAny(rest, "/?");
    String authority = rest.substring(0, authorityEnd);
    int at = authority.lastIndexOf('@');
    String hosts = authority.substring(at + 1);
    String username = null;
    String password = null;
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      int colon = userInfo.indexOf(':');
      username = decodeUserInfo(colon < 0 ? userInfo : userInfo.substring(0, colon), name, display);
      if (username.isEmpty()) username = null;
      if (colon >= 0) password = decodeUserInfo(userInfo.substring(colon + 1), name, display);
    }
    checkHosts(hosts, name, display, rest.indexOf('@') < 0);

    String afterAuthority = rest.substring(authorityEnd);
    int queryStart = afterAuthority.indexOf('?');
    String path = queryStart < 0 ? afterAuthority : afterAuthority.substring(0, queryStart);
    String query = queryStart < 0 ? "" : afterAuthority.substring(queryStart);
    String database = path.isEmpty() ? "" : path.substring(1);
    if (database.indexOf('@') >= 0) {
      throw error(name, "has an '@' in the database name; if the password contains '/', '?' or '#', "
          + "percent-encode it (%2F, %3F, %23)", display);
    }
    String jdbcUrl = "jdbc:" + subprotocol + "://" + hosts + "/" + database + query;
    return new DatabaseUrl(jdbcUrl, display, username, password);
  }

  /**
   * Checks {@code host[:port][,host[:port]...]}. The port's text is quoted in the message only when
   * the URL has no {@code @}: otherwise the "port" may be the start of a password that held an
   * unencoded {@code /}.
   */
  private static void checkHosts(String hosts, String name, String display, boolean mayQuotePort) {
    if (hosts.isEmpty()) {
      throw error(name, "has no host: expected " + "scheme://user:password@host:port/database", display);
    }
    for (String host : hosts.split(",", -1)) {
      String port;
      if (host.startsWith("[")) {
        int close = host.indexOf(']');
        if (close < 0) throw error(name, "has an IPv6 address without its closing ']'", display);
        if (close == 1) throw error(name, "has an empty IPv6 address []", display);
        String after = host.substring(close + 1);
        if (!after.isEmpty() && !after.startsWith(":")) {
          throw error(name, "has unexpected text after the IPv6 address " + host.substring(0, close + 1), display);
        }
        port = after.isEmpty() ? null : after.substring(1);
      } else {
        int colon = host.indexOf(':');
        String hostName = colon < 0 ? host : host.substring(0, colon);
        port = colon < 0 ? null : host.substring(colon + 1);
        if (hostName.isEmpty()) {
          throw error(name, "has no host" + (hosts.indexOf(',') >= 0 ? " in one entry of its host list" : "")
              + ": expected scheme://user:password@host:port/database", display);
        }
        if (port != null && port.indexOf(':') >= 0) {
          throw error(name, "has an IPv6 address that is not in brackets"
              + (mayQuotePort ? ": write it as [" + host + "]" : ", or a password with an unencoded '/', '?' or '#'"),
              display);
        }
        for (int i = 0; i < hostName.length(); i++) {
          if (Character.isWhitespace(hostName.charAt(i)) || Character.isISOControl(hostName.charAt(i))) {
            throw error(name, "has whitespace or a control character in its host", display);
          }
        }
      }
      if (port != null && !isValidPort(port)) {
        String shown = mayQuotePort ? " \"" + port + "\"" : "";
        throw error(name, "has an invalid port" + shown + ": a port must be a number between 1 and 65535"
            + (mayQuotePort ? "" : " (if the password contains '/', '?' or '#', percent-encode it as %2F, %3F, %23)"),
            display);
      }
    }
  }

  private static boolean isValidPort(String port) {
    if (port.isEmpty() || port.length() > 5) return false;
    for (int i = 0; i < port.length(); i++) {
      if (port.charAt(i) < '0' || port.charAt(i) > '9') return false;
    }
    int p = Integer.parseInt(port);
    return p >= 1 && p <= 65535;
  }

  /** Percent-decodes a user name or password as UTF-8; {@code +} stays a plus sign. */
  private static String decodeUserInfo(String text, String name, String display) {
    if (text.indexOf('%') < 0) return text;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (c == '%') {
        int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw error(name, "has an invalid percent-escape in its user name or password "
              + "(each % must be followed by two hex digits; write a literal % as %25)", display);
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        int cp = text.codePointAt(i);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw error(name, "has percent-escapes in its user name or password that are not valid UTF-8", display);
    }
  }

  private static PoolConfigException error(String name, String problem, String display) {
    return new PoolConfigException(name, name + " " + problem + "; it was \"" + display + "\"");
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) return i;
    }
    return s.length();
  }

  /** The JDBC URL to hand to the driver; it holds no user name or password taken from the userinfo. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The URL as the user wrote it, trimmed, with every password replaced by {@value Redaction#MASK}. */
  public String displayUrl() {
    return displayUrl;
  }

  /** The percent-decoded user name from the userinfo, or {@code null} when there is none. */
  public String username() {
    return username;
  }

  /**
   * The percent-decoded password from the userinfo, or {@code null} when there is none ({@code ""}
   * for {@code user:@host}). Never log it.
   */
  public String password() {
    return password;
  }

  /** The database family of {@link #jdbcUrl()}. */
  public DatabaseKind kind() {
    return DatabaseKind.fromJdbcUrl(jdbcUrl);
  }

  /** Shows the display URL only. */
  @Override
  public String toString() {
    return "DatabaseUrl{" + displayUrl + " -> " + Redaction.redactUrl(jdbcUrl) + ", user=" + username
        + ", password=" + (password == null ? "<none>" : Redaction.MASK) + "}";
  }
}

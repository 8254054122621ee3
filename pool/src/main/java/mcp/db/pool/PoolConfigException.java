package mcp.db.pool;

/**
 * Thrown when a setting, URL or environment variable has a value the pool cannot use. The message
 * names the setting (or variable), the value with any password redacted, and what is allowed.
 */
public class PoolConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  /**
   * @param setting the setting, properties key or environment variable at fault
   * @param message the whole message, already redacted
   */
  public PoolConfigException(String setting, String message) {
    super(message);
    this.setting = setting;
  }

  /**
   * @param setting the setting, properties key or environment variable at fault
   * @param message the whole message, already redacted
   * @param cause the underlying parse error, if any
   */
  public PoolConfigException(String setting, String message, Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /** The name of the setting, properties key or environment variable that was rejected. */
  public String setting() {
    return setting;
  }
}

package mcp.db.pool;

import java.sql.Connection;
import java.util.Objects;
import java.util.Optional;

/**
 * How a transaction runs: its isolation level, whether it is read-only, and how it is retried.
 * Immutable; build one with {@link #builder()}:
 *
 * <pre>{@code
 * TransactionOptions serializable = TransactionOptions.builder()
 *     .isolation(TransactionOptions.Isolation.SERIALIZABLE)
 *     .retryPolicy(RetryPolicy.builder().maxAttempts(10).build())
 *     .build();
 * }</pre>
 *
 * <p>The session applies the isolation level and read-only flag to its connection when it borrows
 * it, before the first statement; the pool restores the connection's own settings when it comes
 * back. An option left unset keeps what the pool configured.
 */
public final class TransactionOptions {
  private static final TransactionOptions DEFAULTS = builder().build();

  /** The standard isolation levels, as JDBC names them. */
  public enum Isolation {
    /** {@link Connection#TRANSACTION_READ_UNCOMMITTED}. */
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    /** {@link Connection#TRANSACTION_READ_COMMITTED}. */
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    /** {@link Connection#TRANSACTION_REPEATABLE_READ}. */
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    Isolation(int jdbcLevel) {
      this.jdbcLevel = jdbcLevel;
    }

    /** The {@code Connection.TRANSACTION_*} constant for this level. */
    public int jdbcLevel() {
      return jdbcLevel;
    }
  }

  private final Isolation isolation;
  private final boolean readOnly;
  private final RetryPolicy retryPolicy;

  private TransactionOptions(Builder b) {
    this.isolation = b.isolation;
    this.readOnly = b.readOnly;
    this.retryPolicy = b.retryPolicy;
  }

  /** No isolation or read-only override, and the pool's retry policy. */
  public static TransactionOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The isolation level to set, or empty to keep the pool's. */
  public Optional<Isolation> isolation() {
    return Optional.ofNullable(isolation);
  }

  /**
   * Whether the connection is switched to read-only for the transaction; {@code false} keeps the
   * pool's setting (it does not switch a read-only pool to read-write).
   */
  public boolean readOnly() {
    return readOnly;
  }

  /**
   * The retry policy for {@code inTransaction}, or empty to use the pool's. Ignored by sessions
   * that are not run by {@code inTransaction}.
   */
  public Optional<RetryPolicy> retryPolicy() {
    return Optional.ofNullable(retryPolicy);
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.isolation = isolation;
    b.readOnly = readOnly;
    b.retryPolicy = retryPolicy;
    return b;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof TransactionOptions)) return false;
    TransactionOptions other = (TransactionOptions) o;
    return isolation == other.isolation && readOnly == other.readOnly
        && Objects.equals(retryPolicy, other.retryPolicy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(isolation, readOnly, retryPolicy);
  }

  @Override
  public String toString() {
    return "TransactionOptions[isolation=" + (isolation == null ? "pool default" : isolation)
        + ", readOnly=" + readOnly + ", retryPolicy="
        + (retryPolicy == null ? "pool default" : retryPolicy) + "]";
  }

  /** Collects {@link TransactionOptions}. Not thread-safe. */
  public static final class Builder {
    private Isolation isolation;
    private boolean readOnly;
    private RetryPolicy retryPolicy;

    private Builder() {}

    /** The isolation level; {@code null} keeps the pool's. */
    public Builder isolation(Isolation isolation) {
      this.isolation = isolation;
      return this;
    }

    /** Whether the transaction is read-only; {@code false} (the default) keeps the pool's. */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /** The retry policy for {@code inTransaction}; {@code null} uses the pool's. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** The options. */
    public TransactionOptions build() {
      return new TransactionOptions(this);
    }
  }
}

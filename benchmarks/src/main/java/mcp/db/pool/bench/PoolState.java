package mcp.db.pool.bench;

import java.sql.SQLException;
import javax.sql.DataSource;
import mcp.db.pool.testkit.StubDatabase;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One pool, shared by all benchmark threads of a trial, over the stub driver's database
 * {@code jdbc:stub:bench}. Subclasses say how many connections it holds; {@link #pool} picks the
 * implementation, so a single JMH run compares all of them side by side.
 */
@State(Scope.Benchmark)
public abstract class PoolState {
  /** The stub database every benchmark borrows from; it does no I/O. */
  static final String STUB_DATABASE = "bench";

  /** The pool under test, one of {@link Pools#ALL}. */
  @Param({"mcp", "hikari", "dbcp2", "tomcat", "c3p0", "vibur", "agroal"})
  public String pool;

  /** Where the benchmark threads borrow connections; set for the whole trial. */
  protected DataSource dataSource;

  private Pools.BenchPool open;

  /** How many connections the pool holds. */
  protected abstract int poolSize();

  /** Opens and fills the pool, so no measurement sees a connection being opened. */
  @Setup(Level.Trial)
  public void openPool() throws SQLException {
    StubDatabase database = StubDatabase.named(STUB_DATABASE);
    database.reset();
    open = Pools.open(pool, Pools.Target.stub(database.url()), poolSize());
    dataSource = open.dataSource();
  }

  /** Closes the pool. */
  @TearDown(Level.Trial)
  public void closePool() {
    if (open != null) open.close();
    open = null;
    dataSource = null;
  }
}

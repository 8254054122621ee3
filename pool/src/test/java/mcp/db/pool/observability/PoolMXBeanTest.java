package mcp.db.pool.observability;

import static mcp.db.pool.observability.PoolStatsTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.testkit.StubDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The pool's MXBean: statistics as attributes, resize/evict/suspend/resume as operations. */
@Tag("stub")
class PoolMXBeanTest {
  private final StubDatabase db = StubDatabase.unique();
  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
  private DatabasePool pool;

  @AfterEach
  void close() {
    if (pool != null) {
      pool.unregisterMBean();
      pool.close();
    }
    StubDatabase.remove(db.name());
  }

  @Test
  void attributesShowTheStatisticsAndOperationsChangeThePool() throws Exception {
    pool = DatabasePool.builder().url(db.url()).poolName("jmx-" + db.name()).poolSize(2)
        .maxOverflow(1).minIdle(2).build();
    ObjectName name = pool.registerMBean();
    assertThat(name.toString()).isEqualTo("mcp.db.pool:type=Pool,name=\"jmx-" + db.name() + "\"");
    await(() -> pool.getPoolStats().size() == 2, "two connections are open");

    try (Connection c = pool.getConnection()) {
      assertThat(server.getAttribute(name, "CheckedOut")).isEqualTo(1);
      assertThat(server.getAttribute(name, "CheckedIn")).isEqualTo(1);
      assertThat(server.getAttribute(name, "Size")).isEqualTo(2);
      assertThat(server.getAttribute(name, "PoolSize")).isEqualTo(2);
      assertThat(((TabularData) server.getAttribute(name, "Statistics")).isEmpty()).isFalse();
    }

    server.setAttribute(name, new Attribute("PoolSize", 3));
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(3);
    server.setAttribute(name, new Attribute("MaxOverflow", 0));
    assertThat(pool.getPoolStats().maxOverflow()).isZero();

    server.invoke(name, "suspend", null, null);
    assertThat(pool.isSuspended()).isTrue();
    assertThat(server.getAttribute(name, "Suspended")).isEqualTo(true);
    server.invoke(name, "resume", null, null);
    assertThat(pool.isSuspended()).isFalse();

    server.invoke(name, "softEvictConnections", null, null);
    await(() -> pool.getPoolStats().closedByReason().get("evicted") >= 2, "idle connections are evicted");

    assertThat((String) server.invoke(name, "checkHealth", null, null)).contains("\"status\"");
  }

  @Test
  void aSecondPoolWithTheSameNameCannotRegister() {
    pool = DatabasePool.builder().url(db.url()).poolName("jmx-dup-" + db.name()).poolSize(1).build();
    pool.registerMBean();
    try (DatabasePool twin = DatabasePool.builder().url(db.url()).poolName("jmx-dup-" + db.name())
        .poolSize(1).build()) {
      assertThatThrownBy(twin::registerMBean).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("registered in JMX already");
    }
    pool.unregisterMBean();
    assertThat(server.isRegistered(mcp.db.pool.internal.jmx.PoolMXBeanImpl.objectName(pool.getPoolName()))).isFalse();
  }
}

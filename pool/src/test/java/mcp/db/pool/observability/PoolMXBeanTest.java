package mcp.db.pool.observability;

import static mcp.db.pool.observability.PoolStatsTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.Map;
import java.util.Properties;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.TabularData;
import mcp.db.pool.DatabasePool;
import mcp.db.pool.DatabasePoolBuilder;
import mcp.db.pool.internal.jmx.PoolMXBeanImpl;
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
  void resizePoolOperationResizesThePoolAndRejectsAnOutOfRangeSizeWithAJdkException()
      throws Exception {
    pool = DatabasePool.builder().url(db.url()).poolName("jmx-resize-" + db.name()).poolSize(2)
        .minIdle(2).build();
    ObjectName name = pool.registerMBean();
    await(() -> pool.getPoolStats().size() == 2, "two connections are open");

    server.invoke(name, "resizePool", new Object[] {4}, new String[] {"int"});
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(4);
    assertThat(server.getAttribute(name, "PoolSize")).isEqualTo(4);
    await(() -> pool.getPoolStats().size() == 4, "the pool grows to four connections");

    server.invoke(name, "resizePool", new Object[] {1}, new String[] {"int"});
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(1);

    // A remote console cannot load the pool's own exception classes: the cause is a JDK type.
    assertThatThrownBy(() -> server.invoke(name, "resizePool", new Object[] {0}, new String[] {"int"}))
        .isInstanceOf(RuntimeMBeanException.class)
        .cause().isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poolSize").hasMessageContaining("0");
    assertThat(pool.getPoolStats().poolSize()).isEqualTo(1);
  }

  @Test
  void borrowsAndReturnsAreAttributes() throws Exception {
    pool = DatabasePool.builder().url(db.url()).poolName("jmx-counts-" + db.name()).poolSize(1).build();
    ObjectName name = pool.registerMBean();
    Connection held = pool.getConnection();
    assertThat(server.getAttribute(name, "Borrows")).isEqualTo(1L);
    assertThat(server.getAttribute(name, "Returns")).isEqualTo(0L);
    held.close();
    try (Connection c = pool.getConnection()) {
      c.getAutoCommit();
    }
    assertThat(server.getAttribute(name, "Borrows")).isEqualTo(2L);
    assertThat(server.getAttribute(name, "Returns")).isEqualTo(2L);
  }

  @Test
  void registerMbeansSettingRegistersAtBuildAndCloseUnregisters() {
    String poolName = "jmx-setting-" + db.name();
    ObjectName name = PoolMXBeanImpl.objectName(poolName);
    try (DatabasePool fromCode = DatabasePool.builder().url(db.url()).poolName(poolName).poolSize(1)
        .registerMbeans(true).build()) {
      assertThat(server.isRegistered(name)).isTrue();
    }
    assertThat(server.isRegistered(name)).isFalse();

    try (DatabasePool fromEnv = DatabasePoolBuilder.fromEnv(Map.of("DATABASE_URL", db.url(),
        "POOL_NAME", poolName, "POOL_SIZE", "1", "POOL_REGISTER_MBEANS", "true")).build()) {
      assertThat(server.isRegistered(name)).isTrue();
    }
    Properties props = new Properties();
    props.setProperty("url", db.url());
    props.setProperty("poolName", poolName);
    props.setProperty("registerMbeans", "true");
    try (DatabasePool fromProperties = DatabasePool.fromProperties(props)) {
      assertThat(server.isRegistered(name)).isTrue();
    }

    try (DatabasePool off = DatabasePool.builder().url(db.url()).poolName(poolName).poolSize(1).build()) {
      assertThat(off.config().registerMbeans()).isFalse();
      assertThat(server.isRegistered(name)).isFalse();
    }
  }

  @Test
  void registerMbeansFailsTheBuildWhenAPoolOfTheSameNameIsRegistered() throws Exception {
    String poolName = "jmx-setting-dup-" + db.name();
    pool = DatabasePool.builder().url(db.url()).poolName(poolName).poolSize(1).registerMbeans(true)
        .build();
    int openBefore = db.connectionsOpen();
    assertThatThrownBy(() -> DatabasePool.builder().url(db.url()).poolName(poolName).poolSize(1)
        .registerMbeans(true).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("registered in JMX already");
    await(() -> db.connectionsOpen() == openBefore, "the refused pool closes its connections");
    assertThat(server.isRegistered(PoolMXBeanImpl.objectName(poolName))).isTrue(); // the first stays
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
    assertThat(server.isRegistered(PoolMXBeanImpl.objectName(pool.getPoolName()))).isFalse();
  }
}

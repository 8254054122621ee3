package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import mcp.db.pool.RetryPolicy;
import mcp.db.pool.TransactionOptions;
import mcp.db.pool.TransactionOptions.Isolation;
import org.junit.jupiter.api.Test;

/** {@link RetryPolicy} and {@link TransactionOptions}: defaults, the backoff ceiling, checks. */
class RetryPolicyTest {

  @Test
  void defaultsAreThreeAttemptsTenMillisecondsDoublingToOneSecond() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.baseDelay()).isEqualTo(Duration.ofMillis(10));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.noRetry().maxAttempts()).isEqualTo(1);
  }

  @Test
  void backoffCeilingDoublesUpToTheCap() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertThat(policy.backoffCeiling(1)).isEqualTo(Duration.ofMillis(10));
    assertThat(policy.backoffCeiling(2)).isEqualTo(Duration.ofMillis(20));
    assertThat(policy.backoffCeiling(7)).isEqualTo(Duration.ofMillis(640));
    assertThat(policy.backoffCeiling(8)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoffCeiling(Integer.MAX_VALUE)).as("no overflow")
        .isEqualTo(Duration.ofSeconds(1));
    RetryPolicy immediate = RetryPolicy.builder().baseDelay(Duration.ZERO).build();
    assertThat(immediate.backoffCeiling(Integer.MAX_VALUE)).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> policy.backoffCeiling(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retry was 0 but must be >= 1");
  }

  @Test
  void invalidSettingsAreRejectedWithTheSettingAndTheValue() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts was 0 but must be >= 1");
    assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseDelay was PT-0.001S but must be between PT0S and PT1H");
    assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(Duration.ofHours(2)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("maxDelay was PT2H");
    assertThatThrownBy(() -> RetryPolicy.builder().baseDelay(Duration.ofSeconds(2)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseDelay was PT2S but must not be longer than maxDelay (PT1S)");
  }

  @Test
  void policiesAndOptionsAreValuesThatCopyIntoBuilders() {
    RetryPolicy ten = RetryPolicy.builder().maxAttempts(10).build();
    assertThat(ten.toBuilder().build()).isEqualTo(ten).hasSameHashCodeAs(ten);
    assertThat(ten).hasToString("RetryPolicy[maxAttempts=10, baseDelay=PT0.01S, maxDelay=PT1S]");

    TransactionOptions options = TransactionOptions.builder().isolation(Isolation.SERIALIZABLE)
        .readOnly(true).retryPolicy(ten).build();
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThat(options.isolation()).contains(Isolation.SERIALIZABLE);
    assertThat(Isolation.SERIALIZABLE.jdbcLevel())
        .isEqualTo(java.sql.Connection.TRANSACTION_SERIALIZABLE);
    assertThat(TransactionOptions.defaults().isolation()).isEmpty();
    assertThat(TransactionOptions.defaults().retryPolicy()).isEmpty();
    assertThat(TransactionOptions.defaults().readOnly()).isFalse();
  }
}

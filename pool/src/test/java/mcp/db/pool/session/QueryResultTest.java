package mcp.db.pool.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mcp.db.pool.QueryResult;
import org.junit.jupiter.api.Test;

/** {@link QueryResult}: its accessors and the text table of {@code toString()}. */
class QueryResultTest {

  @Test
  void toStringIsAnAlignedTableWithNumbersOnTheRight() {
    QueryResult result = QueryResult.ofRows(List.of("id", "name", "balance"), List.of(
        List.of(1, "alice", new BigDecimal("100.50")),
        Arrays.asList(20, null, new BigDecimal("7"))));
    assertThat(result).hasToString(String.join("\n",
        "id | name  | balance",
        "---+-------+--------",
        " 1 | alice |  100.50",
        "20 | NULL  |       7",
        "(2 rows)"));
  }

  @Test
  void longValuesAndControlCharactersAreShownOnOneShortLine() {
    String longText = "x".repeat(100);
    QueryResult result = QueryResult.ofRows(List.of("v"), List.of(List.of(longText),
        List.of("two\nlines\tand tab"), List.of((Object) new byte[] {0x0a, (byte) 0xff})));
    String[] lines = result.toString().split("\n");
    assertThat(lines[2]).hasSize(40).endsWith("...");
    assertThat(lines[3]).isEqualTo("two\\nlines\\tand tab");
    assertThat(lines[4]).isEqualTo("\\x0aff");
    assertThat(lines[5]).isEqualTo("(3 rows)");
  }

  @Test
  void onlyTheFirstTwentyRowsAreShown() {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 25; i++) rows.add(List.of(i));
    String text = QueryResult.ofRows(List.of("n"), rows).toString();
    assertThat(text.split("\n")).hasSize(2 + 20 + 2);
    assertThat(text).endsWith("... 5 more rows\n(25 rows)");
  }

  @Test
  void emptyResultStillShowsItsColumns() {
    assertThat(QueryResult.ofRows(List.of("a", "b"), List.of()))
        .hasToString("a | b\n--+--\n(0 rows)");
  }

  @Test
  void updateCountReadsAsRowsAffected() {
    QueryResult one = QueryResult.ofUpdateCount(1);
    assertThat(one.hasResultSet()).isFalse();
    assertThat(one.columns()).isEmpty();
    assertThat(one.rows()).isEmpty();
    assertThat(one).hasToString("(1 row affected)");
    assertThat(QueryResult.ofUpdateCount(0)).hasToString("(0 rows affected)");
  }

  @Test
  void rowsAreReadableByIndexByLabelAndAsMaps() {
    QueryResult result = QueryResult.ofRows(List.of("id", "Name"),
        List.of(List.of(1, "ann"), List.of(2, "bob")));
    assertThat(result.updateCount()).isEqualTo(-1);
    assertThat(result.get(1, "name")).isEqualTo("bob");
    assertThat(result.rowMaps()).containsExactly(Map.of("id", 1, "Name", "ann"),
        Map.of("id", 2, "Name", "bob"));
    assertThatThrownBy(() -> result.get(0, "missing"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
  }

  @Test
  void resultIsImmutableAndCheckedOnCreation() {
    List<Object> row = new ArrayList<>(List.of(1));
    QueryResult result = QueryResult.ofRows(List.of("id"), List.of(row));
    row.set(0, 2);
    assertThat(result.get(0, "id")).as("a copy").isEqualTo(1);
    assertThatThrownBy(() -> result.rows().get(0).set(0, 3))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> QueryResult.ofRows(List.of("a", "b"), List.of(List.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("row 0 has 1 values but there are 2 columns");
    assertThatThrownBy(() -> QueryResult.ofUpdateCount(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("updateCount was -1");
  }
}

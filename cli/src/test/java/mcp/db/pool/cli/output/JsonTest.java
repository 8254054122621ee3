package mcp.db.pool.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesWhatAJsonParserReadsBack() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 </script>");
    m.put("int", 42);
    m.put("double", 1.5);
    m.put("whole", 3.0);
    m.put("nan", Double.NaN);
    m.put("null", null);
    m.put("list", List.of(1, 2, 3));
    m.put("objects", List.of(Map.of("a", 1), Map.of("b", true)));
    m.put("empty", Map.of());
    for (String json : List.of(Json.pretty(m), Json.compact(m))) {
      var parsed = JsonParser.parseString(json).getAsJsonObject();
      assertThat(parsed.get("text").getAsString()).isEqualTo(m.get("text"));
      assertThat(parsed.get("int").getAsInt()).isEqualTo(42);
      assertThat(parsed.get("double").getAsDouble()).isEqualTo(1.5);
      assertThat(parsed.get("nan").isJsonNull()).isTrue();
      assertThat(parsed.getAsJsonArray("objects")).hasSize(2);
    }
    assertThat(Json.compact(m)).doesNotContain("\n").doesNotContain("</script>").contains("\"whole\":3,");
  }

  @Test
  void prettyKeepsShortListsOnOneLine() {
    assertThat(Json.pretty(Map.of("sql", Arrays.asList("SELECT 1", "SELECT 2"))))
        .isEqualTo("{\n  \"sql\": [\"SELECT 1\", \"SELECT 2\"]\n}");
  }
}

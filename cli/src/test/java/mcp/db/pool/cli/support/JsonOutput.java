package mcp.db.pool.cli.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Parses what the tool printed with {@code --json}, failing the test if it is not one JSON object. */
public final class JsonOutput {
  private JsonOutput() {}

  /** The object printed on stdout. */
  public static JsonObject parse(Cli.Result result) {
    return JsonParser.parseString(result.out()).getAsJsonObject();
  }
}

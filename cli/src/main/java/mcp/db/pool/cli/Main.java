package mcp.db.pool.cli;

/** Entry point of the command-line tool (placeholder until the demo is written). */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("mcp-db-pool");
  }
}

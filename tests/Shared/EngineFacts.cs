namespace RecAce.Tests;

/// <summary>A fact about SQLite itself (its file, FTS5, PRAGMAs): skipped, with the reason, in the PostgreSQL run.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class SqliteFactAttribute : FactAttribute
{
    /// <param name="why">What makes the test SQLite-only; shown as the skip reason in the PostgreSQL run.</param>
    public SqliteFactAttribute(string why)
    {
        if (TestDatabase.IsPostgres) Skip = "SQLite only: " + why;
    }
}

/// <summary>A fact about PostgreSQL itself: runs only in the PostgreSQL run (RECACE_TEST_DATABASE=postgres).</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.IsPostgres) Skip = "PostgreSQL only: runs with RECACE_TEST_DATABASE=postgres (scripts/test.sh's second pass)";
    }
}

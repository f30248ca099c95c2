namespace RecAce.Data;

/// <summary>The <c>RecAce:Database</c> configuration section: which database holds the calls.</summary>
public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (default: a file <c>recace.db</c> in the data folder) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// For <c>postgres</c>: an Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…;Password=…</c>).
    /// Unused for <c>sqlite</c>.
    /// </summary>
    public string? ConnectionString { get; set; }
}

/// <summary>The database engines RecAce runs on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

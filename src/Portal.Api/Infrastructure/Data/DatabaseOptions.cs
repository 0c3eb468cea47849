using System.ComponentModel.DataAnnotations;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>The <c>Database</c> section: which engine, and how to reach it.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>A SQLite path is relative to the content root; PostgreSQL takes an Npgsql connection string.</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=vinr-portal.db";

    /// <summary>Apply pending migrations at start-up (one command locally; turn off where a release step migrates).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

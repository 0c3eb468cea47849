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

    /// <summary>
    /// Apply pending migrations at start-up. Unset: in Development only; elsewhere a release step runs
    /// <c>Vinr.Portal migrate</c> first (<see cref="DatabaseMigrator"/>).
    /// </summary>
    public bool? MigrateOnStartup { get; set; }
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

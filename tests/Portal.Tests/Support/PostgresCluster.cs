using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vinr.Portal.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster on loopback (installed here, not running): initdb into a temp
/// folder, start on a free port, stop and delete afterwards. initdb refuses root, so as root it runs
/// as the postgres user.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"vinr-pg-{Guid.NewGuid():N}");
    private string _bin = "";

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=40";

    public async ValueTask InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb).");
        Port = FreePort();
        Directory.CreateDirectory(_directory);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres:postgres {_directory}");
        }
        await RunPostgresAsync("initdb", $"-D {_directory}/data -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8");
        await RunPostgresAsync("pg_ctl", $"-D {_directory}/data -l {_directory}/log -w -o \"-k {_directory} -p {Port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start");
    }

    public async ValueTask DisposeAsync()
    {
        await RunPostgresAsync("pg_ctl", $"-D {_directory}/data -m immediate -w stop");
        Directory.Delete(_directory, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task RunPostgresAsync(string tool, string arguments) =>
        IsRoot
            ? RunAsync("runuser", $"-u postgres -- {Path.Combine(_bin, tool)} {arguments}")
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await output} {await error}");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

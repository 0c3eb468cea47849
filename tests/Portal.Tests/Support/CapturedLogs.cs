using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Vinr.Portal.Tests.Support;

/// <summary>
/// Every log line the app writes, formatted, with its structured values and its scopes (the request's
/// scope carries the raw request path, which is what a console or OTLP logger with scopes writes out).
/// Linked into Portal.E2E, where every journey's lines are searched for secrets.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Takes the lines written so far out of <see cref="Lines"/>.</summary>
    public IEnumerable<string> Drain()
    {
        while (_lines.TryDequeue(out var line))
        {
            yield return line;
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => logs._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder($"{logLevel} {category}: {formatter(state, exception)}");
            AppendValues(line, state);
            logs._scopes.ForEachScope((scope, text) =>
            {
                text.Append(" => ").Append(scope);
                AppendValues(text, scope);
            }, line);
            logs._lines.Enqueue(line.Append(' ').Append(exception).ToString());
        }

        private static void AppendValues(StringBuilder line, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    line.Append(' ').Append(key).Append('=').Append(value);
                }
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Vinr.Portal.E2E;
using Vinr.Portal.Tests.Support;
using Xunit.v3;

[assembly: NoSecretsInLogs]

namespace Vinr.Portal.E2E;

/// <summary>
/// Every journey runs with the app logging at Debug into <see cref="Logs"/> (messages, structured
/// values and scopes: what a console or OTLP logger would write). Each secret a journey uses is
/// learnt as it appears: the API key, every link token (<see cref="PortalServer.CreateSessionAsync"/>),
/// every cookie the app sets (<see cref="PortalServer"/> watches Set-Cookie). Card numbers, CVCs,
/// API keys and webhook secrets are also matched by their shape. After each test the new lines are
/// searched for every secret, and the lines of the last minutes for secrets learnt since.
/// </summary>
public static partial class SecretsInLogs
{
    // Every card number a journey types (TestPaymentProcessor's cards), matched with spaces and dashes removed.
    private static readonly string[] CardNumbers =
    [
        "4242424242424242", "4242424242424241", "4012888888881881", "4000056655665556", "5555555555554444", "378282246310005",
        "4000000000000002", "4000000000009995", "4000000000000069", "4000000000000127", "4000000000000119", "4000000000000341",
    ];

    private static readonly ConcurrentDictionary<string, string> Secrets = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();
    private static readonly List<(DateTimeOffset At, string Line)> Recent = [];
    private static readonly HashSet<string> Searched = new(StringComparer.Ordinal);

    [GeneratedRegex(@"sk_(test|live)_[A-Za-z0-9]{16,}|whsec_[A-Za-z0-9+/=_-]{16,}|\bcvc\b[""':=\s]{0,4}\d{3,4}\b|\bcookie:\s*\S", RegexOptions.IgnoreCase)]
    private static partial Regex SecretShapes();

    public static CapturedLogs Logs { get; } = new();

    /// <summary>Remembers a value that must never be logged; <paramref name="what"/> names it in a failure.</summary>
    public static void Learn(string value, string what)
    {
        if (value.Length >= 12)
        {
            Secrets.TryAdd(value, what);
        }
    }

    /// <summary>Each leak since the last call: what leaked, and where.</summary>
    public static List<string> FindLeaks()
    {
        lock (Gate)
        {
            var leaks = new List<string>();
            var learnt = Secrets.Where(s => !Searched.Contains(s.Key)).ToList();
            foreach (var (_, line) in Recent)
            {
                leaks.AddRange(learnt.Where(s => line.Contains(s.Key, StringComparison.Ordinal)).Select(s => Describe(s.Value, line, s.Key)));
            }
            learnt.ForEach(s => Searched.Add(s.Key));

            var now = DateTimeOffset.UtcNow;
            var known = Secrets.ToList();
            foreach (var line in Logs.Drain())
            {
                leaks.AddRange(known.Where(s => line.Contains(s.Key, StringComparison.Ordinal)).Select(s => Describe(s.Value, line, s.Key)));
                var digits = line.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
                leaks.AddRange(CardNumbers.Where(n => digits.Contains(n, StringComparison.Ordinal)).Select(n => Describe("a card number", line, n[..6])));
                if (SecretShapes().Match(line) is { Success: true } shape)
                {
                    leaks.Add(Describe("a secret by its shape", line, shape.Value));
                }
                Recent.Add((now, line));
            }
            // A journey learns a secret within moments of using it: older lines cannot meet a new one.
            Recent.RemoveAll(l => l.At < now.AddMinutes(-3));
            return leaks;
        }
    }

    private static string Describe(string what, string line, string found)
    {
        var at = Math.Max(0, line.IndexOf(found, StringComparison.Ordinal) - 120);
        return $"{what} in: …{line.Substring(at, Math.Min(240, line.Length - at))}…";
    }
}

/// <summary>Fails the test after which a secret is found in the app's log (<see cref="SecretsInLogs"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class NoSecretsInLogsAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        var leaks = SecretsInLogs.FindLeaks();
        Assert.True(leaks.Count == 0, $"The app logged secrets:\n{string.Join("\n", leaks.Distinct().Take(10))}");
    }
}

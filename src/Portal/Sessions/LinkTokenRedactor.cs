using System.Text.RegularExpressions;
using Microsoft.AspNetCore.HttpLogging;

namespace Vinr.Portal.Sessions;

/// <summary>
/// The request log writes paths; a link's path holds its bearer token. ASP.NET Core's own
/// "Request starting" log is turned off (see Program.cs) and this request log writes
/// <c>/session/bps_.../[redacted]</c> instead.
/// </summary>
internal sealed partial class LinkTokenRedactor : IHttpLoggingInterceptor
{
    [GeneratedRegex("^(/session/[^/]+/)[^/]+")]
    private static partial Regex LinkPath();

    public static string Redact(string path) => LinkPath().Replace(path, "$1[redacted]");

    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
    {
        var path = logContext.HttpContext.Request.Path.Value ?? "";
        if (logContext.TryDisable(HttpLoggingFields.RequestPath))
        {
            logContext.AddParameter(nameof(HttpRequest.Path), Redact(path));
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;
}

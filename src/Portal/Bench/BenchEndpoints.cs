using Microsoft.AspNetCore.Http.HttpResults;

namespace Vinr.Portal.Bench;

/// <summary>
/// The ceilings benchmarks compare against, mapped only with <c>Bench:Enabled</c>: a bare JSON
/// endpoint (the API's), and a static version of the customer's way in (the portal's time to
/// interactive): a page whose button POSTs, a 303, and a page whose button answers a click, the
/// same steps as Continue and the overview, without a circuit. <c>/bench/memory</c> collects fully and
/// reports the managed heap, the process's resident set and the bytes allocated so far, for memory per circuit (whose ceiling is
/// the counter page, <see cref="BenchCounter"/>).
/// </summary>
public static class BenchEndpoints
{

    public static void MapBenchCeilings(this WebApplication app)
    {
        app.MapGet("/bench/bare", () => TypedResults.Ok(new { ok = true })).ExcludeFromDescription();
        app.MapGet("/bench/static", () => Html("Continue", """<form method="post"><button type="submit">Continue</button></form>""")).ExcludeFromDescription();
        app.MapPost("/bench/static", (HttpContext context) =>
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = "/bench/static/next";
        }).ExcludeFromDescription();
        app.MapGet("/bench/static/next", () => Html("Overview", """<button type="button" id="respond">Respond</button><p id="out"></p>""")).ExcludeFromDescription();
        app.MapGet("/bench/memory", () =>
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            // allocated: every byte allocated since start-up, for the allocations per request of a code path.
            return TypedResults.Ok(new { managed = GC.GetTotalMemory(forceFullCollection: false), rss = Environment.WorkingSet, allocated = GC.GetTotalAllocatedBytes(precise: true) });
        }).ExcludeFromDescription();
        app.MapGet("/bench/static.js", () => TypedResults.Text(
            "document.getElementById('respond')?.addEventListener('click', () => { document.getElementById('out').textContent = 'ok'; });",
            "text/javascript")).ExcludeFromDescription();
    }

    private static ContentHttpResult Html(string title, string body) => TypedResults.Content(
        $"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title><script src="/bench/static.js" defer></script></head><body><main><h1>{title}</h1>{body}</main></body></html>""",
        "text/html");
}

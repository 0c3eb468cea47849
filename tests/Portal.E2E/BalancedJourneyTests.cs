using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Npgsql;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Vinr.Portal.E2E;

/// <summary>
/// The customer's journey in production's topology: two processes of the app on PostgreSQL behind
/// YARP with sticky sessions (<see cref="BalancedReplicas"/>), in a real browser; and what the
/// customer sees when the process holding their page dies in the middle of a plan change.
/// </summary>
public sealed partial class BalancedJourneyTests(BrowserFixture fixture, BalancedReplicas replicas)
    : IClassFixture<BrowserFixture>, IClassFixture<BalancedReplicas>
{
    [GeneratedRegex(@"\$[\d,]+\.\d\d")]
    private static partial Regex Dollars();

    private static ILocator Plan(IPage page, string name) => page.Locator($"[data-testid=plan][data-plan='{name}']");

    [Fact]
    public async Task Through_the_balancer_a_customer_upgrades_and_returns_and_their_session_ends_on_every_replica()
    {
        var customer = await AddCustomerAsync();
        var (page, session, _) = await OpenAsync(customer);

        var dueToday = await PreviewUpgradeAsync(page);
        await page.GetByTestId("confirm-change").ClickAsync();
        await Expect(page.GetByText("You are now on Business.")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("invoices").Locator("tbody tr").First).ToContainTextAsync(dueToday);
        await BrowserFixture.ScreenshotAsync(page, "90-balanced-after-upgrade");
        await page.GetByRole(AriaRole.Button, new() { Name = "Return to Acme Cloud" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(session.GetProperty("return_url").GetString()!);
        await using var db = replicas.OpenDatabase();
        var ended = await db.PortalSessions.AsNoTracking().SingleAsync(s => s.Id == session.GetProperty("id").GetString(), TestContext.Current.CancellationToken);
        Assert.NotNull(ended.EndedAt);
        var cookie = (await page.Context.CookiesAsync()).SingleOrDefault(c => c.Name == "vinr_portal");
        Assert.Null(cookie);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Killing_the_replica_in_the_middle_of_a_plan_change_writes_nothing_and_the_reloaded_page_on_the_other_replica_shows_the_truth()
    {
        var customer = await AddCustomerAsync();
        var (page, _, serving) = await OpenAsync(customer);
        try
        {
            var interrupted = await PreviewUpgradeAsync(page);

            // The plan change's commit starts by writing the customer's row: with that row held here, the replica
            // waits inside its transaction, so the kill lands in the middle of the change, not before or after it.
            await using var holder = new NpgsqlConnection(replicas.ConnectionString);
            await holder.OpenAsync(TestContext.Current.CancellationToken);
            await using (var hold = holder.BeginTransaction())
            {
                await using (var lockRow = new NpgsqlCommand("""SELECT 1 FROM "Customers" WHERE "Id" = @id FOR UPDATE""", holder, hold))
                {
                    lockRow.Parameters.AddWithValue("id", customer);
                    await lockRow.ExecuteScalarAsync(TestContext.Current.CancellationToken);
                }
                await page.GetByTestId("confirm-change").ClickAsync();
                var waiting = await WaitForAsync(() => ScalarAsync<int?>("""SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%Customers%' LIMIT 1"""));
                await replicas.KillAsync(serving);
                await hold.RollbackAsync(TestContext.Current.CancellationToken);
                // PostgreSQL rolls the dead replica's transaction back when it finds its client gone.
                await WaitForAsync(async () => await ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE pid = {waiting}") == 0 ? "gone" : null);
            }

            // The page says it lost its connection; the customer reloads and lands on the other replica.
            var reload = page.Locator("#reconnect-reload");
            await Expect(reload).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await BrowserFixture.ScreenshotAsync(page, "91-balanced-replica-lost");
            await Accessibility.AssertEverywhereAsync(page);
            await reload.ClickAsync();
            await Portal.WaitForCircuitAsync(page);
            await Portal.NavigateAsync(page, "Overview");
            await Expect(page.GetByTestId("subscription")).ToContainTextAsync("Pro");
            await Expect(page.GetByTestId("invoices").Locator("tbody tr")).ToHaveCountAsync(1);
            await BrowserFixture.ScreenshotAsync(page, "92-balanced-after-reload");

            await using (var db = replicas.OpenDatabase())
            {
                var subscription = await db.Subscriptions.AsNoTracking().Include(s => s.Price).SingleAsync(s => s.CustomerId == customer, TestContext.Current.CancellationToken);
                Assert.Equal("Pro monthly", subscription.Price!.Nickname);
                Assert.Equal(0, await db.Customers.Where(c => c.Id == customer).Select(c => c.Balance).SingleAsync(TestContext.Current.CancellationToken));
                Assert.Equal(1, await db.Invoices.CountAsync(i => i.CustomerId == customer, TestContext.Current.CancellationToken));
                Assert.Equal(0, await db.PendingInvoiceItems.CountAsync(i => i.CustomerId == customer, TestContext.Current.CancellationToken));
                // The charge was taken before the commit waited: its row is how the billing clock gives the money back
                // once it is older than any request (PortalCharges.SettleAbandonedAsync, PendingChargeTests).
                var abandoned = await db.PendingCharges.AsNoTracking().SingleAsync(c => c.CustomerId == customer, TestContext.Current.CancellationToken);
                Assert.Equal(long.Parse(interrupted.Trim('$').Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal),
                    System.Globalization.CultureInfo.InvariantCulture), abandoned.Amount);
                Assert.NotNull(abandoned.ChargeReference);
                Assert.DoesNotContain(await db.Events.AsNoTracking().Where(e => e.Type == EventTypes.SubscriptionUpdated).Select(e => e.Data).ToListAsync(TestContext.Current.CancellationToken),
                    data => data.Contains(customer, StringComparison.Ordinal));
            }

            // On the replica that is left, the same change goes through once, for the amount it previews.
            var dueToday = await PreviewUpgradeAsync(page);
            await page.GetByTestId("confirm-change").ClickAsync();
            await Expect(page.GetByText("You are now on Business.")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("invoices").Locator("tbody tr")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("invoices").Locator("tbody tr").First).ToContainTextAsync(dueToday);
        }
        finally
        {
            await page.Context.CloseAsync();
            await replicas.RestartAsync(serving);
        }
    }

    /// <summary>A fresh customer of the demo merchant on Pro monthly with a working card, in the shared database.</summary>
    private async Task<string> AddCustomerAsync()
    {
        await using var db = replicas.OpenDatabase();
        return await PortalServer.AddCustomerAsync(db);
    }

    /// <summary>The merchant mints a link through the balancer; the customer opens it and continues. Returns the replica holding their page.</summary>
    private async Task<(IPage Page, JsonElement Session, string Replica)> OpenAsync(string customer)
    {
        using var api = replicas.Api(replicas.Balancer);
        var created = await api.PostAsync("/v1/billing-portal/sessions", new FormUrlEncodedContent(
            [new("customer", customer), new("return_url", await MerchantSite.UrlAsync())]));
        var session = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(created.IsSuccessStatusCode, session.ToString());
        var url = session.GetProperty("url").GetString()!;
        Assert.StartsWith(replicas.Balancer, url, StringComparison.Ordinal);

        var page = await fixture.NewPageAsync();
        await page.GotoAsync(url);
        var before = replicas.Forwarded.ToDictionary();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to billing" }).ClickAsync();
        await Portal.WaitForCircuitAsync(page);
        // The affinity cookie pins the tab: only its replica served anything since Continue.
        var serving = new[] { "a", "b" }.Where(r => replicas.Forwarded.GetValueOrDefault(r) > before.GetValueOrDefault(r)).ToList();
        Assert.Single(serving);
        return (page, session, serving[0]);
    }

    /// <summary>Change plan, Business with 3 seats (more than Pro: charged today), preview: what is due today, as the page says it.</summary>
    private static async Task<string> PreviewUpgradeAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Change plan" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Change plan", Level = 1 })).ToBeVisibleAsync();
        await Plan(page, "Business").GetByLabel("Seats").FillAsync("3");
        await Plan(page, "Business").GetByRole(AriaRole.Button, new() { Name = "Choose Business" }).ClickAsync();
        await Expect(page.GetByTestId("preview")).ToContainTextAsync("Unused time on Pro");
        return Dollars().Match(await page.GetByTestId("due-today").InnerTextAsync()).Value;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(replicas.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)value;
    }

    /// <summary>Asks until <paramref name="condition"/> answers, for up to a minute.</summary>
    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> condition)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await condition() is { } done)
            {
                return done;
            }
            Assert.True(attempt < 600, "the database did not get there within a minute");
            await Task.Delay(100);
        }
    }
}

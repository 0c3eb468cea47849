using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Invoices;

public sealed class InvoiceApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private Task<string> DemoInvoiceIdAsync(string number = "ACME-0012") =>
        factory.WithDbAsync(db => db.Invoices.Where(i => i.Number == number).Select(i => i.Id).SingleAsync());

    private static List<string> Numbers(JsonElement list) =>
        [.. list.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("number").GetString()!)];

    [Fact]
    public async Task Lists_a_customers_invoices_newest_first_with_cursors()
    {
        using var api = factory.CreateApiClient();

        var first = await api.GetFromJsonAsync<JsonElement>("/v1/invoices?customer=cust_8aZ2&limit=5");
        var lastId = first.GetProperty("data")[4].GetProperty("id").GetString();
        var next = await api.GetFromJsonAsync<JsonElement>($"/v1/invoices?customer=cust_8aZ2&limit=10&starting_after={lastId}");
        var back = await api.GetFromJsonAsync<JsonElement>($"/v1/invoices?customer=cust_8aZ2&limit=5&ending_before={next.GetProperty("data")[0].GetProperty("id").GetString()}");

        Assert.Equal("list", first.GetProperty("object").GetString());
        Assert.Equal("/v1/invoices", first.GetProperty("url").GetString());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.False(next.GetProperty("has_more").GetBoolean());
        Assert.Equal([.. Enumerable.Range(1, 12).Reverse().Select(n => $"ACME-{n:D4}")], Numbers(first).Concat(Numbers(next)));
        Assert.Equal(Numbers(first), Numbers(back));
        var newest = first.GetProperty("data")[0];
        Assert.Equal("invoice", newest.GetProperty("object").GetString());
        Assert.Equal("paid", newest.GetProperty("status").GetString());
        Assert.Equal(4900, newest.GetProperty("total").GetInt64());
        Assert.Equal("Pro (monthly)", newest.GetProperty("lines").GetProperty("data")[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Retrieves_one_invoice_with_its_lines()
    {
        using var api = factory.CreateApiClient();
        var id = await DemoInvoiceIdAsync("ACME-0007");

        var invoice = await api.GetFromJsonAsync<JsonElement>($"/v1/invoices/{id}");

        Assert.Equal((id, "ACME-0007", "cust_8aZ2"), (invoice.GetProperty("id").GetString(), invoice.GetProperty("number").GetString(), invoice.GetProperty("customer").GetString()));
        Assert.Equal(4900, invoice.GetProperty("amount_paid").GetInt64());
        Assert.Single(invoice.GetProperty("lines").GetProperty("data").EnumerateArray());
        Assert.False(invoice.GetProperty("livemode").GetBoolean());
    }

    [Fact]
    public async Task Downloads_an_invoice_as_a_pdf_attachment()
    {
        using var api = factory.CreateApiClient();

        var response = await api.GetAsync($"/v1/invoices/{await DemoInvoiceIdAsync()}/pdf");

        Assert.Contains("$49.00", await Pdfs.AssertAttachmentAsync(response, "ACME-0012"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_merchant_or_the_other_mode_finds_nothing()
    {
        var id = await DemoInvoiceIdAsync();
        var otherMerchant = await TestData.AddMerchantAsync(factory, livemode: false);
        var demoLive = await TestData.AddMerchantAsync(factory, livemode: true, merchantId: PortalFactory.DemoMerchant);

        foreach (var key in new[] { otherMerchant.Key, demoLive.Key })
        {
            using var api = factory.CreateApiClient(key);
            foreach (var path in new[] { "/v1/invoices?customer=cust_8aZ2", $"/v1/invoices/{id}", $"/v1/invoices/{id}/pdf" })
            {
                var response = await api.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("resource_missing", (await response.ErrorAsync()).GetProperty("code").GetString());
            }
        }
    }

    [Fact]
    public async Task Bad_requests_name_the_parameter()
    {
        using var api = factory.CreateApiClient();

        var badStatus = await api.GetAsync("/v1/invoices?customer=cust_8aZ2&status=sent");
        var unknown = await api.GetAsync("/v1/invoices?created=1");
        var missingCustomer = await api.GetAsync("/v1/invoices?customer=cust_DoesNotExist");
        var missing = await api.GetAsync("/v1/invoices/in_doesNotExist");
        using var anonymous = factory.CreateApiClient(key: null);
        var noKey = await anonymous.GetAsync($"/v1/invoices/{await DemoInvoiceIdAsync()}/pdf");

        var error = await badStatus.ErrorAsync();
        Assert.Equal((HttpStatusCode.BadRequest, "parameter_invalid", "status"),
            (badStatus.StatusCode, error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        var unknownError = await unknown.ErrorAsync();
        Assert.Equal(("parameter_unknown", "created"), (unknownError.GetProperty("code").GetString(), unknownError.GetProperty("param").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "customer"), (missingCustomer.StatusCode, (await missingCustomer.ErrorAsync()).GetProperty("param").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
    }

    [Fact]
    public async Task Without_a_customer_the_list_is_every_invoice_of_the_merchant_in_the_keys_mode()
    {
        using var api = factory.CreateApiClient();
        var expected = await factory.WithDbAsync(db => db.Invoices.Where(i => i.MerchantId == PortalFactory.DemoMerchant && !i.Livemode)
            .OrderByDescending(i => i.Created).ThenByDescending(i => i.Id).Select(i => i.Id).ToListAsync());
        var otherMerchant = await TestData.AddMerchantAsync(factory, livemode: false);
        using var other = factory.CreateApiClient(otherMerchant.Key);

        var all = await api.GetFromJsonAsync<JsonElement>("/v1/invoices?limit=100");
        var theirs = await other.GetFromJsonAsync<JsonElement>("/v1/invoices?limit=100");

        Assert.True(expected.Count >= 12);
        Assert.Equal(expected, [.. all.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)]);
        Assert.Empty(theirs.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Subscription_and_status_filter_the_list()
    {
        using var api = factory.CreateApiClient();
        var (subscriptionId, paid, open) = await factory.WithDbAsync(async db =>
        {
            var invoices = await db.Invoices.Where(i => i.MerchantId == PortalFactory.DemoMerchant && !i.Livemode && i.SubscriptionId != null).ToListAsync();
            var subscription = invoices.GroupBy(i => i.SubscriptionId).OrderByDescending(g => g.Count()).First().Key!;
            return (subscription,
                invoices.Count(i => i.SubscriptionId == subscription && i.Status == Vinr.Portal.Api.Features.Invoices.InvoiceStatus.Paid),
                await db.Invoices.CountAsync(i => i.MerchantId == PortalFactory.DemoMerchant && !i.Livemode && i.Status == Vinr.Portal.Api.Features.Invoices.InvoiceStatus.Open));
        });

        var bySubscription = await api.GetFromJsonAsync<JsonElement>($"/v1/invoices?subscription={subscriptionId}&status=paid&limit=100");
        var openOnes = await api.GetFromJsonAsync<JsonElement>("/v1/invoices?status=open&limit=100");
        var none = await api.GetFromJsonAsync<JsonElement>("/v1/invoices?subscription=sub_DoesNotExist");

        Assert.True(paid > 0);
        Assert.Equal(paid, bySubscription.GetProperty("data").GetArrayLength());
        Assert.All(bySubscription.GetProperty("data").EnumerateArray(), i =>
            Assert.Equal((subscriptionId, "paid"), (i.GetProperty("subscription").GetString(), i.GetProperty("status").GetString())));
        Assert.Equal(open, openOnes.GetProperty("data").GetArrayLength());
        Assert.All(openOnes.GetProperty("data").EnumerateArray(), i => Assert.Equal("open", i.GetProperty("status").GetString()));
        Assert.Empty(none.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_pdf_as_a_pdf()
    {
        using var client = factory.CreateApiClient(key: null);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var pdf = document.GetProperty("paths").GetProperty("/v1/invoices/{id}/pdf").GetProperty("get");

        Assert.True(pdf.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/pdf", out _));
        Assert.True(document.GetProperty("paths").GetProperty("/v1/invoices").TryGetProperty("get", out _));
    }
}

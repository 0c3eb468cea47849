using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vinr.Portal.Api.Features.BillingPortal.Configurations;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Tests.Support;

namespace Vinr.Portal.Tests.Features.Customers;

/// <summary>Each test has a merchant of its own, so configurations and events never mix between tests.</summary>
public sealed class CustomerDetailsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private static readonly BillingDetails Changed = new(
        "Sam Rivera Ltd", "accounts@rivera.example", "+353 1 555 0100",
        "1 Grand Canal Quay", "Floor 2", "Dublin", "Co. Dublin", "D02 X285", "IE", "IE1234567T");

    private CustomerDetails Details => factory.Services.GetRequiredService<CustomerDetails>();

    private async Task<TestData.MerchantKit> MerchantAsync(Action<CustomerUpdateFeature>? configure = null)
    {
        var kit = await TestData.AddMerchantAsync(factory, livemode: false);
        await factory.WithDbAsync(async db =>
        {
            var configuration = await db.PortalConfigurations.SingleAsync(k => k.MerchantId == kit.MerchantId);
            var feature = configuration.Features.CustomerUpdate;
            configure?.Invoke(feature);
            // A new array: the stored list is compared by value, and the default instance is shared.
            feature.AllowedFields = [.. feature.AllowedFields];
            var customer = await db.Customers.SingleAsync(c => c.Id == kit.CustomerId);
            customer.Phone = "+1 415 555 0100";
            customer.Address = new Address { Line1 = "548 Market St", City = "San Francisco", State = "CA", PostalCode = "94104", Country = "US" };
            customer.TaxId = "US-1";
            await db.SaveChangesAsync();
        });
        return kit;
    }

    /// <summary>What the portal holds after the customer pressed Continue: the access of a redeemed session.</summary>
    private async Task<PortalAccess> AccessAsync(TestData.MerchantKit kit, string? customerId = null)
    {
        var session = await factory.CreateSessionAsync(customerId ?? kit.CustomerId, key: kit.Key);
        var sessions = factory.Services.GetRequiredService<PortalSessions>();
        var credential = (await sessions.RedeemAsync(session.GetProperty("id").GetString()!, Links.TokenOf(session), CancellationToken.None))?.Credential;
        return (await sessions.CheckAccessAsync(credential!, active: false, CancellationToken.None))!;
    }

    private Task<Customer> CustomerAsync(string id) => factory.WithDbAsync(db => db.Customers.AsNoTracking().SingleAsync(c => c.Id == id));

    private Task<List<Event>> UpdatesAsync(TestData.MerchantKit kit) =>
        factory.WithDbAsync(db => db.Events.AsNoTracking().Where(e => e.MerchantId == kit.MerchantId && e.Type == "customer.updated").ToListAsync());

    [Fact]
    public async Task Saving_writes_every_field_and_one_customer_updated_event_from_the_portal_session()
    {
        var kit = await MerchantAsync();
        var access = await AccessAsync(kit);

        var outcome = await Details.UpdateAsync(access, Changed with { Name = "  Sam Rivera Ltd ", Country = "ie" });

        Assert.True(outcome.Value!.Changed);
        Assert.Equal(Changed, outcome.Value.Details);
        Assert.Equal(Changed, BillingDetails.Of(await CustomerAsync(kit.CustomerId)));
        var update = Assert.Single(await UpdatesAsync(kit));
        Assert.Equal("portal", update.Source);
        Assert.Equal(access.SessionId, update.PortalSessionId);
        var data = JsonDocument.Parse(update.Data).RootElement;
        Assert.Equal(kit.CustomerId, data.GetProperty("id").GetString());
        Assert.Equal("IE1234567T", data.GetProperty("tax_id").GetString());
        Assert.Equal("D02 X285", data.GetProperty("address").GetProperty("postal_code").GetString());
    }

    [Fact]
    public async Task Fields_the_configuration_does_not_allow_are_never_written_whatever_the_payload_says()
    {
        var kit = await MerchantAsync(f => f.AllowedFields = ["address"]);
        var access = await AccessAsync(kit);
        var before = await CustomerAsync(kit.CustomerId);

        // A forged payload: new values (one of them invalid) for fields the merchant keeps to itself.
        var outcome = await Details.UpdateAsync(access, Changed with { Email = "not-an-email", Name = "" });

        Assert.True(outcome.Value!.Changed);
        var after = await CustomerAsync(kit.CustomerId);
        Assert.Equal((before.Name, before.Email, before.Phone, before.TaxId), (after.Name, after.Email, after.Phone, after.TaxId));
        Assert.Equal(("1 Grand Canal Quay", "Dublin", "D02 X285", "IE"), (after.Address.Line1, after.Address.City, after.Address.PostalCode, after.Address.Country));
        Assert.Single(await UpdatesAsync(kit));
    }

    [Fact]
    public async Task Only_the_allowed_fields_are_offered()
    {
        var kit = await MerchantAsync(f => f.AllowedFields = ["tax_id", "email", "unknown_field"]);

        var form = await Details.GetAsync(await AccessAsync(kit));

        Assert.True(form.CanEdit);
        Assert.Equal(["email", "tax_id"], form.AllowedFields);
        Assert.Equal("US-1", form.Details.TaxId);
        Assert.False(form.Allows("name"));
    }

    [Fact]
    public async Task Invalid_input_saves_nothing_and_says_what_is_wrong_by_field()
    {
        var kit = await MerchantAsync();
        var access = await AccessAsync(kit);
        var before = BillingDetails.Of(await CustomerAsync(kit.CustomerId));

        var outcome = await Details.UpdateAsync(access, Changed with { Email = "sam@", TaxId = "IE/123" });

        Assert.All(outcome.Problems, p => Assert.Equal(ProblemKind.Invalid, p.Kind));
        Assert.Equal([BillingDetails.Fields.Email, BillingDetails.Fields.TaxId], outcome.Problems.Select(p => p.Field).Order());
        Assert.Equal(before, BillingDetails.Of(await CustomerAsync(kit.CustomerId)));
        Assert.Empty(await UpdatesAsync(kit));
    }

    [Fact]
    public async Task Saving_the_same_details_again_writes_no_event()
    {
        var kit = await MerchantAsync();
        var access = await AccessAsync(kit);
        var current = (await Details.GetAsync(access)).Details;

        var outcome = await Details.UpdateAsync(access, current with { Name = current.Name + "  " });

        Assert.False(outcome.Value!.Changed);
        Assert.Empty(await UpdatesAsync(kit));
    }

    [Fact]
    public async Task When_the_merchant_turned_editing_off_nothing_changes()
    {
        var kit = await MerchantAsync(f => f.Enabled = false);
        var access = await AccessAsync(kit);
        var before = BillingDetails.Of(await CustomerAsync(kit.CustomerId));

        var outcome = await Details.UpdateAsync(access, Changed);

        Assert.Equal(ProblemKind.NotAllowed, outcome.Problem?.Kind);
        Assert.False((await Details.GetAsync(access)).CanEdit);
        Assert.Equal(before, BillingDetails.Of(await CustomerAsync(kit.CustomerId)));
        Assert.Empty(await UpdatesAsync(kit));
    }

    [Fact]
    public async Task An_empty_allowed_list_means_nothing_can_be_edited()
    {
        var kit = await MerchantAsync(f => f.AllowedFields = []);
        var access = await AccessAsync(kit);

        Assert.False((await Details.GetAsync(access)).CanEdit);
        Assert.Equal(ProblemKind.NotAllowed, (await Details.UpdateAsync(access, Changed)).Problem?.Kind);
    }

    [Fact]
    public async Task One_customers_session_only_ever_changes_that_customer()
    {
        var kit = await MerchantAsync();
        var other = new Customer { Id = Ids.New("cust"), MerchantId = kit.MerchantId, Name = "Bea Other", Email = "bea@example.org", Created = factory.Time.GetUtcNow() };
        await factory.WithDbAsync(async db =>
        {
            db.Customers.Add(other);
            await db.SaveChangesAsync();
        });
        var access = await AccessAsync(kit);

        await Details.UpdateAsync(access, Changed);

        Assert.Equal(Changed, BillingDetails.Of(await CustomerAsync(kit.CustomerId)));
        Assert.Equal(BillingDetails.Of(other), BillingDetails.Of(await CustomerAsync(other.Id)));
        Assert.Equal("Jane Cooper", (await CustomerAsync(PortalFactory.DemoCustomer)).Name);
        var update = Assert.Single(await UpdatesAsync(kit));
        Assert.Equal(kit.CustomerId, JsonDocument.Parse(update.Data).RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_other_customers_session_reads_and_writes_only_its_own_details()
    {
        var kit = await MerchantAsync();
        var other = new Customer { Id = Ids.New("cust"), MerchantId = kit.MerchantId, Name = "Bea Other", Email = "bea@example.org", Created = factory.Time.GetUtcNow() };
        await factory.WithDbAsync(async db =>
        {
            db.Customers.Add(other);
            await db.SaveChangesAsync();
        });
        var otherAccess = await AccessAsync(kit, other.Id);

        var form = await Details.GetAsync(otherAccess);
        await Details.UpdateAsync(otherAccess, form.Details with { TaxId = "GB123" });

        Assert.Equal("Bea Other", form.Details.Name);
        Assert.Equal("US-1", (await CustomerAsync(kit.CustomerId)).TaxId);
        Assert.Equal("GB123", (await CustomerAsync(other.Id)).TaxId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vinr.Portal.Api.Features.Customers;
using Vinr.Portal.Api.Features.Merchants;
using Vinr.Portal.Api.Features.Subscriptions;
using Vinr.Portal.Api.Features.Tax;
using Vinr.Portal.Api.Infrastructure.Data;
using Vinr.Portal.Api.Infrastructure.Http;

namespace Vinr.Portal.Api.Features.BillingSettings;

/// <summary>The merchant's billing settings as the API shows them: the dunning schedule and tax.</summary>
public sealed record BillingSettingsObject(string Object, DunningObject Dunning, TaxSettingsObject Tax, bool Livemode);

/// <summary>Where the merchant is established, and whether EU business customers elsewhere get the reverse charge.</summary>
public sealed record TaxSettingsObject(string? OriginCountry, bool ReverseCharge);

/// <summary>Days after the first failed renewal charge to retry, and what happens after the last; <c>default</c> when the merchant set none.</summary>
public sealed record DunningObject(IReadOnlyList<int> RetryDays, DunningFinalAction FinalAction, bool Default);

/// <summary>
/// A merchant's billing settings (one per merchant, for both modes, as Stripe's dashboard settings
/// are). Fields the merchant has not set follow <c>Billing:Dunning</c>, so a new default reaches them.
/// </summary>
public sealed class DunningSettings(IDbContextFactory<BillingDbContext> dbFactory, IOptions<DunningOptions> defaults)
{
    /// <summary>The schedule dunning follows for <paramref name="merchantId"/>, read in the caller's transaction.</summary>
    public async Task<DunningSchedule> ScheduleOfAsync(BillingDbContext db, string merchantId, CancellationToken cancellationToken)
    {
        var merchant = await db.Merchants.AsNoTracking().Where(m => m.Id == merchantId)
            .Select(m => new { m.DunningRetryDays, m.DunningFinalAction }).FirstAsync(cancellationToken);
        return ScheduleOf(merchant.DunningRetryDays, merchant.DunningFinalAction);
    }

    public async Task<BillingSettingsObject> GetAsync(ApiCaller caller, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var merchant = await db.Merchants.AsNoTracking().FirstAsync(m => m.Id == caller.MerchantId, cancellationToken);
        return ToObject(caller, merchant);
    }

    /// <summary>
    /// <c>dunning[retry_days][]</c> (0–8 increasing days, 1–60; <c>""</c> means no retries) and
    /// <c>dunning[final_action]</c> (<c>cancel</c>, <c>mark_unpaid</c>, <c>past_due</c>); <c>dunning=""</c>
    /// goes back to the defaults. Applies to invoices from their next failure on.
    /// </summary>
    public async Task<BillingSettingsObject> UpdateAsync(ApiCaller caller, ApiParams parameters, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var merchant = await db.Merchants.FirstAsync(m => m.Id == caller.MerchantId, cancellationToken);
        if (parameters.Has("dunning") && parameters.IsBlank("dunning"))
        {
            merchant.DunningRetryDays = null;
            merchant.DunningFinalAction = null;
        }
        else if (parameters.Object("dunning") is { } dunning)
        {
            dunning.AllowOnly("retry_days", "final_action");
            if (dunning.Has("retry_days"))
            {
                int[] days = dunning.IsBlank("retry_days") ? [] : [.. dunning.IntegerList("retry_days", 1, DunningPolicy.MaxDays)!.Select(d => (int)d)];
                if (DunningPolicy.Validate(days) is { } problem)
                {
                    throw dunning.Invalid("retry_days", problem);
                }
                merchant.DunningRetryDays = DunningPolicy.FormatDays(days);
            }
            if (dunning.String("final_action", 32) is { } action)
            {
                merchant.DunningFinalAction = ParseAction(action) ?? throw dunning.Invalid("final_action",
                    "Invalid dunning[final_action]: must be one of cancel, mark_unpaid, past_due.");
            }
        }
        if (parameters.Object("tax") is { } tax)
        {
            tax.AllowOnly("origin_country", "reverse_charge");
            if (tax.Has("origin_country"))
            {
                var country = tax.Clearable("origin_country", 2)?.ToUpperInvariant();
                merchant.TaxOriginCountry = country is null || Countries.IsSupported(country) ? country
                    : throw tax.Invalid("origin_country", $"Invalid tax[origin_country]: '{country}' is not an ISO 3166-1 alpha-2 country VINR bills, e.g. FR.");
            }
            merchant.TaxReverseCharge = tax.Boolean("reverse_charge") ?? merchant.TaxReverseCharge;
            if (merchant.TaxReverseCharge && !VatIds.IsEu(merchant.TaxOriginCountry))
            {
                throw tax.Invalid("reverse_charge", "The reverse charge needs tax[origin_country] set to the EU member state you are established in.");
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return ToObject(caller, merchant);
    }

    private DunningSchedule ScheduleOf(string? retryDays, DunningFinalAction? finalAction) =>
        new(retryDays is null ? defaults.Value.EffectiveRetryDays : DunningPolicy.ParseDays(retryDays), finalAction ?? defaults.Value.FinalAction);

    private BillingSettingsObject ToObject(ApiCaller caller, Merchant merchant)
    {
        var schedule = ScheduleOf(merchant.DunningRetryDays, merchant.DunningFinalAction);
        return new("billing_settings", new DunningObject(schedule.RetryDays, schedule.FinalAction, merchant.DunningRetryDays is null && merchant.DunningFinalAction is null),
            new TaxSettingsObject(merchant.TaxOriginCountry, merchant.TaxReverseCharge), caller.Livemode);
    }

    private static DunningFinalAction? ParseAction(string text) => text switch
    {
        "cancel" => DunningFinalAction.Cancel,
        "mark_unpaid" => DunningFinalAction.MarkUnpaid,
        "past_due" => DunningFinalAction.PastDue,
        _ => null,
    };
}

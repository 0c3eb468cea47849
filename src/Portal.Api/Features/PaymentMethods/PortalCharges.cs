using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>Money taken from the default card for something the portal is about to commit.</summary>
public sealed record PortalCharge(string PaymentMethodId, string Reference, long Amount, string Currency);

/// <summary>
/// Charges a customer's default card (the portal session's, or the one a merchant's API call names) before the portal or the API commits what the charge pays
/// for (a plan change, a new subscription), and gives the money back when that does not commit. The
/// charge comes first so a decline changes nothing. The refund is skipped when an invoice holds the
/// charge: a double click's twin sends the same idempotency key and shares the one charge its
/// committed twin recorded.
/// </summary>
public sealed class PortalCharges(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor)
{
    /// <param name="key">What is bought, unique per preview; the card's id is added, so a new card is a new charge.</param>
    /// <param name="noCard">What to tell a customer with no card.</param>
    /// <param name="declined">What did not happen, said after the processor's reason.</param>
    public async Task<Outcome<PortalCharge>> ChargeDefaultCardAsync(ICustomerScope access, long amount, string currency, string key, string description,
        string noCard, string declined, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var card = await db.DefaultCardOf(access).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return new Problem(ProblemKind.PaymentFailed, noCard, "payment_method");
        }
        var charged = await processor.ChargeAsync(new ChargeRequest(card.ProcessorReference, amount, currency, $"{key}:{card.Id}", access.Livemode, description),
            cancellationToken);
        return charged.ChargeReference is { } reference
            ? new PortalCharge(card.Id, reference, amount, currency)
            : new Problem(ProblemKind.PaymentFailed, $"{Messages.Decline(charged.Decline!.Code, charged.Decline.Message)} {declined}", "payment_method");
    }

    /// <summary>Runs <paramref name="commit"/>; when it throws or commits nothing (null), <paramref name="charge"/> goes back unless an invoice keeps it.</summary>
    public async Task<T?> CommitOrRefundAsync<T>(ICustomerScope access, PortalCharge? charge, Func<Task<T?>> commit)
        where T : class
    {
        T? committed;
        try
        {
            committed = await commit();
        }
        catch when (charge is not null)
        {
            await RefundUnlessInvoicedAsync(access, charge);
            throw;
        }
        if (committed is null && charge is not null)
        {
            await RefundUnlessInvoicedAsync(access, charge);
        }
        return committed;
    }

    private async Task RefundUnlessInvoicedAsync(ICustomerScope access, PortalCharge charge)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        if (!await db.Invoices.OwnedBy(access).AnyAsync(i => i.ChargeReference == charge.Reference, CancellationToken.None))
        {
            await processor.RefundAsync(new RefundRequest(charge.Reference, charge.Amount, charge.Currency, $"{charge.Reference}:rollback"), CancellationToken.None);
        }
    }
}

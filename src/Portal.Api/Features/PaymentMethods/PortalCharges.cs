using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>Money taken from the default card for something the portal is about to commit; <paramref name="PendingId"/> is its <see cref="PendingCharge"/>.</summary>
public sealed record PortalCharge(string PaymentMethodId, string Reference, long Amount, string Currency, string PendingId);

/// <summary>
/// Charges a customer's default card (the portal session's, or the one a merchant's API call names) before the portal or the API commits what the charge pays
/// for (a plan change, a new subscription), and gives the money back when that does not commit. The
/// charge comes first so a decline changes nothing. The refund is skipped when an invoice holds the
/// charge: a double click's twin sends the same idempotency key and shares the one charge its
/// committed twin recorded. Each charge is written down as a <see cref="PendingCharge"/> before the
/// processor is called, so a process that dies between charge and commit leaves a row, and the
/// billing clock gives that money back (<see cref="SettleAbandonedAsync"/>).
/// </summary>
public sealed class PortalCharges(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, TimeProvider time, ILogger<PortalCharges> logger)
{
    /// <summary>How long a charge may wait for its commit before it counts as abandoned: far longer than any request takes.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(10);

    /// <param name="actor">Who asks: the events of a challenge are theirs.</param>
    /// <param name="key">What is bought, unique per preview; the card's id is added, so a new card is a new charge.</param>
    /// <param name="noCard">What to tell a customer with no card.</param>
    /// <param name="declined">What did not happen, said after the processor's reason.</param>
    /// <param name="offSession">The customer is not there to authenticate (the merchant's API): a card that asks is declined <c>authentication_required</c>.</param>
    /// <param name="authenticationId">A challenge the customer completed for this charge: the retry carries it, with the same key.</param>
    /// <returns>The charge; or <see cref="ProblemKind.AuthenticationRequired"/> (nothing charged) naming the challenge to show.</returns>
    public async Task<Outcome<PortalCharge>> ChargeDefaultCardAsync(Actor actor, ICustomerScope access, long amount, string currency, string key, string description,
        string noCard, string declined, bool offSession, string? authenticationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var card = await db.DefaultCardOf(access).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return new Problem(ProblemKind.PaymentFailed, noCard, "payment_method");
        }
        var pending = new PendingCharge
        {
            Id = Ids.New("pch"), MerchantId = access.MerchantId, Livemode = access.Livemode, CustomerId = access.CustomerId, CardReference = card.ProcessorReference,
            IdempotencyKey = $"{key}:{card.Id}", Amount = amount, Currency = currency, Description = description, Created = time.GetUtcNow(),
        };
        db.PendingCharges.Add(pending);
        await db.SaveChangesAsync(cancellationToken);

        var charged = await processor.ChargeAsync(RequestFor(pending, offSession, authenticationId), cancellationToken);
        if (charged.AuthenticationId is { } challenge)
        {
            // Nothing was taken: no pending charge to settle; the customer answers the challenge, then the same request comes back with it.
            await ForgetAsync(access, pending.Id);
            await RecordAsync(actor, access, challenge, EventTypes.PaymentIntentRequiresAction, card.Id, cancellationToken);
            return new Problem(ProblemKind.AuthenticationRequired, Messages.Get("AuthenticationNeeded"), "payment_method") { AuthenticationId = challenge };
        }
        if (charged.ChargeReference is not { } reference)
        {
            await ForgetAsync(access, pending.Id);
            if (authenticationId is not null)
            {
                await RecordAsync(actor, access, authenticationId, EventTypes.PaymentIntentPaymentFailed, card.Id, cancellationToken);
            }
            return new Problem(ProblemKind.PaymentFailed, $"{Messages.Decline(charged.Decline!.Code, charged.Decline.Message)} {declined}", "payment_method")
            {
                Code = charged.Decline.Code == TestPaymentProcessor.AuthenticationRequired.Code ? charged.Decline.Code : null,
            };
        }
        pending.ChargeReference = reference;
        await db.SaveChangesAsync(CancellationToken.None);
        if (authenticationId is not null)
        {
            await RecordAsync(actor, access, authenticationId, EventTypes.PaymentIntentSucceeded, card.Id, CancellationToken.None);
        }
        return new PortalCharge(card.Id, reference, amount, currency, pending.Id);
    }

    /// <summary>An event about a payment's challenge, with the challenge as it now is.</summary>
    private async Task RecordAsync(Actor actor, ICustomerScope access, string authenticationId, string type, string paymentMethodId, CancellationToken cancellationToken)
    {
        if (await processor.FindAuthenticationAsync(access, authenticationId, cancellationToken) is not { } authentication)
        {
            return;
        }
        authentication.PaymentMethodId = paymentMethodId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        EventLog.Add(db, actor, type, AuthenticationObject.From(authentication), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
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
            await RefundUnlessInvoicedAsync(access, charge.Reference, charge.Amount, charge.Currency);
            await ForgetAsync(access, charge.PendingId);
            throw;
        }
        if (charge is not null)
        {
            if (committed is null)
            {
                await RefundUnlessInvoicedAsync(access, charge.Reference, charge.Amount, charge.Currency);
            }
            await ForgetAsync(access, charge.PendingId);
        }
        return committed;
    }

    /// <summary>
    /// Gives back the charges of processes that died between charge and commit (older than <see cref="AbandonedAfter"/>),
    /// unless an invoice holds them. Every replica's billing clock runs it: refunds are idempotent, so two replicas
    /// settling one row refund it once.
    /// </summary>
    public async Task<int> SettleAbandonedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cutoff = now - AbandonedAfter;
        var abandoned = await db.PendingCharges.AcrossMerchants("the billing clock settles every merchant's abandoned charges").AsNoTracking()
            .Where(c => c.Created < cutoff).OrderBy(c => c.Created).Take(100).ToListAsync(cancellationToken);
        foreach (var pending in abandoned)
        {
            // A process that died before writing the processor's answer down left no reference: replaying the idempotency key
            // (within the processor's 24 h window) names that charge, or takes one that is refunded at once if it never arrived.
            var reference = pending.ChargeReference ?? (await processor.ChargeAsync(RequestFor(pending, offSession: true, null), cancellationToken)).ChargeReference;
            var refunded = reference is not null && await RefundUnlessInvoicedAsync(pending, reference, pending.Amount, pending.Currency);
            await ForgetAsync(pending, pending.Id);
            logger.LogWarning("Settled abandoned charge {PendingCharge} of {Merchant}: {Outcome}", pending.Id, pending.MerchantId,
                refunded ? "refunded" : reference is null ? "never taken" : "kept by an invoice");
        }
        return abandoned.Count;
    }

    private static ChargeRequest RequestFor(PendingCharge pending, bool offSession, string? authenticationId) =>
        new(pending, pending.CardReference, pending.Amount, pending.Currency, pending.IdempotencyKey, pending.Description, offSession, authenticationId);

    /// <returns>Whether it refunded.</returns>
    private async Task<bool> RefundUnlessInvoicedAsync(ICustomerScope access, string reference, long amount, string currency)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        if (await db.Invoices.OwnedBy(access).AnyAsync(i => i.ChargeReference == reference, CancellationToken.None))
        {
            return false;
        }
        await processor.RefundAsync(new RefundRequest(reference, amount, currency, $"{reference}:rollback"), CancellationToken.None);
        return true;
    }

    private async Task ForgetAsync(IMerchantScope owner, string pendingId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.PendingCharges.OwnedBy(owner).Where(c => c.Id == pendingId).ExecuteDeleteAsync(CancellationToken.None);
    }
}

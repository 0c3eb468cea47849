using Microsoft.EntityFrameworkCore;
using Vinr.Portal.Api.Features.BillingPortal.Sessions;
using Vinr.Portal.Api.Features.Events;
using Vinr.Portal.Api.Infrastructure;
using Vinr.Portal.Api.Infrastructure.Data;

namespace Vinr.Portal.Api.Features.PaymentMethods;

/// <summary>A challenge as its page shows it: the card, and for a payment the amount it pays (fixed when it opened).</summary>
public sealed record ChallengeView(string Id, AuthenticationKind Kind, AuthenticationStatus Status, bool Expired, string Brand, string Last4, long Amount, string? Currency);

/// <summary>A challenge the customer completed: a setup's card is then stored (<paramref name="PaymentMethodId"/>); a payment is paid by the retried request.</summary>
public sealed record ChallengeAnswer(string Id, AuthenticationKind Kind, string? PaymentMethodId);

/// <summary>
/// The portal's side of a 3-D Secure challenge (docs/decisions/0024-three-d-secure-challenges.md): reads one of the
/// session's customer's challenges for its page, and passes the customer's answer to the processor. A completed setup
/// stores its card (<see cref="CustomerCards.AttachAuthenticatedAsync"/>); a failed one stores nothing. A payment's
/// challenge moves no money itself: the page that asked retries the same request carrying it.
/// </summary>
public sealed class CardChallenges(IDbContextFactory<BillingDbContext> dbFactory, IPaymentProcessor processor, CustomerCards cards, TimeProvider time)
{
    private static Problem NotFound => new(ProblemKind.NotFound, Messages.Get("AuthenticationNotFound"));

    /// <summary>What a page says when the customer failed (or closed) a payment's challenge: nothing was charged or changed.</summary>
    public static Problem PaymentNotAuthenticated => new(ProblemKind.PaymentFailed,
        Messages.Decline(TestPaymentProcessor.PaymentAuthenticationFailed.Code, TestPaymentProcessor.PaymentAuthenticationFailed.Message), "payment_method")
    {
        Code = TestPaymentProcessor.PaymentAuthenticationFailed.Code,
    };

    /// <summary>The challenge, if it is this customer's (another customer's reads as missing).</summary>
    public async Task<ChallengeView?> GetAsync(PortalAccess access, string id, CancellationToken cancellationToken)
    {
        if (await processor.FindAuthenticationAsync(access, id, cancellationToken) is not { } challenge)
        {
            return null;
        }
        var (brand, last4) = (challenge.Brand, challenge.Last4);
        if (challenge.Kind == AuthenticationKind.Payment)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var card = await db.PaymentMethods.OwnedBy(access).Where(p => p.ProcessorReference == challenge.CardReference)
                .Select(p => new { p.Brand, p.Last4 }).FirstOrDefaultAsync(cancellationToken);
            (brand, last4) = (card?.Brand, card?.Last4);
        }
        return new ChallengeView(challenge.Id, challenge.Kind, challenge.Status, challenge.Status == AuthenticationStatus.RequiresAction && challenge.IsExpiredAt(time.GetUtcNow()),
            brand ?? "unknown", last4 ?? "", challenge.Amount, challenge.Currency);
    }

    /// <summary>
    /// The customer's answer. Completed: a setup's card is stored and made the default. Failed: a
    /// <see cref="ProblemKind.PaymentFailed"/> with Stripe's <c>*_authentication_failure</c> decline, nothing stored or charged.
    /// Answering again gives the first answer's outcome, without its events twice.
    /// </summary>
    public async Task<Outcome<ChallengeAnswer>> AnswerAsync(PortalAccess access, string id, bool completed, CancellationToken cancellationToken)
    {
        if (await processor.FindAuthenticationAsync(access, id, cancellationToken) is not { } before)
        {
            return NotFound;
        }
        var answered = before;
        var changed = false;
        if (before.Status == AuthenticationStatus.RequiresAction)
        {
            answered = await processor.AuthenticateAsync(access, id, completed, cancellationToken) ?? before;
            changed = answered.Status != AuthenticationStatus.RequiresAction;
        }
        if (answered.Status == AuthenticationStatus.RequiresAction)
        {
            return new Problem(ProblemKind.NotAllowed, Messages.Get("AuthenticationExpired"));
        }

        if (answered.Status == AuthenticationStatus.Failed)
        {
            var decline = answered.Kind == AuthenticationKind.Setup ? TestPaymentProcessor.SetupAuthenticationFailed : TestPaymentProcessor.PaymentAuthenticationFailed;
            if (changed)
            {
                await RecordAsync(access, answered,
                    answered.Kind == AuthenticationKind.Setup ? EventTypes.SetupIntentSetupFailed : EventTypes.PaymentIntentPaymentFailed, cancellationToken);
            }
            return new Problem(ProblemKind.PaymentFailed, Messages.Decline(decline.Code, decline.Message), "authentication") { Code = decline.Code };
        }
        if (answered.Kind == AuthenticationKind.Payment)
        {
            return new ChallengeAnswer(answered.Id, answered.Kind, null);
        }
        var attached = await cards.AttachAuthenticatedAsync(access, answered, cancellationToken);
        return attached.Value is { } pm ? new ChallengeAnswer(answered.Id, answered.Kind, pm.Id) : attached.Cast<ChallengeAnswer>();
    }

    private async Task RecordAsync(PortalAccess access, CardAuthentication challenge, string type, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (challenge.Kind == AuthenticationKind.Payment)
        {
            challenge.PaymentMethodId = await db.PaymentMethods.OwnedBy(access).Where(p => p.ProcessorReference == challenge.CardReference)
                .Select(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        }
        EventLog.Add(db, Actor.Portal(access), type, AuthenticationObject.From(challenge), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }
}

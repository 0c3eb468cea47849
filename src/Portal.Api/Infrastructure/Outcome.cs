namespace Vinr.Portal.Api.Infrastructure;

/// <summary>Why an operation did not happen: what the caller can do about it decides the kind.</summary>
public enum ProblemKind
{
    /// <summary>The object is missing, or someone else's (the two read the same).</summary>
    NotFound,

    /// <summary>A value the caller sent is wrong: <see cref="Problem.Field"/> names it.</summary>
    Invalid,

    /// <summary>The object's state or the merchant's configuration does not allow it.</summary>
    NotAllowed,

    /// <summary>The card was declined, or there is no card to charge.</summary>
    PaymentFailed,

    /// <summary>
    /// The card's issuer wants the customer to authenticate (3-D Secure) before it is saved or charged:
    /// nothing happened yet; <see cref="Problem.AuthenticationId"/> names the challenge to show them.
    /// </summary>
    AuthenticationRequired,
}

/// <summary>
/// A reason in words the customer (or merchant) can act on, and the field it concerns, named as the
/// API names it (<c>address.postal_code</c>) so a form can place it and an API error can cite it.
/// </summary>
public sealed record Problem(ProblemKind Kind, string Message, string? Field = null)
{
    /// <summary>The processor's code when it is not the kind's usual one (e.g. <c>authentication_required</c> for a payment that failed).</summary>
    public string? Code { get; init; }

    /// <summary>With <see cref="ProblemKind.AuthenticationRequired"/>: the challenge (<c>seti_</c>, <c>pi_</c>) the customer must answer.</summary>
    public string? AuthenticationId { get; init; }
}

/// <summary>
/// What a domain operation came to: its value, or the problems that stopped it (several only when
/// a form's fields are each wrong). The one result type of the billing domain.
/// </summary>
public sealed class Outcome<T>
{
    internal Outcome(T? value, IReadOnlyList<Problem> problems) => (Value, Problems) = (value, problems);

    /// <summary>Set when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    public IReadOnlyList<Problem> Problems { get; }

    public bool Succeeded => Problems.Count == 0;

    /// <summary>The first problem, the one to tell the customer; null on success.</summary>
    public Problem? Problem => Problems.Count == 0 ? null : Problems[0];

    public static implicit operator Outcome<T>(T value) => new(value, []);

    public static implicit operator Outcome<T>(Problem problem) => new(default, [problem]);

    /// <summary>The same problems for an operation of another result type.</summary>
    public Outcome<TOther> Cast<TOther>() => Succeeded ? throw new InvalidOperationException("Only a failure carries over.") : Outcome.Failure<TOther>(Problems);
}

/// <summary>Failures with several problems (a form's fields); one problem or a value converts implicitly.</summary>
public static class Outcome
{
    public static Outcome<T> Failure<T>(IReadOnlyList<Problem> problems) =>
        problems.Count > 0 ? new(default, problems) : throw new ArgumentException("A failure needs a problem.", nameof(problems));
}

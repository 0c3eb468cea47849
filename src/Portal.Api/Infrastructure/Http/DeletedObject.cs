namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>What every delete answers, as Stripe does: <c>{"id": "cust_...", "object": "customer", "deleted": true}</c>.</summary>
public sealed record DeletedObject(string Id, string Object, bool Deleted);

namespace Vinr.Portal.Api.Infrastructure.Http;

/// <summary>
/// A field that holds an object's id, or the object itself when the caller asks with <c>expand[]</c>
/// (Stripe's expandable fields). Typed <see cref="object"/> in C#; the OpenAPI document
/// (<see cref="ApiDocument"/>) describes it as "a string id, or <see cref="Expanded"/>".
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ExpandableAttribute(Type expanded) : Attribute
{
    public Type Expanded { get; } = expanded;
}

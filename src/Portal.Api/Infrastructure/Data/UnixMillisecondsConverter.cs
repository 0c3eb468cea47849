using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Vinr.Portal.Api.Infrastructure.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC Unix milliseconds, so order and comparisons hold in SQL.</summary>
public sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.ToUnixTimeMilliseconds(),
    value => DateTimeOffset.FromUnixTimeMilliseconds(value));

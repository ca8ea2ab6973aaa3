using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// Every <see cref="DateTime"/> is UTC: written as UTC, read back with <see cref="DateTimeKind.Utc"/>
/// (SQLite keeps no kind; Npgsql's timestamptz refuses a non-UTC kind).
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

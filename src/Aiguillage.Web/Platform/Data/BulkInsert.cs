using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// Inserts many new rows of one entity type without the change tracker (issue 23 §4: the change tracker cost 6.4 s of
/// the 9.9 s of an import of 100,000 places). Columns and values come from the EF model, and each value is converted by
/// the column's own type mapping (JSON lists, dates) as <c>SaveChanges</c> converts it. PostgreSQL takes the rows by
/// binary <c>COPY</c>; SQLite by one prepared single-row <c>INSERT</c> run once per row (a multi-row statement binds its
/// parameters by name, in time that grows with the square of their number). Both run in the context's current
/// transaction, which the caller commits, and fire the tables' triggers. A shadow property with a value the database
/// generates on insert (a default, such as the diagnostics' « Counted ») is left out of the column list, so the database
/// writes its default: what <c>SaveChanges</c> does for a new entity whose shadow property was never set. Any other
/// shadow property, or a mapped property the database generates, is refused: its rows could not be written as the model
/// says. Used by the places' import (100,000 rows) and by the diagnostics' group commit (a few dozen rows a batch,
/// issue 23 §2).
/// </summary>
public static class BulkInsert
{
    /// <summary>From this many rows, SQLite's page cache is widened while they go in (see below).</summary>
    public const int LargeInsert = 10_000;

    public static async Task InsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkInsert runs inside a transaction the caller commits.");
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => p.GetColumnName(table) is not null && !(p.IsShadowProperty() && p.ValueGenerated == ValueGenerated.OnAdd && HasDatabaseDefault(p, table)))
            .ToList();
        if (columns.FirstOrDefault(p => p.IsShadowProperty() || p.ValueGenerated != ValueGenerated.Never) is { } unsupported)
        {
            throw new NotSupportedException($"{typeof(T).Name}.{unsupported.Name} is a shadow or generated column: insert it through SaveChanges.");
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        var mappings = columns.Select(c => c.GetRelationalTypeMapping()).ToArray();
        var getters = columns.Select(c => c.GetGetter()).ToArray();
        var into = $"{sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)))})";

        if (db.Database.GetDbConnection() is Npgsql.NpgsqlConnection npgsql)
        {
            await using var copy = await npgsql.BeginBinaryImportAsync($"COPY {into} FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = getters[c].GetClrValueUsingContainingEntity(row);
                    value = value is null ? null : mappings[c].Converter?.ConvertToProvider(value) ?? value;
                    if (value is null)
                    {
                        await copy.WriteNullAsync(ct);
                    }
                    else
                    {
                        await copy.WriteAsync(value, mappings[c].StoreType, ct);
                    }
                }
            }

            await copy.CompleteAsync(ct);
            return;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        var names = columns.Select((_, c) => "@p" + c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        command.CommandText = $"INSERT INTO {into} VALUES ({string.Join(", ", names)})";
        // The parameters are made once, by each column's type mapping (its database type, its converter), then only
        // their values change: the same conversion CreateParameter applies, without making 20 objects a row.
        var parameters = new DbParameter[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            parameters[c] = mappings[c].CreateParameter(command, names[c], null, columns[c].IsNullable);
            command.Parameters.Add(parameters[c]);
        }

        command.Prepare();

        // A page cache of 128 MB while many rows go in: with SQLite's 2 MB the transaction's pages were written out to
        // the WAL and read back as the indexes grew (0.3–0.4 s of 100,000 places). Back to the default after, so a
        // pooled connection does not keep it. A small batch fits the default cache: two more statements would be waste.
        var widen = rows.Count >= LargeInsert;
        if (widen)
        {
            await PragmaAsync(db, transaction, "PRAGMA cache_size = -131072", ct);
        }

        try
        {
            foreach (var row in rows)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    var value = getters[c].GetClrValueUsingContainingEntity(row);
                    parameters[c].Value = value is null ? DBNull.Value : mappings[c].Converter?.ConvertToProvider(value) ?? value;
                }

                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            if (widen)
            {
                await PragmaAsync(db, transaction, "PRAGMA cache_size = -2000", CancellationToken.None);
            }
        }
    }

    /// <summary>Whether the column has a default the database writes (a value, or SQL such as PostgreSQL's txid_current()).</summary>
    private static bool HasDatabaseDefault(IProperty property, StoreObjectIdentifier table) =>
        property.FindColumn(table) is IColumn column && (column.DefaultValue is not null || column.DefaultValueSql is not null);

    private static async Task PragmaAsync(DbContext db, DbTransaction transaction, string pragma, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync(ct);
    }
}

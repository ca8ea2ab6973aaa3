using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Platform.Data;

public static class UniqueViolation
{
    /// <summary>Whether a save failed on a unique key of <paramref name="table"/>, on either engine.</summary>
    public static bool On(DbUpdateException e, string table) => e.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && pg.TableName == table,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.Message.Contains(table + ".", StringComparison.Ordinal),
        _ => false,
    };
}

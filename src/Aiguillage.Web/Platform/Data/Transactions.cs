using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aiguillage.Web.Platform.Data;

public static class Transactions
{
    /// <summary>
    /// A transaction of the caller's own, or null when one is already open (a creating form's, <see cref="Web.Submissions"/>):
    /// the work then joins it, and whoever opened it commits or rolls back the whole.
    /// </summary>
    public static async Task<IDbContextTransaction?> BeginUnlessOpenAsync(this DatabaseFacade database, CancellationToken ct) =>
        database.CurrentTransaction is null ? await database.BeginTransactionAsync(ct) : null;
}

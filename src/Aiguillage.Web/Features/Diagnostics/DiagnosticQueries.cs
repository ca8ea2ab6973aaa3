using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Territories;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Platform.Data;

namespace Aiguillage.Web.Features.Diagnostics;

/// <summary>A diagnostic and its office. Built with an initializer (not a constructor) so that EF can filter on it.</summary>
public sealed class DiagnosticInOffice
{
    public required Diagnostic Diagnostic { get; init; }

    public required Office Office { get; init; }
}

public static class DiagnosticQueries
{
    /// <summary>Diagnostics of the offices this user may see, with their office: a foreign id is simply not found.</summary>
    public static IQueryable<DiagnosticInOffice> DiagnosticsVisibleTo(this AppDbContext db, UserScope scope) =>
        from d in db.Diagnostics
        join o in db.Offices.VisibleTo(scope) on d.OfficeId equals o.Id
        select new DiagnosticInOffice { Diagnostic = d, Office = o };
}

using Aiguillage.Web.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Steering;

/// <summary>
/// Steering's own tables, reached as <c>db.SteeringCells</c> like the domain's sets, but declared here: the context in
/// Platform names no feature (docs/adr/0021); the configurations beside each entity give the tables their names.
/// </summary>
public static class SteeringData
{
    extension(AppDbContext db)
    {
        public DbSet<SteeringCell> SteeringCells => db.Set<SteeringCell>();

        public DbSet<Aiguillage.Web.Features.Steering.SteeringSettings> SteeringSettings => db.Set<Aiguillage.Web.Features.Steering.SteeringSettings>();
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SteeringArea : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Offices_Status",
                table: "Offices",
                column: "Status");

            // Issue 23 §5: the nation ranks its departments by the `area` cube (Features/Steering/SteeringCube.cs),
            // counted from now on by the fold; the diagnostics already folded are summed from their level cells, which
            // count each diagnostic once per department. Any area cell already there (a fold of this build before the
            // migration ran) is replaced: the level cells count it too.
            // On PostgreSQL the cells are locked first, so that a fold of another instance waits instead of adding to
            // the level cells after this sum was read.
            migrationBuilder.Sql("""
                LOCK TABLE "SteeringCells" IN SHARE ROW EXCLUSIVE MODE;
                DELETE FROM "SteeringCells" WHERE "Kind" = 'area';
                INSERT INTO "SteeringCells" ("Kind", "Month", "DepartmentCode", "OfficeId", "Mode", "D1", "D2", "D3", "Count")
                SELECT 'area', "Month", "DepartmentCode", 0, "Mode", '', '', '', SUM("Count") FROM "SteeringCells"
                WHERE "Kind" = 'level' AND "DepartmentCode" <> ''
                GROUP BY "Month", "DepartmentCode", "Mode";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DELETE FROM "SteeringCells" WHERE "Kind" = 'area';""");

            migrationBuilder.DropIndex(
                name: "IX_Offices_Status",
                table: "Offices");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReferralEventSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "ReferralEvents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing histories: the steps before, in time; of the same instant, the creation first (issue 16 §16).
            migrationBuilder.Sql("""
                UPDATE "ReferralEvents" SET "Sequence" = (
                    SELECT COUNT(*) FROM "ReferralEvents" e2
                    WHERE e2."ReferralId" = "ReferralEvents"."ReferralId"
                      AND (e2."At" < "ReferralEvents"."At" OR (e2."At" = "ReferralEvents"."At" AND e2."From" IS NULL AND "ReferralEvents"."From" IS NOT NULL)));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "ReferralEvents");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SteeringWatermark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Issue 23 §5, docs/adr/0027: the diagnostics' fold on PostgreSQL follows the id of the transaction that
            // inserted each row (Features/Steering/PostgresDiagnosticFold.cs) instead of writing a flag on every row.
            // Outside the EF model, as the triggers: no code reads or writes the column but the fold's SQL, and the
            // default sets it whoever inserts (EF, COPY, psql). Rows already there get 0: those already counted keep
            // their « Counted » flag, which the fold skips; the others are folded first.
            migrationBuilder.Sql("""
                ALTER TABLE "Diagnostics" ADD COLUMN "Xid" bigint NOT NULL DEFAULT 0;
                ALTER TABLE "Diagnostics" ALTER COLUMN "Xid" SET DEFAULT (pg_current_xact_id()::text::bigint);
                CREATE INDEX "IX_Diagnostics_Xid_Id" ON "Diagnostics" ("Xid", "Id");
                CREATE TABLE "SteeringWatermarks" ("Source" text PRIMARY KEY, "Xid" bigint NOT NULL, "Id" uuid NOT NULL);
                INSERT INTO "SteeringWatermarks" VALUES ('diagnostics', -1, '00000000-0000-0000-0000-000000000000');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the fold by rows: whatever the watermark passed is counted.
            migrationBuilder.Sql("""
                UPDATE "Diagnostics" d SET "Counted" = true FROM "SteeringWatermarks" w
                WHERE w."Source" = 'diagnostics' AND NOT d."Counted" AND (d."Xid", d."Id") <= (w."Xid", w."Id");
                DROP TABLE "SteeringWatermarks";
                DROP INDEX "IX_Diagnostics_Xid_Id";
                ALTER TABLE "Diagnostics" DROP COLUMN "Xid";
                """);
        }
    }
}

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
            // Outside the EF model, as the other triggers: no code reads or writes the column but the fold's SQL.
            // - Rows already there get 0: those already counted keep their « Counted » flag, which the fold skips; the
            //   others are folded first.
            // - The default gives a row its transaction's id (txid_current(), the same number as pg_current_xact_id()).
            //   A trigger corrects an insert that says otherwise: a row copied from another database with its id there
            //   would sit behind the watermark, never counted. Its WHEN is evaluated without calling the function, so
            //   ordinary inserts pay no PL/pgSQL call: one on every row doubled the time of a 10-million-row COPY.
            //   pg_restore creates triggers after the data, so a restore keeps its rows' ids.
            // - Another trigger refuses to mark a diagnostic counted: a previous build still running beside this one
            //   during a deploy would count again, by rows, what the watermark already folded. Its batches now fail
            //   (and are logged) until it stops.
            // - The watermark row keeps the table's OID: a restore (pg_restore, a logical copy) makes a new one, and
            //   the fold then counts every diagnostic again.
            migrationBuilder.Sql("""
                ALTER TABLE "Diagnostics" ADD COLUMN "Xid" bigint NOT NULL DEFAULT 0;
                ALTER TABLE "Diagnostics" ALTER COLUMN "Xid" SET DEFAULT txid_current();
                CREATE INDEX "IX_Diagnostics_Xid_Id" ON "Diagnostics" ("Xid", "Id");
                CREATE TABLE "SteeringWatermarks" ("Source" text PRIMARY KEY, "Xid" bigint NOT NULL, "Id" uuid NOT NULL, "TableOid" bigint NOT NULL);
                INSERT INTO "SteeringWatermarks" VALUES ('diagnostics', -1, '00000000-0000-0000-0000-000000000000', '"Diagnostics"'::regclass::oid);

                CREATE FUNCTION "diagnostics_inserting_transaction"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."Xid" := txid_current();
                    RETURN NEW;
                END $$;
                CREATE TRIGGER "Diagnostics_Xid" BEFORE INSERT ON "Diagnostics" FOR EACH ROW
                WHEN (NEW."Xid" IS DISTINCT FROM txid_current()) EXECUTE FUNCTION "diagnostics_inserting_transaction"();

                CREATE FUNCTION "diagnostics_counted_by_watermark"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'Diagnostics are folded behind the steering watermark on PostgreSQL (docs/adr/0027): a build from before it is still folding by rows.';
                END $$;
                CREATE TRIGGER "Diagnostics_Counted" BEFORE UPDATE OF "Counted" ON "Diagnostics" FOR EACH ROW
                WHEN (NOT OLD."Counted" AND NEW."Counted") EXECUTE FUNCTION "diagnostics_counted_by_watermark"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to the fold by rows: whatever the watermark passed is counted.
            migrationBuilder.Sql("""
                DROP TRIGGER "Diagnostics_Counted" ON "Diagnostics";
                DROP FUNCTION "diagnostics_counted_by_watermark"();
                DROP TRIGGER "Diagnostics_Xid" ON "Diagnostics";
                DROP FUNCTION "diagnostics_inserting_transaction"();
                UPDATE "Diagnostics" d SET "Counted" = true FROM "SteeringWatermarks" w
                WHERE w."Source" = 'diagnostics' AND NOT d."Counted" AND (d."Xid", d."Id") <= (w."Xid", w."Id");
                DROP TABLE "SteeringWatermarks";
                DROP INDEX "IX_Diagnostics_Xid_Id";
                ALTER TABLE "Diagnostics" DROP COLUMN "Xid";
                """);
        }
    }
}

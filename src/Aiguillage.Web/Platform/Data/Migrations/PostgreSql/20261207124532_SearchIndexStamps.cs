using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SearchIndexStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "VersionStamps",
                columns: new[] { "Name", "Version" },
                values: new object[,]
                {
                    { "lieux", 0L },
                    { "seances", 0L }
                });

            // Issue 23 §3: every write to what the search keeps in memory (PlaceIndex) bumps its stamp in the same
            // transaction, whatever wrote it. Once per transaction and stamp: an import of 100,000 places would otherwise
            // update the one counter row 100,000 times in one transaction, and each update walks the chain of the row
            // versions the transaction made before it. The transaction's own setting (set_config(…, true)) remembers.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "bump_version_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('aiguillage.stamp_' || TG_ARGV[0], true) IS DISTINCT FROM txid_current()::text THEN
                        UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = TG_ARGV[0];
                        PERFORM set_config('aiguillage.stamp_' || TG_ARGV[0], txid_current()::text, true);
                    END IF;
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_lieux_Places" AFTER INSERT OR UPDATE OR DELETE ON "Places" FOR EACH ROW
                EXECUTE FUNCTION "bump_version_stamp"('lieux');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_lieux_Partners" AFTER UPDATE OR DELETE ON "Partners" FOR EACH ROW
                EXECUTE FUNCTION "bump_version_stamp"('lieux');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_WorkshopSessions" AFTER INSERT OR UPDATE OR DELETE ON "WorkshopSessions" FOR EACH ROW
                EXECUTE FUNCTION "bump_version_stamp"('seances');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_Workshops" AFTER UPDATE OR DELETE ON "Workshops" FOR EACH ROW
                EXECUTE FUNCTION "bump_version_stamp"('seances');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_Offices" AFTER UPDATE OR DELETE ON "Offices" FOR EACH ROW
                EXECUTE FUNCTION "bump_version_stamp"('seances');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_lieux_Places" ON "Places";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_lieux_Partners" ON "Partners";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_WorkshopSessions" ON "WorkshopSessions";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_Workshops" ON "Workshops";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_Offices" ON "Offices";""");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "bump_version_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = TG_ARGV[0];
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.DeleteData(
                table: "VersionStamps",
                keyColumn: "Name",
                keyValue: "lieux");

            migrationBuilder.DeleteData(
                table: "VersionStamps",
                keyColumn: "Name",
                keyValue: "seances");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
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
            // transaction, whatever wrote it. An inserted workshop, partner or office is in no copy until a session or
            // place refers to it, which bumps the stamp itself.
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_lieux_Places_insert" AFTER INSERT ON "Places"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'lieux'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_lieux_Places_update" AFTER UPDATE ON "Places"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'lieux'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_lieux_Places_delete" AFTER DELETE ON "Places"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'lieux'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_lieux_Partners_update" AFTER UPDATE ON "Partners"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'lieux'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_lieux_Partners_delete" AFTER DELETE ON "Partners"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'lieux'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_WorkshopSessions_insert" AFTER INSERT ON "WorkshopSessions"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'seances'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_WorkshopSessions_update" AFTER UPDATE ON "WorkshopSessions"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'seances'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_WorkshopSessions_delete" AFTER DELETE ON "WorkshopSessions"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'seances'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_Workshops_update" AFTER UPDATE ON "Workshops"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'seances'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_Workshops_delete" AFTER DELETE ON "Workshops"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'seances'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_Offices_update" AFTER UPDATE ON "Offices"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'seances'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_seances_Offices_delete" AFTER DELETE ON "Offices"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'seances'; END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_lieux_Places_insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_lieux_Places_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_lieux_Places_delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_lieux_Partners_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_lieux_Partners_delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_WorkshopSessions_insert";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_WorkshopSessions_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_WorkshopSessions_delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_Workshops_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_Workshops_delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_Offices_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_seances_Offices_delete";""");
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

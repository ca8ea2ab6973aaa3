using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VersionStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "VersionStamps",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VersionStamps", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "VersionStamps",
                columns: new[] { "Name", "Version" },
                values: new object[] { "comptes", 0L });

            // Not in the model's data: a row that PostgreSQL replays update (SynchronousReplicationGuard.ConfirmReplicatedAsync),
            // so that their commit writes to the WAL and waits for the synchronous standby. Kept on SQLite for the same table.
            migrationBuilder.Sql("INSERT INTO \"VersionStamps\" (\"Name\", \"Version\") VALUES ('confirmations', 0);");

            // Issue 23 §2: every change to an account's session columns, by whatever wrote it, bumps the counter in the
            // same transaction, so each instance's SessionCache sees it (Platform/Data/VersionStamps.cs).
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_comptes_update" AFTER UPDATE ON "AspNetUsers"
                WHEN OLD."SecurityStamp" IS NOT NEW."SecurityStamp" OR OLD."IsDisabled" IS NOT NEW."IsDisabled" OR OLD."TwoFactorEnabled" IS NOT NEW."TwoFactorEnabled" OR OLD."MustChangePassword" IS NOT NEW."MustChangePassword"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'comptes'; END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_comptes_delete" AFTER DELETE ON "AspNetUsers"
                BEGIN UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = 'comptes'; END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_comptes_update";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_comptes_delete";""");
            migrationBuilder.DropTable(
                name: "VersionStamps");
        }
    }
}

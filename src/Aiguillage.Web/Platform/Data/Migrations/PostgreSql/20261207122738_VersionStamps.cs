using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
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
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
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
            // same transaction, so each instance's SessionCache sees it (Platform/Data/VersionStamps.cs). Concurrent
            // bumps queue on the counter's row lock, and each adds one to the value committed before it.
            migrationBuilder.Sql("""
                CREATE FUNCTION "bump_version_stamp"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE "VersionStamps" SET "Version" = "Version" + 1 WHERE "Name" = TG_ARGV[0];
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_comptes_update" AFTER UPDATE ON "AspNetUsers" FOR EACH ROW
                WHEN (OLD."SecurityStamp" IS DISTINCT FROM NEW."SecurityStamp" OR OLD."IsDisabled" IS DISTINCT FROM NEW."IsDisabled" OR OLD."TwoFactorEnabled" IS DISTINCT FROM NEW."TwoFactorEnabled" OR OLD."MustChangePassword" IS DISTINCT FROM NEW."MustChangePassword")
                EXECUTE FUNCTION "bump_version_stamp"('comptes');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "VersionStamps_comptes_delete" AFTER DELETE ON "AspNetUsers" FOR EACH ROW
                EXECUTE FUNCTION "bump_version_stamp"('comptes');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_comptes_update" ON "AspNetUsers";""");
            migrationBuilder.Sql("""DROP TRIGGER "VersionStamps_comptes_delete" ON "AspNetUsers";""");
            migrationBuilder.Sql("""DROP FUNCTION "bump_version_stamp"();""");
            migrationBuilder.DropTable(
                name: "VersionStamps");
        }
    }
}

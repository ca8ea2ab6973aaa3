using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ChequeNumberAsText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Number",
                table: "Cheques",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint");

            migrationBuilder.AddColumn<string>(
                name: "CheckCode",
                table: "Cheques",
                type: "character varying(6)",
                maxLength: 6,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NumberWidth",
                table: "ChequeBooks",
                type: "integer",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CheckCode",
                table: "Cheques");

            migrationBuilder.DropColumn(
                name: "NumberWidth",
                table: "ChequeBooks");

            // Text does not turn into bigint without USING.
            migrationBuilder.Sql("""ALTER TABLE "Cheques" ALTER COLUMN "Number" TYPE bigint USING "Number"::bigint;""");
        }
    }
}

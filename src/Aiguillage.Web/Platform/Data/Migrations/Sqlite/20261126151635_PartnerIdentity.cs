using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartnerIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AcceptsPassNumerique",
                table: "Partners",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Network",
                table: "Partners",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Rna",
                table: "Partners",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Siret",
                table: "Partners",
                type: "TEXT",
                maxLength: 14,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AcceptsPassNumerique",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Network",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Rna",
                table: "Partners");

            migrationBuilder.DropColumn(
                name: "Siret",
                table: "Partners");
        }
    }
}

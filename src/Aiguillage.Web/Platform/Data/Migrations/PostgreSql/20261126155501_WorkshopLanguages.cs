using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class WorkshopLanguages : Migration
    {
        /// <inheritdoc />
        // Workshops created before languages existed were given in French, with no specific support.
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Accessibility",
                table: "Workshops",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Languages",
                table: "Workshops",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: false,
                defaultValue: "[\"français\"]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Accessibility",
                table: "Workshops");

            migrationBuilder.DropColumn(
                name: "Languages",
                table: "Workshops");
        }
    }
}

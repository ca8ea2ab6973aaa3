using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SteeringCube : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Counted",
                table: "Diagnostics",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "SteeringCells",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    D1 = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    D2 = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    D3 = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SteeringCells", x => new { x.Kind, x.Month, x.DepartmentCode, x.OfficeId, x.Mode, x.D1, x.D2, x.D3 });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Diagnostics_Counted_FilledAt",
                table: "Diagnostics",
                columns: new[] { "Counted", "FilledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SteeringCells_Kind_DepartmentCode_Month",
                table: "SteeringCells",
                columns: new[] { "Kind", "DepartmentCode", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_SteeringCells_Kind_OfficeId_Month",
                table: "SteeringCells",
                columns: new[] { "Kind", "OfficeId", "Month" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SteeringCells");

            migrationBuilder.DropIndex(
                name: "IX_Diagnostics_Counted_FilledAt",
                table: "Diagnostics");

            migrationBuilder.DropColumn(
                name: "Counted",
                table: "Diagnostics");
        }
    }
}

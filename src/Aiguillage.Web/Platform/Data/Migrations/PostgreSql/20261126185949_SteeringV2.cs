using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SteeringV2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Counted",
                table: "RecordedActions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ProgrammeStatusChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OfficeId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProgrammeStatusChanges_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SteeringSettings",
                columns: table => new
                {
                    Key = table.Column<int>(type: "integer", nullable: false),
                    TargetActiveOffices = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SteeringSettings", x => x.Key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecordedActions_Counted_CreatedAt",
                table: "RecordedActions",
                columns: new[] { "Counted", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeStatusChanges_OfficeId_EffectiveOn",
                table: "ProgrammeStatusChanges",
                columns: new[] { "OfficeId", "EffectiveOn" });

            // The cubes gain weeks and the progress of re-diagnosed clients, and cells are now added to by upserts:
            // they are counted again from the diagnostics, by the background fold (Features/Steering/SteeringCube.cs).
            migrationBuilder.Sql("DELETE FROM \"SteeringCells\";");
            migrationBuilder.Sql("UPDATE \"Diagnostics\" SET \"Counted\" = false;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProgrammeStatusChanges");

            migrationBuilder.DropTable(
                name: "SteeringSettings");

            migrationBuilder.DropIndex(
                name: "IX_RecordedActions_Counted_CreatedAt",
                table: "RecordedActions");

            migrationBuilder.DropColumn(
                name: "Counted",
                table: "RecordedActions");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ActivityLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RecordedActions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    MediatorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DiagnosticId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    CatalogueActionId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Machine = table.Column<int>(type: "INTEGER", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordedActions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RecordedActions_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecordedActions_Diagnostics_DiagnosticId",
                        column: x => x.DiagnosticId,
                        principalTable: "Diagnostics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RecordedActions_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecordedActions_ClientId",
                table: "RecordedActions",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_RecordedActions_DiagnosticId",
                table: "RecordedActions",
                column: "DiagnosticId");

            migrationBuilder.CreateIndex(
                name: "IX_RecordedActions_MediatorId_OccurredAt",
                table: "RecordedActions",
                columns: new[] { "MediatorId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordedActions_OfficeId_OccurredAt",
                table: "RecordedActions",
                columns: new[] { "OfficeId", "OccurredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RecordedActions");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientsAndDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ClientId",
                table: "Diagnostics",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Clients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Clients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Clients_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DiagnosticDrafts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    QuestionnaireId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    QuestionnaireVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Answers = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Needs = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Profile = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    NeedsDone = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProfileDone = table.Column<bool>(type: "INTEGER", nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DiagnosticDrafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DiagnosticDrafts_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_DiagnosticDrafts_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Diagnostics_ClientId_FilledAt",
                table: "Diagnostics",
                columns: new[] { "ClientId", "FilledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Clients_OfficeId",
                table: "Clients",
                column: "OfficeId");

            migrationBuilder.CreateIndex(
                name: "IX_Clients_Reference",
                table: "Clients",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DiagnosticDrafts_ClientId",
                table: "DiagnosticDrafts",
                column: "ClientId");

            migrationBuilder.CreateIndex(
                name: "IX_DiagnosticDrafts_OfficeId_SubmittedAt_UpdatedAt",
                table: "DiagnosticDrafts",
                columns: new[] { "OfficeId", "SubmittedAt", "UpdatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Diagnostics_Clients_ClientId",
                table: "Diagnostics",
                column: "ClientId",
                principalTable: "Clients",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Diagnostics_Clients_ClientId",
                table: "Diagnostics");

            migrationBuilder.DropTable(
                name: "DiagnosticDrafts");

            migrationBuilder.DropTable(
                name: "Clients");

            migrationBuilder.DropIndex(
                name: "IX_Diagnostics_ClientId_FilledAt",
                table: "Diagnostics");

            migrationBuilder.DropColumn(
                name: "ClientId",
                table: "Diagnostics");
        }
    }
}

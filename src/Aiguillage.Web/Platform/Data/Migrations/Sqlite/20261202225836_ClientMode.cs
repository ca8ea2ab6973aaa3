using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClientTablets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExitCodeHash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ExitCodeFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    ReturningClientId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CurrentVisitId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientTablets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClientTablets_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ClientVisits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TabletId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfficeId = table.Column<int>(type: "INTEGER", nullable: false),
                    DraftId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AutoRead = table.Column<bool>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HelpRequestedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SeenAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClearedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClientVisits_ClientTablets_TabletId",
                        column: x => x.TabletId,
                        principalTable: "ClientTablets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ClientVisits_Offices_OfficeId",
                        column: x => x.OfficeId,
                        principalTable: "Offices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClientTablets_OfficeId_ClosedAt",
                table: "ClientTablets",
                columns: new[] { "OfficeId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClientVisits_OfficeId_SeenAt",
                table: "ClientVisits",
                columns: new[] { "OfficeId", "SeenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClientVisits_TabletId",
                table: "ClientVisits",
                column: "TabletId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClientVisits");

            migrationBuilder.DropTable(
                name: "ClientTablets");
        }
    }
}

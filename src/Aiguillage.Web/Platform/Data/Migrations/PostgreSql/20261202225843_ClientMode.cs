using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aiguillage.Web.Platform.Data.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OfficeId = table.Column<int>(type: "integer", nullable: false),
                    OpenedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExitCodeHash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ExitCodeFailures = table.Column<int>(type: "integer", nullable: false),
                    ReturningClientId = table.Column<Guid>(type: "uuid", nullable: true),
                    CurrentVisitId = table.Column<Guid>(type: "uuid", nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TabletId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfficeId = table.Column<int>(type: "integer", nullable: false),
                    DraftId = table.Column<Guid>(type: "uuid", nullable: false),
                    Language = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AutoRead = table.Column<bool>(type: "boolean", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HelpRequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClearedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
